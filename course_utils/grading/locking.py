"""One writer at a time on the gradebook, across processes.

The gradebook is a single SQLite file. Parallel graders execute notebooks at the same time but
take this lock (an OS file lock on `gradebook.db.lock`) around every read and write of the
gradebook, which take milliseconds; so no grader ever meets "database is locked".
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path


def lock_path(db_url: str) -> Path | None:
    """The lock file next to a SQLite gradebook (None for other databases)."""
    if not db_url.startswith("sqlite:///"):
        return None
    database = db_url[len("sqlite:///") :].split("?")[0]
    if not database or database == ":memory:":
        return None
    return Path(database + ".lock")


_HELD: dict[Path, int] = {}  # locks this process holds, and how deeply (re-entrant)


@contextlib.contextmanager
def gradebook_lock(db_url: str) -> Iterator[None]:
    """Hold the gradebook's inter-process lock (a no-op for non-SQLite gradebooks).

    Re-entrant within a process: a function holding the lock may call another that takes it.
    """
    path = lock_path(db_url)
    if path is None or not path.parent.exists():
        yield
        return
    if _HELD.get(path):
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    _HELD[path] = 1
    try:
        with _os_lock(path):
            yield
    finally:
        _HELD.pop(path, None)


@contextlib.contextmanager
def _os_lock(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        if os.name == "nt":  # pragma: no cover (Windows)
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.05)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
