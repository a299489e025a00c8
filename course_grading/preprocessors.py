"""nbgrader preprocessors the course configures in nbgrader_config.py.

- RestoreMissingCells: puts back a graded cell the participant deleted (nbgrader's own
  OverwriteCells crashes in that case).
- LockedSaveAutoGrades, LockedAssignLatePenalties: nbgrader's, holding the gradebook lock
  (locking.py) while they write, so parallel graders never collide on the SQLite file.
- HideHiddenTests: feedback that shows which tests passed and their friendly messages, but not
  the source of the hidden tests (nbgrader issue #917).

GradingExecute, the hardened Execute, is in execute.py.
"""

from __future__ import annotations

from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import (
    AssignLatePenalties,
    NbGraderPreprocessor,
    OverwriteCells,
    SaveAutoGrades,
)

from . import events
from .compat import remove_hidden_tests
from .locking import gradebook_lock


def _db_url(resources) -> str:
    return resources.get("nbgrader", {}).get("db_url", "")


class RestoreMissingCells(OverwriteCells):
    """OverwriteCells that puts back graded cells a student deleted, without crashing.

    nbgrader 0.9.6 re-inserts a deleted grade cell after the *previous source cell*, looked up
    among the submitted grade and solution cells only. When that previous cell is a read-only
    cell (or was deleted too), the lookup raises KeyError (for example 'explain_prompt') and the
    whole submission fails to grade. Here the cell goes after the nearest earlier cell of the
    assignment that is still in the submission, or before the nearest later one, or at the top.
    """

    def preprocess(self, nb, resources):
        with gradebook_lock(_db_url(resources)):
            return super().preprocess(nb, resources)

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_ids = [cell.name for cell in source_nb.source_cells]
        grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
        solution_ids = {cell.name for cell in source_nb.solution_cells}

        def positions() -> dict[str, int]:
            ids = {}
            for i, cell in enumerate(nb.cells):
                grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                if grade_id is not None:
                    ids[grade_id] = i
            return ids

        for position, cell_id in enumerate(source_ids):
            present = positions()
            if cell_id not in grade_cells or cell_id in present:
                continue
            self.log.warning("Graded cell %s is missing from the submission; restoring it", cell_id)
            events.record("restored-cell", cell_id, "deleted from the submission; put back")
            source_cell = next(c for c in source_nb.source_cells if c.name == cell_id)
            new_cell = self.missing_cell_transform(
                source_cell, grade_cells[cell_id].max_score, is_solution=cell_id in solution_ids
            )
            new_cell["id"] = cell_id  # keep the notebook valid (nbformat requires cell ids)
            earlier = [present[i] for i in source_ids[:position] if i in present]
            later = [present[i] for i in source_ids[position + 1 :] if i in present]
            if earlier:
                index = max(earlier) + 1
            elif later:
                index = min(later)
            else:
                index = 0
            nb.cells.insert(index, new_cell)
        return nb, resources


class LockedSaveAutoGrades(SaveAutoGrades):
    """SaveAutoGrades holding the gradebook lock while it writes."""

    def preprocess(self, nb, resources):
        with gradebook_lock(_db_url(resources)):
            return super().preprocess(nb, resources)


class LockedAssignLatePenalties(AssignLatePenalties):
    """AssignLatePenalties holding the gradebook lock while it writes."""

    def preprocess(self, nb, resources):
        with gradebook_lock(_db_url(resources)):
            return super().preprocess(nb, resources)


def hidden_regions(cell) -> list[str]:
    """The hidden-test regions (### BEGIN/END HIDDEN TESTS) of a cell, each as one text."""
    regions, current = [], None
    for line in cell.source.split("\n"):
        marker = line.strip()
        if marker.startswith("### BEGIN HIDDEN TESTS"):
            current = []
        elif marker.startswith("### END HIDDEN TESTS"):
            if current:
                regions.append("\n".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return regions


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback without the hidden tests' source, decided by the notebook's structure.

    For every test cell: the hidden-test region (### BEGIN/END HIDDEN TESTS) is removed from
    the source, and an error under it is reduced to its last line, e.g.
    "AnswerError: `top5` should have 5 rows; it has 3. Use .head(5).", without the traceback
    that quotes the test's code; other outputs of a test cell are dropped. The participant's own
    cells are shown as they ran: the grader never lets their code see a hidden test (tests run
    outside IPython's history, and not at all while a thread of the notebook could watch), so
    nothing they printed can hold one. A summary table of the checks (passed / not yet / graded
    by the instructor) is added at the top; run it after GetGrades.
    """

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        nb.cells.insert(0, new_markdown_cell(self._summary(nb)))
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not (utils.is_grade(cell) and not utils.is_solution(cell)):
            return cell, resources
        remove_hidden_tests(cell)
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                evalue = str(output.get("evalue", ""))
                output["traceback"] = [f"\x1b[0;31m{output.get('ename')}\x1b[0m: {evalue}"]
                kept.append(output)
        cell["outputs"] = kept
        return cell, resources

    @staticmethod
    def _summary(nb) -> str:
        rows = []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade"):
                continue
            score, points = meta.get("score"), meta.get("points")
            if points is None:
                continue
            if cell.cell_type == "markdown" or meta.get("solution"):
                result = "graded by your instructor" if score is None else f"{score:g} / {points:g}"
                kind = "written answer"
            else:
                passed = score is not None and score >= points
                result = "✓ passed" if passed else "✗ not yet"
                kind = "check"
                result += f" ({(score or 0):g} / {points:g})"
            rows.append(f"| `{meta.get('grade_id', '')}` | {kind} | {result} |")
        if not rows:
            return "## Your results\n\nThis notebook has no graded cells."
        return "\n".join(
            [
                "## Your results",
                "",
                "Each check below ran against your notebook. A check that is *not yet* passed "
                "shows its message under the check cell further down.",
                "",
                "| cell | what | result |",
                "|---|---|---|",
                *rows,
            ]
        )
