"""Exercise 0 · Getting started: the City Z akimat on Telegram: the tasks."""

from __future__ import annotations

import pandas as pd

from course_utils import load
from course_utils.i18n import translator
from course_utils.tasks import Exercise, Mistake, mistakes_first

_ = translator("m00")
exercise = Exercise("m00_getting_started")


def _posts(akimat="city_z", platform="telegram", both=True):
    posts = load("posts")
    akimat_rows = posts["akimat_id"] == akimat
    platform_rows = posts["platform"] == platform
    return posts[(akimat_rows & platform_rows) if both else (akimat_rows | platform_rows)]


def _where(column, value):
    posts = load("posts")
    return posts[posts[column] == value]


def _city_z():
    return _posts()


def _rows(table):
    return table[["post_id"]]


def _renumbered(name):
    """A table with the right posts whose row labels were numbered again."""
    return _(
        "`{name}` holds the right posts, but its rows are numbered again (0, 1, 2, ...). Keep the "
        "row labels of `posts`: remove .reset_index().",
        name=name,
    )


def _city_z_diagnose(got):
    """What is wrong with a table of posts that is not the City Z Telegram posts."""
    if not isinstance(got, pd.DataFrame) or "post_id" not in got.columns:
        return None
    if len(got) == 0:
        return _(
            "`city_z` has no rows: no post matches both conditions. The values are written in "
            'lower case, exactly as in the table: "city_z" and "telegram".'
        )
    if "akimat_id" in got.columns and set(got["akimat_id"].astype(str)) != {"city_z"}:
        return _(
            "`city_z` has posts of other akimats. Check the first condition: "
            '(posts["akimat_id"] == "city_z").'
        )
    if "platform" in got.columns and set(got["platform"].astype(str)) != {"telegram"}:
        return _(
            "`city_z` has posts of other platforms. Check the second condition, "
            '(posts["platform"] == "telegram"), and put & between the two.'
        )
    if set(got["post_id"].astype(str)) == set(_city_z()["post_id"].astype(str)):
        return _renumbered("city_z")
    return _(
        "`city_z` is missing some of the City Z Telegram posts. Filter `posts` itself with the "
        "two conditions, not another table."
    )


def _top5():
    return _city_z().sort_values("impressions", ascending=False).head(5)


def _top5_diagnose(got):
    """What is wrong with a table that is not the five most viewed City Z Telegram posts."""
    if not isinstance(got, pd.DataFrame) or "impressions" not in got.columns:
        return None
    if len(got) != 5:
        return _(
            "`top5` should have 5 rows; it has {count}. Keep five with .head(5).", count=len(got)
        )
    for column, value in (("akimat_id", "city_z"), ("platform", "telegram")):
        if column in got.columns and set(got[column].astype(str)) != {value}:
            return _(
                "`top5` has posts of other akimats or platforms: sort your table `city_z`, "
                "not `posts`."
            )
    views = pd.to_numeric(got["impressions"], errors="coerce")
    if not views.is_monotonic_decreasing:
        return _(
            "`top5` is not sorted by views, largest first: "
            '.sort_values("impressions", ascending=False).'
        )
    if "post_id" in got.columns and list(got["post_id"].astype(str)) == list(
        _top5()["post_id"].astype(str)
    ):
        return _renumbered("top5")
    return _(
        "`top5` does not hold the five most viewed City Z Telegram posts. Sort `city_z` by "
        "`impressions` (the views), largest first, then keep five rows."
    )


def _views_by_type(how, table=None):
    table = _city_z() if table is None else table
    return table.groupby("content_type", observed=True)["impressions"].agg(how)


def _highest_views_diagnose(got):
    if got is pd.NA or (isinstance(got, float) and got != got):
        return _(
            "`highest_views` is empty (NA): that is the reach column, and Telegram has no reach. "
            'The views of a Telegram post are in `impressions`: city_z["impressions"].'
        )
    return None


def _n_posts_diagnose(got):
    if isinstance(got, pd.Series):
        return _(
            "`n_posts` is one count for each column (that is what .count() gives). "
            "The number of posts is the number of rows: len(city_z)."
        )
    return None


q1 = mistakes_first(
    exercise,
    1,
    "city_z",
    expected=lambda: _rows(_city_z()),
    diagnose=_city_z_diagnose,
    mistakes=(
        Mistake(
            lambda: _rows(_posts("region_q", "instagram")),
            "These are the Region Q akimat's Instagram posts, as in the lesson. Change the two "
            'values: "city_z" and "telegram".',
        ),
        Mistake(
            lambda: _rows(_posts("city_z", "Telegram")),
            "`city_z` has no rows: no post matches both conditions. The values are written in "
            'lower case, exactly as in the table: "city_z" and "telegram".',
        ),
        Mistake(
            lambda: _rows(_where("akimat_id", "city_z")),
            "These are City Z's posts on every platform. Add the second condition, "
            '(posts["platform"] == "telegram"), joined with &.',
        ),
        Mistake(
            lambda: _rows(_where("platform", "telegram")),
            "These are the Telegram posts of every akimat. Add the first condition, "
            '(posts["akimat_id"] == "city_z"), joined with &.',
        ),
        Mistake(
            lambda: _rows(_posts(both=False)),
            "This keeps the posts that match *either* condition. Use & (and) between the two "
            "conditions, not | (or).",
        ),
    ),
    hints=(
        "Two conditions in square brackets, one on `akimat_id` and one on `platform`, each in "
        "parentheses and joined by `&` (and), as in section 3 of the lesson.",
        'The lesson\'s line was `posts[(posts["akimat_id"] == "region_q") & '
        '(posts["platform"] == "instagram")]`: change the two values.',
    ),
)

q2 = mistakes_first(
    exercise,
    2,
    "n_posts",
    expected=lambda: len(_city_z()),
    diagnose=_n_posts_diagnose,
    mistakes=(
        Mistake(
            lambda: _city_z()["impressions"].sum(),
            "This is the total of the posts' views, not the number of posts. Count the rows of "
            "`city_z` instead.",
        ),
        Mistake(
            lambda: len(load("posts")),
            "This counts every post of every akimat in `posts`. Count the rows of your table "
            "`city_z`.",
        ),
        Mistake(
            lambda: len(_where("akimat_id", "city_z")),
            "This counts City Z's posts on every platform: your `city_z` has no platform "
            "condition. Go back to Task 1 and add it.",
        ),
        Mistake(
            lambda: _city_z().size,
            "This is rows × columns (every cell of the table), which is what .size gives. "
            "Count only the rows: len(city_z).",
        ),
    ),
    hints=(
        "Each row of `city_z` is one post, so the number of posts is the number of rows.",
        "`len(table)` counts the rows of a table, as in section 2 of the lesson.",
    ),
)

q3 = mistakes_first(
    exercise,
    3,
    "highest_views",
    expected=lambda: _city_z()["impressions"].max(),
    diagnose=_highest_views_diagnose,
    mistakes=(
        Mistake(
            lambda: _where("akimat_id", "city_z")["impressions"].max(),
            "This is the most viewed post of City Z on any platform. Use your Telegram table "
            '`city_z`: city_z["impressions"].',
        ),
        Mistake(
            lambda: load("posts")["impressions"].max(),
            "This is the most viewed post of all akimats in `posts`. Use your table `city_z`.",
        ),
        Mistake(
            lambda: _city_z()["impressions"].idxmax(),
            "This is the row label of the most viewed post, not its views: .idxmax() gives the "
            "label, .max() the largest value.",
        ),
        Mistake(
            lambda: _city_z()["impressions"].mean(),
            "This is the average views of a post. The task asks for the highest: .max().",
        ),
    ),
    hints=(
        "Take the largest value of the views column. On Telegram the views are in "
        "`impressions` (its reach is empty).",
        '`table["column"].max()` gives the largest value of a column: which table, and '
        "which column holds the views?",
    ),
)

q4 = mistakes_first(
    exercise,
    4,
    "top5",
    expected=lambda: _top5()[["impressions"]],
    ordered=True,
    diagnose=_top5_diagnose,
    mistakes=(
        Mistake(
            lambda: _city_z().sort_values("impressions").head(5)[["impressions"]],
            "These are the five *least* viewed posts: .sort_values sorts smallest first unless "
            "you add ascending=False.",
        ),
        Mistake(
            lambda: _city_z().head(5)[["impressions"]],
            "These are the first five posts of the table, not the most viewed: sort first. "
            "(Sorting by reach changes nothing on Telegram, whose reach is empty: sort by "
            "`impressions`.)",
        ),
        Mistake(
            lambda: (
                load("posts").sort_values("impressions", ascending=False).head(5)[["impressions"]]
            ),
            "These are the five most viewed posts of all akimats and platforms: sort your "
            "table `city_z`, not `posts`.",
        ),
    ),
    hints=(
        "Sort the City Z Telegram posts by their views (`impressions`), largest first, then "
        "keep the first five rows.",
        '`city_z.sort_values("impressions", ascending=False)` sorts, largest first; add '
        "`.head(...)` to keep the top rows.",
    ),
)

q5 = mistakes_first(
    exercise,
    5,
    "median_views",
    expected=lambda: _views_by_type("median"),
    mistakes=(
        Mistake(
            lambda: _city_z().groupby("topic", observed=True)["impressions"].median(),
            "These are the medians of each topic. The task asks for each content type: "
            'group by "content_type".',
        ),
        Mistake(
            lambda: _views_by_type("mean"),
            "These are the average (mean) views. A few very popular posts pull the mean up: "
            "use .median() for the typical post.",
        ),
        Mistake(
            lambda: _views_by_type("sum"),
            "These are the total views of each content type, not the views of a typical post: "
            "use .median() instead of .sum().",
        ),
        Mistake(
            lambda: _views_by_type("count"),
            "These are the numbers of posts of each content type. Take the median of "
            '`["impressions"]` instead.',
        ),
        Mistake(
            lambda: (
                # Float64 with <NA> in the notebook; as float NaN the check can compare it
                _city_z().groupby("content_type", observed=True)["reach"].median().astype(float)
            ),
            "These are all empty (NaN): Telegram has no reach. Its views are in `impressions`.",
        ),
        Mistake(
            lambda: _views_by_type("median", _where("akimat_id", "city_z")),
            "These are the medians of City Z's posts on every platform. Group your Telegram "
            "table `city_z`.",
        ),
        Mistake(
            lambda: _views_by_type("median", _where("platform", "telegram")),
            "These are the medians of all akimats' Telegram posts. Group your table `city_z`.",
        ),
    ),
    hints=(
        "Group the posts by `content_type` and take the median of the views (`impressions`) "
        "in each group, as the lesson did with reach.",
        'As in the lesson: `table.groupby("content_type", observed=True)["column"].median()`, '
        "with your table and the views column.",
    ),
)
