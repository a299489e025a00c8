"""Exercise 2 · Channel analysis: which platforms reach whom: the tasks."""

from functools import cache

import pandas as pd

from course_utils import load, metrics
from course_utils.explorers import account_summary
from course_utils.i18n import translator
from course_utils.tasks import Exercise, Mistake, mistakes_first

_ = translator("m02")
exercise = Exercise("m02_channel_analysis")
ACCOUNT = "city_z-tiktok"
RATES = ["er_by_reach", "er_by_followers"]
REGION_M_COLUMNS = ["posts_per_week", "er_by_reach", "er_by_followers", "follower_growth"]


@cache
def _account_summary():
    return account_summary()


def _summary():
    return _account_summary().copy()


def _on(platform):
    """The accounts of one platform, labelled by akimat id (as `rows` in the notebook)."""
    summary = _summary()
    return summary[summary["platform"] == platform].set_index("akimat_id")


# -- Task 1 ------------------------------------------------------------------------------------


def _city_z():
    posts = load("posts")
    return posts[posts["account_id"] == ACCOUNT]


def _followers():
    followers = load("daily_followers")
    return followers[followers["account_id"] == ACCOUNT].sort_values("date")["followers"]


def _engagements():
    return metrics.engagements(_city_z()).sum()


def _er_reach():
    return metrics.engagement_rate_by_reach(_engagements(), _city_z()["reach"].sum())


def _er_views():
    return metrics.engagement_rate_by_impressions(_engagements(), _city_z()["impressions"].sum())


def _er_followers(followers=None):
    followers = _followers().mean() if followers is None else followers
    return metrics.engagement_rate_by_followers(_engagements() / len(_city_z()), followers)


def _mean_of_post_rates(by):
    return float(metrics.post_engagement_rates(_city_z(), by=by).mean())


q1 = mistakes_first(
    exercise,
    1,
    ("city_z_er_reach", "city_z_er_views", "city_z_er_followers"),
    expected=lambda: (_er_reach(), _er_views(), _er_followers()),
    percent=True,
    mistakes=(
        Mistake(
            lambda: _er_views(),
            "`city_z_er_reach` divides by the views. ER by reach divides by the sum of the "
            '`reach` column: city_z["reach"].sum(). (Did you swap reach and views?)',
            of="city_z_er_reach",
        ),
        Mistake(
            lambda: _mean_of_post_rates("reach"),
            "`city_z_er_reach` is the average of each post's rate. The task asks for the whole "
            "year's: all the engagements ÷ all the reach (the sum of the column) × 100.",
            of="city_z_er_reach",
        ),
        Mistake(
            lambda: metrics.engagement_rate_by_reach(_engagements(), _city_z()["reach"].mean()),
            "`city_z_er_reach` divides all the engagements by the reach of an average post. "
            'Divide by the reach of all the posts together: city_z["reach"].sum().',
            of="city_z_er_reach",
        ),
        Mistake(
            lambda: _er_reach(),
            "`city_z_er_views` divides by the reach. ER by views divides by the sum of the "
            '`impressions` column (TikTok\'s views): city_z["impressions"].sum().',
            of="city_z_er_views",
        ),
        Mistake(
            lambda: _mean_of_post_rates("impressions"),
            "`city_z_er_views` is the average of each post's rate. The task asks for the whole "
            "year's: all the engagements ÷ all the views (the sum of `impressions`) × 100.",
            of="city_z_er_views",
        ),
        Mistake(
            lambda: _er_followers() * len(_city_z()),
            "`city_z_er_followers` divides all the year's engagements by the followers. ER by "
            "followers is per post: first divide the engagements by the number of posts, "
            "len(city_z).",
            of="city_z_er_followers",
        ),
        Mistake(
            lambda: _er_followers(_followers().iloc[-1]),
            "`city_z_er_followers` uses the followers on the last day of the year. Use the "
            "average over the year, `city_z_followers`.",
            of="city_z_er_followers",
        ),
        Mistake(
            lambda: _er_reach(),
            "`city_z_er_followers` is the ER by reach. ER by followers divides the engagements "
            "per post by the average followers, `city_z_followers`.",
            of="city_z_er_followers",
        ),
    ),
    hints=(
        "All three rates divide the channel's `engagements` (already computed) by something, "
        "times 100: the sum of `reach`, the sum of `impressions` (views), and, for followers, "
        "the average followers `city_z_followers`, after first dividing the engagements by the "
        "number of posts. As in section 3 of the lesson.",
        '`metrics.engagement_rate_by_reach(engagements, city_z["reach"].sum())`; the views rate '
        "is `metrics.engagement_rate_by_impressions(...)`; for followers "
        "`per_post = engagements / len(city_z)`, then "
        "`metrics.engagement_rate_by_followers(per_post, ...)`.",
    ),
)

# -- Task 2 ------------------------------------------------------------------------------------


def _rate_table(platform, by="er_by_reach"):
    return _on(platform)[RATES].sort_values(by, ascending=False)


q2 = mistakes_first(
    exercise,
    2,
    "engagement_rate_table",
    expected=lambda platform: _rate_table(platform),
    calls=(("youtube",), ("vk",)),
    grading_calls=(("instagram",), ("tiktok",)),
    ordered=True,
    only_columns=True,
    mistakes=(
        Mistake(
            lambda platform: _rate_table(platform, by="er_by_followers"),
            "The table is sorted by `er_by_followers`. The task asks to sort by `er_by_reach`, "
            "highest first.",
        ),
        Mistake(
            lambda platform: _summary()[RATES].sort_values("er_by_reach", ascending=False),
            "The table has every account of every platform, labelled by number. Start from "
            "`rows` (the accounts of `platform`, labelled by akimat id), not from `summary`.",
        ),
        Mistake(
            lambda platform: _rate_table("youtube"),
            "The function gives the YouTube accounts whatever platform it is given. Start from "
            '`rows`, which keeps the accounts of `platform`; do not write "youtube" in it.',
        ),
    ),
    hints=(
        "`rows` already holds the accounts of the platform, labelled by akimat id: pick its two "
        "columns, then sort by `er_by_reach`, largest first.",
        'Two columns with double square brackets: `rows[["er_by_reach", "er_by_followers"]]`, '
        'then `.sort_values("er_by_reach", ascending=...)`.',
    ),
)

# -- Task 3 ------------------------------------------------------------------------------------


def _first_last(account_id):
    followers = load("daily_followers")
    rows = followers[followers["account_id"] == account_id].sort_values("date")
    return rows["followers"].iloc[0], rows["followers"].iloc[-1]


def _growth(account_id):
    first, last = _first_last(account_id)
    return metrics.follower_growth_rate(first, last)


q3 = mistakes_first(
    exercise,
    3,
    "growth_for",
    expected=_growth,
    calls=(("region_m-tiktok",), ("region_m-facebook",)),
    grading_calls=(
        ("region_k-telegram",),
        ("region_f-vk",),
        ("city_x-instagram",),
        ("region_h-tiktok",),
    ),
    mistakes=(
        Mistake(
            lambda account_id: _growth(account_id) / 100,
            "This is the growth as a share (0.05 for 5%): multiply by 100 to make it a percentage.",
        ),
        Mistake(
            lambda account_id: float(_first_last(account_id)[1] - _first_last(account_id)[0]),
            "This is the change in the number of followers. The task asks for it in percent of "
            "the first day: divide by `first` and multiply by 100.",
        ),
        Mistake(
            lambda account_id: float(_first_last(account_id)[1] / _first_last(account_id)[0] * 100),
            "This is the last day's followers as a percentage of the first day's (100 means no "
            "change). Subtract first: (last − first) ÷ first × 100.",
        ),
        Mistake(
            lambda account_id: float(
                (_first_last(account_id)[1] - _first_last(account_id)[0])
                / _first_last(account_id)[1]
                * 100
            ),
            "This divides by the followers on the last day. Growth is measured against the "
            "start: divide by `first`.",
        ),
    ),
    hints=(
        "The change from the first day to the last, in percent of the first day. The course "
        "has a function for it in `metrics` (see the formula above).",
        "`metrics.follower_growth_rate(...)` takes the first day's followers, then the last "
        "day's; or write the formula yourself: `(last - first) / ...`.",
    ),
)

# -- Tasks 4 and 5 -----------------------------------------------------------------------------

AKIMAT_IDS = tuple(sorted(load("accounts")["akimat_id"].astype(str).unique()))


def _leader(column, platform="tiktok", lowest=False):
    values = _on(platform)[column]
    return str(values.idxmin() if lowest else values.idxmax())


def _name_instead_of_id(got):
    """An akimat's name ("Region H") where its id ("region_h") is asked for."""
    if isinstance(got, str):
        names = {str(n).strip().lower() for n in _summary()["akimat"].unique()}
        if got.strip().lower() in names and got.strip().lower() not in AKIMAT_IDS:
            return _(
                "This is the akimat's name. The task asks for its id, as in the `akimat_id` "
                'column (for example "region_q"): label the rows with .set_index("akimat_id").'
            )
    return None


q4 = mistakes_first(
    exercise,
    4,
    "top_tiktok_total",
    expected=lambda: _leader("engagements"),
    options=AKIMAT_IDS,
    diagnose=_name_instead_of_id,
    mistakes=(
        Mistake(
            lambda: _on("tiktok")["engagements"].max(),
            "This is the largest total itself, not the akimat that has it: .idxmax() gives "
            "its label (the id).",
        ),
        Mistake(
            lambda: _leader("engagements", lowest=True),
            "This akimat has the *fewest* TikTok engagements: use .idxmax(), not .idxmin().",
        ),
        Mistake(
            lambda: _leader("er_by_followers"),
            "This akimat leads on the engagement rate by followers: that is Task 5. Task 4 asks "
            "for the most engagements in total: the column `engagements`.",
        ),
        Mistake(
            lambda: _leader("engagements", platform="instagram"),
            "This akimat has the most engagements on Instagram (the lesson's platform). Keep "
            'the TikTok rows: summary["platform"] == "tiktok".',
        ),
    ),
    hints=(
        "Keep the TikTok rows of `summary`, label them by akimat id, and take the label of "
        "the largest value of `engagements`.",
        '`summary[summary["platform"] == "tiktok"].set_index("akimat_id")["engagements"]` '
        "gives one total per akimat; add `.idxmax()`.",
    ),
)

q5 = mistakes_first(
    exercise,
    5,
    "top_tiktok_fair",
    expected=lambda: _leader("er_by_followers"),
    options=AKIMAT_IDS,
    diagnose=_name_instead_of_id,
    mistakes=(
        Mistake(
            lambda: _leader("engagements"),
            "This akimat is not the leader on ER by followers (it leads on total engagements, "
            "Task 4). Compare fairly: use the column `er_by_followers`.",
        ),
        Mistake(
            lambda: _leader("er_by_reach"),
            "This akimat is not the leader on ER by followers (it leads on ER by reach). The "
            "task asks for the rate by followers: the column `er_by_followers`.",
        ),
        Mistake(
            lambda: _leader("er_by_followers", lowest=True),
            "This akimat has the *lowest* TikTok ER by followers: use .idxmax(), not .idxmin().",
        ),
        Mistake(
            lambda: _on("tiktok")["er_by_followers"].max(),
            "This is the highest rate itself, not the akimat that has it: .idxmax() gives its "
            "label (the id).",
        ),
    ),
    hints=(
        "The same as Task 4, with the engagement rate by followers instead of the total.",
        '`summary[summary["platform"] == "tiktok"].set_index("akimat_id")["er_by_followers"]` '
        "gives one rate per akimat; add `.idxmax()`.",
    ),
)

# -- Task 6 ------------------------------------------------------------------------------------


def _akimat(akimat_id, label="platform"):
    summary = _summary()
    rows = summary[summary["akimat_id"] == akimat_id]
    return (rows.set_index(label) if label else rows)[REGION_M_COLUMNS]


def _region_m_diagnose(got):
    """Rows labelled by akimat id all carry the same label; the check cannot compare them."""
    if isinstance(got, pd.DataFrame) and len(got) > 1 and got.index.astype(str).nunique() == 1:
        return _(
            "`region_m` has every row labelled {label}. Label the rows by "
            'platform: .set_index("platform").',
            label=repr(str(got.index[0])),
        )
    return None


q6 = mistakes_first(
    exercise,
    6,
    "region_m",
    expected=lambda: _akimat("region_m"),
    only_columns=True,
    diagnose=_region_m_diagnose,
    mistakes=(
        Mistake(
            lambda: _akimat("region_m", label=None),
            "`region_m` has the right rows, but they are labelled by number. Label them by "
            'platform: .set_index("platform") before you pick the columns.',
        ),
        Mistake(
            lambda: _akimat("region_m").fillna(0),
            "`region_m` has 0 where a measure is missing. Telegram reports no reach, so its ER "
            "by reach does not exist: leave the cell empty (NaN), as `summary` has it.",
        ),
        Mistake(
            lambda: _akimat("region_q"),
            "These are the Region Q akimat's accounts, as in the lesson. Filter on "
            'akimat_id == "region_m".',
        ),
        Mistake(
            lambda: _akimat("Region M"),
            "`region_m` has no rows: no row of `summary` matches. Filter on the `akimat_id` "
            'column with the id, written "region_m".',
        ),
    ),
    hints=(
        "Three steps: keep the rows of `summary` whose `akimat_id` is Region M's, label them "
        "by platform, and pick the columns in `columns`.",
        'Filter, label, pick: `summary[summary["akimat_id"] == ...].set_index(...)[columns]`.',
    ),
)
