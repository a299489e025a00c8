"""m00_getting_started: each claim the lesson states about the data, recomputed from it.

If the data stops supporting a sentence of notebooks/m00_getting_started.ipynb (the chart title,
the "What to notice", or a line of the introduction), the test named for that sentence fails.
The lesson quotes no outside survey, study or benchmark.
"""

import pandas as pd
import pytest

from course_utils import load

DAYS_IN_2025 = (pd.Timestamp("2026-01-01") - pd.Timestamp("2025-01-01")).days


@pytest.fixture(scope="module")
def posts():
    return load("posts")


@pytest.fixture(scope="module")
def instagram(posts):
    return posts[posts["platform"] == "instagram"]


@pytest.fixture(scope="module")
def region_q(posts):
    """The lesson's filter: the Region Q akimat's Instagram posts."""
    return posts[(posts["akimat_id"] == "region_q") & (posts["platform"] == "instagram")]


@pytest.fixture(scope="module")
def median_reach(region_q):
    """The number the lesson's chart plots: median reach of each content type."""
    return region_q.groupby("content_type", observed=True)["reach"].median()


# Introduction and "What is real here, what is invented" ----------------------------------------


def test_m00_posts_holds_every_post_of_the_20_akimats_accounts_in_2025(posts):
    assert posts["akimat_id"].nunique() == 20
    assert (posts["published_at"].dt.year == 2025).all()


def test_m00_built_in_short_videos_get_more_reach_on_instagram(instagram):
    medians = instagram.groupby("content_type", observed=True)["reach"].median()
    assert medians.idxmax() == "short_video"
    assert (medians.drop("short_video") < medians["short_video"]).all()


def test_m00_built_in_an_instagram_account_posts_about_once_a_day(instagram):
    per_day = instagram.groupby("account_id").size() / DAYS_IN_2025
    assert len(per_day) == 20
    assert round(per_day.median()) == 1


# 3. Filter ---------------------------------------------------------------------------------------


def test_m00_region_q_published_340_instagram_posts_in_2025_about_one_a_day(region_q):
    # "that many": the 340 the cell above the sentence shows
    assert len(region_q) == 340
    assert (region_q["published_at"].dt.year == 2025).all()
    assert round(len(region_q) / DAYS_IN_2025) == 1


# 4. Sort -----------------------------------------------------------------------------------------


def test_m00_most_of_the_five_region_q_posts_that_reached_the_most_people_are_short_videos(
    region_q,
):
    top = region_q.sort_values("reach", ascending=False).head(5)
    assert (top["content_type"] == "short_video").sum() > len(top) / 2


# 5. One chart ------------------------------------------------------------------------------------


def test_m00_chart_title_region_q_on_instagram_short_videos_reach_the_most_people(median_reach):
    assert median_reach.idxmax() == "short_video"


def test_m00_a_typical_short_video_reached_clearly_more_people_than_a_typical_photo_or_carousel(
    median_reach,
):
    # "clearly more": a quarter more at least (the data: about half as many again)
    for other in ("photo", "carousel"):
        assert median_reach["short_video"] >= 1.25 * median_reach[other], other
