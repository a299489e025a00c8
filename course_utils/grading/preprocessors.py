"""nbgrader preprocessors the course configures in nbgrader_config.py."""

from __future__ import annotations

from nbgrader.preprocessors import OverwriteCells


class RestoreMissingCells(OverwriteCells):
    """OverwriteCells that puts back graded cells a student deleted, without crashing.

    nbgrader 0.9.6 re-inserts a deleted grade cell after the *previous source cell*, looked up
    among the submitted grade and solution cells only. When that previous cell is a read-only
    cell (or was deleted too), the lookup raises KeyError (for example 'explain_prompt') and the
    whole submission fails to grade. Here the cell goes after the nearest earlier cell of the
    assignment that is still in the submission, or before the nearest later one, or at the top.
    """

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
            source_cell = [c for c in source_nb.source_cells if c.name == cell_id][0]
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

