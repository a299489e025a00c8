"""Exercise 5 · Listening and responding: the Region E akimat, and three replies: the tasks."""

from functools import cache

from course_utils import criticism, load, metrics
from course_utils.tasks import Exercise, Mistake

exercise = Exercise("m05_criticism_and_dialogue")


def _akimat(akimat_id, platform=None):
    comments = load("comments")
    rows = comments[comments["akimat_id"] == akimat_id]
    if platform is not None:
        rows = rows[rows["platform"] == platform]
    return rows


def _hours(rows):
    return metrics.response_times(rows["commented_at"], rows["replied_at"])


# -- Task 1 · the Region E akimat's comments, by assessment --------------------------------------


def _mix(rows):
    return criticism.triage(rows)["assessment"].value_counts(sort=False)


def _one_platform(platform):
    return Mistake(
        lambda: _mix(_akimat("region_e", platform)),
        f"These are only the Region E akimat's {platform} comments. The task asks for all "
        'platforms together: keep the rows with comments["akimat_id"] == "region_e" and '
        "nothing else.",
    )


q1 = exercise.task(
    1,
    "region_e_mix",
    expected=lambda: _mix(_akimat("region_e")),
    mistakes=(
        Mistake(
            lambda: _mix(load("comments")),
            "These are the counts for all 20 akimats. Keep only the Region E akimat's comments "
            "before you triage and count them.",
        ),
        Mistake(
            lambda: _mix(_akimat("region_e")) / len(_akimat("region_e")),
            "These are shares between 0 and 1. The task asks how many comments: use "
            ".value_counts() without normalize=True.",
        ),
        Mistake(
            lambda: _mix(_akimat("region_e")) / len(_akimat("region_e")) * 100,
            "These are percentages. The task asks how many comments: use .value_counts() "
            "without normalize=True and without dividing.",
        ),
        *(_one_platform(p) for p in sorted(_akimat("region_e")["platform"].unique())),
    ),
    hints=(
        "Keep the Region E akimat's comments (all platforms), sort them with "
        "`criticism.triage`, then count how often each value of the `assessment` column "
        "appears (`value_counts`).",
        '`region_e = criticism.triage(comments[comments["akimat_id"] == ...])`, then '
        '`region_e["assessment"].value_counts()`.',
    ),
)

# -- Task 2 · response rate and median response time of any account ------------------------------


def _stats(rows):
    return (
        metrics.response_rate(rows["replied"]),
        metrics.median_response_time(rows["commented_at"], rows["replied_at"]),
    )


def _with_rate(rate, rows):
    return (rate, _stats(rows)[1])


q2 = exercise.task(
    2,
    "response_stats",
    expected=lambda akimat_id, platform: _stats(_akimat(akimat_id, platform)),
    calls=(("region_e", "telegram"), ("region_q", "tiktok")),
    grading_calls=(("city_z", "instagram"), ("region_n", "facebook"), ("city_x", "telegram")),
    parts=("rate", "hours"),
    mistakes=(
        Mistake(
            lambda akimat_id, platform: _stats(load("comments")),
            "The function measures all comments of all akimats. Inside it, use `rows` (the "
            "comments of the akimat and platform it is given), not `comments`.",
        ),
        Mistake(
            lambda akimat_id, platform: (
                _stats(_akimat(akimat_id, platform))[0],
                float(_hours(_akimat(akimat_id, platform)).mean()),
            ),
            "`hours` is the mean (average) response time. The task asks for the median: a few "
            "replies after a week drag the mean up. Use metrics.median_response_time.",
        ),
        Mistake(
            lambda akimat_id, platform: _with_rate(
                float(_akimat(akimat_id, platform)["replied"].mean()), _akimat(akimat_id, platform)
            ),
            "`rate` is a share between 0 and 1. The response rate is a percentage: use "
            'metrics.response_rate(rows["replied"]).',
        ),
        Mistake(
            lambda akimat_id, platform: _with_rate(
                int(_akimat(akimat_id, platform)["replied"].sum()), _akimat(akimat_id, platform)
            ),
            "`rate` is the number of replies. The response rate is replies out of all comments, "
            'in %: use metrics.response_rate(rows["replied"]).',
        ),
    ),
    hints=(
        "Inside the function, `rows` already holds the comments of that akimat on that "
        "platform. Use the lesson's two measures on `rows`: `metrics.response_rate` and "
        "`metrics.median_response_time`.",
        '`rate = metrics.response_rate(rows["replied"])`; for `hours`, give '
        "`metrics.median_response_time` the two time columns of `rows`, `commented_at` and "
        "`replied_at`.",
    ),
)

# -- Task 3 · Region E replies within 4 hours -----------------------------------------------------


def _within_4h(rows):
    return float((_hours(rows).dropna() <= 4).mean() * 100)


q3 = exercise.task(
    3,
    "region_e_within_4h",
    expected=lambda: _within_4h(_akimat("region_e")),
    percent=True,
    mistakes=(
        Mistake(
            lambda: float((_hours(_akimat("region_e")) <= 4).mean() * 100),
            "This is a share of all Region E comments, so the comments without a reply count as "
            "'not within 4 hours'. The task asks for a share of the replies: add .dropna() to "
            "the hours first.",
        ),
        Mistake(
            lambda: _within_4h(load("comments")),
            "This is the share for all 20 akimats, as in the lesson. Keep only the Region E "
            "akimat's comments first.",
        ),
        Mistake(
            lambda: int((_hours(_akimat("region_e")).dropna() <= 4).sum()),
            "This is the number of replies within 4 hours. The task asks for their share (%) "
            "of all Region E replies: take .mean() of the True/False values, not .sum(), and "
            "multiply by 100.",
        ),
    ),
    hints=(
        "Keep the Region E akimat's comments (all platforms), compute the hours each one "
        "waited with `metrics.response_times`, drop the comments without a reply "
        "(`.dropna()`), then take the share of 4 hours or less.",
        '`hours = metrics.response_times(rows["commented_at"], rows["replied_at"]).dropna()`, '
        "then `(hours <= 4).mean()` — and make it a percentage.",
    ),
)

# -- Task 4 · each account compared with itself ---------------------------------------------------


@cache
def _halves_table():
    return criticism.before_after(load("comments"), split="2025-07-01", min_comments=15)


def _halves():
    """The lesson's `halves` table (computed once: it takes a moment), as a fresh copy."""
    return _halves_table().copy()


def _change(column, reverse=False):
    halves = _halves()
    change = halves[f"{column}_after"] - halves[f"{column}_before"]
    return -change if reverse else change


def _changes():
    rate_change = _change("response_rate_pct")
    negative_change = _change("negative_pct")
    return rate_change, negative_change, criticism.spearman(rate_change, negative_change)


REVERSED = (
    "`{name}` is January–June minus July–December: every change has the wrong sign. Subtract "
    "the other way round: the `_after` column minus the `_before` column."
)

q4 = exercise.task(
    4,
    ("rate_change", "negative_change", "change_link"),
    expected=_changes,
    mistakes=(
        Mistake(
            lambda: _change("response_rate_pct", reverse=True),
            REVERSED.format(name="rate_change"),
            of="rate_change",
        ),
        Mistake(
            lambda: _change("replied"),
            "`rate_change` is the change in the *number* of replies. The task asks for the "
            "change in the response rate: use the response_rate_pct columns.",
            of="rate_change",
        ),
        Mistake(
            lambda: _change("negative_pct", reverse=True),
            REVERSED.format(name="negative_change"),
            of="negative_change",
        ),
        Mistake(
            lambda: criticism.spearman(
                _halves()["response_rate_pct_before"], _halves()["negative_pct_after"]
            ),
            "`change_link` is the lesson's correlation (January–June rate against July–December "
            "negative share). This task correlates the two *changes*: "
            "criticism.spearman(rate_change, negative_change).",
            of="change_link",
        ),
        Mistake(
            lambda: float(_changes()[0].corr(_changes()[1])),
            "`change_link` is the ordinary (Pearson) correlation, like Excel's CORREL. The task "
            "asks for Spearman's rank correlation: use criticism.spearman.",
            of="change_link",
        ),
    ),
    hints=(
        "Subtracting two columns subtracts row by row, account by account: July–December "
        "(`_after`) minus January–June (`_before`). Then correlate the two changes with "
        "`criticism.spearman`.",
        '`rate_change = halves["response_rate_pct_after"] - halves["response_rate_pct_before"]`; '
        "do the same with the `negative_pct_...` columns, then "
        "`criticism.spearman(rate_change, negative_change)`.",
    ),
)

# -- Task 5 · what the Region H akimat hides ------------------------------------------------------


def _hidden(rows, scale=100):
    triaged = criticism.triage(rows)
    return triaged.groupby("assessment", observed=True)["hidden_by_page"].mean() * scale


q5 = exercise.task(
    5,
    "region_h_hidden",
    expected=lambda: _hidden(_akimat("region_h")),
    mistakes=(
        Mistake(
            lambda: _hidden(_akimat("region_h"), scale=1),
            "These are shares between 0 and 1: multiply by 100 to make them percentages.",
        ),
        Mistake(
            lambda: _hidden(load("comments")),
            "These are the shares for all 20 akimats, as in the lesson. Keep only the Region H "
            "akimat's comments before you triage them.",
        ),
        Mistake(
            lambda: (
                criticism.triage(_akimat("region_h"))
                .groupby("assessment", observed=True)["hidden_by_page"]
                .sum()
            ),
            "These are the numbers of hidden comments. The task asks for the share (%) of each "
            "assessment's comments that the page hid: take .mean(), not .sum(), and multiply "
            "by 100.",
        ),
        Mistake(
            lambda: (
                criticism.triage(_akimat("region_h"))
                .pipe(lambda t: t[t["hidden_by_page"]])["assessment"]
                .value_counts(normalize=True, sort=False)
                * 100
            ),
            "This says how the hidden comments divide between the assessments (it adds up to "
            "100). The task asks, for each assessment, what share of its comments was hidden: "
            'group by "assessment" and take the mean of hidden_by_page.',
        ),
    ),
    hints=(
        "Keep the Region H akimat's comments, triage them with `criticism.triage`, group them "
        "by `assessment` and take the mean of `hidden_by_page` — the mean of True/False is "
        "the share of True — as a percentage.",
        '`region_h = criticism.triage(comments[comments["akimat_id"] == "region_h"])`, then '
        '`region_h.groupby("assessment", observed=True)["hidden_by_page"]...` — finish with '
        "the mean, in %.",
    ),
)
