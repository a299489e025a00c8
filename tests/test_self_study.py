"""A participant who runs a blank exercise top to bottom, in a real kernel, sees for every task a
message that says what to do, never a Python traceback; and the hints and the solution of a task
show in the notebook."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from kernel_helpers import run_notebook

from course_utils.exercises import EXERCISES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("exercise", list(EXERCISES.values()))
def test_a_blank_exercise_says_what_to_do_for_every_task_without_a_traceback(exercise):
    folder = ROOT / "exercises" / exercise
    notebook = run_notebook(nbformat.read(folder / f"{exercise}.ipynb", as_version=4), folder)
    checked = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        for error in errors:
            shown = "\n".join(error.traceback)
            assert error.ename == "AnswerError", f"{cell.id}: {error.ename}: {error.evalue}"
            assert "Traceback" not in shown and "---->" not in shown, f"{cell.id}:\n{shown}"
            assert shown.startswith("✘ ") and "q" in shown, shown
        if re.fullmatch(r"q\d+_check", cell.get("id", "")):
            assert errors, f"{exercise} {cell.id}: a blank answer passed its check"
            checked += 1
    assert checked >= 4


def test_hints_and_the_solution_show_in_the_notebook(tmp_path):
    exercise = EXERCISES["m01"]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from course_utils.exercises.m01 import q1\nq1.hint()"),
        nbformat.v4.new_code_cell("q1.hint(2)"),
        nbformat.v4.new_code_cell("q1.solution()"),
        nbformat.v4.new_code_cell("q1.check(3.0)"),
    ]
    run_notebook(notebook, ROOT / "exercises" / exercise)
    shown = [
        "".join(o.get("data", {}).get("text/markdown", ""))
        for c in notebook.cells
        for o in c.outputs
    ]
    assert shown[0].startswith("**Hint 1 of 2**") and "q1.hint(2)" in shown[0]
    assert shown[1].startswith("**Hint 2 of 2**") and "weighted_share" in shown[1]
    assert "```python" in shown[2] and "official_trust_2021 =" in shown[2]
    assert notebook.cells[3].outputs[0].traceback[0].startswith("✘ `official_trust_2021`")
