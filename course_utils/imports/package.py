"""The participant's own data package: schema, row validation, and writing `my_data/`.

The schema is the course's own (datasets/datapackage.json, built by course_utils.synthetic.schema)
for accounts, posts, daily_followers and comments, with what no export can provide made optional
(topic, language, the coded comment columns) and the organisation id free (a ministry is not one
of the 20 akimats). Comments keep a pseudonymised `author` ("Person 1", ...).
"""

from __future__ import annotations

import copy
import json
import math
from functools import cache
from pathlib import Path

import pandas as pd

from ..data import TIMEZONE
from ..synthetic.schema import descriptor, serialise
from .readers import ExportError

RESOURCES = ("accounts", "posts", "daily_followers", "comments")
KEEP_REQUIRED = {
    "accounts": {"account_id", "platform"},
    "posts": {"post_id", "account_id", "platform", "published_at"},
    "daily_followers": {"account_id", "date", "followers"},
    "comments": {"comment_id", "account_id", "platform", "commented_at"},
}
PLATFORMS = ("instagram", "facebook", "telegram", "tiktok", "youtube", "vk", "x")


@cache
def schema() -> dict[str, dict]:
    """The my_data resources: name → Frictionless resource descriptor (do not modify)."""
    course = {r["name"]: r for r in descriptor()["resources"] if r["name"] in RESOURCES}
    out = {}
    for name in RESOURCES:
        resource = copy.deepcopy(course[name])
        resource.pop("foreignKeys", None)
        resource["schema"].pop("foreignKeys", None)
        for f in resource["schema"]["fields"]:
            constraints = f.setdefault("constraints", {})
            if f["name"] not in KEEP_REQUIRED[name]:
                constraints.pop("required", None)
            if f["name"] in ("akimat_id", "akimat_type"):
                constraints.pop("enum", None)
                f.pop("categorical", None)
            if f["name"] == "platform":
                constraints["enum"] = list(PLATFORMS)
            if not constraints:
                f.pop("constraints")
        if name == "posts":
            resource["schema"]["fields"].append(
                {
                    "name": "time_known",
                    "type": "boolean",
                    "description": "False when the export gave only the day of the post (TikTok "
                    "Studio's content export, YouTube Studio, X since 2024): published_at is then "
                    "that day at 00:00, which is not a time of day.",
                }
            )
        if name == "comments":
            resource["schema"]["fields"].append(
                {
                    "name": "author",
                    "type": "string",
                    "description": "Who wrote the comment: a pseudonym (Person 1, Person 2, ...) "
                    "unless the import was told to keep names.",
                }
            )
        resource["description"] = (
            f"The participant's own {name.replace('_', ' ')}, imported from platform exports by "
            "course_utils.imports. Columns an export does not provide are empty, never 0."
        )
        out[name] = resource
    return out


def _check_value(value, f: dict) -> str | None:
    """What is wrong with one value for its field, or None."""
    constraints = f.get("constraints", {})
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "is empty but required" if constraints.get("required") else None
    if f["type"] == "integer":
        if isinstance(value, float) and not value.is_integer():
            return f"{value!r} is not a whole number"
        if "minimum" in constraints and value < constraints["minimum"]:
            return f"{value!r} is below {constraints['minimum']}"
    if "enum" in constraints and str(value) not in map(str, constraints["enum"]):
        return f"{value!r} is not one of {constraints['enum']}"
    return None


def validate(
    frame: pd.DataFrame, name: str, source: pd.Series, report_rows: list[str]
) -> pd.DataFrame:
    """Keep the rows that satisfy the schema (and reach ≤ impressions); report the others.

    `source` gives, for each row, "file, row N" so every message names the file and the row.
    """
    fields = schema()[name]["schema"]["fields"]
    bad = pd.Series(False, index=frame.index)
    for f in fields:
        if f["name"] not in frame:
            continue
        for index, value in frame[f["name"]].items():
            problem = _check_value(None if pd.isna(value) else value, f)
            if problem and not bad[index]:
                bad[index] = True
                report_rows.append(
                    f"{source[index]}, column {f['name']!r}: {problem}; fix the cell in the export "
                    "or leave it empty, then import again"
                )
    if name == "posts" and {"reach", "impressions"} <= set(frame):
        both = frame["reach"].notna() & frame["impressions"].notna()
        wrong = both & (frame["reach"] > frame["impressions"]) & ~bad
        for index in frame.index[wrong]:
            report_rows.append(
                f"{source[index]}: reach {frame.at[index, 'reach']} is larger than impressions or "
                f"views {frame.at[index, 'impressions']}, which cannot be; check the columns"
            )
        bad |= wrong
    if name in ("posts", "comments"):
        key = "post_id" if name == "posts" else "comment_id"
        duplicate = frame[key].duplicated(keep="last") & ~bad
        for index in frame.index[duplicate]:
            report_rows.append(
                f"{source[index]}: {key} {frame.at[index, key]!r} appears again later (the later "
                "row, usually the newer export, is kept)"
            )
        bad |= duplicate
    return frame[~bad]


def conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Exactly the schema's columns, in order, typed as course_utils.data.load types them."""
    out = pd.DataFrame(index=frame.index)
    for f in schema()[name]["schema"]["fields"]:
        column = frame[f["name"]] if f["name"] in frame else pd.Series(pd.NA, index=frame.index)
        if f["type"] == "integer":
            column = pd.to_numeric(column, errors="coerce").round().astype("Int64")
        elif f["type"] == "datetime":
            column = pd.to_datetime(column)
            column = (
                column.dt.tz_localize(TIMEZONE)
                if column.dt.tz is None
                else column.dt.tz_convert(TIMEZONE)
            )
        elif f["type"] == "date":
            column = pd.to_datetime(column).dt.normalize()
            if column.dt.tz is None:
                column = column.dt.tz_localize(TIMEZONE)
        elif f["type"] == "boolean":
            column = column.astype("boolean")
        else:
            column = column.astype("string").astype(object).where(column.notna(), None)
        out[f["name"]] = column
    return out.reset_index(drop=True)


DATA_CARD = """# Data card: my own channels

Imported by `course_utils.imports` (`course import` or module 9) from the platform exports listed
below. **This is your organisation's own data: it stays on this computer.** The folder is
git-ignored in the course; do not publish it. The raw exports were read, never changed or moved.

Names of private people (comment authors, group members) are replaced by pseudonyms
(Person 1, Person 2, ...) unless the import was asked to keep them.

Columns a platform's export does not provide are empty (missing), never 0. In particular:
Telegram reports views, not reach, and the Telegram Desktop export has neither; no export has the
course's `topic` and `language` columns.

## Files imported

{files}

## What each platform cannot provide

{missing}
"""


def write(
    tables: dict[str, pd.DataFrame], out_dir: Path | str, report, synthetic: bool = False
) -> list[Path]:
    """Write the tables as a Frictionless data package with a data card; return the paths.

    `synthetic` (imported from the course's sample exports) is recorded in datapackage.json, so
    the tables loaded back still say they are invented and charts of them are marked."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    resources = []
    written = []
    descriptors = schema()
    for name in RESOURCES:
        frame = tables.get(name)
        if frame is None:
            frame = conform(pd.DataFrame(), name)
        path = out_dir / f"{name}.csv"
        serialise(frame, schema()[name]["schema"]["fields"]).to_csv(
            path, index=False, lineterminator="\n", encoding="utf-8"
        )
        written.append(path)
        resource = dict(descriptors[name], path=f"{name}.csv")
        resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        "name": "my-own-channels",
        "title": "My own channels, imported from platform exports",
        "description": "A press service's own data, imported by course_utils.imports. Private.",
        "resources": resources,
    }
    if synthetic:
        package["synthetic"] = True
        package["description"] = (
            "The course's sample exports of an invented akimat, imported by course_utils.imports. "
            "Synthetic: no number in it describes a real organisation."
        )
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(path)
    files = "\n".join(
        f"- `{f.name}`: {f.recognised_as}; {f.rows_imported} rows imported, "
        f"{len(f.skipped)} skipped"
        for f in report.files
    )
    missing = "\n".join(
        f"- **{platform}**: " + "; ".join(f"`{c}` ({why})" for c, why in cols.items())
        for platform, cols in report.missing().items()
        if cols
    )
    card = out_dir / "README.md"
    card.write_text(DATA_CARD.format(files=files or "-", missing=missing or "-"), encoding="utf-8")
    written.append(card)
    return written


def check_out_dir(out_dir: Path, raw_paths: list[Path]) -> None:
    """Refuse to write where a raw export is (never overwrite or mix with the originals)."""
    out = out_dir.resolve()
    for raw in raw_paths:
        raw = raw.resolve()
        if out == raw or (raw.is_dir() and out == raw) or (raw.is_file() and out == raw.parent):
            raise ExportError(
                f"The output folder {out_dir} is where the exports are; choose another folder "
                "(for example my_data/) so the raw exports stay untouched."
            )
