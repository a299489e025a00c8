"""KPIs for a press-service strategy (m07): baseline, benchmark, SMART targets, content calendar.

A KPI here is a number that says whether the press service is earning trust, measured per akimat
for the whole of 2025 (the baseline) and month by month (to follow progress):

- response_rate (%) = comments the press service replied to / all comments × 100
- median_response_hours (h) = median hours from a comment to the reply (replied comments only)
- questions_answered (%) = questions replied to / all questions × 100
- negative_share (%) = negative comments / all comments × 100
- er_by_reach (%) = engagements / reach × 100, over the posts whose platform reports reach
  (Telegram reports views only: its posts are left out of this KPI, never counted as reach 0)
- short_video_share (%) = short vertical videos / all posts × 100
- official_events_share (%) = protocol ("official events") posts / all posts × 100
- telegram_growth (%) = (followers at the end − followers at the start) / at the start × 100,
  for the akimat's Telegram channel: over the whole year in `yearly_kpis`, within each month in
  `monthly_kpis` (a month starts where the previous one ended; `monthly_growth` converts a
  yearly target into the same pace per month)

Comment KPIs use the comment sample (`comments.csv`), post KPIs every post of the akimat on every
platform. Shares of yes/no rows are plain proportions: the mean of a True/False column × 100,
like COUNTIF / COUNT in Excel.

    >>> from course_utils import kpis
    >>> yearly = kpis.yearly_kpis()            # one row per akimat: the 2025 baseline
    >>> top = kpis.benchmarks(yearly)           # the level the best quarter of akimats reach
    >>> kpis.smart_targets(yearly.loc["region_f"], top)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import metrics
from .data import load

WEEKDAYS = metrics.WEEKDAYS
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Kpi:
    """What a KPI column means: a label for people, its unit, and which direction is better."""

    column: str
    label: str
    unit: str
    higher_is_better: bool
    definition: str

    @property
    def phrase(self) -> str:
        """The label inside a sentence: 'response rate', but 'ER by reach', 'Telegram growth'."""
        first = self.label.split()[0]
        return self.label if first.isupper() or first == "Telegram" else self.label.lower()

    def format(self, value: float) -> str:
        """The value with its unit, rounded for a sentence: '24%', '18.5 h'."""
        if value is None or pd.isna(value):
            return "n/a"
        return f"{value:.0f}%" if self.unit == "%" else f"{value:.1f} h"


KPIS: dict[str, Kpi] = {
    k.column: k
    for k in (
        Kpi(
            "response_rate",
            "Response rate",
            "%",
            True,
            "comments replied to / all comments × 100",
        ),
        Kpi(
            "median_response_hours",
            "Median response time",
            "h",
            False,
            "median hours from a comment to the reply",
        ),
        Kpi(
            "questions_answered",
            "Questions answered",
            "%",
            True,
            "questions replied to / all questions × 100",
        ),
        Kpi(
            "negative_share",
            "Negative comments",
            "%",
            False,
            "negative comments / all comments × 100",
        ),
        Kpi(
            "er_by_reach",
            "ER by reach",
            "%",
            True,
            "engagements / reach × 100, posts with a reach (not Telegram: views only)",
        ),
        Kpi(
            "short_video_share",
            "Short video share",
            "%",
            True,
            "short vertical videos / all posts × 100",
        ),
        Kpi(
            "official_events_share",
            "Protocol posts share",
            "%",
            False,
            "'official events' posts / all posts × 100",
        ),
        Kpi(
            "telegram_growth",
            "Telegram growth",
            "%",
            True,
            "(followers at the end − at the start) / at the start × 100",
        ),
    )
}
COMMENT_KPIS = ("response_rate", "median_response_hours", "questions_answered", "negative_share")
POST_KPIS = ("er_by_reach", "short_video_share", "official_events_share")


def kpi(name: str) -> Kpi:
    """Look a KPI up by its column ('response_rate') or its label ('Response rate')."""
    if name in KPIS:
        return KPIS[name]
    for k in KPIS.values():
        if k.label.lower() == str(name).strip().lower():
            return k
    raise KeyError(f"There is no KPI called {name!r}. KPIs: {', '.join(KPIS)}.")


# --- computing the KPIs ------------------------------------------------------------------------


def _keys(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The grouping columns, with akimat ids as plain text (so tables from different files join)."""
    frame = rows[by].copy()
    frame["akimat_id"] = frame["akimat_id"].astype(str)
    return frame


def _comment_kpis(comments: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    frame = _keys(comments, by)
    frame["replied"] = comments["replied"].astype(float)
    frame["hours"] = metrics.response_times(comments["commented_at"], comments["replied_at"])
    frame["question_replied"] = frame["replied"].where(comments["category"] == "question")
    # comments without a coded sentiment (imported exports have none) are missing, not "not
    # negative": a table with no coded comment has no negative share (NaN), never 0
    sentiment = comments["sentiment"]
    frame["negative"] = (sentiment == "negative").astype(float).where(sentiment.notna())
    grouped = frame.groupby(by, observed=True)
    return pd.DataFrame(
        {
            "comments": grouped.size(),
            "response_rate": grouped["replied"].mean() * 100,
            "median_response_hours": grouped["hours"].median(),
            "questions_answered": grouped["question_replied"].mean() * 100,
            "negative_share": grouped["negative"].mean() * 100,
        }
    )


def _post_kpis(posts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    frame = _keys(posts, by)
    frame["reach"] = posts["reach"].astype("Float64").astype(float)
    # engagements only of the posts with a reach, so both sums cover the same posts
    frame["engagements"] = metrics.engagements(posts).astype(float).where(frame["reach"].notna())
    # a post whose export gives no format (X) or no topic (every export) is left out of that
    # share, so imported data without topics gets a missing protocol share, never 0
    content_type, topic = posts["content_type"], posts["topic"]
    frame["short_video"] = (content_type == "short_video").astype(float).where(content_type.notna())
    frame["official"] = (topic == "official_events").astype(float).where(topic.notna())
    grouped = frame.groupby(by, observed=True)
    return pd.DataFrame(
        {
            "posts": grouped.size(),
            "er_by_reach": metrics.engagement_rate_by_reach(
                grouped["engagements"].sum(min_count=1), grouped["reach"].sum(min_count=1)
            ),
            "short_video_share": grouped["short_video"].mean() * 100,
            "official_events_share": grouped["official"].mean() * 100,
        }
    )


def _telegram_followers(followers: pd.DataFrame) -> pd.DataFrame:
    """Daily followers of each akimat's Telegram channel: columns akimat_id, date, followers."""
    account = followers["account_id"].astype(str)
    rows = followers[account.str.endswith("-telegram")]
    return pd.DataFrame(
        {
            "akimat_id": account[rows.index].str.rsplit("-", n=1).str[0],
            "date": rows["date"],
            "followers": rows["followers"].astype(float),
        }
    ).sort_values(["akimat_id", "date"])


def _month(timestamps: pd.Series) -> pd.Series:
    return timestamps.dt.month.rename("month")


def monthly_kpis(
    posts: pd.DataFrame | None = None,
    comments: pd.DataFrame | None = None,
    followers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every KPI for every akimat and month: one row per (akimat_id, month 1-12).

    Columns: the KPIs of `KPIS`, plus `comments` and `posts` (how many rows each value rests on:
    a month with 10 comments gives a shaky response rate). A month with no comments (or no
    replies) has NaN for the comment KPIs. `monthly.loc["region_f"]` gives one akimat's 12 months.
    The datasets are loaded when not given.
    """
    posts = load("posts") if posts is None else posts
    comments = load("comments") if comments is None else comments
    followers = load("daily_followers") if followers is None else followers
    c = _comment_kpis(
        comments.assign(month=_month(comments["commented_at"])), ["akimat_id", "month"]
    )
    p = _post_kpis(posts.assign(month=_month(posts["published_at"])), ["akimat_id", "month"])
    tg = _telegram_followers(followers)
    tg["month"] = _month(tg["date"])
    ends = tg.groupby(["akimat_id", "month"])["followers"].last()
    first = tg.groupby("akimat_id")["followers"].first()
    starts = ends.groupby(level="akimat_id").shift(1)
    january = starts.index.get_level_values("month") == starts.index.get_level_values("month").min()
    starts[january] = first.reindex(starts.index.get_level_values("akimat_id")).to_numpy()[january]
    growth = metrics.follower_growth_rate(starts, ends).rename("telegram_growth")
    table = p.join(c, how="outer").join(growth, how="outer")
    table["comments"] = table["comments"].fillna(0).astype(int)
    table["posts"] = table["posts"].fillna(0).astype(int)
    table.index = table.index.set_names(["akimat_id", "month"])
    return table[[*KPIS, "comments", "posts"]].sort_index()


def yearly_kpis(
    posts: pd.DataFrame | None = None,
    comments: pd.DataFrame | None = None,
    followers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every KPI for the whole year, one row per akimat: the baseline to set targets from.

    Year values are pooled over all the year's comments and posts (not an average of the 12
    monthly values), and Telegram growth runs from the first to the last day of the data.
    """
    posts = load("posts") if posts is None else posts
    comments = load("comments") if comments is None else comments
    followers = load("daily_followers") if followers is None else followers
    c = _comment_kpis(comments, ["akimat_id"])
    p = _post_kpis(posts, ["akimat_id"])
    tg = _telegram_followers(followers).groupby("akimat_id")["followers"]
    growth = metrics.follower_growth_rate(tg.first(), tg.last()).rename("telegram_growth")
    table = p.join(c, how="outer").join(growth, how="outer")
    table["comments"] = table["comments"].fillna(0).astype(int)
    table["posts"] = table["posts"].fillna(0).astype(int)
    table.index.name = "akimat_id"
    return table[[*KPIS, "comments", "posts"]]


# --- benchmarks and targets ----------------------------------------------------------------------


def benchmarks(yearly: pd.DataFrame, quantile: float = 0.75) -> pd.Series:
    """The level the best quarter of akimats reach on each KPI ("top quarter").

    For a KPI where higher is better it is the 75th percentile across akimats; where lower is
    better (response time, negative comments, protocol posts), the 25th percentile. With
    `quantile=0.5` it is the median akimat.

    >>> yearly = pd.DataFrame({"response_rate": [10.0, 20, 30, 40, 50]})
    >>> benchmarks(yearly)["response_rate"]
    40.0
    """
    values = {}
    for column in yearly.columns:
        if column in KPIS:
            q = quantile if KPIS[column].higher_is_better else 1 - quantile
            values[column] = float(yearly[column].quantile(q))
    return pd.Series(values, name="top_quarter", dtype=float)


def smart_target(
    baseline: float, benchmark: float, higher_is_better: bool = True, gap_closed: float = 0.5
) -> float:
    """A realistic target: close part of the gap between the baseline and the benchmark.

    target = baseline + gap_closed × (benchmark − baseline), when the benchmark is better than
    the baseline; otherwise the baseline itself (already among the best: hold the level).

    >>> smart_target(18, 30)
    24.0
    >>> smart_target(20, 16, higher_is_better=False)
    18.0
    >>> smart_target(35, 30)
    35.0
    """
    gap = benchmark - baseline
    better = gap > 0 if higher_is_better else gap < 0
    return float(baseline + gap_closed * gap) if better else float(baseline)


def smart_targets(
    baseline: pd.Series, benchmark: pd.Series, gap_closed: float = 0.5
) -> pd.DataFrame:
    """One akimat's targets: a row per KPI with its baseline, the top-quarter level and a target.

    `baseline` is one akimat's row of `yearly_kpis` (for example `yearly.loc["region_f"]`),
    `benchmark` the result of `benchmarks`. The target follows `smart_target`; change any cell
    afterwards where judgement beats the rule (`targets.loc["official_events_share", "target"] = 20`).
    """
    rows = []
    for column, info in KPIS.items():
        if column not in baseline.index or column not in benchmark.index:
            continue
        base, bench = float(baseline[column]), float(benchmark[column])
        rows.append(
            {
                "kpi": column,
                "label": info.label,
                "unit": info.unit,
                "better": "higher" if info.higher_is_better else "lower",
                "baseline": base,
                "top_quarter": bench,
                "target": smart_target(base, bench, info.higher_is_better, gap_closed),
            }
        )
    return pd.DataFrame(rows).set_index("kpi")


def all_targets(
    yearly: pd.DataFrame, gap_closed: float = 0.5, quantile: float = 0.75
) -> pd.DataFrame:
    """Targets for every akimat by the same rule: one row per akimat, one column per KPI."""
    bench = benchmarks(yearly, quantile)
    return pd.DataFrame(
        {
            column: [
                smart_target(b, bench[column], KPIS[column].higher_is_better, gap_closed)
                for b in yearly[column]
            ]
            for column in bench.index
        },
        index=yearly.index,
    )


def monthly_growth(yearly_growth: float) -> float:
    """The monthly growth (%) that, kept up for 12 months, gives `yearly_growth` (%).

    monthly = ((1 + yearly / 100) ^ (1 / 12) − 1) × 100. Monthly Telegram growth is compared
    with this, not with the year's target.

    >>> round(monthly_growth(26.8242), 2)
    2.0
    """
    return float(((1 + yearly_growth / 100) ** (1 / 12) - 1) * 100)


def target_met(value, target: float, kpi_name: str):
    """True where the value reaches the target: at or above it, or at or below it for a KPI where
    lower is better. Works on one number or a column; a missing value is not met.

    >>> target_met(25.0, 24.0, "response_rate")
    True
    >>> target_met(pd.Series([17.0, 19.0]), 18.0, "median_response_hours").tolist()
    [True, False]
    """
    info = kpi(kpi_name)
    if isinstance(value, pd.Series):
        values = pd.to_numeric(value, errors="coerce").astype(float)
        met = values >= target if info.higher_is_better else values <= target
        return met & values.notna()
    if value is None or pd.isna(value):
        return False
    return bool(value >= target) if info.higher_is_better else bool(value <= target)


# --- content plan ----------------------------------------------------------------------------------


def _spread(mix: Mapping[str, float] | pd.Series, n: int) -> list[str]:
    """n labels in the proportions of `mix`, spread evenly (largest remainders, then a smooth
    weighted round robin so that no topic comes twice in a row when it can be avoided)."""
    shares = pd.Series(mix, dtype=float)
    shares = shares[shares > 0]
    if shares.empty:
        raise ValueError("The mix has no topic with a share above 0.")
    exact = shares / shares.sum() * n
    counts = np.floor(exact).astype(int)
    remainder = (exact - counts).sort_values(ascending=False, kind="stable")
    for label in remainder.index[: n - int(counts.sum())]:
        counts[label] += 1
    current = pd.Series(0, index=counts.index)
    order = []
    for _ in range(n):
        current += counts
        pick = current.idxmax()
        current[pick] -= n
        order.append(pick)
    return order


def plan_calendar(
    month: str, slots: pd.DataFrame, mix: Mapping[str, float] | pd.Series
) -> pd.DataFrame:
    """A month's content calendar: the weekly `slots` repeated on every date of `month`, each post
    with a topic from `mix`.

    month: "2026-03". slots: one row per weekly slot with columns weekday ("Mon" ... "Sun"),
    time ("19:30"), platform and format. mix: topic → share (per cent or fractions); topics are
    spread evenly through the month in those proportions. The result has one row per planned post:
    date, weekday, time, platform, format, topic, and evening_or_weekend (True for 18:00 or later,
    or a Saturday or Sunday: when the audience is most active).
    """
    needed = ["weekday", "time", "platform", "format"]
    missing = [c for c in needed if c not in slots.columns]
    if missing:
        raise ValueError(f"The slots table needs the columns {needed}; it lacks {missing}.")
    unknown = sorted(set(slots["weekday"]) - set(WEEKDAYS))
    if unknown:
        raise ValueError(f"Unknown weekday(s) {unknown}: write them as {list(WEEKDAYS)}.")
    start = pd.Timestamp(f"{month}-01")
    days = pd.DataFrame({"date": pd.date_range(start, start + pd.offsets.MonthEnd(0), freq="D")})
    days["weekday"] = [WEEKDAYS[d] for d in days["date"].dt.day_of_week]
    calendar = days.merge(slots[needed], on="weekday")
    calendar = calendar.sort_values(["date", "time"], kind="stable").reset_index(drop=True)
    calendar["topic"] = _spread(mix, len(calendar))
    times = calendar["time"].astype(str).str.strip()
    bad = sorted(set(times[~times.str.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d")]))
    if bad:
        raise ValueError(
            f"Unknown time(s) {bad}: write each time as hours:minutes on a 24-hour clock, "
            'for example "07:30" or "19:00".'
        )
    hour = times.str.split(":").str[0].astype(int)
    calendar["evening_or_weekend"] = (hour >= 18) | calendar["weekday"].isin(["Sat", "Sun"])
    return calendar
