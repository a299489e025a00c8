"""course_utils.channel_analysis: rank agreement, follower index, posting halves — hand-computed."""

import doctest
import math

import pandas as pd
import pytest

from course_utils import channel_analysis
from course_utils.channel_analysis import (
    follower_index,
    posting_halves,
    rank_agreement,
    rank_agreement_by,
)


def test_rank_agreement_is_1_for_the_same_order_even_when_the_values_differ():
    assert rank_agreement(pd.Series([1, 2, 3, 4]), pd.Series([10, 200, 3000, 40000])) == 1.0


def test_rank_agreement_is_minus_1_for_the_reversed_order():
    assert rank_agreement(pd.Series([1, 2, 3, 4]), pd.Series([9, 7, 5, 3])) == -1.0


def test_rank_agreement_one_swapped_pair_of_four_gives_0_8():
    # ranks 1,2,3,4 vs 1,2,4,3: 1 - 6 * (0 + 0 + 1 + 1) / (4 * (16 - 1)) = 0.8
    assert rank_agreement(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 40, 30])) == pytest.approx(
        0.8
    )


def test_rank_agreement_gives_tied_values_their_average_rank():
    # ranks 1,2,3 vs 1.5,1.5,3: Pearson of (-1,0,1) and (-0.5,-0.5,1) = 1.5 / sqrt(2 * 1.5)
    expected = 1.5 / math.sqrt(2 * 1.5)
    assert rank_agreement(pd.Series([1, 2, 3]), pd.Series([5, 5, 9])) == pytest.approx(expected)


def test_rank_agreement_leaves_out_pairs_with_a_missing_value():
    first = pd.Series([1, 2, 3, 4, 5])
    second = pd.Series([10, 20, None, 40, 50])
    assert rank_agreement(first, second) == 1.0


def test_rank_agreement_is_nan_with_fewer_than_three_pairs():
    assert math.isnan(rank_agreement(pd.Series([1, 2]), pd.Series([2, 1])))


def test_rank_agreement_by_computes_one_number_per_group():
    table = pd.DataFrame(
        {
            "platform": ["a"] * 3 + ["b"] * 3,
            "x": [1, 2, 3, 1, 2, 3],
            "y": [4, 5, 6, 6, 5, 4],
        }
    )
    result = rank_agreement_by(table, "x", "y")
    assert result.to_dict() == {"a": 1.0, "b": -1.0}
    assert result.index.name == "platform"


def test_follower_index_adds_up_a_groups_accounts_and_sets_the_first_day_to_100():
    accounts = pd.DataFrame(
        {"account_id": ["a-tg", "b-tg", "a-fb"], "platform": ["telegram", "telegram", "facebook"]}
    )
    days = pd.to_datetime(["2025-01-02", "2025-01-01"])  # deliberately out of order
    followers = pd.DataFrame(
        {
            "account_id": ["a-tg", "a-tg", "b-tg", "b-tg", "a-fb", "a-fb"],
            "date": [days[0], days[1]] * 3,
            "followers": [120, 100, 45, 50, 190, 200],
        }
    )
    index = follower_index(followers, accounts)
    assert list(index.index) == sorted(days)
    # telegram: 100 + 50 = 150 on day 1, 120 + 45 = 165 on day 2 -> 110
    assert index.loc[days[1], "telegram"] == 100
    assert index.loc[days[0], "telegram"] == pytest.approx(110.0)
    # facebook: 200 -> 190 = 95
    assert index.loc[days[0], "facebook"] == pytest.approx(95.0)


def _summary():
    # four instagram accounts (median posts per week 4.5) and one telegram account
    return pd.DataFrame(
        {
            "platform": ["instagram"] * 4 + ["telegram"],
            "posts": [52, 208, 260, 364, 100],
            "posts_per_week": [1.0, 4.0, 5.0, 7.0, 2.0],
            "engagements": [5200, 10400, 26000, 18200, 1000],
            "followers_mean": [1000.0, 2000.0, 4000.0, 1000.0, 500.0],
            "er_by_reach": [8.0, 6.0, 5.0, 3.0, 1.0],
        }
    )


def test_posting_halves_splits_at_the_median_posts_per_week_and_takes_medians():
    halves = posting_halves(_summary(), "instagram")
    assert list(halves.index) == ["post less", "post more"]
    assert halves["accounts"].tolist() == [2, 2]
    assert halves.loc["post less", "posts_per_week"] == pytest.approx(2.5)
    assert halves.loc["post more", "posts_per_week"] == pytest.approx(6.0)
    assert halves.loc["post less", "er_by_reach"] == pytest.approx(7.0)
    assert halves.loc["post more", "er_by_reach"] == pytest.approx(4.0)


def test_posting_halves_engagements_a_week_per_1000_followers():
    # per post x posts a week / followers x 1000:
    # 100 x 1 / 1000 x 1000 = 100; 50 x 4 / 2000 x 1000 = 100  -> "post less" median 100
    # 100 x 5 / 4000 x 1000 = 125; 50 x 7 / 1000 x 1000 = 350  -> "post more" median 237.5
    halves = posting_halves(_summary(), "instagram")
    column = "engagements_per_week_per_1000_followers"
    assert halves.loc["post less", column] == pytest.approx(100.0)
    assert halves.loc["post more", column] == pytest.approx(237.5)


def test_posting_halves_for_a_platform_without_accounts_says_so():
    with pytest.raises(ValueError, match="no 'vk' accounts"):
        posting_halves(_summary(), "vk")


def test_the_docstring_examples_hold():
    result = doctest.testmod(channel_analysis)
    assert result.attempted >= 1 and result.failed == 0
