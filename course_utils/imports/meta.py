"""Meta Business Suite (Facebook and Instagram) and legacy Facebook Insights exports.

- Post exports (CSV, UTF-8 with BOM or UTF-16): one row per post, lifetime totals at the moment
  of export; 16-digit ids kept as text (an id Excel turned into 1.81064E+16 cannot be recovered:
  the row is imported without a usable id and the report says so); `N/A` is missing.
- Daily page files: `sep=,`, a title line, then `Date,Primary`; the title says the metric.
- Legacy Insights (XLS/XLSX or SpreadsheetML 2003): a description row under the header.
"""

from __future__ import annotations

import re

import pandas as pd

POST_TYPES = {
    "ig reel": "short_video",
    "reel": "short_video",
    "reels": "short_video",
    "ig image": "photo",
    "ig carousel": "carousel",
    "photo": "photo",
    "photos": "photo",
    "фото": "photo",
    "video": "video",
    "videos": "video",
    "видео": "video",
    "link": "link",
    "links": "link",
    "ссылка": "link",
    "status": "text",
    "text": "text",
    "album": "carousel",
}


def platform_of(table: pd.DataFrame, headers: list[str], mapping: dict[str, str]) -> str:
    """instagram or facebook: Instagram exports name an account, and their post types say IG."""
    headers = {h.strip().lower() for h in headers}
    if {"account username", "account id"} & headers:
        return "instagram"
    types = [c for c, f in mapping.items() if f == "post_type"]
    if types and table[types[0]].astype(str).str.lower().str.startswith("ig ").any():
        return "instagram"
    return "facebook"


def content_type(value) -> str | None:
    return POST_TYPES.get(str(value).strip().lower())


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+\d+$", re.IGNORECASE)


def broken_id(value) -> bool:
    """True for an id Excel has turned into a number like 1.81064E+16 (digits lost)."""
    return bool(_SCIENTIFIC.match(str(value).strip()))


def daily_metric(title: str | None) -> str | None:
    """Which daily metric a Meta page file holds, from its title line."""
    if not title:
        return None
    text = title.lower()
    if "follow" in text or "подпис" in text or "жазыл" in text:
        return "followers"
    return None


def drop_description_row(table: pd.DataFrame) -> pd.DataFrame:
    """Legacy Insights put a description of each metric in the row under the header: a row with
    sentences ("Lifetime: The number of people who...") and no numbers."""
    if not len(table):
        return table
    first = table.iloc[0].astype(str)
    sentences = first.str.split().str.len().fillna(0) >= 4
    numbers = first.str.fullmatch(r"[\d.,\s]+")
    if sentences.any() and not numbers.any():
        return table.iloc[1:]
    return table


def plain_id(value) -> str:
    """Legacy ids are '<page id>_<post id>'; Business Suite's are the post id alone."""
    text = str(value).strip()
    return text.rsplit("_", 1)[-1] if "_" in text else text
