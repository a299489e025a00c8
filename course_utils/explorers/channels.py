"""Channel dashboard (m02): compare akimats on one platform by the metric you choose."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from .. import metrics, plots
from ..data import load
from ..i18n import N_, _
from .base import Explorer, ExplorerView, message_view, metric_phrase

METRICS: dict[str, tuple[str, str]] = {
    # label: (column of account_summary, axis label)
    N_("ER by reach"): ("er_by_reach", N_("engagement rate by reach (%)")),
    N_("ER by followers"): ("er_by_followers", N_("engagement rate by followers, per post (%)")),
    N_("ER by impressions"): (
        "er_by_impressions",
        N_("engagement rate by impressions or views (%)"),
    ),
    N_("Follower growth"): ("follower_growth", N_("follower growth in 2025 (%)")),
    N_("Posts per week"): ("posts_per_week", N_("posts per week")),
}


def account_summary(
    posts: pd.DataFrame | None = None,
    followers: pd.DataFrame | None = None,
    accounts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per account with the year's channel metrics.

    - er_by_reach = all engagements / all reach × 100
    - er_by_followers = engagements per post / average followers × 100
    - er_by_impressions = all engagements / all impressions (or views) × 100
    - follower_growth = (followers on 31 Dec − on 1 Jan) / on 1 Jan × 100
    - posts_per_week = posts / days in the year × 7
    """
    posts = load("posts") if posts is None else posts
    followers = load("daily_followers") if followers is None else followers
    accounts = load("accounts") if accounts is None else accounts
    per_post = posts.assign(engagements=metrics.engagements(posts))
    grouped = per_post.groupby("account_id")
    totals = grouped.agg(posts=("post_id", "size"), engagements=("engagements", "sum"))
    # min_count=1: an account whose platform does not report a measure (Telegram: no reach)
    # gets a missing total, never 0
    for column in ("reach", "impressions"):
        totals[column] = grouped[column].sum(min_count=1).astype("Float64").astype(float)
    ordered = followers.sort_values("date")
    audience = ordered.groupby("account_id")["followers"].agg(
        followers_start="first", followers_end="last", followers_mean="mean"
    )
    days = (ordered["date"].max() - ordered["date"].min()).days + 1
    table = accounts.set_index("account_id").join(totals, how="left").join(audience, how="left")
    table["posts"] = table["posts"].fillna(0).astype(int)
    table["posts_per_week"] = metrics.posting_frequency(table["posts"], days)
    table["er_by_reach"] = metrics.engagement_rate_by_reach(table["engagements"], table["reach"])
    per_post_engagements = metrics.ratio(table["engagements"], table["posts"])
    table["er_by_followers"] = metrics.engagement_rate_by_followers(
        per_post_engagements, table["followers_mean"]
    )
    table["er_by_impressions"] = metrics.engagement_rate_by_impressions(
        table["engagements"], table["impressions"]
    )
    table["follower_growth"] = metrics.follower_growth_rate(
        table["followers_start"], table["followers_end"]
    )
    return table.reset_index()


def channel_comparison(
    summary: pd.DataFrame,
    akimats: Sequence[str],
    platform: str,
    metric: str = "ER by reach",
) -> ExplorerView:
    """Compare the chosen akimats on one platform by one metric: a bar chart and a table."""
    if not akimats:
        return message_view("Choose at least one akimat (hold Ctrl or Shift to choose several).")
    column, axis = METRICS[metric]
    rows = summary[(summary["platform"] == platform) & summary["akimat_id"].isin(list(akimats))]
    if rows.empty:
        return message_view(
            f"None of the chosen akimats has a {plots.PLATFORM_NAMES.get(platform, platform)} account."
        )
    values = rows.set_index("akimat")[column].dropna().sort_values(ascending=False)
    name = plots.PLATFORM_NAMES.get(platform, platform)
    if values.empty:
        lacking = metrics.measure_note(platform, column) or "these accounts have no data for it"
        return message_view(f"{name}: {metric} cannot be computed: {lacking}.")
    best, best_value = values.index[0], values.iloc[0]
    unit = "" if metric == "Posts per week" else "%"
    phrase = metric_phrase(plots.chart_text(metric))
    value = f"{best_value:.1f}{unit}"
    if len(values) > 1:
        title = _(
            "{platform}: {best} leads on {phrase} ({value})",
            platform=name,
            best=best,
            phrase=phrase,
            value=value,
        )
    else:
        title = _(
            "{platform}: {best}, {phrase} {value}",
            platform=name,
            best=best,
            phrase=phrase,
            value=value,
        )
    figure = plots.bar_comparison(
        values,
        title=title,
        xlabel=axis,
        colours={a: plots.colour_for(platform) for a in values.index},
    )
    table = rows.set_index("akimat")[
        [
            "posts",
            "posts_per_week",
            "er_by_reach",
            "er_by_followers",
            "er_by_impressions",
            "follower_growth",
        ]
    ]
    table = table.sort_values(column, ascending=False).round(2)
    return ExplorerView(figure, table)


def channel_dashboard(
    summary: pd.DataFrame | None = None, akimats: Sequence[str] = ("region_q", "city_z", "city_x")
) -> Explorer:
    """The channel dashboard widget: choose akimats, a platform and a metric."""
    summary = account_summary() if summary is None else summary
    names = summary.drop_duplicates("akimat_id").sort_values("akimat")
    options = list(zip(names["akimat"], names["akimat_id"], strict=True))
    platforms = [p for p in plots.PLATFORM_NAMES if p in set(summary["platform"].astype(str))]
    controls = {
        "akimats": widgets.SelectMultiple(
            options=options, value=tuple(akimats), description="Akimats", rows=8
        ),
        "platform": widgets.Dropdown(
            options=[(plots.PLATFORM_NAMES[p], p) for p in platforms],
            value="instagram",
            description="Platform",
        ),
        "metric": widgets.Dropdown(
            options=list(METRICS), value="ER by reach", description="Metric"
        ),
    }
    return Explorer("Channel dashboard", controls, lambda **c: channel_comparison(summary, **c))
