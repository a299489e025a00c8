"""Content-type explorer (m04): which formats engage on which platform — median or mean."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import metrics, plots
from ..data import load
from ..i18n import N_, _
from .base import Explorer, ExplorerView, message_view, metric_phrase

METRICS = {
    # label: (how to compute per post, axis label)
    N_("ER by reach"): ("er_by_reach", N_("engagement rate by reach (%)")),
    N_("ER by views"): ("er_by_views", N_("engagement rate by views or impressions (%)")),
    N_("Reach"): ("reach", N_("reach per post (people)")),
    N_("Shares per post"): ("shares", N_("shares per post")),
    N_("Comments per post"): ("comments", N_("comments per post")),
}


def _per_post(posts: pd.DataFrame) -> pd.DataFrame:
    engagements = metrics.engagements(posts)
    return posts.assign(
        er_by_reach=metrics.engagement_rate_by_reach(engagements, posts["reach"]),
        er_by_views=metrics.engagement_rate_by_impressions(engagements, posts["impressions"]),
    )


def content_type_comparison(
    posts: pd.DataFrame, platform: str, metric: str = "ER by reach", statistic: str = "median"
) -> ExplorerView:
    """Compare content types on one platform: median (or mean) of a per-post metric, with counts."""
    rows = posts[posts["platform"] == platform]
    name = plots.PLATFORM_NAMES.get(platform, platform)
    if rows.empty:
        return message_view(f"There are no {name} posts in this data.")
    column, axis = METRICS[metric]
    if column not in rows:
        rows = _per_post(rows)
    if rows[column].isna().all():
        why = metrics.measure_note(platform, column) or f"{name} posts have no values for it"
        return message_view(f"{name}: {metric} cannot be computed: {why}.")
    grouped = rows.groupby("content_type", observed=True)[column]
    table = pd.DataFrame(
        {"posts": grouped.size(), "median": grouped.median(), "mean": grouped.mean()}
    )
    table = table[table["posts"] >= 10].sort_values(statistic, ascending=False)
    if table.empty:
        return message_view(f"Fewer than 10 posts of every content type on {name}.")
    best = str(table.index[0]).replace("_", " ")
    phrase = metric_phrase(plots.chart_text(metric))
    if statistic == "median":
        title = _(
            "On {platform}, {best} has the highest median {phrase}",
            platform=name,
            best=plots.chart_text(best),
            phrase=phrase,
        )
        xlabel = _("median {axis}", axis=plots.chart_text(axis))
    else:
        title = _(
            "On {platform}, {best} has the highest mean {phrase}",
            platform=name,
            best=plots.chart_text(best),
            phrase=phrase,
        )
        xlabel = _("mean {axis}", axis=plots.chart_text(axis))
    figure = plots.bar_comparison(
        table[statistic].rename(index=lambda t: str(t).replace("_", " ")),
        title=title,
        xlabel=xlabel,
        highlight=best,
        value_format="{:,.2f}" if column.startswith("er_") else "{:,.0f}",
        note=N_("Content types with fewer than 10 posts are left out."),
    )
    return ExplorerView(figure, table.round(2))


def content_type_explorer(
    posts: pd.DataFrame | None = None, platform: str = "instagram"
) -> Explorer:
    """The content-type widget: choose platform, metric, and median or mean."""
    posts = _per_post(load("posts") if posts is None else posts)
    platforms = [p for p in plots.PLATFORM_NAMES if p in set(posts["platform"].astype(str))]
    controls = {
        "platform": widgets.Dropdown(
            options=[(plots.PLATFORM_NAMES[p], p) for p in platforms],
            value=platform,
            description="Platform",
        ),
        "metric": widgets.Dropdown(
            options=list(METRICS), value="ER by reach", description="Metric"
        ),
        "statistic": widgets.ToggleButtons(
            options=["median", "mean"], value="median", description="Statistic"
        ),
    }
    return Explorer(
        "Content-type explorer", controls, lambda **c: content_type_comparison(posts, **c)
    )
