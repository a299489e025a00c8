"""Grading with real nbgrader on a temporary copy of the course."""

import json
import shutil

import nbformat
import pytest

from course_grading.course import Course
from course_utils.modules import MODULES

pytestmark = pytest.mark.grading
ASSIGNMENTS = Course.at().assignments()


def _submit(course, assignment, student, source_folder):
    config = Course.at(course).config
    target = course / config.CourseDirectory.submitted_directory / student / assignment
    shutil.copytree(source_folder, target)
    return target


def _scores(course, assignment, student):
    with Course.at(course).gradebook() as gb:
        sub = gb.find_submission(assignment, student)
        return sub.code_score, sub.max_code_score, sub.max_written_score


def test_every_module_has_a_graded_assignment():
    assert sorted(m.id for m in MODULES) == ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_released_exercise_matches_a_fresh_generation_and_grades_right(course_copy, assignment):
    released = {
        p.name: json.loads(p.read_text())
        for p in (course_copy / "exercises" / assignment).glob("*.ipynb")
    }
    shutil.rmtree(course_copy / "exercises" / assignment)
    api = Course.at(course_copy).api()
    result = api.generate_assignment(assignment, force=True, create=True)
    assert result["success"], result["log"]
    fresh = {
        p.name: json.loads(p.read_text())
        for p in (course_copy / "exercises" / assignment).glob("*.ipynb")
    }
    assert fresh == released, f"exercises/{assignment} is out of date: run `make release`"

    _submit(course_copy, assignment, "key", course_copy / "solutions" / assignment)
    _submit(course_copy, assignment, "blank", course_copy / "exercises" / assignment)
    for student in ("key", "blank"):
        graded = api.autograde(assignment, student, force=True, create=True)
        assert graded["success"], graded["log"]

    score, max_score, written = _scores(course_copy, assignment, "key")
    assert max_score > 0 and score == max_score, (
        f"the solution of {assignment} gets {score} of {max_score}"
    )
    assert written > 0, f"{assignment} has no written answer graded by hand"
    score, _, _ = _scores(course_copy, assignment, "blank")
    assert score == 0, f"the untouched exercise of {assignment} gets {score} points"


def test_a_deleted_graded_cell_after_a_read_only_cell_is_restored_and_graded(course_copy):
    """nbgrader 0.9.6 crashes here (KeyError on the read-only cell); RestoreMissingCells does not."""
    assignment = "m00_getting_started"
    api = Course.at(course_copy).api()
    assert api.generate_assignment(assignment, force=True, create=True)["success"]
    folder = _submit(course_copy, assignment, "deleter", course_copy / "solutions" / assignment)
    path = folder / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    # delete the written answer, whose previous cell is a read-only prompt
    assert nb.cells[ids.index("q6_answer") - 1].metadata["nbgrader"]["locked"]
    # ... and a test cell
    nb.cells = [
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") not in ("q6_answer", "q3_check")
    ]
    nbformat.write(nb, path)

    graded = api.autograde(assignment, "deleter", force=True, create=True)
    assert graded["success"], graded["log"]
    score, max_score, written = _scores(course_copy, assignment, "deleter")
    assert score == max_score, "the restored test cell should be graded, not scored zero"
    assert written > 0, "the restored written answer should still be there to grade by hand"
    autograded = (
        course_copy
        / Course.at(course_copy).config.CourseDirectory.autograded_directory
        / "deleter"
        / assignment
    )
    restored = nbformat.read(autograded / f"{assignment}.ipynb", as_version=4)
    order = [c.metadata.get("nbgrader", {}).get("grade_id") for c in restored.cells]
    assert order.index("q3_answer") < order.index("q3_check") < order.index("q4_prompt")
    assert order.index("q6_prompt") < order.index("q6_answer")
