"""Exercise 4 · Visual and video content that engages: the tasks."""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from course_utils import experiments, load, metrics
from course_utils.i18n import translator
from course_utils.tasks import Exercise, Mistake, Task

_ = translator("m04")

exercise = Exercise("m04_visual_and_video")
TELEGRAM = "telegram_video_vs_photo"
VERDICTS = ("short video is clearly better", "the test cannot tell", "static is clearly better")


@dataclass(frozen=True, repr=False)
class _PickedRows(Task):
    """A task whose answer is a column of picked rows: other rows are named before labels.

    `Task` compares a column's labels before it looks at the typical mistakes, so a column of
    other rows (all platforms instead of one, the other experiment, the other arm) would only be
    told which labels are unexpected: row numbers, for the arms of an experiment. Here such a
    column is first compared with the typical mistakes, then (if `other_rows` is given) told
    what rows it should hold.
    """

    other_rows: Callable | None = None

    def _judge(self, got, want, shown, wrong_of, name, generic=None):
        if (
            isinstance(want, pd.Series)
            and type(got) is pd.Series
            and sorted(map(str, got.index)) != sorted(map(str, want.index))
        ):
            says = self._named_mistake(got, want, wrong_of, name)
            if says:
                self._fail(says)
            if self.other_rows is not None:
                self._fail(self.other_rows(name, len(got), len(want)))
        super()._judge(got, want, shown, wrong_of, name, generic)


# -- Task 1: the year of posts ---------------------------------------------------------------


def _posts():
    posts = load("posts")
    posts["er_by_reach"] = metrics.engagement_rate_by_reach(
        metrics.engagements(posts), posts["reach"]
    )
    return posts


def _by_type(platform, statistic="median", every_platform=False, largest_first=True):
    posts = _posts()
    rows = posts if every_platform else posts[posts["platform"] == platform]
    values = rows.groupby("content_type", observed=True)["er_by_reach"].agg(statistic)
    return values.sort_values(ascending=False) if largest_first else values


MEAN = (
    "These are the means, not the medians. A few viral posts pull the mean up; compare formats "
    "by the middle post: .median()."
)

q1 = _PickedRows(
    exercise.exercise,
    1,
    ("median_er_by_type",),
    expected=_by_type,
    calls=(("vk",), ("tiktok",)),
    grading_calls=(("youtube",), ("facebook",), ("instagram",)),
    ordered=True,
    mistakes=(
        Mistake(lambda platform: _by_type(platform, "mean"), MEAN),
        Mistake(
            lambda platform: _by_type(platform, "mean", largest_first=False),
            MEAN + " Then sort them, largest first: .sort_values(ascending=False).",
        ),
        Mistake(
            lambda platform: _by_type(platform, every_platform=True),
            "The function gives the medians of all posts, of every platform, whatever platform "
            "it is given. Group `rows` (the posts of that platform), not `posts`.",
        ),
        Mistake(
            lambda platform: _by_type("vk"),
            "The function gives VK's medians whatever platform it is given. Keep the posts of "
            'the platform the function is given: posts["platform"] == platform, not "vk".',
        ),
    ),
    hints=(
        "Inside the function, `rows` already holds the posts of that platform: group them by "
        "content type, take the **median** of `er_by_reach`, and sort the result, largest first.",
        '`medians = rows.groupby("content_type", observed=True)["er_by_reach"]` ... then add '
        "`.median()` and `.sort_values(ascending=False)`.",
    ),
)


# -- Task 2: "below average" -----------------------------------------------------------------


def _below_mean(platform="tiktok", content_type="short_video", above=False):
    posts = _posts()
    rows = posts
    if platform is not None:
        rows = rows[rows["platform"] == platform]
    if content_type is not None:
        rows = rows[rows["content_type"] == content_type]
    er = rows["er_by_reach"]
    return float(((er > er.mean()) if above else (er < er.mean())).mean() * 100)


q2 = exercise.task(
    2,
    "tiktok_below_mean",
    expected=_below_mean,
    percent=True,
    mistakes=(
        Mistake(
            lambda: _below_mean(above=True),
            "This is the share of posts *above* the mean. A few viral posts pull the mean up, so "
            "most posts lie below it: count the posts with `er < er.mean()`.",
        ),
        Mistake(
            lambda: _below_mean(content_type=None),
            "This counts all TikTok posts, photos and carousels too. Keep only the short videos "
            'as well: (posts["content_type"] == "short_video").',
        ),
        Mistake(
            lambda: _below_mean(platform=None),
            "This counts the short videos of every platform. Keep only the TikTok ones as well: "
            '(posts["platform"] == "tiktok").',
        ),
        Mistake(
            lambda: _below_mean(platform="instagram"),
            "This is the share for Instagram short videos, the lesson's example. The task asks "
            'about TikTok: platform == "tiktok".',
        ),
    ),
    hints=(
        "Keep the TikTok posts whose content type is short_video (two conditions joined with "
        "`&`). Then, as in the lesson's Reels example, compare each post's `er_by_reach` with the "
        "mean of those posts and take the share (%) of posts below it.",
        '`tiktok_videos = posts[(posts["platform"] == "tiktok") & (posts["content_type"] == ...)]`'
        ', then `er = tiktok_videos["er_by_reach"]` and `(er < er.mean())...`, as in the lesson.',
    ),
)


# -- Tasks 3 to 6: the Telegram experiment ---------------------------------------------------


def _arms(experiment=TELEGRAM):
    """The Telegram experiment's arms, static and short video: er_by_views, as the setup adds it."""
    table = load("format_experiment")
    table["er_by_views"] = metrics.engagement_rate_by_impressions(
        metrics.engagements(table), table["views"]
    )
    rows = table if experiment is None else table[table["experiment"] == experiment]
    static = rows.loc[rows["arm"] == "static", "er_by_views"]
    video = rows.loc[rows["arm"] == "short_video", "er_by_views"]
    return static, video


def _experiment():
    static, video = _arms()
    return static, video, experiments.difference_in_means(static, video)


def _rows_for(name, got, want):
    arm = "static" if name == "tg_static" else "short_video"
    if got != want:
        return _(
            "Each arm of the Telegram experiment has {want} posts, but `{name}` has {got}. Keep "
            "only the rows of the experiment {experiment}, then the rows of one arm for each "
            "variable.",
            want=want,
            name=name,
            got=got,
            experiment=TELEGRAM,
        )
    return _(
        "`{name}` has {got} values, but not those of the Telegram experiment's {arm} posts. "
        'Keep the rows of the experiment {experiment} whose arm is "{arm}".',
        name=name,
        got=got,
        arm=arm,
        experiment=TELEGRAM,
    )


q3 = _PickedRows(
    exercise.exercise,
    3,
    ("tg_static", "tg_video", "tg_difference"),
    expected=_experiment,
    other_rows=_rows_for,
    mistakes=(
        Mistake(
            lambda: _arms(experiment=None)[0],
            "`tg_static` holds the static posts of both experiments (the Instagram ones have no "
            f'views). Keep only the rows of the Telegram experiment first: experiment == "{TELEGRAM}".',
            of="tg_static",
        ),
        Mistake(
            lambda: _arms(experiment="instagram_reels_vs_static")[0],
            "`tg_static` holds the posts of the Instagram experiment, the lesson's (they have no "
            f'views). Keep the rows of the Telegram experiment: experiment == "{TELEGRAM}".',
            of="tg_static",
        ),
        Mistake(
            lambda: _arms()[1],
            '`tg_static` holds the short-video posts. Pick the arm "static" for `tg_static` and '
            'the arm "short_video" for `tg_video`.',
            of="tg_static",
        ),
        Mistake(
            lambda: _arms()[0],
            '`tg_video` holds the static posts, as `tg_static` does: change the arm to "short_video".',
            of="tg_video",
        ),
        Mistake(
            lambda: experiments.difference_in_means(*reversed(_arms())),
            "`tg_difference` is static minus short video. Give experiments.difference_in_means "
            "the usual format first and the new one second: (tg_static, tg_video).",
            of="tg_difference",
        ),
        Mistake(
            lambda: experiments.relative_lift(*_arms()),
            "This is the lift in per cent of the static mean (experiments.relative_lift). The "
            "task asks for the difference in points: experiments.difference_in_means.",
            of="tg_difference",
        ),
    ),
    hints=(
        f"First keep the rows of the Telegram experiment ({TELEGRAM}). Then, as the lesson did "
        "for Instagram, pick the `er_by_views` of each arm with `.loc[rows, column]`, and compare "
        "them with `experiments.difference_in_means`: the usual format first, the new one second.",
        f'`telegram = experiment[experiment["experiment"] == "{TELEGRAM}"]`, then '
        '`tg_static = telegram.loc[telegram["arm"] == "static", "er_by_views"]`; make `tg_video` '
        "the same way, then `experiments.difference_in_means(...)` with static first.",
    ),
)


def _interval(static_first=True):
    static, video = _arms()
    a, b = (static, video) if static_first else (video, static)
    return tuple(experiments.bootstrap_interval(a, b, n_resamples=2000, seed=0))


q4 = exercise.task(
    4,
    "tg_interval",
    expected=_interval,
    mistakes=(
        Mistake(
            lambda: _interval(static_first=False),
            "This is the interval for static minus short video. Give the arms in the same order "
            "as in Task 3: tg_static first, then tg_video.",
        ),
    ),
    hints=(
        "`experiments.bootstrap_interval` gives the 95% interval, as in section 7 of the lesson. "
        "Give it the two arms in the same order as in Task 3, with the lesson's settings.",
        "`tg_interval = experiments.bootstrap_interval(tg_static, tg_video, ...)`: fill in "
        "`n_resamples=2000, seed=0`.",
    ),
)


def _p_value(static_first=True):
    static, video = _arms()
    a, b = (static, video) if static_first else (video, static)
    return experiments.permutation_p_value(a, b, n_permutations=2000, seed=0)


q5 = exercise.task(
    5,
    "tg_p_value",
    expected=_p_value,
    mistakes=(
        Mistake(
            lambda: _p_value() * 100,
            "A p-value is a share of shuffles between 0 and 1, not a percentage: do not multiply "
            "it by 100.",
        ),
        Mistake(
            lambda: _p_value(static_first=False),
            "The arms are in the other order. The p-value means the same either way, but the "
            "shuffles come out differently: give tg_static first, then tg_video, as in Task 3.",
        ),
    ),
    hints=(
        "`experiments.permutation_p_value` shuffles the labels and counts, as in section 6 of the "
        "lesson. Give it the two arms in the same order as in Task 3.",
        "`tg_p_value = experiments.permutation_p_value(tg_static, tg_video, ...)`: fill in "
        "`n_permutations=2000, seed=0`.",
    ),
)


def _verdict():
    low, high = _interval()
    return VERDICTS[0] if low > 0 else VERDICTS[2] if high < 0 else VERDICTS[1]


def _reading() -> str:
    """What the Telegram experiment's numbers say, in words (for the verdict messages)."""
    low, high = _interval()
    where = (
        "runs from below 0 to above 0"
        if low <= 0 <= high
        else "lies entirely above 0"
        if low > 0
        else "lies entirely below 0"
    )
    side = "below" if _p_value() < 0.05 else "above"
    return f"Here the interval `tg_interval` {where} and the p-value `tg_p_value` is {side} 0.05."


_NEEDS = {
    VERDICTS[0]: "the whole 95% interval above 0 (and a p-value below 0.05)",
    VERDICTS[1]: "an interval that includes 0 (and a p-value above 0.05)",
    VERDICTS[2]: "the whole 95% interval below 0 (and a p-value below 0.05)",
}


def _wrong_verdict(verdict: str) -> Mistake:
    more = "short video" if _experiment()[2] > 0 else "static posts"
    return Mistake(
        lambda: verdict,
        f'On average {more} did better, but "{verdict}" needs {_NEEDS[verdict]}. ' + _reading(),
    )


q6 = exercise.task(
    6,
    "tg_verdict",
    expected=_verdict,
    options=VERDICTS,
    mistakes=tuple(_wrong_verdict(v) for v in VERDICTS if v != _verdict()),
    hints=(
        "Read the numbers as sections 6 and 7 of the lesson do: does the interval `tg_interval` "
        "include 0? Is the p-value `tg_p_value` below 0.05?",
        "The whole interval above 0 (and p below 0.05): short video is clearly better; the whole "
        "interval below 0: static is; an interval that includes 0: ... Write the sentence in "
        'quotes: `tg_verdict = "..."`.',
    ),
)
