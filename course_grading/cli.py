"""`course`: the instructor's command-line tool (also `python -m course_grading`).

A thin layer over course_grading's functions; every subcommand has --help.

    course release [ASSIGNMENT ...]        check solutions, regenerate exercises/, exchange
    course collect ASSIGNMENT SOURCE       import submissions (folder, .zip or "exchange")
    course grade ASSIGNMENT [--jobs N]     autograde every submission, N at a time
    course feedback ASSIGNMENT [--exchange] HTML feedback per participant
    course report [ASSIGNMENT] [--out DIR] grades.csv and a cohort summary with charts
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from course_utils.paths import COURSE_ROOT, MY_DATA


def _release(args: argparse.Namespace) -> int:
    from .release import release

    checks, written = release(args.course, args.assignments or None)
    status = 0
    for check in checks:
        if check.full_marks:
            print(
                f"✓ {check.assignment}: the solution gets {check.score:g}/{check.max_score:g}; released"
            )
        else:
            status = 1
            print(
                f"✗ {check.assignment}: the solution gets {check.score:g}/{check.max_score:g}; NOT released"
            )
            for failure in check.failures:
                print(f"    {failure}")
    for path in written:
        print(f"  wrote {path.relative_to(args.course)}")
    ready = [check.assignment for check in checks if check.full_marks]
    if args.exchange and ready:
        status = max(status, _release_to_exchange(args.course, ready))
    return status


def _release_to_exchange(course: Path, assignments: list[str]) -> int:
    from .exchange import available, release_assignments

    why_not = available()
    if why_not:
        print(f"  not released to nbgrader's exchange: {why_not}")
        return 0
    result = release_assignments(course, assignments)
    for assignment in result.released:
        print(f"  released {assignment} to the exchange ({result.root}): participants can fetch it")
    for assignment, reason in result.failed.items():
        print(f"✗ {assignment}: NOT released to the exchange ({result.root}): {reason}")
    return 1 if result.failed else 0


def _collect(args: argparse.Namespace) -> int:
    from .collect import collect

    result = collect(args.assignment, args.source, args.course, roster=args.roster)
    print(result.table())
    if result.imported:
        print(f"Next: course grade {args.assignment}")
    return result.exit_status


def _grade(args: argparse.Namespace) -> int:
    from .course import Course
    from .grade import default_jobs, grade_assignment, submitted_students
    from .progress import Progress
    from .sandbox import sandbox_status

    course = Course.at(args.course)
    mode = args.sandbox or course.config.GradingExecute.get("sandbox", "auto")
    status = sandbox_status(mode)
    if not status.isolated:
        print(status.warning(), file=sys.stderr)
    students = args.students or submitted_students(course, args.assignment)
    jobs = args.jobs or default_jobs()
    progress = Progress(len(students), f"grading {args.assignment}")

    def report(kind, student, result):
        if kind == "start":
            progress.start(student)
        else:
            note = result.reason or (f"{result.seconds:.1f} s")
            progress.finish(student, result.graded, note)

    try:
        run = grade_assignment(
            args.assignment,
            course,
            jobs=jobs,
            timeout=args.timeout,
            students=students,
            sandbox=args.sandbox,
            on_progress=report if students else None,
        )
    finally:
        progress.close()
    print()
    print(run.table())
    if not status.isolated:
        print(status.warning(), file=sys.stderr)
    if run.failed:
        print(
            f"\n{len(run.failed)} submission(s) could not be graded: see the reasons above and "
            "docs/instructor/grading.md.",
            file=sys.stderr,
        )
    return run.exit_status


def _feedback(args: argparse.Namespace) -> int:
    from .feedback import generate_feedback

    result = generate_feedback(args.assignment, args.course, args.students or None)
    print(result.table(args.course))
    if not args.exchange or not result.written:
        return result.exit_status
    from .exchange import release_feedback

    returned = release_feedback(args.course, args.assignment, sorted(result.written))
    print(f"Returned through the exchange ({returned.root}): participants press 'Fetch Feedback'.")
    for student in returned.released:
        print(f"  ✓ {student}")
    for student, reason in sorted(returned.failed.items()):
        print(f"  ✗ {student:<24} {reason}")
    return max(result.exit_status, 1 if returned.failed else 0)


def _report(args: argparse.Namespace) -> int:
    from .report import write_report

    report = write_report(args.course, args.assignment, args.out, args.pass_mark)
    for name, path in report.files.items():
        print(f"wrote {path} ({name})")
    print(f"{len(report.follow_up)} participant-assignment(s) need follow-up: see summary.html")
    return 0


def _datasets(args: argparse.Namespace) -> int:
    from course_utils.synthetic import write

    for path in write(args.out):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


def _import(args: argparse.Namespace) -> int:
    """`course import`: a thin layer over course_utils.imports."""
    from course_utils.imports import ExportError, import_exports, parse_columns, write_package

    try:
        result = import_exports(
            args.paths,
            platform=args.platform,
            columns=parse_columns(args.columns),
            account=args.account,
            keep_names=args.keep_names,
        )
    except ExportError as err:
        print(f"course import: {err}", file=sys.stderr)
        return 2
    print(result.report.text())
    if not any(len(t) for name, t in result.tables.items() if name != "accounts"):
        print("course import: nothing was imported; see the errors above.", file=sys.stderr)
        return 1
    try:
        written = write_package(result, args.out, sources=args.paths)
    except ExportError as err:
        print(f"course import: {err}", file=sys.stderr)
        return 2
    print(
        f"wrote the data package to {args.out} ({len(written)} files); load it with "
        f'load("posts", source="{args.out}")'
    )
    return 1 if result.report.errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--course",
        type=Path,
        # on the seminar hub the instructor's course folder (set by hub/jupyterhub_config.py)
        default=Path(os.environ.get("CIVIC_CHANNELS_COURSE") or COURSE_ROOT),
        help="the course folder (default: $CIVIC_CHANNELS_COURSE, else %(default)s)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    release = sub.add_parser(
        "release",
        help="regenerate exercises/ from solutions/ (only where the solution gets full marks)",
        description="Check that each solution gets full automatic marks against its own tests, then "
        "regenerate its exercises/ folder with nbgrader, and release it to nbgrader's exchange (a "
        "JupyterHub's Assignments tab). An assignment whose solution fails is not released.",
    )
    release.add_argument(
        "assignments", nargs="*", metavar="ASSIGNMENT", help="assignment ids (default: all)"
    )
    release.add_argument(
        "--no-exchange",
        dest="exchange",
        action="store_false",
        help="only regenerate exercises/; do not also release to nbgrader's exchange (where a "
        "JupyterHub's participants fetch it: Exchange.root in nbgrader_config.py)",
    )
    release.set_defaults(run=_release)

    collect = sub.add_parser(
        "collect",
        help="import submissions from a folder, a .zip or nbgrader's exchange",
        description="Import one notebook per participant into grading/submitted/<participant>/"
        "ASSIGNMENT/. SOURCE is a folder or a .zip as downloaded from an LMS or e-mail (the "
        "participant id comes from the folder or file name), or the word 'exchange' for "
        "nbgrader's exchange. SOURCE is never changed. Every file that is not imported is listed "
        "with the reason and kept under grading/rejected/. Exit status 1 if any file was not "
        "imported.",
    )
    collect.add_argument(
        "assignment", metavar="ASSIGNMENT", help="assignment id, e.g. m01_media_landscape"
    )
    collect.add_argument("source", metavar="SOURCE", help="a folder, a .zip file, or 'exchange'")
    collect.add_argument(
        "--roster",
        metavar="CSV",
        help="a CSV with columns name,id: the id to use for each participant's name (for names "
        "that would give the same id, or ids you already use elsewhere)",
    )
    collect.set_defaults(run=_collect)

    grade = sub.add_parser(
        "grade",
        help="autograde every collected submission, in parallel, with a summary",
        description="Autograde every collected submission of ASSIGNMENT with nbgrader, N at a "
        "time, in a sandbox where available. A broken submission never stops the batch; "
        "regrading replaces earlier grades (manual grades are kept where the answer is "
        "unchanged). Ends with a summary table; exit status 1 only if some submission could "
        "not be graded.",
    )
    grade.add_argument("assignment", metavar="ASSIGNMENT", help="assignment id")
    grade.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="submissions graded at once (default: one more than the number of CPUs)",
    )
    grade.add_argument(
        "--timeout",
        type=int,
        default=None,
        metavar="SECONDS",
        help="time limit per cell (default: Execute.timeout in nbgrader_config.py, 30)",
    )
    grade.add_argument(
        "--student",
        dest="students",
        action="append",
        metavar="ID",
        help="grade only this participant (repeatable)",
    )
    grade.add_argument(
        "--sandbox",
        choices=["auto", "bwrap", "none"],
        default=None,
        help="auto: bubblewrap if it works here; bwrap: refuse to grade without it; none: no "
        "sandbox (default: GradingExecute.sandbox in nbgrader_config.py)",
    )
    grade.set_defaults(run=_grade)

    feedback = sub.add_parser(
        "feedback",
        help="HTML feedback per participant (no hidden tests)",
        description="Write grading/feedback/<participant>/ASSIGNMENT/*.html for every graded "
        "submission: which checks passed, each check's message, the instructor's comments; "
        "never the hidden tests' code.",
    )
    feedback.add_argument("assignment", metavar="ASSIGNMENT", help="assignment id")
    feedback.add_argument(
        "--student", dest="students", action="append", metavar="ID", help="only this participant"
    )
    feedback.add_argument(
        "--exchange",
        action="store_true",
        help="also return the pages through nbgrader's exchange, for participants who submitted "
        "on the JupyterHub: they press 'Fetch Feedback' in the Assignments tab",
    )
    feedback.set_defaults(run=_feedback)

    report = sub.add_parser(
        "report",
        help="grades CSV and a cohort summary with charts",
        description="Write grades.csv (one row per participant and assignment) and summary.html "
        "with the score distribution, the pass rate of each check and the participants who need "
        "follow-up.",
    )
    report.add_argument(
        "assignment",
        nargs="?",
        default=None,
        metavar="ASSIGNMENT",
        help="one assignment (default: all)",
    )
    report.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="output folder (default: grading/reports)",
    )
    report.add_argument(
        "--pass-mark",
        type=float,
        default=50.0,
        metavar="PERCENT",
        help="scores below this need follow-up (default: %(default)g)",
    )
    report.set_defaults(run=_report)

    datasets = sub.add_parser(
        "datasets",
        help="regenerate the synthetic datasets",
        description="Rewrite datasets/ byte-identically from course_utils.synthetic.",
    )
    datasets.add_argument(
        "--out",
        type=Path,
        default=COURSE_ROOT / "datasets",
        help="output folder (default: %(default)s)",
    )
    datasets.set_defaults(run=_datasets)

    imports = sub.add_parser(
        "import",
        help="import a press service's own platform exports into a data package",
        description="Read platform exports (Telegram Desktop JSON, Meta Business Suite, Facebook "
        "Insights, TikTok Studio, YouTube Studio, X, VK; files, folders or zips), print the "
        "import report and write the course's tables as a data package. The exports are never "
        "changed or moved.",
    )
    imports.add_argument("paths", nargs="+", type=Path, help="export files, folders or zips")
    imports.add_argument(
        "--out",
        type=Path,
        default=MY_DATA,
        help="where to write the data package (default: %(default)s, git-ignored)",
    )
    imports.add_argument("--platform", help="only recognise this platform's exports")
    imports.add_argument(
        "--columns",
        help="map columns the course does not know: 'column in the file=course column,...' "
        "(course columns: post_id, published_at, reach, impressions, likes, comments, shares, "
        "saves, text, date, followers)",
    )
    imports.add_argument("--account", help="a short id for your organisation (default: own)")
    imports.add_argument(
        "--keep-names",
        action="store_true",
        help="keep commenters' names (default: replaced by pseudonyms)",
    )
    imports.set_defaults(run=_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.course = args.course.resolve()
    from .course import CourseError
    from .locking import GradebookBusy

    try:
        return args.run(args)
    except (CourseError, GradebookBusy) as err:
        print(f"course {args.command}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
