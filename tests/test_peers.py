"""course_utils.peers: an akimat's profile in the peers' terms, checked on small hand-made tables."""

import math
import warnings

import pandas as pd
import pytest

from course_utils import load, peers


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _t(text):
    return pd.Timestamp(text, tz="Asia/Almaty")


@pytest.fixture
def posts():
    """Two akimats: 'north' with 4 posts (2 of them video), 'south' with 1 photo."""
    return pd.DataFrame(
        {
            "akimat_id": ["north", "north", "north", "north", "south"],
            "content_type": ["short_video", "photo", "video", "text", "photo"],
            "reach": [100, 200, 400, 0, 50],
            "likes": [5, 2, 10, 1, 1],
            "comments": [1, 0, 2, 0, 0],
            "shares": [0, 0, 4, 0, 0],
            "saves": pd.array([4, None, 4, None, None], dtype="Int64"),
        }
    )


@pytest.fixture
def comments():
    """'north': 3 questions (2 answered, after 2 h and 6 h), 2 complaints (1 hidden), 1 praise."""
    asked = _t("2025-03-03 09:00")
    return pd.DataFrame(
        {
            "akimat_id": ["north"] * 6 + ["south"],
            "category": [
                "question",
                "question",
                "question",
                "complaint",
                "complaint",
                "praise",
                "question",
            ],
            "sentiment": [
                "neutral",
                "negative",
                "negative",
                "negative",
                "negative",
                "positive",
                "neutral",
            ],
            "commented_at": [asked] * 7,
            "replied_at": [
                _t("2025-03-03 11:00"),
                _t("2025-03-03 15:00"),
                pd.NaT,
                pd.NaT,
                _t("2025-03-03 10:00"),
                pd.NaT,
                pd.NaT,
            ],
            "replied": [True, True, False, False, True, False, False],
            "hidden_by_page": [False, False, False, True, False, False, False],
        }
    )


@pytest.fixture
def peer_table():
    return pd.DataFrame(
        {
            "agency": ["Agency A", "Agency B", "Agency C", "Agency D"],
            "reply_policy": pd.Categorical(
                ["none", "all_within_4h", "all_within_24h", "selected_questions"],
                categories=["none", "selected_questions", "all_within_24h", "all_within_4h"],
                ordered=True,
            ),
            "published_moderation_policy": [True, True, False, False],
            "posts_per_week": [10.0, 20.0, 5.0, 7.0],
            "response_rate_pct": [0.0, 95.0, 70.0, 20.0],
            "median_response_hours": [float("nan"), 2.0, 8.0, 30.0],
            "local_trust_pct": [20.0, 44.0, 40.0, 30.0],
        }
    )


# the measures -------------------------------------------------------------------------------


def test_posts_per_week_is_posts_over_days_times_seven(posts):
    assert peers.posts_per_week(posts) == pytest.approx(5 / 365 * 7)
    assert peers.posts_per_week(posts, days=35) == pytest.approx(1.0)


def test_video_share_counts_video_and_short_video(posts):
    north = posts[posts["akimat_id"] == "north"]
    assert peers.video_share_pct(north) == pytest.approx(50.0)


def test_video_share_works_on_a_categorical_column(posts):
    north = posts[posts["akimat_id"] == "north"].astype({"content_type": "category"})
    assert peers.video_share_pct(north) == pytest.approx(50.0)


def test_typical_er_is_the_median_post_and_ignores_posts_with_no_reach(posts):
    north = posts[posts["akimat_id"] == "north"]
    # per post: (5+1+0+4)/100 = 10%, (2+0+0)/200 = 1%, (10+2+4+4)/400 = 5%; the zero-reach post is left out
    assert peers.typical_er_by_reach_pct(north) == pytest.approx(5.0)


def test_typical_er_of_no_posts_is_nan(posts):
    assert math.isnan(peers.typical_er_by_reach_pct(posts.iloc[0:0]))


def test_response_rate_counts_questions_only(comments):
    north = comments[comments["akimat_id"] == "north"]
    # 2 of 3 questions answered; the answered complaint does not count
    assert peers.question_response_rate_pct(north) == pytest.approx(200 / 3)


def test_median_response_hours_over_answered_questions(comments):
    north = comments[comments["akimat_id"] == "north"]
    # questions answered after 2 h and 6 h; the complaint answered after 1 h does not count
    assert peers.question_median_response_hours(north) == pytest.approx(4.0)


def test_response_figures_are_nan_without_questions_or_replies(comments):
    south = comments[comments["akimat_id"] == "south"]
    assert peers.question_response_rate_pct(south) == 0.0
    assert math.isnan(peers.question_median_response_hours(south))
    praise = comments[comments["category"] == "praise"]
    assert math.isnan(peers.question_response_rate_pct(praise))


def test_negative_share_over_all_comments(comments):
    north = comments[comments["akimat_id"] == "north"]
    assert peers.negative_comment_share_pct(north) == pytest.approx(4 / 6 * 100)


def test_complaints_hidden_over_complaints_only(comments):
    assert peers.complaints_hidden_pct(comments) == pytest.approx(50.0)


# the profile ----------------------------------------------------------------------------------


def test_akimat_profile_has_the_six_measures_named_as_the_peer_columns(posts, comments):
    profile = peers.akimat_profile("north", posts, comments, days=7)
    assert list(profile.index) == list(peers.PROFILE_MEASURES)
    assert profile.name == "north"
    expected = [4.0, 50.0, 5.0, 200 / 3, 4.0, 4 / 6 * 100]
    assert profile.tolist() == pytest.approx(expected)


def test_akimat_profile_uses_only_the_akimats_own_rows(posts, comments):
    south = peers.akimat_profile("south", posts, comments, days=7)
    assert south["posts_per_week"] == pytest.approx(1.0)
    assert south["video_share_pct"] == 0.0
    assert south["response_rate_pct"] == 0.0


def test_akimat_profile_names_the_known_akimats_for_an_unknown_one(posts, comments):
    with pytest.raises(ValueError, match="Known akimats: north, south"):
        peers.akimat_profile("west", posts, comments)


def test_akimat_profile_matches_a_plain_pandas_recomputation_on_the_course_data():
    posts, comments = load("posts"), load("comments")
    profile = peers.akimat_profile("region_k", posts, comments)
    p = posts[posts["akimat_id"] == "region_k"]
    q = comments[(comments["akimat_id"] == "region_k") & (comments["category"] == "question")]
    assert profile["posts_per_week"] == pytest.approx(len(p) / 52.142857, rel=1e-4)
    assert profile["response_rate_pct"] == pytest.approx(q["replied"].mean() * 100)


# placing an akimat among the peers -------------------------------------------------------------


def test_with_peers_adds_the_akimat_as_a_last_row_under_its_label(peer_table):
    profile = pd.Series({"posts_per_week": 30.0, "response_rate_pct": 50.0, "not_in_peers": 1.0})
    table = peers.with_peers(peer_table, profile, "Ours")
    assert list(table.columns) == ["posts_per_week", "response_rate_pct"]
    assert list(table.index) == ["Agency A", "Agency B", "Agency C", "Agency D", "Ours"]
    assert table.loc["Ours"].tolist() == [30.0, 50.0]


def test_peer_position_counts_higher_peers_and_ignores_missing_values(peer_table):
    profile = pd.Series(
        {"response_rate_pct": 50.0, "median_response_hours": 5.0, "complaints_hidden_pct": 3.0}
    )
    position = peers.peer_position(profile, peer_table)
    assert list(position.index) == ["response_rate_pct", "median_response_hours"]
    assert position.loc["response_rate_pct"].tolist() == [50.0, 45.0, 0.0, 95.0, 2]
    # the agency that never answers (NaN) is neither higher nor part of the median
    assert position.loc["median_response_hours"].tolist() == [5.0, 8.0, 2.0, 30.0, 2]


# comparing groups ---------------------------------------------------------------------------------


def test_compare_groups_gives_medians_and_counts_in_the_category_order(peer_table):
    table = peers.compare_groups(peer_table, "reply_policy", ["local_trust_pct"])
    assert list(table.index) == ["none", "selected_questions", "all_within_24h", "all_within_4h"]
    assert table["local_trust_pct"].tolist() == [20.0, 30.0, 40.0, 44.0]
    assert table["agencies"].tolist() == [1, 1, 1, 1]


def test_compare_groups_takes_the_median_not_the_mean(peer_table):
    table = peers.compare_groups(peer_table, "published_moderation_policy", ["posts_per_week"])
    assert table.loc[False, "posts_per_week"] == 6.0
    assert table.loc[True, "posts_per_week"] == 15.0


def test_labels_with_counts_say_agency_or_agencies(peer_table):
    table = peers.compare_groups(
        peer_table.assign(big=[True, True, False, True]), "big", ["local_trust_pct"]
    )
    assert peers.labels_with_counts(table) == ["False (1 agency)", "True (3 agencies)"]


def test_replies_and_rules_groups_both_one_or_neither(peer_table):
    groups = peers.replies_and_rules(peer_table)
    # A: rules only; B: all within 4 h + rules; C: all within 24 h only; D: neither
    assert groups.tolist() == ["one of the two", "both", "one of the two", "neither"]
    assert list(groups.cat.categories) == ["neither", "one of the two", "both"]
    assert groups.cat.ordered


def test_brief_targets_close_half_the_gap_to_the_peers_top_quarter_or_hold():
    table = pd.DataFrame(
        {
            "response_rate_pct": [0.0, 20.0, 80.0, 100.0],
            "median_response_hours": [None, 30.0, 10.0, 2.0],
            "negative_comment_share_pct": [40.0, 30.0, 20.0, 10.0],
            "video_share_pct": [10.0, 20.0, 30.0, 40.0],
        }
    )
    profile = pd.Series(
        {
            "response_rate_pct": 50.0,
            "median_response_hours": 20.0,
            "negative_comment_share_pct": 50.0,
            "video_share_pct": 60.0,
        }
    )
    targets = peers.brief_targets(profile, table)
    assert targets.loc["response_rate_pct", "top_quarter"] == 85  # 75th percentile
    assert targets.loc["response_rate_pct", "target_in_a_year"] == 67.5
    assert targets.loc["median_response_hours", "top_quarter"] == 6  # 25th percentile: lower
    assert targets.loc["median_response_hours", "target_in_a_year"] == 13
    assert targets.loc["negative_comment_share_pct", "top_quarter"] == 17.5
    assert targets.loc["negative_comment_share_pct", "target_in_a_year"] == 33.75
    # already better than the top quarter: hold the level
    assert targets.loc["video_share_pct", "target_in_a_year"] == 60
