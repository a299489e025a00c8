"""What grading noticed about a submission: timeouts, restarts, truncated output, tampering.

The course's nbgrader preprocessors record events here while they grade a notebook; the batch
grader (grade.py) collects them per submission and shows them in its summary. Events live in the
process that grades (one list per worker process); `drain()` hands them over and starts afresh.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# kind -> (severity, what it means for the instructor)
KINDS = {
    "timeout": ("note", "a cell ran longer than the time limit and was stopped"),
    "timeout-restart": ("warning", "a cell could not be stopped; Python was restarted"),
    "kernel-died": (
        "warning",
        "Python stopped while running a cell (memory, or the code ended it)",
    ),
    "memory-limit": ("note", "a cell ran out of memory (MemoryError) under the memory limit"),
    "output-truncated": ("note", "a cell printed more than the output limit; the rest was dropped"),
    "output-incomplete": ("note", "a cell's output did not finish arriving"),
    "hidden-error": ("warning", "a test failed without showing an error (error display disabled)"),
    "tampering": (
        "warning",
        "the notebook changed what the tests rely on; restored before grading",
    ),
    "untrusted": (
        "warning",
        "a test was not run: something the notebook started could watch or bend it; it was failed",
    ),
    "guard-failed": ("warning", "the test could not be trusted (integrity check); it was failed"),
    "restored-cell": ("note", "a graded cell was missing and was put back before grading"),
}


@dataclass(frozen=True)
class Event:
    kind: str
    cell: str
    detail: str = ""

    @property
    def severity(self) -> str:
        return KINDS.get(self.kind, ("note", ""))[0]

    def describe(self) -> str:
        meaning = KINDS.get(self.kind, ("note", self.kind))[1]
        return f"{self.cell}: {self.detail or meaning}"

    def as_dict(self) -> dict:
        return asdict(self)


_EVENTS: list[Event] = []


def record(kind: str, cell: str, detail: str = "") -> None:
    """Note that something happened while grading `cell` (a grade id or "cell 12")."""
    _EVENTS.append(Event(kind, cell, detail))


def drain() -> list[Event]:
    """The events recorded since the last drain (and forget them)."""
    events = list(_EVENTS)
    _EVENTS.clear()
    return events
