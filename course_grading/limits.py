"""Limits that hold for a grading kernel and everything it starts, even when grading as root.

Per-process limits (kernel_launcher.py: address space, file size) do not stop a fork bomb or a
flood of threads, and root ignores RLIMIT_NPROC. On Linux each kernel therefore runs in its own
control group ("cgroup", v1 or v2, where the grader may create one, as root usually can):

- `pids.max` caps how many processes and threads the kernel and its children may have;
- the memory controller caps their memory together (a private /tmp in the sandbox counts too);
- when the notebook is done every process in the group is killed, also those that left the
  kernel's session (`subprocess.Popen(..., start_new_session=True)`).

Where no cgroup can be made (not root, macOS), `reap_orphans` still ends processes a kernel left
behind: a grading worker makes itself the "child subreaper" (Linux), so orphans of its kernels
become its children and are killed after each notebook. `ScratchWatch` caps the disk space a
kernel may fill in its scratch folder on any platform.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
_SUBREAPER = False


def _cgroup_v2_root() -> Path | None:
    for root in (CGROUP_ROOT, CGROUP_ROOT / "unified"):
        controllers = root / "cgroup.controllers"
        try:
            available = controllers.read_text().split()
        except OSError:
            continue
        if "pids" in available:
            return root
    return None


class KernelCgroup:
    """A control group for one grading kernel: process and memory caps, and a way to end all.

    `KernelCgroup.create(...)` returns None where no group can be made here.
    """

    def __init__(self, folders: list[Path]):
        self.folders = folders

    @classmethod
    def create(cls, pids_max: int, memory_mb: int) -> KernelCgroup | None:
        if not sys.platform.startswith("linux"):
            return None
        # CIVIC_GRADE_RUN names the groups of one grading run (tests look for leftovers by it)
        run = os.environ.get("CIVIC_GRADE_RUN", "")
        name = f"civic-grade-{run + '-' if run else ''}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        made: list[Path] = []
        try:
            v2 = _cgroup_v2_root()
            if v2 is not None:
                folder = v2 / name
                folder.mkdir()
                made.append(folder)
                (folder / "pids.max").write_text(str(pids_max))
                if memory_mb and (folder / "memory.max").exists():
                    (folder / "memory.max").write_text(str(memory_mb * 2**20))
                    with contextlib.suppress(OSError):
                        (folder / "memory.swap.max").write_text("0")
            else:
                pids = CGROUP_ROOT / "pids"
                if not (pids / "cgroup.procs").exists():
                    return None
                folder = pids / name
                folder.mkdir()
                made.append(folder)
                (folder / "pids.max").write_text(str(pids_max))
                memory = CGROUP_ROOT / "memory"
                if memory_mb and (memory / "cgroup.procs").exists():
                    folder = memory / name
                    folder.mkdir()
                    made.append(folder)
                    (folder / "memory.limit_in_bytes").write_text(str(memory_mb * 2**20))
        except OSError:
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            return None
        return cls(made)

    def wrap(self, argv: list[str]) -> list[str]:
        """`argv` started inside the group: a shell joins it, then becomes the command."""
        joins = " && ".join(
            f"echo $$ > {shlex.quote(str(f / 'cgroup.procs'))}" for f in self.folders
        )
        return ["/bin/sh", "-c", f'{joins} && exec "$@"', "civic-kernel", *argv]

    def limit_reached(self) -> int:
        """How often a fork or a new thread was refused because the group was full."""
        for folder in self.folders:
            with contextlib.suppress(OSError, ValueError):
                for line in (folder / "pids.events").read_text().splitlines():
                    key, _, value = line.partition(" ")
                    if key == "max":
                        return int(value)
        return 0

    def pids(self) -> set[int]:
        found: set[int] = set()
        for folder in self.folders:
            with contextlib.suppress(OSError, ValueError):
                found |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
        return found

    def kill_all(self, timeout: float = 5.0) -> int:
        """SIGKILL every process of the group (again, until none is left); how many there were."""
        killed: set[int] = set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            killed |= pids
            time.sleep(0.02)
        return len(killed)

    def remove(self) -> None:
        self.kill_all()
        for folder in reversed(self.folders):
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)  # the last processes are still being torn down


def become_subreaper() -> bool:
    """Make this process adopt the orphans of its descendants (Linux only); True if it did."""
    global _SUBREAPER
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        _SUBREAPER = libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        _SUBREAPER = False
    return _SUBREAPER


def running(pid: int) -> bool:
    """True while some thread of the process still runs (not a zombie waiting to be reaped).

    Every thread is looked at: a process whose main thread has ended reads as a zombie while
    its other threads go on running.
    """
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return False
    for task in tasks:
        try:
            stat = Path(f"/proc/{pid}/task/{task}/stat").read_text()
        except OSError:
            continue
        if not stat[stat.rfind(")") + 2 :].startswith(("Z", "X")):
            return True
    return False


def _children(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError, ValueError):
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
                found += [int(p) for p in text.split()]
    return found


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux; elsewhere none are seen)."""
    found: set[int] = set()
    stack = _children(pid)
    while stack:
        child = stack.pop()
        if child not in found:
            found.add(child)
            stack += _children(child)
    return found


def reap_orphans(keep: set[int] = frozenset()) -> int:
    """In a subreaper: kill every descendant of this process (but `keep`); how many.

    Does nothing outside a subreaper, where a process's children may belong to someone else.
    """
    if not _SUBREAPER:
        return 0
    me = os.getpid()
    killed: set[int] = set()
    for _ in range(20):
        found = [pid for pid in descendants(me) if pid not in keep]
        if not found:
            break
        # only a process that still runs counts (a kernel that has ended is just reaped), but
        # every one is killed: that harms no zombie, and ends a "zombie" whose threads run on
        alive = {pid for pid in found if running(pid)}
        killed |= alive
        for pid in found:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if alive:
            time.sleep(0.02)  # let them die before they are reaped
        for pid in found:
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, os.WNOHANG)
    return len(killed)


def folder_size(folder: Path, limit: int | None = None) -> int:
    """Bytes in the files below `folder` (stops counting once past `limit`)."""
    total = 0
    stack = [str(folder)]
    while stack:
        with contextlib.suppress(OSError), os.scandir(stack.pop()) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        total += entry.stat(follow_symlinks=False).st_blocks * 512
                if limit is not None and total > limit:
                    return total
    return total


class ScratchWatch:
    """A thread that calls `on_full` once when `folder` holds more than `limit_mb` megabytes."""

    def __init__(self, folder: Path, limit_mb: int, on_full: Callable[[], None], every=0.2):
        self.folder, self.limit = folder, limit_mb * 2**20
        self.on_full, self.every = on_full, every
        self.full = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="scratch-watch")

    def __enter__(self) -> ScratchWatch:
        if self.limit > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            if folder_size(self.folder, self.limit) > self.limit:
                self.full = True
                with contextlib.suppress(Exception):
                    self.on_full()
                return
