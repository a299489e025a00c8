"""The course being graded: its folder, its nbgrader configuration (read once), its folders.

    course = Course.at("/srv/civic-channels")
    course.submitted            # grading/submitted
    with course.gradebook() as gb: ...

Every tool takes a course folder (`course --course DIR`), opens it once as a `Course` and passes
that object on, so all of them agree on where things are. A course folder that has its own
`course_utils/` and `datasets/` (a copy of the whole course) is graded with those, not with the
ones installed next to the `course` command.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config

import course_utils
from course_utils.paths import COURSE_ROOT, datasets_dir

from .compat import load_course_config
from .locking import gradebook_lock

CONFIG_FILE = "nbgrader_config.py"

# nbgrader runs the `alembic` command of its own environment (to check the gradebook's schema):
# make sure this interpreter's scripts folder is on PATH even when the venv is not activated.
_SCRIPTS = str(Path(sys.executable).parent)
if _SCRIPTS not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _SCRIPTS + os.pathsep + os.environ.get("PATH", "")
# nbgrader 0.9.6 triggers harmless SQLAlchemy autoflush warnings when it creates submissions.
warnings.filterwarnings("ignore", message=r"Object of type <Submitted")


class CourseError(Exception):
    """The course folder is not usable (missing config, unknown assignment, ...)."""


@dataclass(frozen=True)
class Course:
    """A course folder and its nbgrader configuration."""

    root: Path
    config: Config

    @classmethod
    def at(cls, root: Path | str | Course = COURSE_ROOT) -> Course:
        """The course in `root` (a Course is returned as it is)."""
        if isinstance(root, Course):
            return root
        root = Path(root).expanduser().resolve()
        if not (root / CONFIG_FILE).exists():
            raise CourseError(f"{root / CONFIG_FILE} not found: is {root} the course folder?")
        stamp = (root / CONFIG_FILE).stat().st_mtime_ns
        return _open(root, stamp)

    # -- folders --------------------------------------------------------------------------------

    def _folder(self, name: str) -> Path:
        return self.root / getattr(self.config.CourseDirectory, name)

    @property
    def source(self) -> Path:
        return self._folder("source_directory")

    @property
    def release(self) -> Path:
        return self._folder("release_directory")

    @property
    def submitted(self) -> Path:
        return self._folder("submitted_directory")

    @property
    def autograded(self) -> Path:
        return self._folder("autograded_directory")

    @property
    def feedback(self) -> Path:
        return self._folder("feedback_directory")

    @property
    def grading(self) -> Path:
        """Where grading keeps everything (grading/): the parent of submitted/."""
        return self.submitted.parent

    @property
    def logs(self) -> Path:
        return self.grading / "logs"

    @property
    def db_url(self) -> str:
        return self.config.CourseDirectory.db_url

    @property
    def course_id(self) -> str:
        return self.config.CourseDirectory.course_id

    @property
    def helpers(self) -> Path:
        """The course_utils package the course's notebooks use: the course's own copy, if any."""
        own = self.root / "course_utils"
        return own if (own / "__init__.py").exists() else Path(course_utils.__file__).parent

    @property
    def datasets(self) -> Path:
        """The course's datasets: its own datasets/ folder, if any."""
        own = self.root / "datasets"
        return own if (own / "datapackage.json").exists() else datasets_dir()

    def assignments(self) -> list[str]:
        """Assignment ids: the folders of the source folder (solutions/), sorted."""
        if not self.source.is_dir():
            raise CourseError(f"{self.source} does not exist: is {self.root} the course folder?")
        return sorted(
            p.name for p in self.source.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def check_assignment(self, assignment: str) -> None:
        """A clear error for an assignment the course does not have."""
        known = self.assignments()
        if assignment not in known:
            raise CourseError(
                f"There is no assignment {assignment!r} in {self.source} ({', '.join(known)})."
            )

    def source_notebooks(self, assignment: str) -> list[Path]:
        self.check_assignment(assignment)
        return sorted((self.source / assignment).glob("*.ipynb"))

    # -- nbgrader -------------------------------------------------------------------------------

    def api(self, config: Config | None = None, quiet: bool = True):
        """nbgrader's NbGraderAPI for this course (optionally with a changed copy of the config)."""
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        config = config or self.config
        api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        if quiet:
            api.log.setLevel(logging.WARNING)
        return api

    @contextlib.contextmanager
    def gradebook(self) -> Iterator:
        """The gradebook, held under the gradebook lock (use as a context manager)."""
        from nbgrader.api import Gradebook

        with gradebook_lock(self.db_url):
            gb = Gradebook(self.db_url, self.course_id)
            try:
                yield gb
            finally:
                gb.close()


@functools.lru_cache(maxsize=16)
def _open(root: Path, stamp: int) -> Course:
    config = load_course_config(root, CONFIG_FILE)
    config.CourseDirectory.root = str(root)
    return Course(root, config)
