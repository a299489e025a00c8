"""Learning from peer agencies (module m08): an akimat's profile in the peers' terms, and group
comparisons over the peer table.

The peer table (`load("peer_agencies")`) describes 16 anonymised public bodies by their practices
(posts a week, video share, reply policy, ...) and outcomes (engagement, negative comments, local
trust). To place your own akimat among them, `akimat_profile` computes the same six practice
and outcome measures from the course's `posts` and `comments` tables (or from your own export
with the same columns):

    >>> from course_utils import load, peers
    >>> posts, comments = load("posts"), load("comments")
    >>> profile = peers.akimat_profile("region_q", posts, comments)   # doctest: +SKIP

Every measure returns NaN ("not a number"), never an error, when there is nothing to measure
(no posts, no questions, no replies). Percentages are 0-100.

Not to be confused with `course_utils.synthetic.peers`, the script that generated the peer table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .kpis import smart_target
from .metrics import (
    engagement_rate_by_reach,
    engagements,
    median_response_time,
    negative_share,
    ratio,
    response_rate,
)

VIDEO_FORMATS = ("video", "short_video")
"""Content types that count as video: ordinary video and short vertical video."""

PROFILE_MEASURES = (
    "posts_per_week",
    "video_share_pct",
    "er_by_reach_pct",
    "response_rate_pct",
    "median_response_hours",
    "negative_comment_share_pct",
)
"""The six measures of `akimat_profile`, named as the matching columns of the peer table."""

DAYS_IN_2025 = 365


def posts_per_week(posts: pd.DataFrame, days: float = DAYS_IN_2025) -> float:
    """Posts a week, all platforms together = number of posts / days covered × 7.

    The course data covers 2025 (365 days); give `days` for another period.

    >>> posts_per_week(pd.DataFrame({"post_id": range(730)}))
    14.0
    >>> posts_per_week(pd.DataFrame({"post_id": range(30)}), days=30)
    7.0
    """
    return float(ratio(len(posts), days, 7))


def video_share_pct(posts: pd.DataFrame) -> float:
    """Video share (%) = posts whose content_type is video or short_video / all posts × 100.

    >>> video_share_pct(pd.DataFrame({"content_type": ["video", "photo", "short_video", "text"]}))
    50.0
    """
    is_video = posts["content_type"].astype(str).isin(VIDEO_FORMATS)
    return float(ratio(int(is_video.sum()), len(posts), 100))


def typical_er_by_reach_pct(posts: pd.DataFrame) -> float:
    """ER by reach (%) of the typical post = the median, over posts, of engagements / reach × 100.

    Engagements = likes + comments + shares + saves. The median, not the total or the mean, so
    that a few viral posts do not decide the figure. Posts with zero or no reach (Telegram
    reports views only) are left out.

    >>> typical_er_by_reach_pct(pd.DataFrame({"reach": [100, 100, 100], "likes": [1, 2, 30],
    ...                                       "comments": [0, 0, 0], "shares": [0, 0, 0]}))
    2.0
    """
    per_post = engagement_rate_by_reach(engagements(posts), posts["reach"]).dropna()
    return float(per_post.median()) if len(per_post) else float("nan")


def _questions(comments: pd.DataFrame) -> pd.DataFrame:
    return comments[comments["category"].astype(str) == "question"]


def question_response_rate_pct(comments: pd.DataFrame) -> float:
    """Response rate (%) = questions the press service replied to / questions asked × 100.

    Only comments whose category is "question" count, as in the peer table ("share of citizen
    questions answered").

    >>> question_response_rate_pct(pd.DataFrame({"category": ["question", "question", "praise"],
    ...                                          "replied": [True, False, False]}))
    50.0
    """
    return float(response_rate(_questions(comments)["replied"]))


def question_median_response_hours(comments: pd.DataFrame) -> float:
    """Median hours from a question to its reply, over the questions that got one (NaN if none).

    >>> t = pd.to_datetime(pd.Series(["2025-01-01 09:00"] * 3))
    >>> r = pd.to_datetime(pd.Series(["2025-01-01 11:00", "2025-01-01 13:00", None]))
    >>> question_median_response_hours(pd.DataFrame({"category": ["question"] * 3,
    ...                                              "commented_at": t, "replied_at": r}))
    3.0
    """
    questions = _questions(comments)
    return median_response_time(questions["commented_at"], questions["replied_at"])


def negative_comment_share_pct(comments: pd.DataFrame) -> float:
    """Share of negative comments (%) = comments with sentiment "negative" / all comments × 100.

    >>> negative_comment_share_pct(pd.DataFrame({"sentiment": ["negative", "neutral", "positive", "negative"]}))
    50.0
    """
    return float(negative_share(comments["sentiment"]))


def complaints_hidden_pct(comments: pd.DataFrame) -> float:
    """Complaints hidden (%) = complaints the page hid or deleted / all complaints × 100.

    The nearest the course data comes to the peers' `deletes_critical_comments`: hiding abuse
    and spam is moderation, hiding complaints is hiding criticism.

    >>> complaints_hidden_pct(pd.DataFrame({"category": ["complaint", "complaint", "abuse_spam"],
    ...                                     "hidden_by_page": [True, False, True]}))
    50.0
    """
    complaints = comments[comments["category"].astype(str) == "complaint"]
    return float(ratio(int(complaints["hidden_by_page"].sum()), len(complaints), 100))


def akimat_profile(
    akimat_id: str, posts: pd.DataFrame, comments: pd.DataFrame, days: float = DAYS_IN_2025
) -> pd.Series:
    """One akimat's six measures in the peers' terms, as a Series named after the akimat.

    posts_per_week, video_share_pct and er_by_reach_pct (typical post) come from `posts`;
    response_rate_pct and median_response_hours (questions only) and negative_comment_share_pct
    from `comments`. Both tables are filtered on their `akimat_id` column. An unknown akimat
    raises a ValueError that lists the known ones.
    """
    known = sorted(set(posts["akimat_id"].astype(str)))
    if akimat_id not in known:
        raise ValueError(f"No posts for akimat {akimat_id!r}. Known akimats: {', '.join(known)}.")
    own_posts = posts[posts["akimat_id"].astype(str) == akimat_id]
    own_comments = comments[comments["akimat_id"].astype(str) == akimat_id]
    values = [
        posts_per_week(own_posts, days),
        video_share_pct(own_posts),
        typical_er_by_reach_pct(own_posts),
        question_response_rate_pct(own_comments),
        question_median_response_hours(own_comments),
        negative_comment_share_pct(own_comments),
    ]
    return pd.Series(values, index=list(PROFILE_MEASURES), name=akimat_id, dtype="float64")


def with_peers(peers: pd.DataFrame, profile: pd.Series, label: str) -> pd.DataFrame:
    """The peers' profile columns, one row per agency (indexed by name), plus a row for `label`.

    Use it to draw your akimat among the peers:
    `plots.bar_comparison(with_peers(peer_agencies, profile, "Region Q")["response_rate_pct"],
    highlight="Region Q", ...)`.

    >>> peers = pd.DataFrame({"agency": ["Agency A"], "posts_per_week": [10.0]})
    >>> with_peers(peers, pd.Series({"posts_per_week": 30.0}), "Ours")  # doctest: +NORMALIZE_WHITESPACE
              posts_per_week
    Agency A            10.0
    Ours                30.0
    """
    columns = [c for c in profile.index if c in peers.columns]
    table = peers.set_index("agency")[columns].astype("float64")
    own = pd.DataFrame(
        [profile[columns].astype("float64").to_numpy()], columns=columns, index=[label]
    )
    combined = pd.concat([table, own])
    combined.index.name = None
    return combined


def peer_position(profile: pd.Series, peers: pd.DataFrame) -> pd.DataFrame:
    """Where an akimat stands on each measure: its value, the peers' median, lowest and highest,
    and how many peers have a higher value (`peers_higher`, out of those with a value).
    Measures the peer table does not have (such as complaints_hidden_pct) are left out.

    `peers_higher` counts like Excel's COUNTIF(range, ">" & value): 0 means no peer is higher.
    Whether higher is better depends on the measure (not for negative comments or hours).

    >>> peers = pd.DataFrame({"response_rate_pct": [10.0, 50.0, 90.0]})
    >>> peer_position(pd.Series({"response_rate_pct": 60.0}), peers)  # doctest: +NORMALIZE_WHITESPACE
                       akimat  peer_median  peer_lowest  peer_highest  peers_higher
    response_rate_pct    60.0         50.0         10.0          90.0             1
    """
    rows = {}
    for measure in profile.index:
        if measure not in peers.columns:
            continue
        values = peers[measure].astype("float64").dropna()
        rows[measure] = {
            "akimat": float(profile[measure]),
            "peer_median": float(values.median()),
            "peer_lowest": float(values.min()),
            "peer_highest": float(values.max()),
            "peers_higher": int((values > profile[measure]).sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


# For the brief's targets: each measure and whether higher is better.
BRIEF_MEASURES = {
    "response_rate_pct": True,
    "median_response_hours": False,
    "negative_comment_share_pct": False,
    "video_share_pct": True,
}


def brief_targets(profile: pd.Series, peers: pd.DataFrame, gap_closed: float = 0.5) -> pd.DataFrame:
    """Targets for a brief by the course rule (docs/course_rules.md), as module 7 sets them.

    For each measure the comparison is the peers' top quarter: the 75th percentile where higher
    is better, the 25th where lower is better (response time, negative comments), as
    `kpis.benchmarks` does for the akimats. The target closes `gap_closed` of the gap in a year
    (`kpis.smart_target`), or holds the level where the akimat is already in the top quarter.
    A brief may aim faster only with a stated reason. One row per measure: `now`,
    `top_quarter`, `target_in_a_year`.

    >>> peers = pd.DataFrame({"response_rate_pct": [0.0, 20.0, 60.0, 100.0]})
    >>> brief_targets(pd.Series({"response_rate_pct": 30.0}), peers)  # doctest: +NORMALIZE_WHITESPACE
                        now  top_quarter  target_in_a_year
    response_rate_pct  30.0         70.0              50.0
    """
    rows = {}
    for measure, higher_is_better in BRIEF_MEASURES.items():
        if measure not in profile.index or measure not in peers.columns:
            continue
        best = float(peers[measure].astype("float64").quantile(0.75 if higher_is_better else 0.25))
        now = float(profile[measure])
        target = smart_target(now, best, higher_is_better=higher_is_better, gap_closed=gap_closed)
        rows[measure] = {"now": now, "top_quarter": best, "target_in_a_year": target}
    return pd.DataFrame.from_dict(rows, orient="index")


def compare_groups(peers: pd.DataFrame, by: str, outcomes: Sequence[str]) -> pd.DataFrame:
    """Median of each outcome for each group of agencies, and how many agencies are in the group.

    Medians, because with a handful of agencies per group one unusual agency would move a mean.
    Groups keep their order (an ordered category such as reply_policy stays in its order).

    >>> peers = pd.DataFrame({"rules": [True, True, False], "trust": [40.0, 50.0, 20.0]})
    >>> compare_groups(peers, "rules", ["trust"])  # doctest: +NORMALIZE_WHITESPACE
           trust  agencies
    rules
    False   20.0         1
    True    45.0         2
    """
    groups = peers.groupby(by, observed=True)
    table = groups[list(outcomes)].median()
    table["agencies"] = groups.size()
    return table


def labels_with_counts(table: pd.DataFrame) -> list[str]:
    """Chart labels for the rows of a `compare_groups` table: the group and its size.

    Underscores become spaces, so "all_within_4h" with 3 agencies reads "all within 4h (3 agencies)".

    >>> table = pd.DataFrame({"agencies": [1, 3]}, index=["all_within_24h", "all_within_4h"])
    >>> labels_with_counts(table)
    ['all within 24h (1 agency)', 'all within 4h (3 agencies)']
    """
    return [
        f"{str(group).replace('_', ' ')} ({n} {'agency' if n == 1 else 'agencies'})"
        for group, n in table["agencies"].items()
    ]


REPLIES_AND_RULES = ("neither", "one of the two", "both")


def replies_and_rules(peers: pd.DataFrame) -> pd.Series:
    """Each agency's group: does it answer *all* questions (reply policy all_within_24h or
    all_within_4h) and publish moderation rules? "both", "one of the two" or "neither"
    (an ordered category).

    >>> peers = pd.DataFrame({"reply_policy": ["all_within_4h", "none", "all_within_24h"],
    ...                       "published_moderation_policy": [True, True, False]})
    >>> replies_and_rules(peers).tolist()
    ['both', 'one of the two', 'one of the two']
    """
    replies_all = peers["reply_policy"].astype(str).isin(["all_within_24h", "all_within_4h"])
    rules = peers["published_moderation_policy"].astype(bool)
    count = replies_all.astype(int) + rules.astype(int)
    labels = np.array(REPLIES_AND_RULES, dtype=object)[count.to_numpy()]
    dtype = pd.CategoricalDtype(REPLIES_AND_RULES, ordered=True)
    return pd.Series(labels, index=peers.index, name="replies_and_rules").astype(dtype)
