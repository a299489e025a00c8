"""Reading an A/B test: how big is the difference, and could it be luck?

An A/B test (a format experiment) publishes some posts one way (A, the usual format, for
example a photo) and others another way (B, the new format, for example a short video), with the
format chosen at random for each post. These helpers compare the two groups of per-post numbers
(engagement rate by reach, reach, ...) in three ways a press service can explain to its head:

- `difference_in_means(a, b)` and `relative_lift(a, b)`: how much higher B is than A;
- `bootstrap_interval(a, b)`: a range of differences that fits the data (resample each group);
- `permutation_p_value(a, b)`: if the format made no difference, how often would shuffling the
  labels give a gap at least this big?

Everything is computed with numpy only. The resampling functions take a `seed`: the same seed
gives the same answer every time, so a notebook shows the same numbers on every run. Missing
values (NaN) are left out, as pandas' `.mean()` leaves them out.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# Resampling draws at most this many numbers at once (memory stays small for big groups).
_CHUNK_VALUES = 1_000_000


class Interval(NamedTuple):
    """A range of plausible values: `low` to `high` (unpack with `low, high = interval`)."""

    low: float
    high: float


def _values(values, name: str, minimum: int = 1) -> np.ndarray:
    """One group's numbers as a flat float array without missing values."""
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"`{name}` should be numbers, one per post (for example a column of ER values); "
            f"it could not be read as numbers ({err})."
        ) from err
    array = array[~np.isnan(array)]
    if len(array) < minimum:
        raise ValueError(
            f"`{name}` has {len(array)} number(s) (missing values left out); at least {minimum} "
            "are needed. Is the selection of posts for this group empty?"
        )
    return array


def _count(number, name: str) -> int:
    if isinstance(number, bool) or not isinstance(number, int | np.integer) or number < 1:
        raise ValueError(f"`{name}` should be a whole number of at least 1, not {number!r}.")
    return int(number)


def difference_in_means(a, b) -> float:
    """Mean of B minus mean of A, in the units of the data (percentage points for ER).

    A positive number means B (the new format) did better on average than A (the usual one).

    >>> difference_in_means([2.0, 4.0], [5.0, 7.0])
    3.0
    """
    return float(_values(b, "b").mean() - _values(a, "a").mean())


def relative_lift(a, b) -> float:
    """Lift (%) = (mean of B − mean of A) / mean of A × 100: how much higher B is, in per cent.

    "+50%" means B's average is one and a half times A's.

    >>> relative_lift([2.0, 4.0], [4.0, 5.0])
    50.0
    """
    a_mean = _values(a, "a").mean()
    if a_mean == 0:
        return float("nan")
    return float((_values(b, "b").mean() - a_mean) / a_mean * 100)


def bootstrap_differences(a, b, n_resamples: int = 2000, seed: int = 0) -> np.ndarray:
    """Differences in means (B − A) in `n_resamples` bootstrap resamples of the two groups.

    One resample draws, for each group separately, as many posts as the group has, at random and
    with replacement (a post may be drawn twice, another not at all), and computes mean(B) −
    mean(A). The spread of these differences shows how much the difference could have come out
    otherwise with other posts of the same kind.
    """
    a, b = _values(a, "a", 2), _values(b, "b", 2)
    n = _count(n_resamples, "n_resamples")
    rng = np.random.default_rng(seed)
    rows = max(1, _CHUNK_VALUES // (len(a) + len(b)))
    differences = []
    for start in range(0, n, rows):
        size = min(rows, n - start)
        a_means = a[rng.integers(0, len(a), size=(size, len(a)))].mean(axis=1)
        b_means = b[rng.integers(0, len(b), size=(size, len(b)))].mean(axis=1)
        differences.append(b_means - a_means)
    return np.concatenate(differences)


def bootstrap_interval(
    a, b, n_resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> Interval:
    """A bootstrap interval (percentile method) for the difference in means, B − A.

    In plain words: resample each group's posts many times, compute the difference each time,
    and keep the middle 95% (for level=0.95) of those differences. If the whole interval is above
    0, B did better in a way the data supports; if it includes 0, the data cannot tell whether
    B is better, equal or worse.

    >>> low, high = bootstrap_interval([1, 2, 3, 4, 5], [11, 12, 13, 14, 15], seed=1)
    >>> 8 < low < 10 < high < 12
    True
    """
    if not 0 < level < 1:
        raise ValueError(f"`level` should be between 0 and 1 (0.95 for 95%), not {level!r}.")
    differences = bootstrap_differences(a, b, n_resamples, seed)
    tail = (1 - level) / 2
    low, high = np.quantile(differences, [tail, 1 - tail])
    return Interval(float(low), float(high))


def shuffled_differences(a, b, n_permutations: int = 2000, seed: int = 0) -> np.ndarray:
    """Differences in means (B − A) after shuffling the A/B labels `n_permutations` times.

    Each shuffle pools all posts, deals them out at random into a group the size of A and a
    group the size of B, and computes mean(B) − mean(A). If the format made no difference, the
    real difference would look like one of these.
    """
    a, b = _values(a, "a", 2), _values(b, "b", 2)
    n = _count(n_permutations, "n_permutations")
    pooled = np.concatenate([a, b])
    rng = np.random.default_rng(seed)
    rows = max(1, _CHUNK_VALUES // len(pooled))
    differences = []
    for start in range(0, n, rows):
        size = min(rows, n - start)
        shuffled = rng.permuted(np.tile(pooled, (size, 1)), axis=1)
        differences.append(shuffled[:, len(a) :].mean(axis=1) - shuffled[:, : len(a)].mean(axis=1))
    return np.concatenate(differences)


def permutation_p_value(a, b, n_permutations: int = 2000, seed: int = 0) -> float:
    """Two-sided permutation p-value for the difference in means between A and B.

    In plain words: if the format made no difference, how often would shuffling the labels give
    a gap (in either direction) at least as big as the real one? A small p-value (say below 0.05,
    one time in twenty) means a gap this big rarely happens by luck alone; a large one means
    luck could easily explain it.

    p = (number of shuffles with a gap at least as big + 1) / (n_permutations + 1). The real
    labelling counts as one of the possible shuffles, so p is never exactly 0: with 2,000
    shuffles the smallest possible p is 1/2001, about 0.0005.

    >>> permutation_p_value([1, 2, 3], [1, 2, 3])  # identical groups: no gap at all
    1.0
    """
    observed = abs(difference_in_means(a, b))
    shuffled = np.abs(shuffled_differences(a, b, n_permutations, seed))
    # A shuffle that repeats the real split can differ from it in the last digits only.
    at_least_as_big = shuffled >= observed - 1e-9 * max(1.0, observed)
    return float((at_least_as_big.sum() + 1) / (len(shuffled) + 1))
