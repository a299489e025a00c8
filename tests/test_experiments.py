"""A/B-test helpers (course_utils.experiments), checked on groups small enough to work by hand."""

import doctest
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from course_utils import experiments
from course_utils.experiments import (
    Interval,
    bootstrap_differences,
    bootstrap_interval,
    difference_in_means,
    permutation_p_value,
    relative_lift,
    shuffled_differences,
)

LOW = [1, 2, 3, 4, 5]  # mean 3
HIGH = [11, 12, 13, 14, 15]  # mean 13


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_the_docstring_examples_hold():
    result = doctest.testmod(experiments, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4 and result.failed == 0


# difference and lift -----------------------------------------------------------------------


def test_difference_in_means_is_b_minus_a():
    assert difference_in_means([2, 4], [5, 7]) == pytest.approx(3.0)  # 6 − 3
    assert difference_in_means([5, 7], [2, 4]) == pytest.approx(-3.0)


def test_identical_groups_have_a_difference_of_zero():
    assert difference_in_means(LOW, LOW) == 0.0


def test_difference_in_means_leaves_out_missing_values_and_accepts_pandas_columns():
    a = pd.Series([2.0, np.nan, 4.0])  # mean 3 without the missing value
    b = np.array([5.0, 7.0])
    assert difference_in_means(a, b) == pytest.approx(3.0)


def test_relative_lift_is_the_difference_as_a_percentage_of_a():
    assert relative_lift([2, 4], [4, 5]) == pytest.approx(50.0)  # 3 → 4.5
    assert relative_lift([4, 4], [3, 3]) == pytest.approx(-25.0)


def test_relative_lift_over_a_zero_mean_is_not_a_number():
    assert math.isnan(relative_lift([0, 0], [1, 2]))


# bootstrap ---------------------------------------------------------------------------------


def test_bootstrap_of_constant_groups_gives_the_difference_every_time():
    # every resample of [2, 2, 2] has mean 2, of [5, 5, 5] mean 5: the interval is 3 to 3
    assert bootstrap_differences([2, 2, 2], [5, 5, 5], n_resamples=50).tolist() == [3.0] * 50
    assert bootstrap_interval([2, 2, 2], [5, 5, 5]) == Interval(3.0, 3.0)


def test_clearly_separated_groups_give_an_interval_around_the_difference_that_excludes_zero():
    low, high = bootstrap_interval(LOW, HIGH, seed=3)
    # resampled means of five values 1..5 stay between 1 and 5: differences between 6 and 14
    assert 6 <= low < 10 < high <= 14
    assert low > 0


def test_identical_groups_give_an_interval_that_includes_zero():
    low, high = bootstrap_interval(LOW, LOW, seed=3)
    assert low < 0 < high


def test_a_lower_level_gives_a_narrower_interval():
    wide = bootstrap_interval(LOW, HIGH, level=0.95)
    narrow = bootstrap_interval(LOW, HIGH, level=0.5)
    assert wide.low < narrow.low < narrow.high < wide.high


def test_bootstrap_interval_unpacks_into_low_and_high():
    low, high = bootstrap_interval(LOW, HIGH)
    assert isinstance(low, float) and isinstance(high, float) and low <= high


def test_the_same_seed_gives_the_same_bootstrap_and_another_seed_another():
    first = bootstrap_interval([1.2, 3.4, 2.2, 5.1], [2.5, 4.4, 6.1, 3.3], seed=7)
    again = bootstrap_interval([1.2, 3.4, 2.2, 5.1], [2.5, 4.4, 6.1, 3.3], seed=7)
    other = bootstrap_interval([1.2, 3.4, 2.2, 5.1], [2.5, 4.4, 6.1, 3.3], seed=8)
    assert first == again
    assert first != other


def test_bootstrap_draws_exactly_the_number_of_resamples_asked_for_also_in_several_chunks(
    monkeypatch,
):
    monkeypatch.setattr(experiments, "_CHUNK_VALUES", 30)  # 10 values: 3 resamples per chunk
    assert len(bootstrap_differences(LOW, HIGH, n_resamples=11)) == 11


# permutation -------------------------------------------------------------------------------


def test_identical_groups_give_a_p_value_of_one():
    # no gap at all: every shuffle gives a gap at least as big
    assert permutation_p_value(LOW, LOW) == 1.0


def test_two_constant_groups_of_three_give_a_p_value_near_two_in_twenty():
    # pooled 2,2,2,5,5,5: of the 20 ways to pick group B, only 5,5,5 and 2,2,2 give a gap of 3
    p = permutation_p_value([2, 2, 2], [5, 5, 5], n_permutations=4000, seed=1)
    assert p == pytest.approx(2 / 20, abs=0.02)


def test_clearly_separated_groups_give_a_small_p_value_near_two_in_252():
    # of the 252 ways to split ten posts into two groups of five, only the real split and its
    # mirror image give a gap of 10
    p = permutation_p_value(LOW, HIGH, n_permutations=4000, seed=1)
    assert p < 0.02
    assert p == pytest.approx(2 / 252, abs=0.005)


def test_shuffled_gaps_never_exceed_the_largest_possible_split():
    gaps = shuffled_differences(LOW, HIGH, n_permutations=500)
    assert len(gaps) == 500
    assert np.abs(gaps).max() <= 10 + 1e-9


def test_the_p_value_is_never_zero():
    p = permutation_p_value(list(range(20)), list(range(100, 120)), n_permutations=200)
    assert p == pytest.approx(1 / 201)


def test_the_same_seed_gives_the_same_p_value():
    a, b = [1.2, 3.4, 2.2, 5.1, 2.0], [2.5, 4.4, 6.1, 3.3, 4.0]
    assert permutation_p_value(a, b, seed=5) == permutation_p_value(a, b, seed=5)
    assert (
        shuffled_differences(a, b, seed=5).tolist() != shuffled_differences(a, b, seed=6).tolist()
    )


def test_the_p_value_does_not_depend_on_which_group_is_a():
    a, b = [1.2, 3.4, 2.2, 5.1, 2.0], [2.5, 4.4, 6.1, 3.3, 4.0]
    assert permutation_p_value(a, b, seed=2) == permutation_p_value(b, a, seed=2)


# friendly errors ---------------------------------------------------------------------------


def test_an_empty_group_is_explained():
    with pytest.raises(ValueError, match="`a` has 0 number"):
        difference_in_means([], [1, 2])
    with pytest.raises(ValueError, match="`b` has 1 number"):
        bootstrap_interval([1, 2], [3])


def test_text_instead_of_numbers_is_explained():
    with pytest.raises(ValueError, match="should be numbers"):
        difference_in_means(["photo", "video"], [1, 2])


def test_a_level_given_in_per_cent_is_explained():
    with pytest.raises(ValueError, match="between 0 and 1"):
        bootstrap_interval(LOW, HIGH, level=95)


def test_a_number_of_resamples_that_is_not_a_whole_number_is_explained():
    with pytest.raises(ValueError, match="whole number"):
        permutation_p_value(LOW, HIGH, n_permutations=0.5)
