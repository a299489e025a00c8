"""Feedback: one HTML page per participant, from nbgrader's GenerateFeedback.

The course's nbgrader_config.py adds HideHiddenTests (preprocessors.py) to nbgrader's feedback
preprocessors: each page starts with a table of the checks (passed / not yet / graded by the
instructor) and shows each check's friendly message, never the hidden tests' code. As a last
safety net every page is searched for any whole hidden-test region of the assignment (ignoring
white space) before it is kept; a page that would reveal one is deleted and reported. Short
fragments are not searched for: the visible checks and hints share names with the hidden ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import nbformat
from nbgrader.api import MissingEntry

from course_utils.paths import COURSE_ROOT

from .course import Course, CourseError
from .locking import gradebook_lock
from .preprocessors import hidden_regions


@dataclass
class FeedbackResult:
    assignment: str
    written: dict[str, list[Path]] = field(default_factory=dict)  # student -> HTML pages
    failed: dict[str, str] = field(default_factory=dict)  # student -> why
    pending: list[str] = field(default_factory=list)  # answers still to grade by hand

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def table(self, root: Path) -> str:
        lines = [f"Feedback for {self.assignment}:"]
        for student, pages in sorted(self.written.items()):
            for page in pages:
                lines.append(f"  ✓ {student:<24} {page.relative_to(root)}")
        for student, reason in sorted(self.failed.items()):
            lines.append(f"  ✗ {student:<24} {reason}")
        if self.pending:
            lines.append(
                "Still to grade by hand (their pages say 'graded by your instructor'): "
                + ", ".join(self.pending)
            )
        lines.append(f"{len(self.written)} written, {len(self.failed)} failed.")
        return "\n".join(lines)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_text(page: Path) -> str:
    """The text of an HTML page as a reader sees it (tags removed), without white space."""
    return _squeezed(unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))))


def hidden_test_regions(root: Path | str | Course, assignment: str) -> list[str]:
    """Every hidden-test region of an assignment's source notebooks, as one text each."""
    return [
        region
        for path in Course.at(root).source_notebooks(assignment)
        for cell in nbformat.read(path, as_version=4).cells
        for region in hidden_regions(cell)
        if region.strip()
    ]


def generate_feedback(
    assignment: str, root: Path | str | Course = COURSE_ROOT, students: list[str] | None = None
) -> FeedbackResult:
    """Write grading/feedback/<participant>/<assignment>/<notebook>.html for graded submissions."""
    course = Course.at(root)
    course.check_assignment(assignment)
    autograded, feedback = course.autograded, course.feedback
    result = FeedbackResult(assignment)
    with course.gradebook() as gb:
        graded = []
        for folder in sorted(autograded.glob(f"*/{assignment}")):
            student = folder.parent.name
            if students and student not in students:
                continue
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                result.failed[student] = "not graded (run course grade first)"
                continue
            graded.append(student)
            if submission.needs_manual_grade:
                result.pending.append(student)
    if not graded:
        if result.failed:
            return result
        raise CourseError(
            f"No graded submissions of {assignment}: run `course grade {assignment}`."
        )

    api = course.api()
    outcome = {"success": True, "log": ""}
    with gradebook_lock(course.db_url):  # nbgrader reads the grades
        if students:
            for student in graded:
                one = api.generate_feedback(assignment, student, force=True)
                outcome["success"] &= one["success"]
                outcome["log"] += one.get("log") or ""
        else:
            outcome = api.generate_feedback(assignment, force=True)

    hidden = [_squeezed(region) for region in hidden_test_regions(course, assignment)]
    for student in graded:
        pages = sorted((feedback / student / assignment).glob("*.html"))
        if not pages:
            result.failed[student] = "nbgrader wrote no feedback (see grading/nbgrader.log)"
            continue
        leaks = [p for p in pages if any(region in _page_text(p) for region in hidden)]
        if leaks:
            for page in leaks:
                page.unlink()
            result.failed[student] = "feedback would show hidden tests: deleted (please report)"
            continue
        result.written[student] = pages
    if not outcome["success"] and not result.failed:
        result.failed["(nbgrader)"] = "reported an error: " + (outcome.get("log") or "")[-300:]
    return result
