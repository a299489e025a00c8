"""The KPI dashboard (m07), driven as a participant would: choose an akimat, a KPI, a peer; the
chart and the table follow. (Update times are measured by benchmarks/explorers_benchmark.py.)"""

import pytest

from course_utils import kpis
from course_utils.explorers.kpi import kpi_dashboard, kpi_progress, target_for


def _title(view):
    return view.figure.axes[0].get_title(loc="left")


@pytest.fixture(scope="module")
def monthly():
    return kpis.monthly_kpis()


@pytest.fixture(scope="module")
def yearly():
    return kpis.yearly_kpis()


@pytest.fixture(scope="module")
def region_f_targets(yearly):
    return kpis.smart_targets(yearly.loc["region_f"], kpis.benchmarks(yearly))


def test_kpi_progress_shows_twelve_months_and_counts_the_months_on_target(monthly):
    view = kpi_progress("region_f", "response_rate", {"response_rate": 20.0}, monthly)
    values = monthly.loc["region_f", "response_rate"]
    assert view.table["Response rate (%)"].tolist() == pytest.approx(values.round(1).tolist())
    met = int((values >= 20.0).sum())
    assert (view.table["target met"] == "yes").sum() == met
    assert _title(view) == f"Region F: response rate reached the 20% target in {met} of 12 months"
    assert (view.table["target"] == 20.0).all()
    assert view.table["comments"].sum() == monthly.loc["region_f", "comments"].sum()


def test_the_target_is_drawn_as_a_dashed_line(monthly):
    view = kpi_progress("region_f", "response_rate", {"response_rate": 20.0}, monthly)
    dashed = [line for line in view.figure.axes[0].lines if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and set(dashed[0].get_ydata()) == {20.0}


def test_for_a_lower_is_better_kpi_months_at_or_below_the_target_count(monthly):
    view = kpi_progress("city_x", "Median response time", {"median_response_hours": 15}, monthly)
    values = monthly.loc["city_x", "median_response_hours"]
    assert (view.table["target met"] == "yes").sum() == int((values <= 15).sum())
    # a month without replies has no median: it is shown as such, not as a miss
    assert (view.table["target met"] == "no data").sum() == int(values.isna().sum())


def test_a_yearly_telegram_target_is_compared_at_the_same_pace_per_month(monthly):
    view = kpi_progress("region_f", "telegram_growth", {"telegram_growth": 50.0}, monthly)
    assert view.table["target"].iloc[0] == pytest.approx(kpis.monthly_growth(50.0), abs=0.05)
    assert "3.4% target" in _title(view)


def test_without_a_target_the_chart_says_so(monthly):
    view = kpi_progress("region_f", "er_by_reach", None, monthly)
    assert "no target set" in _title(view)
    assert "target" not in view.table.columns


def test_targets_are_found_in_every_shape_the_lesson_makes(yearly, region_f_targets):
    rule = kpis.all_targets(yearly)
    column = "response_rate"
    assert target_for(region_f_targets, "region_f", column) == pytest.approx(
        region_f_targets.loc[column, "target"]
    )
    assert target_for(rule, "city_x", column) == pytest.approx(rule.loc["city_x", column])
    assert target_for({column: 30}, "city_x", column) == 30
    assert target_for({"city_x": {column: 31}}, "city_x", column) == 31
    assert target_for({"city_x": {column: 31}}, "region_f", column) is None
    assert target_for(None, "city_x", column) is None


def test_kpi_dashboard_updates_when_a_participant_changes_each_control(monthly, region_f_targets):
    dashboard = kpi_dashboard(region_f_targets, monthly, akimat="region_f")
    first = dashboard.view.table.copy()
    assert _title(dashboard.view).startswith("Region F: response rate reached the 23%")

    dashboard.set(kpi="questions_answered")
    assert "questions answered" in _title(dashboard.view)
    assert not dashboard.view.table.equals(first)

    dashboard.set(akimat_id="city_x")
    assert _title(dashboard.view).startswith("City X:")
    rule = kpis.all_targets(kpis.yearly_kpis())  # City X has no own target: the rule applies
    assert dashboard.view.table["target"].iloc[0] == pytest.approx(
        rule.loc["city_x", "questions_answered"], abs=0.05
    )

    dashboard.set(compare="region_f")
    labels = [line.get_label() for line in dashboard.view.figure.axes[0].lines]
    assert "Region F" in labels and "City X" in labels


def test_own_targets_apply_to_their_akimat_only(monthly, region_f_targets):
    changed = region_f_targets.copy()
    changed.loc["official_events_share", "target"] = 20
    dashboard = kpi_dashboard(changed, monthly, akimat="region_f", kpi="official_events_share")
    assert (dashboard.view.table["target"] == 20).all()
    dashboard.set(akimat_id="region_q")
    assert not (dashboard.view.table["target"] == 20).all()


def test_kpi_dashboard_with_no_akimat_chosen_shows_a_message_not_an_error(monthly):
    dashboard = kpi_dashboard(None, monthly)
    dashboard.set(akimat_id=None)
    assert dashboard.view.figure is None and dashboard.view.table.empty
    assert "Choose an akimat" in dashboard.view.message


def test_an_akimat_without_data_is_explained(monthly):
    view = kpi_progress("atlantis", "response_rate", None, monthly)
    assert view.figure is None and "no data" in view.message


def test_kpi_dashboard_shows_a_plain_text_hint_instead_of_a_widget_dump(monthly):
    bundle = kpi_dashboard(None, monthly)._repr_mimebundle_()
    assert "interactive" in bundle["text/plain"]
