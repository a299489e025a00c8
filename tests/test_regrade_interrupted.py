"""A regrade interrupted with Ctrl-C loses no manual grade: the next `course grade` puts it back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from grading_helpers import M00, copy_course, notebook, write

from course_grading.collect import collect
from course_grading.course import Course

pytestmark = pytest.mark.grading


def _grade(root, *extra) -> subprocess.Popen:
    command = [sys.executable, "-m", "course_utils", "--course", str(root), "grade", M00, *extra]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # as in a terminal, where Ctrl-C reaches it (a background job inherits SIGINT ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_an_interrupted_regrade_keeps_every_manual_grade(tmp_path):
    root = copy_course(tmp_path / "course")
    assert Course.at(root).api().generate_assignment(M00, force=True, create=True)["success"]
    inbox = tmp_path / "inbox"
    students = ("alice", "bob", "chen", "dana")  # a batch long enough to interrupt in the middle
    for student in students:
        write(notebook(root), inbox / student / f"{M00}.ipynb")
    collect(M00, inbox, root)
    first = _grade(root, "--jobs", "1")
    assert first.wait(timeout=300) == 0, first.stdout.read()
    with Course.at(root).gradebook() as gb:
        for student, score in (("alice", 2),):
            gb.find_grade("q6_answer", M00, M00, student).manual_score = score
            gb.find_comment("q6_answer", M00, M00, student).manual_comment = f"for {student}"
        gb.db.commit()

    pending = root / "grading" / "manual_grades_pending" / f"{M00}.json"
    regrade = _grade(root, "--jobs", "1")
    deadline = time.monotonic() + 120
    while not pending.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pending.exists(), "the manual grades were not saved before the regrade removed them"
    # inside the batch (the old submissions are gone from the gradebook): once the first of the
    # four is graded, however fast this machine is, three are still to do
    for line in regrade.stdout:
        if line.startswith(f"[1/{len(students)}]"):
            break
    os.killpg(regrade.pid, signal.SIGINT)  # Ctrl-C
    regrade.wait(timeout=120)
    saved = {(m["student"], m["cell"]): m["manual_score"] for m in json.loads(pending.read_text())}
    assert saved == {("alice", "q6_answer"): 2}

    again = _grade(root, "--jobs", "1")
    output = again.communicate(timeout=300)[0]
    assert again.returncode == 0, output
    with Course.at(root).gradebook() as gb:
        for student, score in (("alice", 2),):
            assert gb.find_grade("q6_answer", M00, M00, student).manual_score == score
            comment = gb.find_comment("q6_answer", M00, M00, student).manual_comment
            assert comment == f"for {student}"
    assert not pending.exists()
