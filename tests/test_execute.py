"""The pieces of hardened grading that need no kernel: the sandbox command line, the resource
limits, what the guard is told, and feedback without hidden tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nbformat.v4 import new_code_cell, new_notebook, new_output

import course_grading
from course_grading.execute import import_statements, private_names_assigned
from course_grading.preprocessors import HideHiddenTests
from course_grading.sandbox import (
    LAUNCHER,
    PACKAGE_DIR,
    bwrap_command,
    kernel_env,
    launcher_command,
    sandbox_status,
)
from course_utils.paths import COURSE_ROOT


def test_the_guard_reruns_the_set_up_imports_one_per_line():
    source = "from course_utils.checks import (\n    check_number,\n    expect,\n)\nimport pandas as pd\nposts = load('posts')"
    assert import_statements(source) == [
        "from course_utils.checks import check_number, expect",
        "import pandas as pd",
    ]


def test_imports_inside_ipython_magic_cells_are_still_found():
    assert import_statements("%matplotlib inline\nimport numpy as np") == ["import numpy as np"]


def test_the_hidden_tests_private_names_are_forgotten_after_the_test():
    source = "_all = load('posts')\nfor _col, _wave in pairs:\n    pass\nvisible = 1\n"
    assert private_names_assigned(source) == ["_all", "_col", "_wave"]


def test_the_sandbox_shows_course_utils_and_datasets_but_not_the_course_folder(tmp_path):
    command = bwrap_command(tmp_path, tmp_path / "work", {"HOME": str(tmp_path)})
    binds = {command[i + 1] for i, arg in enumerate(command) if arg == "--ro-bind"}
    assert str(PACKAGE_DIR) in binds
    assert str(COURSE_ROOT) not in binds
    assert not any(Path(b) in (COURSE_ROOT / "solutions", COURSE_ROOT / "grading") for b in binds)
    assert ["--bind", str(tmp_path), str(tmp_path)] == command[command.index("--bind") :][:3]
    assert "--unshare-all" in command and "--clearenv" in command and command[-1] == "--"


def test_the_private_tmp_comes_before_the_binds_so_a_course_under_tmp_stays_visible(tmp_path):
    # CI may clone the course under /tmp: an empty /tmp mounted after the binds would hide the
    # venv, course_utils and datasets, and every kernel would die before it starts.
    command = bwrap_command(tmp_path, tmp_path / "work", {"HOME": str(tmp_path)})
    tmpfs = command.index("/tmp", command.index("--tmpfs"))
    course_binds = [
        i
        for i, arg in enumerate(command)
        if arg == "--ro-bind" and command[i + 1] == str(PACKAGE_DIR)
    ]
    assert course_binds and all(tmpfs < i for i in course_binds)
    assert tmpfs < command.index("--bind")


def test_the_sandboxed_kernel_gets_no_credentials_from_the_grader(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "abc")
    env = kernel_env(tmp_path, sandboxed=True)
    assert "SECRET_TOKEN" not in env and env["HOME"] == str(tmp_path)
    assert env["OPENBLAS_NUM_THREADS"] == "1"


def test_without_a_sandbox_the_warning_is_loud_and_says_why():
    status = sandbox_status("none")
    assert not status.isolated
    assert "NO SANDBOX" in status.warning() and "switched off" in status.warning()


def test_the_kernel_launcher_lowers_memory_and_file_size_limits():
    probe = (
        "import resource, runpy, sys\n"
        f"launcher = runpy.run_path({str(LAUNCHER)!r})\n"
        "launcher['apply_limits'](300, 5)\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_FSIZE)[0])\n"
        "try:\n    bytearray(400 * 2**20)\nexcept MemoryError:\n    print('MemoryError')\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.split() == [str(300 * 2**20), str(5 * 2**20), "MemoryError"], done.stderr


def _test_cell(source: str, outputs: list) -> dict:
    cell = new_code_cell(source, outputs=outputs)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": "q1_check",
        "locked": True,
        "points": 1,
        "solution": False,
        "score": 0.0,
    }
    return cell


def test_feedback_keeps_the_friendly_message_and_drops_the_hidden_test_code_by_structure():
    source = (
        "check_number(n_posts, 'n_posts')\n### BEGIN HIDDEN TESTS\n"
        "_expected_posts = len(load('posts'))\nexpect(n_posts == _expected_posts, 'Count the rows.')\n"
        "### END HIDDEN TESTS"
    )
    error = new_output(
        "error",
        ename="AnswerError",
        evalue="Count the rows.",
        traceback=[
            "Cell In[3], line 4",
            "----> 4 expect(n_posts == _expected_posts, ...)",
            "AnswerError: Count the rows.",
        ],
    )
    # the participant's own output is shown as it ran (it may name the same variables)
    own = new_output("stream", name="stdout", text="n_posts = len(load('posts'))\nok\n")
    nb = new_notebook(
        cells=[_test_cell(source, [error]), new_code_cell("print(n_posts)", outputs=[own])]
    )
    nb, _ = HideHiddenTests().preprocess(nb, {})
    test, student = nb.cells[1], nb.cells[2]
    assert "_expected_posts" not in test.source and "check_number" in test.source
    assert test.outputs[0]["traceback"] == ["\x1b[0;31mAnswerError\x1b[0m: Count the rows."]
    assert student.outputs[0]["text"] == "n_posts = len(load('posts'))\nok\n"
    summary = nb.cells[0].source
    assert "Your results" in summary and "`q1_check` | check | ✗ not yet (0 / 1)" in summary


def test_the_kernel_launcher_runs_from_its_source_without_the_grader_package(tmp_path):
    # the sandbox does not show course_grading: the launcher must run as `python -c SOURCE`
    command = launcher_command(300, 5)
    command = [*command[: command.index("--") + 1], "--version"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 0 and done.stdout.strip()[0].isdigit(), done.stderr


def test_the_sandbox_does_not_show_the_grader_package(tmp_path):
    command = bwrap_command(tmp_path, tmp_path / "work", {"HOME": str(tmp_path)})
    binds = {command[i + 1] for i, arg in enumerate(command) if arg == "--ro-bind"}
    grader = str(Path(course_grading.__file__).parent)
    assert not any(grader == b or grader.startswith(b + "/") for b in binds if b != "/usr")
