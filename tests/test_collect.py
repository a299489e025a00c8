"""Collecting submissions: participant ids from names, archive layouts, re-collecting."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest
from grading_helpers import M00, notebook, write

from course_grading.collect import collect, safe_id, student_from_file, student_from_folder
from course_grading.course import CourseError


@pytest.mark.parametrize(
    ("stem", "student"),
    [
        ("alice", "alice"),
        ("Alice", "alice"),
        (f"{M00}_alice", "alice"),
        (f"alice_{M00}", "alice"),
        ("alice - m00", "alice"),
        ("bob_final", "bob"),
        (f"smithalice_LATE_123456_7891011_{M00}", "smithalice"),  # Canvas
        (M00, ""),
        (f"{M00} (1)", ""),
    ],
)
def test_the_participant_id_comes_from_the_file_name(stem, student):
    assert student_from_file(stem, M00) == student


@pytest.mark.parametrize(
    ("folder", "student"),
    [
        ("alice", "alice"),
        ("Alice Smith_12345_assignsubmission_file_", "alice_smith"),  # Moodle
        ("Bob Jones_777_assignsubmission_onlinetext_", "bob_jones"),
    ],
)
def test_the_participant_id_comes_from_the_folder_name(folder, student):
    assert student_from_folder(folder) == student


def test_kazakh_and_russian_names_become_safe_latin_ids():
    assert safe_id("Айгерим Нурланова") == "aigerim_nurlanova"
    assert safe_id("Әлия Қасымова") == "aliya_qasymova"
    assert safe_id("José  O'Neil") == "jose_o_neil"


def _submitted(course: Path) -> list[str]:
    return sorted(p.name for p in (course / "grading" / "submitted").iterdir())


def test_flat_files_named_after_participants_are_collected(course, tmp_path):
    inbox = tmp_path / "inbox"
    write(notebook(course), inbox / "alice.ipynb")
    write(notebook(course), inbox / f"{M00}_bob.ipynb")
    result = collect(M00, inbox, course)
    assert result.exit_status == 0
    assert _submitted(course) == ["alice", "bob"]


def test_a_folder_wrapping_every_submission_is_looked_through(course, tmp_path):
    archive = tmp_path / "export.zip"
    text = nbformat.writes(notebook(course))
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"submissions/alice/{M00}.ipynb", text)
        zipped.writestr(f"submissions/bob/{M00}.ipynb", text)
    collect(M00, archive, course)
    assert _submitted(course) == ["alice", "bob"]


def test_identical_copies_for_one_participant_are_imported_once(course, tmp_path):
    inbox = tmp_path / "inbox"
    write(notebook(course), inbox / "alice" / f"{M00}.ipynb")
    write(notebook(course), inbox / "alice" / f"{M00} (1).ipynb")
    (imported,) = collect(M00, inbox, course).imported
    assert imported.note == "2 identical copies"


def test_checkpoints_and_system_files_are_listed_as_ignored(course, tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"alice/{M00}.ipynb", nbformat.writes(notebook(course)))
        zipped.writestr(f"alice/.ipynb_checkpoints/{M00}-checkpoint.ipynb", "{}")
        zipped.writestr("__MACOSX/alice/._x", "")
        zipped.writestr("alice/.DS_Store", "")
    result = collect(M00, archive, course)
    assert [i.student for i in result.imported] == ["alice"]
    assert len(result.ignored) == 3 and not result.rejected


def test_unsafe_paths_in_a_zip_stay_inside_the_grading_folder(course, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("../../outside.txt", "escape attempt")
    (rejected,) = collect(M00, archive, course).rejected
    assert (course / "grading") in rejected.kept.parents
    assert not (tmp_path / "outside.txt").exists()


def test_a_notebook_whose_owner_cannot_be_told_is_rejected(course, tmp_path):
    inbox = tmp_path / "inbox"
    write(notebook(course), inbox / f"{M00}.ipynb")
    (rejected,) = collect(M00, inbox, course).rejected
    assert "cannot tell whose notebook this is" in rejected.reason


def test_a_new_notebook_without_the_exercise_cells_is_rejected(course, tmp_path):
    inbox = tmp_path / "inbox"
    write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), inbox / "al.ipynb")
    (rejected,) = collect(M00, inbox, course).rejected
    assert "none of the exercise's cells" in rejected.reason


def test_collecting_an_unknown_assignment_is_a_clear_error(course, tmp_path):
    with pytest.raises(CourseError, match="no assignment 'm99'"):
        collect("m99", tmp_path, course)


def _hand_in_to_exchange(course: Path, student: str, content: bytes) -> None:
    """What `nbgrader submit` leaves in the exchange's inbound folder."""
    stamp = "2025-03-04 10:11:12.000000 UTC"
    inbound = course / "grading" / "exchange" / "civic-channels" / "inbound"
    folder = inbound / f"{student}+{M00}+{stamp}+abcdefgh"
    folder.mkdir(parents=True)
    (folder / f"{M00}.ipynb").write_bytes(content)
    (folder / "timestamp.txt").write_text(stamp)


def test_collecting_from_nbgrader_exchange_checks_each_submission_too(course):
    _hand_in_to_exchange(course, "zarina", nbformat.writes(notebook(course)).encode())
    _hand_in_to_exchange(course, "yerlan", b"{ damaged")
    before = sorted(p.name for p in (course / "grading" / "exchange").rglob("*"))
    result = collect(M00, "exchange", course)
    assert [i.student for i in result.imported] == ["zarina"]
    (rejected,) = result.rejected
    assert rejected.source.startswith("yerlan/") and "not valid JSON" in rejected.reason
    assert (rejected.kept / f"{M00}.ipynb").read_bytes() == b"{ damaged"
    assert _submitted(course) == ["zarina"]
    assert sorted(p.name for p in (course / "grading" / "exchange").rglob("*")) == before
