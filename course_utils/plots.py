"""One house style for every chart in the course, and the chart helpers the lessons share.

Each helper returns a matplotlib Figure (shown when it is the last line of a cell) whose title
states the finding, with labelled axes and units. Platforms always have the same colour
(colour-blind-safe Okabe-Ito palette).

A chart of the course's invented data carries a small "synthetic data" mark in its corner; a
chart of a participant's own imported data does not. The data says where it came from
(`course_utils.data.provenance`: `load` marks every table); where a derived table has lost that
note (pandas drops it in a merge or a value_counts), the chart goes by what this session has
loaded. `source="synthetic"` or `source="own"` on any helper says it outright.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .data import OWN, SYNTHETIC, sources_seen
from .i18n import N_, translate
from .metrics import weekday_hour_table

PLATFORM_COLOURS: dict[str, str] = {
    "instagram": "#CC79A7",
    "facebook": "#0072B2",
    "telegram": "#56B4E9",
    "tiktok": "#000000",
    "youtube": "#D55E00",
    "vk": "#009E73",
    "whatsapp": "#E69F00",
}
PLATFORM_NAMES: dict[str, str] = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "telegram": "Telegram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "vk": "VK",
    "whatsapp": "WhatsApp",
    "x": "X",
}
NEUTRAL = "#8C8C8C"
HIGHLIGHT = "#D55E00"
ACCENT = "#0072B2"

HOUSE_STYLE = {
    "figure.figsize": (9, 4.8),
    "figure.dpi": 90,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "both",
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "figure.autolayout": True,
    "axes.prop_cycle": mpl.cycler(
        color=[
            "#0072B2",
            "#E69F00",
            "#009E73",
            "#CC79A7",
            "#56B4E9",
            "#D55E00",
            "#000000",
            "#F0E442",
        ]
    ),
}


def use_house_style() -> None:
    """Apply the course's chart style (readable sizes, light grid, no box)."""
    mpl.rcParams.update(HOUSE_STYLE)


use_house_style()


# The categories of the course's data as charts show them, translated with the course language.
CATEGORY_LABELS = (
    *(N_("photo"), N_("video"), N_("link"), N_("text"), N_("carousel"), N_("short video")),
    *(N_("public services"), N_("official events"), N_("health education")),
    *(N_("emergency alerts"), N_("infrastructure"), N_("social support")),
    *(N_("culture sport"), N_("economy jobs")),
    *(N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun")),
    *(N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun")),
    *(N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")),
)


def chart_text(text):
    """A chart's text in the course language: the course's own words (its catalog, `course`
    domain, which also holds module 0's chart titles) translated, any other text as it is."""
    return translate(text) if isinstance(text, str) and text.strip() else text


def display_label(name) -> str:
    """How a category reads on a chart: platform names capitalised ("TikTok"), underscores as
    spaces ("short_video" -> "short video"), in the course language."""
    text = str(name)
    if text in PLATFORM_NAMES:
        return PLATFORM_NAMES[text]
    return chart_text(text.replace("_", " "))


def colour_for(name: str) -> str:
    """The course colour of a platform ('instagram', 'telegram', ...), grey for anything else."""
    return PLATFORM_COLOURS.get(str(name).lower(), NEUTRAL)


SYNTHETIC_MARK = N_("synthetic data")


class CourseFigure(Figure):
    """A course chart: a matplotlib Figure that knows whether it shows synthetic data, and says
    so in its text form too ("<Figure size 900x480 with 1 Axes, synthetic data>")."""

    source: str | None = None

    def __repr__(self) -> str:
        text = super().__repr__()
        return text[:-1] + f", {SYNTHETIC_MARK}>" if self.source == SYNTHETIC else text


def data_source(*data, source: str | None = None) -> str | None:
    """SYNTHETIC or OWN for the data a chart shows (see the module doc), or None if unknown."""
    if source is not None:
        if source not in (SYNTHETIC, OWN):
            raise ValueError(f"source should be {SYNTHETIC!r} or {OWN!r}, not {source!r}")
        return source
    marked = {d.attrs.get("source") for d in data if isinstance(d, pd.Series | pd.DataFrame)} - {
        None
    }
    if marked:
        return SYNTHETIC if SYNTHETIC in marked else OWN
    seen = sources_seen()
    if SYNTHETIC in seen:  # a chart that mixes course data with one's own shows synthetic data
        return SYNTHETIC
    return OWN if seen else None


def _figure(**kwargs):
    return plt.subplots(FigureClass=CourseFigure, **kwargs)


def _finish(
    fig: Figure,
    ax,
    title: str,
    xlabel: str | None,
    ylabel: str | None,
    note: str | None,
    source: str | None = None,
) -> Figure:
    fig.source = source
    if source == SYNTHETIC:
        fig.text(
            0.995, 0.005, chart_text(SYNTHETIC_MARK), fontsize=8, color="#777777", style="italic",
            ha="right", va="bottom",
        )  # fmt: skip
    ax.set_title(chart_text(title))
    if xlabel is not None:
        ax.set_xlabel(chart_text(xlabel))
    if ylabel is not None:
        ax.set_ylabel(chart_text(ylabel))
    if note:
        fig.text(0.01, 0.005, chart_text(note), fontsize=9, color="#555555", ha="left", va="bottom")
    plt.close(fig)  # the returned Figure is displayed once, by the notebook
    return fig


def bar_comparison(
    values: pd.Series,
    *,
    title: str,
    xlabel: str,
    ylabel: str | None = None,
    highlight: str | Sequence[str] | None = None,
    colours: dict[str, str] | None = None,
    value_format: str = "{:,.1f}",
    reference: float | None = None,
    reference_label: str | None = None,
    sort: bool = True,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Horizontal bars comparing one number across categories (platforms, akimats, formats).

    values: a Series whose index names the bars. Platform names get their platform colour;
    `highlight` bars are drawn in the highlight colour, the rest in grey. `reference` draws a
    dashed line, e.g. a benchmark. Values are written at the end of each bar.
    """
    source = data_source(values, source=source)
    values = pd.Series(values).dropna()
    # bars are drawn bottom-up: sorted, the largest ends on top; unsorted, keep the reading order
    values = values.sort_values() if sort else values.iloc[::-1]
    labels = [str(i) for i in values.index]
    # highlight and colours may name a bar as data ("short_video") or as shown ("short video")
    highlight = {highlight} if isinstance(highlight, str) else set(highlight or [])
    highlight = {display_label(h) for h in highlight}
    colours = {display_label(k): v for k, v in (colours or {}).items()}

    def bar_colour(lab: str) -> str:
        if display_label(lab) in colours:
            return colours[display_label(lab)]
        if highlight:
            return HIGHLIGHT if display_label(lab) in highlight else NEUTRAL
        return PLATFORM_COLOURS.get(lab, NEUTRAL)

    bar_colours = [bar_colour(lab) for lab in labels]
    height = max(2.6, 0.42 * len(values) + 1.3)
    fig, ax = _figure(figsize=(9, height))
    bars = ax.barh(
        [display_label(lab) for lab in labels], values.to_numpy(float), color=bar_colours
    )
    span = float(np.nanmax(np.abs(values.to_numpy(float)))) if len(values) else 1.0
    for bar, v in zip(bars, values.to_numpy(float), strict=True):
        ax.text(
            bar.get_width() + span * 0.01 * np.sign(v or 1),
            bar.get_y() + bar.get_height() / 2,
            value_format.format(v),
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=9,
        )
    if reference is not None:
        ax.axvline(reference, color="#333333", linestyle="--", linewidth=1)
        if reference_label:
            ax.text(
                reference,
                len(values) - 0.4,
                f" {chart_text(reference_label)}",
                fontsize=9,
                color="#333333",
                va="bottom",
            )
    ax.grid(axis="y", visible=False)
    ax.set_xlim(
        left=min(0, float(values.min()) * 1.15) if len(values) else 0,
        right=span * 1.15 if len(values) else 1,
    )
    return _finish(fig, ax, title, xlabel, ylabel, note, source)


def time_series(
    data: pd.DataFrame | pd.Series,
    *,
    title: str,
    ylabel: str,
    xlabel: str = "",
    percent: bool = False,
    note: str | None = None,
    marks: dict | None = None,
    colours: dict[str, str] | None = None,
    source: str | None = None,
) -> Figure:
    """Lines over time: one line per column (platform columns get platform colours).

    `marks` = {time: "label"} draws labelled vertical lines (events such as an official post),
    with room above the data so the labels do not cover the lines. `colours` = {column: colour}
    overrides the house colours. Times within a day or a few days read as clock times.
    """
    source = data_source(data, source=source)
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    colours = colours or {}
    fig, ax = _figure()
    few_points = len(frame) <= 12
    for column in frame.columns:
        ax.plot(
            frame.index,
            frame[column],
            label=display_label(column),
            color=colours.get(str(column), PLATFORM_COLOURS.get(str(column))),
            linewidth=2,
            marker="o" if few_points else None,
        )
    if frame.shape[1] > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if percent:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    if marks:
        values = frame.to_numpy(float)
        highest = float(np.nanmax(values)) if values.size else 1.0
        if values.size and float(np.nanmin(values)) >= 0:
            ax.set_ylim(bottom=0)
        ax.set_ylim(top=max(highest, 1.0) * 1.75)  # the top quarter holds the labels
    top = ax.get_ylim()[1]
    for when, label in (marks or {}).items():
        ax.axvline(when, color="#555555", linestyle=":", linewidth=1)
        ax.text(
            when,
            top,
            f" {chart_text(label)}",
            rotation=90,
            va="top",
            ha="left",
            fontsize=8,
            color="#333333",
        )
    if isinstance(frame.index, pd.DatetimeIndex) and len(frame) > 1:
        span = frame.index.max() - frame.index.min()
        if span <= pd.Timedelta(days=4):
            layout = "%H:%M" if span <= pd.Timedelta(hours=24) else "%d %b\n%H:%M"
            ax.xaxis.set_major_formatter(mdates.DateFormatter(layout, tz=frame.index.tz))
        else:
            fig.autofmt_xdate()
    elif few_points:
        ax.set_xticks(list(frame.index), labels=[chart_text(str(i)) for i in frame.index])
    return _finish(fig, ax, title, xlabel, ylabel, note, source)


def weekday_hour_heatmap(
    timestamps: pd.Series | None = None,
    values: pd.Series | None = None,
    *,
    agg: str = "count",
    table: pd.DataFrame | None = None,
    title: str,
    colorbar_label: str,
    cmap: str = "Blues",
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Weekday × hour heatmap: rows Monday-Sunday, columns 0-23 h (Asia/Almaty time).

    Give timestamps (and optionally values with agg="median", ...) or a ready 7 × 24 `table`
    from metrics.weekday_hour_table.
    """
    source = data_source(timestamps, values, table, source=source)
    if table is None:
        if timestamps is None:
            raise ValueError("weekday_hour_heatmap needs either timestamps or a table.")
        table = weekday_hour_table(timestamps, values, agg)
    fig, ax = _figure(figsize=(10, 3.8))
    image = ax.imshow(table.to_numpy(float), aspect="auto", cmap=cmap)
    ax.set_yticks(range(len(table.index)), labels=[display_label(d) for d in table.index])
    ax.set_xticks(range(0, 24, 2), labels=[f"{h:02d}" for h in range(0, 24, 2)])
    ax.grid(False)
    colorbar = fig.colorbar(image, ax=ax, pad=0.01)
    colorbar.set_label(chart_text(colorbar_label))
    return _finish(fig, ax, title, N_("hour of the day (Asia/Almaty)"), None, note, source)


def grouped_bars(
    table: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    colours: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    percent: bool = False,
    note: str | None = None,
    source: str | None = None,
) -> Figure:
    """Vertical bars side by side: one group of bars per row of `table`, one bar per column.

    Use it to compare a few measures across groups (age groups, waves, platforms).
    `labels` renames columns in the legend.
    """
    source = data_source(table, source=source)
    colours = colours or {}
    labels = labels or {}
    fig, ax = _figure()
    n_rows, n_cols = table.shape
    width = 0.8 / n_cols
    x = np.arange(n_rows)
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
    for i, column in enumerate(table.columns):
        colour = colours.get(
            str(column), PLATFORM_COLOURS.get(str(column), palette[i % len(palette)])
        )
        label = chart_text(labels[str(column)]) if str(column) in labels else display_label(column)
        ax.bar(
            x + (i - (n_cols - 1) / 2) * width,
            table[column].to_numpy(float),
            width,
            label=label,
            color=colour,
        )
    # long group names wrap onto several lines so they fit under their bars
    names = [textwrap.fill(display_label(i), width=10, break_long_words=False) for i in table.index]
    ax.set_xticks(x, labels=names, fontsize=9 if n_rows > 6 else None)
    ax.grid(axis="x", visible=False)
    if percent:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    if n_cols > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, ax, title, xlabel, ylabel, note, source)
