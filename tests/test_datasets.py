"""The course datasets: valid against their schema, reproducible, calibrated, and teaching what
the lessons teach (with noise)."""

import shutil

import numpy as np
import pandas as pd
import pytest
from frictionless import validate

from course_utils import load, metrics
from course_utils.paths import datasets_dir
from course_utils.synthetic import write

DATA = datasets_dir()


def test_every_file_is_valid_against_datapackage_json():
    report = validate(str(DATA / "datapackage.json"))
    problems = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors][:10]
    assert report.valid, "\n".join(problems or [e.message for e in report.errors])


def test_validation_catches_a_broken_file(tmp_path):
    folder = tmp_path / "datasets"
    shutil.copytree(DATA, folder)
    path = folder / "crisis_events.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("+05:00", "+05:00 yesterday", 1), encoding="utf-8"
    )
    assert not validate(str(folder / "datapackage.json")).valid


def test_regeneration_is_byte_identical(tmp_path):
    written = write(tmp_path)
    committed = sorted(p.name for p in DATA.iterdir() if p.suffix in (".csv", ".json"))
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), (
            f"{path.name} differs from a fresh generation"
        )


def test_all_data_together_stays_under_10_mb():
    total = sum(p.stat().st_size for p in DATA.iterdir())
    assert total < 10 * 1024 * 1024, f"datasets/ is {total / 1024 / 1024:.1f} MB"


def test_data_card_says_synthetic_and_describes_every_file():
    card = (DATA / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in card.lower()
    for path in DATA.glob("*.csv"):
        assert f"`{path.name}`" in card, f"datasets/README.md does not describe {path.name}"


# --- calibration ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def survey_shares():
    survey = load("survey")
    columns = [c for c in survey.columns if c.startswith(("uses_", "trust_"))]
    return metrics.weighted_shares(survey, columns, by="wave")


def test_about_1500_respondents_a_wave():
    assert load("survey").groupby("wave").size().between(1400, 1600).all()


def test_trust_in_official_sources_is_4_5_percent_in_2025_and_half_of_2021(survey_shares):
    trust = survey_shares["trust_official_sources"]
    assert trust[2025] == pytest.approx(4.5, abs=0.5)
    assert trust[2025] / trust[2021] == pytest.approx(0.5, abs=0.05)


@pytest.mark.parametrize("source", ["uses_tv", "uses_press", "uses_radio", "uses_websites"])
def test_traditional_sources_lose_share_wave_after_wave(survey_shares, source):
    shares = survey_shares[source]
    assert shares[2019] > shares[2021] > shares[2025]


@pytest.mark.parametrize("source", ["uses_social_networks", "uses_messengers"])
def test_social_networks_and_messengers_hold_or_rise(survey_shares, source):
    shares = survey_shares[source]
    assert shares[2019] <= shares[2021] + 0.5 and shares[2021] <= shares[2025] + 0.5


def test_calibration_figures_of_the_blueprint(survey_shares):
    s2025, s2021 = survey_shares.loc[2025], survey_shares.loc[2021]
    assert s2021["trust_tv"] == pytest.approx(58.1, abs=1)  # Internews 2021
    assert s2025["trust_social_networks"] == pytest.approx(34.7, abs=1)  # KISI 2025
    assert s2025["uses_social_networks"] == pytest.approx(66.8, abs=1.5)  # IPP 2025
    assert s2025["uses_tv"] == pytest.approx(54.7, abs=1.5)


def test_young_adults_trust_social_networks_more_and_tv_less_than_old():
    survey = load("survey")
    by_age = metrics.weighted_shares(
        survey[survey["wave"] == 2025], ["trust_tv", "trust_social_networks"], by="age_group"
    )
    assert (
        by_age.loc["18-24", "trust_social_networks"]
        > 2 * by_age.loc["60+", "trust_social_networks"]
    )
    assert by_age.loc["18-24", "trust_tv"] < by_age.loc["60+", "trust_tv"] - 5
    # KISI 2025: every age group trusts TV more than social networks
    assert (by_age["trust_tv"] > by_age["trust_social_networks"]).all()


def test_twenty_akimats_on_five_platforms_and_vk_where_plausible():
    accounts = load("accounts")
    assert accounts["akimat_id"].nunique() == 20
    assert (accounts["akimat_type"] == "city").groupby(accounts["akimat_id"]).first().sum() == 3
    core = accounts[accounts["platform"] != "vk"]
    assert core.groupby("akimat_id").size().eq(5).all()
    assert 0 < (accounts["platform"] == "vk").sum() < 10


def test_posts_cover_twelve_months():
    months = load("posts")["published_at"].dt.month
    assert sorted(months.unique()) == list(range(1, 13))


# --- relationships the lessons teach ----------------------------------------------------------


@pytest.fixture(scope="module")
def posts():
    p = load("posts")
    p["er_reach"] = metrics.engagement_rate_by_reach(metrics.engagements(p), p["reach"])
    # Telegram reports views, not reach: its relationships are checked by views
    telegram = p["platform"] == "telegram"
    by_views = metrics.engagement_rate_by_impressions(metrics.engagements(p), p["impressions"])
    p["er_reach"] = p["er_reach"].where(~telegram, by_views)
    return p


def test_telegram_posts_have_views_and_no_reach(posts):
    telegram = posts[posts["platform"] == "telegram"]
    assert telegram["reach"].isna().all() and (telegram["impressions"] > 0).all()
    assert posts.loc[posts["platform"] != "telegram", "reach"].notna().all()


@pytest.mark.parametrize("platform", ["tiktok", "instagram"])
def test_short_video_beats_static_images(posts, platform):
    medians = (
        posts[posts["platform"] == platform]
        .groupby("content_type", observed=True)["er_reach"]
        .median()
    )
    assert medians["short_video"] > 1.2 * medians["photo"]


def test_press_services_post_in_office_hours_but_audiences_engage_in_the_evening_and_at_weekends(
    posts,
):
    hour, weekday = posts["published_at"].dt.hour, posts["published_at"].dt.day_of_week
    office = (weekday < 5) & hour.between(9, 17)
    assert office.mean() > 0.6
    for platform in ["instagram", "telegram", "facebook"]:
        own = posts[posts["platform"] == platform]
        h, wd = own["published_at"].dt.hour, own["published_at"].dt.day_of_week
        assert (
            own.loc[h.between(19, 22), "er_reach"].median()
            > own.loc[h.between(9, 12), "er_reach"].median()
        )
        assert own.loc[wd >= 5, "er_reach"].median() > own.loc[wd < 5, "er_reach"].median()


def test_telegram_and_tiktok_grow_while_facebook_stalls():
    followers = load("daily_followers").merge(load("accounts")[["account_id", "platform"]])
    ends = (
        followers.sort_values("date")
        .groupby(["platform", "account_id"], observed=True)["followers"]
        .agg(["first", "last"])
    )
    growth = (
        metrics.follower_growth_rate(ends["first"], ends["last"])
        .groupby(level="platform", observed=True)
        .median()
    )
    assert growth["telegram"] > 20 and growth["tiktok"] > 40
    assert abs(growth["facebook"]) < 3


def test_engagement_rate_by_followers_and_by_reach_rank_accounts_differently(posts):
    followers = load("daily_followers").groupby("account_id")["followers"].mean()
    per_account = (
        posts.assign(e=metrics.engagements(posts))
        .groupby("account_id")
        .agg(
            e=("e", "sum"),
            reach=("reach", "sum"),
            n=("post_id", "size"),
            platform=("platform", "first"),
        )
    )
    per_account["by_reach"] = per_account["e"] / per_account["reach"]
    per_account["by_followers"] = per_account["e"] / per_account["n"] / followers
    for platform in ["instagram", "facebook"]:
        own = per_account[per_account["platform"] == platform]
        rho = own["by_reach"].rank().corr(own["by_followers"].rank())
        assert rho < 0.8, f"{platform}: the two rankings agree too much (Spearman {rho:.2f})"
        assert own["by_reach"].idxmax() != own["by_followers"].idxmax()


def test_fast_replies_go_with_better_later_sentiment():
    comments = load("comments")
    hours = metrics.response_times(comments["commented_at"], comments["replied_at"])
    first_half = comments["commented_at"].dt.month <= 6
    replies = (
        comments[first_half]
        .assign(hours=hours)
        .groupby("account_id")
        .agg(rate=("replied", "mean"), median_hours=("hours", "median"), n=("comment_id", "size"))
    )
    later = (
        comments[~first_half]
        .groupby("account_id")["sentiment"]
        .agg(lambda s: (s == "negative").mean())
    )
    table = replies.join(later.rename("negative_later")).dropna()
    table = table[table["n"] >= 20]
    ranks = table.rank()  # Spearman correlation = correlation of ranks
    assert ranks["median_hours"].corr(ranks["negative_later"]) > 0.2
    assert ranks["rate"].corr(ranks["negative_later"]) < -0.2


def test_the_format_experiment_is_clear_on_instagram_and_inconclusive_on_telegram():
    x = load("format_experiment")
    # Instagram's arm measured reach, Telegram's views (Telegram reports no reach)
    audience = x["reach"].fillna(x["views"])
    assert x["reach"].isna().sum() == x["views"].notna().sum() == 64
    x["er"] = metrics.engagement_rate_by_reach(metrics.engagements(x), audience)
    rng = np.random.default_rng(0)
    for experiment, clear in [
        ("instagram_reels_vs_static", True),
        ("telegram_video_vs_photo", False),
    ]:
        own = x[x["experiment"] == experiment]
        video, static = (
            own.loc[own["arm"] == "short_video", "er"],
            own.loc[own["arm"] == "static", "er"],
        )
        diff = video.mean() - static.mean()
        boot = [
            rng.choice(video, len(video)).mean() - rng.choice(static, len(static)).mean()
            for _ in range(2000)
        ]
        low, high = np.percentile(boot, [2.5, 97.5])
        assert (low > 0) == clear, (
            f"{experiment}: difference {diff:.2f}, 95% interval {low:.2f} to {high:.2f}"
        )


def test_the_rumour_outruns_official_posts_until_the_first_denial():
    timeline, events = load("crisis_timeline"), load("crisis_events")
    first_denial = events.loc[events["kind"] == "denial", "posted_at"].min()
    before = timeline[timeline["bin_start"] < first_denial]
    assert before["rumour_views"].sum() > 3 * before["official_views"].sum()
    rumour = timeline.set_index("bin_start")["rumour_posts"].rolling(6).sum()
    peak = rumour.idxmax()
    assert (
        first_denial - pd.Timedelta(minutes=40) <= peak <= first_denial + pd.Timedelta(minutes=60)
    )


def test_peer_agencies_that_reply_and_publish_moderation_rules_are_trusted_more():
    peers = load("peer_agencies")
    fast = peers["reply_policy"].isin(["all_within_24h", "all_within_4h"])
    assert peers.loc[fast, "local_trust_pct"].mean() > peers.loc[~fast, "local_trust_pct"].mean()
    deleting = peers["deletes_critical_comments"]
    assert (
        peers.loc[deleting, "local_trust_pct"].mean()
        < peers.loc[~deleting, "local_trust_pct"].mean()
    )
