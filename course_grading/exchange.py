"""nbgrader's exchange: the shared folder through which a JupyterHub classroom passes assignments.

    <exchange root>/civic-channels/outbound/<assignment>/   released exercises ("Fetch")
    <exchange root>/civic-channels/inbound/<student>+<assignment>+<time>+<random>/   "Submit"
    <exchange root>/civic-channels/feedback/<hash>.html     returned feedback ("Fetch feedback")

The root is `Exchange.root` in nbgrader_config.py: grading/exchange on a laptop, the hub's shared
folder when CIVIC_CHANNELS_EXCHANGE is set (hub/setup_hub.py sets it for everyone on the hub).
Collecting is in collect.py (`collect_from_exchange`); this module releases assignments and
feedback into it, with nbgrader's own exchange classes.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .course import Course, CourseError


@dataclass
class ExchangeRelease:
    """What was put into the exchange."""

    root: Path
    released: list[str] = field(default_factory=list)  # assignments, or students given feedback
    failed: dict[str, str] = field(default_factory=dict)  # the same -> why not


def available() -> str | None:
    """None when nbgrader's exchange works here, else why not."""
    if sys.platform == "win32":
        return "nbgrader's exchange does not work on Windows"
    return None


def exchange_root(course: Course) -> Path:
    return Path(course.config.Exchange.get("root", "/srv/nbgrader/exchange"))


def _open(course: Course | Path | str):
    """The course, an empty result and nbgrader's API for releasing into its exchange."""
    why_not = available()
    if why_not:
        raise CourseError(why_not)
    course = Course.at(course)
    config = copy.deepcopy(course.config)
    config.ExchangeReleaseAssignment.force = True  # a re-release replaces the old outbound copy
    return course, ExchangeRelease(exchange_root(course)), course.api(config)


def release_assignments(course: Course | Path | str, assignments: list[str]) -> ExchangeRelease:
    """Copy each assignment's exercises/ folder to the exchange's outbound folder.

    Participants then see it in JupyterLab's Assignments tab and press "Fetch". Releasing again
    replaces the outbound copy; participants who fetched it already keep theirs.
    """
    course, result, api = _open(course)
    for assignment in assignments:
        outcome = api.release_assignment(assignment)
        if outcome["success"]:
            result.released.append(assignment)
        else:
            result.failed[assignment] = _last_error(outcome)
    return result


def release_feedback(
    course: Course | Path | str, assignment: str, students: list[str]
) -> ExchangeRelease:
    """Put each student's feedback pages into the exchange, where "Fetch feedback" finds them.

    nbgrader names each page by a hash of the submission's secret (submission_secret.txt, which
    collect keeps with every exchange submission), so a participant can fetch only their own.
    Submissions that did not come through the exchange have no secret: they are listed as failed.
    """
    course, result, api = _open(course)
    for student in students:
        folder = course.feedback / student / assignment
        if not (folder / "submission_secret.txt").exists():
            result.failed[student] = (
                "not handed in through the exchange (no submission_secret.txt): send the page "
                "another way"
            )
            continue
        outcome = api.release_feedback(assignment, student)
        if outcome["success"]:
            result.released.append(student)
        else:
            result.failed[student] = _last_error(outcome)
    return result


def _last_error(outcome: dict) -> str:
    text = (outcome.get("error") or outcome.get("log") or "nbgrader reported an error").strip()
    return text.splitlines()[-1] if text else "nbgrader reported an error"
