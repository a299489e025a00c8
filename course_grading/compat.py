"""Every use of nbgrader's, nbclient's and nbconvert's private or unstable APIs, in one place.

The grader builds on nbgrader 0.9.6 and nbclient 0.11 (both pinned in pyproject.toml). Where it
needs more than their public API, it goes through this module, so an upgrade is checked here:

- `remove_hidden_tests(cell)`: ClearHiddenTests' region removal (a private method);
- `execute_cell(preprocessor, cell, index, resources, store_history)`: what nbconvert's
  ExecutePreprocessor.preprocess_cell does, with the history switch nbclient takes;
- `capture_log`, `temp_attrs`: nbgrader's helpers to run a converter quietly on one student;
- nbgrader's cell-metadata check (`nbgraderformat.common`) gets a jsonschema whose `validate`
  checks each schema once instead of on every cell (see `_SchemaOnce`);
- nbgrader's Gradebook gets one SQLAlchemy engine per database and process instead of a new
  one each time it is opened (see `_shared_engine`);
- `PromptKernelClient`: jupyter_client's kernel client without the 0.2 s it idles after every
  kernel start;
- preprocessors.RestoreMissingCells overrides OverwriteCells.add_missing_grade_cells, and
  execute.GradingExecute overrides nbclient's kernel start, output and timeout hooks.

`check_versions()` says clearly when the installed versions are not the ones tested.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

import jsonschema
import nbclient
import nbgrader
import sqlalchemy
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import ensure_async
from nbgrader import api as _nbgrader_api
from nbgrader.nbgraderformat import common as _nbgrader_format
from nbgrader.preprocessors import ClearHiddenTests
from nbgrader.utils import capture_log, temp_attrs
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

__all__ = [
    "TESTED",
    "capture_log",
    "check_versions",
    "execute_cell",
    "load_course_config",
    "remove_hidden_tests",
    "temp_attrs",
]

TESTED = {"nbgrader": "0.9.6", "nbclient": "0.11."}


def check_versions() -> list[str]:
    """What differs from the versions the grader was tested with (empty when all match)."""
    found = {"nbgrader": nbgrader.__version__, "nbclient": nbclient.__version__}
    return [
        f"{name} {found[name]} is installed, the grader was tested with {want}*"
        for name, want in TESTED.items()
        if not found[name].startswith(want)
    ]


def load_course_config(root: Path, filename: str) -> Config:
    """The configuration in `root/filename` (an nbgrader_config.py)."""
    return PyFileConfigLoader(filename, path=str(root)).load_config()


def remove_hidden_tests(cell) -> None:
    """Remove the ### BEGIN/END HIDDEN TESTS regions from a cell's source, in place."""
    ClearHiddenTests(enforce_metadata=False)._remove_hidden_test_region(cell)


def execute_cell(preprocessor, cell, index: int, resources, store_history: bool):
    """Run one cell the way ExecutePreprocessor.preprocess_cell does, choosing store_history."""
    preprocessor._check_assign_resources(resources)
    cell = preprocessor.execute_cell(cell, index, store_history=store_history)
    return cell, preprocessor.resources


class _SchemaOnce:
    """jsonschema, with a `validate` that checks each schema against its meta-schema only once.

    nbgrader validates every cell's metadata with `jsonschema.validate(metadata, schema)`, which
    first validates the (always the same) schema itself: 5 ms a cell, 0.2 s of each graded
    notebook. This does what `jsonschema.validate` does (same validator class, same error,
    `best_match` of the same errors), with the schema's validator kept.
    """

    def __init__(self) -> None:
        self._validators: dict[int, tuple[dict, object]] = {}

    def validate(self, instance, schema) -> None:
        entry = self._validators.get(id(schema))
        if entry is None or entry[0] is not schema:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            entry = self._validators[id(schema)] = (schema, cls(schema))
        error = jsonschema.exceptions.best_match(entry[1].iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name: str):
        return getattr(jsonschema, name)


if getattr(_nbgrader_format, "jsonschema", None) is jsonschema:
    _nbgrader_format.jsonschema = _SchemaOnce()


_ENGINES: OrderedDict = OrderedDict()
_ENGINES_KEPT = 8
_ENGINES_LOCK = threading.Lock()


def _shared_engine(url, **kwargs):
    """sqlalchemy.create_engine, returning the same engine for the same database file in one process.

    nbgrader's Gradebook creates an engine each time it is opened, nine times per graded
    notebook, and SQLAlchemy keeps its compiled queries per engine: every query was compiled
    again, a fifth of a grading worker's time. Gradebook.close() still disposes the engine's
    connections (a disposed engine opens new ones when used again; connections in use by
    another open Gradebook are left alone). Only SQLite files are shared: an in-memory
    database lives in its connection, which disposing would close for every user. A forked
    process starts with no engines (the process id is part of the key as well).
    """
    address = str(url)
    database = (
        address[len("sqlite:///") :].split("?")[0] if address.startswith("sqlite:///") else ""
    )
    if not database or database == ":memory:":
        return sqlalchemy.create_engine(url, **kwargs)
    key = (os.getpid(), address, tuple(sorted(kwargs.items())))
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = sqlalchemy.create_engine(url, **kwargs)
            while len(_ENGINES) > _ENGINES_KEPT:
                _ENGINES.popitem(last=False)
        _ENGINES.move_to_end(key)
    return engine


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_ENGINES.clear)
if getattr(_nbgrader_api, "create_engine", None) is sqlalchemy.create_engine:
    _nbgrader_api.create_engine = _shared_engine


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's AsyncKernelClient, whose wait_for_ready does not idle 0.2 s at its end.

    Once the kernel has answered, wait_for_ready reads IOPub until nothing has arrived for
    0.2 s, to drop the kernel's start-up messages: a grader that starts a kernel per notebook
    sat idle that long each time. Here, once a first IOPub message has arrived, the reads that
    follow wait at most 0.02 s. Messages that come later do no harm: nbclient and the grader
    only take the replies to their own requests.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        channel = self.iopub_channel
        read = channel.get_msg
        heard = False

        async def get_msg(timeout: float | None = None, **kwargs):
            nonlocal heard
            if heard and timeout is not None:
                timeout = min(timeout, 0.02)
            msg = await ensure_async(read(timeout=timeout, **kwargs))
            heard = True
            return msg

        before = vars(channel).get("get_msg")  # normally none: the class's method is used
        channel.get_msg = get_msg
        try:
            await super().wait_for_ready(timeout)
        finally:
            if before is None:
                del channel.get_msg
            else:
                channel.get_msg = before
