"""How long each lesson takes to run top to bottom, as a participant's "Run All" does.

    python benchmarks/lessons_benchmark.py

Each notebook in notebooks/ is executed in a fresh kernel with nbclient (kernel start included);
prints the seconds per lesson and the slowest. The goal: every lesson runs in seconds.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return time.perf_counter() - start


def main() -> int:
    os.environ.pop(
        "MPLBACKEND", None
    )  # lessons render charts with the inline backend, as in JupyterLab
    times = {path.name: run(path) for path in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    for name, seconds in times.items():
        print(f"{name:40} {seconds:6.1f} s")
    slowest = max(times, key=times.get)
    print(
        f"slowest: {slowest} in {times[slowest]:.1f} s; all {len(times)} notebooks in {sum(times.values()):.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
