"""The instructor's grading engine, built on nbgrader's own API; `course` (cli.py) is a thin
command-line layer over it. A package of its own beside course_utils: participants' kernels see
course_utils (the helpers their notebooks use), never the grader.

- course: `Course`, a course folder opened once: its nbgrader config and its folders
- compat: every use of nbgrader's and nbclient's private APIs, in one place
- originals, limits: submitted files kept and checked; process, memory and disk caps
- release: check each solution earns full marks, then regenerate exercises/
- collect: import submissions from a folder, a .zip or nbgrader's exchange
- grade: autograde every submission in parallel worker processes, with a summary
- feedback, report: feedback pages without hidden tests; grades CSV and cohort summary
- execute, guard, sandbox, kernel_launcher: the hardened Execute preprocessor, the integrity
  guard it installs in each kernel, the bubblewrap sandbox and the resource limits
- preprocessors, locking, events, progress: nbgrader preprocessors the config uses, the
  gradebook lock, what grading noticed, a one-line progress display
"""

import sys

# jsonschema (which nbformat and nbgrader import) loads rfc3987_syntax when it is installed, and
# that compiles about forty grammars on import: 2.4 s of every `course` command on a 2-core
# machine (python-jsonschema/jsonschema#1428). It only serves the "iri" format check, which no
# notebook or nbgrader schema uses and which nbformat never turns on: keep it out of the
# grader's processes (jsonschema then simply has no "iri" checker).
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)
