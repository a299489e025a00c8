"""KPIs, benchmarks, SMART targets and the content calendar, checked on small hand-made tables."""

import pandas as pd
import pytest

from course_utils import kpis

TZ = "Asia/Almaty"


def _t(text):
    return pd.Timestamp(text, tz=TZ)


@pytest.fixture
def comments():
    """Two akimats. 'a': 4 comments in January, 2 in February; 'b': 2 in January."""
    rows = [
        # akimat, written, category, sentiment, replied at
        ("a", "2025-01-05 10:00", "question", "neutral", "2025-01-05 12:00"),
        ("a", "2025-01-06 10:00", "question", "negative", None),
        ("a", "2025-01-07 10:00", "complaint", "negative", "2025-01-08 10:00"),
        ("a", "2025-01-08 10:00", "praise", "positive", None),
        ("a", "2025-02-01 09:00", "question", "neutral", "2025-02-01 10:00"),
        ("a", "2025-02-02 09:00", "complaint", "negative", None),
        ("b", "2025-01-10 10:00", "complaint", "negative", None),
        ("b", "2025-01-11 10:00", "praise", "positive", None),
    ]
    return pd.DataFrame(
        {
            "akimat_id": pd.Categorical([r[0] for r in rows]),
            "commented_at": [_t(r[1]) for r in rows],
            "category": [r[2] for r in rows],
            "sentiment": [r[3] for r in rows],
            "replied": [r[4] is not None for r in rows],
            "replied_at": pd.to_datetime([r[4] for r in rows]).tz_localize(TZ),
        }
    )


@pytest.fixture
def posts():
    """'a': 3 posts in January, 1 in February; 'b': 2 posts in January."""
    rows = [
        # akimat, published, content type, topic, reach, likes, comments, shares, saves
        ("a", "2025-01-03 11:00", "short_video", "official_events", 1000, 30, 5, 5, 0),
        ("a", "2025-01-04 19:00", "photo", "public_services", 500, 20, 10, 10, None),
        ("a", "2025-01-05 20:00", "short_video", "culture_sport", 500, 10, 0, 0, 10),
        ("a", "2025-02-05 20:00", "text", "official_events", 1000, 5, 0, 5, None),
        ("b", "2025-01-03 11:00", "photo", "official_events", 200, 2, 1, 1, None),
        ("b", "2025-01-04 11:00", "photo", "infrastructure", 200, 8, 3, 5, None),
    ]
    return pd.DataFrame(
        {
            "akimat_id": pd.Categorical([r[0] for r in rows]),
            "published_at": [_t(r[1]) for r in rows],
            "content_type": [r[2] for r in rows],
            "topic": [r[3] for r in rows],
            "reach": [r[4] for r in rows],
            "likes": [r[5] for r in rows],
            "comments": [r[6] for r in rows],
            "shares": [r[7] for r in rows],
            "saves": pd.array([r[8] for r in rows], dtype="Int64"),
        }
    )


@pytest.fixture
def followers():
    """Telegram: 'a' 100 on 1 Jan, 110 on 31 Jan, 121 on 28 Feb; 'b' 200 → 200 → 180.
    An Instagram account that must be ignored."""
    dates = [_t("2025-01-01"), _t("2025-01-31"), _t("2025-02-28")]
    return pd.DataFrame(
        {
            "account_id": ["a-telegram"] * 3 + ["b-telegram"] * 3 + ["a-instagram"] * 3,
            "date": dates * 3,
            "followers": [100, 110, 121, 200, 200, 180, 5, 50, 500],
        }
    )


@pytest.fixture
def monthly(posts, comments, followers):
    return kpis.monthly_kpis(posts, comments, followers)


@pytest.fixture
def yearly(posts, comments, followers):
    return kpis.yearly_kpis(posts, comments, followers)


def test_response_rate_is_replied_comments_over_all_comments(yearly, monthly):
    assert yearly.loc["a", "response_rate"] == pytest.approx(3 / 6 * 100)
    assert yearly.loc["b", "response_rate"] == 0
    assert monthly.loc[("a", 1), "response_rate"] == pytest.approx(50.0)
    assert monthly.loc[("a", 2), "response_rate"] == pytest.approx(50.0)


def test_median_response_time_uses_replied_comments_only(yearly, monthly):
    # January replies after 2 h and 24 h; February after 1 h
    assert monthly.loc[("a", 1), "median_response_hours"] == pytest.approx(13.0)
    assert yearly.loc["a", "median_response_hours"] == pytest.approx(2.0)
    assert pd.isna(yearly.loc["b", "median_response_hours"])  # no replies: no median


def test_questions_answered_counts_only_questions(yearly, monthly):
    assert yearly.loc["a", "questions_answered"] == pytest.approx(2 / 3 * 100)
    assert monthly.loc[("a", 1), "questions_answered"] == pytest.approx(50.0)
    assert pd.isna(yearly.loc["b", "questions_answered"])  # b had no questions


def test_negative_share_is_negative_comments_over_all_comments(yearly):
    assert yearly.loc["a", "negative_share"] == pytest.approx(3 / 6 * 100)
    assert yearly.loc["b", "negative_share"] == pytest.approx(50.0)


def test_er_by_reach_pools_engagements_and_reach_of_all_posts(yearly, monthly):
    # a in January: (40 + 40 + 20) / 2000; the year adds 10 engagements and 1000 reach
    assert monthly.loc[("a", 1), "er_by_reach"] == pytest.approx(5.0)
    assert yearly.loc["a", "er_by_reach"] == pytest.approx(110 / 3000 * 100)
    assert yearly.loc["b", "er_by_reach"] == pytest.approx(20 / 400 * 100)


def test_content_shares_are_percent_of_posts(yearly, monthly):
    assert yearly.loc["a", "short_video_share"] == pytest.approx(50.0)
    assert yearly.loc["a", "official_events_share"] == pytest.approx(50.0)
    assert monthly.loc[("a", 1), "official_events_share"] == pytest.approx(100 / 3)
    assert monthly.loc[("a", 2), "short_video_share"] == 0
    assert yearly.loc["b", "official_events_share"] == pytest.approx(50.0)


def test_telegram_growth_per_month_starts_where_the_previous_month_ended(yearly, monthly):
    assert monthly.loc[("a", 1), "telegram_growth"] == pytest.approx(10.0)
    assert monthly.loc[("a", 2), "telegram_growth"] == pytest.approx(10.0)
    assert monthly.loc[("b", 2), "telegram_growth"] == pytest.approx(-10.0)
    assert yearly.loc["a", "telegram_growth"] == pytest.approx(21.0)  # the Instagram is ignored


def test_monthly_table_counts_the_rows_each_value_rests_on(monthly):
    assert monthly.loc[("a", 1), ["comments", "posts"]].tolist() == [4, 3]
    assert monthly.loc[("a", 2), ["comments", "posts"]].tolist() == [2, 1]
    assert list(monthly.columns[:8]) == list(kpis.KPIS)


def test_benchmark_is_the_top_quarter_in_the_better_direction():
    yearly = pd.DataFrame(
        {"response_rate": [10.0, 20, 30, 40, 50], "median_response_hours": [10.0, 20, 30, 40, 50]}
    )
    top = kpis.benchmarks(yearly)
    assert top["response_rate"] == pytest.approx(40.0)  # 75th percentile: higher is better
    assert top["median_response_hours"] == pytest.approx(20.0)  # 25th: lower is better
    assert kpis.benchmarks(yearly, quantile=0.5)["response_rate"] == pytest.approx(30.0)


def test_smart_target_closes_half_the_gap_or_holds_a_level_already_at_the_top():
    assert kpis.smart_target(18, 28) == pytest.approx(23.0)
    assert kpis.smart_target(20, 16, higher_is_better=False) == pytest.approx(18.0)
    assert kpis.smart_target(40, 28) == pytest.approx(40.0)
    assert kpis.smart_target(12, 16, higher_is_better=False) == pytest.approx(12.0)
    assert kpis.smart_target(10, 30, gap_closed=1.0) == pytest.approx(30.0)


def test_smart_targets_table_has_baseline_benchmark_and_target_per_kpi():
    baseline = pd.Series({"response_rate": 18.0, "median_response_hours": 20.0})
    top = pd.Series({"response_rate": 28.0, "median_response_hours": 16.0})
    table = kpis.smart_targets(baseline, top)
    assert list(table.index) == ["response_rate", "median_response_hours"]
    assert table.loc["response_rate", ["baseline", "top_quarter", "target"]].tolist() == [
        18.0,
        28.0,
        23.0,
    ]
    assert table.loc["median_response_hours", "target"] == pytest.approx(18.0)
    assert table.loc["median_response_hours", "better"] == "lower"


def test_all_targets_applies_the_rule_to_every_akimat():
    yearly = pd.DataFrame({"response_rate": [10.0, 20, 30, 40, 50]}, index=list("vwxyz"))
    targets = kpis.all_targets(yearly)
    assert targets["response_rate"].tolist() == pytest.approx([25.0, 30.0, 35.0, 40.0, 50.0])


def test_target_met_respects_the_direction_and_treats_missing_as_not_met():
    values = pd.Series([20.0, 25.0, None])
    assert kpis.target_met(values, 24.0, "response_rate").tolist() == [False, True, False]
    assert kpis.target_met(values, 24.0, "median_response_hours").tolist() == [True, False, False]
    assert kpis.target_met(24.0, 24.0, "Response rate") is True


def test_monthly_growth_compounds_to_the_yearly_growth():
    monthly = kpis.monthly_growth(50.0)
    assert (1 + monthly / 100) ** 12 == pytest.approx(1.5)
    assert kpis.monthly_growth(0.0) == pytest.approx(0.0)


def test_kpis_are_found_by_column_or_label_and_unknown_names_are_explained():
    assert kpis.kpi("Response rate").column == "response_rate"
    assert kpis.kpi("questions_answered").higher_is_better
    assert not kpis.kpi("Protocol posts share").higher_is_better
    assert kpis.kpi("ER by reach").phrase == "ER by reach"
    assert kpis.kpi("response_rate").phrase == "response rate"
    with pytest.raises(KeyError, match="KPIs: response_rate"):
        kpis.kpi("likes")


@pytest.fixture
def slots():
    return pd.DataFrame(
        {
            "weekday": ["Tue", "Sat", "Wed"],
            "time": ["19:30", "11:00", "12:30"],
            "platform": ["instagram", "tiktok", "telegram"],
            "format": ["short_video", "short_video", "text"],
        }
    )


def test_calendar_repeats_each_weekly_slot_on_every_matching_date(slots):
    # March 2026 has 5 Tuesdays, 4 Saturdays and 4 Wednesdays
    calendar = kpis.plan_calendar("2026-03", slots, {"public_services": 1})
    assert len(calendar) == 13
    assert calendar["date"].min() == pd.Timestamp("2026-03-03")
    assert calendar["date"].is_monotonic_increasing
    assert (calendar["date"].dt.month == 3).all()
    tuesdays = calendar[calendar["weekday"] == "Tue"]
    assert len(tuesdays) == 5 and set(tuesdays["time"]) == {"19:30"}


def test_calendar_spreads_topics_in_the_mix_proportions(slots):
    calendar = kpis.plan_calendar("2026-03", slots, {"services": 60, "protocol": 20, "sport": 20})
    counts = calendar["topic"].value_counts()
    # 13 posts: 7.8, 2.6, 2.6 → largest remainders give 8, 3, 2 (ties in the order of the mix)
    assert counts.to_dict() == {"services": 8, "protocol": 3, "sport": 2}
    # spread out, not in blocks: the small topics never come twice in a row
    assert calendar["topic"].tolist() == [
        "services", "protocol", "services", "sport", "services", "services", "protocol",
        "services", "services", "sport", "services", "protocol", "services",
    ]  # fmt: skip


def test_calendar_marks_evening_and_weekend_posts(slots):
    calendar = kpis.plan_calendar("2026-03", slots, {"services": 1})
    flags = calendar.groupby("weekday")["evening_or_weekend"].first().to_dict()
    assert flags == {"Sat": True, "Tue": True, "Wed": False}


def test_calendar_explains_missing_columns_and_unknown_weekdays(slots):
    with pytest.raises(ValueError, match="lacks \\['format'\\]"):
        kpis.plan_calendar("2026-03", slots.drop(columns="format"), {"services": 1})
    with pytest.raises(ValueError, match="Unknown weekday"):
        kpis.plan_calendar("2026-03", slots.assign(weekday="Tuesday"), {"services": 1})
    with pytest.raises(ValueError, match=r"Unknown time\(s\) \['7 pm'\]"):
        kpis.plan_calendar("2026-03", slots.assign(time="7 pm"), {"services": 1})
