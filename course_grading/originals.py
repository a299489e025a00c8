"""Every submitted file kept as it arrived, with its checksum, and put back if grading changed it.

    protect(root, "m01_media_landscape", ["alice", "bob"])   # after collect, before grading
    restored = verify(root, "m01_media_landscape", ["alice", "bob"])   # after each batch

`protect` copies each file of grading/submitted/<participant>/<assignment>/ to
grading/originals/<assignment>/<participant>/files/ (read-only) and records its SHA-256 in a
manifest next to it. `verify` compares the submitted files with the manifest: a file that was
changed or deleted is restored from its original, a file that appeared is moved to
grading/quarantine/, and each is reported. Grading never writes to grading/submitted/; with the
bubblewrap sandbox participants' code cannot either, and without it (macOS, Windows, no bwrap)
this is what keeps a hostile notebook from destroying another participant's work.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

MANIFEST = "manifest.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def _folders(grading: Path, assignment: str, student: str) -> tuple[Path, Path]:
    return (
        grading / "submitted" / student / assignment,
        grading / "originals" / assignment / student,
    )


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def protect(grading: Path, assignment: str, students: list[str]) -> None:
    """Record (and copy) the submitted files of these participants as the originals."""
    for student in students:
        submitted, originals = _folders(grading, assignment, student)
        files = _files(submitted)
        manifest = _read_manifest(originals)
        current = {name: _sha256(path) for name, path in files.items()}
        if current == manifest and all((originals / "files" / n).exists() for n in current):
            continue
        staging = originals.with_name(originals.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        for name, path in files.items():
            target = staging / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            target.chmod(stat.S_IRUSR | stat.S_IRGRP)
        staging.mkdir(parents=True, exist_ok=True)
        (staging / MANIFEST).write_text(json.dumps(current, indent=1), encoding="utf-8")
        if originals.exists():
            _make_writable(originals)
            shutil.rmtree(originals)
        os.replace(staging, originals)


def _make_writable(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def verify(grading: Path, assignment: str, students: list[str]) -> list[str]:
    """Put back what changed in these participants' submitted files; what was put back."""
    found = []
    for student in students:
        submitted, originals = _folders(grading, assignment, student)
        manifest = _read_manifest(originals)
        if not manifest:
            continue
        files = _files(submitted)
        for name, digest in manifest.items():
            path = files.get(name)
            if path is not None and _sha256(path) == digest:
                continue
            original = originals / "files" / name
            if not original.exists() or _sha256(original) != digest:
                found.append(f"{student}/{name}: changed, and its kept original too (restore it)")
                continue
            path = submitted / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() or path.is_symlink():
                path.unlink()
            shutil.copy2(original, path)
            path.chmod(stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)
            found.append(f"{student}/{name}: {'changed' if name in files else 'deleted'}, restored")
        for name in sorted(set(files) - set(manifest)):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            target = grading / "quarantine" / assignment / student / stamp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(files[name]), str(target))
            found.append(f"{student}/{name}: appeared during grading, moved to {target}")
    return found
