"""`course --course DIR` grades a copy of the course with that copy's own helpers and datasets,
and writes a log of the run under DIR/grading/logs/."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from grading_helpers import M00, ROOT, copy_course, notebook, output_text, write

from course_grading.collect import collect
from course_grading.course import Course

pytestmark = pytest.mark.grading

PROBE = (
    "import os, course_utils\n"
    "print('HELPERS', os.path.dirname(course_utils.__file__))\n"
    "print('DATA', os.environ.get('CIVIC_CHANNELS_DATA'))"
)


@pytest.fixture(scope="module")
def graded_copy(tmp_path_factory):
    base = tmp_path_factory.mktemp("copy")
    course = copy_course(base / "course")
    shutil.copytree(ROOT / "course_utils", course / "course_utils")
    shutil.copytree(ROOT / "datasets", course / "datasets")
    assert Course.at(course).api().generate_assignment(M00, force=True, create=True)["success"]
    write(notebook(course, append={"q1_answer": PROBE}), base / "inbox" / "alice" / f"{M00}.ipynb")
    collect(M00, base / "inbox", course)
    command = [sys.executable, "-m", "course_grading", "--course", str(course), "grade", M00]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return course, done


def test_the_copy_is_graded_with_its_own_helpers_and_datasets(graded_copy):
    course, done = graded_copy
    assert done.returncode == 0, done.stdout + done.stderr
    text = output_text(course, "alice", "q1_answer")
    assert f"HELPERS {course / 'course_utils'}" in text
    assert f"DATA {course / 'datasets'}" in text


def test_each_grading_run_writes_a_log_the_summary_points_to(graded_copy):
    course, done = graded_copy
    [log] = sorted((course / "grading" / "logs").glob(f"grade-{M00}-*.log"))
    assert str(log) in done.stdout
    text = log.read_text(encoding="utf-8")
    assert "== alice: graded" in text and "alice" in text.splitlines()[-3:][0] + text
