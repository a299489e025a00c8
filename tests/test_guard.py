"""The integrity guard, in-process: one test per way of bending a test, each in a real IPython
session (the same InteractiveShell a kernel runs), checked without nbgrader or a kernel.

`check()` returns what it put back before a test (`restored`) and why a test must not run at
all (`untrusted`). The end-to-end tests (test_hostile_submissions.py) run the same cases
through real grading."""

from __future__ import annotations

import signal
import sys

import pytest
from IPython.core.interactiveshell import InteractiveShell

from course_grading.guard import Guard

IMPORTS = "\n".join(
    [
        "import math",
        "import numpy as np",
        "import pandas as pd",
        "from course_utils.checks import check_close, expect",
        "from course_utils import metrics",
        "from course_utils.exercises.m01 import q1, q2",
        "from course_utils.exercises import m02, m07",
    ]
)


@pytest.fixture(scope="module")
def shell():
    """One IPython shell for these tests; what it changes in the process is put back after."""
    saved = sys.modules["__main__"], sys.displayhook, sys.excepthook
    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()
    sys.modules["__main__"], sys.displayhook, sys.excepthook = saved


@pytest.fixture
def session(shell):
    # a kernel's SIGINT handler (an earlier test in this process may have left SIG_IGN)
    sigint = signal.signal(signal.SIGINT, signal.default_int_handler)
    shell.run_cell(IMPORTS, store_history=False)
    guard = Guard(shell, IMPORTS)
    yield shell, guard
    child = shell.user_ns.get("_p")
    if child is not None:
        child.kill()
        child.wait()
    guard.check()  # put back whatever the test changed
    guard.close()
    shell.user_ns.clear()
    shell.init_user_ns()
    signal.signal(signal.SIGINT, sigint)


def _run(shell, code: str) -> None:
    result = shell.run_cell(code, store_history=False)
    assert result.error_in_exec is None and result.error_before_exec is None, result


def test_a_pristine_session_needs_nothing(session):
    _shell, guard = session
    assert guard.check() == {"restored": [], "untrusted": []}


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("math.isclose = lambda *a, **k: True", "math.isclose"),
        ("import operator\noperator.eq = lambda a, b: True", "operator.eq"),
        ("np.isclose = lambda *a, **k: True", "numpy.isclose"),
        ("pd.testing.assert_series_equal = lambda *a, **k: None", "assert_series_equal"),
        ("pd.Series.equals = lambda self, other: True", "Series.equals"),
        ("import builtins\nbuiltins.abs = lambda x: 0", "built-in abs"),
        ("import course_utils.checks as c\nc._fail = lambda message: None", "course_utils.checks"),
        ("expect = lambda *a, **k: None", "the name `expect`"),
        ("metrics.weighted_share.__code__ = (lambda *a, **k: 0).__code__", "weighted_share"),
        ("get_ipython().showtraceback = lambda *a, **k: None", "showtraceback"),
        # an exercise task bent: on the object, on its class, in its expected answer's code
        ("object.__setattr__(q1, 'check', lambda *a: None)", "Task.check"),
        ("type(q1).grade = lambda *a, **k: None", "Task.grade"),
        ("q1.expected.__code__ = (lambda: 0.0).__code__", "expected"),
        ("object.__setattr__(q2, 'calls', ())", "Task.calls"),
        ("object.__setattr__(q1.mistakes[0], 'says', '')", "Mistake.says"),
        ("q1 = None", "the name `q1`"),
        (
            "type(q1).__getattribute__ = lambda self, n: object.__getattribute__(self, n)",
            "Task.__getattribute__",
        ),
        (
            "class Lenient(type(q1)):\n    def grade(self, *a, **k):\n        pass\n"
            "object.__setattr__(q1, '__class__', Lenient)",
            "__class__",
        ),
        ("type(q1).tolerance = 1e9", "Task.tolerance"),
        ("m02.REGION_M_COLUMNS[:] = ['posts_per_week']", "the contents of m02.REGION_M_COLUMNS"),
        ("m07._yearly.__wrapped__.__code__ = (lambda: None).__code__", "_yearly"),
        (
            "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
            "input_transformers_post",
        ),
        ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)", "SIGINT"),
    ],
)
def test_a_replaced_function_is_put_back_and_reported(session, code, what):
    shell, guard = session
    _run(shell, code)
    report = guard.check()
    assert any(what in item for item in report["restored"]), report
    assert guard.check()["restored"] == []  # it holds: nothing to put back the second time


def test_a_bent_task_judges_again_after_the_check(session):
    shell, guard = session
    from course_utils.checks import AnswerError
    from course_utils.exercises.m01 import q1

    _run(shell, "object.__setattr__(q1, 'check', lambda *a: None)")
    _run(shell, "q1.expected.__code__ = (lambda: 0.0).__code__")
    guard.check()
    with pytest.raises(AnswerError):
        q1.grade(0.0)


def test_a_poisoned_cache_of_an_exercise_is_emptied_before_the_test(session):
    shell, guard = session
    from course_utils.checks import AnswerError
    from course_utils.exercises.m07 import q2

    right = q2.expected()
    _run(
        shell, "_y = m07._yearly()\n_y['response_rate'] = 50.0\n_y['median_response_hours'] = 10.0"
    )
    guard.check()
    q2.grade(*right)
    with pytest.raises(AnswerError):
        q2.grade(50.0, 10.0)


def test_math_isclose_works_again_after_the_check(session):
    shell, guard = session
    import math

    _run(shell, "math.isclose = lambda *a, **k: True")
    guard.check()
    assert math.isclose(1.0, 2.0) is False


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (
            "import threading, time\n"
            "def _spin():\n    time.sleep(3)\n"
            "threading.Thread(target=_spin, daemon=True).start()",
            "background thread",
        ),
        ("import subprocess, sys\n_p = subprocess.Popen(['sleep', '3'])", "process(es)"),
        ("import sys\nsys.addaudithook(lambda event, args: None)", "audit hook"),
        ("class Yes(str):\n    __eq__ = lambda self, other: True\nanswer = Yes('x')", "Yes"),
        (
            "Lying = type('Lying', (float,), {'__float__': lambda self: 0.5})\nanswer = Lying(3)",
            "Lying",
        ),
        (
            "class Rounder(float):\n    def __round__(self, n=None):\n        return 1.0\nx = Rounder(2)",
            "Rounder",
        ),
    ],
)
def test_what_could_watch_or_bend_a_test_stops_it_from_running(session, code, why):
    shell, guard = session
    _run(shell, code)
    untrusted = guard.check()["untrusted"]
    assert any(why in reason for reason in untrusted), untrusted


def test_a_thread_that_runs_no_notebook_code_does_not_count(session):
    shell, guard = session
    _run(shell, "import threading, time\nthreading.Thread(target=time.sleep, args=(2,)).start()")
    assert guard.check()["untrusted"] == []


def test_after_a_test_its_source_and_private_names_are_forgotten(session):
    shell, guard = session
    test = "_expected = 42\nexpect(True, 'fine')"
    shell.run_cell(test, store_history=True)
    assert any("_expected = 42" in entry for entry in shell.user_ns["In"])
    guard.after_test(test, ["_expected"])
    assert not any("_expected = 42" in entry for entry in shell.user_ns["In"])
    assert "_expected" not in shell.user_ns


def test_a_compiled_extension_class_counts_as_a_library_class_whatever_its_module_says():
    """regex's Match (module "_regex", imported as regex._regex) comes with dateparser, which the
    platform importers (m09) load inside the notebook: it must not stop the tests."""
    import regex

    from course_grading.guard import _from_library

    match_type = type(regex.compile("a").match("a"))
    assert match_type.__module__ not in sys.modules  # so the module lookup alone would fail
    assert _from_library(match_type)


def test_a_notebook_class_claiming_a_compiled_module_is_still_not_a_library_class(session):
    shell, guard = session
    _run(
        shell,
        "class Match(str):\n    __module__ = '_regex'\n    __eq__ = lambda self, other: True\n"
        "answer = Match('x')",
    )
    untrusted = guard.check()["untrusted"]
    assert any("Match" in reason for reason in untrusted), untrusted
