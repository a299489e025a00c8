"""Metrics: the practitioners' definitions, checked against hand-computed values."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from course_utils import metrics


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_blueprint_example_15_percent_by_followers_3_percent_by_reach():
    # 1,500 engagements, 10,000 followers, 50,000 reach
    assert metrics.engagement_rate_by_followers(1500, 10_000) == pytest.approx(15.0)
    assert metrics.engagement_rate_by_reach(1500, 50_000) == pytest.approx(3.0)


def test_engagement_rate_by_impressions():
    assert metrics.engagement_rate_by_impressions(30, 1200) == pytest.approx(2.5)


def test_engagements_add_likes_comments_shares_and_saves_counting_missing_saves_as_zero():
    posts = pd.DataFrame(
        {
            "likes": [10, 5],
            "comments": [2, 0],
            "shares": [3, 1],
            "saves": pd.array([4, None], dtype="Int64"),
        }
    )
    assert metrics.engagements(posts).tolist() == [19, 6]


def test_engagement_rates_work_on_whole_columns():
    er = metrics.engagement_rate_by_reach(pd.Series([10, 30]), pd.Series([1000, 600]))
    assert er.tolist() == pytest.approx([1.0, 5.0])


@pytest.mark.parametrize(
    "function",
    [
        metrics.engagement_rate_by_reach,
        metrics.engagement_rate_by_followers,
        metrics.engagement_rate_by_impressions,
        metrics.applause_rate,
        metrics.conversation_rate,
        metrics.amplification_rate,
        metrics.share_of_voice,
        metrics.posting_frequency,
    ],
)
def test_zero_denominator_gives_nan_not_an_error_or_infinity(function):
    assert math.isnan(function(5, 0))
    column = function(pd.Series([5, 6]), pd.Series([0, 3]))
    assert math.isnan(column.iloc[0]) and not np.isinf(column).any()


def test_follower_growth_from_zero_followers_is_nan():
    assert math.isnan(metrics.follower_growth_rate(0, 500))
    assert math.isnan(
        metrics.follower_growth_rate(pd.Series([0, 100]), pd.Series([5, 110])).iloc[0]
    )


def test_follower_growth_rate():
    assert metrics.follower_growth_rate(10_000, 10_630) == pytest.approx(6.3)
    assert metrics.follower_growth_rate(2000, 1900) == pytest.approx(-5.0)


def test_posting_frequency_per_week_and_per_day():
    assert metrics.posting_frequency(52, 364) == pytest.approx(1.0)
    assert metrics.posting_frequency(45, 30, per_days=1) == pytest.approx(1.5)


def test_kaushik_rates_are_per_post():
    assert metrics.applause_rate(300, 4) == pytest.approx(75.0)
    assert metrics.conversation_rate(30, 4) == pytest.approx(7.5)
    assert metrics.amplification_rate(10, 4) == pytest.approx(2.5)


def test_share_of_voice():
    assert metrics.share_of_voice(120, 800) == pytest.approx(15.0)


def test_response_rate_from_a_yes_no_column_and_from_counts():
    assert metrics.response_rate(pd.Series([True, False, False, True])) == pytest.approx(50.0)
    assert metrics.response_rate(17, 100) == pytest.approx(17.0)
    assert math.isnan(metrics.response_rate(pd.Series([], dtype=bool)))


def test_median_response_time_in_hours_over_replied_messages_only():
    received = pd.to_datetime(pd.Series(["2025-01-01 09:00"] * 4))
    replied = pd.to_datetime(
        pd.Series(["2025-01-01 10:00", "2025-01-01 12:00", None, "2025-01-08 09:00"])
    )
    assert metrics.response_times(received, replied).tolist()[:2] == [1.0, 3.0]
    assert metrics.median_response_time(received, replied) == pytest.approx(3.0)
    assert math.isnan(metrics.median_response_time(received, pd.Series([pd.NaT] * 4)))


def test_weighted_share_uses_the_weights():
    assert metrics.weighted_share(
        pd.Series([True, False, True]), pd.Series([2.0, 1.0, 1.0])
    ) == pytest.approx(75.0)


def test_weighted_shares_per_group():
    survey = pd.DataFrame(
        {
            "wave": [2021, 2021, 2023, 2023],
            "uses_tv": [True, False, True, False],
            "weight": [1.0, 3.0, 2.0, 2.0],
        }
    )
    table = metrics.weighted_shares(survey, ["uses_tv"], by="wave")
    assert table["uses_tv"].to_dict() == {2021: pytest.approx(25.0), 2023: pytest.approx(50.0)}
    overall = metrics.weighted_shares(survey, ["uses_tv"])
    assert overall["uses_tv"] == pytest.approx(3 / 8 * 100)


def test_weekday_hour_table_counts_and_aggregates():
    times = pd.to_datetime(
        pd.Series(["2025-03-03 09:10", "2025-03-03 09:50", "2025-03-08 20:00"])
    )  # Mon, Mon, Sat
    counts = metrics.weekday_hour_table(times)
    assert counts.shape == (7, 24)
    assert counts.loc["Mon", 9] == 2 and counts.loc["Sat", 20] == 1 and counts.to_numpy().sum() == 3
    medians = metrics.weekday_hour_table(times, pd.Series([1.0, 3.0, 5.0]), agg="median")
    assert medians.loc["Mon", 9] == pytest.approx(2.0)
    assert math.isnan(medians.loc["Tue", 9])


def test_negative_share_counts_negative_comments_out_of_all():
    assert metrics.negative_share(
        pd.Series(["negative", "neutral", "negative", "positive"])
    ) == pytest.approx(50.0)
    assert math.isnan(metrics.negative_share(pd.Series([], dtype=str)))


def test_rank_correlation_compares_orders_not_values():
    assert metrics.rank_correlation(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 30, 1000])) == 1.0
    assert metrics.rank_correlation(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 40, 30])) == 0.8
    assert metrics.rank_correlation(pd.Series([1, 2, 3]), pd.Series([3, 2, 1])) == -1.0
    assert math.isnan(metrics.rank_correlation(pd.Series([1, 2]), pd.Series([1, 2])))
