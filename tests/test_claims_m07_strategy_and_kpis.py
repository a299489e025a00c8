"""Each headline claim of the m07 lesson (Strategy: goals, KPIs and the content calendar),
recomputed from the data: if the data stops supporting a sentence, the test names it."""

import pandas as pd
import pytest

from course_utils import kpis, load, metrics
from course_utils.explorers.kpi import kpi_progress

KEY_KPIS = [
    "response_rate",
    "questions_answered",
    "median_response_hours",
    "short_video_share",
    "official_events_share",
]
PLANNED_MIX = pd.Series(
    {
        "official_events": 20,
        "public_services": 18,
        "infrastructure": 16,
        "social_support": 13,
        "culture_sport": 12,
        "health_education": 8,
        "emergency_alerts": 7,
        "economy_jobs": 6,
    }
)
SLOTS = pd.DataFrame(
    [
        ("Mon", "19:30", "telegram", "photo"),
        ("Tue", "20:00", "instagram", "short_video"),
        ("Wed", "12:30", "telegram", "text"),
        ("Wed", "19:30", "tiktok", "short_video"),
        ("Thu", "19:00", "facebook", "photo"),
        ("Thu", "20:30", "instagram", "carousel"),
        ("Fri", "19:30", "telegram", "photo"),
        ("Sat", "11:00", "instagram", "short_video"),
        ("Sat", "19:00", "tiktok", "short_video"),
        ("Sun", "20:00", "telegram", "photo"),
    ],
    columns=["weekday", "time", "platform", "format"],
)


@pytest.fixture(scope="module")
def yearly():
    return kpis.yearly_kpis()


@pytest.fixture(scope="module")
def monthly():
    return kpis.monthly_kpis()


@pytest.fixture(scope="module")
def top_quarter(yearly):
    return kpis.benchmarks(yearly)


@pytest.fixture(scope="module")
def targets(yearly, top_quarter):
    table = kpis.smart_targets(yearly.loc["region_f"], top_quarter)
    table.loc["official_events_share", "target"] = 20
    return table


@pytest.fixture(scope="module")
def region_f_posts(posts):
    return posts[posts["akimat_id"] == "region_f"]


def test_m07_city_y_and_region_f_grew_telegram_by_over_half_yet_replied_to_under_one_in_five(
    yearly,
):
    top5 = yearly.sort_values("telegram_growth", ascending=False).head(5)
    assert top5.index[0] == "region_k"  # the flood region
    assert {"city_y", "region_f"} <= set(top5.index)
    assert round(yearly.loc["city_y", "telegram_growth"]) == 55
    assert round(yearly.loc["region_f", "telegram_growth"]) == 54
    assert round(yearly.loc["city_y", "response_rate"]) == 17
    assert round(yearly.loc["region_f", "response_rate"]) == 18


def test_m07_region_fs_baseline_by_hand_matches_the_helper_and_the_prose(
    yearly, comments, region_f_posts
):
    own = comments[comments["akimat_id"] == "region_f"]
    base = yearly.loc["region_f"]
    assert base["response_rate"] == pytest.approx(metrics.response_rate(own["replied"]))
    assert base["median_response_hours"] == pytest.approx(
        metrics.median_response_time(own["commented_at"], own["replied_at"])
    )
    assert base["official_events_share"] == pytest.approx(
        (region_f_posts["topic"] == "official_events").mean() * 100
    )
    assert round(base["questions_answered"]) == 18  # "fewer than one question in five (18%)"
    assert base["questions_answered"] < 20
    assert (
        round(base["median_response_hours"]) == 20
        and round(base["median_response_hours"], 1) == 19.9
    )
    assert round(base["negative_share"]) == 50
    assert round(base["official_events_share"]) == 27
    assert round(base["short_video_share"]) == 15
    assert round(base["er_by_reach"], 1) == 6.8


def test_m07_region_f_replies_to_18_percent_the_top_quarter_to_29_or_more(yearly, top_quarter):
    rates = yearly["response_rate"].sort_values()
    assert round(top_quarter["response_rate"]) == 29
    assert list(rates.index).index("region_f") == 4  # fifth from the bottom
    assert (rates >= top_quarter["response_rate"]).sum() == 5  # five on or beyond the line
    assert rates.idxmax() == "region_b" and round(rates.max()) == 40


def test_m07_seven_akimats_raised_their_response_rate_by_10_points_in_the_second_half(comments):
    second_half = comments["commented_at"].dt.month >= 7
    halves = (
        comments.groupby(["akimat_id", second_half], observed=True)["replied"].mean().unstack()
        * 100
    )
    change = halves[True] - halves[False]
    assert (change >= 10).sum() == 7
    assert round(halves.loc["region_a", False]) == 19 and round(halves.loc["region_a", True]) == 38
    assert round(halves.loc["region_g", False]) == 19 and round(halves.loc["region_g", True]) == 33
    assert list(change.sort_values(ascending=False).index[:2]) == ["region_a", "region_g"]


def test_m07_the_half_the_gap_rule_gives_region_f_23_29_and_18_hours_and_holds_protocol(
    yearly, top_quarter
):
    rule = kpis.smart_targets(yearly.loc["region_f"], top_quarter)
    assert round(rule.loc["response_rate", "target"]) == 23
    assert round(rule.loc["questions_answered", "target"]) == 29
    assert round(rule.loc["median_response_hours", "target"], 1) == 18.0
    assert round(rule.loc["median_response_hours", "target"]) == 18
    assert round(rule.loc["short_video_share", "target"]) == 21
    # already as good as the top quarter: hold
    for column in ("official_events_share", "telegram_growth"):
        assert rule.loc[column, "target"] == rule.loc[column, "baseline"]


def test_m07_protocol_posts_engage_least_4_percent_against_6_to_10(posts):
    with_reach = posts.dropna(subset=["reach"])  # Telegram reports views, not reach
    by_topic = (
        with_reach.assign(engagements=metrics.engagements(with_reach))
        .groupby("topic", observed=True)[["engagements", "reach"]]
        .sum()
    )
    er = metrics.engagement_rate_by_reach(by_topic["engagements"], by_topic["reach"])
    assert er.idxmin() == "official_events" and round(er["official_events"], 1) == 4.1
    others = er.drop("official_events")
    assert round(others.min()) == 6 and round(others.max()) == 10
    assert round(er["public_services"], 1) == 6.6
    assert round(er["social_support"], 1) == 8.2
    assert round(er["emergency_alerts"], 1) == 10.3


def test_m07_two_in_three_region_f_adults_use_tiktok_but_4_percent_of_posts_go_there(
    region_f_posts,
):
    survey = load("survey")
    adults = survey[(survey["wave"] == 2025) & (survey["region"] == "region_f")]
    use = metrics.weighted_shares(
        adults, ["uses_instagram", "uses_tiktok", "uses_facebook", "uses_vk"]
    )
    share = region_f_posts["platform"].value_counts(normalize=True) * 100
    assert round(use["uses_tiktok"]) == 65 and round(share["tiktok"]) == 4
    assert round(use["uses_instagram"]) == 66 and round(share["instagram"]) == 17
    assert 14 <= use["uses_facebook"] <= 18 and 14 <= use["uses_vk"] <= 18  # "one in six"
    assert round(share["facebook"] + share["vk"]) == 45


def test_m07_the_plan_cuts_protocol_by_7_points_services_gain_5_and_support_3(region_f_posts):
    assert PLANNED_MIX.sum() == 100
    current = region_f_posts["topic"].value_counts(normalize=True) * 100
    change = PLANNED_MIX - current.reindex(PLANNED_MIX.index)
    assert round(change["official_events"]) == -7
    assert round(change["public_services"]) == 5
    assert round(change["social_support"]) == 3
    assert change.drop(["official_events", "public_services", "social_support"]).abs().max() < 2


def test_m07_about_68_percent_of_region_fs_posts_go_out_in_office_hours(region_f_posts):
    hour = region_f_posts["published_at"].dt.hour
    weekday = region_f_posts["published_at"].dt.day_of_week
    assert round(((weekday < 5) & (hour >= 9) & (hour < 18)).mean() * 100) == 68


def test_m07_march_calendar_has_43_posts_nine_in_ten_evening_or_weekend_four_in_ten_video():
    calendar = kpis.plan_calendar("2026-03", SLOTS, PLANNED_MIX)
    assert len(calendar) == 43
    assert round(calendar["evening_or_weekend"].mean() * 100) == 91
    assert round((calendar["format"] == "short_video").mean() * 100) == 40
    counts = calendar["topic"].value_counts()
    assert counts["official_events"] == 9
    assert counts["public_services"] == 8
    assert counts["infrastructure"] == 7


def test_m07_region_f_reached_the_23_percent_target_in_2_of_12_months(monthly, targets):
    view = kpi_progress("region_f", "response_rate", targets, monthly)
    assert view.figure.axes[0].get_title(loc="left") == (
        "Region F: response rate reached the 23% target in 2 of 12 months"
    )
    values = monthly.loc["region_f", "response_rate"]
    assert round(values.min()) == 9 and round(values.max()) == 33
    counts = monthly.loc["region_f", "comments"]
    assert counts.min() >= 20 and counts.max() <= 50


def test_m07_region_a_met_its_30_percent_target_in_1_of_the_first_and_5_of_the_last_six_months(
    monthly, yearly
):
    rule = kpis.all_targets(yearly)
    target = rule.loc["region_a", "response_rate"]
    assert round(target) == 30
    met = monthly.loc["region_a", "response_rate"] >= target
    assert met.loc[1:6].sum() == 1 and met.loc[7:12].sum() == 5
    view = kpi_progress("region_a", "response_rate", rule, monthly)
    assert "reached the 30% target in 6 of 12 months" in view.figure.axes[0].get_title(loc="left")


def test_m07_the_five_smart_targets_in_the_prose(targets):
    shown = targets.loc[KEY_KPIS, "target"]
    assert round(shown["response_rate"]) == 23
    assert round(shown["questions_answered"]) == 29
    assert round(shown["median_response_hours"], 1) == 18.0
    assert round(shown["short_video_share"]) == 21
    assert shown["official_events_share"] == 20
