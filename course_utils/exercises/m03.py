"""Exercise 3 · When and how people respond on Telegram: the tasks."""

from functools import cache

import pandas as pd

from course_utils import audience, load, metrics
from course_utils.tasks import Exercise, Mistake

exercise = Exercise("m03_audience_behaviour")
RATES = ("applause", "conversation", "amplification")
COUNTS = ("likes", "comments", "shares")
MANY = "30%+ speak Russian"
FEW = "under 30%"
LANGUAGES = ["kk", "ru", "both"]


@cache
def _posts_with_er() -> pd.DataFrame:
    """Every post with its engagement rate by views, computed once (a check reads copies)."""
    posts = load("posts")
    posts["er_by_views"] = metrics.engagement_rate_by_impressions(
        metrics.engagements(posts), posts["impressions"]
    )
    return posts


def _posts(platform="telegram"):
    """The posts of `platform` (None: every platform) with their engagement rate by views."""
    posts = _posts_with_er().copy()
    return posts if platform is None else posts[posts["platform"] == platform]


# -- Task 1 -------------------------------------------------------------------------------------


def _slot_er(how="median", platform="telegram"):
    rows = _posts(platform)
    return rows.groupby(audience.time_slot(rows["published_at"]))["er_by_views"].agg(how)


def _slot_er_by_reach():
    """The lesson's ER by reach, on Telegram: no post has a reach, so every median is missing."""
    rows = _posts()
    er = metrics.engagement_rate_by_reach(
        metrics.engagements(rows), rows["reach"].astype("Float64").astype(float)
    )
    return er.groupby(audience.time_slot(rows["published_at"])).median()


def _slot_share():
    rows = _posts()
    return audience.time_slot(rows["published_at"]).value_counts(normalize=True, sort=False) * 100


# -- Task 2 -------------------------------------------------------------------------------------


def _by_hour(platform):
    rows = _posts(platform)
    return rows.groupby(rows["published_at"].dt.hour)["er_by_views"]


def _best_hour(platform):
    return int(_by_hour(platform).median().idxmax())


# -- Task 3 -------------------------------------------------------------------------------------


def _by_topic(platform):
    rows = _posts(platform)
    by_topic = rows.groupby("topic", observed=True).agg(
        posts=("post_id", "count"),
        likes=("likes", "sum"),
        comments=("comments", "sum"),
        shares=("shares", "sum"),
    )
    return rows, by_topic


def _rates(platform, per=None, swapped=False):
    """The three rates per topic; `per` replaces the number of posts of each topic."""
    rows, by_topic = _by_topic(platform)
    posts = by_topic["posts"] if per is None else per(rows)
    table = pd.DataFrame(
        {
            rate: (posts / by_topic[count] if swapped else by_topic[count] / posts)
            for rate, count in zip(RATES, COUNTS, strict=True)
        }
    )
    table.index = table.index.astype(str)
    return table


# -- Task 4 -------------------------------------------------------------------------------------


def _home_language(language="ru", waves=(2025,), weighted=True):
    return _home_language_table(language, tuple(waves), weighted).copy()


@cache
def _home_language_table(language, waves, weighted):
    survey = load("survey")
    rows = survey[survey["wave"].isin(waves)].copy()
    rows["speaks_russian"] = rows["home_language"] == language
    if weighted:
        table = metrics.weighted_shares(rows, ["speaks_russian"], by="region")
    else:
        table = rows.groupby("region", observed=True)[["speaks_russian"]].mean() * 100
    table.index = table.index.astype(str)
    return table[["speaks_russian"]]


# -- Task 5 -------------------------------------------------------------------------------------


def _by_language(how="median", platform="telegram", labels=(MANY, FEW), threshold=30):
    rows = _posts(platform).copy()
    share = _home_language()["speaks_russian"]
    many = rows["akimat_id"].astype(str).map(share) >= threshold
    rows["many_russian"] = many.map({True: labels[0], False: labels[1]})
    table = rows.pivot_table(
        index="many_russian", columns="language", values="er_by_views", aggfunc=how, observed=True
    )
    table.columns = table.columns.astype(str)
    return table[LANGUAGES]


q1 = exercise.task(
    1,
    "telegram_slot_er",
    expected=lambda: _slot_er(),
    mistakes=(
        Mistake(
            lambda: _slot_er("mean"),
            "These are the mean engagement rates of each slot. The task asks for the median: "
            "one viral post pulls a mean up, the median is the typical post. Use .median().",
        ),
        Mistake(
            lambda: _slot_er(platform=None),
            "These are the medians of the posts of every platform. The task asks for Telegram "
            "only: group `telegram`, not `posts`.",
        ),
        Mistake(
            _slot_share,
            "These are the shares of posts published in each slot (how often the akimats post "
            "then), not how well those posts engage. Take the median of the er_by_views column "
            "for each slot.",
        ),
        Mistake(
            _slot_er_by_reach,
            "Every value is missing (NaN): Telegram reports views, not reach, so an engagement "
            "rate by reach cannot be computed for it. Use the er_by_views column, already in "
            "`telegram`.",
        ),
    ),
    hints=(
        "As in the lesson: first add the time slot of each Telegram post as a column with "
        "`audience.time_slot`, then group by that column and take the **median** of "
        "`er_by_views`.",
        '`telegram["time_slot"] = audience.time_slot(telegram["published_at"])`, then '
        '`telegram.groupby("time_slot")[...].median()`.',
    ),
)

q2 = exercise.task(
    2,
    "best_hour",
    expected=_best_hour,
    calls=(("telegram",), ("tiktok",), ("facebook",)),
    grading_calls=(("instagram",), ("youtube",)),
    tolerance=0.001,
    mistakes=(
        Mistake(
            lambda platform: int(_by_hour(platform).median().idxmin()),
            "This is the hour whose posts engage *least*: use .idxmax(), not .idxmin().",
        ),
        Mistake(
            lambda platform: float(_by_hour(platform).median().max()),
            "This is the highest median engagement rate itself, not the hour it belongs to. "
            ".max() gives the largest value; .idxmax() gives its label, here the hour.",
        ),
        Mistake(
            lambda platform: int(_by_hour(platform).mean().idxmax()),
            "The function picks the hour with the highest *mean* engagement rate. The task asks "
            "for the highest median: use .median() after grouping.",
        ),
        Mistake(
            lambda platform: int(_by_hour(platform).size().idxmax()),
            "This is the hour when the most posts are published (a count, or a sum, grows with "
            "the number of posts). The task asks when posts engage most: take the median of "
            "er_by_views for each hour.",
        ),
    ),
    hints=(
        "Inside the function, `rows` holds the posts of that platform and `published_hour` the "
        "hour each was published. Group the rows by `published_hour`, take the median of "
        "`er_by_views` for each hour, then the label (the hour) of the largest one: "
        "`.idxmax()`.",
        '`er_by_hour = rows.groupby(published_hour)["er_by_views"].median()` '
        "gives one median per hour; then `hour = int(...)`, with the label of its largest value "
        "inside the brackets (`int` makes it a plain whole number).",
    ),
)

q3 = exercise.task(
    3,
    "rates_by_topic",
    expected=_rates,
    calls=(("telegram",), ("facebook",)),
    grading_calls=(("tiktok",), ("vk",)),
    mistakes=(
        Mistake(
            lambda platform: _rates(platform, per=lambda rows: 1),
            "These are the totals of likes, comments and shares of each topic. The rates are "
            'per post: divide by the number of posts of the topic, by_topic["posts"].',
        ),
        Mistake(
            lambda platform: _rates(platform, per=len),
            "The rates are divided by the number of posts of the whole platform (len(rows)). "
            'Divide by the number of posts of each topic: by_topic["posts"].',
        ),
        Mistake(
            lambda platform: _rates(platform, swapped=True),
            "These are posts per like (per comment, per share): the division is the wrong way "
            'round. Likes come first: metrics.applause_rate(by_topic["likes"], by_topic["posts"]).',
        ),
    ),
    hints=(
        "Each rate divides one column of `by_topic` by its `posts` column: "
        "`metrics.applause_rate`, `metrics.conversation_rate` and `metrics.amplification_rate` "
        "do it. Put the three together in one table with `pd.DataFrame({...})`, as in the lesson "
        "(section 4).",
        '`rates = pd.DataFrame({"applause": metrics.applause_rate(by_topic["likes"], '
        'by_topic["posts"]), "conversation": ..., "amplification": ...})`.',
    ),
)

q4 = exercise.task(
    4,
    "russian_at_home",
    expected=_home_language,
    percent=True,
    mistakes=(
        Mistake(
            lambda: _home_language(weighted=False),
            "These are unweighted shares: every respondent counted once. The survey "
            "over-represents some groups, so use the survey weights: "
            'metrics.weighted_shares(wave_2025, ["speaks_russian"], by="region").',
        ),
        Mistake(
            lambda: _home_language("kk"),
            "These are the shares who speak *Kazakh* at home (as in the lesson). The task asks "
            'about Russian: compare home_language with "ru".',
        ),
        Mistake(
            lambda: _home_language("Russian"),
            "Every share is 0: no respondent's home_language is spelled like that. The column "
            'holds short codes: "kk", "ru" and "both". Compare with "ru".',
        ),
        Mistake(
            lambda: _home_language(waves=(2019, 2021, 2025)),
            "This mixes all three survey waves. Use the 2025 respondents only: `wave_2025`, "
            "not `survey`.",
        ),
    ),
    hints=(
        "As in the lesson (section 6, step 1), but for Russian: add a yes/no column "
        '`speaks_russian` (True where `home_language` is `"ru"`), then take the weighted '
        "shares of it by region with `metrics.weighted_shares`.",
        '`wave_2025["speaks_russian"] = wave_2025["home_language"] == "ru"`, then '
        '`metrics.weighted_shares(wave_2025, [...], by="region")`.',
    ),
)

q5 = exercise.task(
    5,
    "telegram_by_language",
    expected=_by_language,
    mistakes=(
        Mistake(
            lambda: _by_language("mean"),
            "These are mean engagement rates: pivot_table takes the mean unless you tell it "
            'otherwise. Add aggfunc="median".',
        ),
        Mistake(
            lambda: _by_language(platform=None),
            "These are the medians of the posts of every platform. The task asks for Telegram: "
            "join `russian_at_home` to `telegram`, not to `posts`.",
        ),
        Mistake(
            lambda: _by_language(labels=(FEW, MANY)),
            'The two rows have swapped labels: "30%+ speak Russian" should go where '
            "`speaks_russian >= 30` is True. Check the .map({True: ..., False: ...}).",
        ),
        Mistake(
            lambda: _by_language(threshold=60),
            "The rows split the regions at 60%, as the lesson did for Kazakh. This task splits "
            "them at 30%: `speaks_russian >= 30`.",
        ),
    ),
    hints=(
        "Three steps, as in the lesson (section 6, steps 2 and 3): attach each region's "
        '`speaks_russian` share to the Telegram posts with `.join(..., on="akimat_id")`; turn '
        "`>= 30` into the two labels with `.map({True: ..., False: ...})`; then a "
        "`pivot_table` of the **median** `er_by_views`.",
        '`telegram_lang = telegram.join(russian_at_home, on="akimat_id")`; '
        '`(telegram_lang["speaks_russian"] >= 30).map({True: "30%+ speak Russian", False: '
        '"under 30%"})`; `telegram_lang.pivot_table(index="many_russian", columns=..., '
        "values=..., aggfunc=...)`.",
    ),
)
