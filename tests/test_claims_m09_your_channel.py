"""m09 Your own channel: each claim the lesson (and the exercise's model note) states about the
sample exports, recomputed from them. The lesson's chart titles are written by its cells; the
sentences around them are not — if the sample exports change and stop supporting a sentence, the
test named for that sentence fails."""

import pandas as pd
import pytest

from course_utils import audience, kpis, load, metrics, own_channel
from course_utils.explorers import account_summary, content_type_comparison
from course_utils.imports import write_package


@pytest.fixture(scope="module")
def result():
    return own_channel.import_folder(own_channel.sample_exports())


@pytest.fixture(scope="module")
def tables(result, tmp_path_factory):
    """The tables as the lesson has them: written as a package and loaded back."""
    folder = tmp_path_factory.mktemp("m09-package")
    write_package(result, folder, sources=[own_channel.sample_exports()])
    return {
        name: load(name, source=folder)
        for name in ("posts", "comments", "daily_followers", "accounts")
    }


@pytest.fixture(scope="module")
def posts(tables):
    return tables["posts"]


@pytest.fixture(scope="module")
def comments(tables):
    return tables["comments"]


@pytest.fixture(scope="module")
def typical(posts):
    rates = pd.DataFrame(
        {
            "platform": posts["platform"],
            "ER by reach": metrics.post_engagement_rates(posts, by="reach"),
            "ER by views": metrics.post_engagement_rates(posts, by="impressions"),
        }
    )
    return rates, rates.groupby("platform", observed=True).median()


@pytest.fixture(scope="module")
def summary(tables):
    return account_summary(tables["posts"], tables["daily_followers"], tables["accounts"])


def _file(result, name):
    return next(f for f in result.report.files if f.name == name)


# Section 3: the import report -----------------------------------------------------------------


def test_m09_the_sample_gives_fourteen_files_1570_posts_and_140_comments(result, posts, comments):
    assert len(result.report.files) == 14
    assert not result.report.errors
    assert len(posts) == 1570 and len(comments) == 140


def test_m09_the_report_names_files_relative_to_the_exports_folder(result):
    names = [f.name for f in result.report.files]
    assert "meta/Facebook_posts_2025.csv" in names
    assert not any(name.startswith("/") for name in names)


def test_m09_telegrams_create_channel_message_was_skipped_as_not_a_post(result):
    channel = _file(result, "telegram/ChatExport_2026-01-03/result.json")
    assert len(channel.skipped) == 1 and "create_channel" in channel.skipped[0]


def test_m09_youtubes_total_row_was_left_out(result):
    youtube = _file(result, "youtube/Table data.csv")
    assert any("'Total' row was left out" in w for w in youtube.warnings)


def test_m09_the_discussion_groups_commenters_got_pseudonyms(result, comments):
    group = _file(result, "telegram/discussion_group/result.json")
    assert any("replaced by pseudonyms" in w for w in group.warnings)
    assert comments["author"].str.fullmatch(r"Person \d+").all()


def test_m09_the_telegram_export_has_no_views_forwards_reach_or_subscriber_history(result):
    missing = result.report.missing()["telegram"]
    assert {"reach", "impressions", "shares", "daily_followers"} <= set(missing)


def test_m09_telegram_has_likes_only_tiktok_youtube_x_views_no_reach_reach_only_fb_ig(posts):
    counted = posts.groupby("platform", observed=True)[
        ["reach", "impressions", "likes", "comments", "shares"]
    ].count()
    telegram = counted.loc["telegram"]
    assert telegram["likes"] > 0 and (telegram.drop("likes") == 0).all()
    for platform in ("tiktok", "youtube", "x"):
        assert counted.loc[platform, "impressions"] > 0 and counted.loc[platform, "reach"] == 0
    assert set(counted.index[counted["reach"] > 0]) == {"facebook", "instagram"}


# Section 4: engagement rates ------------------------------------------------------------------


def test_m09_telegram_er_by_reach_is_refused_pointing_to_er_by_views(posts):
    telegram = posts[posts["platform"] == "telegram"]
    with pytest.raises(metrics.MetricUnavailable, match="Telegram reports views, not reach"):
        metrics.post_engagement_rates(telegram, by="reach")


def test_m09_telegram_er_by_views_is_refused_too_the_desktop_export_has_no_views(posts):
    telegram = posts[posts["platform"] == "telegram"]
    assert telegram["impressions"].isna().all()
    with pytest.raises(metrics.MetricUnavailable, match="no values in the column 'impressions'"):
        metrics.post_engagement_rates(telegram, by="impressions")


def test_m09_the_typical_tiktok_post_has_the_highest_er_by_views_7_3_facebook_last(typical):
    _, medians = typical
    by_views = medians["ER by views"].dropna()
    assert by_views.idxmax() == "tiktok" and f"{by_views.max():.1f}" == "7.3"
    assert by_views.idxmin() == "facebook"
    assert "telegram" not in by_views.index  # "Telegram has no bar at all"


def test_m09_er_by_followers_only_for_facebook_and_tiktok_far_below_reach_on_facebook(summary):
    with_posts = summary[summary["posts"] > 0].set_index("platform")
    has_rate = with_posts["er_by_followers"].dropna().index.astype(str)
    assert set(has_rate) == {"facebook", "tiktok"}
    facebook = with_posts.loc["facebook"]
    assert facebook["er_by_followers"] < facebook["er_by_reach"] / 10


def test_m09_tiktok_grew_fastest_facebook_barely_moved_vk_lost_members(summary):
    growth = summary.set_index("platform")["follower_growth"].dropna()
    assert growth.idxmax() == "tiktok"
    assert abs(growth["facebook"]) < 2
    assert growth["vk"] < 0


def test_m09_vk_has_members_but_no_posts_so_no_row_in_the_er_table(summary):
    vk = summary[summary["platform"] == "vk"].iloc[0]
    assert vk["posts"] == 0 and pd.notna(vk["follower_growth"])


# Section 5: posting times ---------------------------------------------------------------------


def test_m09_tiktok_youtube_and_x_exports_give_the_day_not_the_time(posts):
    assert own_channel.date_only_platforms(posts) == ["tiktok", "x", "youtube"]


def test_m09_69_percent_of_timed_posts_go_out_on_weekdays_9_to_18(posts):
    timed = own_channel.with_time(posts)
    office = audience.time_slot(timed["published_at"]) == audience.OFFICE_HOURS
    assert f"{office.mean() * 100:.0f}" == "69"


def test_m09_instagram_evening_and_weekend_posts_engage_more_facebook_weekend_less_so(
    posts, typical
):
    rates, _ = typical
    timed = own_channel.with_time(posts)
    slots = rates.loc[timed.index].assign(time_slot=audience.time_slot(timed["published_at"]))
    table = slots.pivot_table(
        index="time_slot", columns="platform", values="ER by reach", aggfunc="median", observed=True
    )
    instagram, facebook = table["instagram"], table["facebook"]
    office, evening, weekend = audience.OFFICE_HOURS, audience.EVENING, audience.WEEKEND
    assert instagram[evening] > instagram[office] and instagram[weekend] > instagram[office]
    assert facebook[weekend] > facebook[office]
    assert facebook[weekend] - facebook[office] < instagram[weekend] - instagram[office]


def test_m09_few_posts_go_out_in_the_evening_or_at_weekends_a_few_dozen_a_platform(posts):
    for platform in ("instagram", "facebook"):
        slots = audience.time_slot(posts.loc[posts["platform"] == platform, "published_at"])
        counts = slots.value_counts()
        assert 10 <= counts[audience.EVENING] <= 60 and 10 <= counts[audience.WEEKEND] <= 60


# Section 6: content types ---------------------------------------------------------------------


def test_m09_instagram_has_the_most_posts_with_a_reach(posts):
    assert posts.dropna(subset=["reach"])["platform"].value_counts().idxmax() == "instagram"


def test_m09_instagram_short_video_leads_well_ahead_of_carousels_and_photos(posts):
    view = content_type_comparison(posts, "instagram", "ER by reach", "median")
    title = view.figure.axes[0].get_title(loc="left")
    assert title == "On Instagram, short video has the highest median ER by reach"
    medians = view.table["median"]
    assert medians.idxmax() == "short_video"
    assert medians["short_video"] > 1.3 * medians.drop("short_video").max()


def test_m09_telegram_video_posts_draw_the_most_reactions_median_238_links_the_fewest(posts):
    telegram = posts[posts["platform"] == "telegram"]
    reactions = telegram.groupby("content_type", observed=True)["likes"].median()
    assert reactions.idxmax() == "video" and f"{reactions.max():.0f}" == "238"
    assert set(reactions.nlargest(2).index) == {"video", "short_video"}
    assert reactions.idxmin() == "link"


# Section 7: replies -------------------------------------------------------------------------


def test_m09_51_percent_of_comments_got_a_reply_after_a_median_of_17_hours(comments):
    rate = metrics.response_rate(comments["replied"])
    hours = metrics.median_response_time(comments["commented_at"], comments["replied_at"])
    assert f"{rate:.0f}" == "51" and f"{hours:.0f}" == "17" and f"{hours:.1f}" == "17.4"


def test_m09_negative_share_is_missing_not_zero_no_export_codes_sentiment(comments):
    from course_utils import criticism

    table = criticism.response_table(comments, by="platform")
    assert table["negative_pct"].isna().all()


def test_m09_far_more_than_17_percent_answered_fewer_than_one_in_ten_within_4_hours(comments):
    hours = metrics.response_times(comments["commented_at"], comments["replied_at"])
    assert metrics.response_rate(comments["replied"]) > 17 * 2.5  # "far more": about three times
    assert (hours <= 4).mean() * 100 < 10
    assert 45 <= hours.isna().mean() * 100 <= 55  # "about half get no reply"


# Section 8: the KPI baseline ------------------------------------------------------------------


def test_m09_four_kpis_measured_and_four_missing_with_a_reason_never_zero(tables):
    yearly = kpis.yearly_kpis(tables["posts"], tables["comments"], tables["daily_followers"])
    table = own_channel.baseline_table(yearly.iloc[0])
    missing = set(table.index[table["baseline"] == "n/a"])
    assert missing == {
        "Questions answered",
        "Negative comments",
        "Protocol posts share",
        "Telegram growth",
    }
    assert (table.loc[list(missing), "why missing"] != "").all()
    assert (table["value"].dropna() > 0).all()
    assert table.loc["ER by reach", "baseline"] == "4%"
    assert table.loc["Short video share", "baseline"] == "30%"


# The exercise's model note (solutions/m09_your_channel, q5_answer) --------------------------


def test_m09_model_note_4_percent_within_4_hours_and_183_reactions_per_telegram_post(
    comments, posts
):
    hours = metrics.response_times(comments["commented_at"], comments["replied_at"])
    assert f"{(hours <= 4).mean() * 100:.0f}" == "4"
    telegram = posts[posts["platform"] == "telegram"]
    assert telegram["likes"].median() == 183


def test_m09_model_note_instagram_short_video_4_2_carousel_3_0_photo_2_4(posts):
    medians = content_type_comparison(posts, "instagram", "ER by reach", "median").table["median"]
    assert [f"{medians[t]:.1f}" for t in ("short_video", "carousel", "photo")] == [
        "4.2",
        "3.0",
        "2.4",
    ]
