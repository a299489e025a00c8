"""Where the course's folders are."""

from __future__ import annotations

import os
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent.parent
# a participant's own imported data, uploads and report: git-ignored, never leaves the computer
MY_DATA = COURSE_ROOT / "my_data"


def datasets_dir() -> Path:
    """The datasets folder: $CIVIC_CHANNELS_DATA if set, else `datasets/` in the course folder."""
    override = os.environ.get("CIVIC_CHANNELS_DATA")
    return Path(override) if override else COURSE_ROOT / "datasets"


def sample_exports_dir() -> Path:
    """The course's sample platform exports of one synthetic akimat (module 9)."""
    return datasets_dir() / "sample_exports"
