"""Posting-time explorer (m03): when does a platform's audience respond, and when do we post?"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import metrics, plots
from ..data import load
from .base import Explorer, ExplorerView, message_view

MEASURES = {
    "Posts published": "posts published",
    "Median ER by reach": "median engagement rate by reach (%)",
}
MIN_POSTS = 5  # cells with fewer posts are left blank: a median of two posts says little


def posting_time_view(
    posts: pd.DataFrame, platform: str, content_type: str = "all", measure: str = "Posts published"
) -> ExplorerView:
    """Weekday × hour heatmap for one platform (and content type): posts, or median ER by reach."""
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
        day, hour = table.stack().idxmax()
        title = f"{name}: most posts go out on weekdays in office hours (peak {day} {hour:02d}:00)"
        cmap = "Blues"
    else:
        er = metrics.engagement_rate_by_reach(metrics.engagements(rows), rows["reach"])
        table = metrics.weekday_hour_table(times, er, agg="median").where(counts >= MIN_POSTS)
        if table.isna().all().all():
            return message_view(
                f"Fewer than {MIN_POSTS} posts in every weekday-hour slot; choose 'all' content types."
            )
        day, hour = table.stack().idxmax()
        title = f"{name}: engagement is highest on {day} around {hour:02d}:00"
        cmap = "Oranges"
    figure = plots.weekday_hour_heatmap(
        table=table,
        title=title,
        colorbar_label=MEASURES[measure],
        cmap=cmap,
        note=None
        if measure == "Posts published"
        else f"Blank: fewer than {MIN_POSTS} posts in that hour.",
    )
    return ExplorerView(figure, table.round(2))


def posting_time_explorer(
    posts: pd.DataFrame | None = None, platform: str = "instagram"
) -> Explorer:
    """The posting-time widget: choose platform, content type and what to show."""
    posts = load("posts") if posts is None else posts
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
