"""Exercise 7 · A strategy for Region J: the tasks.

Tasks 4 and 5 ask for the participant's own plan (a content mix, a month's calendar): there is no
single right answer, so those answers are judged by the task's rules (`Rule`), each with the
message that says which rule the plan breaks. Everything else is judged as in every exercise.
Three answer cells give a scaffold that the solution overwrites (a Series of `...`, three example
slots): `q1.solution()`, `q4.solution()` and `q5.solution()` show the worked code without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from course_utils import checks, kpis, load, metrics
from course_utils.checks import AnswerError
from course_utils.i18n import N_, translator
from course_utils.tasks import Exercise, Mistake, Task

_ = translator("m07")

exercise = Exercise("m07_strategy_and_kpis")
AKIMAT = "region_j"
LESSON_AKIMAT = "region_f"
BASELINE_KPIS = [
    "response_rate",
    "median_response_hours",
    "questions_answered",
    "short_video_share",
    "official_events_share",
]
PLATFORMS = ["uses_instagram", "uses_tiktok", "uses_youtube", "uses_telegram", "uses_facebook"]
TOPICS = [
    "official_events",
    "public_services",
    "infrastructure",
    "social_support",
    "culture_sport",
    "health_education",
    "emergency_alerts",
    "economy_jobs",
]
ACCOUNTS = ["instagram", "tiktok", "telegram", "facebook", "youtube"]
CALENDAR_COLUMNS = ["date", "weekday", "time", "platform", "format", "topic", "evening_or_weekend"]
SLOT_COLUMNS = ["weekday", "time", "platform", "format"]
MONTH = "2026-04"


def _task(number: int, names, expected: Callable, kind=Task, **kw) -> Task:
    names = (names,) if isinstance(names, str) else tuple(names)
    hints = tuple(kw.pop("hints"))
    if len(hints) < 2:
        raise ValueError(f"{exercise.exercise} task {number}: give at least two hints")
    return kind(exercise.exercise, number, names, expected, hints, **kw)


# -- answers judged by rules -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A rule the participant's own plan must meet. `test` gets the answers by name and returns
    True when the rule is met (or raises AnswerError with its own message); `says` is the message
    when it is not: text, or a function of the answers that writes it."""

    test: Callable[[dict], bool]
    says: str | Callable[[dict], str]
    of: str


@dataclass(frozen=True)
class PlanTask(Task):
    """A task whose answers include a plan: the names that have rules are judged by them, in
    order, after the other names are judged against the right answer as usual. `expected` gives
    one valid plan for those names (the tests use it as a right answer)."""

    rules: tuple[Rule, ...] = ()

    def _check_values(self, answers: tuple, inputs: dict) -> None:
        if len(answers) != len(self.names):
            super()._check_values(answers, inputs)  # says how many answers the check needs
        given = dict(zip(self.names, answers, strict=True))
        planned = {rule.of for rule in self.rules}
        wanted = self.expected(**inputs)
        wanted = (wanted,) if len(self.names) == 1 else tuple(wanted)
        for name, want in zip(self.names, wanted, strict=True):
            if name not in planned:
                self._judge(given[name], want, name, lambda m: m.answer(**inputs), name)
        for rule in self.rules:
            try:
                met = rule.test(given)
            except AnswerError as error:
                self._fail(str(error))
            except Exception as error:  # an answer of an unexpected shape: say so, no traceback
                self._fail(
                    _(
                        "The check could not read `{name}` ({kind}: {error}). Run the cells of "
                        "this task again, as they are in the scaffold.",
                        name=rule.of,
                        kind=type(error).__name__,
                        error=error,
                    )
                )
            if not checks._truth(met):
                self._fail(rule.says(given) if callable(rule.says) else rule.says)


# -- the data ----------------------------------------------------------------------------------


@cache
def _yearly() -> pd.DataFrame:
    return kpis.yearly_kpis()


@cache
def _monthly() -> pd.DataFrame:
    return kpis.monthly_kpis()


def _own(akimat_id):
    posts, comments = load("posts"), load("comments")
    return posts[posts["akimat_id"] == akimat_id], comments[comments["akimat_id"] == akimat_id]


# -- Task 1: baseline(akimat_id) -----------------------------------------------------------------


def _baseline(akimat_id) -> pd.Series:
    return _yearly().loc[akimat_id, BASELINE_KPIS].astype(float)


def _baseline_with(akimat_id, **changed) -> pd.Series:
    values = _baseline(akimat_id).copy()
    for label, value in changed.items():
        values[label] = float(value)
    return values


def _mean_hours(akimat_id):
    _, own_comments = _own(akimat_id)
    hours = metrics.response_times(own_comments["commented_at"], own_comments["replied_at"])
    return _baseline_with(akimat_id, median_response_hours=hours.mean())


def _replies_per_post(akimat_id):
    own_posts, own_comments = _own(akimat_id)
    rate = own_comments["replied"].sum() / len(own_posts) * 100
    return _baseline_with(akimat_id, response_rate=rate)


def _questions_over_all_comments(akimat_id):
    _, own_comments = _own(akimat_id)
    rate = metrics.response_rate(own_comments["replied"])
    return _baseline_with(akimat_id, questions_answered=rate)


def _shares_without_100(akimat_id):
    values = _baseline(akimat_id)
    return _baseline_with(
        akimat_id,
        short_video_share=values["short_video_share"] / 100,
        official_events_share=values["official_events_share"] / 100,
    )


q1 = _task(
    1,
    "baseline",
    expected=_baseline,
    calls=(("region_j",), ("region_q",)),
    grading_calls=(("city_y",), ("region_s",), ("region_n",)),
    mistakes=(
        Mistake(
            lambda akimat_id: pd.Series(dict.fromkeys(BASELINE_KPIS, ...)),
            "`baseline` still gives `...` for every KPI: replace each `...` in the Series with "
            "its formula, computed from the akimat's own rows.",
        ),
        Mistake(
            _mean_hours,
            "`median_response_hours` is the *mean* time to a reply: a few replies after a week "
            "pull it up. Take the median with metrics.median_response_time(...).",
        ),
        Mistake(
            _replies_per_post,
            "`response_rate` divides the replies by the number of *posts*. It is replies ÷ "
            'all *comments* × 100: metrics.response_rate(own_comments["replied"]).',
        ),
        Mistake(
            _questions_over_all_comments,
            "`questions_answered` is the same as `response_rate`: it counts all comments. Use "
            'only the questions: metrics.response_rate(questions["replied"]).',
        ),
        Mistake(
            _shares_without_100,
            "`short_video_share` and `official_events_share` are shares between 0 and 1: "
            "multiply each by 100 to make them percentages, like the other KPIs.",
        ),
    ),
    hints=(
        "Inside the function, `own_posts`, `own_comments` and `questions` already hold the "
        "akimat's rows: compute each KPI from them, as for Region F in section 2 of the lesson "
        "(metrics.response_rate, metrics.median_response_time; a share of posts is the mean of a "
        "yes/no test × 100).",
        '`"response_rate": metrics.response_rate(own_comments["replied"]),` — the same for '
        '`questions`; and `"short_video_share": (own_posts["content_type"] == "short_video")'
        '.mean() * 100,` — the same with `own_posts["topic"] == "official_events"`.',
    ),
)


# -- Task 2: two SMART targets -------------------------------------------------------------------


def _half_gap(akimat_id, kpi):
    base, top = _yearly().loc[akimat_id, kpi], kpis.benchmarks(_yearly())[kpi]
    return float(base + 0.5 * (top - base))


def _targets():
    return _half_gap(AKIMAT, "response_rate"), _half_gap(AKIMAT, "median_response_hours")


def _base(kpi):
    return float(_yearly().loc[AKIMAT, kpi])


def _top(kpi):
    return float(kpis.benchmarks(_yearly())[kpi])


def _step(kpi):
    return 0.5 * (_top(kpi) - _base(kpi))


q2 = _task(
    2,
    ("response_target", "time_target"),
    expected=_targets,
    mistakes=(
        Mistake(
            lambda: _half_gap(LESSON_AKIMAT, "response_rate"),
            "`response_target` is Region F's target from the lesson. Start from Region J's "
            'baseline: yearly.loc["region_j", "response_rate"].',
            of="response_target",
        ),
        Mistake(
            lambda: _top("response_rate"),
            "`response_target` is the top quarter itself. The rule closes only *half* the gap "
            "in a year: baseline + 0.5 × (top quarter − baseline).",
            of="response_target",
        ),
        Mistake(
            lambda: _step("response_rate"),
            "`response_target` is only the step, half the gap. Add it to Region J's baseline: "
            "baseline + 0.5 × (top quarter − baseline).",
            of="response_target",
        ),
        Mistake(
            lambda: _base("response_rate"),
            "`response_target` is Region J's 2025 response rate itself: a target should be "
            "higher. (With kpis.smart_target, a response rate has higher_is_better=True.)",
            of="response_target",
        ),
        Mistake(
            lambda: _base("median_response_hours") - _step("median_response_hours"),
            "`time_target` lies *above* Region J's 2025 median response time: that would be "
            "slower. Fewer hours is better; the formula baseline + 0.5 × (top quarter − baseline) "
            "works as it is, because the top quarter is lower.",
            of="time_target",
        ),
        Mistake(
            lambda: _base("median_response_hours"),
            "`time_target` is Region J's 2025 median response time itself. If you used "
            "kpis.smart_target, say higher_is_better=False: fewer hours is better.",
            of="time_target",
        ),
        Mistake(
            lambda: _top("median_response_hours"),
            "`time_target` is the top quarter itself. The rule closes only *half* the gap in a "
            "year: baseline + 0.5 × (top quarter − baseline).",
            of="time_target",
        ),
        Mistake(
            lambda: _step("median_response_hours"),
            "`time_target` is only the step, half the gap. Add it to Region J's baseline: "
            "baseline + 0.5 × (top quarter − baseline).",
            of="time_target",
        ),
    ),
    hints=(
        "Close half the gap: target = baseline + 0.5 × (top quarter − baseline), with Region "
        'J\'s baseline from `yearly.loc["region_j"]` and the level of the best akimats from '
        "`top_quarter`. The same formula works for the hours: the top quarter is lower there, "
        "so the target comes out below the baseline.",
        '`region_j = yearly.loc["region_j"]`, then `response_target = region_j["response_rate"]'
        ' + 0.5 * (top_quarter["response_rate"] - region_j["response_rate"])`; the same with '
        '`"median_response_hours"`.',
    ),
)


# -- Task 3: where the residents are --------------------------------------------------------------


def _adults():
    survey = load("survey")
    return survey[(survey["wave"] == 2025) & (survey["region"] == AKIMAT)]


q3 = _task(
    3,
    "platform_use",
    expected=lambda: metrics.weighted_shares(_adults(), PLATFORMS),
    mistakes=(
        Mistake(
            lambda: _adults()[PLATFORMS].mean() * 100,
            "These are unweighted shares: every respondent counted once. The survey "
            "over-represents some groups, so use the weights: metrics.weighted_shares(adults, "
            "platforms).",
        ),
        Mistake(
            lambda: _adults()[PLATFORMS].mean(),
            "These are unweighted shares between 0 and 1. Use the survey weights, which give "
            "percentages: metrics.weighted_shares(adults, platforms).",
        ),
        Mistake(
            lambda: metrics.weighted_shares(load("survey"), PLATFORMS),
            "These shares cover the whole survey: every region and all three waves. Use "
            "`adults`, the 2025 respondents from Region J.",
        ),
    ),
    hints=(
        "`adults` already holds the 2025 respondents from Region J: take the weighted share of "
        "each platform column with `metrics.weighted_shares`, as in the lesson (and module 1).",
        "`platform_use = metrics.weighted_shares(adults, ...)` — with the list `platforms`.",
    ),
)


# -- Task 4: the content mix, now and planned ------------------------------------------------------


def _mix(rows: pd.DataFrame, normalize: bool = True, scale: float = 100) -> pd.Series:
    counts = rows["topic"].value_counts(normalize=normalize)
    return (counts * scale if normalize else counts).astype(float)


EXAMPLE_MIX = pd.Series(
    {
        "official_events": 18,
        "public_services": 18,
        "infrastructure": 16,
        "social_support": 13,
        "culture_sport": 13,
        "health_education": 9,
        "emergency_alerts": 7,
        "economy_jobs": 6,
    }
)


def _plan_numbers(given: dict, name: str = "planned_mix") -> pd.Series:
    """The plan as numbers with the eight topics, or an AnswerError saying what is missing."""
    plan = given[name]
    checks.check_answered(plan, name)
    plan = checks._series(plan, name, index=TOPICS)
    blank = [str(t) for t, v in plan.items() if v is ... or v is None]
    if blank:
        checks._fail(
            _(
                "`{name}` has no answer yet for {topics}: type a share (%) in place of each `...`.",
                name=name,
                topics=blank,
            )
        )
    numbers = pd.to_numeric(plan, errors="coerce").astype(float)
    if numbers.isna().any():
        wrong = [str(t) for t in numbers[numbers.isna()].index]
        checks._fail(
            _(
                "`{name}` should hold a number for each topic; {topics} are not numbers.",
                name=name,
                topics=wrong,
            )
        )
    return numbers


def _sum_is_100(given):
    total = float(_plan_numbers(given).sum())
    if abs(total - 1) < 0.05:
        checks._fail(
            _(
                "The shares in `planned_mix` add up to 1: write them as percentages (18, not "
                "0.18), adding up to 100."
            )
        )
    return abs(total - 100) < 0.5


q4 = _task(
    4,
    ("current_mix", "planned_mix"),
    kind=PlanTask,
    expected=lambda: (_mix(_own(AKIMAT)[0]), EXAMPLE_MIX.copy()),
    right="Your plan keeps to the rules; your instructor reads the reasons in your summary.",
    mistakes=(
        Mistake(
            lambda: _mix(_own(AKIMAT)[0], normalize=False),
            "`current_mix` counts posts. The task asks for shares: add normalize=True to "
            "value_counts and multiply by 100.",
            of="current_mix",
        ),
        Mistake(
            lambda: _mix(_own(AKIMAT)[0], scale=1),
            "`current_mix` holds shares between 0 and 1: multiply by 100 to make percentages.",
            of="current_mix",
        ),
        Mistake(
            lambda: _mix(load("posts")),
            "`current_mix` is the mix of all 20 akimats' posts. Use Region J's posts: `own_posts`.",
            of="current_mix",
        ),
    ),
    rules=(
        Rule(
            _sum_is_100,
            lambda g: _(
                "The shares in `planned_mix` add up to {total}; they should add up to 100. Change "
                "one topic's share (check with planned_mix.sum()).",
                total=format(float(_plan_numbers(g).sum()), ".1f"),
            ),
            of="planned_mix",
        ),
        Rule(
            lambda g: _plan_numbers(g)["official_events"] <= 20,
            "Protocol posts (`official_events`) get more than 20% in `planned_mix`; the plan "
            "gives them at most 20 and moves the rest to topics residents use.",
            of="planned_mix",
        ),
        Rule(
            lambda g: bool((_plan_numbers(g) > 0).all()),
            lambda g: _(
                "Every topic in `planned_mix` should get a share above 0; {topics} get none "
                "(preparedness posts under emergency_alerts count too).",
                topics=[str(t) for t, v in _plan_numbers(g).items() if v <= 0],
            ),
            of="planned_mix",
        ),
    ),
    hints=(
        "1. Count Region J's posts per topic as shares (`value_counts` with normalize=True, "
        "× 100), as in section 7 of the lesson. 2. Look at `current_mix`, then type your own "
        "shares: about 10 points move from protocol to the topics residents use (public "
        "services, social support, infrastructure).",
        '`current_mix = own_posts["topic"].value_counts(...) * 100`; for the plan, check that '
        '`planned_mix.sum()` gives 100 and `planned_mix["official_events"]` is at most 20.',
    ),
)


# -- Task 5: a calendar for April 2026 -------------------------------------------------------------

EXAMPLE_SLOTS = pd.DataFrame(
    [
        ("Mon", "19:30", "instagram", "short_video"),
        ("Tue", "20:00", "telegram", "photo"),
        ("Wed", "12:30", "telegram", "text"),
        ("Wed", "20:00", "tiktok", "short_video"),
        ("Thu", "19:30", "instagram", "carousel"),
        ("Fri", "19:00", "youtube", "short_video"),
        ("Sat", "11:00", "tiktok", "short_video"),
        ("Sat", "19:30", "instagram", "photo"),
        ("Sun", "20:00", "telegram", "photo"),
        ("Sun", "18:30", "facebook", "photo"),
    ],
    columns=SLOT_COLUMNS,
)


def _calendar(given) -> pd.DataFrame:
    calendar = given["calendar"]
    checks.check_table(calendar, "calendar", columns=CALENDAR_COLUMNS)
    return calendar


def _slots(given) -> pd.DataFrame:
    slots = given["slots"]
    checks.check_table(slots, "slots", columns=SLOT_COLUMNS)
    return slots


MONTH_NAMES = (
    *(N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June")),
    *(N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December")),
)


def _months(given) -> list[str]:
    """The months the calendar covers, as "April 2026" (in the course language)."""
    dates = pd.to_datetime(_calendar(given)["date"], errors="coerce")
    months = sorted({(d.strftime("%B %Y"), d.year, d.month) for d in dates.dropna()})
    return [f"{_(MONTH_NAMES[month - 1])} {year}" for _text, year, month in months]


def _in_april(given) -> bool:
    dates = pd.to_datetime(_calendar(given)["date"], errors="coerce")
    return bool(len(dates) and dates.notna().all() and (dates.dt.strftime("%Y-%m") == MONTH).all())


def _evening_share(given) -> float:
    return float(_calendar(given)["evening_or_weekend"].astype(bool).mean() * 100)


def _platforms(given) -> set[str]:
    return {str(p) for p in _calendar(given)["platform"]}


def _short_video_share(given) -> float:
    return float((_calendar(given)["format"].astype(str) == "short_video").mean() * 100)


def _rebuilt(given) -> pd.DataFrame:
    try:
        return kpis.plan_calendar(MONTH, _slots(given), given["planned_mix"])
    except AnswerError:
        raise
    except Exception as error:
        checks._fail(
            _(
                "The check could not make a calendar from your `slots` and `planned_mix`: "
                "{error} Run the cells of Tasks 4 and 5 again.",
                error=error,
            )
        )


def _made_from_plan(given) -> bool:
    """The calendar is the one plan_calendar makes from the participant's own slots and mix,
    cell for cell (the other rules read the calendar, so an edited one must not pass)."""
    calendar, again = _calendar(given), _rebuilt(given)
    if len(calendar) != len(again):
        return False
    mine = calendar[CALENDAR_COLUMNS].astype(str).reset_index(drop=True)
    made = again[CALENDAR_COLUMNS].astype(str).reset_index(drop=True)
    return bool((mine == made).all().all())


q5 = _task(
    5,
    ("calendar", "slots", "planned_mix"),
    kind=PlanTask,
    expected=lambda: (
        kpis.plan_calendar(MONTH, EXAMPLE_SLOTS, EXAMPLE_MIX),
        EXAMPLE_SLOTS.copy(),
        EXAMPLE_MIX.copy(),
    ),
    right="Your calendar keeps to the rules.",
    rules=(
        Rule(lambda g: _calendar(g) is not None, "", of="calendar"),
        Rule(lambda g: _slots(g) is not None, "", of="slots"),
        Rule(lambda g: _plan_numbers(g) is not None, "", of="planned_mix"),
        Rule(
            _in_april,
            lambda g: _(
                "`calendar` covers {months}; it should cover April 2026: "
                'kpis.plan_calendar("{month}", slots, planned_mix).',
                months=", ".join(_months(g)) or _("no dates"),
                month=MONTH,
            ),
            of="calendar",
        ),
        Rule(
            lambda g: len(_slots(g)) >= 8,
            lambda g: _(
                "`slots` has {count} rows; plan at least 8 slots a week (copy a row and change it).",
                count=len(_slots(g)),
            ),
            of="slots",
        ),
        Rule(
            lambda g: _evening_share(g) >= 80,
            lambda g: _(
                "Only {share}% of the posts are in the evening or at the weekend (at least 80%). "
                "Move slots to 18:00 or later, or to Saturday and Sunday.",
                share=format(_evening_share(g), ".0f"),
            ),
            of="calendar",
        ),
        Rule(
            lambda g: _platforms(g) <= set(ACCOUNTS),
            lambda g: _(
                "`slots` uses {platforms}: Region J has only {accounts} (written in lower case).",
                platforms=sorted(_platforms(g) - set(ACCOUNTS)),
                accounts=", ".join(ACCOUNTS),
            ),
            of="calendar",
        ),
        Rule(
            lambda g: len(_platforms(g)) >= 3,
            lambda g: _(
                "`slots` uses {count} platform(s); use at least 3.", count=len(_platforms(g))
            ),
            of="calendar",
        ),
        Rule(
            lambda g: _short_video_share(g) >= 30,
            lambda g: _(
                "Only {share}% of the planned posts are short video (at least 30%): make more "
                'slots "short_video".',
                share=format(_short_video_share(g), ".0f"),
            ),
            of="calendar",
        ),
        Rule(
            _made_from_plan,
            "`calendar` is not the one your `slots` and `planned_mix` give. Make it with "
            f'kpis.plan_calendar("{MONTH}", slots, planned_mix), and change the slots, not the '
            "calendar.",
            of="calendar",
        ),
    ),
    hints=(
        "Add rows to `slots`, one per weekly slot, mostly in the evening (18:00 or later) or at "
        "the weekend, several of them short video on Instagram and TikTok. Then let "
        "`kpis.plan_calendar` repeat them over April 2026 with your `planned_mix`.",
        'Add a slot by copying a row and changing it: `("Sat", "19:30", "instagram", '
        '"short_video"),` (weekdays "Mon" … "Sun", times "19:30"). Then '
        '`calendar = kpis.plan_calendar("2026-04", ...)`; check your plan with '
        '`calendar["evening_or_weekend"].mean()`.',
    ),
)


# -- Task 6: read the dashboard -------------------------------------------------------------------


def _hours():
    return _monthly().loc[AKIMAT, "median_response_hours"]


def _months_at_or_below(target: float) -> int:
    return int((_hours() <= target).sum())


q6 = _task(
    6,
    "months_on_target",
    expected=lambda: _months_at_or_below(_targets()[1]),
    mistakes=(
        Mistake(
            lambda: int((_hours() >= _targets()[1]).sum()),
            "This counts the months *above* the target. For response time fewer hours is "
            "better: count the months at or below `time_target` (<=, or kpis.target_met).",
        ),
        Mistake(
            lambda: len(_hours()),
            "This is the number of months, not the number that met the target: add up the "
            "True values with .sum(), not len() or .count().",
        ),
        Mistake(
            lambda: _months_at_or_below(_base("median_response_hours")),
            "This counts the months at or below Region J's 2025 baseline, not below the target. "
            "Compare with your `time_target` from Task 2 (it lies below the baseline; check that "
            "Task 2 passes).",
        ),
        Mistake(
            lambda: int(
                kpis.target_met(
                    _monthly().loc[AKIMAT, "response_rate"], _targets()[0], "response_rate"
                ).sum()
            ),
            "This counts the months on the *response rate* target. The task asks about the "
            'median response time: monthly.loc["region_j", "median_response_hours"] and '
            "`time_target`.",
        ),
    ),
    hints=(
        "Take Region J's 12 monthly values of the median response time from `monthly` and count "
        "the months at or below `time_target` (fewer hours is better), like COUNTIF in Excel. "
        'Or count the "yes" in the KPI dashboard\'s table.',
        '(monthly.loc["region_j", "median_response_hours"] <= time_target) gives True or False '
        "for each month; add `.sum()` to count the Trues.",
    ),
)
