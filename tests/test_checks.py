"""Exercise checks: a wrong answer must fail with its plain-language message; a right one passes."""

import inspect

import numpy as np
import pandas as pd
import pytest

from course_utils import checks
from course_utils.checks import (
    AnswerError,
    check_choice,
    check_close,
    check_equal,
    check_sorted,
    expect,
)


def fails_with(fragment, function, *args, **kwargs):
    with pytest.raises(AnswerError) as info:
        function(*args, **kwargs)
    assert fragment in str(info.value), f"message was: {info.value}"
    assert isinstance(info.value, AssertionError), (
        "nbgrader counts only AssertionErrors as failed tests"
    )


def test_percentage_given_as_a_fraction_asks_about_multiplying_by_100():
    fails_with(
        "Did you forget to multiply by 100?", checks.check_percentage, 0.031, "Engagement rate"
    )
    fails_with(
        "should be a percentage between 0 and 100",
        checks.check_percentage,
        0.031,
        "Engagement rate",
    )


def test_percentage_above_100_points_at_the_numerator_and_denominator():
    fails_with("numerator and the denominator", checks.check_percentage, 350.0, "ER")


def test_placeholder_left_in_place_says_to_replace_the_dots():
    fails_with("Replace the `...`", checks.check_number, ..., "n_posts")
    fails_with("has no answer yet", checks.check_table, None, "top5")


def test_a_table_where_a_number_is_expected_suggests_picking_one_value():
    fails_with("should be a single number", checks.check_number, pd.Series([1, 2]), "total")


def test_text_where_a_number_is_expected():
    fails_with("should be a number", checks.check_number, "12", "total")


def test_nan_mentions_dividing_by_zero():
    fails_with("dividing by zero", checks.check_number, float("nan"), "rate")


def test_close_says_too_high_or_too_low_without_revealing_the_answer():
    fails_with("too high", checks.check_close, 12.0, 10.0, "rate", hint="Use the median.")
    with pytest.raises(AnswerError) as info:
        checks.check_close(8.0, 10.0, "rate", hint="Use the median.")
    assert "too low" in str(info.value) and "Use the median." in str(info.value)
    assert "10" not in str(info.value).replace("8", "")


def test_between():
    fails_with("should be between 1 and 7", checks.check_between, 9, 1, 7, "posts per week")


def test_table_with_missing_columns_names_them():
    fails_with(
        "needs the column(s) ['reach']",
        checks.check_table,
        pd.DataFrame({"likes": [1]}),
        "top",
        columns=["reach"],
    )


def test_series_given_where_a_table_is_expected():
    fails_with("single column (Series)", checks.check_table, pd.Series([1]), "top")


def test_empty_table_asks_whether_the_filter_is_too_strict():
    fails_with(
        "filter too strict",
        checks.check_table,
        pd.DataFrame({"reach": []}),
        "top",
        columns=["reach"],
    )


def test_series_with_wrong_labels_lists_what_is_missing():
    fails_with(
        "missing ['tiktok']",
        checks.check_series,
        pd.Series({"instagram": 1.0}),
        "er",
        index=["instagram", "tiktok"],
    )


def test_series_close_names_the_wrong_labels():
    expected = pd.Series({"a": 1.0, "b": 2.0})
    fails_with(
        "not right yet for ['b']",
        checks.check_series_close,
        pd.Series({"a": 1.0, "b": 3.0}),
        expected,
        "x",
    )


def test_choice_suggests_checking_the_spelling():
    fails_with(
        "Check the spelling", checks.check_choice, "tik tok", ["tiktok", "telegram"], "platform"
    )


def test_unsorted_table_suggests_sort_values():
    fails_with(
        "sort_values(ascending=False)",
        checks.check_sorted,
        pd.DataFrame({"reach": [1, 3]}),
        "top5",
        by="reach",
    )


def test_expect_raises_the_given_message():
    fails_with("use & between", checks.expect, False, "use & between the two conditions")


def test_right_answers_pass_silently():
    checks.check_percentage(3.1, "ER")
    checks.check_close(10.04, 10.0, "x")
    checks.check_table(pd.DataFrame({"reach": [1]}), "t", columns=["reach"])
    checks.check_series(pd.Series({"a": 1}), "s", index=["a"])
    checks.check_choice("TikTok", ["tiktok"], "platform")
    checks.check_sorted(pd.Series([3, 2, 2, 1]), "s")
    checks.expect(True, "never shown")


@pytest.mark.parametrize("name", [n for n in dir(checks) if n.startswith("check_")])
def test_checks_return_nothing_so_nbgrader_never_reads_partial_credit(name):
    # nbgrader treats a number left as a test cell's last value as partial credit
    signature = inspect.signature(getattr(checks, name))
    assert signature.return_annotation in (None, "None")


# -- answers that lie about themselves ------------------------------------------------------------


class _AlwaysEqual(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class _LyingFloat(float):
    def __float__(self):
        return 4.5

    def __round__(self, n=None):
        return 4.5


class _Truthy:
    def __bool__(self):
        return True


def test_a_number_whose_float_lies_is_not_taken():
    with pytest.raises(AnswerError, match="plain number"):
        check_close(_LyingFloat(99.0), 4.5, "official_trust")


def test_text_whose_equality_always_says_yes_is_not_taken():
    with pytest.raises(AnswerError, match="plain text"):
        check_equal(_AlwaysEqual("anything"), "Region H", "top_region")
    with pytest.raises(AnswerError, match="plain text"):
        check_choice(_AlwaysEqual("anything"), ["Region H", "City X"], "top_region")


def test_a_condition_that_is_not_true_or_false_is_not_taken():
    with pytest.raises(AnswerError, match="True or False"):
        expect(_Truthy(), "never shown")


def test_numpy_numbers_and_booleans_are_plain():
    check_close(np.float64(4.5), 4.5, "x")
    expect(np.bool_(True), "never shown")


def test_check_sorted_says_an_unanswered_task_has_no_answer():
    with pytest.raises(AnswerError, match="no answer yet"):
        check_sorted(..., "top5", by="reach")


def test_check_series_close_accepts_missing_only_where_missing_is_expected():
    want = pd.Series({"instagram": 4.0, "telegram": float("nan")})
    checks.check_series_close(want.copy(), want, "er")
    with pytest.raises(checks.AnswerError, match="telegram"):
        checks.check_series_close(pd.Series({"instagram": 4.0, "telegram": 0.0}), want, "er")
    with pytest.raises(checks.AnswerError, match="instagram"):
        checks.check_series_close(
            pd.Series({"instagram": float("nan"), "telegram": float("nan")}), want, "er"
        )
