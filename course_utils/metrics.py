"""The metrics a press service reports, with the definitions practitioners use.

Every function works on single numbers and on whole pandas columns (Series) at once. A zero
denominator gives NaN ("not a number": no posts, no followers, nothing to divide by), never an
error or infinity. Rates are percentages (0-100) unless a docstring says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

Number = float | int
Values = Number | pd.Series | np.ndarray

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# What each platform measures per post, in the course's columns. `impressions` holds impressions
# where the platform counts them and views where it counts views: a view (a post opened, a video
# played) is not an impression (a post shown on a screen). A platform that does not measure
# something has no value for it: missing, never 0.
PLATFORM_MEASURES: dict[str, dict[str, str | None]] = {
    "instagram": {"reach": "accounts reached", "impressions": "views (impressions before 2025)"},
    "facebook": {"reach": "accounts reached", "impressions": "views (impressions before 2025)"},
    "telegram": {"reach": None, "impressions": "views"},
    "tiktok": {"reach": "reached audience", "impressions": "video views"},
    "youtube": {"reach": "unique viewers", "impressions": "views"},
    "vk": {"reach": "reach", "impressions": "views"},
    "x": {"reach": None, "impressions": "impressions"},
}

_MEASURE_NAMES = {
    "reach": "reach",
    "er_by_reach": "reach",
    "er_by_views": "impressions or views",
    "impressions": "impressions or views",
    "er_by_impressions": "impressions or views",
}


class MetricUnavailable(ValueError):
    """A metric needs a measure that the data (or the platform) does not have."""


def measure_note(platform: str, column: str) -> str | None:
    """Why `platform` has no `column` (a sentence), or None if the platform measures it.

    >>> measure_note("telegram", "reach")
    'Telegram reports views, not reach: use ER by views (impressions) instead'
    >>> measure_note("instagram", "reach") is None
    True
    """
    measure = _MEASURE_NAMES.get(column, column)
    key = "reach" if measure == "reach" else "impressions" if "impressions" in measure else None
    known = PLATFORM_MEASURES.get(str(platform))
    if key is None or known is None or known.get(key):
        return None
    name = str(platform).capitalize() if str(platform) != "x" else "X"
    return f"{name} reports {known['impressions']}, not {measure}: use ER by views (impressions) instead"


def require_measure(posts: pd.DataFrame, column: str, metric: str) -> pd.Series:
    """The column `metric` needs, or a MetricUnavailable error that says why it is missing.

    Rows without the measure (for example Telegram posts, which have no reach) stay missing in
    the result; the error comes only when no row has it at all.
    """
    if column not in posts or posts[column].isna().all():
        platforms = sorted(set(posts["platform"].astype(str))) if "platform" in posts else []
        notes = [n for n in (measure_note(p, column) for p in platforms) if n]
        why = "; ".join(notes) if notes else f"the table has no values in the column {column!r}"
        raise MetricUnavailable(f"{metric} cannot be computed: {why}.")
    return posts[column]


def post_engagement_rates(posts: pd.DataFrame, by: str = "reach") -> pd.Series:
    """Each post's engagement rate (%) = engagements / reach (or impressions/views) × 100.

    `by` is "reach" or "impressions" (views on Telegram, TikTok and YouTube). Posts whose
    platform does not measure it get NaN, never a made-up number; if no post has it at all, a
    MetricUnavailable error says which platform lacks it and what to use instead.

    >>> p = pd.DataFrame({"platform": ["telegram"], "likes": [5], "comments": [1], "shares": [4],
    ...                   "reach": [pd.NA], "impressions": [1000]})
    >>> post_engagement_rates(p, by="impressions").tolist()
    [1.0]
    """
    column = {"reach": "reach", "impressions": "impressions", "views": "impressions"}.get(by)
    if column is None:
        raise ValueError(f'`by` should be "reach" or "impressions", not {by!r}.')
    base = require_measure(posts, column, f"ER by {by}")
    return ratio(engagements(posts), base.astype("Float64").astype(float), 100)


def _as_float(x):
    if isinstance(x, pd.Series):
        return pd.to_numeric(x).astype("float64")
    if isinstance(x, np.ndarray):
        return x.astype("float64")
    return float(x) if x is not None and not pd.isna(x) else float("nan")


def ratio(numerator: Values, denominator: Values, scale: float = 1.0) -> Values:
    """numerator / denominator × scale, with NaN wherever the denominator is 0 or missing.

    >>> ratio(3, 4, 100)
    75.0
    >>> ratio(3, 0)
    nan
    """
    num, den = _as_float(numerator), _as_float(denominator)
    if isinstance(den, pd.Series):
        den = den.where(den != 0)
    elif isinstance(den, np.ndarray):
        den = np.where(den == 0, np.nan, den)
    elif den == 0:
        return float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den * scale


def engagements(posts: pd.DataFrame) -> pd.Series:
    """Engagements per post = likes + comments + shares + saves (a missing count counts as 0;
    a post with no count at all has no engagements: NA).

    >>> engagements(pd.DataFrame({"likes": [10], "comments": [2], "shares": [3], "saves": [None]}))
    0    15
    dtype: int64
    """
    parts = [posts[c] for c in ("likes", "comments", "shares", "saves") if c in posts]
    frame = pd.concat(parts, axis=1).apply(pd.to_numeric)
    total = frame.sum(axis=1, min_count=1)
    # an imported export may lack a response (the Telegram Desktop export has no forwards):
    # what the platform reports is added up; a post with none of them has no engagements (NA)
    if total.isna().any() or frame[["likes", "comments", "shares"]].isna().any().any():
        return total.round().astype("Int64")
    return total.astype("int64")


def engagement_rate_by_reach(engagements: Values, reach: Values) -> Values:
    """ER by reach (%) = engagements / reach × 100: of the people who saw the post, how many reacted.

    >>> engagement_rate_by_reach(1500, 50_000)
    3.0
    """
    return ratio(engagements, reach, 100)


def engagement_rate_by_followers(engagements: Values, followers: Values) -> Values:
    """ER by followers (%) = engagements / followers × 100: response relative to audience size.

    The figure most benchmarks (Rival IQ, Hootsuite) publish; it ignores how many followers
    actually saw the post.

    >>> engagement_rate_by_followers(1500, 10_000)
    15.0
    """
    return ratio(engagements, followers, 100)


def engagement_rate_by_impressions(engagements: Values, impressions: Values) -> Values:
    """ER by impressions (%) = engagements / impressions × 100 (impressions or views).

    On Telegram this is TGStat's ER: (forwards + reactions + comments) / views.

    >>> engagement_rate_by_impressions(1500, 60_000)
    2.5
    """
    return ratio(engagements, impressions, 100)


def follower_growth_rate(start: Values, end: Values) -> Values:
    """Follower growth (%) = (followers at the end − followers at the start) / start × 100.

    >>> follower_growth_rate(10_000, 10_630)
    6.3
    """
    return ratio(_as_float(end) - _as_float(start), start, 100)


def posting_frequency(posts: Values, days: Values, per_days: float = 7) -> Values:
    """Posts per period = number of posts / days covered × days in the period (default: a week).

    >>> posting_frequency(52, 364)
    1.0
    >>> posting_frequency(30, 30, per_days=1)
    1.0
    """
    return ratio(posts, days, per_days)


def applause_rate(likes: Values, posts: Values) -> Values:
    """Applause rate = likes (or reactions) per post (Kaushik). Not a percentage.

    >>> applause_rate(300, 4)
    75.0
    """
    return ratio(likes, posts)


def conversation_rate(comments: Values, posts: Values) -> Values:
    """Conversation rate = comments per post (Kaushik). Not a percentage.

    >>> conversation_rate(30, 4)
    7.5
    """
    return ratio(comments, posts)


def amplification_rate(shares: Values, posts: Values) -> Values:
    """Amplification rate = shares (reposts, forwards) per post (Kaushik). Not a percentage.

    >>> amplification_rate(10, 4)
    2.5
    """
    return ratio(shares, posts)


def share_of_voice(own_mentions: Values, all_mentions: Values) -> Values:
    """Share of voice (%) = mentions of your organisation / all mentions of the topic × 100.

    >>> share_of_voice(120, 800)
    15.0
    """
    return ratio(own_mentions, all_mentions, 100)


def response_rate(replied: pd.Series | Values, received: Values | None = None) -> Values:
    """Response rate (%) = messages the press service replied to / messages received × 100.

    Give either a yes/no column with one row per message, or two counts.

    >>> response_rate(pd.Series([True, False, False, True]))
    50.0
    >>> response_rate(17, 100)
    17.0
    """
    if received is None:
        flags = pd.Series(replied, dtype="boolean")
        return ratio(int(flags.sum()), int(flags.notna().sum()), 100)
    return ratio(replied, received, 100)


def response_times(received_at: pd.Series, replied_at: pd.Series) -> pd.Series:
    """Hours from each message to its reply (NaN where there was no reply).

    >>> t = pd.to_datetime(pd.Series(["2025-01-01 09:00", "2025-01-01 10:00"]))
    >>> r = pd.to_datetime(pd.Series(["2025-01-01 11:30", None]))
    >>> response_times(t, r).tolist()
    [2.5, nan]
    """
    return (replied_at - received_at).dt.total_seconds() / 3600


def median_response_time(received_at: pd.Series, replied_at: pd.Series) -> float:
    """Median response time (hours) over the messages that got a reply; NaN if none did.

    The median, not the mean: a few replies after a week would drag a mean far up.

    >>> t = pd.to_datetime(pd.Series(["2025-01-01 09:00"] * 3))
    >>> r = pd.to_datetime(pd.Series(["2025-01-01 10:00", "2025-01-01 12:00", "2025-01-08 09:00"]))
    >>> median_response_time(t, r)
    3.0
    """
    hours = response_times(received_at, replied_at).dropna()
    return float(hours.median()) if len(hours) else float("nan")


def negative_share(sentiment: pd.Series) -> float:
    """Share of negative comments (%) = comments with sentiment "negative" / all comments × 100;
    NaN if there are no comments.

    Comments without a coded sentiment (missing, as in imported platform exports) are left out;
    if none is coded the share is NaN, never 0.

    >>> negative_share(pd.Series(["negative", "neutral", "positive", "negative"]))
    50.0
    >>> negative_share(pd.Series([None, None], dtype="object"))
    nan
    """
    sentiment = pd.Series(sentiment).dropna().astype(str)
    return ratio(int((sentiment == "negative").sum()), len(sentiment), 100)


def rank_correlation(x: pd.Series, y: pd.Series) -> float:
    """Spearman's rank correlation: do two measures put the same things in the same order?

    Rank each column (1 = smallest; ties share their average rank, like Excel's RANK.AVG), then
    take the ordinary correlation of the two columns of ranks (Excel's CORREL). The result runs
    from -1 to +1: +1 = exactly the same order, 0 = unrelated orders, -1 = one order is the other
    upside down. Ranks make it robust: one extreme value cannot dominate. Pairs with a missing
    value are left out; fewer than three pairs give NaN.

    >>> rank_correlation(pd.Series([1, 2, 3, 4]), pd.Series([10, 20, 40, 30]))
    0.8
    >>> rank_correlation(pd.Series([1, 2, 3]), pd.Series([3, 2, 1]))
    -1.0
    """
    pairs = pd.DataFrame({"x": pd.to_numeric(pd.Series(x)), "y": pd.to_numeric(pd.Series(y))})
    pairs = pairs.astype(float).dropna()
    if len(pairs) < 3:
        return float("nan")
    ranks = pairs.rank(method="average")
    # rounded to 12 decimals so that an exact 0.8 prints as 0.8, not 0.7999999999999999
    return round(float(ranks["x"].corr(ranks["y"])), 12)


def weighted_share(flags: pd.Series, weights: pd.Series) -> float:
    """Weighted share (%) of "yes" answers in a survey = Σ weight of yes / Σ weight × 100.

    >>> weighted_share(pd.Series([True, False, True]), pd.Series([2.0, 1.0, 1.0]))
    75.0
    """
    flags = pd.Series(flags).astype(float)
    weights = pd.Series(weights, index=flags.index).astype(float)
    return ratio(float((flags * weights).sum()), float(weights.sum()), 100)


def share_intervals(
    data: pd.DataFrame,
    column: str,
    by: str,
    weight: str = "weight",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Weighted share (%) of one yes/no column per group, with its margin of error.

    One row per group: `share_pct` (as `weighted_shares`), `respondents` (rows in the group),
    `effective_n` (Kish's effective sample size, (Σw)² / Σw², smaller than `respondents` when
    weights vary) and a `low`-`high` interval: the Wilson score interval for `effective_n`
    respondents at the given confidence (95%: "if the survey were repeated, intervals made this
    way would contain the true share 95 times in 100"). With about 75 respondents per region the
    interval is about ±10 points, so two regions a few points apart cannot be told apart.

    >>> survey = pd.DataFrame({"region": ["a"] * 100, "yes": [True] * 50 + [False] * 50,
    ...                        "weight": [1.0] * 100})
    >>> share_intervals(survey, "yes", by="region").round(1)  # doctest: +NORMALIZE_WHITESPACE
            share_pct  respondents  effective_n   low  high
    region
    a            50.0          100        100.0  40.4  59.6
    """
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    frame = pd.DataFrame(
        {"yes": data[column].astype(float), "w": data[weight].astype(float), "g": data[by]}
    )
    frame["wy"] = frame["yes"] * frame["w"]
    frame["w2"] = frame["w"] ** 2
    sums = frame.groupby("g", observed=True)[["w", "wy", "w2"]].sum()
    p = sums["wy"] / sums["w"]
    n = sums["w"] ** 2 / sums["w2"]
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    out = pd.DataFrame(
        {
            "share_pct": p * 100,
            "respondents": frame.groupby("g", observed=True).size(),
            "effective_n": n,
            "low": (centre - half) * 100,
            "high": (centre + half) * 100,
        }
    )
    out.index.name = by
    return out


def weekday_hour_table(
    timestamps: pd.Series, values: pd.Series | None = None, agg: str = "count"
) -> pd.DataFrame:
    """A 7 × 24 table: weekdays (Mon-Sun) as rows, hours (0-23) as columns.

    With no values, each cell counts the timestamps in that weekday and hour; with values, each
    cell aggregates them (agg = "median", "mean", "sum", ...). Empty cells are 0 for counts and
    NaN otherwise.
    """
    frame = pd.DataFrame({"weekday": timestamps.dt.day_of_week, "hour": timestamps.dt.hour})
    if values is None:
        table = frame.groupby(["weekday", "hour"]).size().unstack(fill_value=0)
        fill = 0
    else:
        frame["value"] = pd.to_numeric(pd.Series(values).to_numpy(), errors="coerce")
        table = frame.groupby(["weekday", "hour"])["value"].agg(agg).unstack()
        fill = np.nan
    table = table.reindex(index=range(7), columns=range(24), fill_value=fill)
    table.index = pd.Index(WEEKDAYS, name="weekday")
    table.columns.name = "hour"
    return table


def weighted_shares(
    data: pd.DataFrame, columns: Sequence[str], by: str | None = None, weight: str = "weight"
) -> pd.DataFrame | pd.Series:
    """Weighted share (%) of "yes" for several yes/no survey columns, optionally per group.

    With `by` (for example "wave" or "age_group") the result is a table: one row per group, one
    column per survey question. Without it, one number per question.

    >>> survey = pd.DataFrame({"wave": [2021, 2021, 2023], "uses_tv": [True, False, True], "weight": [1.0, 3.0, 1.0]})
    >>> weighted_shares(survey, ["uses_tv"], by="wave")  # doctest: +NORMALIZE_WHITESPACE
          uses_tv
    wave
    2021     25.0
    2023    100.0
    """
    columns = list(columns)
    weights = data[weight].astype(float)
    weighted_yes = data[columns].astype(float).mul(weights, axis=0)
    if by is None:
        return (weighted_yes.sum() / weights.sum() * 100).rename("share_pct")
    groups = data[by]
    totals = weights.groupby(groups, observed=True).sum()
    return weighted_yes.groupby(groups, observed=True).sum().div(totals, axis=0) * 100
