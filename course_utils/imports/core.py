"""Read exports (files, folders, zips), recognise each table, and build the course's tables."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from ..data import OWN, SYNTHETIC, remember
from ..i18n import N_, _
from ..paths import sample_exports_dir
from . import aliases, meta, package, telegram, tiktok, vk, x, youtube
from .readers import (
    ExportError,
    file_kind,
    is_xlsx,
    parse_datetime,
    parse_duration,
    parse_number,
    read_delimited,
    read_excel,
    read_spreadsheetml,
    roll_over_years,
    year_from_name,
)
from .report import ImportReport

_CLOCK = r"\d:\d\d"  # a time of day in a date cell ("09:42", "2021-11-30 16:00 +0000")
COUNT_FIELDS = ("reach", "impressions", "likes", "comments", "shares", "saves")
PLATFORM_NAMES = {
    "meta": "Meta Business Suite",
    "facebook_legacy": "legacy Facebook Insights",
    "tiktok": "TikTok Studio",
    "youtube": "YouTube Studio",
    "x": "X analytics",
    "vk": "VK statistics",
}
HINTS = {
    "facebook": ("meta", "facebook_legacy"),
    "instagram": ("meta",),
    "meta": ("meta", "facebook_legacy"),
    "telegram": (),
    "tiktok": ("tiktok",),
    "youtube": ("youtube",),
    "x": ("x",),
    "twitter": ("x",),
    "vk": ("vk",),
}


@dataclass
class ImportResult:
    """The imported tables (accounts, posts, daily_followers, comments) and the import report."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    report: ImportReport = field(default_factory=ImportReport)
    synthetic: bool = False  # imported from the course's own sample exports

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


# --- sources -----------------------------------------------------------------------------------


def _sources(path: Path):
    """(display name, bytes) for a file, every file in a folder, every member of a zip."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if not child.name.startswith("."):
                yield from _sources(child)
        return
    raw = path.read_bytes()  # read only: the export is never changed or moved
    yield from _unpack(str(path), raw)


def _first_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(8)


def _unpack(name: str, raw: bytes):
    if file_kind(raw) == "zip":
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            names = archive.namelist()
        except zipfile.BadZipFile as err:
            raise ExportError(f"{name}: the zip file is damaged ({err}).") from err
        if is_xlsx(names):
            yield name, raw
            return
        for member in names:
            if member.endswith("/") or PurePosixPath(member).name.startswith((".", "__MACOSX")):
                continue
            yield from _unpack(f"{name}/{member}", archive.read(member))
        return
    yield name, raw


# --- recognising a table -----------------------------------------------------------------------


def recognise(
    table: pd.DataFrame, name: str, platforms: tuple[str, ...], columns: dict[str, str]
) -> tuple[str, str, dict[str, str]]:
    """(platform file, kind, header → field) for a table, or an error saying how to map it."""
    headers = [str(c) for c in table.columns]
    best = None
    for platform in platforms:
        for (p, kind), required in aliases.REQUIRED.items():
            if p != platform:
                continue
            mapping = aliases.match(headers, platform, kind, columns)
            found = set(mapping.values())
            if set(required) <= found:
                score = (len(found), -len(required))
                if best is None or score > best[0]:
                    best = (score, platform, kind, mapping)
    if best is not None:
        return best[1], best[2], best[3]
    raise _unmatched(table, name, platforms, columns)


def _unmatched(table, name, platforms, columns) -> ExportError:
    headers = [str(c) for c in table.columns]
    partial = []
    for (platform, kind), required in aliases.REQUIRED.items():
        if platform not in platforms:
            continue
        mapping = aliases.match(headers, platform, kind, columns)
        missing = [f for f in required if f not in mapping.values()]
        partial.append((len(mapping), platform, kind, mapping, missing))
    partial.sort(key=lambda p: -p[0])
    unmatched = [h for h in headers if h and not h.startswith("Unnamed")][:20]
    how = (
        "If the export is in another interface language or the platform changed its format, say "
        "which column is which: in Python `import_exports(path, columns={'<column>': '<course "
        "column>'})`, on the command line `course import PATH --columns '<column>=reach,...'`. "
        "Course columns: post_id, published_at, reach, impressions, likes, comments, shares, "
        "saves, text, date, followers."
    )
    if partial and partial[0][0] >= 1:
        _, platform, kind, mapping, missing = partial[0]
        unmatched = [h for h in unmatched if h not in mapping]
        return ExportError(
            f"{name}: looks like a {PLATFORM_NAMES[platform]} {kind.replace('_', ' ')} export, "
            f"but the columns it needs ({', '.join(missing)}) were not found. Columns that could "
            f"not be matched: {unmatched}. {how}"
        )
    return ExportError(
        f"{name}: not an export the course recognises (Telegram Desktop, Meta Business Suite, "
        f"Facebook Insights, TikTok Studio, YouTube Studio, X, VK). Its columns: {unmatched}. "
        + how
    )


# --- building course rows ----------------------------------------------------------------------


def _cells(table, mapping, name, report, first_row: int):
    """Rename to course fields; return the frame and 'file, row N' per row (1 = header)."""
    frame = table.rename(columns=mapping)[list(dict.fromkeys(mapping.values()))].copy()
    frame = frame.loc[:, ~frame.columns.duplicated()]
    source = pd.Series([f"{name}, row {first_row + i}" for i in range(len(frame))], frame.index)
    report.rows_read += len(frame)
    return frame, source


def _convert(frame, source, fields, parser, report, **kwargs):
    """Parse the given columns cell by cell; a bad cell skips its row, with the reason."""
    bad = pd.Series(False, index=frame.index)
    for column in fields:
        if column not in frame:
            continue
        values = []
        for index, value in frame[column].items():
            try:
                values.append(parser(value, **kwargs))
            except (ValueError, TypeError) as err:
                values.append(None)
                if not bad[index]:
                    report.skipped.append(
                        f"{source[index]}, column {column!r}: {err}; fix the cell or map the "
                        "column, then import again"
                    )
                bad[index] = True
        frame[column] = values
    return frame[~bad], source[~bad]


def _posts_from(frame, source, platform, account, report):
    frame = frame.copy()
    frame["platform"] = platform
    frame["account_id"] = account
    for column in COUNT_FIELDS:
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame, source


# Files a platform exports that are not one of the course's tables: recognised, named in the
# report, not imported.
NOT_A_COURSE_TABLE = {
    "overview": N_("the account's video views, profile views, likes, comments and shares per day"),
    "follower_activity": N_("the hours when followers are online"),
    "follower_gender": N_("followers by gender"),
    "follower_territories": N_("followers by country or region"),
    "chart": N_("daily views per video (the course uses each video's totals, from Table data.csv)"),
    "totals": N_("the channel's views per day"),
}


def _parse_table(table, name, notes, platform_file, kind, mapping, ctx, report):
    out: dict[str, pd.DataFrame] = {}
    sources: dict[str, pd.Series] = {}
    if kind in NOT_A_COURSE_TABLE:
        report.rows_read += len(table)
        report.recognised_as = _(
            "{platform}: {what} — not one of the course's tables, not imported",
            platform=PLATFORM_NAMES[platform_file],
            what=_(NOT_A_COURSE_TABLE[kind]),
        )
        return out, sources
    first_row = notes.get("header_line", 1) + 1
    if platform_file == "facebook_legacy":
        before = len(table)
        table = meta.drop_description_row(table)
        first_row += before - len(table)
    if platform_file == "youtube" and kind == "posts":
        id_column = next(h for h, f in mapping.items() if f == "post_id")
        totals = table[id_column].map(youtube.is_total)
        if totals.any():
            report.warnings.append(_("the 'Total' row was left out (it sums the videos)"))
        table = table[~totals]
    frame, source = _cells(table, mapping, name, report, first_row)
    year = ctx["year"] or year_from_name(name)
    if kind == "posts":
        if platform_file in ("meta", "facebook_legacy"):
            platform = "facebook" if platform_file == "facebook_legacy" else None
            headers = notes.get("headers", list(table.columns))
            platform = platform or meta.platform_of(table, headers, mapping)
            if "post_id" in frame:
                broken = frame["post_id"].map(meta.broken_id)
                if broken.any():
                    report.warnings.append(
                        _(
                            "{count} post ids were turned into numbers like 1.81064E+16 by Excel "
                            "(digits lost): those posts get a made-up id 'row-N'. Import the "
                            "original CSV from Meta instead of a copy saved by Excel.",
                            count=int(broken.sum()),
                        )
                    )
                    frame.loc[broken, "post_id"] = [f"row-{s.split()[-1]}" for s in source[broken]]
                frame["post_id"] = frame["post_id"].map(meta.plain_id)
            if "post_type" in frame:
                frame["content_type"] = frame["post_type"].map(meta.content_type)
        elif platform_file == "tiktok":
            platform = "tiktok"
            frame["content_type"] = tiktok.CONTENT_TYPE
            if "permalink" in frame:
                frame["post_id"] = frame["permalink"].map(tiktok.video_id)
            if "export_day" in frame and year is None:
                days = frame["export_day"].map(lambda v: year_from_name(str(v)))
                year = int(days.dropna().max()) if days.notna().any() else None
        elif platform_file == "youtube":
            platform = "youtube"
            frame, source = _convert(frame, source, ["duration"], parse_duration, report)
            if "duration" in frame:
                frame["content_type"] = frame["duration"].map(youtube.content_type)
        else:
            platform = "x"
            period = x.period_from_name(name)
            if period:
                ctx.setdefault("periods", {})[name] = period
        frame, source = _convert(frame, source, COUNT_FIELDS, parse_number, report)
        if "published_at" in frame:
            frame["time_known"] = frame["published_at"].astype(str).str.contains(_CLOCK)
            if len(frame) and not frame["time_known"].any():
                report.warnings.append(
                    _(
                        "this export gives the day of each post, not the time: the posts are "
                        "imported at 00:00 of their day (time_known is False), and analyses of "
                        "the hour of posting leave them out"
                    )
                )
        frame, source = _convert(frame, source, ["published_at"], parse_datetime, report, year=year)
        if platform == "tiktok" and ctx.get("export_day"):
            frame["published_at"] = roll_over_years(list(frame["published_at"]), ctx["export_day"])
        if "post_id" not in frame:
            frame["post_id"] = [f"{platform}-{s.split()[-1]}" for s in source]
        frame["post_id"] = frame["post_id"].astype(str)
        account = ctx["account"] or "own"
        frame, source = _posts_from(frame, source, platform, f"{account}-{platform}", report)
        if "published_at" in frame and name in ctx.get("periods", {}):
            start, end = (pd.Timestamp(d) for d in ctx["periods"][name])
            outside = (frame["published_at"] < start) | (
                frame["published_at"] >= end + pd.Timedelta(days=1)
            )
            for index in frame.index[outside]:
                report.skipped.append(
                    f"{source[index]}: published {frame.at[index, 'published_at']}, outside the "
                    f"export period {start.date()} to {end.date()} in the file name"
                )
            frame, source = frame[~outside], source[~outside]
        report.recognised_as = _(
            "{platform_file} posts ({platform})",
            platform_file=PLATFORM_NAMES[platform_file],
            platform=platform,
        )
        ctx["platforms"].add(platform)
        out["posts"], sources["posts"] = frame, source
    elif kind in ("daily_followers", "long"):
        platform = {"meta": "facebook", "facebook_legacy": "facebook"}.get(
            platform_file, platform_file
        )
        if platform_file == "meta" and "instagram" in str(notes.get("title", "")).lower():
            platform = "instagram"
        if kind == "long":
            criteria = frame["criterion"].astype(str).str.strip().str.lower()
            frame = frame[criteria.isin(vk.FOLLOWER_CRITERIA)].rename(
                columns={"value": "followers"}
            )
            source = source[frame.index]
        if kind == "daily_followers" and platform_file == "meta":
            if meta.daily_metric(notes.get("title")) != "followers":
                report.recognised_as = (
                    f"Meta daily page file '{notes.get('title')}' (not followers: not imported)"
                )
                return out, sources
            frame = frame.rename(columns={"value": "followers"})
        frame, source = _convert(frame, source, ["date"], parse_datetime, report, year=year)
        numbers = [c for c in ("followers", "difference") if c in frame]
        frame, source = _convert(frame, source, numbers, parse_number, report)
        account = ctx["account"] or "own"
        frame["account_id"] = f"{account}-{platform}"
        ctx["platforms"].add(platform)
        if "followers" in frame:
            out["daily_followers"], sources["daily_followers"] = frame, source
            report.recognised_as = _(
                "{platform_file} daily followers ({platform})",
                platform_file=PLATFORM_NAMES[platform_file],
                platform=platform,
            )
        else:
            report.recognised_as = _(
                "{platform_file} daily follower changes ({platform}): new and lost followers per "
                "day but no totals — not imported as daily followers",
                platform_file=PLATFORM_NAMES[platform_file],
                platform=platform,
            )
    return out, sources


def _tables_of(name: str, raw: bytes):
    """(sheet name, table, notes) for a tabular file of any supported type."""
    kind = file_kind(raw)
    if kind == "empty":
        raise ExportError(f"{name}: the file is empty. Download the export again.")
    if kind in ("xls", "zip"):
        return [(f"{name} [{s}]", t, {}) for s, t in read_excel(raw, name).items()]
    if kind == "spreadsheetml":
        return [(f"{name} [{s}]", t, {}) for s, t in read_spreadsheetml(raw, name).items()]
    if kind == "text":
        table, notes = read_delimited(raw, name)
        return [(name, table, notes)]
    raise ExportError(f"{name}: not a file type the course can read ({kind}).")


def import_exports(
    paths,
    platform: str | None = None,
    columns: dict[str, str] | None = None,
    account: str | None = None,
    keep_names: bool = False,
    year: int | None = None,
) -> ImportResult:
    """Import platform exports (files, folders or zips) into the course's own tables.

    Returns an ImportResult: `.tables` (accounts, posts, daily_followers, comments, typed by the
    course's schema; columns an export lacks are empty, never 0) and `.report` (what each file
    was recognised as, rows read and skipped with the reason, what each platform cannot provide).
    A file that cannot be read or recognised is listed in the report with a clear error; the
    other files are still imported. `columns` maps headers the course does not know to course
    columns ({"Охват публикации": "reach"}); `platform` restricts recognition to one platform.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    result = ImportResult()
    report = result.report
    columns = columns or {}
    candidates = tuple(aliases.PLATFORM_FILES)
    if platform:
        key = platform.lower()
        if key not in HINTS:
            raise ExportError(
                f"Unknown platform {platform!r}; choose one of {', '.join(sorted(HINTS))}."
            )
        candidates = HINTS[key]
    ctx = {"account": account, "platforms": report.platforms, "year": year}
    collected: dict[str, list] = {"posts": [], "daily_followers": [], "comments": []}
    accounts = []
    for path in map(Path, paths):
        if not path.exists():
            report.errors.append(f"{path}: no such file or folder.")
            continue
        try:
            sources = list(_sources(path))
        except ExportError as err:
            report.add(str(path)).recognised_as = _("not read")
            report.errors.append(str(err))
            continue
        is_zip = path.is_file() and file_kind(_first_bytes(path)) == "zip"
        if is_zip and not sources:
            report.errors.append(f"{path}: the zip file is empty.")
        recognised_any = False
        for name, raw in sources:
            file_report = report.add(name)
            try:
                kind = file_kind(raw)
                if kind == "json":
                    if platform and platform.lower() != "telegram":
                        raise ExportError(f"{name}: a JSON file, but --platform is {platform}.")
                    tables = telegram.parse(raw, name, file_report, keep_names)
                    report.platforms.add("telegram")
                    for table_name, frame in tables.items():
                        if table_name == "accounts":
                            accounts.append(frame.assign(platform="telegram"))
                            continue
                        src = frame.pop("_source")
                        collected[table_name].append((frame, src, file_report))
                    recognised_any = True
                    continue
                ctx["year"] = year or year_from_name(name)
                ctx["export_day"] = None
                for sheet, table, notes in _tables_of(name, raw):
                    if table.empty and len(table.columns) == 0:
                        raise ExportError(f"{sheet}: the table is empty.")
                    platform_file, table_kind, mapping = recognise(
                        table, sheet, candidates, columns
                    )
                    if "load" in notes:  # a CSV: read the rows of the matched columns only
                        table = notes["load"](list(mapping))
                        file_report.skipped += notes["bad_lines"]
                    if platform_file == "tiktok" and table_kind == "posts":
                        export_col = next(
                            (h for h, f in mapping.items() if f == "export_day"), None
                        )
                        if export_col is not None and len(table):
                            day = parse_datetime(table[export_col].iloc[0], year=ctx["year"])
                            ctx["export_day"] = day.date() if day else None
                            ctx["year"] = ctx["year"] or (day.year if day else None)
                        elif ctx["year"]:
                            ctx["export_day"] = dt.date(ctx["year"], 12, 31)
                    parsed, sources_ = _parse_table(
                        table, sheet, notes, platform_file, table_kind, mapping, ctx, file_report
                    )
                    for table_name, frame in parsed.items():
                        collected[table_name].append((frame, sources_[table_name], file_report))
                    recognised_any = True
            except ExportError as err:
                file_report.recognised_as = _("not recognised")
                report.errors.append(str(err))
            except (ValueError, KeyError, IndexError) as err:  # a format we did not foresee
                file_report.recognised_as = _("not recognised")
                report.errors.append(
                    f"{name}: could not be read ({type(err).__name__}: {err}). The format may "
                    "have changed; see the README's 'Your own channel' section."
                )
        if is_zip and not recognised_any:
            report.errors.append(f"{path}: nothing in this zip is an export the course recognises.")
    result.tables = _assemble(collected, accounts, ctx)
    samples = sample_exports_dir().resolve()
    result.synthetic = bool(paths) and all(
        Path(p).expanduser().resolve().is_relative_to(samples) for p in paths
    )
    for table in result.tables.values():
        remember(table, SYNTHETIC if result.synthetic else OWN)
    return result


def _assemble(collected, accounts, ctx) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in ("posts", "daily_followers", "comments"):
        parts = []
        for frame, source, file_report in collected[name]:
            kept_rows: list[str] = []
            kept = package.validate(frame, name, source, kept_rows)
            file_report.skipped += kept_rows
            file_report.rows_imported += len(kept)
            parts.append(kept)
        if parts:
            merged = pd.concat(parts, ignore_index=True)
            if name == "posts":
                merged = merged.drop_duplicates("post_id", keep="last")
                merged = merged.sort_values("published_at", kind="stable")
            if name == "daily_followers":
                merged = merged.drop_duplicates(["account_id", "date"], keep="last")
                merged = merged.sort_values(["account_id", "date"], kind="stable")
            tables[name] = package.conform(merged, name)
    ids = set()
    for name in ("posts", "daily_followers", "comments"):
        if name in tables:
            ids |= set(tables[name]["account_id"].dropna())
    names = {}
    for frame in accounts:
        names.update(dict(zip(frame["account_id"], frame["account_name"], strict=True)))
    org = ctx["account"] or "own"
    rows = [
        {
            "account_id": account,
            "akimat_id": org,
            "akimat": names.get(account, org),
            "akimat_type": None,
            "platform": account.rsplit("-", 1)[-1]
            if not account.startswith("telegram-")
            else "telegram",
        }
        for account in sorted(ids)
    ]
    tables["accounts"] = package.conform(pd.DataFrame(rows), "accounts")
    for name in ("posts", "comments"):
        if name in tables:
            tables[name]["akimat_id"] = org
    return tables
