"""`course`: the instructor's command-line tool (also `python -m course_utils`).

A thin layer over course_utils functions; every subcommand has --help.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import COURSE_ROOT


def _release(args: argparse.Namespace) -> int:
    from .grading.release import release

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
    return status


def _datasets(args: argparse.Namespace) -> int:
    from .synthetic import write

    for path in write(args.out):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--course", type=Path, default=COURSE_ROOT, help="the course folder (default: %(default)s)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    release = sub.add_parser(
        "release",
        help="regenerate exercises/ from solutions/ (only where the solution gets full marks)",
        description="Check that each solution gets full automatic marks against its own tests, then "
        "regenerate its exercises/ folder with nbgrader. An assignment whose solution fails is not released.",
    )
    release.add_argument(
        "assignments", nargs="*", metavar="ASSIGNMENT", help="assignment ids (default: all)"
    )
    release.set_defaults(run=_release)

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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.course = args.course.resolve()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
