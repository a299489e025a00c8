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
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import nbformat

from ..paths import COURSE_ROOT
from .nbgrader_course import CourseError, assignments, course_config, gradebook, nbgrader_api
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
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def safe_id(text: str) -> str:
    """A participant id that is safe as a folder name: lower-case latin letters, digits and _.

    >>> safe_id("Alice Smith")
    'alice_smith'
    >>> safe_id("Айгерим Нурланова")
    'aigerim_nurlanova'
    """
    text = _transliterate(text.strip().lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
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
        files = [_File(PurePosixPath(*f.name.parts[1:]), f.size, f.read) for f in files]
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

    def __init__(self, root: Path):
        config = course_config(root)
        self.source = root / config.CourseDirectory.source_directory
        self.release = root / config.CourseDirectory.release_directory
        self._prints: dict[str, dict[str, _Fingerprint]] = {}
        self.names = assignments(root)

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


def _check_notebook(data: bytes, assignment: str, known: _Assignments) -> tuple[str, str]:
    """(notebook name, '') if `data` is a notebook of `assignment`, else ('', reason)."""
    if not data.strip():
        return "", "empty file"
    try:
        text = data.decode("utf-8-sig")
        raw = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        detail = f"{err.__class__.__name__}: {str(err)[:80]}"
        return "", f"not valid JSON ({detail}); damaged, or not saved by Jupyter?"
    if not isinstance(raw, dict) or "cells" not in raw or "nbformat" not in raw:
        return "", "JSON, but not a Jupyter notebook (no cells)"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as err:
        return "", f"not a readable Jupyter notebook ({str(err).splitlines()[0][:100]})"
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


def _student(name: PurePosixPath, assignment: str) -> str:
    if len(name.parts) >= 2:
        return student_from_folder(name.parts[0])
    return student_from_file(name.stem, assignment)


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


def _keep(data: bytes, folder: Path, name: PurePosixPath) -> Path:
    target = folder.joinpath(*name.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and target.read_bytes() != data:
        target = target.with_name(
            f"{target.stem}.{hashlib.sha256(data).hexdigest()[:8]}{target.suffix}"
        )
    target.write_bytes(data)
    return target


def collect(assignment: str, source: Path | str, root: Path | str = COURSE_ROOT) -> CollectResult:
    """Import the submissions of `assignment` from a folder, a .zip, or "exchange"."""
    root = Path(root).resolve()
    known = _Assignments(root)
    if assignment not in known.names:
        raise CourseError(
            f"There is no assignment {assignment!r}; the course has: {', '.join(known.names)}."
        )
    if str(source) == EXCHANGE and not Path(source).exists():
        return collect_from_exchange(assignment, root)
    source = Path(source).expanduser().resolve()
    if not source.exists():
        raise CourseError(f"{source} does not exist.")
    config = course_config(root)
    submitted = root / config.CourseDirectory.submitted_directory
    grading = submitted.parent
    rejected_dir = grading / "rejected" / assignment / safe_id(source.stem or "source")
    result = CollectResult(assignment, str(source))

    candidates: dict[tuple[str, str], list[tuple[_File, bytes]]] = {}
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
        student = _student(file.name, assignment) if not reason else ""
        if not reason and not student:
            reason = (
                "cannot tell whose notebook this is: put it in a folder named after the "
                f"participant, or name it {assignment}_<participant>.ipynb"
            )
        if reason:
            result.rejected.append(Rejected(shown, reason, _keep(data, rejected_dir, file.name)))
            continue
        candidates.setdefault((student, notebook), []).append((file, data))

    students = set()
    for (student, notebook), found in sorted(candidates.items()):
        distinct = {hashlib.sha256(data).hexdigest() for _, data in found}
        if len(distinct) > 1:
            names = ", ".join(str(f.name) for f, _ in found)
            for file, data in found:
                result.rejected.append(
                    Rejected(
                        str(file.name),
                        f"{len(found)} different notebooks for {student} ({names}); none "
                        "imported: keep the right one and collect again",
                        _keep(data, rejected_dir / "duplicates" / student, file.name),
                    )
                )
            continue
        file, data = found[0]
        target = submitted / student / assignment / f"{notebook}.ipynb"
        note = f"{len(found)} identical copies" if len(found) > 1 else ""
        if target.exists():
            if target.read_bytes() == data:
                note = "unchanged since the last collect"
            else:
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
                archive = grading / "archive" / assignment / student / stamp
                archive.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(target.parent), str(archive))
                note = f"replaces the earlier submission (kept in {archive.relative_to(root)})"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        students.add(student)
        result.imported.append(Imported(student, str(file.name), target, note))

    if students:
        protect(grading, assignment, sorted(students))
        with gradebook(root) as gb:
            for student in sorted(students):
                gb.update_or_create_student(student)
    return result


def collect_from_exchange(assignment: str, root: Path | str = COURSE_ROOT) -> CollectResult:
    """nbgrader's own collect from the exchange, then the same checks as for a folder.

    nbgrader copies the newest submission of each participant into grading/submitted/; one that
    is not a readable notebook of this assignment is moved to grading/rejected/ with the reason.
    """
    root = Path(root).resolve()
    config = course_config(root)
    api = nbgrader_api(root, config)
    outcome = api.collect(assignment, update=True)
    if not outcome["success"]:
        raise CourseError(f"nbgrader could not collect from the exchange:\n{outcome['log']}")
    known = _Assignments(root)
    submitted = root / config.CourseDirectory.submitted_directory
    result = CollectResult(assignment, f"nbgrader exchange ({config.Exchange.get('root', '')})")
    rejected_dir = submitted.parent / "rejected" / assignment / "exchange"
    for folder in sorted(submitted.glob(f"*/{assignment}")):
        student = folder.parent.name
        for path in sorted(folder.glob("*.ipynb")):
            _, reason = _check_notebook(path.read_bytes(), assignment, known)
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
            result.imported.append(Imported(student, f"{student}/{path.name}", path))
    return result
