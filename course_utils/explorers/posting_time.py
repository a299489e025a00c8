"""Posting-time explorer (m03): when does a platform's audience respond, and when do we post?"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import metrics, plots
from ..audience import EARLY, EVENING, OFFICE_HOURS, WEEKEND, time_slot
from ..data import load
from ..i18n import N_, _
from .base import Explorer, ExplorerView, message_view

MEASURES = {
    "Posts published": N_("posts published"),
    "Median ER by reach": N_("median engagement rate by reach (%)"),
    "Median ER by views": N_("median engagement rate by views or impressions (%)"),
}
_ER_COLUMNS = {"Median ER by reach": "er_by_reach", "Median ER by views": "er_by_views"}
MIN_POSTS = 5  # cells with fewer posts are left blank: a median of two posts says little
SLOT_PHRASES = {
    EARLY: N_("on weekday mornings before 9:00"),
    OFFICE_HOURS: N_("in office hours"),
    EVENING: N_("on weekday evenings"),
    WEEKEND: N_("at weekends"),
}


def posting_time_view(
    posts: pd.DataFrame, platform: str, content_type: str = "all", measure: str = "Posts published"
) -> ExplorerView:
    """Weekday × hour heatmap for one platform (and content type): posts, or median ER by reach
    or by views (Telegram has views only: ER by reach gives a message saying so)."""
    rows = posts[posts["platform"] == platform]
    if content_type != "all":
        rows = rows[rows["content_type"] == content_type]
    name = plots.PLATFORM_NAMES.get(platform, platform)
    if len(rows) < MIN_POSTS:
        return message_view(
            f"Too few {content_type.replace('_', ' ')} posts on {name} to draw a heatmap; choose another content type."
        )
    times = rows["published_at"]
    counts = metrics.weekday_hour_table(times)
    if measure == "Posts published":
        table = counts
        office = (time_slot(times) == OFFICE_HOURS).mean() * 100
        title = _(
            "{platform}: {share} of posts go out on weekdays between 9:00 and 18:00",
            platform=name,
            share=format(office, ".0f") + "%",
        )
        cmap = "Blues"
    else:
        column = _ER_COLUMNS[measure]
        er = rows[column] if column in rows else _with_rates(rows)[column]
        if er.isna().all():
            why = metrics.measure_note(platform, column) or f"{name} posts have no values for it"
            return message_view(f"{name}: {measure} cannot be drawn: {why}.")
        table = metrics.weekday_hour_table(times, er, agg="median").where(counts >= MIN_POSTS)
        if table.isna().all().all():
            return message_view(
                f"Fewer than {MIN_POSTS} posts in every weekday-hour slot; choose 'all' content types."
            )
        title = _engagement_title(name, times, er)
        cmap = "Oranges"
    figure = plots.weekday_hour_heatmap(
        table=table,
        title=title,
        colorbar_label=MEASURES[measure],
        cmap=cmap,
        note=None
        if measure == "Posts published"
        else _("Blank: fewer than {count} posts in that hour.", count=MIN_POSTS),
    )
    return ExplorerView(figure, table.round(2))


def _engagement_title(name: str, times: pd.Series, er: pd.Series) -> str:
    """A title stating when posts engage most, by time slot (single hours are too noisy)."""
    slots = pd.DataFrame({"slot": time_slot(times), "er": er.to_numpy()})
    grouped = slots.groupby("slot", observed=True)["er"]
    medians = grouped.median()[grouped.size() >= MIN_POSTS]
    best = medians.idxmax()
    when, rate = plots.chart_text(SLOT_PHRASES[best]), f"{medians[best]:.1f}%"
    if best == OFFICE_HOURS or OFFICE_HOURS not in medians:
        return _(
            "{platform}: posts engage most {when} (median ER {rate})",
            platform=name,
            when=when,
            rate=rate,
        )
    return _(
        "{platform}: posts engage most {when} (median ER {rate} vs {office} in office hours)",
        platform=name,
        when=when,
        rate=rate,
        office=format(medians[OFFICE_HOURS], ".1f") + "%",
    )


def _with_rates(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts with er_by_reach and er_by_views (impressions or views) per post; NaN where missing."""
    engagements = metrics.engagements(posts)
    return posts.assign(
        er_by_reach=metrics.engagement_rate_by_reach(engagements, posts["reach"]),
        er_by_views=metrics.engagement_rate_by_impressions(engagements, posts["impressions"]),
    )


def posting_time_explorer(
    posts: pd.DataFrame | None = None, platform: str = "instagram"
) -> Explorer:
    """The posting-time widget: choose platform, content type and what to show."""
    posts = load("posts") if posts is None else posts
    posts = _with_rates(posts)
    platforms = [p for p in plots.PLATFORM_NAMES if p in set(posts["platform"].astype(str))]
    types = ["all", *[str(t) for t in posts["content_type"].cat.categories]]
    controls = {
        "platform": widgets.Dropdown(
            options=[(plots.PLATFORM_NAMES[p], p) for p in platforms],
            value=platform,
            description="Platform",
        ),
        "content_type": widgets.Dropdown(options=types, value="all", description="Content"),
        "measure": widgets.ToggleButtons(
            options=list(MEASURES), value="Posts published", description="Show"
        ),
    }
    return Explorer("Posting-time explorer", controls, lambda **c: posting_time_view(posts, **c))
