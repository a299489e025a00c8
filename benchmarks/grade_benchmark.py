"""How fast `course grade` grades a cohort, against nbgrader and against the floor.

    python benchmarks/grade_benchmark.py [--students 35] [--assignment m01_media_landscape] [--rounds 1]

A synthetic cohort (a third full answers, a third partial, a third the untouched exercise) of
one assignment is collected into fresh temporary copies of the course, then graded four ways,
each timed as wall-clock seconds of the whole command (start-up included):

1. floor: the same submitted notebooks executed one after another with nbclient alone (no
   grading, no gradebook, no sandbox), in the stock kernel: the least a grader that starts a
   fresh kernel per notebook must spend (the course's grading kernels save a little more: they
   keep no history database and load no debugger);
2. nbgrader: `nbgrader autograde ASSIGNMENT` once for all participants, with nbgrader's own
   autograde preprocessors (the course's sanitizing, i.e. what the README used to say);
3. `course grade ASSIGNMENT --jobs 1`;
4. `course grade ASSIGNMENT` with all cores.

Goals (issue "grading an instructor can trust"): (4) within 1.0 x floor / cores, and nbgrader
at least 2 x slower than (4) on two cores. With --rounds N the four runs are repeated N times in
fresh copies: a shared virtual machine's speed drifts by 10-20 % between minutes, so each
round's ratios are reported and the goals are judged on their median; the runs a ratio compares
are made one after the other, in the opposite order every other round. Results go to
benchmarks/results/grade_benchmark.json and .md (git-ignored) and are printed. The machine may
be shared: the load average before each run, and the CPU time the host took from the virtual
machine during it ("steal"), are recorded with it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

# nbgrader's own autograde pipeline, for the baseline (the course's config replaces Execute and
# the gradebook writers with its hardened versions)
STOCK_AUTOGRADE = """

# --- benchmark baseline: nbgrader's own autograde preprocessors ---
from nbconvert.preprocessors import ClearMetadataPreprocessor as _ClearMetadata
from nbgrader.preprocessors import (
    AssignLatePenalties as _Late,
    CheckCellMetadata as _Check,
    Execute as _Execute,
    IgnorePattern as _Ignore,
    LimitOutput as _Limit,
    SaveAutoGrades as _Save,
)
c.Autograde.autograde_preprocessors = [_Execute, _Ignore, _ClearMetadata, _Limit, _Save, _Late, _Check]
"""


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def load_average() -> float | None:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def stolen_seconds() -> float | None:
    """CPU time the host has taken from this virtual machine so far ("steal"; Linux only).

    Seconds of all the machine's CPUs together: on 2 cores, up to twice the wall time.

    A run during which the host gave the machine's CPUs to someone else is slower for reasons
    that have nothing to do with the grader: each run records how much was taken.
    """
    try:
        with open("/proc/stat") as handle:
            fields = handle.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _without_markers(source: str) -> str:
    return "\n".join(line for line in source.split("\n") if "### " not in line)


def cohort(assignment: str, students: int, inbox: Path) -> dict[str, str]:
    """Write `students` submissions to inbox/<participant>/<assignment>.ipynb; kind of each."""
    exercise = ROOT / "exercises" / assignment / f"{assignment}.ipynb"
    key = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    solved = {
        c.metadata["nbgrader"]["grade_id"]: _without_markers(c.source)
        for c in key.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    answer_ids = list(solved)
    kinds = {}
    for i in range(students):
        kind = ("full", "partial", "empty")[i % 3]
        nb = nbformat.read(exercise, as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id not in solved:
                continue
            answered = kind == "full" or (
                kind == "partial" and answer_ids.index(grade_id) < len(answer_ids) // 2
            )
            if answered:
                cell.source = solved[grade_id]
        student = f"participant_{i + 1:02d}"
        (inbox / student).mkdir(parents=True)
        nbformat.write(nb, inbox / student / f"{assignment}.ipynb")
        kinds[student] = kind
    return kinds


def course_copy(where: Path, assignment: str, inbox: Path, stock: bool = False) -> Path:
    """A course with the assignment released into its gradebook and the cohort collected."""
    where.mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (where / "nbgrader_config.py").write_text(config + (STOCK_AUTOGRADE if stock else ""))
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder / assignment, where / folder / assignment)
    from course_grading.collect import collect
    from course_grading.course import Course

    generated = Course.at(where).api().generate_assignment(assignment, force=True, create=True)
    assert generated["success"], generated["log"]
    result = collect(assignment, inbox, where)
    assert not result.rejected, result.table()
    return where


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    """Wall-clock seconds of a command, start-up included."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - started, done


FLOOR_SCRIPT = """
import sys, tempfile, time
import nbformat
from nbclient import NotebookClient
paths = sys.argv[1:]
start = time.perf_counter()
for path in paths:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as work:
        NotebookClient(nb, timeout=30, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": work}}).execute()
print(time.perf_counter() - start)
"""


def floor(course: Path, assignment: str) -> tuple[float, subprocess.CompletedProcess]:
    notebooks = sorted((course / "grading" / "submitted").glob(f"*/{assignment}/*.ipynb"))
    return timed([sys.executable, "-c", FLOOR_SCRIPT, *map(str, notebooks)], course)


def scores(course: Path, assignment: str) -> dict[str, float | None]:
    from course_grading.course import Course

    found = {}
    with Course.at(course).gradebook() as gb:
        for student in gb.students:
            try:
                found[student.id] = gb.find_submission(assignment, student.id).code_score
            except Exception:
                found[student.id] = None
    return found


def one_round(work: Path, assignment: str, inbox: Path, n: int, reverse: bool = False) -> dict:
    """Grade the cohort the four ways, in fresh copies of the course; seconds and outcome of each.

    Each ratio compares two runs made one after the other (floor, all cores, nbgrader, then
    --jobs 1); `reverse` runs them in the opposite order, so that a machine slowly getting
    faster or slower does not favour one side in every round.
    """
    runs = {}
    copies = {
        "floor": course_copy(work / "floor", assignment, inbox),
        "course_all_cores": course_copy(work / "all", assignment, inbox),
        "nbgrader": course_copy(work / "nbgrader", assignment, inbox, stock=True),
        "course_jobs_1": course_copy(work / "jobs1", assignment, inbox),
    }
    if reverse:
        copies = dict(reversed(copies.items()))

    def course_grade(copy: str, *options: str) -> list[str]:
        return [str(BIN / "course"), "--course", str(copies[copy]), "grade", *options]

    commands = {
        "nbgrader": [str(BIN / "nbgrader"), "autograde", assignment],
        "course_jobs_1": course_grade("course_jobs_1", assignment, "--jobs", "1"),
        "course_all_cores": course_grade("course_all_cores", assignment),
    }
    for name, course in copies.items():
        load = load_average()
        stolen_before = stolen_seconds()
        if name == "floor":
            seconds, done = floor(course, assignment)
        else:
            seconds, done = timed(commands[name], course)
        stolen_after = stolen_seconds()
        stolen = None
        if stolen_before is not None and stolen_after is not None:
            stolen = round(stolen_after - stolen_before, 1)
        print(
            f"  {name:<17} {seconds:7.1f} s   (load average before: {load}; "
            f"CPU taken by the host: {stolen} CPU-s)",
            flush=True,
        )
        runs[name] = {
            "seconds": round(seconds, 1),
            "load_before": load,
            "stolen_seconds": stolen,
            "exit": done.returncode,
        }
        if name != "floor":
            graded = scores(course, assignment)
            runs[name]["graded"] = sum(v is not None for v in graded.values())
            runs[name]["points"] = sum(v or 0 for v in graded.values())
        if done.returncode not in (0,):
            runs[name]["stderr_tail"] = done.stderr[-1500:]
    runs["ratios"] = {
        "course_vs_floor_per_core": round(
            runs["course_all_cores"]["seconds"] / (runs["floor"]["seconds"] / n), 2
        ),
        "nbgrader_vs_course": round(
            runs["nbgrader"]["seconds"] / runs["course_all_cores"]["seconds"], 2
        ),
    }
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=35)
    parser.add_argument("--assignment", default="m01_media_landscape")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure the four runs this many times over (a shared machine's speed drifts "
        "between minutes: each round's ratios are reported, and their median)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary courses")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    from course_grading.sandbox import sandbox_status

    n = cores()
    work = Path(tempfile.mkdtemp(prefix="civic-grade-benchmark-"))
    try:
        inbox = work / "inbox"
        kinds = cohort(args.assignment, args.students, inbox)
        print(f"{args.students} submissions of {args.assignment} on {n} cores; preparing...")
        rounds = []
        for index in range(args.rounds):
            if args.rounds > 1:
                print(f"round {index + 1} of {args.rounds}")
            folder = work / f"round{index + 1}"
            rounds.append(one_round(folder, args.assignment, inbox, n, reverse=index % 2 == 1))
        ratios = {
            key: round(statistics.median(r["ratios"][key] for r in rounds), 2)
            for key in ("course_vs_floor_per_core", "nbgrader_vs_course")
        }
        result = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cores": n,
                "python": platform.python_version(),
                "system": platform.platform(),
            },
            "sandbox": sandbox_status().describe(),
            "assignment": args.assignment,
            "students": args.students,
            "cohort": {k: list(kinds.values()).count(k) for k in ("full", "partial", "empty")},
            "rounds": rounds,
            "goals": {
                "course_vs_floor_per_core": ratios["course_vs_floor_per_core"],
                "course_vs_floor_per_core_goal": 1.0,
                "nbgrader_vs_course": ratios["nbgrader_vs_course"],
                "nbgrader_vs_course_goal": 2.0,
            },
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "grade_benchmark.json").write_text(json.dumps(result, indent=2) + "\n")
        names = ("floor", "nbgrader", "course_jobs_1", "course_all_cores")
        header = " | ".join(f"round {i + 1}" for i in range(len(rounds)))
        lines = [
            f"# Grading benchmark ({result['when']})",
            "",
            f"{args.students} submissions of {args.assignment} ({result['cohort']}), "
            f"{n} cores, {result['sandbox']}.",
            "",
            f"| run | {header} |",
            "|---|" + "---|" * len(rounds),
            *[
                f"| {name} | "
                + " | ".join(
                    f"{r[name]['seconds']} s (load {r[name]['load_before']}, "
                    f"taken {r[name]['stolen_seconds']} CPU-s)"
                    for r in rounds
                )
                + " |"
                for name in names
            ],
            *[
                f"| {key} | " + " | ".join(str(r["ratios"][key]) for r in rounds) + " |"
                for key in ("course_vs_floor_per_core", "nbgrader_vs_course")
            ],
            "",
            f"- course grade (all cores) / (floor / cores) = "
            f"{result['goals']['course_vs_floor_per_core']} (goal ≤ 1.0)",
            f"- nbgrader autograde / course grade (all cores) = "
            f"{result['goals']['nbgrader_vs_course']} (goal ≥ 2.0)",
        ]
        if len(rounds) > 1:
            lines.append("- (each ratio is the median of the rounds' ratios)")
        (RESULTS / "grade_benchmark.md").write_text("\n".join(lines) + "\n")
        print("\n".join(lines[4:]))
        print(f"\nwritten to {RESULTS / 'grade_benchmark.md'}")
        failed = sorted({k for r in rounds for k in names if r[k]["exit"] != 0})
        if failed:
            print(f"runs that did not exit cleanly: {failed}", file=sys.stderr)
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
