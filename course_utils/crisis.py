"""Helpers for the crisis case study (module m06): how fast officials spoke, how far a rumour
and the official posts reached, and whether the rumour slowed after an official post.

They work on the two crisis tables (see `datasets/README.md`):

- `crisis_events`: one row per notable post (`posted_at`, `official`, `kind`, `platform`, ...);
- `crisis_timeline`: one row per 10-minute bin (`bin_start`, `rumour_posts`, `rumour_views`,
  `official_views`, ...). A bin that starts at 11:40 covers 11:40:00-11:49:59.

Times may be given as text ("2025-04-06 11:40") or as pandas Timestamps; text and times without a
time zone are read as Asia/Almaty time, like the data.

    >>> from course_utils import load, crisis
    >>> events, timeline = load("crisis_events"), load("crisis_timeline")
    >>> crisis.format_duration(crisis.time_to_first_official(events))
    '4 h 20 min'
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import plots
from .i18n import N_

_THOUSANDS = FuncFormatter(lambda value, _: f"{value:,.0f}")

TIMEZONE = "Asia/Almaty"
BIN = pd.Timedelta(minutes=10)

KIND_LABELS = {
    "first_report": "first report",
    "media_report": "media report",
    "rumour": "rumour",
    "official_update": "update",
    "denial": "denial",
    "live_stream": "live Q&A",
}
PLATFORM_LABELS = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "telegram": "Telegram",
    "tiktok": "TikTok",
    "whatsapp": "WhatsApp",
}


def as_time(when) -> pd.Timestamp:
    """A point in time as a Timestamp in Asia/Almaty time.

    Text and times without a time zone are read as Almaty time; times with another zone are
    converted.

    >>> as_time("2025-04-06 11:40")
    Timestamp('2025-04-06 11:40:00+0500', tz='Asia/Almaty')
    """
    stamp = pd.Timestamp(when)
    if stamp.tzinfo is None:
        return stamp.tz_localize(TIMEZONE)
    return stamp.tz_convert(TIMEZONE)


def format_duration(delta) -> str:
    """A duration in words a report can use: '4 h 20 min', '50 min', '26 h 5 min'.

    Rounded to the nearest minute.

    >>> format_duration(pd.Timedelta(minutes=260))
    '4 h 20 min'
    """
    minutes = round(pd.Timedelta(delta).total_seconds() / 60)
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours == 0:
        return f"{sign}{rest} min"
    if rest == 0:
        return f"{sign}{hours} h"
    return f"{sign}{hours} h {rest} min"


def time_to_first_official(events: pd.DataFrame) -> pd.Timedelta:
    """Time from the first public (non-official) post to the first official post.

    time to first official = earliest `posted_at` where `official` is True
                             − earliest `posted_at` where `official` is False

    A long gap is an *information vacuum*: people talk, and rumours fill the silence.

    >>> events = pd.DataFrame({
    ...     "posted_at": pd.to_datetime(["2025-04-06 06:05", "2025-04-06 10:25"]),
    ...     "official": [False, True]})
    >>> time_to_first_official(events)
    Timedelta('0 days 04:20:00')
    """
    official = events["official"].astype(bool)
    if not official.any():
        raise ValueError("There is no official post in this table (no row has official == True).")
    if official.all():
        raise ValueError(
            "Every post in this table is official: there is no public post to start from."
        )
    return events.loc[official, "posted_at"].min() - events.loc[~official, "posted_at"].min()


def cumulative_views(timeline: pd.DataFrame) -> pd.DataFrame:
    """Running totals of views: rumour posts against official posts.

    One row per bin, columns `rumour` and `official`: the views gathered from the start of the
    timeline *up to the end of that bin* (a running total, like an Excel column of
    =SUM($B$2:B2)). The index, `until`, is the end of the bin, so `.loc["2025-04-06 11:40"]`
    reads "views gathered before 11:40".

    >>> timeline = pd.DataFrame({"bin_start": pd.to_datetime(["2025-04-06 07:30", "2025-04-06 07:40"]),
    ...                          "rumour_views": [100, 300], "official_views": [0, 50]})
    >>> cumulative_views(timeline)["rumour"].tolist()
    [100, 400]
    """
    views = timeline.set_index("bin_start")[["rumour_views", "official_views"]].sort_index()
    totals = views.cumsum().rename(columns={"rumour_views": "rumour", "official_views": "official"})
    totals.index = (totals.index + BIN).rename("until")
    return totals


def _bins_between(timeline: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The bins that lie entirely between start and end (Almaty times)."""
    begins = timeline["bin_start"]
    if getattr(begins.dt, "tz", None) is None:  # a table without time zones: compare clock times
        start, end = start.tz_localize(None), end.tz_localize(None)
    return timeline[(begins >= start) & (begins + BIN <= end)]


def rumour_rate_around(
    timeline: pd.DataFrame, when, minutes: int = 60, column: str = "rumour_posts"
) -> pd.Series:
    """Average rumour posts per 10 minutes before and after a moment, and the change in %.

    before = mean of `column` over the bins lying entirely in the `minutes` before `when`
    after  = mean of `column` over the bins lying entirely in the `minutes` from `when` on
    change_pct = (after − before) / before × 100   (NaN when before is 0)

    If `when` falls inside a bin (10:25 lies in the 10:20 bin) that bin counts on neither side.
    A fall after a post does not prove the post caused it: check whether the rumour was already
    falling before.

    >>> timeline = pd.DataFrame({
    ...     "bin_start": pd.date_range("2025-04-06 11:00", periods=4, freq="10min"),
    ...     "rumour_posts": [10, 30, 20, 10]})
    >>> rumour_rate_around(timeline, "2025-04-06 11:20", minutes=20).round(1).tolist()
    [20.0, 15.0, -25.0]
    """
    moment = as_time(when)
    window = pd.Timedelta(minutes=minutes)
    if window < BIN:
        raise ValueError(f"minutes should be at least 10 (one bin), not {minutes}.")
    before = _bins_between(timeline, moment - window, moment)[column].mean()
    after = _bins_between(timeline, moment, moment + window)[column].mean()
    change = (after - before) / before * 100 if before else float("nan")
    return pd.Series({"before": before, "after": after, "change_pct": change}, name=str(moment))


def rumour_around_posts(
    timeline: pd.DataFrame, events: pd.DataFrame, minutes: int = 60
) -> pd.DataFrame:
    """For each official post: rumour posts per 10 minutes before and after it, and the change.

    One row per official post (indexed by `event_id` when the table has it) with `posted_at`,
    `kind`, `platform`, and `before`, `after`, `change_pct` from `rumour_rate_around`.
    """
    official = events[events["official"].astype(bool)].sort_values("posted_at")
    if "event_id" in official:
        official = official.set_index("event_id")
    rates = pd.DataFrame(
        [rumour_rate_around(timeline, when, minutes) for when in official["posted_at"]],
        index=official.index,
    )
    return pd.concat([official[["posted_at", "kind", "platform"]], rates], axis=1)


def post_marks(events: pd.DataFrame) -> dict:
    """{time: label} for the posts in `events`, ready for `plots.time_series(..., marks=...)`.

    Labels read '11:40 denial (Telegram)'; posts on later days add the date ('7 Apr 14:30 ...').
    Posts in the same minute share one mark.

    >>> events = pd.DataFrame({"posted_at": [as_time("2025-04-06 11:40")],
    ...                        "kind": ["denial"], "platform": ["telegram"]})
    >>> list(post_marks(events).values())
    ['11:40 denial (Telegram)']
    """
    rows = events.sort_values("posted_at")
    first_day = rows["posted_at"].min().normalize() if len(rows) else None
    marks: dict = {}
    for when, kind, platform in zip(rows["posted_at"], rows["kind"], rows["platform"], strict=True):
        clock = when.strftime("%H:%M")
        if when.normalize() != first_day:
            clock = f"{when.day} {when.strftime('%b')} {clock}"
        label = f"{clock} {KIND_LABELS.get(str(kind), str(kind))} ({PLATFORM_LABELS.get(str(platform), str(platform))})"
        marks[when] = f"{marks[when]} + {label}" if when in marks else label
    return marks


def timeline_chart(
    data: pd.DataFrame | pd.Series,
    *,
    title: str,
    ylabel: str,
    marks: dict | None = None,
    colours: dict[str, str] | None = None,
    xlabel: str = N_("time (Asia/Almaty)"),
    note: str | None = None,
) -> Figure:
    """`plots.time_series` for the crisis timeline (clock times, room above the lines for the
    labels of the `marks`, see `post_marks`), with the y axis from 0 and thousands separated.

    data: a Series or a table indexed by time (one line per column); `colours` = {column: colour}
    overrides the house colours (for example the rumour in orange-red, official posts in blue).
    """
    fig = plots.time_series(
        data, title=title, ylabel=ylabel, xlabel=xlabel, note=note, marks=marks, colours=colours
    )
    ax = fig.axes[0]
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(_THOUSANDS)
    return fig
