"""Small things an instructor would trip over: the report's median, the exchange's permissions,
and a required sandbox that cannot start."""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from grading_helpers import ROOT

from course_grading.cli import main
from course_grading.course import Course
from course_grading.report import Report, _summary_html
from course_grading.sandbox import SandboxUnavailable, sandbox_status


def _report(percents: list[float]) -> Report:
    rows = [
        {"student": f"p{i}", "assignment": "m00", "percent": p, "status": "graded"}
        for i, p in enumerate(percents)
    ]
    return Report(rows, [], [], 50.0)


def test_the_report_median_of_an_even_count_is_the_mean_of_the_middle_two():
    html = _summary_html(_report([40.0, 60.0]), "t")
    assert "<td>50%</td>" in html


def test_the_exchange_is_writable_by_everyone_whatever_the_umask(tmp_path):
    shutil.copy2(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    old = os.umask(0o022)
    try:
        Course.at(tmp_path)
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "grading" / "exchange").stat().st_mode)
    assert mode == 0o1777, oct(mode)


def test_a_required_sandbox_that_cannot_start_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)  # as on a machine without bwrap
    with pytest.raises(SandboxUnavailable, match="apt-get install -y bubblewrap"):
        sandbox_status("bwrap")


def test_the_course_command_says_so_without_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    shutil.copy2(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    shutil.copytree(
        ROOT / "solutions" / "m00_getting_started", tmp_path / "solutions" / "m00_getting_started"
    )
    status = main(["--course", str(tmp_path), "grade", "m00_getting_started", "--sandbox", "bwrap"])
    err = capsys.readouterr().err
    assert status == 2
    assert "course grade: A sandbox was required" in err and "Traceback" not in err
