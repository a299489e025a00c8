"""The batch grader's own safety nets: the watchdog, failure reasons, the summary, progress."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from grading_helpers import M00, copy_course, notebook, write

from course_grading import grade
from course_grading.events import Event
from course_grading.grade import GradingRun, SubmissionResult, failure_reason
from course_grading.progress import Progress
from course_grading.sandbox import SandboxStatus


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in command and "kernel_launcher" in command:
            found.append(command)
    return found


@pytest.mark.grading
def test_a_submission_past_its_time_budget_is_stopped_with_its_kernel(
    tmp_path, monkeypatch, request
):
    course = copy_course(tmp_path / "course", assignments=(M00,))
    looper = notebook(course, append={"q1_answer": "import time\nwhile True:\n    time.sleep(1)"})
    write(looper, course / "grading" / "submitted" / "looper" / M00 / f"{M00}.ipynb")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    sockets = Path(tempfile.mkdtemp(prefix="cg-test-", dir="/tmp"))  # socket paths must be short
    request.addfinalizer(lambda: shutil.rmtree(sockets, ignore_errors=True))
    monkeypatch.setattr(grade, "_short_temp_dir", lambda: str(sockets))
    monkeypatch.setattr(grade, "_time_budget", lambda *args: 4)

    run = grade.grade_assignment(M00, course, jobs=1, timeout=300)  # registers M00 itself

    (result,) = run.results
    assert result.status == "failed"
    assert result.reason == "grading took longer than 4 s and was stopped"
    assert run.exit_status == 1
    for _ in range(20):  # the kernel goes with its worker (die-with-parent / parent poller)
        if not _processes_mentioning(str(scratch)):
            break
        time.sleep(0.5)
    assert not _processes_mentioning(str(scratch))
    assert list(scratch.iterdir()) == []  # and so do its scratch copy and its sockets
    assert list(sockets.iterdir()) == []


NBGRADER_LOG = """[ERROR] There was an error processing assignment: /course/grading/submitted/x
[ERROR] Traceback (most recent call last):
      File "nbgrader/converters/base.py", line 372, in convert_notebooks
        self.convert_single_notebook(notebook_filename)
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
    KeyError: 'q9_check'

[ERROR] Please see the the above traceback for details on the specific errors on the above failures.
[ERROR] Traceback (most recent call last):
      File "nbgrader/utils.py", line 542, in capture_log
    nbgrader.converters.base.NbGraderException: Please see the the above traceback
"""


@pytest.mark.parametrize(
    ("log", "reason"),
    [
        (
            "[ERROR] nbformat.reader.NotJSONError: Notebook does not appear to be JSON",
            "the notebook file is not valid JSON",
        ),
        (NBGRADER_LOG, "KeyError: 'q9_check'"),
        ("[ERROR] Something odd happened", "Something odd happened"),
    ],
)
def test_a_failed_autograde_is_explained_in_one_line(log, reason):
    assert failure_reason({"log": log, "error": ""}) == reason


def test_the_summary_lists_failures_first_and_counts_everything():
    run = GradingRun(
        M00,
        [
            SubmissionResult("ann", "graded", score=7, max_score=9, manual=["q6_answer"]),
            SubmissionResult("bo", "failed", reason="the notebook file is not valid JSON"),
            SubmissionResult(
                "cy", "graded", score=1, max_score=9, events=[Event("kernel-died", "q2_answer")]
            ),
        ],
        SandboxStatus("bwrap"),
        jobs=2,
        seconds=12,
    )
    lines = run.table().splitlines()
    assert lines[2].startswith("bo") and "FAILED" in lines[2] and "not valid JSON" in lines[2]
    assert "graded (check)" in lines[4] and "q2_answer: Python stopped" in lines[4]
    assert "2 graded, 1 failed, 1 with answers to grade by hand" in run.table()
    assert run.exit_status == 1


def test_progress_prints_one_line_per_finished_submission_when_not_on_a_terminal():
    stream = io.StringIO()
    progress = Progress(2, "grading m00", stream=stream)
    progress.start("ann")
    progress.finish("ann", True, "3.1 s")
    progress.finish("bo", False, "not valid JSON")
    progress.close()
    assert stream.getvalue() == "[1/2] ann: ok (3.1 s)\n[2/2] bo: FAILED (not valid JSON)\n"


def test_progress_on_a_terminal_is_one_line_with_a_bar():
    progress = Progress(4, "grading m00", stream=io.StringIO())
    progress.done = 2
    progress.running = ["cy"]
    assert progress.line().startswith("grading m00  [##########..........]  2/4  running: cy")


LOCK_HOLDER = """
import sys, time
from course_grading.locking import gradebook_lock
with gradebook_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(1.5)
"""


def test_the_gradebook_lock_lets_one_process_write_at_a_time(tmp_path):
    from course_grading.locking import gradebook_lock

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, url], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    with gradebook_lock(url), gradebook_lock(url):  # re-entrant in one process
        waited = time.monotonic() - started
    holder.wait(timeout=10)
    assert waited > 0.5
