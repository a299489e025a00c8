"""Where student code runs while it is graded: a bubblewrap sandbox on Linux, or nothing.

A grading kernel runs the participant's notebook, so it runs code nobody has reviewed. On Linux
with bubblewrap (`bwrap`) each kernel gets its own mount, process, network and user namespaces:

- the system, the Python installation and the virtual environment, the course_utils package
  and the datasets are visible read-only; nothing else of the host is (no solutions/, no
  grading/ with the gradebook and the other participants' files, no home folder);
- the only writable places are the submission's own scratch working copy and a private,
  size-limited /tmp;
- there is no network; the grader talks to the kernel through IPC sockets in the scratch folder.

Where bubblewrap is missing or not allowed (macOS, Windows, a container without user
namespaces), kernels run unsandboxed: `sandbox_status()` says so, and the grading tools print a
loud warning. The limits that do not need a sandbox (per-cell timeout, output cap, and on POSIX
memory and file-size limits) apply either way.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import course_utils
from course_utils.paths import COURSE_ROOT, datasets_dir

from .course import CourseError

PACKAGE_DIR = Path(course_utils.__file__).resolve().parent  # the installed course_utils/
LAUNCHER = Path(__file__).resolve().parent / "kernel_launcher.py"
# The launcher runs as `python -c SOURCE`: the grader's own package (course_grading) is never
# visible in the sandbox; a kernel sees only the helpers participants use.
_LAUNCHER_PREFIX = (
    "import os, sys\n"
    "sys.path[:] = [p for p in sys.path if p not in ('', '.', os.getcwd())]\n"
    "__name__ = 'civic_kernel_launcher'\n"
)

# Namespace flags: unshare everything (user, pid, net, ipc, uts, cgroup), forbid new user
# namespaces inside, drop all capabilities, kill the sandbox when the grader goes away.
_BWRAP_FLAGS = [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--clearenv",
]
_SYSTEM_DIRS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt"]
# What Python, fonts and time zones need from /etc; not passwords, keys or host configuration.
_ETC_ENTRIES = [
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "timezone",
    "passwd",
    "group",
    "nsswitch.conf",
    "hosts",
    "ssl",
    "ca-certificates",
    "fonts",
    "alternatives",
    "mime.types",
    "matplotlibrc",
]
TMP_SIZE_BYTES = 256 * 1024 * 1024

WARNING = (
    "!! NO SANDBOX: student code runs with your permissions ({reason}).\n"
    "!! Not protected: it can read solutions/ and grading/ (hidden tests, other participants'\n"
    "!! work, the gradebook), use the network, and change files you can change.\n"
    "!! Still protected: submitted files are checked against the originals kept at collect and\n"
    "!! put back if changed; processes a notebook starts are ended; timeouts, output, memory,\n"
    "!! file-size and scratch-space limits apply (process limits only where a cgroup can be made).\n"
    "!! Grade on Linux with bubblewrap installed (apt install bubblewrap) to isolate each kernel."
)


class SandboxUnavailable(CourseError):
    """A sandbox was required but cannot start here."""


@dataclass(frozen=True)
class SandboxStatus:
    """Whether grading kernels run in a sandbox, and if not, why not."""

    kind: str  # "bwrap" or "none"
    reason: str = ""

    @property
    def isolated(self) -> bool:
        return self.kind == "bwrap"

    def describe(self) -> str:
        if self.isolated:
            return (
                "sandbox: bubblewrap (no network; only the submission's working copy is writable)"
            )
        return f"sandbox: NONE ({self.reason})"

    def warning(self) -> str:
        return "" if self.isolated else WARNING.format(reason=self.reason)


@functools.cache
def _probe_bwrap(bwrap: str) -> str:
    """'' if a full-featured bwrap sandbox starts here, else the reason it does not."""
    try:
        probe = subprocess.run(
            [
                bwrap,
                *_BWRAP_FLAGS,
                "--ro-bind",
                "/",
                "/",
                "--proc",
                "/proc",
                "--dev",
                "/dev",
                "--",
                "true",
            ],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"bubblewrap could not start: {err}"
    if probe.returncode != 0:
        detail = (probe.stderr or probe.stdout).strip().splitlines()
        return "bubblewrap is installed but cannot create a sandbox here" + (
            f" ({detail[-1]})" if detail else ""
        )
    return ""


def sandbox_status(mode: str = "auto") -> SandboxStatus:
    """Decide how grading kernels run: "auto" (bwrap if it works), "bwrap" (required), "none"."""
    if mode == "none":
        return SandboxStatus("none", "switched off (sandbox = none)")
    reason = ""
    bwrap = shutil.which("bwrap")
    if not sys.platform.startswith("linux"):
        reason = f"bubblewrap sandboxes need Linux; this is {sys.platform}"
    elif bwrap is None:
        reason = "bubblewrap (bwrap) is not installed"
    else:
        reason = _probe_bwrap(bwrap)
    if not reason:
        return SandboxStatus("bwrap")
    if mode == "bwrap":
        raise SandboxUnavailable(
            f"A sandbox was required (sandbox = bwrap), but {reason}. Install bubblewrap "
            "(sudo apt-get install -y bubblewrap) on Linux, or grade with --sandbox auto."
        )
    return SandboxStatus("none", reason)


def _inside(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def readonly_paths(helpers: Path | None = None, datasets: Path | None = None) -> list[Path]:
    """Folders a grading kernel may read: Python, the virtual environment, course_utils, datasets.

    `helpers` and `datasets` are the course's own course_utils and datasets folders (default:
    the installed ones).
    """
    paths = [
        _real(sys.prefix),
        _real(sys.base_prefix),
        _real(sys.exec_prefix),
        _real(sys.base_exec_prefix),
        _real(Path(sys.executable).parent),
        _real(helpers or PACKAGE_DIR),
        _real(datasets or datasets_dir()),
    ]
    unique: list[Path] = []
    for path in paths:
        if path.exists() and path not in unique:
            unique.append(path)
    return unique


def bwrap_command(
    scratch: Path,
    workdir: Path,
    env: dict[str, str],
    hidden: list[Path] = (),
    writable: list[Path] = (),
    readonly: list[Path] | None = None,
) -> list[str]:
    """The bwrap command line (up to `--`) for a kernel whose scratch folder is `scratch`.

    `scratch` (the working copy and the kernel's home) and `writable` (the folder of the
    kernel's sockets) are the only places the kernel can write, apart from its private /tmp.

    `hidden` are paths the kernel must never see (solutions, gradebook, grading/); they are
    covered with an empty folder (or /dev/null for a file) wherever a read-only bind would
    otherwise expose them.
    """
    command = ["bwrap", *_BWRAP_FLAGS]
    visible: list[Path] = []
    for folder in _SYSTEM_DIRS:
        path = Path(folder)
        if path.is_symlink():
            command += ["--symlink", os.readlink(path), folder]
        elif path.is_dir():
            command += ["--ro-bind", folder, folder]
            visible.append(path)
    for entry in _ETC_ENTRIES:
        command += ["--ro-bind-try", f"/etc/{entry}", f"/etc/{entry}"]

    # The private /tmp, /proc and /dev come before every bind: a course (or its venv) that
    # lives under /tmp, as in a CI checkout, must stay visible on top of the empty /tmp.
    command += ["--proc", "/proc", "--dev", "/dev"]
    command += ["--size", str(TMP_SIZE_BYTES), "--tmpfs", "/tmp"]

    binds = readonly_paths() if readonly is None else readonly
    bound_outside = [p for p in binds if not _inside(p, COURSE_ROOT)]
    for path in bound_outside:
        command += ["--ro-bind", str(path), str(path)]
    visible += bound_outside
    # the course folder itself is never bound; if a bind above contains it, cover it first
    covers = [COURSE_ROOT, *(_real(h) for h in hidden)]
    for cover in covers:
        if any(_inside(cover, p) for p in visible):
            if cover.is_dir():
                command += ["--tmpfs", str(cover)]
            elif cover.exists():
                command += ["--ro-bind", "/dev/null", str(cover)]
    for path in binds:
        if _inside(path, COURSE_ROOT):
            command += ["--ro-bind", str(path), str(path)]

    for folder in [scratch, *writable]:
        command += ["--bind", str(folder), str(folder)]
    command += ["--chdir", str(workdir)]
    for key, value in sorted(env.items()):
        command += ["--setenv", key, value]
    return [*command, "--"]


def kernel_env(
    home: Path, sandboxed: bool, helpers: Path | None = None, datasets: Path | None = None
) -> dict[str, str]:
    """Environment variables of a grading kernel.

    In the sandbox the environment starts empty (no tokens or credentials of the grader leak
    in); otherwise it is the grader's, as nbgrader would pass it. Numerical libraries use one
    thread each: several kernels run at once, and each thread pool would reserve memory.
    """
    threads = {
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
    }
    course = {}
    if helpers is not None and _real(helpers) != PACKAGE_DIR:
        course["PYTHONPATH"] = str(_real(helpers).parent)  # the course's own course_utils
    if datasets is not None:
        course["CIVIC_CHANNELS_DATA"] = str(_real(datasets))
    if not sandboxed:
        env = {k: v for k, v in os.environ.items() if not k.startswith("JPY_")}
        env.update(threads)
        env.update(course)
        return env
    env = {
        "HOME": str(home),
        "PATH": os.pathsep.join(
            [str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]
        ),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONNOUSERSITE": "1",
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "JPY_PARENT_PID": "1",  # the sandbox's own init; keeps ipykernel from polling a parent
        **threads,
    }
    for key in ("CIVIC_CHANNELS_DATA", "TZ"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(course)
    return env


def launcher_command(memory_mb: int, file_mb: int) -> list[str]:
    """python kernel_launcher.py with the limits, up to the ipykernel arguments."""
    source = _LAUNCHER_PREFIX + LAUNCHER.read_text(encoding="utf-8")
    return [
        sys.executable,
        "-c",
        source,
        "--memory-mb",
        str(memory_mb),
        "--file-mb",
        str(file_mb),
        "--",
        "-f",
        "{connection_file}",
        # no history database: nothing a cell ran (a test included) can be read back from it
        "--HistoryManager.enabled=False",
    ]
