"""Release exercises: regenerate exercises/ from solutions/ with nbgrader, after checking that
each solution earns full automatic marks against its own tests (a broken answer key never
reaches participants)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..paths import COURSE_ROOT
from .nbgrader_course import CourseError, assignments, course_config, gradebook, nbgrader_api

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


def scratch_course(root: Path, assignment_ids: list[str], into: Path) -> Path:
    """A throw-away copy of the course's grading set-up (config and sources) in `into`."""
    config = course_config(root)
    shutil.copy2(root / "nbgrader_config.py", into / "nbgrader_config.py")
    source = config.CourseDirectory.source_directory
    for assignment in assignment_ids:
        shutil.copytree(root / source / assignment, into / source / assignment)
    return into


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
    root: Path | str = COURSE_ROOT, assignment_ids: list[str] | None = None
) -> list[SolutionCheck]:
    """Autograde each assignment's solution against its own tests, in a scratch copy."""
    root = Path(root).resolve()
    assignment_ids = assignment_ids or assignments(root)
    results = []
    with tempfile.TemporaryDirectory(prefix="civic-release-") as tmp:
        scratch = scratch_course(root, assignment_ids, Path(tmp))
        config = course_config(scratch)
        api = nbgrader_api(scratch, config)
        source = config.CourseDirectory.source_directory
        for assignment in assignment_ids:
            _generate(api, assignment)
            submitted = (
                scratch / config.CourseDirectory.submitted_directory / ANSWER_KEY / assignment
            )
            shutil.copytree(scratch / source / assignment, submitted)
            graded = api.autograde(assignment, ANSWER_KEY, force=True, create=True)
            if not graded["success"]:
                raise CourseError(
                    f"nbgrader could not autograde the solution of {assignment}:\n{graded['error'] or graded['log']}"
                )
            with gradebook(scratch) as gb:
                submission = gb.find_submission(assignment, ANSWER_KEY)
                score, max_score = submission.code_score, submission.max_code_score
            autograded = (
                scratch / config.CourseDirectory.autograded_directory / ANSWER_KEY / assignment
            )
            failures = [
                e for nb in sorted(autograded.glob("*.ipynb")) for e in autograded_errors(nb)
            ]
            results.append(SolutionCheck(assignment, score, max_score, failures))
    return results


def generate_exercises(
    root: Path | str = COURSE_ROOT, assignment_ids: list[str] | None = None
) -> list[Path]:
    """Regenerate exercises/<assignment>/ from solutions/<assignment>/ (nbgrader generate_assignment)."""
    root = Path(root).resolve()
    assignment_ids = assignment_ids or assignments(root)
    api = nbgrader_api(root)
    written = []
    for assignment in assignment_ids:
        _generate(api, assignment)
        written.extend(
            sorted((root / api.coursedir.release_directory / assignment).glob("*.ipynb"))
        )
    return written


def release(
    root: Path | str = COURSE_ROOT, assignment_ids: list[str] | None = None
) -> tuple[list[SolutionCheck], list[Path]]:
    """Check every solution, then regenerate the exercises of those with full marks only.

    Returns the checks and the exercise notebooks written; assignments whose solution does not
    get full marks are not released (their old exercises/ folder is left as it was).
    """
    checks = check_solutions(root, assignment_ids)
    ready = [c.assignment for c in checks if c.full_marks]
    written = generate_exercises(root, ready) if ready else []
    return checks, written
