"""The house style and the shared chart helpers: titles, labelled axes, platform colours."""

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.figure import Figure

from course_utils import plots
from course_utils.metrics import weekday_hour_table


def _bars(figure):
    return [p for p in figure.axes[0].patches]


def test_display_label_names_platforms_and_replaces_underscores():
    assert plots.display_label("tiktok") == "TikTok"
    assert plots.display_label("short_video") == "short video"
    assert plots.display_label(2023) == "2023"


def test_bar_comparison_states_the_title_labels_the_axis_and_uses_platform_colours():
    figure = plots.bar_comparison(
        pd.Series({"instagram": 4.6, "tiktok": 7.4, "telegram": 1.5}),
        title="TikTok engages most",
        xlabel="ER by reach (%)",
    )
    assert isinstance(figure, Figure)
    ax = figure.axes[0]
    assert (
        ax.get_title(loc="left") == "TikTok engages most" and ax.get_xlabel() == "ER by reach (%)"
    )
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Telegram", "Instagram", "TikTok"], (
        "sorted, largest on top, with platform names"
    )
    colours = [mcolors.to_hex(bar.get_facecolor()).upper() for bar in _bars(figure)]
    assert colours == [
        plots.PLATFORM_COLOURS[p].upper() for p in ("telegram", "instagram", "tiktok")
    ]


def test_bar_comparison_highlights_a_bar_named_as_data_or_as_shown():
    for name in ("short_video", "short video"):
        figure = plots.bar_comparison(
            pd.Series({"photo": 4.0, "short_video": 6.0}), title="t", xlabel="x", highlight=name
        )
        colours = {
            t.get_text(): mcolors.to_hex(b.get_facecolor()).upper()
            for t, b in zip(figure.axes[0].get_yticklabels(), _bars(figure), strict=True)
        }
        assert colours["short video"] == plots.HIGHLIGHT.upper()
        assert colours["photo"] == plots.NEUTRAL.upper()


def test_unsorted_bars_keep_the_reading_order_top_to_bottom():
    figure = plots.bar_comparison(
        pd.Series({"2019": 14.0, "2021": 9.0, "2023": 4.5}), title="t", xlabel="x", sort=False
    )
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["2023", "2021", "2019"]  # drawn bottom-up, so 2019 reads first


def test_time_series_names_platform_lines_and_marks_events():
    index = pd.date_range("2025-01-01", periods=3, freq="D")
    data = pd.DataFrame({"telegram": [1, 2, 3], "facebook": [3, 3, 3]}, index=index)
    figure = plots.time_series(
        data, title="Telegram grows", ylabel="followers", marks={index[1]: "launch"}
    )
    ax = figure.axes[0]
    assert [line.get_label() for line in ax.get_lines()][:2] == ["Telegram", "Facebook"]
    assert (
        mcolors.to_hex(ax.get_lines()[0].get_color()).upper()
        == plots.PLATFORM_COLOURS["telegram"].upper()
    )
    assert any(t.get_text().strip() == "launch" for t in ax.texts)


def test_grouped_bars_label_groups_and_series():
    table = pd.DataFrame(
        {"trust_tv": [49.0, 69.0], "trust_social": [55.0, 18.0]}, index=["18-24", "60+"]
    )
    figure = plots.grouped_bars(
        table, title="t", xlabel="age group", ylabel="%", labels={"trust_tv": "TV"}
    )
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["18-24", "60+"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["TV", "trust social"]


def test_weekday_hour_heatmap_has_seven_days_and_a_labelled_colour_bar():
    times = pd.to_datetime(pd.Series(["2025-03-03 09:10", "2025-03-08 20:00"]))
    figure = plots.weekday_hour_heatmap(times, title="When we post", colorbar_label="posts")
    ax, colourbar = figure.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert colourbar.get_ylabel() == "posts" and "hour" in ax.get_xlabel()
    same = plots.weekday_hour_heatmap(
        table=weekday_hour_table(times), title="t", colorbar_label="posts"
    )
    assert same.axes[0].images[0].get_array().sum() == 2


def test_heatmap_needs_timestamps_or_a_table():
    with pytest.raises(ValueError, match="timestamps or a table"):
        plots.weekday_hour_heatmap(title="t", colorbar_label="c")
