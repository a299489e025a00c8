"""Friendly checks for exercise test cells.

Each check stays silent when an answer is fine and otherwise raises `AnswerError`, an
AssertionError whose message says in plain words what is wrong and what to try. nbgrader shows
that message alone under the test cell, so a participant sees

    ✘ Engagement rate should be a percentage between 0 and 100, but it is 0.031.
    Did you forget to multiply by 100?

instead of a Python traceback ending in a bare AssertionError.

Checks return None on purpose: nbgrader reads a number left as the last value of a test cell
as partial credit, so a check must never leave one behind.

Checks only trust plain values: Python's and numpy's numbers, text and True/False, pandas'
tables. An object of a class made in the notebook (a `str` whose `==` always says yes, a number
whose `float()` lies) fails with a message, so no answer can talk a check into passing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .i18n import _


class AnswerError(AssertionError):
    """An answer is not right yet; the message says why and what to try.

    Jupyter shows it as the message alone, without a Python traceback: IPython asks an
    exception for `_render_traceback_` before it formats one. The cell still fails, so nbgrader
    gives it no points.
    """

    def _render_traceback_(self) -> list[str]:
        return ["✘ " + line if i == 0 else line for i, line in enumerate(str(self).splitlines())]


def _fail(message: str) -> None:
    raise AnswerError(message)


def number_text(number: float) -> str:
    """A number as an Excel user reads it: 34,630 or 2.51 or 0.0031, never 3.463e+04."""
    if math.isnan(number) or math.isinf(number):
        return str(number)
    if abs(number) >= 1000:
        return f"{number:,.0f}"
    return f"{number:.4g}" if abs(number) >= 1e-4 or number == 0 else f"{number:.2e}"


def _show(value) -> str:
    if isinstance(value, float | np.floating):
        return number_text(float(value))
    if isinstance(value, np.integer):
        return str(int(value))
    if isinstance(value, pd.Timedelta):
        return _("a duration ({value})", value=value)
    if isinstance(value, pd.DataFrame):
        return _(
            "a table with {rows} rows and columns {columns}",
            rows=len(value),
            columns=list(value.columns),
        )
    if isinstance(value, pd.Series):
        return _("a column (Series) with {count} values", count=len(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_plain(value) -> bool:
    """True for values of Python's or numpy's own types (not of a class made in the notebook)."""
    return type(value).__module__ in ("builtins", "numpy")


def _truth(condition) -> bool:
    if type(condition) is bool:
        return condition
    if not _is_plain(condition):
        _fail(
            _(
                "The check got {kind} where it expected True or False: an object of a class made "
                "in the notebook. Answer with plain numbers, text or tables.",
                kind=repr(type(condition).__name__),
            )
        )
    return bool(condition)


def expect(condition: bool, message: str) -> None:
    """Fail with `message` (written for the participant) unless condition is true."""
    if not _truth(condition):
        _fail(message)


def _plain_text(value, name: str) -> str:
    if isinstance(value, str) and type(value) not in (str, np.str_):
        _fail(
            _(
                "`{name}` should be plain text, but it is a {kind}, a kind of text made in the "
                "notebook. Use the text itself, for example the region's name in quotes.",
                name=name,
                kind=repr(type(value).__name__),
            )
        )
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index | np.ndarray | list | tuple):
        _fail(
            _(
                "`{name}` is a whole row, column or table ({kind}), not one label. The answer is "
                'only the label in quotes, like "region_q": use .idxmax() or .index[0] to pick it.',
                name=name,
                kind=type(value).__name__,
            )
        )
    if not _is_plain(value) and not isinstance(value, pd.Timestamp):
        _fail(
            _(
                '`{name}` should be plain text, like "region_q", but it is {shown}.',
                name=name,
                shown=_show(value),
            )
        )
    return str(value)


def check_answered(value, name: str) -> None:
    """Fail if `name` still holds the placeholder `...` or None."""
    if value is ... or value is None:
        _fail(
            _(
                "`{name}` has no answer yet. Replace the `...` with your code and run the cell "
                "again (if that cell showed an error, fix it first).",
                name=name,
            )
        )


def _number(value, name: str) -> float:
    check_answered(value, name)
    if isinstance(value, pd.Series) and len(value) == 1:
        _fail(
            _(
                "`{name}` should be a single number, but it is a column with one value. Add "
                ".iloc[0] to take the value itself.",
                name=name,
            )
        )
    if isinstance(value, pd.Series) and pd.api.types.is_bool_dtype(value):
        _fail(
            _(
                "`{name}` should be a single number, but it is a column of True/False. For the "
                "share (%) of True, add .mean() * 100; for how many are True, add .sum().",
                name=name,
            )
        )
    if isinstance(value, pd.DataFrame | pd.Series | np.ndarray | list | tuple | dict):
        _fail(
            _(
                "`{name}` should be a single number, but it is {shown}. Pick one value, for "
                "example with .loc[row, column], or add up or average the column.",
                name=name,
                shown=_show(value),
            )
        )
    if isinstance(value, pd.Timedelta):
        _fail(
            _(
                "`{name}` should be a number, but it is a duration ({value}). For hours, divide "
                ".total_seconds() by 3600 (for minutes, by 60).",
                name=name,
                value=value,
            )
        )
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        _fail(
            _(
                "`{name}` should be a number, but it is {shown} ({kind}).",
                name=name,
                shown=_show(value),
                kind=type(value).__name__,
            )
        )
    if not _is_plain(value):
        _fail(
            _(
                "`{name}` should be a plain number, but it is a {kind}, a kind of number made in "
                "the notebook. Use the number itself.",
                name=name,
                kind=repr(type(value).__name__),
            )
        )
    number = float(value)
    if math.isnan(number):
        _fail(
            _(
                "`{name}` is NaN (not a number). Check that you are not dividing by zero or by an "
                "empty selection.",
                name=name,
            )
        )
    return number


def check_number(value, name: str) -> None:
    """Fail unless `value` is a single number (not a table, a column or text)."""
    _number(value, name)


def check_percentage(value, name: str) -> None:
    """Fail unless `value` is a number between 0 and 100; hint at a missing × 100."""
    number = _number(value, name)
    if 0 < number < 1:
        _fail(
            _(
                "{name} should be a percentage between 0 and 100, but it is {number}. Did you "
                "forget to multiply by 100?",
                name=name,
                number=number_text(number),
            )
        )
    if not 0 <= number <= 100:
        _fail(
            _(
                "{name} should be a percentage between 0 and 100, but it is {number}. "
                "Check the numerator and the denominator: is one of them the wrong column?",
                name=name,
                number=number_text(number),
            )
        )


def check_between(value, low: float, high: float, name: str, hint: str = "") -> None:
    """Fail unless low ≤ value ≤ high."""
    number = _number(value, name)
    if not low <= number <= high:
        said = _(
            "{name} should be between {low} and {high}, but it is {number}.",
            name=name,
            low=format(low, "g"),
            high=format(high, "g"),
            number=number_text(number),
        )
        _fail(f"{said} {hint}".strip())


def check_close(
    value, expected: float, name: str, *, tolerance: float = 0.01, hint: str = ""
) -> None:
    """Fail unless value is within `tolerance` (relative, default 1%) of `expected`.

    The message does not reveal the expected number; it says whether the answer is too high or
    too low and adds the hint.
    """
    number = _number(value, name)
    expected = float(expected)
    if not math.isclose(number, expected, rel_tol=tolerance, abs_tol=1e-9):
        if number > expected:
            said = _(
                "{name} is not right yet: {number} is too high.",
                name=name,
                number=number_text(number),
            )
        else:
            said = _(
                "{name} is not right yet: {number} is too low.",
                name=name,
                number=number_text(number),
            )
        _fail(f"{said} {hint}".strip())


def check_table(value, name: str, columns: Iterable[str] = (), min_rows: int = 1) -> None:
    """Fail unless value is a table (DataFrame) with the given columns and at least min_rows rows."""
    check_answered(value, name)
    if isinstance(value, pd.Series):
        wanted = f" ({', '.join(map(str, columns))})" if columns else ""
        _fail(
            _(
                "`{name}` should be a table (DataFrame) with its columns{wanted}, but it is a "
                "single column (Series). Pick several columns with two pairs of brackets: "
                'table[["a", "b"]].',
                name=name,
                wanted=wanted,
            )
        )
    if not isinstance(value, pd.DataFrame):
        _fail(
            _(
                "`{name}` should be a table (DataFrame), but it is {shown}.",
                name=name,
                shown=_show(value),
            )
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        _fail(
            _(
                "The table `{name}` needs the column(s) {missing}; it has {columns}.",
                name=name,
                missing=missing,
                columns=list(value.columns),
            )
        )
    if len(value) < min_rows:
        _fail(
            _(
                "The table `{name}` has {rows} rows; it should have at least {least}. Is your "
                "filter too strict?",
                name=name,
                rows=len(value),
                least=min_rows,
            )
        )


def check_series(value, name: str, index: Iterable | None = None) -> None:
    """Fail unless value is a Series (one column), optionally with exactly these index labels."""
    _series(value, name, index)


def _series(value, name: str, index: Iterable | None = None) -> pd.Series:
    check_answered(value, name)
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if not isinstance(value, pd.Series):
        _fail(
            _(
                "`{name}` should be one column of numbers (a Series), but it is {shown}.",
                name=name,
                shown=_show(value),
            )
        )
    if type(value) is not pd.Series:
        _fail(
            _(
                "`{name}` should be a plain pandas Series, not a {kind}.",
                name=name,
                kind=repr(type(value).__name__),
            )
        )
    if index is not None:
        expected = {str(i) for i in index}
        got = {str(i) for i in value.index}
        if got != expected:
            missing, extra = sorted(expected - got), sorted(got - expected)
            detail = []
            if missing:
                detail.append(_("missing {labels}", labels=_few(missing)))
            if extra:
                detail.append(_("unexpected {labels}", labels=_few(extra)))
            if (
                got
                and all(label.isdigit() for label in got)
                and not any(label.isdigit() for label in expected)
            ):
                _fail(
                    _(
                        "The rows of `{name}` are numbered 0, 1, 2, ... instead of labelled (like "
                        "{labels}). Do not use .reset_index(); label the rows with .set_index(...) "
                        "if the task asks for it.",
                        name=name,
                        labels=_few(sorted(expected)[:2]),
                    )
                )
            if len(expected) <= 12:
                _fail(
                    _(
                        "`{name}` should have one value for each of {labels}: {detail}.",
                        name=name,
                        labels=sorted(expected),
                        detail=", ".join(detail),
                    )
                )
            if len(got) == len(expected):
                _fail(
                    _(
                        "The rows of `{name}` have other labels than expected: {detail}. Label "
                        "the rows by the column the task names (.set_index(...)).",
                        name=name,
                        detail=", ".join(detail),
                    )
                )
            _fail(
                _(
                    "`{name}` should have {count} rows, one for each expected label; it has "
                    "{rows}: {detail}. Check the filter that picks the rows.",
                    name=name,
                    count=len(expected),
                    rows=len(got),
                    detail=", ".join(detail),
                )
            )
    return value


def _few(labels: list) -> str:
    """At most five labels, and how many more."""
    shown = ", ".join(repr(label) for label in labels[:5])
    if len(labels) <= 5:
        return f"[{shown}]"
    return _("[{shown}, ... and {more} more]", shown=shown, more=len(labels) - 5)


def check_series_close(
    value, expected: pd.Series, name: str, *, tolerance: float = 0.01, hint: str = ""
) -> None:
    """Fail unless each value matches the expected Series (same labels) within `tolerance`.

    A missing value (NaN) is right exactly where the expected value is missing too (for example
    Telegram's ER by reach: Telegram reports no reach)."""
    series = _series(value, name, index=expected.index)
    got = pd.to_numeric(series, errors="coerce").astype(float)
    got.index = got.index.map(str)
    want = pd.Series(expected, dtype=float)
    want.index = want.index.map(str)
    got = got.reindex(want.index)
    wrong = [
        label
        for label in want.index
        if not (
            (math.isnan(got[label]) and math.isnan(want[label]))
            or math.isclose(got[label], want[label], rel_tol=tolerance, abs_tol=1e-9)
        )
    ]
    if wrong:
        said = _("`{name}` is not right yet for {labels}.", name=name, labels=wrong[:5])
        _fail(f"{said} {hint}".strip())


def check_choice(value, options: Sequence[str], name: str) -> None:
    """Fail unless value is one of the allowed options (compared without case or spaces)."""
    check_answered(value, name)
    normalised = {str(o).strip().lower(): o for o in options}
    if (
        isinstance(value, int | np.integer)
        and not isinstance(value, bool)
        and all(isinstance(o, str) for o in options)
    ):
        _fail(
            _(
                "`{name}` is {shown}, a row number, not one of the labels. Label the rows first, "
                'for example with .set_index("akimat_id"), then use .idxmax().',
                name=name,
                shown=_show(value),
            )
        )
    key = _plain_text(value, name).strip().lower()
    if key not in normalised:
        shown = list(options) if len(options) <= 8 else [*list(options)[:6], "..."]
        _fail(
            _(
                "`{name}` should be one of {options}, but it is {shown}. Check the spelling.",
                name=name,
                options=shown,
                shown=_show(value),
            )
        )


def check_equal(value, expected, name: str, hint: str = "") -> None:
    """Fail unless value equals expected (for labels and names; use check_close for numbers)."""
    check_answered(value, name)
    if _plain_text(value, name).strip().lower() != str(expected).strip().lower():
        said = _("`{name}` is not right yet: {shown}.", name=name, shown=_show(value))
        _fail(f"{said} {hint}".strip())


def check_sorted(
    value: pd.Series | pd.DataFrame, name: str, by: str | None = None, descending: bool = True
) -> None:
    """Fail unless a Series (or a table's column `by`) is sorted, largest first by default."""
    check_answered(value, name)
    if not isinstance(value, pd.Series | pd.DataFrame):
        _fail(
            _(
                "`{name}` should be a table or a column, but it is {shown}.",
                name=name,
                shown=_show(value),
            )
        )
    column = value[by] if by is not None else value
    numbers = pd.to_numeric(pd.Series(column), errors="coerce").to_numpy(float)
    ordered = np.all(np.diff(numbers) <= 0) if descending else np.all(np.diff(numbers) >= 0)
    if not ordered:
        if descending:
            _fail(
                _(
                    "`{name}` should be sorted largest first. Try .sort_values(ascending=False).",
                    name=name,
                )
            )
        _fail(
            _(
                "`{name}` should be sorted smallest first. Try .sort_values(ascending=True).",
                name=name,
            )
        )
