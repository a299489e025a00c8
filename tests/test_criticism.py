"""course_utils.criticism: the triage flow, response tables and Spearman, on hand-made tables."""

import doctest
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from course_utils import criticism


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _comments(rows):
    """A small comments table: (category, tone, sentiment) triples."""
    return pd.DataFrame(rows, columns=["category", "tone", "sentiment"])


def _times(values):
    return pd.to_datetime(pd.Series(values)).dt.tz_localize("Asia/Almaty")


# triage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "tone", "sentiment", "assessment", "action"),
    [
        ("abuse_spam", "neutral", "negative", "troll", "monitor"),
        ("abuse_spam", "hostile", "negative", "troll", "monitor"),
        ("complaint", "hostile", "negative", "rager", "monitor"),
        ("misinformation", "neutral", "neutral", "misguided", "fix the facts"),
        ("misinformation", "hostile", "negative", "misguided", "fix the facts"),
        ("complaint", "polite", "negative", "unhappy citizen", "rectify"),
        ("complaint", "neutral", "neutral", "unhappy citizen", "rectify"),
        ("question", "polite", "negative", "unhappy citizen", "rectify"),
        ("suggestion", "neutral", "negative", "unhappy citizen", "rectify"),
        ("question", "neutral", "neutral", "enquirer", "answer"),
        ("question", "polite", "positive", "enquirer", "answer"),
        ("suggestion", "neutral", "neutral", "enquirer", "answer"),
        ("praise", "polite", "positive", "positive", "let stand or concur"),
        ("praise", "polite", "negative", "positive", "let stand or concur"),
        ("suggestion", "polite", "positive", "positive", "let stand or concur"),
    ],
)
def test_triage_follows_the_response_flow(category, tone, sentiment, assessment, action):
    out = criticism.triage(_comments([(category, tone, sentiment)]))
    assert out["assessment"].iloc[0] == assessment
    assert out["action"].iloc[0] == action


def test_triage_adds_columns_without_changing_the_input():
    comments = _comments([("praise", "polite", "positive")])
    out = criticism.triage(comments)
    assert list(comments.columns) == ["category", "tone", "sentiment"]
    assert list(out.columns) == ["category", "tone", "sentiment", "assessment", "action"]


def test_triage_assessment_is_ordered_so_counts_list_every_assessment():
    out = criticism.triage(_comments([("abuse_spam", "neutral", "negative")] * 2))
    counts = out["assessment"].value_counts(sort=False)
    assert list(counts.index) == list(criticism.ASSESSMENTS)
    assert counts.tolist() == [2, 0, 0, 0, 0, 0]


def test_triage_works_on_categorical_columns_as_load_returns_them():
    comments = _comments([("complaint", "hostile", "negative")]).astype("category")
    assert criticism.triage(comments)["assessment"].iloc[0] == "rager"


def test_triage_names_the_missing_columns():
    with pytest.raises(KeyError, match="tone"):
        criticism.triage(pd.DataFrame({"category": ["praise"], "sentiment": ["positive"]}))


def test_assessment_flow_has_one_row_and_one_action_per_assessment():
    flow = criticism.assessment_flow()
    assert list(flow.index) == list(criticism.ASSESSMENTS)
    assert flow.loc["misguided", "action"] == "fix the facts"
    assert flow["what to do"].str.len().min() > 20


# negative share and response table ---------------------------------------------------------


def test_negative_share_is_the_percentage_of_negative_comments():
    assert criticism.negative_share(pd.Series(["negative", "neutral", "neutral", "positive"])) == 25
    assert math.isnan(criticism.negative_share(pd.Series([], dtype=str)))


@pytest.fixture
def small():
    """Two accounts. a: 3 comments, 2 replies after 1 h and 5 h. b: 2 comments, no reply."""
    t = _times(["2025-03-03 09:00"] * 5)
    replied_at = pd.Series(
        [t[0] + pd.Timedelta(hours=1), t[1] + pd.Timedelta(hours=5), pd.NaT, pd.NaT, pd.NaT]
    ).astype(t.dtype)
    return pd.DataFrame(
        {
            "account_id": ["a", "a", "a", "b", "b"],
            "commented_at": t,
            "replied": [True, True, False, False, False],
            "replied_at": replied_at,
            "sentiment": ["negative", "neutral", "negative", "positive", "negative"],
        }
    )


def test_response_table_counts_rates_median_hours_and_negative_share(small):
    table = criticism.response_table(small, by="account_id")
    assert table.loc["a", "comments"] == 3 and table.loc["a", "replied"] == 2
    assert table.loc["a", "response_rate_pct"] == pytest.approx(200 / 3)
    assert table.loc["a", "median_response_hours"] == pytest.approx(3.0)  # median of 1 h and 5 h
    assert table.loc["a", "negative_pct"] == pytest.approx(200 / 3)
    assert table.loc["b", "response_rate_pct"] == 0
    assert math.isnan(table.loc["b", "median_response_hours"])  # no reply, no waiting time
    assert table.loc["b", "negative_pct"] == 50


def test_response_table_by_two_columns_has_one_row_per_pair(small):
    small = small.assign(platform=["x", "y", "x", "x", "x"])
    table = criticism.response_table(small, by=["account_id", "platform"])
    assert list(table.index) == [("a", "x"), ("a", "y"), ("b", "x")]
    assert table.loc[("a", "y"), "median_response_hours"] == pytest.approx(5.0)


# before_after ----------------------------------------------------------------------------------


def test_before_after_splits_at_the_date_and_keeps_accounts_with_enough_comments_in_both():
    times = _times(
        [
            *["2025-06-30 12:00", "2025-07-01 00:00", "2025-08-01 10:00"],  # a: 1 before, 2 after
            *["2025-02-01 10:00", "2025-03-01 10:00", "2025-09-01 10:00"],  # b: 2 before, 1 after
            *["2025-01-05 10:00", "2025-01-06 10:00", "2025-10-01 10:00", "2025-10-02 10:00"],
        ]
    )
    comments = pd.DataFrame(
        {
            "account_id": ["a"] * 3 + ["b"] * 3 + ["c"] * 4,
            "commented_at": times,
            "replied": [False] * 6 + [True, False, False, False],
            "replied_at": times.where([False] * 6 + [True, False, False, False])
            + pd.Timedelta(hours=2),
            "sentiment": ["neutral"] * 6 + ["negative", "negative", "negative", "neutral"],
        }
    )
    both = criticism.before_after(comments, split="2025-07-01", min_comments=2)
    assert list(both.index) == ["c"]  # a has 1 comment before, b 1 after
    row = both.loc["c"]
    assert row["comments_before"] == 2 and row["comments_after"] == 2
    assert row["response_rate_pct_before"] == 50 and row["response_rate_pct_after"] == 0
    assert row["median_response_hours_before"] == pytest.approx(2.0)
    assert row["negative_pct_before"] == 100 and row["negative_pct_after"] == 50
    # a comment at midnight of the split day counts as "after"
    everyone = criticism.before_after(comments, split="2025-07-01", min_comments=1)
    assert everyone.loc["a", "comments_before"] == 1 and everyone.loc["a", "comments_after"] == 2


# spearman ----------------------------------------------------------------------------------


def test_spearman_is_one_for_any_increasing_relation_and_minus_one_for_decreasing():
    x = pd.Series([1, 2, 3, 4, 5])
    assert criticism.spearman(x, x**3) == pytest.approx(1.0)
    assert criticism.spearman(x, -np.exp(x)) == pytest.approx(-1.0)


def test_spearman_matches_a_hand_computed_value():
    # ranks x: 1 2 3 4 ; ranks y: 2 1 4 3 -> d = (-1, 1, -1, 1), 1 - 6·4 / (4·15) = 0.6
    x = pd.Series([10, 20, 30, 40])
    y = pd.Series([5, 1, 50, 8])
    assert criticism.spearman(x, y) == pytest.approx(0.6)


def test_spearman_gives_ties_their_average_rank():
    # ranks x: 1.5 1.5 3 ; ranks y: 1 2 3 -> Pearson of the ranks = sqrt(3)/2
    assert criticism.spearman(pd.Series([1, 1, 2]), pd.Series([1, 2, 3])) == pytest.approx(
        math.sqrt(3) / 2
    )


def test_spearman_leaves_out_pairs_with_a_missing_value_and_aligns_by_label():
    x = pd.Series([1.0, 2.0, np.nan, 4.0], index=["a", "b", "c", "d"])
    y = pd.Series([40.0, 30.0, 20.0, 10.0], index=["d", "c", "b", "a"])  # same order as x
    assert criticism.spearman(x, y) == pytest.approx(1.0)


def test_spearman_is_nan_with_fewer_than_three_pairs():
    assert math.isnan(criticism.spearman(pd.Series([1, 2]), pd.Series([2, 1])))


def test_docstring_examples_run():
    result = doctest.testmod(criticism, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
