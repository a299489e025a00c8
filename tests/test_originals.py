"""The originals kept at collect: a submitted file changed, deleted or added during grading is
put back (or moved aside) and reported."""

from __future__ import annotations

from pathlib import Path

from course_grading.originals import protect, verify

A = "m00_getting_started"


def _submit(grading: Path, student: str, text: str) -> Path:
    path = grading / "submitted" / student / A / f"{A}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unchanged_submission_is_reported_as_nothing(tmp_path):
    _submit(tmp_path, "alice", "original")
    protect(tmp_path, A, ["alice"])
    assert verify(tmp_path, A, ["alice"]) == []


def test_a_changed_submission_is_put_back_byte_for_byte(tmp_path):
    path = _submit(tmp_path, "alice", "original")
    protect(tmp_path, A, ["alice"])
    path.write_text("tampered", encoding="utf-8")
    assert verify(tmp_path, A, ["alice"]) == [f"alice/{A}.ipynb: changed, restored"]
    assert path.read_text(encoding="utf-8") == "original"


def test_a_deleted_submission_is_put_back(tmp_path):
    path = _submit(tmp_path, "alice", "original")
    protect(tmp_path, A, ["alice"])
    path.unlink()
    assert verify(tmp_path, A, ["alice"]) == [f"alice/{A}.ipynb: deleted, restored"]
    assert path.read_text(encoding="utf-8") == "original"


def test_a_file_that_appears_during_grading_is_moved_aside(tmp_path):
    path = _submit(tmp_path, "alice", "original")
    protect(tmp_path, A, ["alice"])
    (path.parent / "planted.ipynb").write_text("{}", encoding="utf-8")
    [report] = verify(tmp_path, A, ["alice"])
    assert report.startswith("alice/planted.ipynb: appeared during grading, moved to")
    assert not (path.parent / "planted.ipynb").exists()
    assert list((tmp_path / "quarantine").rglob("planted.ipynb"))


def test_when_the_kept_original_was_changed_too_it_says_so(tmp_path):
    path = _submit(tmp_path, "alice", "original")
    protect(tmp_path, A, ["alice"])
    kept = tmp_path / "originals" / A / "alice" / "files" / f"{A}.ipynb"
    kept.chmod(0o600)
    kept.write_text("also tampered", encoding="utf-8")
    path.write_text("tampered", encoding="utf-8")
    assert verify(tmp_path, A, ["alice"]) == [
        f"alice/{A}.ipynb: changed, and its kept original too (restore it)"
    ]


def test_a_new_collect_makes_the_new_file_the_original(tmp_path):
    path = _submit(tmp_path, "alice", "first")
    protect(tmp_path, A, ["alice"])
    path.write_text("second", encoding="utf-8")  # collected again
    protect(tmp_path, A, ["alice"])
    assert verify(tmp_path, A, ["alice"]) == []
