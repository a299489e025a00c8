"""Release exercises: regenerate exercises/ from solutions/ with nbgrader, after checking that
each solution earns full automatic marks against its own tests (a broken answer key never
reaches participants)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course_utils.paths import COURSE_ROOT

from .course import Course, CourseError

ANSWER_KEY = "answer-key"


@dataclass
class SolutionCheck:
    assignment: str
    score: float
    max_score: float
    failures: list[str] = field(default_factory=list)  # "cell id: error" for each failing test

    @property
    def full_marks(self) -> bool:
        return self.max_score > 0 and abs(self.score - self.max_score) < 1e-9


def scratch_course(course: Course, assignment_ids: list[str], into: Path) -> Course:
    """A throw-away copy of the course's grading set-up (config and sources) in `into`.

    The copy is graded with the original course's helpers and datasets (if it has its own).
    """
    shutil.copy2(course.root / "nbgrader_config.py", into / "nbgrader_config.py")
    for own, folder in ((course.helpers, "course_utils"), (course.datasets, "datasets")):
        with contextlib.suppress(OSError):  # no symlinks (Windows): the installed ones are used
            (into / folder).symlink_to(own, target_is_directory=True)
    for assignment in assignment_ids:
        target = into / course.source.relative_to(course.root) / assignment
        shutil.copytree(course.source / assignment, target)
    return Course.at(into)


def autograded_errors(notebook: Path) -> list[str]:
    """'cell id: error' for every graded cell of an autograded notebook that raised an error."""
    nb = nbformat.read(notebook, as_version=4)
    errors = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    errors.append(
                        f"{meta.get('grade_id', cell.get('id'))}: {output.get('ename')}: {output.get('evalue')}"
                    )
    return errors


def _generate(api, assignment: str) -> None:
    """nbgrader generate_assignment for one assignment; a clear error when it fails."""
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise CourseError(
            f"nbgrader could not generate {assignment}:\n{result['error'] or result['log']}"
        )


def check_solutions(
    root: Path | str | Course = COURSE_ROOT, assignment_ids: list[str] | None = None
) -> list[SolutionCheck]:
    """Autograde each assignment's solution against its own tests, in a scratch copy."""
    course = Course.at(root)
    assignment_ids = assignment_ids or course.assignments()
    results = []
    with tempfile.TemporaryDirectory(prefix="civic-release-") as tmp:
        scratch = scratch_course(course, assignment_ids, Path(tmp))
        api = scratch.api()
        for assignment in assignment_ids:
            _generate(api, assignment)
            submitted = scratch.submitted / ANSWER_KEY / assignment
            shutil.copytree(scratch.source / assignment, submitted)
            graded = api.autograde(assignment, ANSWER_KEY, force=True, create=True)
            if not graded["success"]:
                raise CourseError(
                    f"nbgrader could not autograde the solution of {assignment}:\n{graded['error'] or graded['log']}"
                )
            with scratch.gradebook() as gb:
                submission = gb.find_submission(assignment, ANSWER_KEY)
                score, max_score = submission.code_score, submission.max_code_score
            autograded = scratch.autograded / ANSWER_KEY / assignment
            failures = [
                e for nb in sorted(autograded.glob("*.ipynb")) for e in autograded_errors(nb)
            ]
            results.append(SolutionCheck(assignment, score, max_score, failures))
    return results


def generate_exercises(
    root: Path | str | Course = COURSE_ROOT, assignment_ids: list[str] | None = None
) -> list[Path]:
    """Regenerate exercises/<assignment>/ from solutions/<assignment>/ (nbgrader generate_assignment)."""
    course = Course.at(root)
    assignment_ids = assignment_ids or course.assignments()
    api = course.api()
    written = []
    for assignment in assignment_ids:
        _generate(api, assignment)
        written.extend(sorted((course.release / assignment).glob("*.ipynb")))
    return written


def release(
    root: Path | str | Course = COURSE_ROOT, assignment_ids: list[str] | None = None
) -> tuple[list[SolutionCheck], list[Path]]:
    """Check every solution, then regenerate the exercises of those with full marks only.

    Returns the checks and the exercise notebooks written; assignments whose solution does not
    get full marks are not released (their old exercises/ folder is left as it was).
    """
    course = Course.at(root)
    checks = check_solutions(course, assignment_ids)
    ready = [c.assignment for c in checks if c.full_marks]
    written = generate_exercises(course, ready) if ready else []
    return checks, written
