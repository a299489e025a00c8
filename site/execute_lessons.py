"""Re-execute the lessons and store them executed: `make lessons` (or name notebooks to run).

    python site/execute_lessons.py                         # every notebook in notebooks/
    python site/execute_lessons.py notebooks/m05_*.ipynb   # some of them

After `make datasets`, or after changing a lesson's code or `course_utils`, the stored outputs
(which the website shows and `make test` compares with nbval) must be refreshed. This runs each
notebook top to bottom in its own folder with nbclient, then writes it back as it was except
for the outputs:
- the notebook's own metadata (kernel, language version) is kept, so a different Python patch
  release does not show up as a change;
- the interactive explorers' widget state is taken from this run, because the stored views
  refer to the widgets by the ids of this run (stale ids leave the website without the chart);
- per-cell execution timestamps are dropped.
A notebook that fails is left untouched and named, with the error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
WIDGETS = "widgets"


def execute(path: Path, timeout: int = 300) -> None:
    """Run one notebook and store it executed (see the module docstring for what is kept)."""
    notebook = nbformat.read(path, as_version=4)
    kept = dict(notebook.metadata)
    notebook.metadata.pop(WIDGETS, None)  # nbclient would keep the old state if it makes none
    NotebookClient(
        notebook, timeout=timeout, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    widgets = notebook.metadata.get(WIDGETS)
    if widgets:
        kept[WIDGETS] = widgets  # in its old place if it had one
    else:
        kept.pop(WIDGETS, None)
    notebook.metadata = nbformat.from_dict(kept)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    failed = 0
    for path in paths:
        try:
            execute(path)
        except CellExecutionError as error:
            failed += 1
            print(
                f"{path}: a cell failed; the notebook is left as it was.\n{error}", file=sys.stderr
            )
            continue
        print(f"executed {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
