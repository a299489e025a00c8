"""Each headline claim a lesson states is recomputed here from the data: if the data stops
supporting a sentence in a lesson, this fails and names the lesson and the claim."""

import pytest

from course_utils import load, metrics


@pytest.fixture(scope="module")
def kostanay_instagram():
    posts = load("posts")
    return posts[(posts["akimat_id"] == "kostanay") & (posts["platform"] == "instagram")]


@pytest.fixture(scope="module")
def survey():
    return load("survey")


@pytest.fixture(scope="module")
def wave_2023(survey):
    return survey[survey["wave"] == 2023]


# m00_getting_started -----------------------------------------------------------------------


def test_m00_kostanay_posts_about_once_a_day_on_instagram(kostanay_instagram):
    assert 300 <= len(kostanay_instagram) <= 420


def test_m00_most_of_kostanays_five_widest_reaching_posts_are_short_videos(kostanay_instagram):
    top = kostanay_instagram.sort_values("reach", ascending=False).head(5)
    assert (top["content_type"] == "short_video").sum() >= 3


def test_m00_short_videos_have_the_highest_median_reach_on_kostanays_instagram(kostanay_instagram):
    medians = kostanay_instagram.groupby("content_type", observed=True)["reach"].median()
    assert medians.idxmax() == "short_video"
    assert medians["short_video"] > 1.2 * medians.drop("short_video").max()


# m01_media_landscape -----------------------------------------------------------------------


def test_m01_the_weighted_tv_share_2023_is_below_the_plain_average_57_vs_55(wave_2023):
    plain = wave_2023["uses_tv"].mean() * 100
    weighted = metrics.weighted_share(wave_2023["uses_tv"], wave_2023["weight"])
    assert round(plain) == 57 and round(weighted) == 55


def test_m01_social_networks_overtook_tv_as_a_news_source(survey):
    shares = metrics.weighted_shares(
        survey, ["uses_tv", "uses_social_networks", "uses_messengers"], by="wave"
    )
    assert shares.loc[2019, "uses_social_networks"] < shares.loc[2019, "uses_tv"]
    assert shares.loc[2023, "uses_social_networks"] > shares.loc[2023, "uses_tv"]
    assert round(shares.loc[2019, "uses_tv"]) == 72 and round(shares.loc[2023, "uses_tv"]) == 55
    assert (
        round(shares.loc[2019, "uses_social_networks"]) == 55
        and round(shares.loc[2023, "uses_social_networks"]) == 67
    )
    assert (
        round(shares.loc[2019, "uses_messengers"]) == 70
        and round(shares.loc[2023, "uses_messengers"]) == 76
    )


def test_m01_trust_in_official_sources_14_then_9_then_4_5(survey):
    trust = metrics.weighted_shares(
        survey, ["trust_official_sources", "trust_tv", "trust_social_networks"], by="wave"
    )
    assert [round(v, 1) for v in trust["trust_official_sources"]] == [14.0, 9.0, 4.5]
    assert round(trust.loc[2019, "trust_tv"]) == 63 and round(trust.loc[2023, "trust_tv"]) == 57
    assert (
        round(trust.loc[2019, "trust_social_networks"]) == 28
        and round(trust.loc[2023, "trust_social_networks"]) == 35
    )


def test_m01_the_youngest_trust_social_networks_more_than_tv_the_oldest_the_reverse(wave_2023):
    by_age = metrics.weighted_shares(
        wave_2023, ["trust_tv", "trust_social_networks"], by="age_group"
    )
    young, old = by_age.loc["18-24"], by_age.loc["60+"]
    assert young["trust_social_networks"] > young["trust_tv"]
    assert old["trust_social_networks"] < old["trust_tv"]
    assert round(young["trust_social_networks"]) in (54, 55, 56) and round(young["trust_tv"]) == 49
    assert round(old["trust_social_networks"]) == 18 and round(old["trust_tv"]) == 69


def test_m01_whatsapp_and_instagram_reach_most_adults_facebook_and_vk_few(wave_2023):
    platforms = [
        "uses_whatsapp",
        "uses_instagram",
        "uses_youtube",
        "uses_tiktok",
        "uses_telegram",
        "uses_facebook",
        "uses_vk",
    ]
    shares = metrics.weighted_shares(wave_2023, platforms).sort_values(ascending=False)
    assert list(shares.index[:1]) == ["uses_whatsapp"]
    assert shares["uses_instagram"] >= shares["uses_youtube"] - 0.5
    assert set(shares.index[-2:]) == {"uses_facebook", "uses_vk"}
    assert (
        shares["uses_whatsapp"] > 88
        and 60 < shares["uses_instagram"] < 72
        and shares["uses_facebook"] < 16
    )
    assert 45 <= shares["uses_tiktok"] <= 55 and 40 <= shares["uses_telegram"] < 50


def test_m01_social_networks_strongest_in_kyzylorda_and_west_kazakhstan(wave_2023):
    by_region = metrics.weighted_shares(wave_2023, ["uses_social_networks"], by="region")[
        "uses_social_networks"
    ]
    assert set(by_region.sort_values(ascending=False).index[:2]) == {"kyzylorda", "west_kazakhstan"}
    assert by_region[["kyzylorda", "west_kazakhstan"]].between(74, 79).all()
