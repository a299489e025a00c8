"""Grade every collected submission of an assignment, several at a time.

    run = grade_assignment("m01_media_landscape", jobs=4)
    print(run.table())

Each submission is autograded by nbgrader's own Autograde converter (configured by the course's
nbgrader_config.py: GradingExecute, RestoreMissingCells, the locked gradebook writers) in a
worker process. Workers are forked once (nbgrader is imported once, not per submission) and take
one submission at a time; a watchdog kills and replaces a worker whose submission runs far past
any reasonable time, so nothing can stall the batch. A submission that fails is reported with the
reason; the others are graded as usual.

Before a submission is regraded its old grades are removed (nbgrader keeps stale scores for cells
missing from a new run). Manual grades and comments the instructor already gave are put back
where the graded cell's content is unchanged; where it changed they are dropped, and the summary
says so.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from multiprocessing.connection import wait
from pathlib import Path
from time import monotonic

import nbformat
from nbgrader.api import MissingEntry
from nbgrader.converters import Autograde

from course_utils.paths import COURSE_ROOT

from . import events
from .compat import capture_log, temp_attrs
from .course import Course, CourseError
from .events import Event
from .execute import _short_temp_dir
from .locking import gradebook_lock
from .originals import protect, verify
from .sandbox import SandboxStatus, sandbox_status


@dataclass
class SubmissionResult:
    """The outcome of grading one participant's submission."""

    student: str
    status: str = "failed"  # "graded" or "failed"
    reason: str = ""  # why it failed, in plain words
    score: float | None = None
    max_score: float | None = None
    manual: list[str] = field(default_factory=list)  # grade ids the instructor still has to grade
    events: list[Event] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def graded(self) -> bool:
        return self.status == "graded"

    @property
    def warnings(self) -> list[Event]:
        return [e for e in self.events if e.severity == "warning"]


@dataclass
class GradingRun:
    """Everything `course grade` reports."""

    assignment: str
    results: list[SubmissionResult]
    sandbox: SandboxStatus
    jobs: int
    seconds: float
    manual_kept: list[str] = field(default_factory=list)  # "alice q6_answer"
    manual_dropped: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # submitted files put back after grading
    log: Path | None = None  # grading/logs/grade-<assignment>-<time>.log

    @property
    def failed(self) -> list[SubmissionResult]:
        return [r for r in self.results if not r.graded]

    @property
    def exit_status(self) -> int:
        """0 when every submission was graded, 1 when something could not be graded."""
        return 1 if self.failed else 0

    def table(self) -> str:
        """The summary table: one line per participant, then totals."""
        rows = [("participant", "result", "score", "to grade by hand", "notes")]
        for r in sorted(self.results, key=lambda r: (r.graded, r.student)):
            score = "" if r.score is None else f"{r.score:g} / {r.max_score:g}"
            notes = r.reason if not r.graded else "; ".join(e.describe() for e in r.events[:4])
            if len(r.events) > 4:
                notes += f"; and {len(r.events) - 4} more"
            result = "graded" if r.graded else "FAILED"
            if r.graded and r.warnings:
                result = "graded (check)"
            rows.append((r.student, result, score, ", ".join(r.manual), notes))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = []
        for i, row in enumerate(rows):
            cells = [row[c].ljust(widths[c]) for c in range(4)]
            lines.append("  ".join([*cells, row[4]]).rstrip())
            if i == 0:
                lines.append("  ".join("-" * w for w in widths) + "  -----")
        graded = sum(r.graded for r in self.results)
        manual = sum(bool(r.manual) for r in self.results)
        lines.append("")
        lines.append(
            f"{self.assignment}: {graded} graded, {len(self.failed)} failed, "
            f"{manual} with answers to grade by hand (formgrader); "
            f"{self.jobs} at a time, {self.seconds:.0f} s; {self.sandbox.describe()}"
        )
        if self.manual_kept:
            lines.append(f"Manual grades kept (answer unchanged): {len(self.manual_kept)}")
        if self.manual_dropped:
            lines.append(
                "Manual grades REMOVED because the answer changed since you graded it: "
                + ", ".join(self.manual_dropped)
            )
        if self.restored:
            lines.append(
                "!! Submitted files were CHANGED while grading (by a participant's code) and "
                "have been put back from the originals kept at collect:"
            )
            lines += [f"!!   {item}" for item in self.restored]
        if self.log is not None:
            lines.append(f"Details of every submission (nbgrader's own messages): {self.log}")
        return "\n".join(lines)


# -- which submissions --------------------------------------------------------------------------


def submitted_students(root: Path | str | Course, assignment: str) -> list[str]:
    """Participants with at least one notebook in grading/submitted/<id>/<assignment>/."""
    submitted = Course.at(root).submitted
    if not submitted.is_dir():
        return []
    return sorted(
        d.name
        for d in submitted.iterdir()
        if (d / assignment).is_dir() and any((d / assignment).glob("*.ipynb"))
    )


def _ensure_in_gradebook(course: Course, assignment: str) -> None:
    """Register the assignment in the gradebook if `course release` never did (here)."""
    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    import copy

    scratch_config = copy.deepcopy(course.config)
    with tempfile.TemporaryDirectory(prefix="civic-register-") as tmp:
        # generate into a scratch release folder: exercises/ stays as released
        scratch_config.CourseDirectory.release_directory = tmp
        result = course.api(scratch_config).generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise CourseError(
            f"nbgrader could not add {assignment} to the gradebook:\n{result['error'] or result['log']}"
        )


# -- regrading: forget old grades, keep manual work ---------------------------------------------


@dataclass
class _ManualGrade:
    student: str
    notebook: str
    cell: str
    source: str
    manual_score: float | None
    extra_credit: float | None
    comment: str | None


def _cell_sources(path: Path) -> dict[str, str]:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return {}
    return {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id")
    }


def _pending_file(course: Course, assignment: str) -> Path:
    """Manual grades saved before a regrade removes them, until they are put back."""
    return course.grading / "manual_grades_pending" / f"{assignment}.json"


def _load_pending(path: Path) -> list[_ManualGrade]:
    try:
        return [_ManualGrade(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except FileNotFoundError:
        return []
    except (ValueError, TypeError) as err:
        raise CourseError(
            f"{path} holds manual grades saved by an interrupted regrade, but it cannot be read "
            f"({err}). Move it aside and look at it before grading again."
        ) from None


def _save_pending(path: Path, manual: list[_ManualGrade]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps([asdict(m) for m in manual], indent=1), encoding="utf-8")
    os.replace(partial, path)  # atomic: the file is whole, or the old one is still there


def _forget_old_grades(course: Course, assignment: str, students: list[str]) -> list[_ManualGrade]:
    """Remove the students' earlier grades and feedback; return the manual work to restore.

    The manual work is saved to grading/manual_grades_pending/<assignment>.json before anything
    is removed, and stays there until it is put back: a regrade interrupted by Ctrl-C or a crash
    loses no manual grade; the next `course grade` puts them back.
    """
    autograded, feedback = course.autograded, course.feedback
    pending = _pending_file(course, assignment)
    kept: list[_ManualGrade] = _load_pending(pending)
    with course.gradebook() as gb:
        submissions = []
        for student in students:
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                continue
            for notebook in submission.notebooks:
                sources = _cell_sources(
                    autograded / student / assignment / f"{notebook.name}.ipynb"
                )
                comments = {c.name: c.manual_comment for c in notebook.comments}
                for grade in notebook.grades:
                    comment = comments.get(grade.name)
                    if grade.manual_score is None and not grade.extra_credit and not comment:
                        continue
                    already = any(
                        (m.student, m.notebook, m.cell) == (student, notebook.name, grade.name)
                        for m in kept
                    )
                    if grade.name in sources and not already:
                        kept.append(
                            _ManualGrade(
                                student,
                                notebook.name,
                                grade.name,
                                sources[grade.name],
                                grade.manual_score,
                                grade.extra_credit,
                                comment,
                            )
                        )
            submissions.append(student)
        if kept:
            _save_pending(pending, kept)  # before anything is removed
        for student in submissions:
            gb.remove_submission(assignment, student)
            shutil.rmtree(feedback / student / assignment, ignore_errors=True)
    return kept


def _restore_manual(course: Course, assignment: str, manual: list[_ManualGrade]):
    kept, dropped, waiting = [], [], []
    autograded = course.autograded
    with course.gradebook() as gb:
        for item in manual:
            path = autograded / item.student / assignment / f"{item.notebook}.ipynb"
            label = f"{item.student} {item.cell}"
            try:
                gb.find_submission(assignment, item.student)
            except MissingEntry:
                waiting.append(item)  # not graded (yet): keep it for the next run
                continue
            if _cell_sources(path).get(item.cell) != item.source:
                dropped.append(label)
                continue
            try:
                grade = gb.find_grade(item.cell, item.notebook, assignment, item.student)
                grade.manual_score = item.manual_score
                grade.extra_credit = item.extra_credit
                if item.manual_score is not None:
                    grade.needs_manual_grade = False
                if item.comment:
                    gb.find_comment(
                        item.cell, item.notebook, assignment, item.student
                    ).manual_comment = item.comment
                gb.db.commit()
                kept.append(label)
            except MissingEntry:
                dropped.append(label)
    pending = _pending_file(course, assignment)
    if waiting:
        _save_pending(pending, waiting)
    else:
        pending.unlink(missing_ok=True)
    return kept, dropped


# -- one submission (in a worker) ---------------------------------------------------------------


class LockedAutograde(Autograde):
    """nbgrader's Autograde, holding the gradebook lock while it registers the submission."""

    def init_assignment(self, assignment_id, student_id):
        with gradebook_lock(self.coursedir.db_url):
            super().init_assignment(assignment_id, student_id)


def _autograde(api, assignment: str, student: str) -> dict:
    events.drain()
    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=student):
        app = LockedAutograde(coursedir=api.coursedir, parent=api)
        app.force = True
        app.create_student = True
        result = capture_log(app)
    return {
        "success": bool(result["success"]),
        "log": result.get("log") or "",
        "error": result.get("error") or "",
        "events": [e.as_dict() for e in events.drain()],
    }


_REASONS = [
    ("database is locked", "the gradebook was busy (database is locked)"),
    ("NotJSONError", "the notebook file is not valid JSON"),
    ("does not appear to be JSON", "the notebook file is not valid JSON"),
    ("UnresponsiveKernelError", "Python stopped responding and could not be restarted"),
    ("No notebooks found", "no notebook of this assignment in the submission folder"),
    ("No notebooks were matched", "nothing collected for this participant and assignment"),
    ("SchemaTooOldError", "the notebook's nbgrader metadata is from an old nbgrader"),
    ("SchemaTooNewError", "the notebook's nbgrader metadata is from a newer nbgrader"),
]


def _exception_lines(text: str) -> list[str]:
    """The closing line (`SomeError: message`) of each traceback in a log, in order."""
    found = []
    block: list[str] | None = None
    for line in [*text.splitlines(), "[END]"]:
        if "Traceback (most recent call last)" in line:
            block = []
        elif block is not None and (line.startswith("[") or not line.strip()):
            code = [b for b in block if b and set(b) - set("^~ ")]
            if code:
                found.append(code[-1])
            block = None
        elif block is not None:
            block.append(line.strip())
    return found


def failure_reason(outcome: dict) -> str:
    """A one-line reason for a failed autograde, from nbgrader's log and traceback."""
    text = f"{outcome.get('error', '')}\n{outcome.get('log', '')}"
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    causes = [line for line in _exception_lines(text) if "NbGraderException" not in line]
    if causes:
        return causes[0][:300]
    errors = [
        line[len("[ERROR]") :].strip() for line in text.splitlines() if line.startswith("[ERROR]")
    ]
    return (errors[0] if errors else "nbgrader could not grade it")[:300]


def _worker_config(course: Course, overrides: dict):
    import copy

    config = copy.deepcopy(course.config)
    if overrides.get("timeout"):
        config.Execute.timeout = int(overrides["timeout"])
    if overrides.get("sandbox"):
        config.GradingExecute.sandbox = overrides["sandbox"]
    if overrides.get("scratch"):
        config.GradingExecute.scratch_root = overrides["scratch"]
    if overrides.get("ipc"):
        config.GradingExecute.ipc_root = overrides["ipc"]
    return config


def _worker(conn, root: Path, overrides: dict) -> None:
    """A grading process: receives (assignment, student), sends back the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    import logging

    from .limits import become_subreaper

    become_subreaper()  # processes a kernel leaves behind become ours, and are ended

    course = Course.at(root)
    api = course.api(_worker_config(course, overrides))
    api.log.handlers = [logging.NullHandler()]
    api.log.propagate = False
    api.log.setLevel(logging.WARNING)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        assignment, student = task
        started = monotonic()
        try:
            outcome = _autograde(api, assignment, student)
        except BaseException:  # report anything: the batch goes on
            outcome = {"success": False, "error": traceback.format_exc(), "log": "", "events": []}
        outcome["seconds"] = monotonic() - started
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


# -- the batch ----------------------------------------------------------------------------------


def _log_submission(log, result: SubmissionResult, outcome: dict | None) -> None:
    """One submission's outcome in the run's log: result, what grading noticed, nbgrader's log."""
    log.write(f"\n== {result.student}: {result.status} in {result.seconds:.1f} s\n")
    if result.reason:
        log.write(f"reason: {result.reason}\n")
    for event in result.events:
        log.write(f"noticed: {event.describe()}\n")
    if outcome:
        for key in ("log", "error"):
            text = (outcome.get(key) or "").strip()
            if text:
                log.write(f"-- nbgrader {key}:\n{text[-20000:]}\n")
    log.flush()


@dataclass
class _Slot:
    process: multiprocessing.Process
    conn: object
    student: str | None = None
    started: float = 0.0
    attempts: int = 0


def default_jobs() -> int:
    """How many submissions to grade at once: one more than the CPUs this process may use.

    A worker and its kernel take turns, and both sometimes wait (a kernel starting, a socket, the
    gradebook's lock): with one worker per CPU a core sits idle for about a sixth of the batch
    (benchmarks/grade_benchmark.py). One worker more keeps every core busy; it costs one more
    kernel's memory (about 200 MB for the course's notebooks, at most the kernel's memory
    limit). On a small server where participants are working, pass --jobs 1.
    """
    has_affinity = hasattr(os, "sched_getaffinity")
    cpus = len(os.sched_getaffinity(0)) if has_affinity else (os.cpu_count() or 1)
    return max(1, cpus) + 1


def _context():
    """How to start workers: fork where it is safe, so they inherit the imported nbgrader.

    Forking saves each worker the seconds nbgrader takes to import. It is only safe from a
    single-threaded process (the `course` command); from a multi-threaded one (a Jupyter kernel,
    a test runner) a fork server is used, and elsewhere (macOS, Windows) spawn.
    """
    if sys.platform.startswith("linux"):
        if threading.active_count() == 1:
            return multiprocessing.get_context("fork")
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _start_worker(ctx, root: Path, overrides: dict) -> _Slot:
    parent_end, child_end = ctx.Pipe()
    process = ctx.Process(
        target=_worker, args=(child_end, root, overrides), daemon=True, name="course-grade"
    )
    process.start()
    child_end.close()
    return _Slot(process, parent_end)


def _stop_worker(slot: _Slot, kill: bool = False) -> None:
    with contextlib.suppress(OSError):
        if not kill:
            slot.conn.send(None)
    if kill:
        slot.process.kill()
    slot.process.join(timeout=5)
    if slot.process.is_alive():
        slot.process.kill()
        slot.process.join(timeout=5)
    slot.conn.close()


def _time_budget(course: Course, assignment: str, timeout: int) -> float:
    """Seconds after which a submission is certainly stuck: every code cell timing out, twice."""
    cells = 0
    for path in course.source_notebooks(assignment):
        nb = nbformat.read(path, as_version=4)
        cells += sum(1 for c in nb.cells if c.cell_type == "code")
    return 120 + cells * (2 * timeout + 20)


def grade_assignment(
    assignment: str,
    root: Path | str | Course = COURSE_ROOT,
    jobs: int | None = None,
    timeout: int | None = None,
    students: list[str] | None = None,
    sandbox: str | None = None,
    on_progress: Callable[[str, str, SubmissionResult | None], None] | None = None,
) -> GradingRun:
    """Autograde every collected submission of `assignment`, `jobs` at a time.

    `on_progress(kind, student, result)` is called with kind "start" or "done".
    """
    started = monotonic()
    course = Course.at(root)
    root, config = course.root, course.config
    course.check_assignment(assignment)  # unknown assignment: a clear error first
    students = students or submitted_students(course, assignment)
    if not students:
        folder = course.submitted
        raise CourseError(
            f"No submissions of {assignment} to grade in {folder}/<participant>/{assignment}/. "
            f"Collect them first: course collect {assignment} <folder or zip>."
        )
    timeout = timeout or int(config.Execute.get("timeout", 30))
    status = sandbox_status(sandbox or config.GradingExecute.get("sandbox", "auto"))
    jobs = max(1, min(jobs or default_jobs(), len(students)))
    budget = _time_budget(course, assignment, timeout)

    _ensure_in_gradebook(course, assignment)
    grading = course.grading
    protect(grading, assignment, students)  # the originals, to check them against afterwards
    manual = _forget_old_grades(course, assignment, students)
    restored: list[str] = []

    results: dict[str, SubmissionResult] = {}
    queue = deque((student, 0) for student in students)
    ctx = _context()
    slots: list[_Slot] = []

    course.logs.mkdir(parents=True, exist_ok=True)
    log_path = course.logs / f"grade-{assignment}-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
    log = log_path.open("w", encoding="utf-8")
    log.write(
        f"course grade {assignment}: {len(students)} submission(s), {jobs} at a time, "
        f"timeout {timeout} s per cell; {status.describe()}\n"
    )

    def finish(slot: _Slot, result: SubmissionResult, outcome: dict | None = None) -> None:
        results[result.student] = result
        slot.student = None
        _log_submission(log, result, outcome)
        if on_progress:
            on_progress("done", result.student, result)

    # the kernels' scratch copies and sockets go in two folders of this run, removed at the end
    # even if a worker was killed (socket paths must be short: /tmp where it exists)
    scratch = tempfile.mkdtemp(prefix="civic-grade-run-")
    sockets = tempfile.mkdtemp(prefix="cg-run-", dir=_short_temp_dir())
    overrides = {"timeout": timeout, "sandbox": sandbox, "scratch": scratch, "ipc": sockets}
    try:
        slots = [_start_worker(ctx, root, overrides) for _ in range(jobs)]
        while queue or any(s.student for s in slots):
            for slot in slots:
                if slot.student is None and queue:
                    student, attempts = queue.popleft()
                    slot.student, slot.attempts, slot.started = student, attempts, monotonic()
                    slot.conn.send((assignment, student))
                    if on_progress:
                        on_progress("start", student, None)
            busy = [s for s in slots if s.student]
            ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout=0.5)
            for index, slot in enumerate(slots):
                if slot.student is None:
                    continue
                student = slot.student
                if slot.conn in ready:
                    try:
                        outcome = slot.conn.recv()
                    except (EOFError, OSError):
                        outcome = None
                    if outcome is not None:
                        reason = "" if outcome["success"] else failure_reason(outcome)
                        finish(
                            slot,
                            SubmissionResult(
                                student,
                                status="graded" if outcome["success"] else "failed",
                                reason=reason,
                                events=[Event(**e) for e in outcome["events"]],
                                seconds=outcome["seconds"],
                            ),
                            outcome,
                        )
                        continue
                overdue = monotonic() - slot.started > budget
                if slot.process.is_alive() and not overdue:
                    continue
                if overdue:
                    reason = f"grading took longer than {budget:.0f} s and was stopped"
                else:
                    reason = f"the grading process crashed (exit code {slot.process.exitcode})"
                _stop_worker(slot, kill=True)
                seconds = monotonic() - slot.started
                slots[index] = _start_worker(ctx, root, overrides)
                finish(slot, SubmissionResult(student, reason=reason, seconds=seconds))
    except KeyboardInterrupt:
        for slot in slots:
            _stop_worker(slot, kill=True)
        slots = []
        raise
    finally:
        for slot in slots:
            _stop_worker(slot)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(sockets, ignore_errors=True)
        # every participant's files, not only this batch's: a notebook may write anywhere
        restored = verify(grading, assignment, submitted_students(course, assignment))
        for item in restored:
            log.write(f"RESTORED {item}\n")
        log.close()

    manual_kept, manual_dropped = _restore_manual(course, assignment, manual)
    with course.gradebook() as gb:
        for result in results.values():
            if not result.graded:
                # nbgrader registers a submission before it fails: leave no score behind
                with contextlib.suppress(MissingEntry):
                    gb.remove_submission(assignment, result.student)
                continue
            try:
                submission = gb.find_submission(assignment, result.student)
            except MissingEntry:
                result.status, result.reason = "failed", "no grades were saved"
                continue
            result.score, result.max_score = submission.score, submission.max_score
            result.manual = [
                grade.name
                for notebook in submission.notebooks
                for grade in notebook.grades
                if grade.needs_manual_grade
            ]
    run = GradingRun(
        assignment,
        [results[s] for s in students if s in results],
        status,
        jobs,
        monotonic() - started,
        manual_kept,
        manual_dropped,
        restored,
        log_path,
    )
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + run.table() + "\n")
    return run
