"""Exercise 1 · Where citizens get their news, and whom they trust: the tasks."""

from course_utils import load, metrics
from course_utils.tasks import Exercise, Mistake

exercise = Exercise("m01_media_landscape")
UNWEIGHTED = (
    "This is the unweighted share: every respondent counted once. The survey over-represents "
    'some groups, so use the survey weights: metrics.weighted_share(rows[...], rows["weight"]).'
)


def _wave(year):
    survey = load("survey")
    return survey[survey["wave"] == year]


def _share(year, column):
    rows = _wave(year)
    return metrics.weighted_share(rows[column], rows["weight"])


def _unweighted(year, column):
    return float(_wave(year)[column].mean() * 100)


def _all_waves(column):
    rows = load("survey")
    return metrics.weighted_share(rows[column], rows["weight"])


def _by(year, column, by, weighted=True):
    rows = _wave(year)
    if weighted:
        return metrics.weighted_shares(rows, [column], by=by)[column]
    return rows.groupby(by, observed=True)[column].mean() * 100


q1 = exercise.task(
    1,
    "official_trust_2021",
    expected=lambda: _share(2021, "trust_official_sources"),
    percent=True,
    mistakes=(
        Mistake(lambda: _unweighted(2021, "trust_official_sources"), UNWEIGHTED),
        Mistake(
            lambda: _all_waves("trust_official_sources"),
            "This mixes all three survey waves. Keep only the 2021 rows first: "
            'survey[survey["wave"] == 2021].',
        ),
        Mistake(
            lambda: _share(2025, "trust_official_sources"),
            "This is the 2025 share; the task asks for 2021.",
        ),
        Mistake(
            lambda: _share(2019, "trust_official_sources"),
            "This is the 2019 share; the task asks for 2021.",
        ),
    ),
    hints=(
        "Keep only the respondents of the 2021 wave, then take the *weighted* share of "
        "`trust_official_sources`, as in the lesson.",
        '`rows = survey[survey["wave"] == 2021]`, then '
        '`metrics.weighted_share(rows["trust_official_sources"], rows["weight"])`.',
    ),
)

q2 = exercise.task(
    2,
    "share_in_wave",
    expected=lambda column, wave: _share(wave, column),
    calls=(("uses_tiktok", 2019), ("uses_tiktok", 2025)),
    grading_calls=(("uses_radio", 2021), ("trust_tv", 2019), ("uses_telegram", 2025)),
    percent=True,
    mistakes=(
        Mistake(lambda column, wave: _unweighted(wave, column), UNWEIGHTED),
        Mistake(
            lambda column, wave: _all_waves(column),
            "The function mixes all three waves: use `rows` (the respondents of `wave`), not "
            "`survey`.",
        ),
    ),
    hints=(
        "Inside the function, `rows` already holds the respondents of that wave: take the "
        "weighted share of the column the function is given.",
        '`share = metrics.weighted_share(rows[column], rows["weight"])` — `column`, not a '
        "column name in quotes.",
    ),
)

q3 = exercise.task(
    3,
    "tv_change",
    expected=lambda: _share(2025, "uses_tv") - _share(2019, "uses_tv"),
    mistakes=(
        Mistake(
            lambda: _unweighted(2025, "uses_tv") - _unweighted(2019, "uses_tv"),
            "This is the change in the unweighted shares. Use the weighted shares: your "
            "function share_in_wave does it.",
        ),
        Mistake(
            lambda: (
                (_share(2025, "uses_tv") - _share(2019, "uses_tv")) / _share(2019, "uses_tv") * 100
            ),
            "This is the change in percent of the 2019 share. The task asks for percentage "
            "points: just subtract the 2019 share from the 2025 share.",
        ),
        Mistake(
            lambda: _share(2025, "uses_tv") - _share(2021, "uses_tv"),
            "This is the change from 2021; the task asks from 2019 to 2025.",
        ),
    ),
    hints=(
        "Use your function twice, once for each year, and subtract.",
        '`share_in_wave("uses_tv", 2025) - share_in_wave("uses_tv", ...)`.',
    ),
)

q4 = exercise.task(
    4,
    "social_trust_by_age",
    expected=lambda: _by(2025, "trust_social_networks", "age_group"),
    percent=True,
    mistakes=(
        Mistake(
            lambda: _by(2025, "trust_social_networks", "age_group", weighted=False), UNWEIGHTED
        ),
        Mistake(
            lambda: _by(2025, "uses_social_networks", "age_group"),
            "These are the shares who *use* social networks for news. The task asks who "
            "*trusts* them: the column trust_social_networks.",
        ),
        Mistake(
            lambda: _by(2021, "trust_social_networks", "age_group"),
            "These are the 2021 shares; the task asks for 2025: use wave_2025.",
        ),
    ),
    hints=(
        "`metrics.weighted_shares` gives weighted shares for each group of a column, as in the "
        "lesson; you need one column of its result.",
        '`metrics.weighted_shares(wave_2025, ["trust_social_networks"], by="age_group")` gives a '
        'table; add `["trust_social_networks"]` to pick its column.',
    ),
)

q5 = exercise.task(
    5,
    "top_telegram_region",
    expected=lambda: str(_by(2025, "uses_telegram", "region").idxmax()),
    options=tuple(sorted(load("survey")["region"].cat.categories)),
    mistakes=(
        Mistake(
            lambda: str(_by(2025, "uses_telegram", "region").idxmin()),
            "This is the region where Telegram is *weakest*: use .idxmax(), not .idxmin().",
        ),
        Mistake(
            lambda: str(_by(2019, "uses_telegram", "region").idxmax()),
            "This region led in 2019; the task asks for 2025: use wave_2025.",
        ),
    ),
    hints=(
        "Compute the weighted Telegram share of each region in 2025, then take the label "
        "(the region id) of the largest one.",
        '`metrics.weighted_shares(wave_2025, ["uses_telegram"], by="region")["uses_telegram"]` '
        "gives one share per region; add `.idxmax()`.",
    ),
)
