"""Module m06 (crisis communication): every headline claim of the lesson, recomputed from the
data. If the data stops supporting a sentence of the lesson (or a number quoted in the
instructor notes), the test named for that sentence fails."""

import pandas as pd
import pytest

from course_utils import crisis, load


@pytest.fixture(scope="module")
def events():
    return load("crisis_events")


@pytest.fixture(scope="module")
def timeline():
    return load("crisis_timeline")


@pytest.fixture(scope="module")
def bins(timeline):
    return timeline.set_index("bin_start")


@pytest.fixture(scope="module")
def by_id(events):
    return events.set_index("event_id")


@pytest.fixture(scope="module")
def views(timeline):
    return crisis.cumulative_views(timeline)


@pytest.fixture(scope="module")
def around(timeline, events):
    return crisis.rumour_around_posts(timeline, events, minutes=60)


def _minutes(delta):
    return delta.total_seconds() / 60


# 1. The case ---------------------------------------------------------------------------------


def test_m06_the_case_has_23_posts_and_72_hours_of_10_minute_bins(events, timeline):
    assert len(events) == 23
    assert len(timeline) == 72 * 6
    assert timeline["bin_start"].min() == pd.Timestamp("2025-04-06 05:00", tz="Asia/Almaty")


def test_m06_the_morning_chronology_read_in_the_lesson(by_id):
    expected = {
        "E01": ("06:05", "citizen", "first_report"),
        "E02": ("06:40", "local_media", "media_report"),
        "E03": ("07:35", "citizen", "rumour"),
        "E05": ("09:05", "national_media", "media_report"),
        "E06": ("10:25", "akimat_press_service", "official_update"),
    }
    for event_id, (clock, actor, kind) in expected.items():
        row = by_id.loc[event_id]
        assert (row["posted_at"].strftime("%H:%M"), row["actor"], row["kind"]) == (
            clock,
            actor,
            kind,
        )
    assert "waiting for information from the authorities" in by_id.loc["E05", "text_en"]
    assert "dam will break" in by_id.loc["E03", "text_en"]
    assert by_id.loc["E03", "platform"] == "whatsapp"
    assert "video" in by_id.loc["E09", "text_en"] and "dam" in by_id.loc["E09", "text_en"]


# 2. Be first ---------------------------------------------------------------------------------


def test_m06_residents_waited_4_h_20_min_for_the_first_official_post(events):
    wait = crisis.time_to_first_official(events)
    assert crisis.format_duration(wait) == "4 h 20 min"
    first_official = events[events["official"]].sort_values("posted_at").iloc[0]
    assert first_official["event_id"] == "E06" and first_official["platform"] == "telegram"


def test_m06_about_2000_public_posts_and_550_rumour_posts_before_the_first_official_post(timeline):
    before = timeline[timeline["bin_start"] < "2025-04-06 10:20"]
    assert 1950 <= before["public_mentions"].sum() <= 2050
    assert 525 <= before["rumour_posts"].sum() <= 575


def test_m06_the_conversation_took_off_around_7_and_passed_200_per_10_minutes_by_10(bins):
    mentions = bins["public_mentions"]
    assert (mentions.loc[:"2025-04-06 06:50"] < 15).all()
    assert (mentions.loc["2025-04-06 07:00":"2025-04-06 10:20"] >= 25).all()
    assert (mentions.loc["2025-04-06 10:00":"2025-04-06 10:20"] > 200).all()


def test_m06_the_dam_rumour_went_unanswered_for_245_minutes(by_id):
    assert _minutes(by_id.loc["E08", "posted_at"] - by_id.loc["E03", "posted_at"]) == 245
    assert by_id.loc["E08", "kind"] == "denial" and by_id.loc["E08", "actor"] == "emergency_service"


# 3. Rumour against official reach ------------------------------------------------------------


def test_m06_by_the_first_denial_the_rumour_had_15_times_the_official_views(views):
    at_denial = views.loc["2025-04-06 11:40"]
    assert round(at_denial["rumour"], -3) == 271_000
    assert round(at_denial["official"], -3) == 18_000
    assert round(at_denial["rumour"] / at_denial["official"]) == 15


def test_m06_the_rumour_line_rises_from_9_before_any_official_view(views):
    assert views.loc["2025-04-06 09:00", "rumour"] > 10_000
    assert views.loc["2025-04-06 10:20", "official"] == 0
    assert views.loc["2025-04-06 10:30", "official"] > 0


def test_m06_at_midnight_the_rumour_still_had_2_5_times_the_official_views(views):
    midnight = views.loc["2025-04-07 00:00"]
    assert round(midnight["rumour"], -4) == 830_000
    assert round(midnight["official"], -3) == 334_000
    assert round(midnight["rumour"] / midnight["official"], 1) == 2.5


def test_m06_official_posts_out_viewed_the_rumour_per_10_minutes_only_from_about_17(bins):
    afternoon = bins.loc["2025-04-06 10:20":"2025-04-06 16:30"]
    assert (afternoon["rumour_views"] > afternoon["official_views"]).all()
    evening = bins.loc["2025-04-06 17:00":"2025-04-06 23:50"]
    assert (evening["official_views"] > evening["rumour_views"]).all()


# 4. Which official posts slowed the rumour ---------------------------------------------------


def test_m06_the_rumour_peaked_at_186_posts_at_11_20_after_the_updates_before_the_denials(bins):
    day_one = bins.loc[:"2025-04-06 23:50", "rumour_posts"]
    assert day_one.max() == 186
    assert day_one.idxmax() == pd.Timestamp("2025-04-06 11:20", tz="Asia/Almaty")


def test_m06_around_the_first_denial_159_then_99_posts_per_10_minutes_38_percent_fewer(timeline):
    rate = crisis.rumour_rate_around(timeline, "2025-04-06 11:40", minutes=60)
    assert round(rate["before"]) == 159 and round(rate["after"]) in (98, 99)
    assert round(rate["change_pct"]) == -38


def test_m06_by_13_the_rumour_was_below_50_posts_per_10_minutes(bins):
    assert (bins.loc["2025-04-06 12:40":"2025-04-06 23:50", "rumour_posts"] < 50).all()


def test_m06_updates_did_not_slow_the_rumour_the_denials_did(around):
    assert around.loc["E06", "kind"] == "official_update" and around.loc["E06", "change_pct"] > 100
    assert round(around.loc["E06", "change_pct"]) == 118
    assert round(around.loc["E07", "change_pct"]) == 27
    assert around.loc["E08", "kind"] == "denial" and round(around.loc["E08", "change_pct"]) == -38
    assert around.loc["E09", "kind"] == "denial" and round(around.loc["E09", "change_pct"]) == -50
    # the 12:30 update came while the rumour was already falling
    assert round(around.loc["E10", "change_pct"]) == -60
    assert around.loc["E10", "before"] < around.loc["E09", "before"]


def test_m06_the_fake_hq_channel_kept_the_rumour_going_until_its_denial_at_15_10(bins, by_id):
    assert by_id.loc["E11", "actor"] == "fake_account"
    assert by_id.loc["E12", "posted_at"].strftime("%H:%M") == "15:10"
    plateau = bins.loc["2025-04-06 13:10":"2025-04-06 15:00", "rumour_posts"]
    assert plateau.between(20, 50).all()
    assert (bins.loc["2025-04-06 17:00":"2025-04-06 23:50", "rumour_posts"] < 15).all()


def test_m06_denials_drew_twice_the_views_of_regular_updates(events):
    reach = events[events["official"]].groupby("kind")["reach_72h"].mean()
    assert round(reach["denial"], -3) == 54_000
    assert round(reach["official_update"], -3) == 27_000
    assert 1.8 <= reach["denial"] / reach["official_update"] <= 2.2
    assert reach.idxmax() == "denial"


# 5. CERC -------------------------------------------------------------------------------------


def test_m06_official_posts_per_cerc_phase_are_4_9_and_3(events):
    phases = events[events["official"]].groupby("cerc_phase").size()
    assert phases.to_dict() == {"initial": 4, "maintenance": 9, "resolution": 3}


def test_m06_the_first_post_was_in_kazakh_the_russian_version_25_minutes_later_elsewhere(by_id):
    first, second = by_id.loc["E06"], by_id.loc["E07"]
    assert (first["language"], first["platform"]) == ("kk", "telegram")
    assert (second["language"], second["platform"]) == ("ru", "instagram")
    assert _minutes(second["posted_at"] - first["posted_at"]) == 25
    assert "Evacuation point" in first["text_en"] and "112" in first["text_en"]


def test_m06_the_principles_table_cites_what_the_posts_say(by_id):
    assert "every hour" in by_id.loc["E08", "text_en"]
    assert "sanitary inspection" in by_id.loc["E19", "text_en"]
    assert by_id.loc["E13", "platform"] == "tiktok" and "60-second" in by_id.loc["E13", "text_en"]
    assert by_id.loc["E14", "kind"] == "live_stream" and by_id.loc["E14", "language"] == "both"
    assert "volunteers" in by_id.loc["E17", "text_en"]


# The exercise's answers, quoted in docs/instructor/m06_crisis_communication.md ---------------


def test_m06_exercise_answers_quoted_in_the_instructor_notes(events, timeline, bins, by_id):
    assert _minutes(by_id.loc["E19", "posted_at"] - by_id.loc["E18", "posted_at"]) == 50
    assert bins.loc["2025-04-07", "rumour_posts"].max() == 11
    before = timeline[timeline["bin_start"] < "2025-04-06 15:10"]
    ratio = before["rumour_views"].sum() / before["official_views"].sum()
    assert round(ratio, 1) == 4.9
    change = crisis.rumour_rate_around(timeline, "2025-04-06 15:10", minutes=60)["change_pct"]
    assert round(change) in (-24, -25)
    reach = events[events["official"]].groupby("platform")["reach_72h"].sum()
    assert reach.idxmax() == "telegram" and round(reach["telegram"] / reach.sum() * 100) == 66


def test_m06_chart_title_the_rumour_hovered_near_its_peak_through_the_updates(bins):
    """Title: "The rumour hovered near its peak through the updates and fell steadily after the
    denials"; note: between 156 and 186 posts per 10 minutes from 10:30 to 11:20."""
    through_updates = bins.loc["2025-04-06 10:30":"2025-04-06 11:20", "rumour_posts"]
    peak = bins.loc[:"2025-04-06 23:50", "rumour_posts"].max()
    assert through_updates.min() == 156 and through_updates.max() == peak == 186
    assert (through_updates >= 0.8 * peak).all()  # "near its peak": within 20% of it


def test_m06_chart_title_the_rumour_fell_steadily_after_the_denials(bins, by_id):
    assert by_id.loc["E08", "posted_at"].strftime("%H:%M") == "11:40"
    after = bins.loc["2025-04-06 11:40":"2025-04-06 12:40", "rumour_posts"]
    assert (after.diff().dropna() < 0).all()  # lower in every 10-minute bin
    assert after.iloc[-1] == 48
    # and the dip before the denial the note mentions: 11:30 is already below the 11:20 peak
    assert (
        bins.loc["2025-04-06 11:30", "rumour_posts"] < bins.loc["2025-04-06 11:20", "rumour_posts"]
    )


def test_m06_box_the_rumour_doubles_about_every_half_hour_and_halves_every_45_minutes():
    """The lesson's box says what the generator was told; this keeps the two in step."""
    from course_utils.synthetic import crisis as generator

    assert round(generator.RUMOUR_DOUBLING_MINUTES / 30) == 1  # "about every half hour"
    assert generator.RUMOUR_HALVING_MINUTES == 45
