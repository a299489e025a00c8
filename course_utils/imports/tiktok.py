"""TikTok Studio exports (one zip per section; CSV or XLSX; UTF-8 with BOM, every field quoted).

Dates have no year and follow the interface language ("16 июля", "July 16", "16 шілде"): the
year comes from the file or zip name (or the `Time` column, the export day), and a date after
the export day belongs to the year before (an export in January lists December's days).
Values such as `1,234`, `1.2K`, `undefined`, `--` are read by course_utils.imports.readers.
Every TikTok video is a short vertical video.
"""

from __future__ import annotations

import re

CONTENT_TYPE = "short_video"


def video_id(link: str) -> str | None:
    match = re.search(r"/video/(\d+)", str(link))
    return match.group(1) if match else None
