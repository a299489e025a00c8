"""Collect submissions: from a folder, a .zip (as downloaded from an LMS or e-mail) or nbgrader's
exchange, into grading/submitted/<participant>/<assignment>/<notebook>.ipynb.

    result = collect("m01_media_landscape", Path("~/Downloads/m01.zip").expanduser())
    print(result.table())

One notebook per participant. The participant id comes from the folder or the file name:

    alice/m01_media_landscape.ipynb                                   -> alice
    alice.ipynb, m01_media_landscape_alice.ipynb, alice - m01.ipynb   -> alice
    Alice Smith_12345_assignsubmission_file_/anything.ipynb (Moodle)  -> alice_smith
    smithalice_LATE_123_456_m01_media_landscape.ipynb (Canvas)        -> smithalice
    Айгерим Нурланова/m01_media_landscape.ipynb                        -> aigerim_nurlanova

SOURCE is only read, never changed. A notebook is imported byte for byte. Every file that is
not imported is listed with the reason, and kept under grading/rejected/<assignment>/ for the
instructor to look at: not a notebook, empty, not valid JSON, JSON that is not a notebook, the
notebook of another assignment, a notebook with none of the exercise's cells, a file whose owner
cannot be told from its name, or two different notebooks for one participant (neither is
imported: the instructor picks one). A participant who is collected again gets the new notebook;
the one it replaces is moved to grading/archive/<assignment>/<participant>/<time>/.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import nbformat

from course_utils.paths import COURSE_ROOT

from .course import Course, CourseError
from .originals import protect

MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024
EXCHANGE = "exchange"
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_GENERIC_WRAPPERS = {"submissions", "submission", "export", "download", "downloads", "files"}

# Cyrillic (Russian and Kazakh) to Latin, for safe participant ids
# fmt: off
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
# fmt: on


def _transliterate(text: str) -> str:
    """Russian and Kazakh by the course's table; every other script by anyascii."""
    from anyascii import anyascii

    return "".join(_TRANSLIT.get(ch) or anyascii(ch) for ch in text.lower())


def safe_id(text: str) -> str:
    """A participant id that is safe as a folder name: lower-case latin letters, digits and _.

    >>> safe_id("Alice Smith")
    'alice_smith'
    >>> safe_id("Айгерим Нурланова")
    'aigerim_nurlanova'
    >>> safe_id("Zeynep Yıldız")
    'zeynep_yildiz'
    """
    text = _transliterate(text.strip().lower()).lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return text[:64]


_MOODLE = re.compile(r"^(?P<name>.+?)_\d+_assignsubmission_[a-z]*_?$", re.IGNORECASE)
_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?:_late)?_\d+_\d+(?:_.*)?$", re.IGNORECASE)


def student_from_folder(name: str) -> str:
    """The participant id of a submission folder (Moodle's suffix removed)."""
    match = _MOODLE.match(name)
    return safe_id(match["name"] if match else name)


def student_from_file(stem: str, assignment: str) -> str:
    """The participant id in a notebook's file name, or '' if the name has none.

    >>> student_from_file("m01_media_landscape_alice", "m01_media_landscape")
    'alice'
    >>> student_from_file("m01_media_landscape", "m01_media_landscape")
    ''
    """
    match = _CANVAS.match(stem)
    if match and not stem.lower().startswith(assignment.lower()):
        return safe_id(match["name"])
    flat = safe_id(stem)
    key = safe_id(assignment)
    flat = flat.replace(key, "_")
    short = key.split("_")[0]  # "m01" in "alice_m01.ipynb"
    flat = re.sub(rf"(^|_){re.escape(short)}(_|$)", "_", flat)
    flat = re.sub(r"(^|_)(copy|final|v\d+|\d)(?=_|$)", "_", flat)
    return re.sub(r"_+", "_", flat).strip("_")


@dataclass
class Imported:
    student: str
    source: str  # the file in SOURCE
    target: Path
    note: str = ""


@dataclass
class Rejected:
    source: str
    reason: str
    kept: Path | None = None  # the copy under grading/rejected/, if one was made
    student: str = ""  # whose file it is, where that can be told


@dataclass
class CollectResult:
    assignment: str
    source: str
    imported: list[Imported] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    ignored: list[Rejected] = field(default_factory=list)  # system files, checkpoints

    @property
    def exit_status(self) -> int:
        """0 when every notebook was imported; 1 when some file was rejected."""
        return 1 if self.rejected else 0

    def table(self) -> str:
        lines = [f"Collected {self.assignment} from {self.source}:"]
        for item in sorted(self.imported, key=lambda i: i.student):
            note = f"  ({item.note})" if item.note else ""
            lines.append(f"  ✓ {item.student:<24} {item.source}{note}")
        if self.rejected:
            lines.append("")
            lines.append(f"NOT imported ({len(self.rejected)}): each is kept for you to look at")
            for item in self.rejected:
                kept = f"\n      kept in {item.kept}" if item.kept else ""
                lines.append(f"  ✗ {item.source}: {item.reason}{kept}")
        if self.ignored:
            lines.append("")
            lines.append(f"Ignored ({len(self.ignored)}):")
            for item in self.ignored:
                lines.append(f"  - {item.source}: {item.reason}")
        lines.append("")
        lines.append(
            f"{len(self.imported)} imported, {len(self.rejected)} not imported, "
            f"{len(self.ignored)} ignored."
        )
        return "\n".join(lines)


@dataclass
class _File:
    name: PurePosixPath
    size: int
    read: Callable[[], bytes]
    time: datetime | None = None  # when it was handed in: platform's stamp, file's or zip entry's


def _platform_time(path: Path) -> datetime | None:
    """nbgrader's exchange writes timestamp.txt next to a submission: the platform's own time."""
    stamp = path.parent / "timestamp.txt"
    try:
        text = stamp.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    for pattern in ("%Y-%m-%d %H:%M:%S.%f %Z", "%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S.%f"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
    return None


def _clean_parts(name: str) -> PurePosixPath:
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and re.match(r"^[A-Za-z]:$", parts[0]):
        parts = parts[1:]
    return PurePosixPath(*parts) if parts else PurePosixPath("unnamed")


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "cp866"):  # Windows archives of Cyrillic names use cp866
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _files(source: Path) -> Iterator[_File]:
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file() or p.is_symlink()):
            if path.is_symlink():
                yield _File(_clean_parts(path.relative_to(source).as_posix()), -1, lambda: b"")
                continue
            yield _File(
                _clean_parts(path.relative_to(source).as_posix()),
                path.stat().st_size,
                lambda path=path: path.read_bytes(),
                _platform_time(path) or datetime.fromtimestamp(path.stat().st_mtime, UTC),
            )
    elif zipfile.is_zipfile(source):
        archive = zipfile.ZipFile(source)
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            yield _File(
                _clean_parts(_zip_name(info)),
                info.file_size,
                lambda info=info: archive.read(info),
                datetime(*info.date_time, tzinfo=UTC),
            )
    else:
        raise CourseError(f"{source} is neither a folder nor a .zip file.")


def _strip_wrappers(files: list[_File], assignment: str) -> list[_File]:
    """Drop a folder that wraps every file (a zip of one folder, 'submissions/', ...)."""
    while files and all(len(f.name.parts) >= 2 for f in files):
        first = {f.name.parts[0] for f in files}
        if len(first) != 1:
            break
        wrapper = first.pop()
        generic = safe_id(wrapper) in _GENERIC_WRAPPERS | {safe_id(assignment)}
        # a wrapper around several participants' folders or named files, not around one
        # participant's files
        several = len({f.name.parts[1] for f in files}) > 1 and all(
            len(f.name.parts) >= 3 or student_from_file(f.name.stem, assignment) for f in files
        )
        if not (generic or several):
            break
        files = [_File(PurePosixPath(*f.name.parts[1:]), f.size, f.read, f.time) for f in files]
    return files


def _grade_ids(nb) -> set[str]:
    return {
        meta["grade_id"]
        for c in nb.cells
        if isinstance(meta := c.get("metadata", {}).get("nbgrader"), dict) and meta.get("grade_id")
    }


def _checksums(nb) -> set[str]:
    """nbgrader's checksums of the read-only and graded cells: an exercise's fingerprint."""
    return {
        meta["checksum"]
        for c in nb.cells
        if isinstance(meta := c.get("metadata", {}).get("nbgrader"), dict) and meta.get("checksum")
    }


@dataclass
class _Fingerprint:
    ids: set[str]
    checksums: set[str]

    def overlap(self, ids: set[str], checksums: set[str]) -> int:
        """How much a notebook looks like this one: shared checksums first, then cell ids."""
        if self.checksums and checksums:
            return len(self.checksums & checksums)
        return len(self.ids & ids)


class _Assignments:
    """A fingerprint of each notebook of each assignment, from the released exercises.

    Cell ids alone do not tell assignments apart (every exercise has a q1_answer); the
    checksums nbgrader stores on each read-only cell do. Without released exercises the cell
    ids of the source notebooks are used.
    """

    def __init__(self, course: Course):
        self.source = course.source
        self.release = course.release
        self._prints: dict[str, dict[str, _Fingerprint]] = {}
        self.names = course.assignments()

    def notebooks(self, assignment: str) -> dict[str, _Fingerprint]:
        if assignment not in self._prints:
            prints = {}
            for path in sorted((self.source / assignment).glob("*.ipynb")):
                released = self.release / assignment / path.name
                nb = nbformat.read(released if released.exists() else path, as_version=4)
                prints[path.stem] = _Fingerprint(_grade_ids(nb), _checksums(nb))
            self._prints[assignment] = prints
        return self._prints[assignment]

    def best(self, assignment: str, ids: set[str], checksums: set[str]) -> tuple[str, int]:
        """The notebook of `assignment` the submission matches best, and how well."""
        scored = [
            (fingerprint.overlap(ids, checksums), name)
            for name, fingerprint in self.notebooks(assignment).items()
        ]
        if not scored:
            return "", 0
        score, name = max(scored)
        return name, score

    def which(self, ids: set[str], checksums: set[str]) -> list[str]:
        """Assignments the notebook matches, best first."""
        scored = [(self.best(name, ids, checksums)[1], name) for name in self.names]
        return [name for score, name in sorted(scored, reverse=True) if score]


def _repair_surrogates(value, count: list[int]):
    """Lone UTF-16 surrogates (broken characters JSON can carry) replaced with U+FFFD."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            fixed = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            count[0] += sum(1 for ch in fixed if ch == "\ufffd") - value.count("\ufffd")
            return fixed
    if isinstance(value, list):
        return [_repair_surrogates(v, count) for v in value]
    if isinstance(value, dict):
        return {k: _repair_surrogates(v, count) for k, v in value.items()}
    return value


@dataclass
class _Readable:
    """A submission read as a notebook: what nbgrader will grade, and what was done to it."""

    nb: object = None
    data: bytes = b""  # the bytes to grade: the file itself, or its repaired/converted form
    notes: list[str] = field(default_factory=list)
    reason: str = ""  # why it cannot be graded ('' if it can)


def _read_submission(data: bytes) -> _Readable:
    """Decode, parse and (where it is safe) repair a submitted notebook file.

    A byte-order mark is dropped, UTF-16 is re-encoded as UTF-8, broken characters (lone
    surrogates) are replaced, a notebook of nbformat 3 is converted to 4; each is said in the
    notes, and the file as received is kept. Any other encoding is refused with the reason.
    """
    if not data.strip():
        return _Readable(reason="empty file")
    notes = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
            notes.append("saved as UTF-16: re-encoded as UTF-8")
        except UnicodeDecodeError:
            return _Readable(reason="starts like UTF-16 text but is damaged")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _Readable(
                reason="not UTF-8 text: the file was saved in another encoding (Windows-1251?) "
                "or is damaged; open it in Jupyter, save it, and hand it in again"
            )
        if text.startswith("\ufeff"):
            text = text[1:]
            notes.append("a byte-order mark (BOM) at the start was removed")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        detail = f"{err.__class__.__name__}: {str(err)[:80]}"
        return _Readable(reason=f"not valid JSON ({detail}); damaged, or not saved by Jupyter?")
    if (
        not isinstance(raw, dict)
        or "nbformat" not in raw
        or not ({"cells", "worksheets"} & set(raw))
    ):
        return _Readable(reason="JSON, but not a Jupyter notebook (no cells)")
    broken = [0]
    raw = _repair_surrogates(raw, broken)
    if broken[0]:
        notes.append(f"{broken[0]} broken character(s) (lone surrogates) replaced with �")
    version = raw.get("nbformat")
    try:
        nb = nbformat.from_dict(raw)
        if version != 4:
            nb = nbformat.convert(nb, 4)
            notes.append(f"converted from notebook format {version} to 4")
        nbformat.validate(nb)
    except Exception as err:
        return _Readable(
            reason=f"not a readable Jupyter notebook ({str(err).splitlines()[0][:100]})"
        )
    repaired = nbformat.writes(nb).encode("utf-8") + b"\n" if notes else data
    return _Readable(nb, repaired, notes)


def _check_notebook(data: bytes, assignment: str, known: _Assignments) -> tuple[str, str]:
    """(notebook name, '') if `data` is a notebook of `assignment`, else ('', reason)."""
    readable = _read_submission(data)
    if readable.reason:
        return "", readable.reason
    nb = readable.nb
    ids, checksums = _grade_ids(nb), _checksums(nb)
    name, score = known.best(assignment, ids, checksums)
    # exercises share boilerplate cells ("Done?"): the notebook belongs to the one it matches best
    better = [a for a in known.which(ids, checksums) if a != assignment]
    if better and known.best(better[0], ids, checksums)[1] > score:
        return "", f"this is the notebook of {better[0]}, not {assignment}"
    if score:
        return name, ""
    if better:
        return "", f"this is the notebook of {better[0]}, not {assignment}"
    if not ids:
        return "", (
            "a notebook with none of the exercise's cells (a new notebook rather than the "
            "exercise?)"
        )
    return "", f"none of its graded cells belong to {assignment}"


def _ignored(name: PurePosixPath) -> str:
    if any(part == "__MACOSX" for part in name.parts):
        return "macOS archive metadata"
    if any(part == ".ipynb_checkpoints" for part in name.parts):
        return "a Jupyter autosave checkpoint, not the submission"
    if name.name in _IGNORED_NAMES:
        return "system file"
    if any(part.startswith(".") for part in name.parts):
        return "hidden file"
    return ""


def _keep_received(
    grading: Path, assignment: str, student: str, name: PurePosixPath, data: bytes
) -> Path:
    """Keep a file exactly as it was received, when what is graded is its repaired form."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return _keep(
        data, grading / "received" / assignment / student / stamp, PurePosixPath(name.name)
    )


def _handed_in_file(grading: Path, assignment: str, student: str) -> Path:
    return grading / "originals" / assignment / f"{student}.handed_in.txt"


def _handed_in(grading: Path, assignment: str, student: str) -> datetime | None:
    """When the submission collected last was handed in, if known."""
    with contextlib.suppress(OSError, ValueError):
        text = _handed_in_file(grading, assignment, student).read_text(encoding="utf-8")
        return datetime.fromisoformat(text.strip())
    return None


def _record_handed_in(grading: Path, assignment: str, student: str, when: datetime) -> None:
    path = _handed_in_file(grading, assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(when.isoformat(), encoding="utf-8")


def _keep(data: bytes, folder: Path, name: PurePosixPath) -> Path:
    target = folder.joinpath(*name.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and target.read_bytes() != data:
        target = target.with_name(
            f"{target.stem}.{hashlib.sha256(data).hexdigest()[:8]}{target.suffix}"
        )
    target.write_bytes(data)
    return target


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def read_roster(path: Path | str) -> dict[str, str]:
    """A roster CSV (columns `name` and `id`): each participant's name as submitted, their id."""
    import csv

    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as err:
        raise CourseError(f"Cannot read the roster {path}: {err}.") from None
    if not rows or not {"name", "id"} <= set(rows[0]):
        raise CourseError(
            f"The roster {path} needs two columns, `name` (as the participant's folder is "
            "named) and `id` (the id to grade them under), one participant per line."
        )
    roster = {}
    for number, row in enumerate(rows, start=2):
        student = safe_id(row["id"] or "")
        if not student or not (row["name"] or "").strip():
            raise CourseError(f"{path}, line {number}: a name and an id are both needed.")
        roster[_name_key(row["name"])] = student
    return roster


def _owner(name: PurePosixPath, assignment: str, roster: dict[str, str]) -> tuple[str, str]:
    """(participant id, the name it came from) of a file in the source."""
    if len(name.parts) >= 2:
        match = _MOODLE.match(name.parts[0])
        raw = match["name"] if match else name.parts[0]
        return roster.get(_name_key(raw)) or safe_id(raw), raw
    student = student_from_file(name.stem, assignment)
    return roster.get(_name_key(name.stem)) or student, student


def collect(
    assignment: str,
    source: Path | str,
    root: Path | str | Course = COURSE_ROOT,
    roster: Path | str | None = None,
) -> CollectResult:
    """Import the submissions of `assignment` from a folder, a .zip, or "exchange".

    `roster` is a CSV file mapping participants' names (as their folders are named) to ids,
    for names that would otherwise give the same id.
    """
    course = Course.at(root)
    root = course.root
    names = read_roster(roster) if roster else {}
    known = _Assignments(course)
    if assignment not in known.names:
        raise CourseError(
            f"There is no assignment {assignment!r}; the course has: {', '.join(known.names)}."
        )
    if str(source) == EXCHANGE and not Path(source).exists():
        return collect_from_exchange(assignment, course)
    source = Path(source).expanduser().resolve()
    if not source.exists():
        raise CourseError(f"{source} does not exist.")
    submitted = course.submitted
    grading = course.grading
    rejected_dir = grading / "rejected" / assignment / safe_id(source.stem or "source")
    result = CollectResult(assignment, str(source))

    candidates: dict[tuple[str, str], list[tuple[_File, bytes]]] = {}
    owners: dict[str, dict[str, str]] = {}
    files = [f for f in _files(source)]
    notebooks_etc = [f for f in files if not _ignored(f.name)]
    result.ignored = [Rejected(str(f.name), _ignored(f.name)) for f in files if _ignored(f.name)]
    for file in _strip_wrappers(notebooks_etc, assignment):
        shown = str(file.name)
        if file.size < 0:
            result.rejected.append(Rejected(shown, "a symbolic link, not a file (not followed)"))
            continue
        if file.size > MAX_NOTEBOOK_BYTES:
            result.rejected.append(
                Rejected(
                    shown,
                    f"too large ({file.size / 2**20:.0f} MB; a notebook is at most "
                    f"{MAX_NOTEBOOK_BYTES / 2**20:.0f} MB); not copied, it is still in the source",
                )
            )
            continue
        data = file.read()
        if file.name.suffix.lower() != ".ipynb":
            kind = file.name.suffix or "no extension"
            reason = f"not a notebook ({kind})"
            if file.name.suffix.lower() == ".zip":
                reason = "a zip inside the source: unpack it, then collect the folder"
            result.rejected.append(Rejected(shown, reason, _keep(data, rejected_dir, file.name)))
            continue
        notebook, reason = _check_notebook(data, assignment, known)
        student, raw_name = _owner(file.name, assignment, names)
        if not reason and not student:
            reason = (
                "cannot tell whose notebook this is: put it in a folder named after the "
                f"participant, or name it {assignment}_<participant>.ipynb"
            )
        if reason:
            kept = _keep(data, rejected_dir, file.name)
            result.rejected.append(Rejected(shown, reason, kept, student))
            continue
        candidates.setdefault((student, notebook), []).append((file, data))
        owners.setdefault(student, {}).setdefault(_name_key(raw_name), raw_name)

    # two different people whose names give the same id: neither is imported
    for student, raw in sorted(owners.items()):
        if len(raw) < 2:
            continue
        shown = " and ".join(f"'{n}'" for n in raw.values())
        for key in [k for k in candidates if k[0] == student]:
            for file, data in candidates.pop(key):
                result.rejected.append(
                    Rejected(
                        str(file.name),
                        f"{shown} both become the id '{student}'; none imported: tell them apart "
                        "with a roster (a CSV with columns name,id; `course collect --roster "
                        "roster.csv ...`)",
                        _keep(data, rejected_dir / "same_id" / student, file.name),
                        student,
                    )
                )

    students = set()
    for (student, notebook), found in sorted(candidates.items()):
        distinct = {hashlib.sha256(data).hexdigest() for _, data in found}
        times = [f.time for f, _ in found]
        older_note = ""
        if len(distinct) > 1 and all(times) and len(set(times)) == len(times):
            # several different files: the newest is graded, the others are archived
            found = sorted(found, key=lambda item: item[0].time, reverse=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            archive = grading / "archive" / assignment / student / f"{stamp}-older"
            for file, data in found[1:]:
                _keep(data, archive, file.name)
            older_note = (
                f"newest of {len(found)} files ({found[0][0].time:%Y-%m-%d %H:%M}); the older "
                f"ones are in {archive.relative_to(root)}"
            )
            found, distinct = found[:1], {hashlib.sha256(found[0][1]).hexdigest()}
        if len(distinct) > 1:
            names = ", ".join(str(f.name) for f, _ in found)
            for file, data in found:
                result.rejected.append(
                    Rejected(
                        str(file.name),
                        f"{len(found)} different notebooks for {student} ({names}); none "
                        "imported: keep the right one and collect again",
                        _keep(data, rejected_dir / "duplicates" / student, file.name),
                        student,
                    )
                )
            continue
        file, received = found[0]
        readable = _read_submission(received)
        data = readable.data  # what is graded: the file itself, or its repaired form
        target = submitted / student / assignment / f"{notebook}.ipynb"
        note = older_note or (f"{len(found)} identical copies" if len(found) > 1 else "")
        earlier = _handed_in(grading, assignment, student)
        if target.exists():
            if target.read_bytes() == data:
                note = "unchanged since the last collect"
            elif earlier and file.time and file.time < earlier:
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
                archive = grading / "archive" / assignment / student / f"{stamp}-older"
                _keep(data, archive, file.name)
                result.imported.append(
                    Imported(
                        student,
                        str(file.name),
                        target,
                        f"NOT used: older ({file.time:%Y-%m-%d %H:%M}) than the submission "
                        f"already collected ({earlier:%Y-%m-%d %H:%M}); archived in "
                        f"{archive.relative_to(root)}",
                    )
                )
                continue
            else:
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
                archive = grading / "archive" / assignment / student / stamp
                archive.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(target.parent), str(archive))
                note = f"replaces the earlier submission (kept in {archive.relative_to(root)})"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if readable.notes:
            kept = _keep_received(grading, assignment, student, file.name, received)
            repairs = "; ".join(readable.notes)
            note = "; ".join(
                filter(None, [note, f"{repairs} (as received: {kept.relative_to(root)})"])
            )
        if file.time:
            _record_handed_in(grading, assignment, student, file.time)
        students.add(student)
        result.imported.append(Imported(student, str(file.name), target, note))

    # a participant none of whose files could be imported stays on the list, with the reason
    unusable = {
        r.student: r.reason for r in result.rejected if r.student and r.student not in students
    }
    record_rejections(grading, assignment, unusable, imported=students)
    if students:
        protect(grading, assignment, sorted(students))
    if students or unusable:
        with course.gradebook() as gb:
            for student in sorted(students | set(unusable)):
                gb.update_or_create_student(student)
    return result


def _rejections_file(grading: Path, assignment: str) -> Path:
    return grading / "rejected" / assignment / "reasons.json"


def rejections(grading: Path, assignment: str) -> dict[str, str]:
    """Participants whose files for `assignment` could not be imported, and why."""
    with contextlib.suppress(OSError, ValueError):
        return json.loads(_rejections_file(grading, assignment).read_text(encoding="utf-8"))
    return {}


def record_rejections(
    grading: Path, assignment: str, reasons: dict[str, str], imported: set[str]
) -> None:
    known = {k: v for k, v in rejections(grading, assignment).items() if k not in imported}
    known.update(reasons)
    path = _rejections_file(grading, assignment)
    if known or path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, indent=1, ensure_ascii=False), encoding="utf-8")


def _handed_in_by_someone_else(
    inbound: Path, student: str, assignment: str, collected: Path
) -> str:
    """'' unless the exchange folder this submission came from belongs to another account.

    nbgrader names a submission after the student it claims to be from; on a JupyterHub with one
    system user per participant the folder's owner says who really handed it in (nbgrader #1097:
    a participant could hand in under another's name). nbgrader's collect only logs a warning.
    """
    try:
        import pwd
    except ImportError:  # Windows: no exchange anyway
        return ""
    try:
        pwd.getpwnam(student)
        stamp = (collected / "timestamp.txt").read_text(encoding="utf-8").strip()
    except (KeyError, OSError):  # not an account here (a laptop's exchange), or no time stamp
        return ""
    for source in inbound.glob(f"{glob_escape(student)}+{glob_escape(assignment)}+*"):
        if source.name.split("+")[2] != stamp:
            continue
        uid = source.stat().st_uid
        try:
            owner = pwd.getpwuid(uid).pw_name
        except KeyError:
            owner = f"the unknown account {uid}"
        if owner != student and uid != os.getuid():  # the instructor's own copies are theirs
            return (
                f"handed in under {student}'s name by {owner}: not imported; {student}'s own "
                "earlier submissions are still in the exchange (see nbgrader #1097)"
            )
    return ""


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def collect_from_exchange(
    assignment: str, root: Path | str | Course = COURSE_ROOT
) -> CollectResult:
    """nbgrader's own collect from the exchange, then the same checks as for a folder.

    nbgrader copies the newest submission of each participant into grading/submitted/; one that
    is not a readable notebook of this assignment is moved to grading/rejected/ with the reason.
    """
    course = Course.at(root)
    config = course.config
    outcome = course.api().collect(assignment, update=True)
    if not outcome["success"]:
        raise CourseError(f"nbgrader could not collect from the exchange:\n{outcome['log']}")
    known = _Assignments(course)
    submitted, grading, root = course.submitted, course.grading, course.root
    result = CollectResult(assignment, f"nbgrader exchange ({config.Exchange.get('root', '')})")
    rejected_dir = submitted.parent / "rejected" / assignment / "exchange"
    inbound = Path(config.Exchange.get("root", "")) / course.course_id / "inbound"
    for folder in sorted(submitted.glob(f"*/{assignment}")):
        student = folder.parent.name
        for path in sorted(folder.glob("*.ipynb")):
            _, reason = _check_notebook(path.read_bytes(), assignment, known)
            reason = reason or _handed_in_by_someone_else(inbound, student, assignment, folder)
            if reason:
                target = rejected_dir / student
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():
                    shutil.rmtree(target)
                shutil.move(str(folder), str(target))
                with contextlib.suppress(OSError):  # the participant's folder, if now empty
                    folder.parent.rmdir()
                result.rejected.append(Rejected(f"{student}/{path.name}", reason, target))
                break
            received = path.read_bytes()
            readable = _read_submission(received)
            note = ""
            if readable.notes:  # nbgrader's copy of the exchange's file; the exchange keeps it too
                kept = _keep_received(
                    grading, assignment, student, PurePosixPath(path.name), received
                )
                path.write_bytes(readable.data)
                note = f"{'; '.join(readable.notes)} (as received: {kept.relative_to(root)})"
            result.imported.append(Imported(student, f"{student}/{path.name}", path, note))
    protect(grading, assignment, sorted({item.student for item in result.imported}))
    return result
