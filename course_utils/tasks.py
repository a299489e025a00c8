"""Self-study checks: one declarative definition per exercise task, learntools-style.

Each exercise has a module in `course_utils.exercises` (`m01.py`, ...) that defines its tasks
once: how the right answer is computed from the course data, the typical mistakes (each one a
wrong answer computed the way the mistake computes it, with the message that names it), the
hints in steps, and the points. The exercise notebook imports them and calls

    q1.check(official_trust_2021)   # in the check cell: right, a named mistake, or what to fix
    q1.hint()                       # the idea;  q1.hint(2): part of the line
    q1.solution()                   # the worked code, when the course copy has its solutions

A check that passes prints one line; one that fails raises `AnswerError`, which Jupyter shows as
the message alone, without a Python traceback (IPython's `_render_traceback_`), and which makes
nbgrader give the cell no points. For a task that asks for a function, `check` calls it with the
inputs the task shows and `grade` (the one line of the hidden tests) with other inputs, so a
function that returns a hard-coded answer fails when the instructor grades.

The solutions are read from the course's nbgrader source, `solutions/<exercise>/`, the one
place they are written. A course copy without that folder (the seminar hub gives participants
none) has no worked solutions to show: `solution()` says so. What stays readable, as with any
visible test, is the code here that computes the right value: a check cannot say "right" without
it. A function task refuses the course's own functions as an answer.
"""

from __future__ import annotations

import ast
import inspect
import json
import math
import os
import re
import types
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from . import checks
from .checks import AnswerError
from .i18n import _, translate
from .paths import COURSE_ROOT

_NUMBER = (int, float, np.integer, np.floating)
_PACKAGE = Path(__file__).resolve().parent
_PLACEHOLDER = re.compile(r"^\s*[\w, ]+ = \.\.\.\s*$")


def solutions_dir() -> Path:
    """Where the worked solutions are: $CIVIC_CHANNELS_SOLUTIONS if set, else `solutions/`."""
    override = os.environ.get("CIVIC_CHANNELS_SOLUTIONS")
    return Path(override) if override else COURSE_ROOT / "solutions"


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer: `answer` computes it as the mistake would, `says` names it.

    `answer` takes the same inputs as the task's `expected`. For a task with several answers,
    `of` names the one this mistake is about.
    """

    answer: Callable
    says: str
    of: str | None = None


@dataclass(frozen=True)
class Task:
    """One exercise task: the right answer, its typical mistakes, hints and where its solution is."""

    exercise: str
    number: int
    names: tuple[str, ...]
    expected: Callable
    hints: tuple[str, ...]
    mistakes: tuple[Mistake, ...] = ()
    calls: tuple[tuple, ...] = ()
    grading_calls: tuple[tuple, ...] = ()
    tolerance: float = 0.01
    ordered: bool = False
    percent: bool = False
    options: tuple[str, ...] = ()
    right: str = ""
    parts: tuple[str, ...] = ()
    only_columns: bool = False

    # -- what a participant calls --------------------------------------------------------------

    def check(self, *answers, **inputs) -> None:
        """Say whether the answer is right; name the mistake it looks like if it is not."""
        if self.calls:
            self._check_function(answers, self.calls)
        else:
            self._check_values(answers, inputs)
        right = self.text(self.right) if self.right else ""
        said = _("✔ Task {number}: right.", number=self.number)
        print(f"{said} {right}".rstrip())

    def grade(self, *answers, **inputs) -> None:
        """The hidden test: a function is also called with other inputs than those shown."""
        if self.calls:
            self._check_function(answers, self.calls + self.grading_calls)
        else:
            self._check_values(answers, inputs)

    def hint(self, step: int = 1) -> None:
        """Show hint `step` (1: the idea, 2: part of the line, ...)."""
        _show_markdown(self.hint_text(step))

    def solution(self) -> None:
        """Show the worked code, if this course copy has its solutions."""
        _show_markdown(self.solution_text())

    def text(self, message: str) -> str:
        """A text of this task (a hint, a mistake's message) in the course language."""
        return translate(message, self.exercise[:3])

    def hint_text(self, step: int = 1) -> str:
        n, count = self.number, len(self.hints)
        if type(step) is not int or not 1 <= step <= count:
            return _("Task {n} has hints 1 to {count}: `q{n}.hint(1)`.", n=n, count=count)
        head = _("Hint {step} of {count}", step=step, count=count)
        text = f"**{head}** · {self.text(self.hints[step - 1])}"
        if step < count:
            text += "\n\n" + _("(More: `q{n}.hint({next})`.)", n=n, next=step + 1)
        else:
            text += "\n\n" + _("(Still stuck? `q{n}.solution()` shows the worked code.)", n=n)
        return text

    def solution_text(self) -> str:
        code = self.solution_code()
        if code is None:
            return _(
                "The worked solution of Task {n} is not available here: this copy of the course "
                "has no solutions (in a graded seminar your instructor keeps them until the "
                "deadline). Try `q{n}.hint(1)` and `q{n}.hint(2)`, or ask your instructor.",
                n=self.number,
            )
        head = _("Solution to Task {n}:", n=self.number)
        return f"**{head}**\n\n```python\n{code}\n```"

    def solution_code(self) -> str | None:
        """The solution regions of the task's answer cells in the nbgrader source, or None."""
        path = solutions_dir() / self.exercise / f"{self.exercise}.ipynb"
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            return None
        wanted = (f"q{self.number}_answer",)
        parts = []
        for cell in cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", cell.get("id"))
            if grade_id in wanted and cell.get("cell_type") == "code":
                parts.append(_solution_lines("".join(cell["source"])))
        return _without_scaffold("\n\n".join(parts)) if parts else None

    def __repr__(self) -> str:
        return _(
            "Task {n} ({names}): q{n}.check(...) checks your answer, q{n}.hint() gives a hint, "
            "q{n}.solution() the worked code.",
            n=self.number,
            names=", ".join(self.names),
        )

    # -- judging values ------------------------------------------------------------------------

    def _fail(self, message: str) -> None:
        stuck = _("Stuck? Run q{n}.hint() in a new cell.", n=self.number)
        raise AnswerError(f"{self.text(message)}\n{stuck}")

    def _check_values(self, answers: tuple, inputs: dict) -> None:
        if len(answers) != len(self.names):
            expected = ", ".join(self.names)
            raise AnswerError(
                _(
                    "q{n}.check needs {count} answer(s): {expected}. The check cell is locked; "
                    "run it as it is.",
                    n=self.number,
                    count=len(self.names),
                    expected=expected,
                )
            )
        wanted = self.expected(**inputs)
        if len(self.names) == 1:
            wanted = (wanted,)
        for name, got, want in zip(self.names, answers, wanted, strict=True):
            self._judge(got, want, name, lambda m, name=name: m.answer(**inputs), name)

    def _check_function(self, answers: tuple, calls: tuple[tuple, ...]) -> None:
        (function,) = answers
        name = self.names[0]
        if function is ... or function is None:
            self._fail(
                _("`{name}` has no answer yet: run the cell that defines it first.", name=name)
            )
        if not isinstance(function, types.FunctionType):
            self._fail(
                _(
                    "`{name}` should be the function you completed, but it is {shown}. Run the "
                    "cell that defines it (the one with `def {name}`).",
                    name=name,
                    shown=checks._show(function),
                )
            )
        if Path(function.__code__.co_filename).resolve().is_relative_to(_PACKAGE):
            self._fail(
                _(
                    "`{name}` is one of the course's own functions, not the one you completed. "
                    "Run the cell with `def {name}` and check your function.",
                    name=name,
                )
            )
        results = []
        for args in calls:
            shown = _call_text(name, args)
            refusal = _refusal(self.expected, args)
            try:
                result = function(*args)
            except AnswerError:
                raise
            except Exception as error:  # the participant's code failed: say where, not a traceback
                if refusal is not None and isinstance(error, refusal):
                    results.append(_Refused(refusal))
                    continue
                self._fail(_error_text(shown, error))
            if refusal is not None:
                self._fail(
                    _(
                        "{call} should stop with a {error} error (the data cannot give this "
                        "number), but it returns {result}. Let the course's function refuse: do "
                        "not replace a missing measure with 0 or an empty value.",
                        call=shown,
                        error=refusal.__name__,
                        result=checks._show(result),
                    )
                )
            if result is ...:
                self._fail(
                    _(
                        "{call} returns `...`: replace the `...` inside the function with your code.",
                        call=shown,
                    )
                )
            results.append(result)
        answered = [
            (a, r) for a, r in zip(calls, results, strict=True) if not isinstance(r, _Refused)
        ]

        def ignores_input():
            self._same_for_all(function, [a for a, _ in answered], [r for _, r in answered])

        for i, (args, result) in enumerate(answered):
            want = self.expected(*args)
            shown = _call_text(name, args)
            try:
                self._judge(
                    result, want, shown, lambda m, args=args: m.answer(*args), name, ignores_input
                )
            except AnswerError as error:
                if i == 0:
                    raise
                also = _("The check also tries {call}.", call=shown)
                raise AnswerError(f"{also} {error}") from None

    def _same_for_all(self, function, calls, results) -> None:
        """A function that ignores its input gives one answer for every call."""
        for i in range(len(calls)):
            for j in range(i + 1, len(calls)):
                a, b = calls[i], calls[j]
                if _same(results[i], results[j], self) and not _same(
                    self.expected(*a), self.expected(*b), self
                ):
                    changed = [
                        p
                        for p, x, y in zip(_parameters(function), a, b, strict=False)
                        if _differ(x, y)
                    ]
                    first, second = _call_text(self.names[0], a), _call_text(self.names[0], b)
                    if changed:
                        self._fail(
                            _(
                                "{first} and {second} give the same result. Does the function "
                                "use the `{input}` it is given?",
                                first=first,
                                second=second,
                                input=changed[0],
                            )
                        )
                    self._fail(
                        _(
                            "{first} and {second} give the same result. Does the function use "
                            "what it is given?",
                            first=first,
                            second=second,
                        )
                    )

    def _named_mistake(self, got, want, wrong_of: Callable, name: str) -> str | None:
        """The message of the first typical mistake `got` is, where that mistake's answer is
        not also the right one (for some inputs a mistake gives the right answer)."""
        for mistake in self.mistakes:
            if mistake.of not in (None, name):
                continue
            wrong = wrong_of(mistake)
            if _same(got, wrong, self) and not _same(wrong, want, self):
                return mistake.says
        return None

    def _judge(
        self, got, want, shown: str, wrong_of: Callable, name: str, generic: Callable | None = None
    ) -> None:
        """Fail with the clearest message unless `got` is the right answer `want`."""
        try:
            _validate(got, want, shown, self)
        except AnswerError as error:
            # a typical mistake can change the kind of answer (a duration for a number of
            # minutes, a row the right table does not have): name it rather than the kind
            says = self._named_mistake(got, want, wrong_of, name)
            if says:
                self._fail(says)
            self._fail(str(error))
        if _same(got, want, self):
            return
        says = self._named_mistake(got, want, wrong_of, name)
        if says:
            self._fail(says)
        if generic is not None:
            generic()
        self._fail(_difference(got, want, shown, self))


@dataclass(frozen=True)
class MistakesFirst(Task):
    """A task that names a typical mistake before it checks the kind of the answer.

    `Task` first checks that an answer is the right kind (a percentage between 0 and 100, one of
    the ids, a table with the right row labels) and only then looks for the typical mistakes, so a
    mistake whose answer is not that kind (a total where a rate is asked, a name instead of an id,
    a table with other rows) gets a generic message instead of its own. `diagnose(answer)` may
    then say in words what is wrong with a table, instead of the generic message (which lists every
    row label that is missing). A function whose tables are the same for every input is told so
    before its row labels are compared.
    """

    diagnose: Callable | None = None

    def _judge(self, got, want, shown, wrong_of, name, generic=None):
        if got is not ... and got is not None and not _same(got, want, self):
            says = self._named_mistake(got, want, wrong_of, name)
            if says:
                self._fail(says)
            message = self.diagnose(got) if self.diagnose is not None else None
            if message:
                self._fail(message)
            if generic is not None and isinstance(got, pd.DataFrame | pd.Series):
                generic()
        super()._judge(got, want, shown, wrong_of, name, generic)


def mistakes_first(exercise, number, names, expected, diagnose=None, **kw) -> MistakesFirst:
    """`exercise.task(...)`, as a task that names the typical mistakes first."""
    base = exercise.task(number, names, expected, **kw)
    values = {f.name: getattr(base, f.name) for f in fields(base)}
    return MistakesFirst(**values, diagnose=diagnose)


# -- helpers -----------------------------------------------------------------------------------


class Exercise:
    """The tasks of one exercise: `Exercise("m01_media_landscape").task(1, ...)`."""

    def __init__(self, exercise: str):
        self.exercise = exercise

    def task(self, number: int, names: str | tuple[str, ...], expected: Callable, **kw) -> Task:
        if isinstance(names, str):
            names = (names,)
        hints = tuple(kw.pop("hints"))
        if len(hints) < 2:
            raise ValueError(f"{self.exercise} task {number}: give at least two hints")
        return Task(self.exercise, number, tuple(names), expected, hints, **kw)


def _show_markdown(text: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        print(text)
        return
    if get_ipython() is None:
        print(text)
    else:
        display(Markdown(text))


def _solution_lines(source: str) -> str:
    """A solution cell as a participant should read it: no nbgrader markers, no placeholders."""
    lines = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped in ("### BEGIN SOLUTION", "### END SOLUTION") or stripped.startswith(
            "# Stuck?"
        ):
            continue
        if _PLACEHOLDER.match(line):
            continue
        lines.append(line)
    return "\n".join(lines).strip("\n")


class _Refused:
    """A call that stopped, as it should, with the error the task expects."""

    def __init__(self, error: type):
        self.error = error


def _refusal(expected: Callable, args: tuple) -> type | None:
    """The error type the right answer stops with for these inputs (None if it gives a value)."""
    try:
        expected(*args)
    except Exception as error:
        return type(error)
    return None


def _error_text(shown: str, error: Exception) -> str:
    """What a participant's function stopped with, in plain words where we can."""
    if isinstance(error, KeyError):
        return _(
            "{call} stopped: there is no column or row called {key}. Check the spelling "
            "(table.columns lists the columns); for two columns use two pairs of brackets: "
            'table[["a", "b"]].',
            call=shown,
            key=error,
        )
    return _(
        "{call} stopped with an error: {error}: {detail}. Look at the line you wrote inside "
        "the function.",
        call=shown,
        error=type(error).__name__,
        detail=error,
    )


def _overwritten(body: list[ast.stmt]) -> list[ast.stmt]:
    """Assignments in `body` (and nested bodies) that a later statement assigns again before
    anything reads them: the scaffold (`values = pd.Series({"response_rate": ..., ...})`) that the
    solution replaces."""
    found = []
    for i, statement in enumerate(body):
        targets = getattr(statement, "targets", [])
        if isinstance(statement, ast.Assign) and [type(t) for t in targets] == [ast.Name]:
            name = targets[0].id
            for later in body[i + 1 :]:
                read = {
                    n.id
                    for n in ast.walk(later)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
                }
                if name in read:
                    break
                if isinstance(later, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in later.targets
                ):
                    found.append(statement)
                    break
        for field in ("body", "orelse"):
            found += _overwritten(getattr(statement, field, []))
    return found


def _without_scaffold(code: str) -> str:
    """The worked code without the scaffold lines its solution overwrites before reading them
    (`summary = pd.Series({"rate": ..., ...})` followed by the real `summary = ...`)."""
    try:
        dropped = _overwritten(ast.parse(code).body)
    except SyntaxError:
        return code
    gone = {n for s in dropped for n in range(s.lineno, s.end_lineno + 1)}
    return "\n".join(line for n, line in enumerate(code.splitlines(), 1) if n not in gone)


def _call_text(name: str, args: tuple) -> str:
    return f"{name}({', '.join(_argument_text(a) for a in args)})"


def _argument_text(value) -> str:
    """An input as a message shows it: a table by its name (`attrs["shown_as"]`), not whole."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return str(value.attrs.get("shown_as", _("a table")))
    return repr(value)


def _differ(a, b) -> bool:
    """Are two inputs of a function different (tables compared by identity)?"""
    if isinstance(a, pd.DataFrame | pd.Series | np.ndarray) or isinstance(
        b, pd.DataFrame | pd.Series | np.ndarray
    ):
        return a is not b
    try:
        return bool(a != b)
    except (TypeError, ValueError):
        return a is not b


def _parameters(function) -> list[str]:
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return []


def _validate(got, want, name: str, task: Task) -> None:
    """Messages about the kind of answer (a number, a table, ...), before its value."""
    checks.check_answered(got, name)
    if isinstance(want, bool):
        if type(got) not in (bool, np.bool_):
            checks._fail(
                _(
                    "`{name}` should be True or False, but it is {shown}.",
                    name=name,
                    shown=checks._show(got),
                )
            )
    elif isinstance(want, _NUMBER):
        number = checks._number(got, name)
        if task.percent and not 0 <= number <= 100:
            checks._fail(
                _(
                    "`{name}` should be a percentage between 0 and 100, but it is {number}. "
                    "Check the numerator and the denominator: is one of them the wrong column?",
                    name=name,
                    number=checks.number_text(number),
                )
            )
    elif isinstance(want, str):
        text = checks._plain_text(got, name)
        if task.options and text.strip().lower() not in {o.lower() for o in task.options}:
            checks.check_choice(got, task.options, name)
    elif isinstance(want, pd.Series):
        if isinstance(got, pd.DataFrame) and got.shape[1] > 1:
            checks._fail(
                _(
                    "`{name}` should be one column (a Series), but it is {shown}. Pick the "
                    "column with ['column name'].",
                    name=name,
                    shown=checks._show(got),
                )
            )
        checks._series(got, name, index=want.index)
    elif isinstance(want, pd.DataFrame):
        checks.check_table(got, name, columns=[str(c) for c in want.columns])
        extra = [str(c) for c in got.columns if str(c) not in {str(w) for w in want.columns}]
        if task.only_columns and extra:
            keep = ", ".join(f'"{c}"' for c in want.columns)
            checks._fail(
                _(
                    "`{name}` should have only the columns {columns}; it also has {extra}. Keep "
                    "only those: table[[{keep}]].",
                    name=name,
                    columns=[str(c) for c in want.columns],
                    extra=extra[:5],
                    keep=keep,
                )
            )
        checks._series(got.iloc[:, 0], name, index=want.index)
    elif isinstance(want, tuple):
        if not isinstance(got, tuple | list) or len(got) != len(want):
            listed = (
                f" ({', '.join(task.parts)}: `return {', '.join(task.parts)}`)"
                if task.parts
                else ""
            )
            checks._fail(
                _(
                    "`{name}` should be {count} values{listed}, but it is {shown}.",
                    name=name,
                    count=len(want),
                    listed=listed,
                    shown=checks._show(got),
                )
            )
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _validate(g, w, _part_name(name, i, task), task)


def _part_name(name: str, i: int, task: Task) -> str:
    if i < len(task.parts):
        return _("{part} (value {i} of {name})", part=task.parts[i], i=i + 1, name=name)
    return f"{name}[{i}]"


def _close(a: float, b: float, tolerance: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-9)


def _labels(index) -> list[str]:
    return [str(i) for i in index]


def _same(got, want, task: Task) -> bool:
    """Is `got` (already validated as the right kind) the answer `want`?"""
    try:
        same = _equal(got, want, task)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError):
        return False
    return type(same) in (bool, np.bool_) and bool(same)  # never a table of comparisons


def _equal(got, want, task: Task) -> bool:
    if isinstance(want, bool):
        return type(got) in (bool, np.bool_) and bool(got) == want
    if isinstance(want, _NUMBER):
        if isinstance(got, bool) or not isinstance(got, _NUMBER) or not checks._is_plain(got):
            return False
        return _close(float(got), float(want), task.tolerance)
    if isinstance(want, str):
        return type(got) in (str, np.str_) and got.strip().lower() == want.strip().lower()
    if isinstance(want, pd.Series):
        if isinstance(got, pd.DataFrame) and got.shape[1] == 1:
            got = got.iloc[:, 0]
        if type(got) is not pd.Series or sorted(_labels(got.index)) != sorted(_labels(want.index)):
            return False
        if task.ordered and _labels(got.index) != _labels(want.index):
            return False
        return _series_equal(got, want, task)
    if isinstance(want, pd.DataFrame):
        if type(got) is not pd.DataFrame:
            return False
        if getattr(task, "only_columns", False) and len(got.columns) != len(want.columns):
            return False
        if sorted(_labels(got.index)) != sorted(_labels(want.index)):
            return False
        if task.ordered and _labels(got.index) != _labels(want.index):
            return False
        return all(
            str(c) in got.columns and _series_equal(got[str(c)], want[c], task)
            for c in want.columns
        )
    if isinstance(want, tuple):
        return (
            isinstance(got, tuple | list)
            and len(got) == len(want)
            and all(_equal(g, w, task) for g, w in zip(got, want, strict=True))
        )
    return got == want


def _series_equal(got: pd.Series, want: pd.Series, task: Task) -> bool:
    got = got.copy()
    got.index = _labels(got.index)
    want = want.copy()
    want.index = _labels(want.index)
    got = got[~got.index.duplicated()].reindex(want.index)
    if pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want):
        numbers = pd.to_numeric(got, errors="coerce").astype(float)
        return all(_close(float(numbers[k]), float(want[k]), task.tolerance) for k in want.index)
    return [str(v).strip().lower() for v in got] == [str(v).strip().lower() for v in want]


def _difference(got, want, name: str, task: Task) -> str:
    """What is wrong with an answer that is the right kind but not the right value."""
    if isinstance(want, _NUMBER) and not isinstance(want, bool):
        number = float(got)
        if task.percent and 0 < number < 1 and _close(number * 100, float(want), task.tolerance):
            return _(
                "`{name}` is a share between 0 and 1: multiply by 100 to make it a percentage.",
                name=name,
            )
        if float(want) != 0 and _close(-number, float(want), task.tolerance):
            return _(
                "`{name}` has the right size but the wrong sign: subtract the other way round "
                "(the later or the larger one first, as the task says).",
                name=name,
            )
        if any(number == round(float(want), digits) for digits in (0, 1, 2)):
            return _(
                "`{name}` looks rounded ({number}): keep every decimal; round only when you "
                "write the number in a sentence.",
                name=name,
                number=format(number, "g"),
            )
        shown = checks.number_text(number)
        if number > float(want):
            return _("`{name}` is not right yet: {number} is too high.", name=name, number=shown)
        return _("`{name}` is not right yet: {number} is too low.", name=name, number=shown)
    if isinstance(want, str):
        return _(
            "`{name}` is {answer}: that is not the one. Look again at what the task asks for.",
            name=name,
            answer=repr(got),
        )
    if isinstance(want, pd.Series | pd.DataFrame):
        if task.ordered and _same(got, want, _Unordered(task)):
            return _(
                "`{name}` has the right values but in the wrong order: sort it, largest first.",
                name=name,
            )
        columns = [want.name] if isinstance(want, pd.Series) else list(want.columns)
        wrong = _wrong_labels(got, want, task, columns)
        if wrong:
            return _("`{name}` is not right yet for {labels}.", name=name, labels=wrong[:5])
        return _("`{name}` is not right yet.", name=name)
    if isinstance(want, tuple):
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if not _same(g, w, task):
                return _difference(g, w, _part_name(name, i, task), task)
    return _("`{name}` is not right yet.", name=name)


class _Unordered:
    """A view of a task's comparison settings that ignores order."""

    def __init__(self, task: Task):
        self.tolerance = task.tolerance
        self.ordered = False


def _wrong_labels(got, want, task: Task, columns: list) -> list[str]:
    if isinstance(got, pd.DataFrame) and isinstance(want, pd.Series):
        got = got.iloc[:, 0]
    wrong = []
    for label in want.index:
        key = str(label)
        matches = [i for i in got.index if str(i) == key]
        if not matches:
            wrong.append(key)
            continue
        for column in columns:
            if isinstance(want, pd.Series):
                w, g = want[label], got[matches[0]]
            else:
                w, g = want.loc[label, column], got.loc[matches[0], str(column)]
            if isinstance(w, _NUMBER) and not isinstance(w, bool):
                ok = isinstance(g, _NUMBER) and _close(float(g), float(w), task.tolerance)
            else:
                ok = str(g).strip().lower() == str(w).strip().lower()
            if not ok:
                wrong.append(key)
                break
    return wrong
