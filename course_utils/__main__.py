"""python -m course_utils: the same as the `course` command (kept for existing scripts)."""

import sys

from course_grading.cli import main

sys.exit(main())
