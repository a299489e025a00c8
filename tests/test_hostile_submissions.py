"""Broken and hostile submissions, each built here and put through the real tools.

Every case is one participant of the same batch, next to two honest "bystanders": each case
gets the outcome it deserves, the bystanders keep full marks, and nothing submitted changes.
Collection cases run `collect` on a folder of bad files; grading cases run `course grade` once
for the whole batch (with a 6-second cell timeout).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from grading_helpers import (
    M00,
    M01,
    copy_course,
    error_names,
    notebook,
    output_text,
    require_sandbox,
    write,
)

from course_grading.collect import collect
from course_grading.course import Course

pytestmark = pytest.mark.grading
TIMEOUT = 10  # per cell; the set-up cell must fit even on a loaded 2-core machine
# the sum instead of the median: fails q5_check (2 points) and nothing else
WRONG_Q5 = 'median_views = city_z.groupby("content_type", observed=True)["impressions"].sum()'


@pytest.fixture
def sandboxed():
    require_sandbox()


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    course = copy_course(tmp_path_factory.mktemp("hostile") / "course")
    assert Course.at(course).api().generate_assignment(M00, force=True, create=True)["success"]
    return course


# -- collecting bad files ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_inbox(course, tmp_path_factory):
    inbox = tmp_path_factory.mktemp("bad-inbox")
    write(notebook(course), inbox / "gina" / f"{M00}.ipynb")
    (inbox / "nina").mkdir()
    (inbox / "nina" / f"{M00}.ipynb").write_text("this is { not JSON", encoding="utf-8")
    (inbox / "jason").mkdir()
    (inbox / "jason" / f"{M00}.ipynb").write_text(json.dumps({"answer": 42}), encoding="utf-8")
    (inbox / "emma").mkdir()
    (inbox / "emma" / f"{M00}.ipynb").write_bytes(b"")
    write(notebook(course, M01), inbox / "walt" / f"{M01}.ipynb")
    write(notebook(course), inbox / "tom" / f"{M00}.ipynb")
    write(notebook(course, answered=False), inbox / "tom" / f"{M00} (1).ipynb")
    for path in (inbox / "tom").iterdir():  # handed in at the same moment: no newest one
        os.utime(path, (1_700_000_000, 1_700_000_000))
    before = _hashes(inbox)
    result = collect(M00, inbox, course)
    return inbox, before, result


def _rejection(result, owner: str):
    found = [r for r in result.rejected if r.source.startswith(owner + "/")]
    assert found, f"{owner}'s file was not reported: {result.table()}"
    return found


def test_a_file_that_is_not_json_is_rejected_with_the_reason_and_kept(bad_inbox):
    inbox, _, result = bad_inbox
    (rejected,) = _rejection(result, "nina")
    assert "not valid JSON" in rejected.reason
    assert rejected.kept.read_bytes() == (inbox / "nina" / f"{M00}.ipynb").read_bytes()


def test_json_that_is_not_a_notebook_is_rejected(bad_inbox):
    _, _, result = bad_inbox
    (rejected,) = _rejection(result, "jason")
    assert "not a Jupyter notebook" in rejected.reason


def test_an_empty_file_is_rejected(bad_inbox):
    _, _, result = bad_inbox
    (rejected,) = _rejection(result, "emma")
    assert rejected.reason == "empty file"


def test_the_notebook_of_another_assignment_is_rejected(bad_inbox):
    _, _, result = bad_inbox
    (rejected,) = _rejection(result, "walt")
    assert f"this is the notebook of {M01}, not {M00}" in rejected.reason


def test_two_different_files_handed_in_at_once_are_both_kept_and_neither_imported(bad_inbox):
    inbox, _, result = bad_inbox
    both = _rejection(result, "tom")
    assert len(both) == 2
    assert all("2 different notebooks for tom" in r.reason for r in both)
    kept = {r.kept.read_bytes() for r in both}
    assert kept == {p.read_bytes() for p in (inbox / "tom").iterdir()}
    assert "tom" not in {i.student for i in result.imported}


def test_the_good_submission_among_bad_ones_is_imported_byte_for_byte(bad_inbox, course):
    inbox, _, result = bad_inbox
    assert [i.student for i in result.imported] == ["gina"]
    target = course / "grading" / "submitted" / "gina" / M00 / f"{M00}.ipynb"
    assert target.read_bytes() == (inbox / "gina" / f"{M00}.ipynb").read_bytes()
    assert result.exit_status == 1


def test_collect_never_changes_its_source(bad_inbox):
    inbox, before, _ = bad_inbox
    assert _hashes(inbox) == before


# -- grading hostile notebooks ----------------------------------------------------------------


def _snoop(course: Path) -> str:
    """Student code that looks for the hidden tests and solutions and tries to write grades."""
    return f"""
import glob, linecache, os
course = {str(course)!r}
found = [p for pattern in ("solutions/**/*.ipynb", "grading/**/*") for p in glob.glob(os.path.join(course, pattern), recursive=True)]
found += glob.glob("**/*.ipynb", recursive=True)  # the autograded notebook, next to me?
print("FOUND", found)
for target in (os.path.join(course, "grading", "gradebook.db"), os.path.join(course, "grading", "submitted", "bystander_a", "{M00}", "{M00}.ipynb")):
    try:
        with open(target, "a") as handle:
            handle.write("tampered")
        print("WRO" + "TE", target)
    except OSError as err:
        print("BLOCKED", type(err).__name__)
hidden = ("BEGIN " + "HIDDEN", ".gr" + "ade(")  # split: this cell must not match itself
print("HISTORY", [h for h in In if any(word in h for word in hidden)])
print("LINECACHE", [k for k, v in linecache.cache.items() if any(word in "".join(v[2] or []) for word in hidden)])
print("NAMES", [n for n in ("_exp" + "ected", "_all") if n in globals()])  # old-style names
"""


CASES = {
    "bystander_a": {},
    "bystander_b": {},
    "looper": {"append": {"q2_answer": "while True:\n    pass"}},
    "stubborn": {
        "append": {
            "q2_answer": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
        }
    },
    "printer": {"append": {"q1_answer": "for _ in range(3000):\n    print('x' * 100_000)"}},
    "hoarder": {
        "append": {
            "q1_answer": "def hoard():\n    chunks = []\n    while True:\n        chunks.append(bytearray(50_000_000))\nhoard()"
        }
    },
    "killer": {"append": {"q2_answer": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"}},
    "asserter": {"answers": {"q5_answer": WRONG_Q5, "q5_check": "assert True"}},
    "deleter": {"delete": ("q3_check",)},
    "rebinder": {
        "answers": {
            "q5_answer": "import types\n"
            "q5 = types.SimpleNamespace(check=lambda *a, **k: None, grade=lambda *a, **k: None)\n"
            "import course_utils.checks as checks\n"
            "checks._fail = lambda message: None\n"
            "import course_utils.exercises.m00 as tasks\n"
            "object.__setattr__(tasks.q5, 'mistakes', ())\n"
            "type(tasks.q5).grade = lambda *a, **k: None\n"
            "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n"
            + WRONG_Q5
        }
    },
    "racer": {
        "answers": {
            "q5_answer": "import threading, time\n"
            "import course_utils.checks as checks\n"
            "def race():\n"
            "    while True:  # rebind the helpers again and again, also while the test runs\n"
            "        globals()['q5'] = None\n"
            "        checks._fail = lambda message: None\n"
            "        time.sleep(0.0005)\n"
            "threading.Thread(target=race, daemon=True).start()\n" + WRONG_Q5
        }
    },
    # reads IPython's history (and its database caches) after the tests ran, disguised in base64
    "historian": {
        "append": {
            "q5_answer": "import base64\n"
            "_h = get_ipython().history_manager\n"
            "_dump = repr((_h.db_input_cache, _h.input_hist_raw, In, list(_h.get_range())))\n"
            "print('DUMP', base64.b64encode(_dump.encode()).decode())"
        }
    },
    # a thread started early watches every frame for the hidden tests' code
    "spy": {
        "append": {
            "q1_answer": "import sys, threading, time\n"
            "_seen = []\n"
            "def _watch():\n"
            "    while True:\n"
            "        for _frame in list(sys._current_frames().values()):\n"
            "            _seen.append(repr((_frame.f_code.co_names, _frame.f_code.co_consts))[:3000])\n"
            "        time.sleep(0.001)\n"
            "threading.Thread(target=_watch, daemon=True).start()",
            "q5_answer": "print('SPY', len(_seen), any(\"'gr\" + \"ade'\" in s for s in _seen))",
        }
    },
    # the functions the checks compare with, replaced
    "patcher": {
        "answers": {
            "q5_answer": "import math, operator, numpy, pandas\n"
            "math.isclose = lambda *args, **kwargs: True\n"
            "numpy.isclose = lambda *args, **kwargs: True\n"
            "operator.eq = lambda *args: True\n"
            "pandas.testing.assert_series_equal = lambda *args, **kwargs: None\n" + WRONG_Q5
        }
    },
    # an answer whose == always says yes
    "spoofer": {
        "answers": {
            "q2_answer": "class Count(int):\n"
            "    def __eq__(self, other):\n"
            "        return True\n"
            "    __hash__ = int.__hash__\n"
            "n_posts = Count(1)"
        }
    },
    "silencer": {
        "answers": {
            "q5_answer": "get_ipython().showtraceback = lambda *args, **kwargs: None\n"
            "type(get_ipython()).showtraceback = lambda *args, **kwargs: None\n" + WRONG_Q5
        }
    },
}


@pytest.fixture(scope="module")
def batch(course, tmp_path_factory):
    inbox = tmp_path_factory.mktemp("hostile-inbox")
    for student, change in CASES.items():
        write(notebook(course, **change), inbox / student / f"{M00}.ipynb")
    write(notebook(course, append={"q2_answer": _snoop(course)}), inbox / "snoop" / f"{M00}.ipynb")
    imported = collect(M00, inbox, course)
    assert len(imported.imported) == len(CASES) + 1, imported.table()
    # a file that breaks nbgrader itself, put straight into submitted/ (collect would refuse it)
    mallory = course / "grading" / "submitted" / "mallory" / M00 / f"{M00}.ipynb"
    mallory.parent.mkdir(parents=True)
    mallory.write_text("{ broken", encoding="utf-8")
    submitted = course / "grading" / "submitted"
    before = _hashes(submitted), _hashes(inbox)
    command = [sys.executable, "-m", "course_utils", "--course", str(course), "grade", M00]
    command += ["--timeout", str(TIMEOUT), "--jobs", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    with Course.at(course).gradebook() as gb:
        scores = {}
        for student in [*CASES, "snoop", "mallory"]:
            try:
                scores[student] = gb.find_submission(M00, student).code_score
            except Exception:
                scores[student] = None
    return {
        "done": done,
        "scores": scores,
        "before": before,
        "after": (_hashes(submitted), _hashes(inbox)),
        "inbox": inbox,
    }


def test_the_batch_grades_everyone_it_can_and_exits_non_zero_for_the_one_it_cannot(batch):
    done = batch["done"]
    assert done.returncode == 1, done.stdout + done.stderr
    graded = [s for s, score in batch["scores"].items() if score is not None]
    assert sorted(graded) == sorted([*CASES, "snoop"])
    assert "0 failed" not in done.stdout and "1 failed" in done.stdout


def test_honest_participants_keep_full_marks_next_to_hostile_ones(batch):
    assert batch["scores"]["bystander_a"] == 7
    assert batch["scores"]["bystander_b"] == 7


def test_a_notebook_nbgrader_cannot_read_fails_alone_with_its_reason(batch):
    line = next(line for line in batch["done"].stdout.splitlines() if line.startswith("mallory"))
    assert "FAILED" in line and "not valid JSON" in line


def test_an_infinite_loop_times_out_and_the_rest_of_the_notebook_still_runs(batch, course):
    assert error_names(course, "looper", "q2_answer") == ["CellTimeoutError"]
    assert f"after {TIMEOUT} seconds" in output_text(course, "looper", "q2_answer")
    assert batch["scores"]["looper"] == 7  # every check after the loop ran and passed


def test_a_loop_that_ignores_interrupts_is_stopped_by_restarting_python(batch, course):
    assert "could not be stopped" in output_text(course, "stubborn", "q2_answer")
    assert error_names(course, "stubborn", "q3_check")  # later cells ran (in a fresh kernel)
    assert batch["scores"]["stubborn"] == 1  # only the check before the loop passed


def test_a_cell_printing_hundreds_of_megabytes_keeps_one_megabyte(batch, course):
    text = output_text(course, "printer", "q1_answer")
    assert 1_000_000 <= len(text) < 1_010_000
    assert "kept only the first" in text
    assert batch["scores"]["printer"] == 7


def test_allocating_memory_without_limit_ends_in_a_memory_error(batch, course):
    assert error_names(course, "hoarder", "q1_answer") == ["MemoryError"]
    assert batch["scores"]["hoarder"] == 7  # the memory is freed before the next check


def test_a_cell_that_kills_its_kernel_gets_an_error_and_the_notebook_goes_on(batch, course):
    assert error_names(course, "killer", "q2_answer") == ["KernelDied"]
    assert error_names(course, "killer", "q5_check")  # ran, in a fresh kernel
    assert batch["scores"]["killer"] == 1


def test_a_locked_test_edited_to_assert_true_is_put_back(batch, course):
    assert error_names(course, "asserter", "q5_check") == ["AnswerError"]
    assert batch["scores"]["asserter"] == 5


def test_a_deleted_graded_cell_is_restored_and_graded(batch, course):
    assert error_names(course, "deleter", "q3_check") == []
    assert batch["scores"]["deleter"] == 7


def test_rebound_test_helpers_do_not_make_a_wrong_answer_pass(batch, course):
    assert error_names(course, "rebinder", "q5_check") == ["AnswerError"]
    assert batch["scores"]["rebinder"] == 5
    line = next(line for line in batch["done"].stdout.splitlines() if line.startswith("rebinder"))
    assert "restored before grading" in line and "`q5`" in line and ".grade" in line


def _line(batch, student: str) -> str:
    return next(line for line in batch["done"].stdout.splitlines() if line.startswith(student))


def test_helpers_rebound_by_a_thread_fail_the_test_without_running_it(batch, course):
    assert error_names(course, "racer", "q5_check") == ["GradingIntegrityError"]
    assert batch["scores"]["racer"] == 5
    line = _line(batch, "racer")
    assert "graded (check)" in line and "test not run" in line and "background thread" in line


def test_hidden_tests_never_reach_the_history_a_later_cell_can_read(batch, course):
    import base64

    text = output_text(course, "historian", "q5_answer")
    dump = base64.b64decode(text.split("DUMP ", 1)[1].split()[0]).decode()
    assert "city_z" in dump  # the participant's own cells are there: the dump works
    assert "HIDDEN" not in dump and ".grade(" not in dump
    assert batch["scores"]["historian"] == 7


def test_a_thread_that_watches_for_hidden_tests_sees_none_and_the_tests_fail(batch, course):
    assert "SPY" in output_text(course, "spy", "q5_answer")
    assert "True" not in output_text(course, "spy", "q5_answer")
    for check in ("q1_check", "q2_check", "q5_check"):
        assert error_names(course, "spy", check) == ["GradingIntegrityError"]
    assert batch["scores"]["spy"] == 0
    assert "background thread" in _line(batch, "spy")


def test_replaced_comparison_functions_are_put_back_before_the_test(batch, course):
    assert error_names(course, "patcher", "q5_check") == ["AnswerError"]
    assert batch["scores"]["patcher"] == 5
    line = _line(batch, "patcher")
    assert "graded (check)" in line and "math.isclose" in line


def test_an_answer_whose_equality_always_says_yes_does_not_pass(batch, course):
    assert error_names(course, "spoofer", "q2_check") == ["GradingIntegrityError"]
    assert batch["scores"]["spoofer"] == 1  # q1 ran before the class existed
    line = _line(batch, "spoofer")
    assert "graded (check)" in line and "Count" in line


def test_a_silenced_showtraceback_does_not_make_a_wrong_answer_pass(batch, course):
    assert error_names(course, "silencer", "q5_check") == ["AnswerError"]
    assert batch["scores"]["silencer"] == 5


def test_student_code_cannot_find_solutions_grades_or_hidden_tests(sandboxed, batch, course):
    text = output_text(course, "snoop", "q2_answer")
    assert "FOUND []" in text
    assert "HISTORY []" in text and "LINECACHE []" in text and "NAMES []" in text
    assert batch["scores"]["snoop"] == 7


def test_student_code_cannot_write_to_the_gradebook_or_other_submissions(sandboxed, batch, course):
    text = output_text(course, "snoop", "q2_answer")
    assert "WROTE" not in text
    assert text.count("BLOCKED") == 2


def test_nothing_submitted_is_modified_or_lost(batch):
    assert batch["after"] == batch["before"]
