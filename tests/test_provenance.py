"""Synthetic stays visibly synthetic: charts of the course's invented data carry a mark, charts
of a participant's own imported data do not, and the data remembers where it came from."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from course_utils import load, own_channel, plots
from course_utils.data import OWN, SYNTHETIC
from course_utils.imports import import_exports, write_package

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("m*.ipynb"))


def _marked(fig) -> bool:
    return any(t.get_text() == plots.SYNTHETIC_MARK for t in fig.texts)


def _chart(values, **kwargs):
    return plots.bar_comparison(values, title="t", xlabel="x", **kwargs)


def test_course_data_says_it_is_synthetic_and_its_charts_carry_the_mark():
    posts = load("posts")
    assert posts.attrs["source"] == SYNTHETIC
    median = posts.groupby("platform", observed=True)["likes"].median()
    fig = _chart(median)
    assert _marked(fig) and fig.source == SYNTHETIC
    assert repr(fig).endswith(", synthetic data>")
    for figure in (
        plots.time_series(posts.set_index("published_at")["likes"].resample("W").sum(),
                          title="t", ylabel="y"),
        plots.weekday_hour_heatmap(posts["published_at"], title="t", colorbar_label="c"),
        plots.grouped_bars(median.to_frame(), title="t", xlabel="x", ylabel="y"),
    ):  # fmt: skip
        assert _marked(figure)


def test_a_table_that_lost_the_note_is_still_marked_after_course_data_was_loaded():
    counts = load("posts")["platform"].value_counts()  # pandas drops attrs here
    assert "source" not in counts.attrs
    assert _marked(_chart(counts))


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """The sample exports copied elsewhere stand in for a participant's own exports."""
    folder = tmp_path_factory.mktemp("own") / "exports"
    shutil.copytree(own_channel.sample_exports(), folder)
    return import_exports(folder)


def test_own_imported_data_is_own_and_its_charts_carry_no_mark(own, tmp_path):
    posts = own["posts"]
    assert not own.synthetic and posts.attrs["source"] == OWN
    fig = _chart(posts.groupby("platform", observed=True)["impressions"].median())
    assert not _marked(fig) and "synthetic" not in repr(fig)
    write_package(own, tmp_path / "my_data")
    package = json.loads((tmp_path / "my_data" / "datapackage.json").read_text())
    assert "synthetic" not in package
    again = load("posts", source=tmp_path / "my_data")
    assert again.attrs["source"] == OWN
    assert not _marked(_chart(again.groupby("platform", observed=True)["likes"].median()))


def test_the_sample_exports_stay_synthetic_through_import_package_and_load(tmp_path):
    result = import_exports(own_channel.sample_exports())
    assert result.synthetic and result["posts"].attrs["source"] == SYNTHETIC
    write_package(result, tmp_path / "sample")
    package = json.loads((tmp_path / "sample" / "datapackage.json").read_text())
    assert package["synthetic"] is True
    posts = load("posts", source=tmp_path / "sample")
    assert posts.attrs["source"] == SYNTHETIC
    assert _marked(_chart(posts.groupby("platform", observed=True)["likes"].median()))


def test_the_source_can_be_said_outright_and_a_wrong_word_is_refused():
    values = pd.Series({"a": 1.0, "b": 2.0})
    assert not _marked(_chart(values, source=OWN))
    assert _marked(_chart(values, source=SYNTHETIC))
    with pytest.raises(ValueError, match="source should be"):
        _chart(values, source="real")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_chart_stored_in_a_lesson_says_synthetic_data(path):
    """The lessons run on course data (m09 on the synthetic sample exports), so every chart they
    show is marked; nbval reruns each lesson and checks the fresh outputs equal these."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    charts = [
        (cell.get("id"), "".join(out["data"].get("text/plain", "")))
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if "image/png" in out.get("data", {})
    ]
    unmarked = [cell for cell, text in charts if "synthetic data" not in text]
    assert not unmarked, f"{path.name}: charts without the synthetic-data mark in cells {unmarked}"


def test_lessons_draw_charts_only_through_course_utils_plots():
    """A chart drawn straight with matplotlib would miss the mark."""
    for path in LESSONS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                assert "plt." not in source and "matplotlib" not in source, (path.name, cell["id"])
