"""One reader or writer at a time on the gradebook, across processes.

The gradebook is a single SQLite file. Parallel graders execute notebooks at the same time but
take this lock (an OS file lock on `gradebook.db.lock`, through the filelock library, which
works the same on Linux, macOS and Windows) around every read and write of the gradebook, which
take milliseconds; so no command ever meets "database is locked". `collect`, `grade`,
`feedback` and `report` all open the gradebook through `nbgrader_course.gradebook`, which holds
the lock. A command that waits longer than LOCK_TIMEOUT gets a clear error, not a hang.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_TIMEOUT = 300  # seconds; the longest hold is one submission's grades being saved


class GradebookBusy(Exception):
    """Another command held the gradebook for longer than LOCK_TIMEOUT."""


def lock_path(db_url: str) -> Path | None:
    """The lock file next to a SQLite gradebook (None for other databases)."""
    if not db_url.startswith("sqlite:///"):
        return None
    database = db_url[len("sqlite:///") :].split("?")[0]
    if not database or database == ":memory:":
        return None
    return Path(database + ".lock")


_HELD: dict[Path, int] = {}  # locks this process holds, and how deeply (re-entrant)


@contextlib.contextmanager
def gradebook_lock(db_url: str) -> Iterator[None]:
    """Hold the gradebook's inter-process lock (a no-op for non-SQLite gradebooks).

    Re-entrant within a process: a function holding the lock may call another that takes it.
    """
    path = lock_path(db_url)
    if path is None or not path.parent.exists():
        yield
        return
    if _HELD.get(path):
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    _HELD[path] = 1
    try:
        with _os_lock(path):
            yield
    finally:
        _HELD.pop(path, None)


@contextlib.contextmanager
def _os_lock(path: Path) -> Iterator[None]:
    lock = FileLock(path, timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise GradebookBusy(
            f"The gradebook has been in use by another command for {LOCK_TIMEOUT} s (lock file "
            f"{path}). Wait for the other `course` or nbgrader command to finish and try again."
        ) from None
    try:
        yield
    finally:
        lock.release()
