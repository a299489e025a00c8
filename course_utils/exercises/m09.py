"""Exercise 9 · Your own channel: the sample akimat's exports: the tasks.

The right answers are computed from the sample exports as the exercise imports them
(`own_channel.import_folder(own_channel.sample_exports())`). The import takes seconds, so it runs
once, when a check first needs it, and each answer gets a fresh copy of its tables.
"""

from functools import cache

import pandas as pd

from course_utils import audience, metrics
from course_utils.i18n import translator
from course_utils.tasks import Exercise, Mistake

_ = translator("m09")
exercise = Exercise("m09_your_channel")
MEASURES = ["reach", "impressions", "likes", "comments", "shares"]


@cache
def _sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    from course_utils import own_channel  # imported here: it brings matplotlib along

    result = own_channel.import_folder(own_channel.sample_exports())
    return result["posts"], result["comments"]


def _posts() -> pd.DataFrame:
    return _sample()[0].copy()


def _comments() -> pd.DataFrame:
    return _sample()[1].copy()


def _own(platform: str) -> pd.DataFrame:
    posts = _posts()
    return posts[posts["platform"] == platform]


# -- Task 1 ------------------------------------------------------------------------------------


def _measured(how="count"):
    posts = _posts()
    if how == "filled":  # every empty cell filled with 0 first
        return posts[MEASURES].fillna(0).groupby(posts["platform"]).count()
    if how == "above 0":
        return (posts[MEASURES] > 0).groupby(posts["platform"]).sum()
    return posts.groupby("platform")[MEASURES].agg(how)


q1 = exercise.task(
    1,
    "measured",
    expected=_measured,
    mistakes=(
        Mistake(
            lambda: _measured("sum"),
            "These numbers add up the values (all the likes, all the reach, ...); the task asks "
            "how many posts have a value. Use .count(), not .sum().",
        ),
        Mistake(
            lambda: _posts().groupby("platform")[MEASURES].size(),
            "This is one number per platform: .size() counts all its posts, whether a cell is "
            "empty or not. Use .count(): it counts, in each column, the posts that have a value.",
        ),
        Mistake(
            lambda: _measured("filled"),
            "Every column counts all the posts of the platform: Telegram gets as many posts with "
            "reach as with likes, so the empty cells were counted (filled with 0 first?). Use "
            ".count() on the posts as imported, without fillna: it skips the empty cells.",
        ),
        Mistake(
            lambda: _measured("above 0"),
            "This counts the posts with a value above 0. A post with 0 shares did measure its "
            "shares: count every cell that holds a value, 0 included, with .count().",
        ),
    ),
    hints=(
        "Group the posts by platform and count, for the five columns. `.count()` counts only the "
        "cells that hold a value (like Excel's COUNT), so a column an export lacks counts 0 posts.",
        '`posts.groupby("platform")[["reach", "impressions", "likes", "comments", "shares"]]` '
        "picks the five columns for each platform; add the method that counts.",
    ),
)


# -- Task 2 ------------------------------------------------------------------------------------

_NO_ANSWER = pd.Series(dtype=float)  # what a mistake gives where it cannot be computed


def _typical(platform, by, how="median", rates=None, posts=None):
    own = _own(platform) if posts is None else posts
    er = (rates or metrics.post_engagement_rates)(own, by=by)
    return er.groupby(own["content_type"]).agg(how).sort_values(ascending=False)


def _likes_only(posts, by):
    return metrics.ratio(posts["likes"].astype(float), posts[by].astype(float), 100)


def _like_a_function(wrong):
    """A mistaken function: it refuses where the right one does (a participant's function would
    stop there too, with the course's error), and elsewhere gives the mistake's result."""

    def answer(platform, by):
        _typical(platform, by)  # raises MetricUnavailable where the platform lacks the measure
        try:
            return wrong(platform, by)
        except metrics.MetricUnavailable:
            return _NO_ANSWER

    return answer


q2 = exercise.task(
    2,
    "typical_er",
    expected=_typical,
    calls=(
        ("facebook", "reach"),
        ("instagram", "impressions"),
        ("instagram", "reach"),
        ("telegram", "reach"),
    ),
    grading_calls=(("youtube", "impressions"), ("telegram", "impressions"), ("tiktok", "reach")),
    ordered=True,
    mistakes=(
        Mistake(
            _like_a_function(lambda platform, by: _typical(platform, by, how="mean")),
            "These are the mean (average) rates per content type; one viral post pulls a mean "
            "up. The task asks for the typical post: use .median(), not .mean().",
        ),
        Mistake(
            _like_a_function(lambda platform, by: _typical(platform, "reach")),
            'The function gives ER by reach even when `by` is "impressions". Pass `by` on: '
            "metrics.post_engagement_rates(own_posts, by=by).",
        ),
        Mistake(
            _like_a_function(lambda platform, by: _typical(platform, by, rates=_likes_only)),
            "This divides only the likes. The engagement rate counts all engagements (likes, "
            "comments, shares and saves): use metrics.post_engagement_rates(own_posts, by=by).",
        ),
        Mistake(
            _like_a_function(lambda platform, by: _typical(platform, by, posts=_posts())),
            "These medians mix the posts of all platforms. Compute the rates of `own_posts` (the "
            "posts of `platform`), not of `posts`, and group them by own_posts['content_type'].",
        ),
    ),
    hints=(
        "`own_posts` already holds the platform's posts. `metrics.post_engagement_rates` gives "
        "each post's rate (and refuses where the platform does not measure the base); take the "
        'median for each content type, like a PivotTable with "median", then sort largest first.',
        "`er = metrics.post_engagement_rates(own_posts, by=by)`, then "
        '`er.groupby(own_posts["content_type"])` — add `.median()` and '
        "`.sort_values(ascending=False)`.",
    ),
)


# -- Task 3 ------------------------------------------------------------------------------------

SUMMARY = ["response_rate", "median_response_hours", "within_4h"]


def _part(label: str) -> pd.DataFrame:
    """Comments given to the participant's function; messages name them by `label`."""
    comments = _comments()
    shown = label  # "comments": the notebook's own table, named as in the code
    if label == "the January-June comments":
        start = pd.Timestamp("2025-07-01", tz="Asia/Almaty")
        comments = comments[comments["commented_at"] < start].copy()
        shown = _("the January-June comments")
    elif label == "every third comment":
        comments = comments.iloc[::3].copy()
        shown = _("every third comment")
    comments.attrs["shown_as"] = shown
    return comments


class _Calls(tuple):
    """Calls whose comments are taken from the sample only when a check runs (the import
    takes seconds; importing the tasks should not)."""

    def __new__(cls, *labels):
        return super().__new__(cls, labels)

    def _made(self) -> tuple:
        return tuple((_part(label),) for label in tuple.__iter__(self))

    def __iter__(self):
        return iter(self._made())

    def __getitem__(self, i):
        return self._made()[i]

    def __add__(self, other):
        return self._made() + tuple(other)


def _summary(some_comments, how="median", within_of="all", scale=100):
    hours = metrics.response_times(some_comments["commented_at"], some_comments["replied_at"])
    within = hours <= 4 if within_of == "all" else hours.dropna() <= 4
    return pd.Series(
        {
            "response_rate": metrics.response_rate(some_comments["replied"]),
            "median_response_hours": float(hours.agg(how)),
            "within_4h": float(within.mean() * scale),
        }
    )


q3 = exercise.task(
    3,
    "reply_summary",
    expected=_summary,
    calls=_Calls("comments", "the January-June comments"),
    grading_calls=_Calls("every third comment"),
    mistakes=(
        Mistake(
            lambda some_comments: pd.Series(dict.fromkeys(SUMMARY, ...)),
            "The summary still holds the three `...`: replace each one in pd.Series({...}) with "
            "the code that computes it.",
        ),
        Mistake(
            lambda some_comments: _summary(some_comments, within_of="replied"),
            "`within_4h` is a share of the replied comments only. The task asks for a share of "
            "**all** comments (a comment with no reply was not answered within 4 hours): "
            "(hours <= 4).mean() * 100 over all of them.",
        ),
        Mistake(
            lambda some_comments: _summary(some_comments, scale=1),
            "`within_4h` is a share between 0 and 1: multiply it by 100 to make it a percentage.",
        ),
        Mistake(
            lambda some_comments: _summary(some_comments, how="mean"),
            "`median_response_hours` is the mean (average) wait; a few replies after days pull "
            "it up. Use the median: metrics.median_response_time(...).",
        ),
        Mistake(
            lambda some_comments: _summary(_comments()),
            "The function gives the summary of all the comments, whatever it is given. Use "
            "`some_comments` inside the function, never `comments`.",
        ),
    ),
    hints=(
        "`metrics.response_rate` and `metrics.median_response_time` give the first two numbers, "
        "as in module 5. For `within_4h`, `metrics.response_times` gives each comment's hours to "
        "its reply (empty where there was none): take the share of **all** comments with at most "
        "4 hours. Use `some_comments` everywhere in the function.",
        '`hours = metrics.response_times(some_comments["commented_at"], '
        'some_comments["replied_at"])`; then `(hours <= 4).mean() * 100` counts a comment with no '
        'reply as not answered in time. `metrics.response_rate(some_comments["replied"])`.',
    ),
)


# -- Task 4 ------------------------------------------------------------------------------------


class _Names:
    """Platform names that a list, a tuple, a set or an array may give in any order.

    Two flags describe wrong answers: `repeated`, the right names but one for each post;
    `text`, one piece of text instead of a list."""

    __pandas_priority__ = 10_000  # `answer == names` asks this class, not pandas
    __array_ufunc__ = None  # ... nor numpy
    __hash__ = None

    def __init__(self, names=(), repeated=False, text=False):
        self.names = sorted({str(n).lower() for n in names})
        self.repeated = repeated
        self.text = text

    def __eq__(self, other) -> bool:
        if isinstance(other, _Names):
            return (self.names, self.repeated, self.text) == (
                other.names,
                other.repeated,
                other.text,
            )
        if isinstance(other, str):
            return self.text
        if self.text or isinstance(other, bytes | dict | pd.DataFrame):
            return False
        try:
            items = [str(item).strip().lower() for item in other]
        except TypeError:
            return False
        once = len(items) == len(set(items))
        return sorted(set(items)) == self.names and once != self.repeated

    def __repr__(self) -> str:
        return repr(self.names)


def _slots(platform="telegram", normalize=True, sort=False, scale=100, everything=False):
    posts = _posts() if everything else _own(platform)
    slots = audience.time_slot(posts["published_at"])
    return slots.value_counts(normalize=normalize, sort=sort) * (scale if normalize else 1)


def _day_only():
    from course_utils import own_channel

    return own_channel.date_only_platforms(_posts())


def _timed():
    posts = _posts()
    return sorted(set(posts["platform"].astype(str)) - set(_day_only()))


SLOTS = "slot_shares(platform)"
q4 = exercise.task(
    4,
    (SLOTS, "day_only"),
    expected=lambda platform="telegram": (_slots(platform), _Names(_day_only())),
    ordered=True,
    mistakes=(
        Mistake(
            lambda platform="telegram": _slots(platform, normalize=False),
            "These are numbers of posts, not shares: add normalize=True to value_counts and "
            "multiply by 100.",
            of=SLOTS,
        ),
        Mistake(
            lambda platform="telegram": _slots(platform, scale=1),
            "These shares are between 0 and 1 (they add up to 1): multiply by 100 to make them "
            "percentages.",
            of=SLOTS,
        ),
        Mistake(
            lambda platform="telegram": _slots(platform, sort=True),
            "The slots are in the wrong order: value_counts puts the largest first unless you "
            "add sort=False. Keep module 3's order: before 9:00, 9:00-18:00, after 18:00, weekend.",
            of=SLOTS,
        ),
        Mistake(
            lambda platform="telegram": _slots(platform, everything=True),
            "These shares are of all platforms' posts, whatever the platform. Use `own_posts` "
            "(the posts of `platform`) inside the function, not `posts`.",
            of=SLOTS,
        ),
        Mistake(
            lambda platform="telegram": _Names([*_day_only(), "telegram"]),
            "`day_only` includes Telegram, but its export gives each post's time. Keep only the "
            "platforms none of whose posts has a known time.",
            of="day_only",
        ),
        Mistake(
            lambda platform="telegram": _Names(_timed()),
            "These are the platforms whose exports *do* give the time (`time_known` True). The "
            "task asks for the others: own_channel.date_only_platforms(posts).",
            of="day_only",
        ),
        Mistake(
            lambda platform="telegram": _Names(_day_only(), repeated=True),
            "`day_only` names a platform once for each of its posts. Name each platform once: "
            "own_channel.date_only_platforms(posts), or add .unique().",
            of="day_only",
        ),
        Mistake(
            lambda platform="telegram": _Names(text=True),
            '`day_only` should be a list of platform names, like ["facebook", "x"] (in square '
            "brackets, each name in quotes), not one piece of text.",
            of="day_only",
        ),
    ),
    hints=(
        "`audience.time_slot` gives each post's slot; count the slots as shares (%) of the "
        "platform's posts, keeping the slots' own order, as in module 3. For `day_only`, "
        "section 5 of the lesson has a helper in `own_channel`.",
        '`audience.time_slot(own_posts["published_at"]).value_counts(normalize=True, '
        "sort=False)` — then multiply by 100. `day_only = own_channel.date_only_platforms(...)`.",
    ),
)
