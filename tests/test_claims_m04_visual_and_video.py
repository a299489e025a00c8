"""m04 Visual and video content: each headline claim of the lesson, recomputed from the data.

If the data stops supporting a sentence (a chart title, a "What to notice", a key point), the
test named for that sentence fails.
"""

import pandas as pd
import pytest

from course_utils import experiments, load, metrics

SEED = 0  # the lesson's seed for shuffles and resamples
N = 2000  # the lesson's number of shuffles and resamples


def _with_er(frame: pd.DataFrame) -> pd.DataFrame:
    views = frame["views"] if "views" in frame else frame["impressions"]
    return frame.assign(
        er_by_reach=metrics.engagement_rate_by_reach(metrics.engagements(frame), frame["reach"]),
        er_by_views=metrics.engagement_rate_by_impressions(metrics.engagements(frame), views),
    )


@pytest.fixture(scope="module")
def posts():
    return _with_er(load("posts"))


@pytest.fixture(scope="module")
def reels(posts):
    return posts[(posts["platform"] == "instagram") & (posts["content_type"] == "short_video")]


@pytest.fixture(scope="module")
def medians(posts):
    return posts.pivot_table(
        index="content_type",
        columns="platform",
        values="er_by_reach",
        aggfunc="median",
        observed=True,
    )


@pytest.fixture(scope="module")
def experiment():
    return _with_er(load("format_experiment"))


@pytest.fixture(scope="module")
def insta(experiment):
    return experiment[experiment["experiment"] == "instagram_reels_vs_static"]


def _arms(rows, er="er_by_reach"):
    return (
        rows.loc[rows["arm"] == "static", er],
        rows.loc[rows["arm"] == "short_video", er],
    )


def test_m04_the_data_has_about_32_600_posts_and_144_experiment_posts(posts, experiment):
    assert round(len(posts), -2) == 32_600
    assert len(experiment) == 144


# 1. formats per platform --------------------------------------------------------------------


def test_m04_tiktok_is_almost_all_short_video_with_205_photos_and_3154_videos(posts):
    counts = pd.crosstab(posts["content_type"], posts["platform"])
    assert counts.loc["photo", "tiktok"] == 205
    assert counts.loc["short_video", "tiktok"] == 3154
    assert counts["tiktok"]["short_video"] / counts["tiktok"].sum() > 0.8
    telegram = counts["telegram"].sort_values(ascending=False)
    assert set(telegram.index[:2]) == {"text", "photo"}
    assert counts.loc["link", "facebook"] > 1000


# 2. mean or median --------------------------------------------------------------------------


def test_m04_two_in_three_instagram_short_videos_get_2_to_8_percent_a_few_dozen_above_20(reels):
    er = reels["er_by_reach"]
    assert 60 <= er.between(2, 8, inclusive="right").mean() * 100 <= 72
    assert (er > 20).sum() == 44
    assert round(er.max()) == 47


def test_m04_reels_median_5_9_mean_7_0_and_six_in_ten_below_the_mean(reels):
    er = reels["er_by_reach"]
    assert round(er.median(), 1) == 5.9 and round(er.mean(), 1) == 7.0
    assert round((er < er.mean()).mean() * 100) == 62


def test_m04_the_mean_number_of_shares_453_is_more_than_twice_the_median_188(reels):
    assert round(reels["shares"].mean()) == 453 and reels["shares"].median() == 188


# 3. medians by format -----------------------------------------------------------------------


def test_m04_short_video_leads_on_tiktok_about_8_vs_4_5_and_instagram_about_6_vs_4(medians):
    for platform in ("tiktok", "instagram"):
        assert medians[platform].idxmax() == "short_video"
    assert 7.5 <= medians.loc["short_video", "tiktok"] <= 8.5
    assert 4.2 <= medians.loc["photo", "tiktok"] <= 4.8
    assert 5.5 <= medians.loc["short_video", "instagram"] <= 6.3
    assert 3.7 <= medians.loc["photo", "instagram"] <= 4.3


@pytest.fixture(scope="module")
def telegram_medians(posts):
    telegram = posts[posts["platform"] == "telegram"]
    return telegram.groupby("content_type", observed=True)["er_by_views"].median()


def test_m04_telegram_has_no_er_by_reach_so_it_is_not_in_the_by_reach_table(medians):
    assert "telegram" not in medians.columns


def test_m04_on_telegram_every_format_sits_between_about_1_1_and_1_5_percent_by_views(
    telegram_medians,
):
    assert len(telegram_medians) == 5
    assert round(telegram_medians.min(), 1) == 1.1 and round(telegram_medians.max(), 1) == 1.5
    assert telegram_medians.max() - telegram_medians.min() < 0.5


def test_m04_on_telegram_what_you_post_matters_more_than_how_you_package_it(
    posts, telegram_medians
):
    telegram = posts[posts["platform"] == "telegram"]
    by_topic = telegram.groupby("topic", observed=True)["er_by_views"].median()
    by_format = telegram_medians
    assert by_topic.max() - by_topic.min() > 2 * (by_format.max() - by_format.min())


def test_m04_on_facebook_link_1_6_and_text_2_0_do_worst_others_2_7_to_3_2(posts, medians):
    facebook = medians["facebook"].dropna().sort_values()
    assert list(facebook.index[:2]) == ["link", "text"]
    assert round(facebook["link"], 1) == 1.6 and round(facebook["text"], 1) == 2.0
    others = facebook[["photo", "carousel", "video"]]
    assert others.min() >= 2.6 and others.max() <= 3.2
    assert facebook.idxmax() == "short_video"
    facebook_posts = posts[posts["platform"] == "facebook"]
    assert (facebook_posts["content_type"] == "short_video").sum() == 273


def test_m04_explorer_hints_means_above_medians_by_0_7_to_1_2_and_shares_means_twice(posts):
    instagram = posts[posts["platform"] == "instagram"].groupby("content_type", observed=True)
    er = instagram["er_by_reach"].agg(["median", "mean"])
    gaps = er["mean"] - er["median"]
    assert gaps.between(0.65, 1.25).all()
    assert list(er.sort_values("median").index) == list(er.sort_values("mean").index)
    shares = instagram["shares"].agg(["median", "mean"])
    assert (shares["mean"] > 2 * shares["median"]).all()


# 5. the Region F experiment -----------------------------------------------------------------


def test_m04_the_experiment_is_region_fs_eight_weeks_in_september_and_october(experiment):
    assert set(experiment["akimat_id"].astype(str)) == {"region_f"}
    assert set(experiment["week"]) == set(range(1, 9))
    months = set(experiment["published_at"].dt.month)
    assert months == {9, 10} and set(experiment["published_at"].dt.year) == {2025}
    sizes = experiment.groupby(["experiment", "arm"], observed=True).size()
    assert sizes["instagram_reels_vs_static"].tolist() == [40, 40]
    assert sizes["telegram_video_vs_photo"].tolist() == [32, 32]


def test_m04_five_posts_of_each_format_a_week_on_instagram_four_on_telegram(experiment):
    per_week = experiment.groupby(["experiment", "week", "arm"], observed=True).size()
    assert (per_week["instagram_reels_vs_static"] == 5).all()
    assert (per_week["telegram_video_vs_photo"] == 4).all()


def test_m04_static_instagram_arm_is_carousels(insta):
    static = insta[insta["arm"] == "static"]
    assert set(static["content_type"].astype(str)) == {"carousel"}


def test_m04_reels_reached_more_people_12_500_vs_8_100(insta):
    reach = insta.groupby("arm", observed=True)["reach"].median()
    assert round(reach["short_video"], -2) == 12_500 and round(reach["static"], -2) == 8_100


def test_m04_reels_engaged_about_45_percent_more_4_9_vs_3_4_plus_1_5_points(insta):
    static, video = _arms(insta)
    assert round(video.mean(), 1) == 4.9 and round(static.mean(), 1) == 3.4
    assert round(experiments.difference_in_means(static, video), 1) == 1.5
    assert round(experiments.relative_lift(static, video)) == 46


def test_m04_no_post_went_viral_in_the_experiment_so_mean_and_median_agree(insta):
    summary = insta.groupby("arm", observed=True)["er_by_reach"].agg(["median", "mean", "max"])
    assert summary.loc["short_video", "median"] > summary.loc["static", "median"]
    assert summary["max"].max() < 10


# 6. shuffles --------------------------------------------------------------------------------


def test_m04_not_one_of_2000_shuffles_gave_a_gap_as_big_as_the_real_one(insta):
    static, video = _arms(insta)
    gap = experiments.difference_in_means(static, video)
    shuffled = experiments.shuffled_differences(static, video, n_permutations=N, seed=SEED)
    assert (abs(shuffled) >= abs(gap)).sum() == 0
    assert (abs(shuffled) > 1).mean() < 0.05  # "hardly ever pass ±1 point"
    five = experiments.shuffled_differences(static, video, n_permutations=5, seed=1)
    assert abs(five).max() < 0.5  # "a few tenths of a point"


def test_m04_the_p_value_is_the_smallest_2000_shuffles_can_give(insta):
    p = experiments.permutation_p_value(*_arms(insta), n_permutations=N, seed=SEED)
    assert p == pytest.approx(1 / 2001)
    assert f"{p:.4f}" == "0.0005"


# 7. interval --------------------------------------------------------------------------------


def test_m04_the_95_percent_interval_runs_from_0_9_to_2_2_points_a_quarter_to_two_thirds(insta):
    static, video = _arms(insta)
    low, high = experiments.bootstrap_interval(static, video, n_resamples=N, seed=SEED)
    assert round(low, 1) == 0.9 and round(high, 1) == 2.2
    assert 0.23 <= low / static.mean() <= 0.3 and 0.6 <= high / static.mean() <= 0.7


# 8. weeks -----------------------------------------------------------------------------------


def _interval_after(insta, weeks):
    static, video = _arms(insta[insta["week"] <= weeks])
    return experiments.bootstrap_interval(static, video, seed=SEED)


def test_m04_after_one_week_the_interval_ran_from_about_0_to_1_9_and_luck_could_explain_it(insta):
    low, high = _interval_after(insta, 1)
    assert abs(low) < 0.1 and round(high, 1) == 1.9
    p = experiments.permutation_p_value(*_arms(insta[insta["week"] <= 1]), seed=SEED)
    assert p > 0.1


def test_m04_eight_weeks_narrowed_the_interval_moving_off_zero_and_narrowing_from_week_4(insta):
    intervals = {week: _interval_after(insta, week) for week in range(1, 9)}
    widths = {week: high - low for week, (low, high) in intervals.items()}
    assert all(low > 0 for week, (low, _) in intervals.items() if week >= 2)
    assert widths[8] < widths[4] < widths[1]
    assert all(widths[week] < widths[1] for week in range(4, 9))


# 9. limits ----------------------------------------------------------------------------------


def test_m04_static_arm_got_14_official_event_posts_video_9_and_the_lift_stays_about_40(insta):
    counts = pd.crosstab(insta["topic"], insta["arm"])
    assert counts.loc["official_events", "static"] == 14
    assert counts.loc["official_events", "short_video"] == 9
    engagement = insta.groupby("topic", observed=True)["er_by_reach"].mean()
    assert engagement.idxmin() == "official_events"  # "which engage least"
    rest = insta[insta["topic"] != "official_events"]
    assert 37 <= experiments.relative_lift(*_arms(rest)) <= 44


def test_m04_on_telegram_the_same_test_gave_a_different_answer(experiment):
    telegram = experiment[experiment["experiment"] == "telegram_video_vs_photo"]
    assert telegram["reach"].isna().all() and telegram["views"].notna().all()
    arms = _arms(telegram, "er_by_views")
    low, high = experiments.bootstrap_interval(*arms, seed=SEED)
    assert low < 0 < high
    assert experiments.permutation_p_value(*arms, seed=SEED) > 0.05


def test_m04_box_the_answer_was_set_in_advance_45_percent_on_instagram_5_on_telegram():
    """The lesson's box names the lift the generator was given; this keeps the two in step."""
    from course_utils.synthetic.experiment import DESIGNS

    lift = {design[0]: design[4] for design in DESIGNS.values()}
    assert round((lift["instagram"] - 1) * 100) == 45
    assert round((lift["telegram"] - 1) * 100) == 5
