"""The cohort report: a grades CSV and a summary page with charts, from the gradebook.

    paths = write_report(out=Path("grading/reports"))

- grades.csv: one row per participant and assignment (not submitted, graded, or waiting for
  manual grading), with total, automatic and written scores and the percentage.
- summary.html with the charts (also saved as PNG): the distribution of scores, the share of
  participants who passed each check (where the cohort struggled), and the participants who
  need follow-up: below the pass mark, not submitted, or submitted but not graded.

Percentages are score / maximum × 100 over everything graded so far; an answer still waiting
for manual grading counts as 0 until it is graded (the CSV says which rows are incomplete).
"""

from __future__ import annotations

import base64
import csv
import html
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import MissingEntry

from course_utils.paths import COURSE_ROOT

from .collect import rejections
from .course import Course, CourseError

CSV_COLUMNS = [
    "student",
    "assignment",
    "status",
    "score",
    "max_score",
    "percent",
    "code_score",
    "max_code_score",
    "written_score",
    "max_written_score",
    "to_grade_by_hand",
    "late_penalty",
    "note",  # why there is no score: not submitted, not graded yet, or the file's problem
]


@dataclass
class QuestionResult:
    assignment: str
    cell: str
    attempted: int = 0
    passed: int = 0  # full marks on the cell

    @property
    def pass_rate(self) -> float:
        return 100 * self.passed / self.attempted if self.attempted else 0.0


@dataclass
class Report:
    rows: list[dict]
    questions: list[QuestionResult]
    follow_up: list[tuple[str, str, str]]  # student, assignment, why
    pass_mark: float
    files: dict[str, Path] = field(default_factory=dict)


def _percent(score: float, maximum: float) -> float | None:
    return round(100 * score / maximum, 1) if maximum else None


def collect_grades(
    root: Path | str | Course = COURSE_ROOT, assignment: str | None = None, pass_mark: float = 50.0
) -> Report:
    """Grades of every participant for `assignment` (or every assignment) from the gradebook."""
    course = Course.at(root)
    submitted_dir = course.submitted
    rows, questions, follow_up = [], {}, []
    rejected: dict[str, dict[str, str]] = {}
    with course.gradebook() as gb:
        names = [a.name for a in gb.assignments]
        if assignment is not None:
            if assignment not in names:
                raise CourseError(
                    f"{assignment} is not in the gradebook yet: release, collect and grade it first."
                )
            names = [assignment]
        students = sorted(s.id for s in gb.students)
        for name in names:
            for student in students:
                row = dict.fromkeys(CSV_COLUMNS, "")
                row.update(student=student, assignment=name)
                try:
                    sub = gb.find_submission(name, student)
                except MissingEntry:
                    waiting = (submitted_dir / student / name).is_dir()
                    refused = rejected.setdefault(name, rejections(course.grading, name))
                    if waiting:
                        row["status"] = "not graded"
                        why = "submitted but not graded (see `course grade`)"
                    elif student in refused:
                        row["status"] = "not gradable"
                        why = f"handed in, but not gradable: {refused[student]}"
                    else:
                        row["status"] = "not submitted"
                        why = "did not submit"
                    row["note"] = why
                    follow_up.append((student, name, why))
                    rows.append(row)
                    continue
                manual = [g.name for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade]
                percent = _percent(sub.score, sub.max_score)
                row.update(
                    status="to grade by hand" if manual else "graded",
                    score=round(sub.score, 2),
                    max_score=sub.max_score,
                    percent=percent,
                    code_score=round(sub.code_score, 2),
                    max_code_score=sub.max_code_score,
                    written_score=round(sub.written_score, 2),
                    max_written_score=sub.max_written_score,
                    to_grade_by_hand=" ".join(manual),
                    late_penalty=sub.late_submission_penalty or 0,
                )
                rows.append(row)
                if percent is not None and percent < pass_mark:
                    follow_up.append(
                        (student, name, f"scored {percent:g}% (pass mark {pass_mark:g}%)")
                    )
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        if grade.cell_type != "code" or grade.needs_manual_grade:
                            continue
                        key = (name, grade.name)
                        question = questions.setdefault(key, QuestionResult(name, grade.name))
                        question.attempted += 1
                        question.passed += (grade.score or 0) >= grade.max_score
    return Report(rows, list(questions.values()), follow_up, pass_mark)


def _png(figure, path: Path) -> Path:
    figure.savefig(path, dpi=110, bbox_inches="tight")
    return path


def _charts(report: Report, out: Path) -> dict[str, Path]:
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from course_utils.plots import ACCENT, HIGHLIGHT, HOUSE_STYLE, NEUTRAL

    files = {}
    scored = [r for r in report.rows if r["percent"] not in ("", None)]
    with mpl.rc_context(HOUSE_STYLE):
        if scored:
            assignments = sorted({r["assignment"] for r in scored})
            figure = Figure(figsize=(7, 0.6 + 1.5 * len(assignments)))
            axes = figure.subplots(len(assignments), 1, sharex=True, squeeze=False)[:, 0]
            below = sum(r["percent"] < report.pass_mark for r in scored)
            edges = list(range(0, 101, 10))
            for ax, name in zip(axes, assignments, strict=True):
                values = [min(r["percent"], 99.9) for r in scored if r["assignment"] == name]
                counts = [sum(lo <= v < lo + 10 for v in values) for lo in edges[:-1]]
                colours = [HIGHLIGHT if lo < report.pass_mark else ACCENT for lo in edges[:-1]]
                ax.bar(edges[:-1], counts, width=9, align="edge", color=colours)
                ax.set_ylabel("participants")
                ax.set_title(name, loc="left", fontsize="medium")
                ax.yaxis.get_major_locator().set_params(integer=True)
                ax.axvline(report.pass_mark, color=NEUTRAL, linestyle="--", linewidth=1)
            axes[-1].set_xlim(0, 100)
            axes[-1].set_xlabel("score (% of the points graded so far; dashed line: pass mark)")
            figure.suptitle(
                f"{below} of {len(scored)} scores are below the pass mark ({report.pass_mark:g}%)",
                x=0.02,
                ha="left",
                fontweight="bold",
            )
            files["score_distribution"] = _png(figure, out / "score_distribution.png")
        if report.questions:
            questions = sorted(report.questions, key=lambda q: (q.assignment, q.cell))
            figure = Figure(figsize=(7, 1.2 + 0.3 * len(questions)))
            ax = figure.subplots()
            labels = [
                f"{q.assignment.split('_')[0]} {q.cell}"
                if len({q.assignment for q in questions}) > 1
                else q.cell
                for q in questions
            ]
            rates = [q.pass_rate for q in questions]
            lowest = min(q.pass_rate for q in questions)
            hardest = [q.cell for q in questions if q.pass_rate == lowest]
            colours = [HIGHLIGHT if q.pass_rate == lowest else ACCENT for q in questions]
            ax.barh(range(len(questions)), rates, color=colours)
            ax.set_yticks(range(len(questions)), labels)
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_xlabel("participants who passed the check (%)")
            shown = ", ".join(hardest[:3]) + (" ..." if len(hardest) > 3 else "")
            checks = "check" if len(hardest) == 1 else "checks"
            ax.set_title(f"Hardest {checks}: {shown} ({lowest:.0f}% passed)")
            files["pass_rate_by_question"] = _png(figure, out / "pass_rate_by_question.png")
    return files


def _embed(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def _summary_html(report: Report, title: str) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;"
        "text-align:left}img{max-width:100%}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    by_assignment: dict[str, list[dict]] = {}
    for row in report.rows:
        by_assignment.setdefault(row["assignment"], []).append(row)
    parts.append(
        "<h2>Overview</h2><table><tr><th>assignment</th><th>submitted</th>"
        "<th>median score</th><th>passed</th><th>to grade by hand</th></tr>"
    )
    for name, rows in sorted(by_assignment.items()):
        scored = sorted(r["percent"] for r in rows if r["percent"] not in ("", None))
        median = statistics.median(scored) if scored else None
        passed = sum(p >= report.pass_mark for p in scored)
        manual = sum(r["status"] == "to grade by hand" for r in rows)
        parts.append(
            f"<tr><td>{e(name)}</td><td>{len(scored)} of {len(rows)}</td>"
            f"<td>{'' if median is None else f'{median:g}%'}</td><td>{passed}</td><td>{manual}</td></tr>"
        )
    parts.append("</table>")
    for key, heading in (
        ("score_distribution", "Scores"),
        ("pass_rate_by_question", "Where the cohort struggled: share who passed each check"),
    ):
        if key in report.files:
            parts.append(f"<h2>{e(heading)}</h2>{_embed(report.files[key])}")
    parts.append(f"<h2>Follow up ({len(report.follow_up)})</h2>")
    if report.follow_up:
        parts.append("<table><tr><th>participant</th><th>assignment</th><th>why</th></tr>")
        for student, name, why in sorted(report.follow_up):
            parts.append(f"<tr><td>{e(student)}</td><td>{e(name)}</td><td>{e(why)}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>Everyone submitted and passed.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(
    root: Path | str | Course = COURSE_ROOT,
    assignment: str | None = None,
    out: Path | str | None = None,
    pass_mark: float = 50.0,
) -> Report:
    """Write grades.csv, summary.html and the charts to `out` (default grading/reports/)."""
    course = Course.at(root)
    report = collect_grades(course, assignment, pass_mark)
    if not report.rows:
        raise CourseError("The gradebook has no participants yet: collect and grade first.")
    if out is None:  # next to the other grading folders
        out = course.grading / "reports"
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    grades = out / "grades.csv"
    with grades.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(report.rows)
    report.files = {"grades": grades, **_charts(report, out)}
    title = f"Civic Channels: {assignment or 'all assignments'}"
    summary = out / "summary.html"
    summary.write_text(_summary_html(report, title), encoding="utf-8")
    report.files["summary"] = summary
    return report
