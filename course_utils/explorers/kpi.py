"""KPI dashboard (m07): one akimat's KPI month by month in 2025, against its target.

>>> from course_utils.explorers.kpi import kpi_dashboard, kpi_progress
>>> view = kpi_progress("region_f", "response_rate", {"response_rate": 24})
>>> view.table.columns.tolist()
['Response rate (%)', 'target', 'target met', 'comments']
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import pandas as pd
from matplotlib.ticker import MaxNLocator

from .. import kpis, plots
from ..data import load
from ..i18n import N_, _
from .base import Explorer, ExplorerView, message_view

COMPARE_COLOUR = plots.NEUTRAL

# The KPIs and units as charts name them (kpis.KPIS's phrases), for the catalog.
KPI_PHRASES = (
    N_("response rate"),
    N_("median response time"),
    N_("questions answered"),
    N_("negative comments"),
    N_("ER by reach"),
    N_("short video share"),
    N_("protocol posts share"),
    N_("Telegram growth"),
    N_("hours"),
    N_("% a month"),
)


def _names() -> dict[str, str]:
    accounts = load("accounts")
    pairs = accounts.drop_duplicates("akimat_id")[["akimat_id", "akimat"]].astype(str)
    return dict(zip(pairs["akimat_id"], pairs["akimat"], strict=True))


def target_for(targets, akimat_id: str, column: str) -> float | None:
    """Find the target of one KPI for one akimat in any of the shapes the lesson makes.

    Accepted: a one-akimat table from `kpis.smart_targets` (KPI rows, a "target" column); a
    table of `kpis.all_targets` (akimat rows, KPI columns); a Series or dict KPI → target; or a
    dict akimat → any of these. Returns None when there is no target.
    """
    if targets is None:
        return None
    if isinstance(targets, pd.DataFrame):
        if "target" in targets.columns and column in targets.index:
            return float(targets.loc[column, "target"])
        if column in targets.columns and akimat_id in targets.index:
            return float(targets.loc[akimat_id, column])
        return None
    if isinstance(targets, pd.Series | Mapping):
        if akimat_id in targets and not isinstance(targets[akimat_id], int | float):
            return target_for(targets[akimat_id], akimat_id, column)
        if column in targets:
            value = targets[column]
            return None if value is None or pd.isna(value) else float(value)
    return None


def kpi_progress(
    akimat_id: str | None,
    kpi: str,
    targets=None,
    monthly: pd.DataFrame | None = None,
    compare: str | None = None,
    names: Mapping[str, str] | None = None,
) -> ExplorerView:
    """One KPI of one akimat in each month of 2025, with a dashed line at its target.

    The title counts the months that reached the target. The table lists each month's value,
    the target, whether it was met, and how many comments (or posts) the value rests on.
    `monthly` is `kpis.monthly_kpis()` (computed here when not given: pass it to be fast);
    `compare` adds a second akimat as a grey line.
    """
    if not akimat_id:
        return message_view("Choose an akimat to see its KPI month by month.")
    monthly = kpis.monthly_kpis() if monthly is None else monthly
    names = names or _names()
    info = kpis.kpi(kpi)
    name = names.get(akimat_id, akimat_id)
    if akimat_id not in monthly.index.get_level_values("akimat_id"):
        return message_view(f"There is no data for {name}.")
    values = monthly.loc[akimat_id, info.column].reindex(range(1, 13))
    if values.isna().all():
        return message_view(f"{name} has no {info.phrase} values in 2025.")
    months = list(kpis.MONTHS)
    series = pd.Series(values.to_numpy(), index=months, name=name)
    lines = series.to_frame()
    if compare and compare != akimat_id and compare in monthly.index.get_level_values(0):
        other = monthly.loc[compare, info.column].reindex(range(1, 13))
        lines[names.get(compare, compare)] = other.to_numpy()
    target = target_for(targets, akimat_id, info.column)
    if target is not None and info.column == "telegram_growth":
        target = kpis.monthly_growth(target)  # a year's growth target, as the same pace a month
    unit = "hours" if info.unit == "h" else "% a month" if info.column == "telegram_growth" else "%"
    phrase = plots.chart_text(info.phrase)
    if target is None:
        title = _("{akimat}: {kpi} in 2025 (no target set)", akimat=name, kpi=phrase)
    else:
        met = kpis.target_met(series, target, info.column)
        shown = f"{target:.1f}%" if info.column == "telegram_growth" else info.format(target)
        title = _(
            "{akimat}: {kpi} reached the {target} target in {met} of {months} months",
            akimat=name,
            kpi=phrase,
            target=shown,
            met=int(met.sum()),
            months=int(series.notna().sum()),
        )
    figure = plots.time_series(
        lines,
        title=title,
        ylabel=f"{phrase} ({plots.chart_text(unit)})",
        xlabel=N_("month of 2025"),
        percent=info.unit == "%",
    )
    ax = figure.axes[0]
    if len(lines.columns) > 1:
        ax.lines[1].set_color(COMPARE_COLOUR)
    column = f"{info.label} ({unit})"
    table = pd.DataFrame({column: series.round(1)}, index=pd.Index(months, name="month"))
    if target is not None:
        ax.axhline(target, color=plots.HIGHLIGHT, linestyle="--", linewidth=1.5, label=_("target"))
        table["target"] = round(target, 1)
        met = kpis.target_met(series, target, info.column)
        table["target met"] = met.map({True: "yes", False: "no"}).where(series.notna(), "no data")
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    count = "posts" if info.column in kpis.POST_KPIS else "comments"
    if info.column != "telegram_growth":
        counts = monthly.loc[akimat_id, count].reindex(range(1, 13), fill_value=0)
        table[count] = counts.to_numpy()
    better = "higher is better" if info.higher_is_better else "lower is better"
    return ExplorerView(figure, table, f"{info.label} = {info.definition} ({better}).")


def kpi_dashboard(
    targets=None,
    monthly: pd.DataFrame | None = None,
    akimat: str = "region_f",
    kpi: str = "response_rate",
) -> Explorer:
    """The KPI dashboard widget: choose an akimat, a KPI, and an akimat to compare with.

    `targets`: your targets for the starting `akimat` (the table of `kpis.smart_targets`, or a
    dict KPI → target), a dict {akimat_id: targets} for several akimats, or a table of
    `kpis.all_targets`. Akimats without a target of yours get the course's rule: close half the
    gap to the top quarter of akimats (`kpis.all_targets`). The monthly KPI table is computed
    once here (or pass `monthly`), so each change of a control only draws.
    """
    monthly = kpis.monthly_kpis() if monthly is None else monthly
    names = _names()
    rule = kpis.all_targets(kpis.yearly_kpis())
    labels = (
        list(targets.index)
        if isinstance(targets, pd.Series)
        else list(targets)
        if isinstance(targets, Mapping)
        else []
    )
    one_akimat = (isinstance(targets, pd.DataFrame) and "target" in targets.columns) or any(
        str(label) in kpis.KPIS for label in labels
    )
    own_targets = {akimat: targets} if one_akimat else targets

    def render(akimat_id, kpi, compare):
        if not akimat_id:
            return kpi_progress(None, kpi, None, monthly, compare, names)
        column = kpis.kpi(kpi).column
        target = target_for(own_targets, akimat_id, column)
        if target is None and akimat_id in rule.index:
            target = float(rule.loc[akimat_id, column])
        return kpi_progress(akimat_id, column, {column: target}, monthly, compare, names)

    akimats = sorted(
        {str(a) for a in monthly.index.get_level_values("akimat_id")}, key=lambda a: names.get(a, a)
    )
    options = [(names.get(a, a), a) for a in akimats]
    controls = {
        "akimat_id": widgets.Dropdown(options=options, value=akimat, description="Akimat"),
        "kpi": widgets.Dropdown(
            options=[(k.label, k.column) for k in kpis.KPIS.values()],
            value=kpis.kpi(kpi).column,
            description="KPI",
        ),
        "compare": widgets.Dropdown(
            options=[("nobody", None), *options], value=None, description="Compare with"
        ),
    }
    return Explorer("KPI dashboard", controls, render)
