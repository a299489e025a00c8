"""Feedback for every assignment: a full, a partial and a blank submission of each are graded
for real and get a feedback page that shows the results and never a hidden test."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from grading_helpers import ROOT, copy_course, hidden_only_lines, notebook, write

from course_grading.collect import collect
from course_grading.course import Course
from course_grading.feedback import generate_feedback
from course_grading.grade import grade_assignment

pytestmark = pytest.mark.grading
ASSIGNMENTS = Course.at(ROOT).assignments()


def _partial(course: Path, assignment: str):
    """The solution's first half of answers, the rest left as released."""
    full = notebook(course, assignment)
    blank = notebook(course, assignment, answered=False)
    answer_ids = [
        c.metadata["nbgrader"]["grade_id"]
        for c in full.cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
    ]
    keep = set(answer_ids[: max(1, len(answer_ids) // 2)])
    for mine, solved in zip(blank.cells, full.cells, strict=True):
        if mine.metadata.get("nbgrader", {}).get("grade_id") in keep:
            mine.source = solved.source
    return blank


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("feedback-all")
    course = copy_course(base / "course", ASSIGNMENTS)
    outcome = {}
    for assignment in ASSIGNMENTS:
        assert (
            Course.at(course)
            .api()
            .generate_assignment(assignment, force=True, create=True)["success"]
        )
        inbox = base / f"inbox-{assignment}"
        write(notebook(course, assignment), inbox / "full" / f"{assignment}.ipynb")
        write(_partial(course, assignment), inbox / "partial" / f"{assignment}.ipynb")
        write(notebook(course, assignment, answered=False), inbox / "blank" / f"{assignment}.ipynb")
        assert len(collect(assignment, inbox, course).imported) == 3
        run = grade_assignment(assignment, course)
        feedback = generate_feedback(assignment, course)
        outcome[assignment] = (run, feedback)
    return course, outcome


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_full_partial_and_blank_submissions_are_graded_in_order(graded, assignment):
    run, _ = graded[1][assignment]
    scores = {r.student: r.score for r in run.results}
    assert not run.failed, run.table()
    assert scores["full"] > scores["partial"] > scores["blank"] == 0, run.table()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_submission_gets_a_feedback_page_without_hidden_tests(graded, assignment):
    course, outcome = graded
    _, feedback = outcome[assignment]
    assert feedback.failed == {}, feedback.table(course)
    assert sorted(feedback.written) == ["blank", "full", "partial"]
    hidden = hidden_only_lines(course, assignment)
    assert hidden, f"{assignment} has no hidden-test lines to look for"
    for student, pages in feedback.written.items():
        for page in pages:
            text = unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
            assert "Your results" in text
            shown = [line for line in hidden if line in text]
            assert not shown, f"{student}'s {assignment} page shows hidden tests: {shown[:2]}"
