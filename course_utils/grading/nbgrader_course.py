"""Open a course folder with nbgrader's Python API, with the course's own nbgrader_config.py."""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from ..paths import COURSE_ROOT

CONFIG_FILE = "nbgrader_config.py"

# nbgrader 0.9.6 triggers harmless SQLAlchemy autoflush warnings when it creates submissions.
warnings.filterwarnings("ignore", category=SAWarning, message=r"Object of type <Submitted")

# nbgrader runs the `alembic` command of its own environment (to check the gradebook's schema):
# make sure this interpreter's scripts folder is on PATH even when the venv is not activated.
_SCRIPTS = str(Path(sys.executable).parent)
if _SCRIPTS not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _SCRIPTS + os.pathsep + os.environ.get("PATH", "")


class CourseError(Exception):
    """The course folder is not usable (missing config, unknown assignment, ...)."""


def course_config(root: Path | str = COURSE_ROOT) -> Config:
    """The nbgrader configuration of the course in `root` (its nbgrader_config.py)."""
    root = Path(root).resolve()
    if not (root / CONFIG_FILE).exists():
        raise CourseError(f"{root / CONFIG_FILE} not found: is {root} the course folder?")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


def nbgrader_api(
    root: Path | str = COURSE_ROOT, config: Config | None = None, quiet: bool = True
) -> NbGraderAPI:
    """An NbGraderAPI for the course in `root`."""
    config = config or course_config(root)
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    if quiet:
        api.log.setLevel(logging.WARNING)
    return api


def assignments(root: Path | str = COURSE_ROOT) -> list[str]:
    """Assignment ids: the folders of solutions/ (the nbgrader source), sorted."""
    config = course_config(root)
    source = Path(root) / config.CourseDirectory.source_directory
    return sorted(p.name for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))


def gradebook(root: Path | str = COURSE_ROOT) -> Gradebook:
    """The course's gradebook (use as a context manager)."""
    config = course_config(root)
    return Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id)
