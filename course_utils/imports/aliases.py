"""Column names of each platform's exports, in data: one alias table per platform (aliases/*.csv).

Each row maps a header as the platform writes it (`label`, in the interface `language`) to a
field of the course (`field`) for one kind of export (`kind`: posts, daily_followers, ...).
`confirmed` is "yes" where the label was seen in a real export or the platform's own help, "no"
where it is our best translation and still needs a real file to confirm it.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent / "aliases"
PLATFORM_FILES = ("meta", "facebook_legacy", "tiktok", "youtube", "x", "vk")

# Which fields an export kind must have to be recognised (all of them). Kinds that are not one of
# the course's tables (a TikTok follower-activity file, YouTube's Chart data) are recognised, so
# the report can say what they are, and not imported (core.NOT_A_COURSE_TABLE).
REQUIRED: dict[tuple[str, str], tuple[str, ...]] = {
    ("meta", "posts"): ("post_id", "published_at"),
    ("meta", "daily_followers"): ("date", "value"),
    ("facebook_legacy", "posts"): ("post_id", "published_at"),
    ("facebook_legacy", "daily_followers"): ("date", "followers"),
    ("tiktok", "posts"): ("text", "published_at", "impressions"),
    ("tiktok", "daily_followers"): ("date", "followers"),
    ("tiktok", "overview"): ("date", "video_views"),
    ("tiktok", "follower_activity"): ("date", "hour", "active_followers"),
    ("tiktok", "follower_gender"): ("gender", "share"),
    ("tiktok", "follower_territories"): ("territory", "share"),
    ("youtube", "posts"): ("post_id", "published_at", "impressions"),
    ("youtube", "daily_followers"): ("date", "difference"),
    ("youtube", "chart"): ("date", "post_id", "views"),
    ("youtube", "totals"): ("date", "views"),
    ("x", "posts"): ("post_id", "published_at", "impressions"),
    ("x", "daily_followers"): ("date", "new_follows"),
    ("vk", "long"): ("date", "criterion", "value"),
}


def normalise(label: str) -> str:
    """Compare headers without case, quotes, extra spaces or a BOM."""
    text = str(label).replace("\ufeff", "").replace("\u00a0", " ")
    text = re.sub(r"[\"'«»“”]", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


@cache
def table(platform: str) -> tuple[dict, ...]:
    with open(FOLDER / f"{platform}.csv", encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def lookup(platform: str, kind: str) -> dict[str, str]:
    """normalised label → course field, for one platform and kind of export."""
    return {normalise(r["label"]): r["field"] for r in table(platform) if r["kind"] == kind}


def match(
    headers: list[str], platform: str, kind: str, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """header → field for the headers this alias table knows (first header wins per field)."""
    known = lookup(platform, kind)
    known.update({normalise(k): v for k, v in (extra or {}).items()})
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        target = known.get(normalise(header))
        if target and target not in taken:
            mapping[header] = target
            taken.add(target)
    return mapping


def unconfirmed(platform: str) -> list[str]:
    """Labels of this platform not yet confirmed from a real export."""
    return [r["label"] for r in table(platform) if r["confirmed"] != "yes"]
