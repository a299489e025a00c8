"""Interactive explorers, driven programmatically: set the controls as a participant would and
check that the chart and the table change accordingly. (How long each update takes is measured
by benchmarks/explorers_benchmark.py, not here.)"""

import pytest

from course_utils import load, metrics
from course_utils.explorers import (
    account_summary,
    channel_comparison,
    channel_dashboard,
    content_type_comparison,
    content_type_explorer,
    posting_time_explorer,
    posting_time_view,
)


def _title(view):
    return view.figure.axes[0].get_title(loc="left")


@pytest.fixture(scope="module")
def summary():
    return account_summary()


def test_account_summary_matches_a_hand_computation_for_one_account(summary, posts):
    row = summary.set_index("account_id").loc["region_q-instagram"]
    own = posts[posts["account_id"] == "region_q-instagram"]
    engagements = metrics.engagements(own).sum()
    assert row["posts"] == len(own)
    assert row["er_by_reach"] == pytest.approx(engagements / own["reach"].sum() * 100)
    assert row["er_by_impressions"] == pytest.approx(engagements / own["impressions"].sum() * 100)
    followers = load("daily_followers")
    mine = followers[followers["account_id"] == "region_q-instagram"].sort_values("date")[
        "followers"
    ]
    assert row["er_by_followers"] == pytest.approx(engagements / len(own) / mine.mean() * 100)
    assert row["follower_growth"] == pytest.approx(
        (mine.iloc[-1] - mine.iloc[0]) / mine.iloc[0] * 100
    )
    assert row["posts_per_week"] == pytest.approx(len(own) / 365 * 7)


def test_channel_comparison_shows_the_chosen_akimats_on_the_chosen_platform(summary):
    view = channel_comparison(summary, ["city_x", "city_z"], "tiktok", "Follower growth")
    assert sorted(view.table.index) == ["City X", "City Z"]
    expected = summary[
        (summary["platform"] == "tiktok") & summary["akimat_id"].isin(["city_x", "city_z"])
    ]
    assert view.table["follower_growth"].max() == pytest.approx(
        expected["follower_growth"].max(), abs=0.01
    )
    assert view.table["follower_growth"].is_monotonic_decreasing
    leader = view.table.index[0]
    assert _title(view).startswith(f"TikTok: {leader} leads on follower growth")


def test_channel_dashboard_updates_when_a_participant_changes_each_control(summary):
    dashboard = channel_dashboard(summary)
    assert list(dashboard.view.table.index)  # drawn at the start
    dashboard.set(platform="telegram", metric="ER by impressions")
    assert _title(dashboard.view).startswith("Telegram:")
    before = dashboard.view.table.index[0]
    dashboard.set(metric="ER by followers")
    assert dashboard.view.table["er_by_followers"].is_monotonic_decreasing
    dashboard.set(akimats=("region_h", "region_f", "city_x", "city_y"))
    assert len(dashboard.view.table) == 4
    assert before in {"Region Q", "City Z", "City X"}


def test_channel_dashboard_with_nothing_selected_shows_a_message_not_an_error(summary):
    dashboard = channel_dashboard(summary)
    dashboard.set(akimats=())
    assert dashboard.view.figure is None and dashboard.view.table.empty
    assert "Choose at least one akimat" in dashboard.view.message


def test_telegram_er_by_reach_explains_that_telegram_reports_views_not_reach(summary):
    view = channel_comparison(summary, ["city_x", "city_z"], "telegram", "ER by reach")
    assert view.figure is None
    assert "Telegram reports views, not reach" in view.message


def test_posting_time_and_content_explorers_say_telegram_has_no_reach(posts):
    heatmap = posting_time_view(posts, "telegram", "all", "Median ER by reach")
    formats = content_type_comparison(posts, "telegram", "ER by reach")
    for view in (heatmap, formats):
        assert view.figure is None and "views, not reach" in view.message
    by_views = content_type_comparison(posts, "telegram", "ER by views")
    assert _title(by_views).startswith("On Telegram")


def test_vk_for_akimats_without_vk_explains_instead_of_failing(summary):
    view = channel_comparison(summary, ["city_x"], "vk")
    assert view.figure is None and "has a VK account" in view.message


def test_posting_time_view_counts_posts_per_weekday_and_hour(posts):
    view = posting_time_view(posts, "facebook", "all", "Posts published")
    facebook = posts[posts["platform"] == "facebook"]
    assert view.table.to_numpy().sum() == len(facebook)
    assert view.table.loc[
        ["Mon", "Tue", "Wed", "Thu", "Fri"], list(range(9, 18))
    ].to_numpy().sum() > 0.6 * len(facebook)


def test_posting_time_explorer_switches_between_posts_and_engagement(posts):
    explorer = posting_time_explorer(posts)
    counts = explorer.view.table.copy()
    explorer.set(measure="Median ER by reach")
    er = explorer.view.table
    assert not er.equals(counts) and er.stack().max() < 100
    assert "engage most" in _title(explorer.view)
    explorer.set(platform="tiktok", content_type="short_video")
    assert _title(explorer.view).startswith("TikTok")


def test_posting_time_explorer_explains_an_empty_selection(posts):
    explorer = posting_time_explorer(posts)
    explorer.set(platform="tiktok", content_type="text")
    assert explorer.view.figure is None and "Too few" in explorer.view.message


def test_content_type_comparison_median_and_mean(posts):
    median = content_type_comparison(posts, "instagram", "ER by reach", "median")
    mean = content_type_comparison(posts, "instagram", "ER by reach", "mean")
    own = posts[posts["platform"] == "instagram"]
    er = metrics.engagement_rate_by_reach(metrics.engagements(own), own["reach"])
    expected = er.groupby(own["content_type"], observed=True).median()
    assert median.table["median"].to_dict() == pytest.approx(expected.round(2).to_dict(), abs=0.01)
    assert (mean.table["mean"] > mean.table["median"]).all(), (
        "engagement is right-skewed: means above medians"
    )
    assert _title(median).startswith("On Instagram, short video has the highest median")


def test_content_type_explorer_updates_on_every_control(posts):
    explorer = content_type_explorer(posts)
    first = explorer.view.table.copy()
    explorer.set(metric="Reach")
    assert not explorer.view.table.equals(first)
    explorer.set(statistic="mean")
    assert "highest mean reach" in _title(explorer.view)
    explorer.set(platform="telegram")
    assert explorer.view.figure is None  # Telegram has no reach
    explorer.set(metric="Shares per post")
    assert set(explorer.view.table.index.astype(str)) >= {"photo", "text"}


def test_explorers_show_a_plain_text_hint_instead_of_a_widget_dump(posts):
    bundle = content_type_explorer(posts)._repr_mimebundle_()
    assert "interactive" in bundle["text/plain"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
