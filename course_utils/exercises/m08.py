"""Exercise 8 · Capstone: a brief for Region C: the tasks (Part A; Part B is graded by hand)."""

from functools import cache

from course_utils import load, peers
from course_utils.tasks import Exercise, Mistake

exercise = Exercise("m08_capstone")


def _comments(akimat_id=None):
    comments = load("comments")
    return comments if akimat_id is None else comments[comments["akimat_id"] == akimat_id]


def _complaints(akimat_id=None):
    rows = _comments(akimat_id)
    return rows[rows["category"] == "complaint"]


def _hidden_pct(rows):
    return float(rows["hidden_by_page"].mean() * 100)


@cache
def _six(akimat_id):
    return peers.akimat_profile(akimat_id, load("posts"), load("comments"))


def _profile(akimat_id, six_of=None, hidden=None):
    """The seven measures; `six_of` takes the six from another akimat, `hidden` replaces the
    seventh (each the way a mistake computes it)."""
    profile = _six(six_of or akimat_id).copy()
    profile.name = akimat_id
    if hidden is None:
        hidden = peers.complaints_hidden_pct(_comments(akimat_id))
    profile["complaints_hidden_pct"] = hidden
    return profile


def _region_c_faster(compare):
    hours = _six("region_c")["median_response_hours"]
    return int(compare(load("peer_agencies")["median_response_hours"], hours).sum())


def _by_policy(column="negative_comment_share_pct", how="median"):
    groups = load("peer_agencies").groupby("reply_policy", observed=True)
    if column == "agencies":
        return groups.size().rename("agencies")
    return groups[column].agg(how)


def _gaps(peer_value="median"):
    own = _six("region_c")
    values = load("peer_agencies")[list(peers.PROFILE_MEASURES)]
    return own - values.agg(peer_value)


q1 = exercise.task(
    1,
    "region_c_hidden_pct",
    expected=lambda: _hidden_pct(_complaints("region_c")),
    percent=True,
    mistakes=(
        Mistake(
            lambda: _hidden_pct(_comments("region_c")),
            "This is the share of *all* Region C's comments that the page hid, spam and abuse "
            "included. The task asks about its complaints: keep the rows whose category is "
            '"complaint" first, then average hidden_by_page.',
        ),
        Mistake(
            lambda: _hidden_pct(_complaints()),
            "This is the share for the complaints of *all* akimats. Start from "
            "`region_c_comments` (Region C's comments), not from `comments`.",
        ),
        Mistake(
            lambda: float(_complaints("region_c")["hidden_by_page"].sum()),
            "This is the *number* of hidden complaints (.sum() counts the True values). The task "
            "asks for the share: .mean() (hidden / all complaints), times 100.",
        ),
    ),
    hints=(
        "As in the lesson for Region Q: first keep only Region C's complaints (a filter on "
        "`category`), then take the share of them that were hidden: the average of "
        "`hidden_by_page` (True counts as 1), times 100.",
        '`region_c_complaints = region_c_comments[region_c_comments["category"] == "complaint"]`, '
        'then `region_c_complaints["hidden_by_page"]...`.',
    ),
)

q2 = exercise.task(
    2,
    "akimat_profile",
    expected=lambda akimat_id: _profile(akimat_id),
    calls=(("region_c",), ("region_q",)),
    grading_calls=(("region_j",), ("city_z",), ("region_s",)),
    mistakes=(
        Mistake(
            lambda akimat_id: _profile(akimat_id, hidden=_hidden_pct(_complaints("region_c"))),
            "The function gives Region C's share of hidden complaints for every akimat. For the "
            "seventh measure use `own_comments` (the comments of the akimat the function is "
            "given), not `region_c_comments`.",
        ),
        Mistake(
            lambda akimat_id: _profile(akimat_id, hidden=_hidden_pct(_complaints())),
            "The seventh measure is computed over the complaints of *all* akimats. Use "
            "`own_comments` (the comments of the akimat the function is given), not `comments`.",
        ),
        Mistake(
            lambda akimat_id: _profile(akimat_id, hidden=_hidden_pct(_comments(akimat_id))),
            "complaints_hidden_pct is computed over all the akimat's comments, spam and abuse "
            "included. It should count complaints only: "
            "`peers.complaints_hidden_pct(own_comments)` does.",
        ),
        Mistake(
            lambda akimat_id: _profile(akimat_id, hidden=_hidden_pct(_complaints(akimat_id)) / 100),
            "complaints_hidden_pct is a share between 0 and 1: multiply it by 100 to make it a "
            "percentage like the other measures (or use `peers.complaints_hidden_pct`).",
        ),
        Mistake(
            lambda akimat_id: _profile(akimat_id, six_of="region_q"),
            "The six measures are Region Q's (the lesson's example) for every akimat. Give "
            '`peers.akimat_profile` the `akimat_id` the function is given, not "region_q".',
        ),
        Mistake(
            lambda akimat_id: _profile(akimat_id, six_of="region_c"),
            "The six measures are Region C's for every akimat. Give `peers.akimat_profile` the "
            '`akimat_id` the function is given, not "region_c".',
        ),
    ),
    hints=(
        "`peers.akimat_profile` gives the six measures of the lesson (section 7) for the akimat "
        "the function is given; then add the seventh, `complaints_hidden_pct`, like a new row in "
        "Excel, computed from `own_comments`.",
        "`profile = peers.akimat_profile(akimat_id, posts, comments)`, then "
        '`profile["complaints_hidden_pct"] = peers.complaints_hidden_pct(...)` — `akimat_id` '
        'and `own_comments`, not "region_c".',
    ),
)

q3 = exercise.task(
    3,
    "peers_answering_faster",
    expected=lambda: _region_c_faster(lambda peer, own: peer < own),
    tolerance=0,
    mistakes=(
        Mistake(
            lambda: _region_c_faster(lambda peer, own: peer > own),
            "This counts the peers with a *higher* median_response_hours: the ones that take "
            "longer (what peer_position's peers_higher column counts). Faster means fewer hours: "
            "use <.",
        ),
        Mistake(
            lambda: _region_c_faster(lambda peer, own: peer.fillna(0) < own),
            "This counts the peers that never answer as faster: their empty hours were turned "
            "into 0. Compare the column as it is; an empty value is never smaller.",
        ),
        Mistake(
            lambda: len(load("peer_agencies")),
            "This is the number of all peers: .count() counts every row, True or False. Use "
            ".sum(), which counts only the True ones (like Excel's COUNTIF).",
        ),
    ),
    hints=(
        "Compare the peers' `median_response_hours` column with Region C's number: that gives "
        "True or False for each peer. True counts as 1, so adding them up counts the peers — "
        "like Excel's COUNTIF.",
        '`(peer_agencies["median_response_hours"] < region_c["median_response_hours"])`, then '
        "add `.sum()`.",
    ),
)

q4 = exercise.task(
    4,
    "negative_by_policy",
    expected=lambda: _by_policy(),
    mistakes=(
        Mistake(
            lambda: _by_policy(how="mean"),
            "These are the *mean* shares of each group. The task asks for the median, which one "
            "unusual agency cannot drag: `peers.compare_groups` takes it for you.",
        ),
        Mistake(
            lambda: _by_policy("local_trust_pct"),
            "These are the groups' local trust (local_trust_pct). The task asks for the share "
            "of negative comments: the column negative_comment_share_pct.",
        ),
        Mistake(
            lambda: _by_policy("agencies"),
            "These are the numbers of agencies in each group (the `agencies` column). Pick the "
            'column ["negative_comment_share_pct"] instead.',
        ),
    ),
    hints=(
        "`peers.compare_groups` gives the median of an outcome for each group of peers, as in "
        "the lesson (section 2); you need one column of its result.",
        '`peers.compare_groups(peer_agencies, "reply_policy", ["negative_comment_share_pct"])` '
        'gives a table; add `["negative_comment_share_pct"]` to pick its column.',
    ),
)

q5 = exercise.task(
    5,
    "gaps",
    expected=lambda: _gaps(),
    tolerance=0.02,
    mistakes=(
        Mistake(
            lambda: -_gaps(),
            "Every gap has the wrong sign: this is the peers' median minus Region C. Subtract the "
            'other way round: position["akimat"] - position["peer_median"].',
        ),
        Mistake(
            lambda: _gaps("mean"),
            "These gaps are measured from the peers' *mean*. The task asks for the typical peer, "
            "the median: peer_position's column peer_median.",
        ),
        Mistake(
            lambda: _gaps() / load("peer_agencies")[list(peers.PROFILE_MEASURES)].median() * 100,
            "These gaps are in percent of the peers' median. The task asks for them in the "
            "measure's own units (posts, percentage points, hours): just subtract.",
        ),
    ),
    hints=(
        "`peers.peer_position(region_c, peer_agencies)` gives a table with Region C's value "
        "(`akimat`) and the peers' median (`peer_median`) for each of the six measures (lesson, "
        "section 8). Subtract one column from the other.",
        '`position = peers.peer_position(region_c, peer_agencies)`, then `position["akimat"] - '
        "...`.",
    ),
)
