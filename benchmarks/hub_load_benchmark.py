"""A seminar's first minutes on one server: 35 participants log in, start JupyterLab, fetch and
submit at once.

    sudo .venv/bin/python benchmarks/hub_load_benchmark.py [--participants 35]    (make benchmark-hub)

A real hub, as in tests/test_hub.py (JupyterHub 5.5 with hub/jupyterhub_config.py,
configurable-http-proxy, one system user per participant, nbgrader's exchange), on free ports of
127.0.0.1; the instructor has released m00 before the clock starts. Then every participant, in
a thread of their own, does what their browser would: the log-in form with the seminar
password, the spawn, JupyterLab's page (the OAuth round trip to their server included), then
"Fetch" and "Submit" in the Assignments tab (cookie and XSRF token, as JupyterLab sends them).

Reported: the time until every participant had JupyterLab open, the slowest participant's wait
(log-in form to JupyterLab), the slowest fetch and submit, the machine's peak memory in use above
what it was before (sampled every 0.2 s) and per participant, and every request that failed.
Results go to benchmarks/results/hub_load_benchmark.json and .md (git-ignored). Needs root;
cleans up like the test (users, processes, folders).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "tests"))

from hub_helpers import COURSE_ID, parallel, seminar_hub, setup_hub, why_no_hub  # noqa: E402

M00 = "m00_getting_started"


def memory_used_bytes() -> int:
    info = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, value = line.split(":", 1)
        info[key] = int(value.split()[0]) * 1024
    return info["MemTotal"] - info["MemAvailable"]


class MemorySampler(threading.Thread):
    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        self.interval, self.peak, self.stop = interval, memory_used_bytes(), threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, memory_used_bytes())
            time.sleep(self.interval)


def rss_of_user(uid: int) -> int:
    total = 0
    for pid in setup_hub.processes_of(uid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def participant(hub, user: str, t0: float) -> dict:
    """One participant's browser: log in, spawn, open JupyterLab, fetch, submit."""
    result: dict = {"user": user, "failures": []}

    def failed(step: str, response) -> None:
        result["failures"].append(f"{step}: HTTP {response.status_code} {response.text[:200]}")

    session = hub.log_in(user, hub.seminar_password)
    result["logged_in"] = time.monotonic() - t0
    if session.login_status != 302:
        result["failures"].append(f"log-in: HTTP {session.login_status}")
        return result
    spawn = session.get(f"{hub.url}/hub/spawn", timeout=300)
    if spawn.status_code != 200:
        failed("spawn", spawn)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # the spawn-pending page polls the same way
        model = hub.api.get(f"users/{user}").json()
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            break
        time.sleep(0.5)
    lab = session.get(f"{hub.url}/user/{user}/lab", timeout=300)
    result["served"] = time.monotonic() - t0
    if lab.status_code != 200 or "jupyter-config-data" not in lab.text:
        failed("JupyterLab", lab)
        return result
    xsrf = next(
        (c.value for c in session.cookies if c.name == "_xsrf" and c.path.startswith("/user/")),
        None,
    )
    headers = {"X-XSRFToken": xsrf} if xsrf else {}
    ids = {"course_id": COURSE_ID, "assignment_id": M00}
    for action in ("fetch", "submit"):
        started = time.monotonic()
        response = session.post(
            f"{hub.url}/user/{user}/assignments/{action}", json=ids, headers=headers, timeout=300
        )
        result[f"{action}_seconds"] = time.monotonic() - started
        try:  # nbgrader answers JSON without saying so (text/html)
            body = json.loads(response.text)
        except ValueError:
            body = {}
        if response.status_code != 200 or not body.get("success"):
            failed(action, response)
    result["done"] = time.monotonic() - t0
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=35)
    args = parser.parse_args(argv)
    reason = why_no_hub()
    if reason:
        print(f"hub_load_benchmark: {reason}", file=sys.stderr)
        return 2
    with seminar_hub(participants=args.participants, spawn_timeout=600) as hub:
        release = hub.course_command("release", M00)
        if release.returncode:
            print(release.stdout, release.stderr, file=sys.stderr)
            return 1
        baseline = memory_used_bytes()
        sampler = MemorySampler()
        sampler.start()
        load_before = os.getloadavg()[0]
        t0 = time.monotonic()
        results = parallel(lambda user: participant(hub, user, t0), hub.participants)
        elapsed = time.monotonic() - t0
        per_user = [rss_of_user(setup_hub.pwd.getpwnam(u).pw_uid) for u in hub.participants]
        sampler.stop.set()
        sampler.join()
        submitted = len(list((hub.layout.exchange / COURSE_ID / "inbound").iterdir()))
    served = [r["served"] for r in results if "served" in r]
    failures = [f"{r['user']}: {f}" for r in results for f in r["failures"]]
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1),
            "python": platform.python_version(),
            "load_average_before": round(load_before, 2),
        },
        "participants": args.participants,
        "seconds_until_all_served": round(max(served, default=float("nan")), 1),
        "slowest_wait_seconds": round(max(served, default=float("nan")), 1),
        "median_wait_seconds": round(statistics.median(served), 1) if served else None,
        "slowest_login_seconds": round(max(r.get("logged_in", 0) for r in results), 1),
        "slowest_fetch_seconds": round(max(r.get("fetch_seconds", 0) for r in results), 2),
        "slowest_submit_seconds": round(max(r.get("submit_seconds", 0) for r in results), 2),
        "seconds_until_all_submitted": round(elapsed, 1),
        "submissions_in_exchange": submitted,
        "peak_memory_above_idle_gib": round((sampler.peak - baseline) / 2**30, 2),
        "memory_per_participant_mib": round(statistics.mean(per_user) / 2**20) if per_user else 0,
        "failed_requests": len(failures),
        "failures": failures,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "hub_load_benchmark.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        f"# Seminar hub under load ({report['when']})",
        "",
        f"{args.participants} participants at once on {report['machine']['cpus']} cores, "
        f"{report['machine']['memory_gib']} GiB",
        "",
        "| measure | value |",
        "|---|---|",
    ]
    lines += [
        f"| {k} | {v} |" for k, v in report.items() if k not in ("machine", "failures", "when")
    ]
    (RESULTS / "hub_load_benchmark.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
