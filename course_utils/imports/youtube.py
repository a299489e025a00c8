"""YouTube Studio "Advanced mode" exports: Table data.csv, Chart data.csv, Totals.csv.

The first data row of Table data is the `Total` row (localised: `Итоговое значение`), skipped.
`Content` is the video id; `Views` are views (not impressions: YouTube's "Impressions" are
thumbnail impressions, kept out of the course's impressions column); durations in seconds or
H:MM:SS; percentages 0–100. Videos up to 90 seconds count as short video (Shorts).
"""

from __future__ import annotations

TOTAL_LABELS = {"total", "итоговое значение", "итого", "барлығы", "жиыны"}


def is_total(value) -> bool:
    return str(value).strip().lower() in TOTAL_LABELS


def content_type(duration_seconds) -> str | None:
    if duration_seconds is None:
        return None
    return "short_video" if duration_seconds <= 90 else "video"
