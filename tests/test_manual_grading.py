"""The manual-grading path: an instructor's score for a written answer reaches the exported grades.

Real nbgrader on a scratch copy of the course, with a module whose grading is mostly written work
(m06: the first three posts of a crisis, and an evaluation note).
"""

import csv

import pytest
from grading_helpers import copy_course, notebook, write
from nbgrader.plugins import CsvExportPlugin

from course_grading.course import Course
from course_grading.report import write_report

pytestmark = pytest.mark.grading
M06 = "m06_crisis_communication"


def test_a_manual_score_for_a_written_answer_appears_in_the_exported_grades(tmp_path):
    root = copy_course(tmp_path / "course", assignments=(M06,))
    api = Course.at(root).api()
    assert api.generate_assignment(M06, force=True, create=True)["success"]
    write(notebook(root, M06), root / "grading" / "submitted" / "dana" / M06 / f"{M06}.ipynb")
    graded = api.autograde(M06, "dana", force=True, create=True)
    assert graded["success"], graded["log"]

    with Course.at(root).gradebook() as gb:
        submission = gb.find_submission(M06, "dana")
        automatic, written_max = submission.code_score, submission.max_written_score
        assert submission.needs_manual_grade and written_max > 0
        written = [g for nb in submission.notebooks for g in nb.grades if g.cell_type == "markdown"]
        assert {g.name for g in written} == {"q7_answer", "q8_answer"}
        for grade, score in zip(sorted(written, key=lambda g: g.name), (5, 3), strict=True):
            # what Formgrader's grade API does when the instructor types a score
            grade.manual_score = score
            grade.needs_manual_grade = False
        gb.db.commit()

    report = write_report(root, M06, out=tmp_path / "report")
    with (tmp_path / "report" / "grades.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["student"] == "dana" and row["status"] == "graded"
    assert float(row["written_score"]) == 8
    assert float(row["score"]) == automatic + 8
    assert report.rows[0]["to_grade_by_hand"] == ""

    exported = tmp_path / "nbgrader_grades.csv"  # `nbgrader export` writes the same columns
    with Course.at(root).gradebook() as gb:
        CsvExportPlugin(to=str(exported)).export(gb)
    with exported.open(encoding="utf-8") as handle:
        (row,) = [r for r in csv.DictReader(handle) if r["assignment"] == M06]
    assert float(row["raw_score"]) == automatic + 8
