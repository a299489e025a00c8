"""Running a notebook top to bottom in a real kernel, as a participant's Run All does."""

from __future__ import annotations

from pathlib import Path

from nbclient import NotebookClient


def run_notebook(notebook, folder: Path, timeout: int = 240):
    """Execute `notebook` (an nbformat object) in a python3 kernel started in `folder`; a cell
    that fails keeps its error output and the run goes on. Returns the notebook."""
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    return notebook
