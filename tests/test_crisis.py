"""course_utils.crisis: the crisis-case helpers, checked on small hand-made tables."""

import io
import math

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.figure import Figure

from course_utils import crisis


def _t(text):
    return pd.Timestamp(text, tz="Asia/Almaty")


@pytest.fixture
def events():
    # deliberately out of time order
    return pd.DataFrame(
        {
            "event_id": ["E03", "E01", "E02", "E04"],
            "posted_at": [
                _t("2025-04-06 11:40"),
                _t("2025-04-06 06:05"),
                _t("2025-04-06 10:25"),
                _t("2025-04-07 14:30"),
            ],
            "official": [True, False, True, True],
            "kind": ["denial", "first_report", "official_update", "denial"],
            "platform": ["telegram", "instagram", "telegram", "telegram"],
        }
    )


@pytest.fixture
def timeline():
    # six 10-minute bins from 11:00; rumour posts 10, 30, 20, 10, 0, 0
    return pd.DataFrame(
        {
            "bin_start": pd.date_range(
                "2025-04-06 11:00", periods=6, freq="10min", tz="Asia/Almaty"
            ),
            "rumour_posts": [10, 30, 20, 10, 0, 0],
            "rumour_views": [100, 300, 200, 100, 0, 0],
            "official_views": [0, 0, 50, 150, 100, 100],
            "public_mentions": [5, 5, 10, 20, 20, 20],
        }
    )


# as_time and format_duration ----------------------------------------------------------------


def test_as_time_reads_text_as_city_y_time():
    assert crisis.as_time("2025-04-06 11:40") == _t("2025-04-06 11:40")
    assert str(crisis.as_time("2025-04-06 11:40").tz) == "Asia/Almaty"


def test_as_time_converts_other_time_zones_to_city_y():
    utc = pd.Timestamp("2025-04-06 06:40", tz="UTC")
    assert crisis.as_time(utc).strftime("%H:%M") == "11:40"


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(260, "4 h 20 min"), (50, "50 min"), (120, "2 h"), (1565, "26 h 5 min"), (-15, "-15 min")],
)
def test_format_duration_in_hours_and_minutes(minutes, words):
    assert crisis.format_duration(pd.Timedelta(minutes=minutes)) == words


def test_format_duration_rounds_to_the_nearest_minute():
    assert crisis.format_duration(pd.Timedelta(minutes=49, seconds=40)) == "50 min"


# time_to_first_official ----------------------------------------------------------------------


def test_time_to_first_official_runs_from_the_first_public_post_to_the_first_official_one(events):
    # first public post 06:05, first official post 10:25 (the table is not in time order)
    assert crisis.time_to_first_official(events) == pd.Timedelta(hours=4, minutes=20)


def test_time_to_first_official_explains_a_table_without_official_posts(events):
    with pytest.raises(ValueError, match="no official post"):
        crisis.time_to_first_official(events[~events["official"]])


def test_time_to_first_official_explains_a_table_without_public_posts(events):
    with pytest.raises(ValueError, match="no public post"):
        crisis.time_to_first_official(events[events["official"]])


# cumulative_views ----------------------------------------------------------------------------


def test_cumulative_views_are_running_totals_indexed_by_the_end_of_each_bin(timeline):
    totals = crisis.cumulative_views(timeline)
    assert list(totals.columns) == ["rumour", "official"]
    assert totals["rumour"].tolist() == [100, 400, 600, 700, 700, 700]
    assert totals["official"].tolist() == [0, 0, 50, 200, 300, 400]
    # the row labelled 11:30 holds the views of the bins 11:00, 11:10 and 11:20
    assert totals.loc["2025-04-06 11:30", "rumour"] == 600
    assert totals.index[0] == _t("2025-04-06 11:10")


def test_cumulative_views_sort_the_bins_first(timeline):
    shuffled = timeline.iloc[[3, 0, 5, 1, 4, 2]]
    assert crisis.cumulative_views(shuffled)["rumour"].tolist() == [100, 400, 600, 700, 700, 700]


# rumour_rate_around --------------------------------------------------------------------------


def test_rumour_rate_around_compares_the_average_before_and_after(timeline):
    # before 11:20: bins 11:00 and 11:10 -> (10 + 30) / 2 = 20; after: 11:20 and 11:30 -> 15
    rate = crisis.rumour_rate_around(timeline, "2025-04-06 11:20", minutes=20)
    assert rate["before"] == pytest.approx(20)
    assert rate["after"] == pytest.approx(15)
    assert rate["change_pct"] == pytest.approx(-25)


def test_rumour_rate_around_leaves_out_the_bin_that_contains_the_moment(timeline):
    # 11:25 lies in the 11:20 bin (20 posts), which counts on neither side
    rate = crisis.rumour_rate_around(timeline, "2025-04-06 11:25", minutes=20)
    assert rate["before"] == pytest.approx(30)  # only the 11:10 bin ends by 11:25
    # only the 11:30 bin starts after 11:25 and ends by 11:45
    assert rate["after"] == pytest.approx(10)


def test_rumour_rate_around_can_measure_another_column(timeline):
    rate = crisis.rumour_rate_around(
        timeline, "2025-04-06 11:30", minutes=30, column="public_mentions"
    )
    assert rate["before"] == pytest.approx(20 / 3)
    assert rate["after"] == pytest.approx(20)
    assert rate["change_pct"] == pytest.approx(200)


def test_rumour_rate_around_gives_nan_change_when_there_was_no_rumour_before(timeline):
    rate = crisis.rumour_rate_around(timeline, "2025-04-06 11:40", minutes=20)
    assert rate["before"] == pytest.approx(15) and rate["after"] == 0
    rate = crisis.rumour_rate_around(timeline, "2025-04-06 12:00", minutes=10)
    assert rate["before"] == 0 and math.isnan(rate["change_pct"])


def test_rumour_rate_around_rejects_a_window_shorter_than_one_bin(timeline):
    with pytest.raises(ValueError, match="at least 10"):
        crisis.rumour_rate_around(timeline, "2025-04-06 11:20", minutes=5)


# rumour_around_posts -------------------------------------------------------------------------


def test_rumour_around_posts_has_one_row_per_official_post_in_time_order(timeline, events):
    table = crisis.rumour_around_posts(timeline, events, minutes=20)
    assert list(table.index) == ["E02", "E03", "E04"]
    assert {"posted_at", "kind", "platform", "before", "after", "change_pct"} <= set(table.columns)
    # 11:40: before = bins 11:20 and 11:30 -> 15; after = 11:40 and 11:50 -> 0
    assert table.loc["E03", "before"] == pytest.approx(15)
    assert table.loc["E03", "change_pct"] == pytest.approx(-100)


# post_marks ----------------------------------------------------------------------------------


def test_post_marks_label_time_kind_and_platform(events):
    marks = crisis.post_marks(events[events["event_id"].isin(["E02", "E03"])])
    assert list(marks.values()) == ["10:25 update (Telegram)", "11:40 denial (Telegram)"]
    assert list(marks) == [_t("2025-04-06 10:25"), _t("2025-04-06 11:40")]


def test_post_marks_add_the_date_for_later_days(events):
    marks = crisis.post_marks(events)
    assert marks[_t("2025-04-07 14:30")] == "7 Apr 14:30 denial (Telegram)"


def test_post_marks_join_posts_of_the_same_minute(events):
    twin = events.iloc[[0]].assign(platform="instagram")
    marks = crisis.post_marks(pd.concat([events.iloc[[0]], twin]))
    assert list(marks.values()) == ["11:40 denial (Telegram) + 11:40 denial (Instagram)"]


# timeline_chart ------------------------------------------------------------------------------


def test_timeline_chart_leaves_room_above_the_lines_for_the_mark_labels(timeline, events):
    series = timeline.set_index("bin_start")["rumour_posts"]
    fig = crisis.timeline_chart(
        series, title="t", ylabel="posts", marks=crisis.post_marks(events.iloc[[0]])
    )
    ax = fig.axes[0]
    assert isinstance(fig, Figure)
    assert ax.get_ylim()[1] >= 1.5 * series.max()
    assert [text.get_position()[1] for text in ax.texts] == [ax.get_ylim()[1]]
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.DateFormatter)
    fig.savefig(io.BytesIO(), format="png")


def test_timeline_chart_uses_the_colours_it_is_given(timeline):
    views = crisis.cumulative_views(timeline)
    fig = crisis.timeline_chart(
        views, title="t", ylabel="views", colours={"rumour": "#D55E00", "official": "#0072B2"}
    )
    lines = fig.axes[0].lines
    assert [line.get_color() for line in lines] == ["#D55E00", "#0072B2"]
    legend = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert legend == ["rumour", "official"]
