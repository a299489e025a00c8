"""GradingExecute: nbgrader's Execute preprocessor, hardened for untrusted submissions.

nbgrader_config.py puts it in place of nbgrader's own Execute, so `course grade`, `course
release` and a plain `nbgrader autograde` all grade the same way. On top of nbgrader's Execute
(per-cell timeout, errors recorded, a failed test when the kernel reports an error it did not
display) it:

- runs each kernel in a scratch working copy of the submission, without its notebooks (the
  autograded notebook holds the hidden tests), inside a bubblewrap sandbox where available
  (sandbox.py) and under memory, file-size and core-dump limits (kernel_launcher.py);
- installs an integrity guard in the kernel before any student code runs, restores what the
  tests rely on before each graded cell, fails a test if that changed while it ran, and
  forgets each test's source afterwards (guard.py);
- caps each cell's output as it arrives (a cell printing hundreds of megabytes keeps its first
  megabyte and a note);
- keeps going when a cell cannot be stopped after its timeout or kills its kernel: the cell
  gets a clear error, Python is restarted, and the remaining cells run in the fresh kernel.

Every such event is recorded (events.py) for the grading summary.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from queue import Empty
from time import monotonic, sleep

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Enum, Instance, Integer, Unicode

from . import events
from .compat import execute_cell
from .course import Course
from .limits import KernelCgroup, ScratchWatch, descendants, reap_orphans, running
from .sandbox import bwrap_command, kernel_env, launcher_command, readonly_paths, sandbox_status

GUARD_SOURCE = Path(__file__).with_name("guard.py")
GUARD_TIMEOUT = 20  # seconds for the guard's own calls; they take milliseconds
MAX_ERROR_CHARS = 4000
MAX_TRACEBACK_LINES = 200

TIMEOUT_MESSAGE = (
    "This cell was still running after {seconds} seconds, so the grader stopped it "
    "(is there a loop that never ends?). The cells after it still ran."
)
UNSTOPPABLE_MESSAGE = (
    "This cell was still running after {seconds} seconds and could not be stopped, so the grader "
    "restarted Python. The cells after it ran in a fresh session, without the variables made "
    "before this cell."
)
KERNEL_DIED_MESSAGE = (
    "Python stopped while running this cell: the code used more memory than the grader allows "
    "({memory}), or it ended the process. The grader restarted Python; the cells after it "
    "ran in a fresh session, without the variables made before this cell."
)
DISK_MESSAGE = (
    "Python was stopped while running this cell: the notebook wrote more than {limit} of files, "
    "the most the grader allows. The grader restarted Python; the cells after it ran in a fresh "
    "session, without the variables made before this cell."
)
PROCESSES_MESSAGE = (
    "\n[This cell reached the grader's limit of {limit} processes and threads: a loop that "
    "starts processes or threads without end? They were stopped when grading finished.]\n"
)
GUARD_MESSAGE = (
    "The grader could not trust this test: code in the notebook changed the Python session so "
    "that the grader's checks could not run, or changed what the test relies on while it ran. "
    "The test is counted as failed."
)
UNTRUSTED_MESSAGE = (
    "The grader did not run this test: {reasons}. Remove that code from your notebook and "
    "submit again. The test is counted as failed."
)
TRUNCATED_MESSAGE = (
    "\n[The grader kept only the first {limit} of this cell's output: it printed more "
    "({dropped} more were dropped).]\n"
)
INCOMPLETE_MESSAGE = "\n[Some output of this cell did not arrive in time; it may be incomplete.]\n"

_warned_no_sandbox = False


@functools.lru_cache(maxsize=32)
def _read_source(path: str, mtime_ns: int) -> NotebookNode:
    """A source notebook, read once per version (a worker grades many submissions of it)."""
    return nbformat.read(path, as_version=4)


class _OneKernelSpec(KernelSpecManager):
    """A kernel spec manager that knows a single, ready-made kernel spec."""

    spec = Instance(KernelSpec)

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return self.spec


def _size(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_size(v) for v in value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    return len(json.dumps(value, default=str))


def _error_output(ename: str, message: str) -> NotebookNode:
    return NotebookNode(
        output_type="error",
        ename=ename,
        evalue=message,
        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {message}"],
    )


def _stdout(text: str) -> NotebookNode:
    return NotebookNode(output_type="stream", name="stdout", text=text)


def _human_bytes(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count} bytes"


@functools.lru_cache(maxsize=512)
def _python_source(source: str) -> str:
    """Cell source as plain Python (IPython magics and shell escapes transformed away)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:
        return source


@functools.lru_cache(maxsize=512)
def _imports(source: str) -> tuple[str, ...]:
    return tuple(import_statements(source))


def import_statements(source: str) -> list[str]:
    """The top-level import statements of a code cell, one line each (`from x import (a, b)`)."""
    try:
        tree = ast.parse(_python_source(source))
    except SyntaxError:
        return []
    statements = []
    for node in tree.body:
        if isinstance(node, ast.Import) or (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and all(alias.name != "*" for alias in node.names)
        ):
            statements.append(ast.unparse(node))
    return statements


@functools.lru_cache(maxsize=512)
def private_names_assigned(source: str) -> list[str]:
    """Names a (test) cell binds that start with an underscore: the hidden tests' helpers."""
    try:
        tree = ast.parse(_python_source(source))
    except SyntaxError:
        return []
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return sorted(n for n in names if n.startswith("_") and not n.startswith("__"))


def _copy_working_files(source: Path, target: Path) -> None:
    """The submission's own files, without notebooks (the autograded one holds hidden tests)."""
    ignore = shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints")
    if source.is_dir():
        shutil.copytree(source, target, ignore=ignore, symlinks=True)
    else:
        target.mkdir(parents=True)


def _short_temp_dir() -> str | None:
    """/tmp where it exists: the system's temp folder can be too deep for a socket path."""
    return "/tmp" if os.path.isdir("/tmp") and os.access("/tmp", os.W_OK) else None


def _matplotlib_font_cache() -> Path | None:
    """The grader's matplotlib font list, to save each sandboxed kernel from rebuilding it."""
    try:
        import matplotlib
        from matplotlib import font_manager  # noqa: F401 (builds the cache if it is missing)

        found = sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json"))
        return found[-1] if found else None
    except Exception:
        return None


class GradingExecute(Execute):
    """nbgrader's Execute, with a sandbox, resource limits, an integrity guard and an output cap."""

    sandbox = Enum(
        ["auto", "bwrap", "none"],
        default_value="auto",
        help="Where kernels run: 'auto' (bubblewrap if it works here, else unsandboxed with a "
        "warning), 'bwrap' (refuse to grade without it) or 'none'.",
    ).tag(config=True)
    memory_limit_mb = Integer(
        2048, help="Address-space limit of a grading kernel in MB (0: none)."
    ).tag(config=True)
    file_limit_mb = Integer(
        256, help="Largest file a grading kernel may write, in MB (0: none)."
    ).tag(config=True)
    process_limit = Integer(
        256,
        help="Processes and threads a grading kernel and its children may have together "
        "(Linux, where the grader can make a cgroup; 0: no limit).",
    ).tag(config=True)
    scratch_limit_mb = Integer(
        1024, help="Disk space a grading kernel may fill in its scratch folder, in MB (0: none)."
    ).tag(config=True)
    max_cell_output_bytes = Integer(
        1_000_000, help="Output kept per cell (stream text and display data); the rest is dropped."
    ).tag(config=True)
    guard = Bool(
        True, help="Install the integrity guard (guard.py) and run it before each graded cell."
    ).tag(config=True)
    scratch_root = Unicode(
        "",
        help="Folder for the kernels' scratch working copies (default: the system's temp folder).",
    ).tag(config=True)
    ipc_root = Unicode(
        "",
        help="Folder for the kernels' sockets; must be a short path (default: /tmp where it exists).",
    ).tag(config=True)
    shutdown_kernel = Enum(
        ["graceful", "immediate"],
        default_value="immediate",
        help="Grading kernels hold nothing worth saving: stop them at once.",
    ).tag(config=True)

    # -- the notebook -------------------------------------------------------------------------

    def preprocess(self, nb, resources=None, km=None):
        global _warned_no_sandbox
        resources = resources if resources is not None else {}
        metadata = resources.setdefault("metadata", {})
        original_path = metadata.get("path")
        self._status = sandbox_status(self.sandbox)
        if not self._status.isolated and not _warned_no_sandbox:
            self.log.warning(self._status.warning())
            _warned_no_sandbox = True
        self._ipc = None
        self._scratch = Path(tempfile.mkdtemp(prefix="civic-grade-", dir=self.scratch_root or None))
        self._work = self._scratch / "work"
        self._home = self._scratch / "home"
        try:
            if original_path:
                _copy_working_files(Path(original_path), self._work)
            else:
                self._work.mkdir()
            self._home.mkdir()
            if self._status.isolated:
                fonts = _matplotlib_font_cache()
                if fonts is not None:
                    (self._home / "matplotlib").mkdir()
                    shutil.copy2(fonts, self._home / "matplotlib" / fonts.name)
            # the kernel's sockets: a short path (a Unix socket's path is limited to ~100 bytes)
            self._ipc = Path(tempfile.mkdtemp(prefix="cg-", dir=self.ipc_root or _short_temp_dir()))
            self._token = "_" + secrets.token_hex(12)
            self._imports = self._helper_imports(nb, resources)
            self._helpers, self._datasets = self._course_folders()
            self._hidden = self._hidden_paths(resources)
            self._guard_ok = False
            self._original_path = original_path
            metadata["path"] = str(self._work)
            self._cgroup = None
            if self.process_limit > 0:
                memory = self.memory_limit_mb + 512 if self.memory_limit_mb else 0
                self._cgroup = KernelCgroup.create(self.process_limit, memory)
            self._refused = 0
            self._kernel_pids: set[int] = set()
            self._left_running = 0
            self._watch = ScratchWatch(self._scratch, self.scratch_limit_mb, self._stop_kernel)
            with self._watch:
                return super().preprocess(nb, resources, km=km)
        finally:
            self._end_processes()
            if original_path is None:
                metadata.pop("path", None)
            else:
                metadata["path"] = original_path
            shutil.rmtree(self._scratch, ignore_errors=True)
            if getattr(self, "_ipc", None) is not None:
                shutil.rmtree(self._ipc, ignore_errors=True)

    def _kernel_process(self):
        return getattr(getattr(getattr(self, "km", None), "provisioner", None), "process", None)

    def _kernel_tree(self) -> set[int]:
        """The kernel's processes and all they started (its control group, or its descendants)."""
        if getattr(self, "_cgroup", None) is not None:
            return self._cgroup.pids()
        process = self._kernel_process()
        return {process.pid} | descendants(process.pid) if process is not None else set()

    def _note_kernel_processes(self) -> None:
        """Once a kernel answers: its own processes, which are not the notebook's."""
        self._kernel_pids = self._kernel_tree()

    def _stop_kernel(self) -> None:
        """Kill the kernel and all it started (at the end, or from the scratch watch's thread)."""
        if getattr(self, "_cgroup", None) is not None:
            self._cgroup.kill_all()
            return
        process = self._kernel_process()
        pid = getattr(process, "pid", None)
        if not pid:
            return
        if hasattr(os, "killpg"):
            # jupyter_client starts every kernel in a session of its own: its group is its pid
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        for child in descendants(pid):  # the sandbox's processes have a session of their own
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        with contextlib.suppress(OSError):
            process.kill()  # Windows has no process groups

    async def _async_cleanup_kernel(self) -> None:
        """Stop the kernel: at once, then nbclient's own clean-up.

        A grading kernel holds nothing worth a clean shutdown, and jupyter_client checks a dying
        kernel only every 0.1 s: the kernel (with all it started) is killed and waited for
        here, so the clean-up finds it gone.
        """
        try:
            process = self._kernel_process()
            if (
                self.shutdown_kernel == "immediate"
                and process is not None
                and process.poll() is None
            ):
                # what the notebook started and left running, for the summary, before it goes
                own = getattr(self, "_kernel_pids", set())
                tree = self._kernel_tree()
                left = {pid for pid in tree - own if running(pid)}
                self._left_running = max(getattr(self, "_left_running", 0), len(left))
                self._stop_kernel()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)
                deadline = monotonic() + 2  # the kernel's own processes too, before reaping
                while any(running(pid) for pid in tree) and monotonic() < deadline:
                    sleep(0.005)
        finally:
            await super()._async_cleanup_kernel()

    _cleanup_kernel = run_sync(_async_cleanup_kernel)

    def _end_processes(self) -> None:
        """After the notebook: end every process the kernels left behind."""
        if getattr(self, "_cgroup", None) is not None:
            left = self._cgroup.pids()
            self._cgroup.remove()
            self._cgroup = None
        else:
            left = set()
        ended = getattr(self, "_left_running", 0)
        counted = max(len(left) if len(left) > 1 else 0, reap_orphans(), ended)
        if counted:
            events.record(
                "processes-ended",
                "notebook",
                f"{counted} process(es) still running at the end were ended",
            )

    def _fresh_scratch(self) -> None:
        """Empty the scratch folder after the disk limit was hit (the kernel is dead by now)."""
        for folder in (self._work, self._home):
            shutil.rmtree(folder, ignore_errors=True)
        if self._original_path:
            _copy_working_files(Path(self._original_path), self._work)
        else:
            self._work.mkdir()
        self._home.mkdir()

    def _course_folders(self) -> tuple[Path | None, Path | None]:
        """The graded course's own course_utils and datasets (None: the installed ones)."""
        coursedir = self._coursedir()
        if coursedir is None:
            return None, None
        try:
            course = Course.at(coursedir.root)
        except Exception:
            return None, None
        return course.helpers, course.datasets

    def _coursedir(self):
        exporter = getattr(self, "parent", None)
        converter = getattr(exporter, "parent", None)
        return getattr(converter, "coursedir", None)

    def _source_notebook(self, resources) -> NotebookNode | None:
        """The assignment's source notebook (solutions/), which the participant cannot edit."""
        coursedir = self._coursedir()
        info = resources.get("nbgrader", {})
        if coursedir is None or "assignment" not in info or "notebook" not in info:
            return None
        folder = coursedir.format_path(coursedir.source_directory, ".", info["assignment"])
        path = Path(folder) / f"{info['notebook']}.ipynb"
        try:
            return _read_source(str(path), path.stat().st_mtime_ns)
        except Exception:
            return None

    def _helper_imports(self, nb, resources) -> str:
        """Import statements of the set-up and test cells, from the source when it is known."""
        source = self._source_notebook(resources)
        if source is not None:
            cells = [c for c in source.cells if not utils.is_solution(c)]
        else:  # only locked cells of the submission can be trusted
            cells = [c for c in nb.cells if utils.is_locked(c) and not utils.is_solution(c)]
        lines: list[str] = []
        for cell in cells:
            if cell.cell_type == "code":
                lines += [s for s in _imports(cell.source) if s not in lines]
        return "\n".join(lines)

    def _hidden_paths(self, resources) -> list[Path]:
        hidden = []
        coursedir = self._coursedir()
        if coursedir is not None:
            hidden.append(Path(coursedir.root))
        db_url = resources.get("nbgrader", {}).get("db_url", "")
        if db_url.startswith("sqlite:///"):
            hidden.append(Path(db_url[len("sqlite:///") :].split("?")[0]))
        return hidden

    # -- the kernel ---------------------------------------------------------------------------

    def _kernel_spec(self) -> KernelSpec:
        sandboxed = self._status.isolated
        env = kernel_env(self._home, sandboxed, self._helpers, self._datasets)
        launcher = launcher_command(self.memory_limit_mb, self.file_limit_mb)
        wrap = self._cgroup.wrap if self._cgroup is not None else list
        if sandboxed:
            argv = bwrap_command(
                self._scratch,
                self._work,
                env,
                hidden=self._hidden,
                writable=[self._ipc],
                readonly=readonly_paths(self._helpers, self._datasets),
            )
            argv += launcher
            return KernelSpec(
                argv=wrap(argv),
                display_name="Python 3 (grading sandbox)",
                language="python",
                interrupt_mode="message",
            )
        return KernelSpec(argv=wrap(launcher), display_name="Python 3 (grading)", language="python")

    def create_kernel_manager(self):
        kwargs = {
            "kernel_name": "python3",
            "kernel_spec_manager": _OneKernelSpec(spec=self._kernel_spec()),
            "connection_file": str(self._ipc / "connection.json"),
            "config": self.config,
            "client_class": "course_grading.compat.PromptKernelClient",
        }
        if self._status.isolated:
            # no network in the sandbox: talk over IPC sockets in the bound scratch folder
            kwargs.update(transport="ipc", ip=str(self._ipc / "k"))
        self.km = self.kernel_manager_class(**kwargs)
        return self.km

    async def async_start_new_kernel(self, **kwargs):
        if not self._status.isolated:
            env = kernel_env(self._home, False, self._helpers, self._datasets)
            kwargs.setdefault("env", env)
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)

    async def on_notebook_start(self, notebook=None, **kwargs):
        """Install the guard as soon as the kernel is up, before any of the notebook runs."""
        self._guard_ok = False
        self._note_kernel_processes()
        if not self.guard:
            return
        code = (
            GUARD_SOURCE.read_text(encoding="utf-8")
            + f"\ninstall({self._token!r}, {self._imports!r})\n"
        )
        wrapped = f"exec(compile({code!r}, '<grading guard>', 'exec'), {{'__name__': '__guard__'}})"
        reply = await self._async_quiet(wrapped, {})
        self._guard_ok = reply is not None and reply["content"].get("status") == "ok"
        if not self._guard_ok:
            # no student code has run in this kernel yet: this is the grader's problem, and
            # failing every test of every participant would hide it
            content = (reply or {}).get("content", {})
            raise RuntimeError(
                "The grading guard could not start in a fresh kernel "
                f"({content.get('ename', 'no reply')}: {content.get('evalue', '')}); set "
                "c.GradingExecute.guard = False in nbgrader_config.py to grade without it."
            )

    async def _async_quiet(self, code: str, user_expressions: dict) -> dict | None:
        """Run grader code in the kernel without output or history; the reply, or None."""
        msg_id = await ensure_async(
            self.kc.execute(
                code,
                silent=True,
                store_history=False,
                user_expressions=user_expressions,
                allow_stdin=False,
            )
        )
        deadline = monotonic() + GUARD_TIMEOUT
        while monotonic() < deadline:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=1))
            except Empty:
                if not await ensure_async(self.km.is_alive()):
                    return None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    _quiet = run_sync(_async_quiet)

    def _restart_kernel(self) -> None:
        """Throw the kernel away and start a fresh one (with a fresh guard)."""
        try:
            self._cleanup_kernel()
        except Exception as err:
            self.log.warning("Could not stop the old kernel cleanly: %s", err)
        if self._cgroup is not None:
            self._cgroup.kill_all()  # what the old kernel started goes with it
        reap_orphans()
        self.km = None
        self.kc = None
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()
        self._note_kernel_processes()

    async def _async_handle_timeout(self, timeout, cell=None):
        """After `timeout` seconds: interrupt the cell, and give it a plain-language error."""
        self._timed_out = True
        self.log.warning("A cell ran for more than %s s; interrupting it", timeout)
        try:
            await ensure_async(self.km.interrupt_kernel())
        except Exception as err:
            self.log.warning("Could not interrupt the kernel: %s", err)
        message = TIMEOUT_MESSAGE.format(seconds=timeout)
        return {
            "content": {
                "status": "error",
                "ename": "CellTimeoutError",
                "evalue": message,
                "traceback": [f"\x1b[0;31mCellTimeoutError\x1b[0m: {message}"],
            }
        }

    # -- cells --------------------------------------------------------------------------------

    def output(self, outs, msg, display_id, cell_index):
        """Keep outputs until the cell has shown max_cell_output_bytes; drop the rest."""
        content = msg.get("content", {})
        if msg.get("msg_type") == "error":
            content["evalue"] = str(content.get("evalue", ""))[:MAX_ERROR_CHARS]
            traceback = [str(line)[:MAX_ERROR_CHARS] for line in content.get("traceback", [])]
            if len(traceback) > MAX_TRACEBACK_LINES:
                traceback = [*traceback[:20], "...", *traceback[-(MAX_TRACEBACK_LINES - 21) :]]
            content["traceback"] = traceback
            return super().output(outs, msg, display_id, cell_index)
        size = _size(content.get("text", "")) + _size(content.get("data", {}))
        room = self.max_cell_output_bytes - self._cell_bytes
        if size > room:
            if msg.get("msg_type") == "stream" and room > 0:
                content["text"] = content["text"][:room]
                self._dropped_bytes += size - room
                self._cell_bytes = self.max_cell_output_bytes
                return super().output(outs, msg, display_id, cell_index)
            self._dropped_bytes += size
            return None
        self._cell_bytes += size
        return super().output(outs, msg, display_id, cell_index)

    def on_cell_executed(self, **kwargs):
        cell = kwargs["cell"]
        reply = kwargs.get("execute_reply") or {}
        shown = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        super().on_cell_executed(**kwargs)
        failed = reply.get("content", {}).get("status") == "error"
        if failed and not shown and not self._timed_out and utils.is_grade(cell):
            events.record(
                "hidden-error",
                self._label(cell, kwargs.get("cell_index", 0)),
                "the test failed, but the notebook had switched off error display; it is failed",
            )

    @staticmethod
    def _label(cell, index: int) -> str:
        return cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"

    def _check_integrity(self, label: str) -> tuple[bool, list[str]]:
        """Run the guard before a graded cell: (guard ran, reasons not to run the test)."""
        if not self._guard_ok:
            return False, []
        guard = f"__import__('sys').modules[{self._token!r}]"
        # a user expression is evaluated with plain eval: no transformer or hook can rewrite it
        reply = self._quiet("", {"report": f"{guard}.check()"})
        if reply is None:
            self._restart_kernel()  # the guard hung: the session cannot be trusted
            return False, []
        content = reply["content"]
        result = content.get("user_expressions", {}).get("report", {})
        if content.get("status") != "ok" or result.get("status") != "ok":
            return False, []
        try:
            report = ast.literal_eval(result["data"]["text/plain"])
            restored, untrusted = list(report["restored"]), list(report["untrusted"])
        except (KeyError, TypeError, ValueError, SyntaxError):
            return False, []
        if restored:
            events.record(
                "tampering",
                label,
                "restored before grading: " + "; ".join(str(item) for item in restored[:8]),
            )
        if untrusted:
            events.record(
                "untrusted",
                label,
                "test not run: " + "; ".join(str(item) for item in untrusted[:3]),
            )
        return True, [str(item) for item in untrusted]

    def _after_test(self, cell, label: str) -> bool:
        """Check that nothing changed during the test and forget it; False if something did."""
        if not self._guard_ok:
            return False
        guard = f"__import__('sys').modules[{self._token!r}]"
        names = private_names_assigned(cell.source)
        source = _python_source(cell.source)
        reply = self._quiet("", {"changed": f"{guard}.after_test({source!r}, {names!r})"})
        try:
            result = reply["content"]["user_expressions"]["changed"]
            changed = ast.literal_eval(result["data"]["text/plain"])
        except (TypeError, KeyError, ValueError, SyntaxError):
            return False
        if changed:
            events.record(
                "tampering",
                label,
                "changed while the test ran (test failed): "
                + "; ".join(str(item) for item in changed[:8]),
            )
            return False
        return True

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        label = self._label(cell, index)
        graded = utils.is_grade(cell)
        trusted, untrusted = True, []
        if graded and self.guard:
            trusted, untrusted = self._check_integrity(label)
        if untrusted:
            # something in the session could watch the hidden tests or bend them: do not run
            cell.outputs = [
                _error_output(
                    "GradingIntegrityError", UNTRUSTED_MESSAGE.format(reasons="; ".join(untrusted))
                )
            ]
            cell.execution_count = None
            return cell, resources
        self._cell_bytes = 0
        self._dropped_bytes = 0
        self._timed_out = False
        try:
            # a test cell never enters IPython's history (In, _i, the history database and its
            # caches), so no later cell of the notebook can read the hidden tests back
            cell, resources = execute_cell(self, cell, index, resources, store_history=not graded)
        except DeadKernelError:
            if self._watch.full:
                limit = _human_bytes(self.scratch_limit_mb * 2**20)
                cell.outputs.append(_error_output("KernelDied", DISK_MESSAGE.format(limit=limit)))
                events.record("disk-limit", label, f"wrote more than {limit}; Python was stopped")
                self._fresh_scratch()
            else:
                memory = (
                    f"{self.memory_limit_mb} MB" if self.memory_limit_mb else "the machine's memory"
                )
                cell.outputs.append(
                    _error_output("KernelDied", KERNEL_DIED_MESSAGE.format(memory=memory))
                )
                events.record("kernel-died", label)
            self._restart_kernel()
        except CellTimeoutError:
            if self._timed_out:
                cell.outputs = [o for o in cell.outputs if o.get("ename") != "KeyboardInterrupt"]
                cell.outputs = [o for o in cell.outputs if o.get("ename") != "CellTimeoutError"]
                message = UNSTOPPABLE_MESSAGE.format(seconds=self.timeout)
                cell.outputs.append(_error_output("CellTimeoutError", message))
                events.record("timeout-restart", label, f"still running after {self.timeout} s")
                self._restart_kernel()
            else:
                cell.outputs.append(_stdout(INCOMPLETE_MESSAGE))
                events.record("output-incomplete", label)
        else:
            if self._timed_out:
                cell.outputs = [o for o in cell.outputs if o.get("ename") != "KeyboardInterrupt"]
                events.record("timeout", label, f"stopped after {self.timeout} s")
            elif graded and trusted:
                trusted = self._after_test(cell, label)
        if self._dropped_bytes:
            cell.outputs.append(
                _stdout(
                    TRUNCATED_MESSAGE.format(
                        limit=_human_bytes(self.max_cell_output_bytes),
                        dropped=_human_bytes(self._dropped_bytes),
                    )
                )
            )
            events.record(
                "output-truncated", label, f"{_human_bytes(self._dropped_bytes)} of output dropped"
            )
        refused = self._cgroup.limit_reached() if self._cgroup is not None else 0
        if refused > self._refused:
            self._refused = refused
            cell.outputs.append(_stdout(PROCESSES_MESSAGE.format(limit=self.process_limit)))
            events.record("process-limit", label, f"reached {self.process_limit} processes")
        if any(o.get("ename") == "MemoryError" for o in cell.outputs):
            events.record("memory-limit", label, f"reached the {self.memory_limit_mb} MB limit")
        if graded and not trusted:
            cell.outputs.append(_error_output("GradingIntegrityError", GUARD_MESSAGE))
            events.record("guard-failed", label)
        return cell, resources
