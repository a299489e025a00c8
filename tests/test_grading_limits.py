"""Limits that protect the batch and the instructor's machine, with or without the sandbox.

One batch of m00 with an honest participant next to code that starts a process which leaves
the kernel's session, a fork bomb, a loop that fills the disk and a flood of threads. Each
hostile case ends with a clear reason, the honest participant keeps full marks, and nothing the
notebooks started outlives grading.

The fork bomb and the thread flood need a control group (Linux, as root or with delegated
cgroups) to be safe: without one these tests skip with a message, and CI requires them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from grading_helpers import M00, copy_course, error_names, notebook, output_text, write

from course_grading.collect import collect
from course_grading.course import Course
from course_grading.limits import KernelCgroup

pytestmark = pytest.mark.grading
MARKER = f"civic-escape-{uuid.uuid4().hex[:8]}"
RUN = f"limits{uuid.uuid4().hex[:8]}"
SCRATCH_MB = 150


def _cgroups_available() -> bool:
    group = KernelCgroup.create(16, 0)
    if group is None:
        return False
    group.remove()
    return True


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    if not _cgroups_available():
        message = (
            "needs a control group for the grading kernels (Linux as root, or delegated "
            "cgroups): run the tests as root on Linux to enable these"
        )
        if os.environ.get("CIVIC_CHANNELS_REQUIRE_SANDBOX"):
            pytest.fail(message + " (CI requires it: CIVIC_CHANNELS_REQUIRE_SANDBOX is set)")
        pytest.skip(message)
    base = tmp_path_factory.mktemp("limits")
    course = copy_course(base / "course")
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
        handle.write(
            f"\nc.GradingExecute.scratch_limit_mb = {SCRATCH_MB}\n"
            "c.GradingExecute.process_limit = 128\n"
        )
    assert Course.at(course).api().generate_assignment(M00, force=True, create=True)["success"]
    inbox = base / "inbox"
    cases = {
        "honest": {},
        "escaper": {
            "append": {
                "q1_answer": "import subprocess, sys\n"
                "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(900)', "
                f"'{MARKER}'], start_new_session=True)"
            }
        },
        "forkbomb": {"append": {"q2_answer": "import os\nwhile True:\n    os.fork()"}},
        "filler": {
            "append": {
                "q2_answer": "_i = 0\nwhile True:\n"
                "    with open(f'fill{_i}.bin', 'wb') as _f:\n"
                "        _f.write(b'x' * 20_000_000)\n"
                "    _i += 1"
            }
        },
        "flood": {
            "append": {
                "q2_answer": "import threading, time\n"
                "for _ in range(100_000):\n"
                "    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()"
            }
        },
    }
    for student, change in cases.items():
        write(notebook(course, **change), inbox / student / f"{M00}.ipynb")
    assert len(collect(M00, inbox, course).imported) == len(cases)
    command = [sys.executable, "-m", "course_utils", "--course", str(course), "grade", M00]
    command += ["--timeout", "10", "--jobs", "2"]
    env = {**os.environ, "CIVIC_GRADE_RUN": RUN}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)
    with Course.at(course).gradebook() as gb:
        scores = {s: gb.find_submission(M00, s).code_score for s in cases}
    return {"course": course, "done": done, "scores": scores}


def _line(limited, student: str) -> str:
    return next(line for line in limited["done"].stdout.splitlines() if line.startswith(student))


def test_the_honest_participant_keeps_full_marks(limited):
    assert limited["scores"]["honest"] == 7, limited["done"].stdout
    # and no note: the ended kernel itself is not a process "still running at the end"
    assert "process" not in _line(limited, "honest"), _line(limited, "honest")


def test_a_process_that_left_the_kernels_session_is_ended_with_grading(limited):
    running = subprocess.run(["pgrep", "-f", MARKER], capture_output=True, text=True)
    assert running.stdout.strip() == "", f"left running: {running.stdout}"
    line = _line(limited, "escaper")
    assert "process(es)" in line and "test not run" in line
    # the run's log names what was ended, for the escaper only
    log = "".join(p.read_text() for p in (limited["course"] / "grading" / "logs").glob("*.log"))
    sections = {part.split(":")[0]: part for part in log.split("\n== ")[1:]}
    ended = "process(es) still running at the end were ended"
    assert ended in sections["escaper"], sections["escaper"]
    assert ended not in sections["honest"], sections["honest"]


def test_a_fork_bomb_is_capped_and_ends_with_a_reason(limited):
    course = limited["course"]
    assert "limit of 128 processes" in output_text(course, "forkbomb", "q2_answer")
    assert limited["scores"]["forkbomb"] < 7
    assert "graded" in _line(limited, "forkbomb")


def test_a_loop_that_fills_the_disk_is_stopped_at_the_scratch_limit(limited):
    course = limited["course"]
    assert error_names(course, "filler", "q2_answer") == ["KernelDied"]
    assert f"more than {SCRATCH_MB}.0 MB of files" in output_text(course, "filler", "q2_answer")
    assert limited["scores"]["filler"] == 1  # the later cells ran in a fresh Python
    assert not list(Path("/tmp").glob("civic-grade-*/work/fill*.bin"))


def test_a_flood_of_threads_is_capped_and_the_batch_goes_on(limited):
    course = limited["course"]
    text = output_text(course, "flood", "q2_answer")
    # refused by the process cap or, first, by the memory limit (each thread reserves a stack)
    assert "limit of 128 processes" in text or "can't start new thread" in text
    assert "graded" in _line(limited, "flood")


def test_no_control_group_is_left_behind(limited):
    pattern = f"civic-grade-{RUN}-*"
    left = [*Path("/sys/fs/cgroup").glob(f"*/{pattern}"), *Path("/sys/fs/cgroup").glob(pattern)]
    assert left == []
