"""course_utils.own_channel (m09): choosing and saving uploads, importing a folder, the KPI
baseline in plain words, and the report for the head of office — written only where asked, never
into the raw exports, and never with a 0 where a measure is missing."""

from __future__ import annotations

import datetime
import hashlib
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from course_utils import kpis, metrics, own_channel, plots


def _figure(title: str):
    return plots.bar_comparison(pd.Series({"a": 1.0, "b": 2.0}), title=title, xlabel="x")


def _digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def exports(tmp_path):
    """A copy of the sample exports, so a test may check that nothing in it changes."""
    copy = tmp_path / "exports"
    shutil.copytree(own_channel.sample_exports(), copy)
    return copy


# --- the report --------------------------------------------------------------------------------


def test_save_report_writes_one_png_per_chart_and_the_html_page(tmp_path):
    out = tmp_path / "report"
    written = own_channel.save_report(
        out,
        title="Our channels",
        figures={"replies": _figure("We answer 61%"), "posting times": _figure("Evenings win")},
    )
    assert [p.name for p in written] == ["replies.png", "posting_times.png", "report.html"]
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    assert (out / "replies.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<img src="replies.png"' in page and '<img src="posting_times.png"' in page


def test_the_page_shows_each_chart_under_its_own_title_the_finding(tmp_path):
    own_channel.save_report(tmp_path, title="T", figures={"replies": _figure("We answer 61%")})
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<h2>We answer 61%</h2>" in page


def test_the_page_has_the_findings_the_table_the_notes_and_the_source(tmp_path):
    table = pd.DataFrame({"baseline": ["61%", "n/a"]}, index=["Response rate", "Telegram growth"])
    own_channel.save_report(
        tmp_path,
        title="Our channels",
        figures={},
        findings=["143 comments: 61% answered."],
        tables={"KPI baseline": table},
        notes=["Telegram — reach: Telegram reports views, not reach."],
        source="Synthetic sample exports, not a real akimat.",
    )
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for text in (
        "<h1>Our channels</h1>",
        "<li>143 comments: 61% answered.</li>",
        "<h2>KPI baseline</h2>",
        "<td>n/a</td>",
        "Telegram reports views, not reach",
        "Synthetic sample exports, not a real akimat.",
        '<meta charset="utf-8">',
    ):
        assert text in page, text


def test_text_on_the_page_is_escaped_so_it_cannot_become_html(tmp_path):
    own_channel.save_report(
        tmp_path,
        title="<script>alert(1)</script>",
        figures={"x": _figure("A & B <b>")},
        findings=["<img src=x onerror=alert(1)>"],
    )
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "A &amp; B &lt;b&gt;" in page


def test_cyrillic_and_kazakh_text_reaches_the_page_as_written(tmp_path):
    own_channel.save_report(tmp_path, title="Әкімдік арнасы — отчёт", figures={})
    assert "Әкімдік арнасы — отчёт" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_nothing_is_written_outside_the_chosen_folder(tmp_path):
    before = set(tmp_path.parent.iterdir())
    inside_before = set(tmp_path.iterdir())
    out = tmp_path / "my_report"
    written = own_channel.save_report(out, title="T", figures={"a": _figure("A")})
    assert set(tmp_path.parent.iterdir()) == before
    assert set(tmp_path.iterdir()) == inside_before | {out}
    assert all(out in p.parents for p in written)
    assert {p.name for p in out.iterdir()} == {"a.png", "report.html"}


def test_a_chart_name_cannot_lead_out_of_the_folder(tmp_path):
    out = tmp_path / "report"
    written = own_channel.save_report(out, title="T", figures={"../../evil": _figure("A")})
    assert written[0] == out / "evil.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_other_files_in_the_folder_are_left_alone_and_same_names_replaced(tmp_path):
    (tmp_path / "my_notes.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "a.png").write_bytes(b"old")
    own_channel.save_report(tmp_path, title="T", figures={"a": _figure("A")})
    assert (tmp_path / "my_notes.txt").read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "a.png").read_bytes() != b"old"


def test_two_charts_with_the_same_file_name_are_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "report"
    with pytest.raises(ValueError, match="same file name"):
        own_channel.save_report(
            out, title="T", figures={"Posting times": _figure("A"), "posting_times": _figure("B")}
        )
    assert not out.exists()


def test_a_report_inside_the_exports_folder_is_refused_and_the_exports_stay_untouched(exports):
    before = _digest(exports)
    with pytest.raises(ValueError, match="raw exports stay untouched"):
        own_channel.save_report(
            exports / "report", title="T", figures={"a": _figure("A")}, exports=[exports]
        )
    a_file = exports / "meta" / "Facebook_posts_2025.csv"
    with pytest.raises(ValueError, match="inside the exports' folder"):
        own_channel.save_report(exports / "meta", title="T", figures={}, exports=[a_file])
    assert _digest(exports) == before


def test_importing_and_reporting_leave_the_raw_exports_byte_for_byte_unchanged(exports, tmp_path):
    before = _digest(exports)
    result = own_channel.import_folder(exports)
    posts = result["posts"]
    figure = _figure(f"{len(posts)} posts")
    own_channel.save_report(
        tmp_path / "report", title="T", figures={"a": figure}, exports=[exports]
    )
    assert _digest(exports) == before
    assert len(posts) > 0


def test_the_figures_are_still_there_to_show_after_saving(tmp_path):
    figure = _figure("A")
    own_channel.save_report(tmp_path, title="T", figures={"a": figure})
    assert own_channel.figure_title(figure) == "A"
    plt.close(figure)


# --- uploads -----------------------------------------------------------------------------------


def test_uploads_are_saved_byte_for_byte(tmp_path):
    content = b"\xef\xbb\xbfPost ID,Reach\n1,10\n"
    saved = own_channel.save_uploads([("Facebook_posts.csv", content)], tmp_path)
    assert saved == [tmp_path / "Facebook_posts.csv"]
    assert saved[0].read_bytes() == content


def test_a_filepicker_value_is_saved_too(tmp_path):
    value = ({"name": "result.json", "type": "", "size": 2, "content": memoryview(b"{}")},)
    saved = own_channel.save_uploads(value, tmp_path)
    assert saved[0].read_bytes() == b"{}"


def test_an_upload_never_overwrites_an_earlier_one(tmp_path):
    first = own_channel.save_uploads([("export.csv", b"first")], tmp_path)[0]
    again = own_channel.save_uploads([("export.csv", b"first")], tmp_path)[0]
    second = own_channel.save_uploads([("export.csv", b"second")], tmp_path)[0]
    assert again == first and first.read_bytes() == b"first"
    assert second.name == "export (2).csv" and second.read_bytes() == b"second"


def test_a_file_name_with_folders_is_saved_in_the_uploads_folder_only(tmp_path):
    uploads = tmp_path / "uploads"
    saved = own_channel.save_uploads([("../../etc/evil.csv", b"x")], uploads)
    assert saved == [uploads / "evil.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uploads"]
    with pytest.raises(ValueError, match="not a file name"):
        own_channel.save_uploads([("..", b"x")], uploads)


def test_with_nothing_chosen_the_default_folder_is_used_and_nothing_is_saved(tmp_path, monkeypatch):
    monkeypatch.setattr(own_channel, "UPLOADS", tmp_path / "uploads")
    picker = own_channel.file_picker()
    assert own_channel.chosen_exports(picker, default=tmp_path / "sample") == tmp_path / "sample"
    assert not (tmp_path / "uploads").exists()


def test_chosen_files_are_saved_in_uploads_and_that_folder_is_imported(tmp_path, monkeypatch):
    monkeypatch.setattr(own_channel, "UPLOADS", tmp_path / "uploads")
    picker = own_channel.file_picker()
    picker.widget.value = (
        {
            "name": "x.csv",
            "type": "text/csv",
            "size": 1,
            "content": memoryview(b"a"),
            "last_modified": datetime.datetime(2026, 1, 3, tzinfo=datetime.UTC),
        },
    )
    assert own_channel.chosen_exports(picker, default=tmp_path) == tmp_path / "uploads"
    assert (tmp_path / "uploads" / "x.csv").read_bytes() == b"a"


def test_the_file_picker_says_in_plain_text_that_it_is_interactive():
    bundle = own_channel.file_picker()._repr_mimebundle_()
    assert bundle["text/plain"].startswith("File picker (interactive")
    assert "application/vnd.jupyter.widget-view+json" in bundle


# --- importing and the sample ------------------------------------------------------------------


def test_the_sample_is_recognised_and_findings_about_it_say_synthetic_sample(tmp_path):
    sample = own_channel.sample_exports()
    assert own_channel.is_sample(sample) and not own_channel.is_sample(tmp_path)
    assert own_channel.where_phrase(sample) == "in this synthetic sample"
    assert own_channel.where_phrase(tmp_path) == "on your channels"


def test_the_sample_is_imported_into_my_data_sample_own_data_into_my_data():
    assert own_channel.package_dir(own_channel.sample_exports()) == own_channel.MY_DATA / "sample"
    assert own_channel.package_dir("/somewhere/else") == own_channel.MY_DATA
    assert own_channel.MY_DATA.name == "my_data"
    assert own_channel.REPORT_DIR == own_channel.MY_DATA / "report"
    assert own_channel.UPLOADS == own_channel.MY_DATA / "uploads"


def test_import_folder_names_files_relative_to_the_folder_and_keeps_the_working_folder(exports):
    cwd = Path.cwd()
    result = own_channel.import_folder(exports)
    assert Path.cwd() == cwd
    names = [f.name for f in result.report.files]
    assert "telegram/ChatExport_2026-01-03/result.json" in names
    assert str(exports) not in result.report.text()


def test_import_folder_explains_a_path_that_is_not_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        own_channel.import_folder(tmp_path / "missing")


def test_the_my_data_folder_is_ignored_by_git():
    from course_utils.paths import COURSE_ROOT, MY_DATA

    ignore = (COURSE_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/my_data/" in ignore and own_channel.MY_DATA == MY_DATA == COURSE_ROOT / "my_data"


# --- what the exports do not say -------------------------------------------------------------


def test_posts_without_a_known_time_are_left_out_of_the_hour_and_their_platforms_named():
    when = pd.to_datetime(
        ["2025-03-03 00:00", "2025-03-04 00:00", "2025-03-03 09:15", "2025-03-04 00:00"]
    ).tz_localize("Asia/Almaty")
    posts = pd.DataFrame(
        {
            "platform": ["tiktok", "tiktok", "telegram", "telegram"],
            "published_at": when,
            # a Telegram post really at midnight keeps its time; TikTok's 00:00 is no time
            "time_known": [False, False, True, True],
        }
    )
    assert own_channel.date_only_platforms(posts) == ["tiktok"]
    assert list(own_channel.with_time(posts).index) == [2, 3]
    course_posts = posts.drop(columns="time_known")  # the course's own data: times are known
    assert own_channel.date_only_platforms(course_posts) == []
    assert len(own_channel.with_time(course_posts)) == 4


def test_missing_notes_say_per_platform_what_its_export_cannot_provide():
    from course_utils.imports import ImportReport

    report = ImportReport()
    report.platforms |= {"telegram", "instagram"}
    notes = own_channel.missing_notes(report)
    assert len(notes) == 1 and notes[0].startswith("Telegram — reach: Telegram reports views")


def test_the_baseline_table_says_n_a_and_why_for_a_missing_kpi_never_0():
    baseline = pd.Series({"response_rate": 60.8, "median_response_hours": 16.73})
    table = own_channel.baseline_table(baseline)
    assert list(table.index) == [k.label for k in kpis.KPIS.values()]
    assert table.loc["Response rate", "baseline"] == "61%"
    assert table.loc["Median response time", "baseline"] == "16.7 h"
    assert table.loc["Response rate", "why missing"] == ""
    growth = table.loc["Telegram growth"]
    assert growth["baseline"] == "n/a" and pd.isna(growth["value"])
    assert "subscriber history" in growth["why missing"]


def test_kpis_of_imported_tables_without_coded_columns_are_missing_not_zero():
    """Imported exports have no sentiment, topic or comment category: those KPIs are NaN."""
    when = pd.Timestamp("2025-03-03 10:00", tz="Asia/Almaty")
    posts = pd.DataFrame(
        {
            "akimat_id": ["own", "own"],
            "platform": ["instagram", "x"],
            "content_type": ["short_video", None],
            "topic": [None, None],
            "reach": pd.array([100, pd.NA], dtype="Int64"),
            "likes": [5, 1],
            "comments": [1, 0],
            "shares": [0, 0],
            "saves": pd.array([pd.NA, pd.NA], dtype="Int64"),
            "published_at": [when, when],
        }
    )
    comments = pd.DataFrame(
        {
            "akimat_id": ["own"] * 2,
            "commented_at": [when, when],
            "replied": [True, False],
            "replied_at": [when + pd.Timedelta(hours=2), pd.NaT],
            "category": [None, None],
            "sentiment": [None, None],
        }
    )
    followers = pd.DataFrame({"account_id": [], "date": [], "followers": []})
    yearly = kpis.yearly_kpis(posts, comments, followers).loc["own"]
    assert pd.isna(yearly["negative_share"]) and pd.isna(yearly["official_events_share"])
    assert pd.isna(yearly["questions_answered"]) and pd.isna(yearly["telegram_growth"])
    assert yearly["short_video_share"] == 100  # X gives no format: left out, not "not video"
    assert yearly["response_rate"] == 50 and yearly["median_response_hours"] == 2


def test_the_negative_share_of_uncoded_comments_is_nan_and_coded_ones_still_count():
    assert pd.isna(metrics.negative_share(pd.Series([None, None], dtype="object")))
    assert metrics.negative_share(pd.Series(["negative", None, "neutral"])) == 50
