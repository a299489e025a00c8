"""The instructor's `course` command, end to end, on a temporary copy of the course.

The whole cycle runs once from the command line (release, collect from a zip as Moodle
downloads it, grade in parallel, feedback, report) and each test checks one stage's result.
Regrading runs on its own copy.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import subprocess
import sys
import zipfile
from html import unescape
from pathlib import Path

import nbformat
import pytest
from grading_helpers import M00, copy_course, hidden_only_lines, notebook, write

from course_grading.cli import build_parser, main
from course_grading.collect import collect
from course_grading.course import Course

COURSE_COMMAND = str(Path(sys.executable).with_name("course"))
SUBCOMMANDS = ["release", "collect", "grade", "feedback", "report", "datasets"]


def course(*args: str, root: Path) -> subprocess.CompletedProcess:
    """Run the installed `course` console script."""
    return subprocess.run(
        [COURSE_COMMAND, "--course", str(root), *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def course_here(*args: str, root: Path) -> subprocess.CompletedProcess:
    """The same command line through course_utils.cli.main in this process (no start-up cost)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--course", str(root), *args])
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert f"usage: course {command}" in capsys.readouterr().out


def test_the_parser_knows_every_instructor_subcommand():
    help_text = build_parser().format_help()
    for command in SUBCOMMANDS:
        assert command in help_text


def test_python_dash_m_course_utils_is_the_same_tool():
    done = subprocess.run(
        [sys.executable, "-m", "course_utils", "grade", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "--jobs N" in done.stdout and "--timeout SECONDS" in done.stdout


# -- the whole cycle --------------------------------------------------------------------------

PARTICIPANTS = {
    # Moodle's "download all submissions" folder name -> participant id and what they handed in
    "Alice Smith_101_assignsubmission_file_": ("alice_smith", {"answered": True}),
    "Bob Jones_102_assignsubmission_file_": ("bob_jones", {"answered": False}),
    "Айгерим Нурланова_103_assignsubmission_file_": ("aigerim_nurlanova", {"partial": True}),
    "Dana Sarsen_104_assignsubmission_file_": ("dana_sarsen", {"answered": True}),
}


def _submission(root: Path, how: dict):
    if how.get("partial"):
        return notebook(
            root, answers={"q4_answer": "top5 = ...", "q5_answer": "median_views = ..."}
        )
    return notebook(root, answered=how["answered"])


@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> dict:
    """release -> collect (zip) -> grade -> feedback -> report, all through `course`.

    release and grade run the installed console script; the other steps the same command
    lines through cli.main in this process, which saves each a few seconds of start-up.
    """
    root = copy_course(tmp_path_factory.mktemp("cycle") / "course")
    archive = root.parent / "m00 submissions.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for folder, (_, how) in PARTICIPANTS.items():
            zipped.writestr(f"{folder}/{M00}.ipynb", nbformat.writes(_submission(root, how)))
    steps = {"root": root, "archive": archive}
    steps["release"] = course("release", M00, root=root)
    steps["collect"] = course_here("collect", M00, str(archive), root=root)
    steps["grade"] = course("grade", M00, "--jobs", "2", root=root)
    steps["feedback"] = course_here("feedback", M00, root=root)
    steps["report"] = course_here("report", "--out", str(root / "report"), root=root)
    return steps


def test_release_checks_the_solution_then_writes_the_exercise(cycle):
    done = cycle["release"]
    assert done.returncode == 0, done.stderr
    assert f"✓ {M00}: the solution gets 7/7; released" in done.stdout
    assert (cycle["root"] / "exercises" / M00 / f"{M00}.ipynb").exists()


def test_collect_imports_one_notebook_per_participant_from_a_moodle_zip(cycle):
    done = cycle["collect"]
    assert done.returncode == 0, done.stdout + done.stderr
    submitted = cycle["root"] / "grading" / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(
        student for student, _ in PARTICIPANTS.values()
    )
    assert "4 imported, 0 not imported" in done.stdout


def test_grade_grades_every_participant_and_prints_a_summary_table(cycle):
    done = cycle["grade"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 graded, 0 failed" in done.stdout
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line.strip()}
    assert "7 / 9" in rows["alice_smith"] and "q6_answer" in rows["alice_smith"]
    assert "0 / 9" in rows["bob_jones"]
    assert "3 / 9" in rows["aigerim_nurlanova"]  # tasks 4 and 5 (2 points each) left blank
    assert "[4/4]" in done.stderr  # the progress display


def test_feedback_shows_results_and_messages_but_no_hidden_tests(cycle):
    done = cycle["feedback"]
    assert done.returncode == 0, done.stdout + done.stderr
    root = cycle["root"]
    hidden = hidden_only_lines(root, M00)
    assert hidden  # the exercise does have hidden tests
    for student, _ in PARTICIPANTS.values():
        page = root / "grading" / "feedback" / student / M00 / f"{M00}.html"
        text = unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        assert "Your results" in text
        assert not [line for line in hidden if line in text], f"{student}'s page shows hidden tests"
    partial = root / "grading" / "feedback" / "aigerim_nurlanova" / M00 / f"{M00}.html"
    text = unescape(re.sub(r"<[^>]+>", "", partial.read_text(encoding="utf-8")))
    assert "✗ not yet" in text and "✓ passed" in text
    assert "`top5` has no answer yet" in text  # the friendly message of the failed check


def test_report_writes_a_grades_csv_and_a_summary_with_charts(cycle):
    done = cycle["report"]
    assert done.returncode == 0, done.stdout + done.stderr
    out = cycle["root"] / "report"
    with (out / "grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and {r["assignment"] for r in rows} == {M00}
    by_student = {r["student"]: r for r in rows}
    assert by_student["alice_smith"]["status"] == "to grade by hand"
    assert float(by_student["bob_jones"]["percent"]) == 0
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert summary.count("<img") == 2
    assert "bob_jones" in summary.split("Follow up")[1]
    assert (out / "score_distribution.png").exists()
    assert (out / "pass_rate_by_question.png").exists()


def test_the_cycle_never_changes_the_downloaded_zip(cycle):
    with zipfile.ZipFile(cycle["archive"]) as zipped:
        assert len(zipped.namelist()) == len(PARTICIPANTS)


# -- regrading --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regraded(tmp_path_factory) -> dict:
    """Grade three participants, grade a written answer by hand, change two submissions, regrade.

    alice: unchanged, her written answer graded by hand between the runs;
    bob: handed in a blank exercise, then a full one; carol: full, then a damaged file.
    """
    root = copy_course(tmp_path_factory.mktemp("regrade") / "course")
    assert Course.at(root).api().generate_assignment(M00, force=True, create=True)["success"]
    first = root.parent / "first"
    write(notebook(root), first / "alice" / f"{M00}.ipynb")
    write(notebook(root, answered=False), first / "bob" / f"{M00}.ipynb")
    write(notebook(root), first / "carol" / f"{M00}.ipynb")
    collect(M00, first, root)
    before = course_here("grade", M00, root=root)
    with Course.at(root).gradebook() as gb:
        grade = gb.find_grade("q6_answer", M00, M00, "alice")
        grade.manual_score = 2
        gb.find_comment("q6_answer", M00, M00, "alice").manual_comment = "Clear and concrete."
        gb.db.commit()
        carol_before = gb.find_submission(M00, "carol").score
    second = root.parent / "second"
    write(notebook(root), second / "bob" / f"{M00}.ipynb")
    recollected = collect(M00, second, root)
    (root / "grading" / "submitted" / "carol" / M00 / f"{M00}.ipynb").write_text("{ damaged")
    after = course_here("grade", M00, "--sandbox", "none", root=root)
    with Course.at(root).gradebook() as gb:
        scores = {}
        for student in ("alice", "bob", "carol"):
            try:
                scores[student] = gb.find_submission(M00, student).score
            except Exception:
                scores[student] = None
        comment = gb.find_comment("q6_answer", M00, M00, "alice").manual_comment
    return {
        "before": before,
        "after": after,
        "scores": scores,
        "comment": comment,
        "carol_before": carol_before,
        "recollected": recollected,
        "root": root,
    }


def test_regrading_replaces_the_earlier_grade(regraded):
    assert regraded["before"].returncode == 0, regraded["before"].stdout
    assert regraded["scores"]["bob"] == 7


def test_a_submission_that_fails_on_regrading_keeps_no_stale_score(regraded):
    assert regraded["carol_before"] == 7
    assert regraded["scores"]["carol"] is None
    assert regraded["after"].returncode == 1
    assert "carol" in regraded["after"].stdout and "FAILED" in regraded["after"].stdout


def test_regrading_keeps_manual_grades_of_unchanged_answers(regraded):
    assert regraded["scores"]["alice"] == 9  # 7 automatic + 2 given by hand
    assert regraded["comment"] == "Clear and concrete."
    assert "Manual grades kept (answer unchanged): 1" in regraded["after"].stdout


def test_collecting_again_keeps_the_replaced_submission_in_the_archive(regraded):
    (bob,) = regraded["recollected"].imported
    assert "replaces the earlier submission" in bob.note
    archived = list((regraded["root"] / "grading" / "archive" / M00 / "bob").glob("*/*.ipynb"))
    assert len(archived) == 1


def test_grading_without_a_sandbox_warns_loudly_and_still_grades(regraded):
    assert "NO SANDBOX" in regraded["after"].stderr
    assert "2 graded, 1 failed" in regraded["after"].stdout
