"""Grading helpers built on nbgrader's own API (the `course` command is a thin layer over them).

- nbgrader_course: open the course with nbgrader's Python API and the course's config
- release: check each solution earns full marks, then regenerate exercises/
- collect: import submissions from a folder, a .zip or nbgrader's exchange
- grade: autograde every submission in parallel worker processes, with a summary
- feedback, report: feedback pages without hidden tests; grades CSV and cohort summary
- execute, guard, sandbox, kernel_launcher: the hardened Execute preprocessor, the integrity
  guard it installs in each kernel, the bubblewrap sandbox and the resource limits
- preprocessors, locking, events, progress: nbgrader preprocessors the config uses, the
  gradebook lock, what grading noticed, a one-line progress display
"""
