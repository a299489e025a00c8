"""Self-study checks (course_utils.tasks, course_utils.exercises): every task's right answer
passes, each typical mistake gets its own message, a blank or a 10%-off answer gets a message that
says what to do, every task has hints in steps and a solution, and each exercise's check cells
are one call to its task. These run in milliseconds per task, without nbgrader or a kernel."""

from __future__ import annotations

import importlib
import json
import re

import pandas as pd
import pytest

from course_utils.catalogs import english_part
from course_utils.checks import AnswerError
from course_utils.exercises import EXERCISES
from course_utils.paths import COURSE_ROOT
from course_utils.tasks import Task

MODULES = {short: importlib.import_module(f"course_utils.exercises.{short}") for short in EXERCISES}


def _tasks(module) -> list[Task]:
    found = [v for k, v in vars(module).items() if re.fullmatch(r"q\d+", k)]
    return sorted(found, key=lambda t: t.number)


TASKS = [
    pytest.param(t, id=f"{short}-q{t.number}") for short, m in MODULES.items() for t in _tasks(m)
]
MISTAKES = [
    pytest.param(t, m, id=f"{t.exercise[:3]}-q{t.number}-mistake{i + 1}")
    for t in (p.values[0] for p in TASKS)
    for i, m in enumerate(t.mistakes)
]


def _as_function(compute):
    def answer(*args):
        return compute(*args)

    return answer


def _answers(task: Task, replace: dict | None = None) -> tuple:
    """The right answers of a value task, with some replaced (by name)."""
    values = task.expected()
    values = (values,) if len(task.names) == 1 else tuple(values)
    replace = replace or {}
    return tuple(replace.get(n, v) for n, v in zip(task.names, values, strict=True))


def _message(task: Task, *answers) -> str:
    with pytest.raises(AnswerError) as caught:
        task.check(*answers)
    return str(caught.value)


@pytest.mark.parametrize("task", TASKS)
def test_the_right_answer_passes(task, capsys):
    if task.calls:
        task.check(_as_function(task.expected))
        task.grade(_as_function(task.expected))
    else:
        task.check(*_answers(task))
        task.grade(*_answers(task))
    assert capsys.readouterr().out.startswith(f"✔ Task {task.number}: right.")


@pytest.mark.parametrize(("task", "mistake"), MISTAKES)
def test_each_typical_mistake_is_diagnosed(task, mistake):
    if task.calls:
        message = _message(task, _as_function(mistake.answer))
    else:
        name = mistake.of or task.names[0]
        message = _message(task, *_answers(task, {name: mistake.answer()}))
    assert mistake.says in message, message


@pytest.mark.parametrize("task", TASKS)
def test_a_blank_answer_says_what_to_do(task):
    if task.calls:

        def blank(*args):
            return ...

        message = _message(task, blank)
        assert "returns `...`: replace the `...`" in message
    else:
        message = _message(task, *[...] * len(task.names))
        assert "has no answer yet" in message
    assert "Traceback" not in message


def _off(value, task: Task):
    """A well-typed wrong answer: numbers 10% off (a zero becomes 1), another allowed label, a
    table or column with its numbers 10% off. None where no such answer can be made."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value * 1.1 if value else 1.0
    if isinstance(value, str):
        others = [o for o in task.options if o.strip().lower() != value.strip().lower()]
        return others[0] if others else value + " (reversed)"
    if isinstance(value, pd.Series) and pd.api.types.is_numeric_dtype(value):
        number = value.astype(float)
        return number.where(number == 0, number * 1.1).where(number != 0, 1.0)
    if isinstance(value, pd.DataFrame):
        numeric = [c for c in value.columns if pd.api.types.is_numeric_dtype(value[c])]
        if not numeric:
            return None
        changed = value.copy()
        changed[numeric[0]] = _off(value[numeric[0]], task)
        return changed
    if isinstance(value, tuple) and value:
        first = _off(value[0], task)
        return None if first is None else (first, *value[1:])
    return None


@pytest.mark.parametrize("task", TASKS)
def test_a_well_typed_wrong_answer_is_not_right(task):
    """The issue's test: each answer made wrong but well-typed (10% off, another label) fails."""
    if any(getattr(rule, "of", None) == task.names[0] for rule in getattr(task, "rules", ())):
        pytest.skip("a plan judged by rules: many answers are right")
    if task.calls:
        if _off(task.expected(*task.calls[0]), task) is None:
            pytest.skip("no well-typed wrong answer of this kind")
        message = _message(task, _as_function(lambda *args: _off(task.expected(*args), task)))
    else:
        right = _answers(task)
        wrong = _off(right[0], task)
        if wrong is None:
            pytest.skip("no well-typed wrong answer of this kind")
        message = _message(task, wrong, *right[1:])
    assert message and "Traceback" not in message


@pytest.mark.parametrize("task", TASKS)
def test_every_mistake_differs_from_the_right_answer_where_the_check_looks(task):
    """A mistake that gives the right answer for every input shown could never be diagnosed."""
    from course_utils.tasks import _same

    for mistake in task.mistakes:
        if task.calls:
            assert any(
                not _same(mistake.answer(*a), task.expected(*a), task) for a in task.calls
            ), mistake.says
        else:
            index = task.names.index(mistake.of) if mistake.of else 0
            assert not _same(mistake.answer(), _answers(task)[index], task), mistake.says


@pytest.mark.parametrize("task", TASKS)
def test_hints_in_steps_and_a_solution(task):
    assert len(task.hints) >= 2
    assert all(len(h) > 20 for h in task.hints)
    assert task.hints[0] != task.hints[1]
    code = task.solution_code()
    assert code and task.names[0] in code, f"no solution found for {task}"
    assert "### BEGIN" not in code and "..." not in code, code
    assert f"Hint 2 of {len(task.hints)}" in task.hint_text(2)


def test_without_solutions_the_solution_is_not_available(monkeypatch, tmp_path):
    monkeypatch.setenv("CIVIC_CHANNELS_SOLUTIONS", str(tmp_path))
    task = _tasks(MODULES["m01"])[0]
    assert task.solution_code() is None
    assert "not available here" in task.solution_text()


@pytest.mark.parametrize("short", list(EXERCISES))
def test_each_check_cell_is_one_call_to_its_task(short):
    exercise = EXERCISES[short]
    path = COURSE_ROOT / "solutions" / exercise / f"{exercise}.ipynb"
    cells = {c["id"]: "".join(c["source"]) for c in json.loads(path.read_text())["cells"]}
    tasks = _tasks(MODULES[short])
    assert tasks, f"{short} defines no tasks"
    for task in tasks:
        n = task.number
        check = cells[f"q{n}_check"]
        first = check.split("\n### BEGIN HIDDEN TESTS")[0].strip()
        assert re.fullmatch(rf"q{n}\.check\([^\n]*\)", first), (short, n, check)
        hidden = check.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
        assert hidden.strip().startswith(f"q{n}.grade("), f"{short} q{n}: no hidden grade line"
        assert f"q{n}.hint()" in cells[f"q{n}_help"]
        # no hidden solution in the prompt (its Russian and Kazakh text follow the English)
        assert "<details>" not in english_part(cells.get(f"q{n}_prompt", ""))
    assert "cheatsheet" in cells["intro"]
    assert "course_utils.checks" not in "".join(cells.values())


def test_a_failed_check_renders_without_a_traceback():
    error = AnswerError("`x` is not right yet.\nStuck? Run q1.hint() in a new cell.")
    lines = error._render_traceback_()
    assert lines == ["✘ `x` is not right yet.", "Stuck? Run q1.hint() in a new cell."]


def test_a_calendar_edited_by_hand_does_not_pass_the_plan_rules():
    """m07 Task 5 judges the calendar made from the participant's own slots and mix: editing the
    calendar's cells to satisfy the rules (evening, short video) is named, not passed."""
    task = _tasks(MODULES["m07"])[4]
    calendar, slots, mix = _answers(task)
    edited = calendar.copy()
    edited["format"] = "short_video"
    edited["evening_or_weekend"] = True
    message = _message(task, edited, slots, mix)
    assert "is not the one your `slots` and `planned_mix` give" in message


def test_a_function_task_refuses_the_courses_own_function():
    task = next(t for t in _tasks(MODULES["m01"]) if t.calls)
    assert "one of the course's own functions" in _message(task, task.expected)
