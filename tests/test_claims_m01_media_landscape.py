"""m01_media_landscape: each claim the lesson states about the survey data, recomputed from it.

If the data stops supporting a sentence of notebooks/m01_media_landscape.ipynb (a chart title, a
"What to notice", a key point or a line of the introduction), the test named for that sentence
fails. Figures the lesson quotes from outside the data (the seminar's 4.5%, the Internews, KISI
and Institute of Public Policy figures, the populations of Region S and City Y) are not tested
here; the survey's own 2025 trust share of 4.5% is.
"""

import pytest

from course_utils import load, metrics

SOURCES = [
    "uses_tv",
    "uses_press",
    "uses_radio",
    "uses_websites",
    "uses_social_networks",
    "uses_messengers",
]
SOURCE_NAMES = ["TV", "press", "radio", "websites", "social networks", "messengers"]
PLATFORMS = [
    "uses_whatsapp",
    "uses_instagram",
    "uses_youtube",
    "uses_tiktok",
    "uses_telegram",
    "uses_facebook",
    "uses_vk",
]
PLATFORM_NAMES = ["whatsapp", "instagram", "youtube", "tiktok", "telegram", "facebook", "vk"]
OLDER = ["35-44", "45-59", "60+"]


@pytest.fixture(scope="module")
def survey():
    return load("survey")


@pytest.fixture(scope="module")
def wave_2025(survey):
    return survey[survey["wave"] == 2025]


@pytest.fixture(scope="module")
def source_shares(survey):
    shares = metrics.weighted_shares(survey, SOURCES, by="wave")
    shares.columns = SOURCE_NAMES
    return shares


@pytest.fixture(scope="module")
def trust(survey):
    return metrics.weighted_shares(
        survey, ["trust_official_sources", "trust_tv", "trust_social_networks"], by="wave"
    )


@pytest.fixture(scope="module")
def official(trust):
    return trust["trust_official_sources"]


@pytest.fixture(scope="module")
def by_age(wave_2025):
    return metrics.weighted_shares(wave_2025, ["trust_tv", "trust_social_networks"], by="age_group")


@pytest.fixture(scope="module")
def platform_shares(wave_2025):
    shares = metrics.weighted_shares(wave_2025, PLATFORMS)
    shares.index = PLATFORM_NAMES
    return shares


@pytest.fixture(scope="module")
def by_region(wave_2025):
    return metrics.weighted_shares(wave_2025, ["uses_social_networks"], by="region")[
        "uses_social_networks"
    ]


def _plain_and_weighted_shares(rows, column):
    """Each group's share of the respondents (%), counted plainly and with the weights."""
    plain = rows[column].value_counts(normalize=True) * 100
    weights = rows.groupby(column, observed=True)["weight"].sum()
    return plain, weights / weights.sum() * 100


# Introduction and "What is real here, what is invented" ----------------------------------------


def test_m01_between_2019_and_2025_tv_press_radio_websites_lost_audience_social_and_messengers_held_or_grew(
    source_shares,
):
    first, last = source_shares.loc[2019], source_shares.loc[2025]
    for source in ("TV", "press", "radio", "websites"):
        assert last[source] < first[source], source
    for source in ("social networks", "messengers"):
        assert last[source] >= first[source], source


def test_m01_intro_the_synthetic_survey_falls_from_14_percent_in_2019_to_4_5_in_2025(official):
    assert round(official[2019]) == 14 and round(official[2025], 1) == 4.5


def test_m01_trust_in_official_sources_is_4_5_percent_in_the_2025_wave(official):
    assert round(official[2025], 1) == 4.5


def test_m01_three_waves_2019_2021_2025_of_about_1500_adults_each_4500_respondents(survey):
    sizes = survey.groupby("wave").size()
    assert list(sizes.index) == [2019, 2021, 2025]
    assert (sizes == 1500).all()
    assert len(survey) == 4500


def test_m01_built_in_tv_falling_social_networks_and_messengers_rising_trust_14_9_4_5(
    source_shares, official
):
    # the other built-in patterns (young and old, leading regions, the sampling) are tested
    # below by the sentences that state them
    assert source_shares["TV"].is_monotonic_decreasing
    assert source_shares["social networks"].is_monotonic_increasing
    assert source_shares["messengers"].is_monotonic_increasing
    assert [f"{share:.0f}" for share in official[[2019, 2021]]] == ["14", "9"]
    assert round(official[2025], 1) == 4.5


# 2. Why the weight column matters --------------------------------------------------------------


def test_m01_about_75_people_interviewed_in_every_region_the_same_in_region_s_as_in_city_y(survey):
    per_region = survey.groupby(["wave", "region"], observed=True).size()
    assert survey["region"].nunique() == 20
    assert (per_region == 75).all()
    for wave in (2019, 2021, 2025):
        assert per_region[(wave, "region_s")] == per_region[(wave, "city_y")]


def test_m01_older_people_answer_surveys_more_often(survey):
    for wave, rows in survey.groupby("wave"):
        plain, weighted = _plain_and_weighted_shares(rows, "age_group")
        for group in ("45-59", "60+"):
            assert plain[group] > weighted[group], (wave, group)
        for group in ("18-24", "25-34"):
            assert plain[group] < weighted[group], (wave, group)


def test_m01_a_plain_average_over_counts_small_regions_and_older_people(wave_2025):
    plain, weighted = _plain_and_weighted_shares(wave_2025, "region")
    assert plain["region_s"] > weighted["region_s"]  # the small region of the lesson's example
    assert plain["city_y"] < weighted["city_y"]
    plain, weighted = _plain_and_weighted_shares(wave_2025, "age_group")
    assert plain["60+"] > weighted["60+"]


def test_m01_a_person_from_an_under_sampled_group_counts_more_one_from_an_over_sampled_group_less(
    wave_2025,
):
    average = wave_2025["weight"].mean()
    by_region = wave_2025.groupby("region", observed=True)["weight"].mean()
    by_age = wave_2025.groupby("age_group", observed=True)["weight"].mean()
    assert by_region["city_y"] > average > by_region["region_s"]
    assert by_age["18-24"] > average > by_age["60+"]


def test_m01_tv_in_2025_plain_average_about_57_percent_weighted_55(wave_2025):
    plain = wave_2025["uses_tv"].mean() * 100
    weighted = metrics.weighted_share(wave_2025["uses_tv"], wave_2025["weight"])
    assert f"{plain:.0f}" == "57"
    assert f"{weighted:.0f}" == "55"


def test_m01_the_sample_has_too_many_older_tv_watching_people(wave_2025):
    tv_by_age = metrics.weighted_shares(wave_2025, ["uses_tv"], by="age_group")["uses_tv"]
    assert tv_by_age.is_monotonic_increasing  # the older, the more TV
    plain, weighted = _plain_and_weighted_shares(wave_2025, "age_group")
    assert plain["60+"] > weighted["60+"] and plain["45-59"] > weighted["45-59"]
    plain_tv = wave_2025["uses_tv"].mean() * 100
    assert plain_tv > metrics.weighted_share(wave_2025["uses_tv"], wave_2025["weight"])


# 3. News sources, wave by wave -----------------------------------------------------------------


def test_m01_chart_title_social_networks_overtook_tv_as_a_news_source_between_2019_and_2025(
    source_shares,
):
    assert source_shares.loc[2019, "social networks"] < source_shares.loc[2019, "TV"]
    assert source_shares.loc[2025, "social networks"] > source_shares.loc[2025, "TV"]


def test_m01_tv_fell_from_about_72_to_55_press_and_radio_now_small_social_55_to_67_messengers_70_to_76(
    source_shares,
):
    first, last = source_shares.loc[2019], source_shares.loc[2025]
    assert first["TV"] > last["TV"]
    assert f"{first['TV']:.0f}" == "72" and f"{last['TV']:.0f}" == "55"
    assert set(last.nsmallest(2).index) == {"press", "radio"}
    assert (last[["press", "radio"]] < 10).all()
    assert f"{first['social networks']:.0f}" == "55" and f"{last['social networks']:.0f}" == "67"
    assert f"{first['messengers']:.0f}" == "70" and f"{last['messengers']:.0f}" == "76"


# 4. Trust in official sources halved -----------------------------------------------------------


def test_m01_chart_title_trust_in_official_sources_halved_between_the_last_two_waves_to_4_5(
    official,
):
    assert official[2025] < official[2021]
    assert round(official[2021] / official[2025]) == 2
    assert round(official[2025], 1) == 4.5


def test_m01_trust_in_official_sources_14_percent_in_2019_9_in_2021_4_5_in_2025(official):
    assert f"{official[2019]:.0f}" == "14"
    assert f"{official[2021]:.0f}" == "9"
    assert round(official[2025], 1) == 4.5


def test_m01_trust_in_tv_fell_slightly_63_to_60_official_by_two_thirds_social_grew_28_to_35(
    trust, official
):
    tv, social = trust["trust_tv"], trust["trust_social_networks"]
    assert f"{tv[2019]:.0f}" == "63" and f"{tv[2025]:.0f}" == "60"
    tv_fall = 1 - tv[2025] / tv[2019]
    official_fall = 1 - official[2025] / official[2019]
    assert tv_fall < 0.1  # "slightly"
    assert round(official_fall * 3) == 2  # "about two thirds"
    assert social[2025] > social[2019]
    assert f"{social[2019]:.0f}" == "28" and f"{social[2025]:.0f}" == "35"


def test_m01_about_60_percent_trust_tv_and_35_social_networks_in_the_same_table(trust):
    assert f"{trust.loc[2025, 'trust_tv']:.0f}" == "60"
    assert f"{trust.loc[2025, 'trust_social_networks']:.0f}" == "35"


def test_m01_about_45_in_every_1000_adults_say_they_trust_official_sources(official):
    assert round(official[2025] / 100 * 1000) == 45


# 5. Young and old trust different sources ------------------------------------------------------


def test_m01_chart_title_every_age_group_trusted_tv_more_the_youngest_by_the_smallest_margin(
    by_age,
):
    gap = by_age["trust_tv"] - by_age["trust_social_networks"]
    assert (gap > 0).all()
    assert by_age.index[0] == "18-24"
    assert gap.idxmin() == "18-24"


def test_m01_among_18_24_year_olds_58_percent_trust_tv_47_social_networks_a_gap_of_12(by_age):
    young = by_age.loc["18-24"]
    assert f"{young['trust_tv']:.0f}" == "58"
    assert f"{young['trust_social_networks']:.0f}" == "47"
    assert round(young["trust_tv"] - young["trust_social_networks"]) == 12


def test_m01_over_60_it_is_65_percent_against_23_a_gap_of_43(by_age):
    old = by_age.loc["60+"]
    assert f"{old['trust_tv']:.0f}" == "65"
    assert f"{old['trust_social_networks']:.0f}" == "23"
    assert round(old["trust_tv"] - old["trust_social_networks"]) == 43


# 6. Which platforms adults use -----------------------------------------------------------------


def test_m01_chart_title_whatsapp_and_instagram_reach_most_adults_facebook_and_vk_few(
    platform_shares,
):
    assert (platform_shares[["whatsapp", "instagram"]] > 50).all()
    assert platform_shares.idxmax() == "whatsapp"
    # Instagram and YouTube are level (68.02% against 68.02%): the title may name Instagram
    assert platform_shares["instagram"] >= platform_shares["youtube"] - 0.5
    assert set(platform_shares.nsmallest(2).index) == {"facebook", "vk"}
    assert (platform_shares[["facebook", "vk"]] < 20).all()


def test_m01_nine_in_ten_use_whatsapp_two_in_three_instagram_only_one_in_seven_facebook(
    platform_shares,
):
    assert round(platform_shares["whatsapp"] / 100 * 10) == 9
    assert round(platform_shares["instagram"] / 100 * 3, 1) == 2.0
    assert round(100 / platform_shares["facebook"]) == 7
    # "a press service that posts mainly on Facebook talks to a small part of the population"
    assert platform_shares["facebook"] < platform_shares.drop(["facebook", "vk"]).min()


def test_m01_half_use_tiktok_almost_half_telegram(platform_shares):
    assert f"{platform_shares['tiktok']:.0f}" == "50"
    assert 40 <= platform_shares["telegram"] < 50


# 7. Regions differ -----------------------------------------------------------------------------


def test_m01_region_h_and_region_r_have_the_largest_shares_on_social_networks_around_76(
    by_region,
):
    top = by_region.sort_values(ascending=False)
    assert set(top.index[:2]) == {"region_h", "region_r"}
    assert f"{top['region_h']:.0f}" == "76" and f"{top['region_r']:.0f}" == "76"


# Key points ------------------------------------------------------------------------------------


def test_m01_key_point_tv_press_radio_lost_audience_social_and_messengers_gained_social_overtook_tv(
    source_shares,
):
    first, last = source_shares.loc[2019], source_shares.loc[2025]
    for source in ("TV", "press", "radio"):
        assert last[source] < first[source], source
    for source in ("social networks", "messengers"):
        assert last[source] > first[source], source
    assert first["social networks"] < first["TV"] and last["social networks"] > last["TV"]


def test_m01_key_point_every_age_group_trusts_tv_more_the_young_almost_as_much_the_old_23_vs_65(
    by_age,
):
    assert (by_age["trust_tv"] > by_age["trust_social_networks"]).all()
    young, old = by_age.loc["18-24"], by_age.loc["60+"]
    assert young["trust_social_networks"] / young["trust_tv"] > 0.75  # "almost as much"
    assert old["trust_social_networks"] / old["trust_tv"] < 0.4  # "much less"
    assert (
        f"{old['trust_social_networks']:.0f}% against {old['trust_tv']:.0f}%" == "23% against 65%"
    )


def test_m01_key_point_whatsapp_instagram_youtube_and_tiktok_reach_far_more_adults_than_facebook(
    platform_shares,
):
    facebook = platform_shares["facebook"]
    for platform in ("whatsapp", "instagram", "youtube", "tiktok"):
        assert platform_shares[platform] > 3 * facebook, platform


# 7b. How sure is the regional ranking? --------------------------------------------------------


@pytest.fixture(scope="module")
def intervals(wave_2025):
    table = metrics.share_intervals(wave_2025, "uses_social_networks", by="region")
    return table.sort_values("share_pct", ascending=False)


def test_m01_each_region_rests_on_75_respondents_intervals_about_11_points_either_side(intervals):
    assert (intervals["respondents"] == 75).all()
    assert (intervals["effective_n"] < 75).all()  # "a little lower than 75"
    assert round(((intervals["high"] - intervals["low"]) / 2).median()) == 11


def test_m01_the_top_regions_interval_65_85_overlaps_every_other_even_region_g_49_71(intervals):
    top = intervals.iloc[0]
    assert f"{top['low']:.0f}–{top['high']:.0f}" == "65–85"
    assert (intervals["high"].iloc[1:] >= top["low"]).all()
    lowest = intervals.iloc[-1]
    assert intervals.index[-1] == "region_g"
    assert f"{lowest['low']:.0f}–{lowest['high']:.0f}" == "49–71"


def test_m01_national_shares_rest_on_1500_interviews_a_wave(survey):
    assert (survey.groupby("wave").size() == 1500).all()
