"""Small things an instructor would trip over: the report's median, the exchange's permissions,
a required sandbox that cannot start, and what keeps a batch fast (workers, the gradebook's
engine, a kernel without a debugger) without a false note about leftover processes."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import subprocess
import sys
import time

import pytest
from grading_helpers import ROOT
from jupyter_client import BlockingKernelClient
from nbgrader.api import Gradebook

from course_grading.cli import main
from course_grading.course import Course
from course_grading.grade import default_jobs
from course_grading.report import Report, _summary_html
from course_grading.sandbox import SandboxUnavailable, launcher_command, sandbox_status


def _report(percents: list[float]) -> Report:
    rows = [
        {"student": f"p{i}", "assignment": "m00", "percent": p, "status": "graded"}
        for i, p in enumerate(percents)
    ]
    return Report(rows, [], [], 50.0)


def test_the_report_median_of_an_even_count_is_the_mean_of_the_middle_two():
    html = _summary_html(_report([40.0, 60.0]), "t")
    assert "<td>50%</td>" in html


def test_the_exchange_is_writable_by_everyone_whatever_the_umask(tmp_path):
    shutil.copy2(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    old = os.umask(0o022)
    try:
        Course.at(tmp_path)
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "grading" / "exchange").stat().st_mode)
    assert mode == 0o1777, oct(mode)


def test_a_required_sandbox_that_cannot_start_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)  # as on a machine without bwrap
    with pytest.raises(SandboxUnavailable, match="apt-get install -y bubblewrap"):
        sandbox_status("bwrap")


def test_the_course_command_says_so_without_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    shutil.copy2(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    shutil.copytree(
        ROOT / "solutions" / "m00_getting_started", tmp_path / "solutions" / "m00_getting_started"
    )
    status = main(["--course", str(tmp_path), "grade", "m00_getting_started", "--sandbox", "bwrap"])
    err = capsys.readouterr().err
    assert status == 2
    assert "course grade: A sandbox was required" in err and "Traceback" not in err


ORPHANS = """
import os, subprocess, sys, time
from course_grading.limits import become_subreaper, reap_orphans
if not become_subreaper():
    print("no-subreaper")
    sys.exit(0)
exited = subprocess.Popen([sys.executable, "-c", "pass"])  # ends, and is never waited for
running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
exited_pid, running_pid = exited.pid, running.pid  # both Popen objects stay referenced:
# deleting one would reap its process
for _ in range(200):  # until the first has ended (a zombie waiting to be reaped)
    with open(f"/proc/{exited_pid}/stat") as handle:
        if handle.read().rsplit(")", 1)[1].split()[0] == "Z":
            break
    time.sleep(0.02)
print(reap_orphans(), os.path.exists(f"/proc/{exited_pid}"), os.path.exists(f"/proc/{running_pid}"))
"""


def test_ending_leftover_processes_counts_only_those_still_running():
    # a kernel that has ended is reaped without a note; only a running one is "still running"
    done = subprocess.run(
        [sys.executable, "-c", ORPHANS], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    if done.stdout.strip() == "no-subreaper":
        pytest.skip("needs Linux (a child subreaper) to end leftover processes")
    assert done.stdout.split() == ["1", "False", "False"]


def test_one_more_worker_than_cpus_by_default():
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_jobs() == cpus + 1


def test_the_gradebook_reuses_one_database_engine_per_process(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as first:
        first.add_student("amina")
        engine = first.engine
    with Gradebook(url) as second:
        assert second.engine is engine  # compiled queries are kept between openings
        assert [s.id for s in second.students] == ["amina"]
    forked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, course_grading.compat as c, nbgrader.api as a\n"
            f"e = a.Gradebook({url!r}).engine\n"
            "pid = os.fork()\n"
            "if pid == 0:\n"
            f"    os._exit(0 if a.Gradebook({url!r}).engine is not e else 1)\n"
            "print(os.waitpid(pid, 0)[1])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert forked.stdout.strip() == "0", forked.stderr  # a forked worker opens its own


def test_an_in_memory_gradebook_is_never_shared():
    # an in-memory database lives in its connection: a shared engine's dispose would wipe it
    with Gradebook("sqlite:///:memory:") as outer:
        outer.add_student("amina")
        with Gradebook("sqlite:///:memory:") as inner:
            assert inner.engine is not outer.engine
        assert [s.id for s in outer.students] == ["amina"]


THREADS_OUTLIVE_MAIN = """
import ctypes, os, sys, threading, time
from course_grading.limits import become_subreaper, reap_orphans
if not become_subreaper():
    print("no-subreaper")
    sys.exit(0)
pid = os.fork()
if pid == 0:  # a child whose main thread ends while another thread runs on
    threading.Thread(target=time.sleep, args=(60,)).start()
    ctypes.CDLL(None).pthread_exit(None)
time.sleep(0.5)
print(reap_orphans(), os.path.exists(f"/proc/{pid}/task"))
"""


def test_a_process_whose_main_thread_ended_is_still_ended():
    done = subprocess.run(
        [sys.executable, "-c", THREADS_OUTLIVE_MAIN],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    if done.stdout.strip() == "no-subreaper":
        pytest.skip("needs Linux (a child subreaper) to end leftover processes")
    assert done.stdout.split() == ["1", "False"]


def test_a_grading_kernel_has_no_debugger(tmp_path):
    # nothing may step through the hidden tests, and importing debugpy slowed every kernel
    connection = tmp_path / "kernel.json"
    command = [p.replace("{connection_file}", str(connection)) for p in launcher_command(0, 0)]
    kernel = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path
    )
    client = BlockingKernelClient(connection_file=str(connection))
    try:
        deadline = time.monotonic() + 60
        while not (connection.exists() and connection.stat().st_size):
            assert time.monotonic() < deadline and kernel.poll() is None, "no kernel started"
            time.sleep(0.05)
        client.load_connection_file()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        info = client.kernel_info(reply=True, timeout=60)
        content = info["content"]
        assert not content.get("debugger") and "debugger" not in content.get(
            "supported_features", []
        )
        reply = client.execute_interactive(
            "import sys", user_expressions={"d": "sys.modules.get('debugpy', 0)"}, timeout=60
        )
        assert reply["content"]["user_expressions"]["d"]["data"]["text/plain"] == "None"
    finally:
        client.stop_channels()
        kernel.kill()
        kernel.wait(timeout=30)


def test_a_grading_kernel_is_ready_without_the_idle_wait(monkeypatch):
    # jupyter_client reads IOPub until 0.2 s pass in silence after every kernel start; the
    # grader's client stops waiting 0.02 s after the last message, and puts the channel back
    from jupyter_client.channels import AsyncZMQSocketChannel
    from jupyter_client.manager import AsyncKernelManager

    waits: list[float | None] = []
    original = AsyncZMQSocketChannel.get_msg

    async def recording(self, timeout=None):
        waits.append(timeout)
        return await original(self, timeout=timeout)

    monkeypatch.setattr(AsyncZMQSocketChannel, "get_msg", recording)

    async def start_and_run():
        manager = AsyncKernelManager(client_class="course_grading.compat.PromptKernelClient")
        await manager.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = None
        try:
            client = manager.client()
            client.start_channels()
            await client.wait_for_ready(timeout=60)
            waited = list(waits)
            reply = await client.execute_interactive("21 * 2", timeout=60)
            return client, waited, reply
        finally:
            if client is not None:
                client.stop_channels()
            await manager.shutdown_kernel(now=True)

    client, waited, reply = asyncio.run(start_and_run())
    assert type(client).__name__ == "PromptKernelClient"
    assert reply["content"]["status"] == "ok"
    assert "get_msg" not in vars(client.iopub_channel)
    assert 0.2 in waited, waited  # the check that IOPub is connected keeps its full wait
    assert waited[-1] == 0.02, waited  # the last read: a short one, which found nothing
