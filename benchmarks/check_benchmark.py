"""How long a participant waits for a self-study check: every task of every exercise, judged
on its right answer and on each typical mistake (the same calls the check cell makes).

    .venv/bin/python benchmarks/check_benchmark.py

Prints the slowest checks and the median; the first call of each exercise includes loading its
data (as the first check a participant runs does).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import statistics
import time

from course_utils.checks import AnswerError
from course_utils.exercises import EXERCISES


def _tasks(short):
    module = importlib.import_module(f"course_utils.exercises.{short}")
    found = [v for k, v in vars(module).items() if re.fullmatch(r"q\d+", k)]
    return sorted(found, key=lambda t: t.number)


def _answer(task, compute):
    if task.calls:

        def function(*args):
            return compute(*args)

        return (function,)
    value = compute()
    return (value,) if len(task.names) == 1 else tuple(value)


def main() -> None:
    timings = []
    for short in EXERCISES:
        for task in _tasks(short):
            cases = [("right", task.expected)] + [
                (f"mistake {i + 1}", m.answer) for i, m in enumerate(task.mistakes) if m.of is None
            ]
            for label, compute in cases:
                answers = _answer(task, compute)
                start = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(AnswerError):
                    task.check(*answers)
                timings.append((time.perf_counter() - start, f"{short} q{task.number} {label}"))
    timings.sort(reverse=True)
    seconds = [t for t, _ in timings]
    print(
        f"{len(timings)} checks: median {statistics.median(seconds) * 1000:.0f} ms, "
        f"95th percentile {seconds[len(seconds) // 20] * 1000:.0f} ms, max {seconds[0] * 1000:.0f} ms"
    )
    for took, what in timings[:8]:
        print(f"  {took * 1000:7.0f} ms  {what}")


if __name__ == "__main__":
    main()
