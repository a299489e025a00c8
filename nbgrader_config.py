"""nbgrader configuration for the Civic Channels course.

solutions/  the nbgrader source: one folder per assignment, with solutions and hidden tests
exercises/  what participants get: generated from solutions/ by nbgrader (committed)
grading/    everything grading produces: submissions, autograded copies, feedback, the
            gradebook, nbgrader's log (git-ignored; back it up, it holds the grades)
"""

import contextlib
import os
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteKernelspec,
)

from course_grading.execute import GradingExecute
from course_grading.preprocessors import (
    HideHiddenTests,
    LockedAssignLatePenalties,
    LockedSaveAutoGrades,
    RestoreMissingCells,
)

COURSE = Path(__file__).resolve().parent
GRADING = COURSE / "grading"
GRADING.mkdir(exist_ok=True)  # nbgrader's log and gradebook go here
# nbgrader's exchange (release/collect through JupyterHub) must exist and be writable by all, or
# Formgrader shows a warning banner; the course's own `course collect` does not need it.
# On the seminar's JupyterHub it is a shared folder outside the course (hub/setup_hub.py sets
# CIVIC_CHANNELS_EXCHANGE for everyone); on a laptop it is grading/exchange.
EXCHANGE = Path(os.environ.get("CIVIC_CHANNELS_EXCHANGE") or GRADING / "exchange")
if not os.environ.get("CIVIC_CHANNELS_EXCHANGE"):
    # mkdir's mode is reduced by the umask: set it explicitly (sticky, like /tmp, as nbgrader allows)
    EXCHANGE.mkdir(exist_ok=True)
    if EXCHANGE.stat().st_mode & 0o7777 != 0o1777:
        with contextlib.suppress(PermissionError):  # someone else's exchange: leave it to them
            EXCHANGE.chmod(0o1777)

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

c.CourseDirectory.course_id = "civic-channels"
c.CourseDirectory.root = str(COURSE)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "grading/submitted"
c.CourseDirectory.autograded_directory = "grading/autograded"
c.CourseDirectory.feedback_directory = "grading/feedback"
c.CourseDirectory.solution_directory = "grading/solution"
c.CourseDirectory.db_url = f"sqlite:///{GRADING / 'gradebook.db'}"
c.Exchange.root = str(EXCHANGE)
c.NbGrader.logfile = str(GRADING / "nbgrader.log")

# What participants see where they write code or text.
c.ClearSolutions.code_stub = {"python": "# ✏️ your answer: replace the ... above"}
c.ClearSolutions.text_stub = "✏️ Write your answer here."

# Grading: a cell that runs longer than this is stopped and the rest of the notebook still runs.
c.Execute.timeout = 30
# A graded cell the participant deleted is put back and graded, never silently scored zero
# (RestoreMissingCells fixes nbgrader 0.9.6's crash when a read-only cell precedes it).
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    RestoreMissingCells,
    CheckCellMetadata,
]
c.OverwriteCells.add_missing_cells = True

# Student code is untrusted. GradingExecute runs each notebook in a bubblewrap sandbox where the
# platform allows it (only the submission's scratch copy writable, no solutions/, no grading/, no
# network), with memory and file-size limits, an output cap, an integrity guard before every
# test cell, and a restart instead of a stalled batch when a cell cannot be stopped. Where there
# is no sandbox it warns loudly and applies the other limits (see course_grading/).
# The gradebook writers hold a file lock, so parallel graders (`course grade --jobs N`) never
# collide on the SQLite file.
c.Autograde.autograde_preprocessors = [
    GradingExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    LockedSaveAutoGrades,
    LockedAssignLatePenalties,
    CheckCellMetadata,
]
c.GradingExecute.sandbox = "auto"  # "bwrap" to refuse grading without a sandbox, "none" to skip
c.GradingExecute.memory_limit_mb = 2048
c.GradingExecute.max_cell_output_bytes = 1_000_000

# Feedback shows which checks passed and their messages, never the hidden tests' source.
c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
