"""Run every benchmark of the course (`make benchmark`).

    python benchmarks/run_all.py

Each benchmark is a script in this folder that prints its numbers and writes them to
benchmarks/results/ (git-ignored). Add new ones to BENCHMARKS. Exit status 1 if any failed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "lessons_benchmark.py",  # each lesson run top to bottom in a fresh kernel
    "explorers_benchmark.py",  # each interactive explorer update, chart rendered
    "grade_benchmark.py",  # course grade vs nbgrader autograde vs the nbclient floor
]


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)], cwd=HERE.parent).returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
