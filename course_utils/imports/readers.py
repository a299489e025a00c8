"""Generic readers for platform exports: file types, encodings, delimiters, numbers and dates.

Everything is decided by the file's content, never by its extension:

- file type: zip, JSON, Excel 2007+ (xlsx), old Excel (xls, OLE2), SpreadsheetML 2003 (XML that
  Facebook's legacy Insights saved as ".xls"), or delimited text (CSV);
- encoding: a byte-order mark first (UTF-8, UTF-16), then strict UTF-8, then a guess restricted
  to the encodings such files really use here (cp1251, UTF-16 without a mark), by
  charset-normalizer. An unrestricted guess took a short cp1251 file for Thai.
- delimiter: `sep=` first line (Excel's hint), else the most consistent of , ; tab.
- numbers: "1,234", "1 234", "1.2K", "3M", "12.0"; "undefined", "--", "-", "N/A", "NAN" and an
  empty cell are missing (NA), never 0.
- dates: ISO, "01/05/2026 09:42" (Meta: month first), "Sep 14, 2026", and dates without a year
  in the interface language ("16 июля", "July 16", "16 шілде"), read by dateparser.

Libraries: python-calamine (through pandas' engine="calamine") reads xlsx and xls, fast and
without macros; charset-normalizer guesses encodings; dateparser reads localised dates; pandas'
C parser reads CSV straight from the bytes, only the columns the course maps (a Meta export has
200+), so a 50 MB export holds about twice its size in memory. ijson streams Telegram's JSON
(course_utils.imports.telegram). The SpreadsheetML reader is the one hand-written part, since
none of those libraries reads it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

import numpy as np
import pandas as pd

MISSING_TOKENS = {"", "undefined", "--", "-", "—", "n/a", "na", "nan", "none", "null", "н/д"}
PLAUSIBLE_ENCODINGS = ["cp1251", "utf_16", "utf_16_le", "utf_16_be", "koi8_r", "latin_1"]


class ExportError(Exception):
    """An export file cannot be read or recognised. The message names the file and what to do."""


# --- file types --------------------------------------------------------------------------------


def file_kind(raw: bytes) -> str:
    """'zip', 'xlsx', 'xls', 'spreadsheetml', 'json' or 'text', from the first bytes."""
    head = raw[:4096]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if not raw.strip():
        return "empty"
    try:
        text = decode(head, "")[:4096].lstrip("\ufeff").lstrip()
    except ExportError:
        return "binary"
    if text.startswith("<?xml") or text.startswith("<Workbook"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in decode(raw[:20000], ""):
            return "spreadsheetml"
        return "xml"
    if text.startswith("{") or text.startswith("["):
        return "json"
    return "text"


def is_xlsx(names: list[str]) -> bool:
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


# --- encodings ---------------------------------------------------------------------------------


def _is_utf8(raw: bytes) -> bool:
    """Strict UTF-8, checked a megabyte at a time (no second copy of a large file as text)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    step = 1 << 20
    try:
        for start in range(0, len(view), step):
            decoder.decode(view[start : start + step], final=start + step >= len(view))
    except UnicodeDecodeError:
        return False
    return True


def encoding_of(raw: bytes, name: str) -> str:
    """The text encoding of an export: BOM, then strict UTF-8, then a restricted guess."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return "utf-16"
    # UTF-16 without a mark: every other byte of ASCII text is zero
    sample = raw[:2000]
    if len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample[1::2]):
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > 0.4 * len(sample[0::2]):
        return "utf-16-be"
    if _is_utf8(raw):
        return "utf-8"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw, cp_isolation=PLAUSIBLE_ENCODINGS).best()
    except ImportError:  # pragma: no cover - charset-normalizer ships with the course
        best = None
    return best.encoding if best is not None else "cp1251"


def decode(raw: bytes, name: str) -> str:
    """Bytes to text: BOM, then strict UTF-8, then a restricted guess (see the module doc)."""
    encoding = encoding_of(raw, name)
    lenient = "replace" if encoding.startswith("utf") else "strict"
    try:
        return raw.decode(encoding, errors=lenient).lstrip("\ufeff")
    except (UnicodeDecodeError, LookupError) as err:
        raise ExportError(
            f"{name}: the text encoding could not be recognised ({err}). Open the file in a "
            "text editor and save it as UTF-8, then import it again."
        ) from err


def _head(raw: bytes, encoding: str, size: int = 1 << 18) -> list[str]:
    """The first lines of a text file (whole lines only), without decoding all of it."""
    if len(raw) <= size:
        return decode_lines(raw.decode(encoding, errors="replace"))
    size -= size % 4  # whole UTF-16 code units
    text = raw[:size].decode(encoding, errors="ignore")
    return decode_lines(text)[:-1]  # the last line may be cut


def decode_lines(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.lstrip("\ufeff").split("\n")]


# --- tables ------------------------------------------------------------------------------------


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for delimiter in (",", ";", "\t"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines if line]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        score = sum(c == widest for c in counts) / len(counts) + widest / 1000
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _unwrap_quoted_lines(lines: list[str]) -> tuple[list[str], bool]:
    """Undo a file where every line is one quoted field ("a,b,c" with inner quotes doubled)."""
    body = [line for line in lines if line.strip()]
    if not body or not all(line.startswith('"') and line.rstrip().endswith('"') for line in body):
        return lines, False
    fields = [next(csv.reader([line])) for line in body]
    if not all(len(f) == 1 for f in fields) or not any("," in f[0] or ";" in f[0] for f in fields):
        return lines, False
    return [f[0] for f in fields], True


def _long_rows(raw: bytes, encoding: str, delimiter: str, header_at: int, width: int) -> list:
    """Numbers (0 = the first after the header) of the rows with more cells than the header."""
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, errors="replace", newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    for _ in range(header_at + 1):
        next(reader, None)
    long_rows, number = [], 0
    for row in reader:
        if not row:
            continue  # a blank line, which pandas skips too
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            long_rows.append(number)
        number += 1
    return long_rows


def read_delimited(raw: bytes, name: str) -> tuple[pd.DataFrame, dict]:
    """The header of a delimited text (as an empty table) and what was noticed about the file.

    `notes["load"](columns)` then reads the rows, only of the given columns (a Meta export has
    200+ columns and the course needs about ten): pandas' C parser straight from the bytes, so a
    50 MB export is never held as text. `notes` also has the title line above the header (Meta's
    daily files), the delimiter, the header's line number, and whether every line was one quoted
    field (then unwrapped).
    """
    encoding = encoding_of(raw, name)
    lines = _head(raw, encoding)
    notes: dict = {"title": None, "unwrapped": False}
    start, delimiter = 0, None
    if lines and lines[0].strip().lower().startswith("sep="):
        delimiter = lines[0].strip()[4:5] or ","
        start = 1
    _, notes["unwrapped"] = _unwrap_quoted_lines(lines[start:])
    if notes["unwrapped"]:  # rare (a re-saved file): unwrap all of it, then read that
        raw = "\n".join(_unwrap_quoted_lines(decode_lines(decode(raw, name))[start:])[0])
        raw, encoding, start = raw.encode("utf-8"), "utf-8", 0
        lines = decode_lines(raw.decode("utf-8"))[:200]
    body = [(n, line) for n, line in enumerate(lines) if n >= start and line.strip()]
    sample = [line for _, line in body[:30]]
    if delimiter is None:
        delimiter = _sniff_delimiter(sample)
    if not body:
        raise ExportError(f"{name}: the file has no table in it. Download the export again.")
    header_at = body[0][0]
    # a title line above the header (Meta's daily files): one field, then a wider header
    if len(sample) >= 2:
        first = next(csv.reader([sample[0]], delimiter=delimiter))
        second = next(csv.reader([sample[1]], delimiter=delimiter))
        if len(first) == 1 and len(second) > 1:
            notes["title"] = first[0].strip()
            header_at = body[1][0]
    notes["delimiter"] = delimiter
    notes["header_line"] = header_at + 1
    header = [
        str(c).strip().lstrip("\ufeff").strip('"')
        for c in next(csv.reader([lines[header_at]], delimiter=delimiter))
    ]
    notes["headers"] = header
    notes["bad_lines"] = []

    def load(columns=None) -> pd.DataFrame:
        wanted = set(header) if columns is None else set(columns)
        positions = [i for i, h in enumerate(header) if h in wanted]
        try:
            table = pd.read_csv(
                io.BytesIO(raw),
                encoding=encoding,
                encoding_errors="replace",
                sep=delimiter,
                skiprows=header_at,
                header=0,
                usecols=positions,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=True,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
            raise ExportError(f"{name}: the file could not be read as a table ({err}).") from err
        table.columns = [header[i] for i in positions]
        # pandas reading some columns does not notice a row with more cells than the header (a
        # stray delimiter), whose values may then sit in the wrong columns: count them apart
        long_rows = _long_rows(raw, encoding, delimiter, header_at, len(header))
        for number in long_rows:
            notes["bad_lines"].append(
                f"{name}, row {header_at + 2 + number}: more cells than the header has columns "
                "(a stray delimiter in a cell?), so its values may be in the wrong columns; the "
                "row was skipped: fix it in the file, then import again"
            )
        return table.drop(index=[n for n in long_rows if n in table.index])

    notes["load"] = load
    return pd.DataFrame(columns=header, dtype=str), notes


def read_excel(raw: bytes, name: str) -> dict[str, pd.DataFrame]:
    """Every sheet of an xlsx or xls file as tables of strings (python-calamine)."""
    try:
        sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None, dtype=str, engine="calamine")
    except Exception as err:  # calamine raises its own error types
        raise ExportError(
            f"{name}: the spreadsheet could not be opened ({err}). Open it in Excel and save it "
            "again as .xlsx, or export the data as CSV."
        ) from err
    return {str(k): v.fillna("") for k, v in sheets.items()}


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def read_spreadsheetml(raw: bytes, name: str) -> dict[str, pd.DataFrame]:
    """SpreadsheetML 2003 (the XML Facebook's old Insights saved as .xls): every worksheet."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as err:
        raise ExportError(f"{name}: the Excel 2003 XML file is damaged ({err}).") from err
    sheets = {}
    for sheet in root.iter(f"{_SS}Worksheet"):
        rows = []
        for row in sheet.iter(f"{_SS}Row"):
            values: list[str] = []
            for cell in row.iter(f"{_SS}Cell"):
                index = cell.get(f"{_SS}Index")
                if index:
                    values.extend([""] * (int(index) - 1 - len(values)))
                data = cell.find(f"{_SS}Data")
                values.append("" if data is None or data.text is None else data.text)
            rows.append(values)
        if not rows:
            continue
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        header = [h.strip() for h in rows[0]]
        sheets[sheet.get(f"{_SS}Name") or f"Sheet{len(sheets) + 1}"] = pd.DataFrame(
            rows[1:], columns=header
        )
    return sheets


# --- values ------------------------------------------------------------------------------------

_SUFFIX = {"k": 1e3, "к": 1e3, "тыс": 1e3, "m": 1e6, "м": 1e6, "млн": 1e6, "b": 1e9}
_NUMBER = re.compile(r"^([-+]?\d+(?:[.,]\d+)?)\s*(k|к|тыс|m|м|млн|b)?\.?$", re.IGNORECASE)


def is_missing(value) -> bool:
    return (
        value is None
        or (isinstance(value, float) and np.isnan(value))
        or (str(value).strip().lower() in MISSING_TOKENS)
    )


def parse_number(value) -> float | None:
    """One cell as a number; None when it is missing ("undefined", "--", "N/A", empty).

    >>> [parse_number(v) for v in ["1,234", "1 234", "1.2K", "12.0", "undefined", "45%"]]
    [1234.0, 1234.0, 1200.0, 12.0, None, 45.0]
    """
    if is_missing(value):
        return None
    text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ").rstrip("%").strip()
    text = text.replace(" ", "")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(f"{value!r} is not a number")
    number = float(match.group(1).replace(",", "."))
    suffix = (match.group(2) or "").lower()
    return number * _SUFFIX.get(suffix, 1)


def parse_duration(value) -> float | None:
    """Seconds from "75", "1:15" or "1:02:03"."""
    if is_missing(value):
        return None
    text = str(value).strip()
    if ":" in text:
        parts = [float(p) for p in text.split(":")]
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + part
        return seconds
    return parse_number(text)


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: dt.datetime | None) -> dt.datetime | None:
    import dateparser

    # only dateparser's absolute-date parser: exports never say "2 days ago" or hold Unix times
    # here (those are read above), and skipping the other parsers halves the time per date
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["absolute-time"],
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return dateparser.parse(text, languages=["en", "ru", "kk"], settings=settings)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?")
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_HAS_YEAR = re.compile(r"(19|20)\d{2}")


def parse_datetime(value, year: int | None = None) -> dt.datetime | None:
    """A local date and time (naive) from the formats the exports use; None when missing.

    Dates without a year ("16 июля", "July 16") take `year`; if there is none, the error says so.
    """
    if is_missing(value):
        return None
    text = str(value).strip()
    if _ISO.match(text):
        stamp = pd.Timestamp(text)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("Asia/Almaty").tz_localize(None)
        return stamp.to_pydatetime()
    for pattern, order in ((_MDY, "mdy"), (_YMD_SLASH, "ymd")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups()[:3])
            month, day, yr = (a, b, c) if order == "mdy" else (b, c, a)
            hh, mm, ss = (int(g) if g else 0 for g in match.groups()[3:])
            return dt.datetime(yr, month, day, hh, mm, ss)
    has_year = bool(_HAS_YEAR.search(text))
    if not has_year and year is None:
        raise ValueError(f"{text!r} has no year, and none was found in the file name")
    base = None if has_year else dt.datetime(year, 12, 31)
    parsed = _dateparser(text, base)
    if parsed is None:
        raise ValueError(f"{text!r} is not a date in English, Russian or Kazakh")
    if not has_year:
        parsed = parsed.replace(year=year)
    return parsed


def year_from_name(name: str) -> int | None:
    """The latest plausible year in a file or folder name ("TikTok_2025-08-03.zip" -> 2025)."""
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", name)]
    return max(years) if years else None


def roll_over_years(dates: list[dt.datetime | None], export_day: dt.date) -> list:
    """Dates without a year took the export's year; those after the export day are last year's
    (an export on 3 January lists "28 December" of the year before)."""
    out = []
    for d in dates:
        if d is not None and d.date() > export_day:
            d = d.replace(year=d.year - 1)
        out.append(d)
    return out
