"""Collecting what participants really hand in: other encodings and notebook formats, several
files over time, and names that would give the same id."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import nbformat
import pytest
from grading_helpers import M00, notebook, write

from course_grading.collect import collect, safe_id
from course_grading.course import Course

pytestmark = pytest.mark.grading


def _graded_file(course: Path, student: str) -> Path:
    return course / "grading" / "submitted" / student / M00 / f"{M00}.ipynb"


def _imported(result, student):
    return next(item for item in result.imported if item.student == student)


# -- encodings and formats -----------------------------------------------------------------------


def test_a_notebook_with_a_byte_order_mark_is_graded_without_it_and_kept_as_received(
    course, tmp_path
):
    text = nbformat.writes(notebook(course))
    path = tmp_path / "inbox" / "alice" / f"{M00}.ipynb"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = collect(M00, tmp_path / "inbox", course)
    item = _imported(result, "alice")
    assert "byte-order mark" in item.note
    graded = _graded_file(course, "alice").read_bytes()
    assert not graded.startswith(b"\xef\xbb\xbf")
    json.loads(graded)  # what nbgrader reads
    kept = list((course / "grading" / "received").rglob("*.ipynb"))
    assert [k.read_bytes() for k in kept] == [path.read_bytes()]


def test_a_utf16_notebook_is_re_encoded(course, tmp_path):
    text = nbformat.writes(notebook(course))
    path = tmp_path / "inbox" / "alice" / f"{M00}.ipynb"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("utf-16"))
    item = _imported(collect(M00, tmp_path / "inbox", course), "alice")
    assert "UTF-16" in item.note
    nbformat.reads(_graded_file(course, "alice").read_text(encoding="utf-8"), as_version=4)


def test_a_notebook_of_format_3_is_converted_and_says_so(course, tmp_path):
    v3 = nbformat.convert(notebook(course), 3)
    write_path = tmp_path / "inbox" / "alice" / f"{M00}.ipynb"
    write_path.parent.mkdir(parents=True)
    write_path.write_text(nbformat.writes(v3, version=3), encoding="utf-8")
    item = _imported(collect(M00, tmp_path / "inbox", course), "alice")
    assert "converted from notebook format 3 to 4" in item.note
    graded = nbformat.read(_graded_file(course, "alice"), as_version=4)
    assert graded.nbformat == 4 and any(
        c.metadata.get("nbgrader", {}).get("grade_id") == "q1_answer" for c in graded.cells
    )


def test_a_broken_character_is_replaced_so_the_notebook_can_be_graded(course, tmp_path):
    nb = notebook(course)
    nb.cells[0].source += "\n\ud800"  # a lone surrogate, as some editors write
    text = json.dumps(nb, ensure_ascii=True)  # JSON carries it as \ud800
    path = tmp_path / "inbox" / "alice" / f"{M00}.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    item = _imported(collect(M00, tmp_path / "inbox", course), "alice")
    assert "1 broken character(s)" in item.note
    graded = _graded_file(course, "alice").read_text(encoding="utf-8")
    assert "\ufffd" in graded


def test_a_notebook_in_another_encoding_is_refused_with_what_to_do(course, tmp_path):
    nb = notebook(course)
    nb.cells[0].source += "\nПривет"
    path = tmp_path / "inbox" / "alice" / f"{M00}.ipynb"
    path.parent.mkdir(parents=True)
    path.write_bytes(nbformat.writes(nb).encode("cp1251", errors="replace"))
    result = collect(M00, tmp_path / "inbox", course)
    [rejected] = result.rejected
    assert "not UTF-8 text" in rejected.reason and "save it" in rejected.reason


# -- several files, over time ---------------------------------------------------------------------


def test_of_two_files_the_newest_is_graded_and_the_other_archived(course, tmp_path):
    inbox = tmp_path / "inbox"
    old = write(notebook(course, answered=False), inbox / "tom" / f"{M00}.ipynb")
    new = write(notebook(course), inbox / "tom" / f"{M00} (1).ipynb")
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_700_000_600, 1_700_000_600))
    result = collect(M00, inbox, course)
    assert result.rejected == []
    item = _imported(result, "tom")
    assert "newest of 2 files" in item.note and "archive" in item.note
    assert _graded_file(course, "tom").read_bytes() == new.read_bytes()
    assert [p.read_bytes() for p in (course / "grading" / "archive").rglob("*.ipynb")] == [
        old.read_bytes()
    ]


def test_an_older_file_collected_later_does_not_replace_a_newer_one(course, tmp_path):
    full, blank = tmp_path / "full.zip", tmp_path / "blank.zip"
    with zipfile.ZipFile(full, "w") as archive:
        info = zipfile.ZipInfo(f"alice/{M00}.ipynb", date_time=(2026, 11, 20, 18, 0, 0))
        archive.writestr(info, nbformat.writes(notebook(course)))
    with zipfile.ZipFile(blank, "w") as archive:
        info = zipfile.ZipInfo(f"alice/{M00}.ipynb", date_time=(2026, 11, 18, 9, 0, 0))
        archive.writestr(info, nbformat.writes(notebook(course, answered=False)))
    collect(M00, full, course)
    graded = _graded_file(course, "alice").read_bytes()
    item = _imported(collect(M00, blank, course), "alice")
    assert item.note.startswith("NOT used: older (2026-11-18 09:00)")
    assert _graded_file(course, "alice").read_bytes() == graded


# -- names and ids --------------------------------------------------------------------------------


def test_names_outside_the_table_keep_their_letters():
    assert safe_id("Zeynep Yıldız") == "zeynep_yildiz"
    assert safe_id("王伟") == "wangwei"
    assert safe_id("Łukasz Żółć") == "lukasz_zolc"


def test_two_people_whose_names_give_one_id_are_both_refused_with_both_names(course, tmp_path):
    inbox = tmp_path / "inbox"
    write(notebook(course), inbox / "Нурлан Алиев" / f"{M00}.ipynb")
    write(notebook(course, answered=False), inbox / "Нұрлан Әлиев" / f"{M00}.ipynb")
    result = collect(M00, inbox, course)
    assert result.imported == []
    assert len(result.rejected) == 2
    reason = result.rejected[0].reason
    assert "'Нурлан Алиев'" in reason and "'Нұрлан Әлиев'" in reason and "--roster" in reason


def test_a_roster_tells_them_apart(course, tmp_path):
    inbox = tmp_path / "inbox"
    write(notebook(course), inbox / "Нурлан Алиев" / f"{M00}.ipynb")
    write(notebook(course, answered=False), inbox / "Нұрлан Әлиев" / f"{M00}.ipynb")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,id\nНурлан Алиев,nurlan_aliev_1\nНұрлан Әлиев,nurlan_aliev_2\n")
    result = collect(M00, inbox, course, roster=roster)
    assert sorted(i.student for i in result.imported) == ["nurlan_aliev_1", "nurlan_aliev_2"]
    assert result.rejected == []


def test_a_participant_whose_only_file_was_refused_stays_in_the_grades_with_the_reason(
    course, tmp_path
):
    from course_grading.report import collect_grades

    inbox = tmp_path / "inbox"
    write(notebook(course), inbox / "alice" / f"{M00}.ipynb")
    (inbox / "bob").mkdir()
    (inbox / "bob" / f"{M00}.ipynb").write_text("{ damaged", encoding="utf-8")
    collect(M00, inbox, course)
    with Course.at(course).gradebook() as gb:  # alice graded, as `course grade` would
        gb.add_assignment(M00)
    rows = {r["student"]: r for r in collect_grades(course, M00).rows}
    assert rows["bob"]["status"] == "not gradable"
    assert "not valid JSON" in rows["bob"]["note"]
    assert rows["alice"]["status"] == "not graded"
