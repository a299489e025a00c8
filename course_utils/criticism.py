"""Listening and responding to criticism: triage of citizen comments and response statistics.

The triage follows the US Air Force's web-posting response assessment, the flow many public
bodies adapted for social media. A comment is first sorted by who is writing and why, and the
answer follows from that:

=================  ==============================================  ==========================
assessment         which comments                                  recommended action
=================  ==============================================  ==========================
troll              abuse and spam                                  monitor
rager              complaints written in a hostile tone            monitor
misguided          misinformation                                  fix the facts
unhappy citizen    polite or neutral complaints; negative          rectify
                   questions and suggestions
enquirer           other questions and suggestions                 answer
positive           praise; positive suggestions                    let stand or concur
=================  ==============================================  ==========================

"enquirer" is this course's addition: the Air Force flow was written for blog posts about the
service, while most comments on an akimat's own page are plain questions that need an answer.

Every function takes the `comments` table of `course_utils.load("comments")` (or a slice of it)
and returns a new table; nothing is changed in place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import metrics

ASSESSMENTS: tuple[str, ...] = (
    "troll",
    "rager",
    "misguided",
    "unhappy citizen",
    "enquirer",
    "positive",
)

ACTIONS: dict[str, str] = {
    "troll": "monitor",
    "rager": "monitor",
    "misguided": "fix the facts",
    "unhappy citizen": "rectify",
    "enquirer": "answer",
    "positive": "let stand or concur",
}

_RECOGNISE: dict[str, str] = {
    "troll": "abuse or spam: insults, 'the circus again', loan and 'earn fast' adverts",
    "rager": "a complaint in a hostile tone: shouting, 'shame on you'",
    "misguided": "states something false as a fact: a rumour, a misread decision",
    "unhappy citizen": "a real problem, said politely or neutrally: no hot water, a pothole, a queue",
    "enquirer": "a plain question or idea: a deadline, a bus route, a cycle lane",
    "positive": "thanks, praise, a friendly suggestion",
}

_WHAT_TO_DO: dict[str, str] = {
    "troll": "Do not engage. Hide only what breaks the published rules (abuse, spam, personal data).",
    "rager": "Do not argue. If a real problem is behind the anger, reply once, calmly, with the next step.",
    "misguided": "Correct the facts politely, with a source or a link, and quickly.",
    "unhappy citizen": "Acknowledge, say what will be done, by whom and when, and follow up.",
    "enquirer": "Answer with the fact, the link or whom to contact.",
    "positive": "Let it stand or thank the person; add a useful detail if there is one.",
}

NEGATIVE_CATEGORIES = ("question", "suggestion")


def assessment_flow() -> pd.DataFrame:
    """The response assessment as a table: how to recognise each kind of comment and what to do.

    One row per assessment (troll, rager, misguided, unhappy citizen, enquirer, positive), with
    the columns `recognise it by`, `action` and `what to do`.
    """
    return pd.DataFrame(
        {
            "recognise it by": [_RECOGNISE[a] for a in ASSESSMENTS],
            "action": [ACTIONS[a] for a in ASSESSMENTS],
            "what to do": [_WHAT_TO_DO[a] for a in ASSESSMENTS],
        },
        index=pd.Index(ASSESSMENTS, name="assessment"),
    )


def triage(comments: pd.DataFrame) -> pd.DataFrame:
    """Add an `assessment` and a recommended `action` to every comment.

    Needs the columns `category`, `tone` and `sentiment`. The first rule that fits wins:

    1. category abuse_spam                               → troll, monitor
    2. category complaint with a hostile tone            → rager, monitor
    3. category misinformation                           → misguided, fix the facts
    4. other complaints; negative questions/suggestions  → unhappy citizen, rectify
    5. praise; positive suggestions                      → positive, let stand or concur
    6. everything else (questions, neutral suggestions)  → enquirer, answer

    `assessment` is an ordered category (in the order above: troll first), so counts list every
    assessment, even one with no comments.

    >>> small = pd.DataFrame({
    ...     "category": ["abuse_spam", "complaint", "complaint", "question", "praise"],
    ...     "tone": ["neutral", "hostile", "polite", "polite", "polite"],
    ...     "sentiment": ["negative", "negative", "negative", "neutral", "positive"],
    ... })
    >>> triage(small)["assessment"].tolist()
    ['troll', 'rager', 'unhappy citizen', 'enquirer', 'positive']
    >>> triage(small)["action"].tolist()
    ['monitor', 'monitor', 'rectify', 'answer', 'let stand or concur']
    """
    missing = [c for c in ("category", "tone", "sentiment") if c not in comments]
    if missing:
        raise KeyError(
            f"triage needs the columns category, tone and sentiment; {missing} missing. "
            'Use the table from load("comments").'
        )
    category = comments["category"].astype(str)
    tone = comments["tone"].astype(str)
    sentiment = comments["sentiment"].astype(str)
    rules = [
        category == "abuse_spam",
        (category == "complaint") & (tone == "hostile"),
        category == "misinformation",
        (category == "complaint")
        | (category.isin(NEGATIVE_CATEGORIES) & (sentiment == "negative")),
        (category == "praise") | ((category == "suggestion") & (sentiment == "positive")),
    ]
    labels = ["troll", "rager", "misguided", "unhappy citizen", "positive"]
    chosen = np.select(rules, labels, default="enquirer")
    out = comments.copy()
    out["assessment"] = pd.Categorical(chosen, categories=ASSESSMENTS, ordered=True)
    out["action"] = out["assessment"].map(ACTIONS).astype(str)
    return out


def response_table(comments: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Response statistics per group (akimat, platform, account ...): one row per group.

    Columns:
    - `comments`: comments in the group;
    - `replied`: comments the press service replied to;
    - `response_rate_pct` = replied / comments × 100 (`metrics.response_rate`);
    - `median_response_hours`: median hours from comment to reply, over the replied comments
      (`metrics.median_response_time`; NaN if there was no reply);
    - `negative_pct`: share of negative comments (%).

    >>> t = pd.to_datetime(pd.Series(["2025-03-03 09:00"] * 3))
    >>> small = pd.DataFrame({
    ...     "platform": ["telegram", "telegram", "tiktok"],
    ...     "commented_at": t,
    ...     "replied": [True, False, True],
    ...     "replied_at": pd.to_datetime(pd.Series(["2025-03-03 11:00", None, "2025-03-03 13:00"])),
    ...     "sentiment": ["negative", "neutral", "neutral"],
    ... })
    >>> table = response_table(small, by="platform")
    >>> table["comments"].tolist(), table["response_rate_pct"].tolist()
    ([2, 1], [50.0, 100.0])
    >>> table["median_response_hours"].tolist(), table["negative_pct"].tolist()
    ([2.0, 4.0], [50.0, 0.0])
    """
    rows = []
    keys = []
    for key, group in comments.groupby(by, observed=True, sort=True):
        keys.append(key)
        rows.append(
            {
                "comments": len(group),
                "replied": int(group["replied"].sum()),
                "response_rate_pct": metrics.response_rate(group["replied"]),
                "median_response_hours": metrics.median_response_time(
                    group["commented_at"], group["replied_at"]
                ),
                "negative_pct": negative_share(group["sentiment"]),
            }
        )
    columns = [
        "comments",
        "replied",
        "response_rate_pct",
        "median_response_hours",
        "negative_pct",
    ]
    if isinstance(by, list) and len(by) > 1:
        index = pd.MultiIndex.from_tuples(keys, names=by)
    else:
        name = by[0] if isinstance(by, list) else by
        index = pd.Index([k[0] if isinstance(k, tuple) else k for k in keys], name=name)
    return pd.DataFrame(rows, index=index, columns=columns)


def before_after(
    comments: pd.DataFrame,
    split: str = "2025-07-01",
    by: str = "account_id",
    min_comments: int = 15,
) -> pd.DataFrame:
    """Each group's response statistics before and after a date, side by side.

    The columns of `response_table` appear twice, with the suffix `_before` (comments written
    before `split`) and `_after` (from `split` on). Only groups with at least `min_comments`
    comments in **both** periods are kept: a rate computed from a handful of comments is mostly
    noise.

    The default split, 1 July 2025, compares January-June with July-December.

    >>> t = pd.to_datetime(pd.Series(["2025-02-01 10:00", "2025-02-02 10:00", "2025-08-01 10:00",
    ...                                "2025-08-02 10:00"])).dt.tz_localize("Asia/Almaty")
    >>> small = pd.DataFrame({"account_id": ["a"] * 4, "commented_at": t,
    ...     "replied": [True, False, False, False], "replied_at": t.where([True, False, False, False]),
    ...     "sentiment": ["neutral", "neutral", "negative", "neutral"]})
    >>> before_after(small, min_comments=2)[["response_rate_pct_before", "negative_pct_after"]]
    ... # doctest: +NORMALIZE_WHITESPACE
                response_rate_pct_before  negative_pct_after
    account_id
    a                               50.0                50.0
    """
    when = pd.Timestamp(split)
    times = comments["commented_at"]
    if times.dt.tz is not None and when.tzinfo is None:
        when = when.tz_localize(times.dt.tz)
    early = response_table(comments[times < when], by=by).add_suffix("_before")
    late = response_table(comments[times >= when], by=by).add_suffix("_after")
    both = early.join(late, how="inner")
    keep = (both["comments_before"] >= min_comments) & (both["comments_after"] >= min_comments)
    return both[keep]


# Spearman's rank correlation and the share of negative comments are course-wide metrics;
# the criticism module offers them under the names its lesson uses.
spearman = metrics.rank_correlation
negative_share = metrics.negative_share
