"""`make lessons` (site/execute_lessons.py) stores a lesson executed, keeps its metadata, never
keeps stale widget state, and leaves a notebook that fails untouched. A real kernel runs them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("execute_lessons", ROOT / "site/execute_lessons.py")
execute_lessons = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_lessons)

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
STALE = {"application/vnd.jupyter.widget-state+json": {"state": {"old-id": {}}}}


def _lesson(tmp_path: Path, source: str) -> Path:
    notebook = new_notebook(cells=[new_code_cell(source)])
    notebook.metadata.update(kernelspec=KERNEL, widgets=STALE, course_note="kept")
    path = tmp_path / "lesson.ipynb"
    nbformat.write(notebook, path)
    return path


def test_a_lesson_is_stored_executed_with_its_metadata_and_without_stale_widgets(tmp_path):
    path = _lesson(tmp_path, "from pathlib import Path\nprint(Path.cwd().name)\n6 * 7")
    assert execute_lessons.main([str(path)]) == 0
    notebook = nbformat.read(path, as_version=4)
    cell = notebook.cells[0]
    assert cell.outputs[0]["text"] == f"{tmp_path.name}\n"  # run in the lesson's own folder
    assert cell.outputs[1]["data"]["text/plain"] == "42"
    assert "execution" not in cell.metadata
    assert notebook.metadata["course_note"] == "kept"
    assert notebook.metadata["kernelspec"] == KERNEL
    assert "widgets" not in notebook.metadata  # this run made no widgets: the old state goes


def test_a_lesson_that_fails_is_left_as_it_was_and_named(tmp_path, capsys):
    path = _lesson(tmp_path, "1 / 0")
    before = path.read_bytes()
    assert execute_lessons.main([str(path)]) == 1
    assert path.read_bytes() == before
    assert f"{path}: a cell failed" in capsys.readouterr().err
