"""Exercise 6 · Social networks in a crisis: a different rumour, a different moment: the tasks."""

import pandas as pd

from course_utils import crisis, load
from course_utils.tasks import Exercise, Mistake

exercise = Exercise("m06_crisis_communication")

FAKE_HQ_DENIAL = "2025-04-06 15:10"  # E12: the akimat denies the fake "operational HQ" channel
FIRST_DENIAL = "2025-04-06 11:40"  # E08: the lesson's moment (the dam rumour's first denial)
VIEWS = ["rumour_views", "official_views"]


def _task(number, names, expected, **kw):
    return exercise.task(number, names, expected, **kw)


def _timeline():
    """The course's timeline, shown as `timeline` in a check's messages (not as a whole table)."""
    table = load("crisis_timeline")
    table.attrs["shown_as"] = "timeline"
    return table


TIMELINE = _timeline()


# -- Task 1 ------------------------------------------------------------------------------------


def _between(first, second):
    by_id = load("crisis_events").set_index("event_id")
    return by_id.loc[second, "posted_at"] - by_id.loc[first, "posted_at"]


q1 = _task(
    1,
    "tap_delay_minutes",
    expected=lambda: _between("E18", "E19").total_seconds() / 60,
    mistakes=(
        Mistake(
            lambda: _between("E18", "E19"),
            "`tap_delay_minutes` is a duration (days, hours and minutes), not a number of "
            "minutes. Add .total_seconds() / 60 to the difference of the two times.",
        ),
        Mistake(
            lambda: _between("E03", "E08").total_seconds() / 60,
            "This is the delay of the dam rumour from the lesson (E03 to E08). Use the tap-water "
            "rumour of 7 April and its denial: look them up in the table of the 23 posts.",
        ),
        Mistake(
            lambda: _between("E18", "E19").total_seconds(),
            "This is the delay in seconds: divide by 60 to get minutes.",
        ),
        Mistake(
            lambda: _between("E18", "E19").total_seconds() / 3600,
            "This is the delay in hours: divide the seconds by 60, not by 3,600.",
        ),
    ),
    hints=(
        "Find the tap-water rumour and the akimat's denial in the table of the 23 posts (7 April). "
        "Subtract the rumour's time from the denial's time, as in the lesson, and turn the "
        "duration into minutes.",
        '`by_id = events.set_index("event_id")`, then `(by_id.loc["E19", "posted_at"] - '
        'by_id.loc[..., "posted_at"])`; add `.total_seconds() / 60`.',
    ),
)


# -- Task 2 ------------------------------------------------------------------------------------


def _rumour_posts(day=None):
    posts = load("crisis_timeline").set_index("bin_start")["rumour_posts"]
    return posts if day is None else posts.loc[day]


q2 = _task(
    2,
    "tap_peak",
    expected=lambda: _rumour_posts("2025-04-07").max(),
    mistakes=(
        Mistake(
            lambda: _rumour_posts().max(),
            "This is the dam rumour's peak on 6 April, the largest count of the whole timeline. "
            'Keep only the bins of 7 April first: .loc["2025-04-07", "rumour_posts"].',
        ),
        Mistake(
            lambda: _rumour_posts("2025-04-07").sum(),
            "This is the total of all rumour posts on 7 April. The task asks for the busiest "
            "10 minutes: use .max(), not .sum().",
        ),
        Mistake(
            lambda: _rumour_posts("2025-04-07").mean(),
            "This is the average number of rumour posts per 10 minutes on 7 April. The task asks "
            "for the busiest 10 minutes: use .max(), not .mean().",
        ),
    ),
    hints=(
        "Keep the 10-minute bins of 7 April only, then take the largest value of `rumour_posts` "
        "(like MAX in Excel).",
        '`timeline.set_index("bin_start").loc["2025-04-07", "rumour_posts"]` gives the 144 bins '
        "of 7 April; add the function that gives the largest value.",
    ),
)


# -- Task 3 ------------------------------------------------------------------------------------


def _views(timeline, until, how="sum", whole=False):
    table = load("crisis_timeline")
    if not whole:
        table = table[table["bin_start"] < until]
    return getattr(table[VIEWS], how)()


q3 = _task(
    3,
    "views_by",
    expected=lambda timeline, until: _views(timeline, until),
    calls=(
        (TIMELINE, FAKE_HQ_DENIAL),
        (TIMELINE, "2025-04-06 12:00"),
        (TIMELINE, "2025-04-07 12:00"),
    ),
    grading_calls=(
        (TIMELINE, "2025-04-06 09:00"),
        (TIMELINE, "2025-04-06 13:10"),
        (TIMELINE, "2025-04-07 14:30"),
        (TIMELINE, pd.Timestamp("2025-04-08 18:00", tz="Asia/Almaty")),
    ),
    mistakes=(
        Mistake(
            lambda timeline, until: _views(timeline, until, whole=True),
            "The function adds up the views of the whole 72 hours: take the columns from "
            "`earlier` (the bins before `until`), not from `timeline`.",
        ),
        Mistake(
            lambda timeline, until: _views(timeline, until, "mean"),
            "The function gives the average views per 10-minute bin. The task asks for the total "
            "views before `until`: use .sum(), not .mean().",
        ),
        Mistake(
            lambda timeline, until: _views(timeline, until, "count"),
            "The function counts the 10-minute bins instead of adding up their views: use "
            ".sum(), not .count().",
        ),
    ),
    hints=(
        "Inside the function, `earlier` already holds the bins that start before `until`: pick "
        "its two views columns and add each of them up.",
        '`totals = earlier[["rumour_views", "official_views"]]...` — finish it with the '
        "function that adds up (like SUM in Excel).",
    ),
)


# -- Task 4 ------------------------------------------------------------------------------------


def _ratio(until=FAKE_HQ_DENIAL, whole=False):
    views = _views(None, until, whole=whole)
    return views["rumour_views"] / views["official_views"]


q4 = _task(
    4,
    "hq_ratio",
    expected=lambda: _ratio(),
    mistakes=(
        Mistake(
            lambda: 1 / _ratio(),
            "This is the official views divided by the rumour's views, a number below 1. Divide "
            "the rumour's views by the official views.",
        ),
        Mistake(
            lambda: _ratio(FIRST_DENIAL),
            "This is the ratio at the lesson's first denial (11:40). Use the moment the fake "
            'channel was denied: views_by(timeline, "2025-04-06 15:10").',
        ),
        Mistake(
            lambda: _ratio(whole=True),
            "This is the ratio over the whole 72 hours. Use only the views gathered before the "
            "denial of the fake channel: your function views_by with its moment.",
        ),
        Mistake(
            lambda: _views(None, FAKE_HQ_DENIAL).pipe(
                lambda v: v["rumour_views"] - v["official_views"]
            ),
            "This is how many more views the rumour had (a difference). The task asks how many "
            "times as many: divide the rumour's views by the official views.",
        ),
    ),
    hints=(
        "Call your function `views_by` with the moment of the fake channel's denial, then divide "
        "one of its two numbers by the other.",
        '`totals = views_by(timeline, "2025-04-06 15:10")`, then `totals["rumour_views"] / ...`.',
    ),
)


# -- Task 5 ------------------------------------------------------------------------------------


def _around(when=FAKE_HQ_DENIAL, minutes=60, pick="change_pct"):
    return crisis.rumour_rate_around(load("crisis_timeline"), when, minutes=minutes)[pick]


q5 = _task(
    5,
    "hq_change",
    expected=lambda: _around(),
    mistakes=(
        Mistake(
            lambda: _around(FIRST_DENIAL),
            "This is the change around the lesson's first denial (11:40). Use the moment the "
            'fake channel was denied: "2025-04-06 15:10".',
        ),
        Mistake(
            lambda: _around(minutes=30),
            "This compares half an hour before and after. The task asks for the hour before and "
            "the hour after: minutes=60.",
        ),
        Mistake(
            lambda: _around(pick="before"),
            "This is the number of rumour posts per 10 minutes in the hour before the denial. "
            'The task asks for the change in %: pick ["change_pct"].',
        ),
        Mistake(
            lambda: _around(pick="after"),
            "This is the number of rumour posts per 10 minutes in the hour after the denial. "
            'The task asks for the change in %: pick ["change_pct"].',
        ),
    ),
    hints=(
        "`crisis.rumour_rate_around` gives three numbers for a moment — before, after and the "
        "change in %. Give it the moment of the fake channel's denial and an hour each side.",
        '`crisis.rumour_rate_around(timeline, "2025-04-06 15:10", minutes=60)` — then pick '
        "the change with `[...]`.",
    ),
)


# -- Task 6 ------------------------------------------------------------------------------------


def _reach(how="sum", official_only=True, observed=True):
    events = load("crisis_events")
    if official_only:
        events = events[events["official"]]
    by_platform = getattr(events.groupby("platform", observed=observed)["reach_72h"], how)()
    return by_platform.sort_values(ascending=False)


q6 = _task(
    6,
    "official_reach_by_platform",
    expected=lambda: _reach(),
    ordered=True,
    mistakes=(
        Mistake(
            lambda: _reach(official_only=False),
            "This adds up the views of *all* posts, rumours included (so WhatsApp appears, where "
            'the officials posted nothing). Keep only the official posts first: events[events["official"]].',
        ),
        Mistake(
            lambda: _reach(observed=False),
            "The table has a row for WhatsApp with 0 views: the officials posted nothing there. "
            'Leave it out: use .groupby("platform") without observed=False.',
        ),
        Mistake(
            lambda: _reach("mean"),
            "These are the average views per official post on each platform. The task asks for "
            "the total: use .sum(), not .mean().",
        ),
        Mistake(
            lambda: _reach("count"),
            "This counts the official posts on each platform. The task asks for their views: "
            'add up the column "reach_72h" with .sum().',
        ),
    ),
    hints=(
        "Keep only the official posts, then make a pivot table: one row per platform with the "
        "total of `reach_72h`, and sort it largest first.",
        '`events[events["official"]].groupby("platform")["reach_72h"]` — then add the total '
        "for each platform and sort with `.sort_values(...)`, largest first.",
    ),
)
