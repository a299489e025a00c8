"""A real seminar hub on this machine, for the end-to-end test and the load benchmark.

    with seminar_hub(participants=3) as hub:
        hub.start_servers(hub.participants)
        hub.user_api(name).post("assignments/fetch", json=...)

Everything is real: JupyterHub 5.5 with the course's hub/jupyterhub_config.py, its
SharedPasswordAuthenticator and LocalProcessSpawner, configurable-http-proxy from npm, one system
user per participant (names with a unique prefix per run), nbgrader's exchange. Everything
listens on free ports of 127.0.0.1. The shared Python environment and the proxy are built with
hub/setup_hub.py's own functions and cached in $CIVIC_CHANNELS_HUB_CACHE (default
/opt/civic-channels-test), rebuilt only when hub/requirements.txt or pyproject.toml change.
On the way out, even after a failure: the hub, the proxy and every process of the run's users
are ended (by process id), the users deleted with their homes, the run's folder removed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("CIVIC_CHANNELS_HUB_CACHE", "/opt/civic-channels-test"))
COURSE_ID = "civic-channels"
SERVICE_SCOPES = ["admin:users", "admin:servers", "tokens", "list:users", "read:users"]
NAMES = ["ann", "ben", "cat", "dan", "eva", "fay", "gus", "hal", "ida", "jon"]


def load_setup_module():
    """hub/setup_hub.py as a module (it is a script, not part of the course package)."""
    spec = importlib.util.spec_from_file_location("setup_hub", ROOT / "hub" / "setup_hub.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("setup_hub", module)
    spec.loader.exec_module(module)
    return module


setup_hub = load_setup_module()


def why_no_hub() -> str | None:
    """None when a real hub can run here; else what is missing and how to get it."""
    if sys.platform != "linux":
        return "the seminar hub test needs Linux"
    if os.geteuid() != 0:
        return "the seminar hub test creates system users: run it as root (CI does)"
    for tool in ("useradd", "userdel"):
        if not shutil.which(tool):
            return f"{tool} is missing (Debian's passwd package)"
    missing = setup_hub.missing_debian_packages()
    if missing:
        return f"`apt-get install {' '.join(missing)}` enables the seminar hub test"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_cache() -> tuple[object, Path]:
    """The shared environment, the public course and the proxy, built once and reused (with
    hub/setup_hub.py's functions); the public course is refreshed from this repository."""
    layout = setup_hub.Layout(env=CACHE / "env", proxy=CACHE / "proxy", public=CACHE / "course")
    with setup_hub.locked(CACHE / ".course.lock"):
        setup_hub.install_public_course(layout)
    setup_hub.build_environment(layout.env, layout.public)
    proxy = setup_hub.install_proxy(layout.proxy)
    return layout, proxy


class API:
    """requests against one base URL with one token."""

    def __init__(self, base: str, token: str, timeout: float = 60):
        self.base, self.timeout = base.rstrip("/") + "/", timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {token}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return self.session.request(method, self.base + path.lstrip("/"), **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return self.request("PUT", path, **kwargs)


@dataclass
class Hub:
    url: str  # the proxy's public address: http://127.0.0.1:PORT
    env: Path
    layout: object  # setup_hub.Layout
    run_dir: Path
    instructor: str
    participants: list[str]
    seminar_password: str
    admin_password: str
    service_token: str
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    # -- the Hub's REST API -------------------------------------------------------------------

    @property
    def api(self) -> API:
        return API(f"{self.url}/hub/api", self.service_token)

    def token_for(self, user: str) -> str:
        if user not in self.tokens:
            response = self.api.post(
                f"users/{user}/tokens", json={"note": "test", "expires_in": 3600}
            )
            assert response.status_code in (200, 201), f"token for {user}: {response.text}"
            self.tokens[user] = response.json()["token"]
        return self.tokens[user]

    def user_api(self, user: str, as_user: str | None = None) -> API:
        """`user`'s server, with the token of `as_user` (default: the same user)."""
        return API(f"{self.url}/user/{user}", self.token_for(as_user or user), timeout=120)

    def start_servers(self, users: list[str], timeout: float = 240) -> dict[str, float]:
        """Start each user's server through the REST API; seconds until each was ready."""
        started = time.monotonic()
        for user in users:
            response = self.api.post(f"users/{user}/server")
            assert response.status_code in (201, 202), f"starting {user}: {response.text}"
        ready: dict[str, float] = {}
        while len(ready) < len(users):
            for user in users:
                if user in ready:
                    continue
                model = self.api.get(f"users/{user}").json()
                server = model.get("servers", {}).get("")
                if server and server.get("ready"):
                    ready[user] = time.monotonic() - started
                elif not model.get("pending") and not server:
                    raise AssertionError(f"{user}'s server did not start:\n{self.log_tail()}")
            if time.monotonic() - started > timeout:
                raise AssertionError(
                    f"servers not ready after {timeout:.0f} s: "
                    f"{sorted(set(users) - set(ready))}\n{self.log_tail()}"
                )
            time.sleep(0.5)
        return ready

    def log_in(self, user: str, password: str) -> requests.Session:
        """The log-in form, as a browser fills it in; the session holds the hub's cookie."""
        session = requests.Session()
        page = session.get(f"{self.url}/hub/login", timeout=60)
        page.raise_for_status()
        response = session.post(
            f"{self.url}/hub/login",
            data={"username": user, "password": password, "_xsrf": session.cookies.get("_xsrf")},
            allow_redirects=False,
            timeout=60,
        )
        session.login_status = response.status_code
        return session

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    # -- as a system user ---------------------------------------------------------------------

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def run_as(
        self, user: str, command: list[str], timeout: float = 300, **kwargs
    ) -> subprocess.CompletedProcess:
        """A command as `user` (own uid and group only), with the hub's environment."""
        entry = pwd.getpwnam(user)
        env = {
            "HOME": entry.pw_dir,
            "USER": user,
            "LOGNAME": user,
            "PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "CIVIC_CHANNELS_EXCHANGE": str(self.layout.exchange),
            "CIVIC_CHANNELS_DATA": str(self.layout.public / "datasets"),
        }
        if user == self.instructor:
            env["CIVIC_CHANNELS_COURSE"] = str(self.course)
        return subprocess.run(
            command,
            user=entry.pw_uid,
            group=entry.pw_gid,
            extra_groups=[],
            env=env,
            cwd=entry.pw_dir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **kwargs,
        )

    def course_command(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """The instructor's `course` command, as the instructor."""
        return self.run_as(self.instructor, [str(self.env / "bin" / "course"), *args], timeout)

    def can_read(self, user: str, path: Path) -> bool:
        """Whether `user` can open `path` (a file) or list it (a folder)."""
        code = (
            "import os, sys; p = sys.argv[1]\n"
            "try:\n"
            "    os.listdir(p) if os.path.isdir(p) else open(p, 'rb').read(1)\n"
            "except PermissionError:\n"
            "    sys.exit(3)\n"
        )
        done = self.run_as(user, ["/usr/bin/python3", "-c", code, str(path)], timeout=30)
        assert done.returncode in (0, 3), f"checking {path} as {user}: {done.stderr}"
        return done.returncode == 0

    @property
    def course(self) -> Path:
        return self.home(self.instructor) / COURSE_ID


@contextlib.contextmanager
def seminar_hub(participants: int = 3, *, spawn_timeout: int = 240) -> Iterator[Hub]:
    """A running seminar hub with an instructor and `participants` participants."""
    cached, proxy = prepare_cache()
    env = cached.env
    prefix = "cc" + secrets.token_hex(3)
    run_dir = Path(tempfile.mkdtemp(prefix=f"civic-hub-{prefix}-"))
    run_dir.chmod(0o755)
    instructor = f"{prefix}_instr"
    names = [
        f"{prefix}_{NAMES[i]}" if i < len(NAMES) else f"{prefix}_p{i:02d}"
        for i in range(participants)
    ]
    created: list[str] = []
    hub: Hub | None = None
    try:
        layout = setup_hub.Layout(
            env=env,
            proxy=cached.proxy,
            public=cached.public,
            etc=run_dir / "etc",
            state=run_dir / "state",
            exchange=run_dir / "exchange",
        )
        setup_hub.prepare_folders(layout)
        datasets = layout.public / "datasets"
        for user in [instructor, *names]:
            setup_hub.create_user(user, "civic-channels hub test")
            created.append(user)
        setup_hub.give_course(instructor)
        for user in [instructor, *names]:
            setup_hub.give_lessons(layout, user)
        folders = setup_hub.write_jupyter_config(layout)
        seminar = setup_hub.ensure_secret(layout.secrets / "seminar-password", 12)
        admin = setup_hub.ensure_secret(layout.secrets / "instructor-password", 32)
        service_token = secrets.token_hex(32)
        setup_hub.write_private(layout.secrets / "service-token", service_token)
        port = free_port()
        settings = setup_hub.HubSettings(
            instructors=[instructor],
            participants=names,
            env=str(env),
            proxy_command=str(proxy),
            exchange=str(layout.exchange),
            datasets=str(datasets),
            jupyter_config=folders,
            state=str(layout.state),
            seminar_password_file=str(layout.secrets / "seminar-password"),
            admin_password_file=str(layout.secrets / "instructor-password"),
            bind_url=f"http://127.0.0.1:{port}",
            hub_port=free_port(),
            proxy_api_port=free_port(),
            spawn_timeout=spawn_timeout,
            services=[
                {
                    "name": "classroom-test",
                    "api_token_file": str(layout.secrets / "service-token"),
                    "scopes": SERVICE_SCOPES,
                }
            ],
        )
        setup_hub.write_settings(layout, settings)
        hub = Hub(
            url=f"http://127.0.0.1:{port}",
            env=env,
            layout=layout,
            run_dir=run_dir,
            instructor=instructor,
            participants=names,
            seminar_password=seminar,
            admin_password=admin,
            service_token=service_token,
            log_path=layout.state / "jupyterhub.log",
        )
        with open(hub.log_path, "w") as log:
            hub.process = subprocess.Popen(
                [str(env / "bin" / "jupyterhub"), "--config", str(layout.config)],
                cwd=layout.state,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={
                    "PATH": f"{env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
                    "LANG": "C.UTF-8",
                    "HOME": "/root",
                },
                start_new_session=True,
            )
        _wait_until_up(hub)
        yield hub
    finally:
        if hub is not None and hub.process is not None:
            _stop(hub)
        for user in created:
            setup_hub.delete_user(user)
        shutil.rmtree(run_dir, ignore_errors=True)


def _wait_until_up(hub: Hub, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise AssertionError(f"JupyterHub stopped at start:\n{hub.log_tail()}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{hub.url}/hub/api/", timeout=5).status_code == 200:
                return
        time.sleep(0.3)
    raise AssertionError(f"JupyterHub did not answer in {timeout:.0f} s:\n{hub.log_tail()}")


def _stop(hub: Hub) -> None:
    """SIGTERM: JupyterHub stops the users' servers and its proxy; then anything left, by id."""
    proxy_pid = None
    with contextlib.suppress(OSError, ValueError):
        proxy_pid = int((hub.layout.state / "proxy.pid").read_text().strip())
    with contextlib.suppress(ProcessLookupError):
        hub.process.send_signal(signal.SIGTERM)
    try:
        hub.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(hub.process.pid, signal.SIGKILL)
        hub.process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(hub.process.pid, signal.SIGKILL)  # anything else of its session
    if proxy_pid:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(proxy_pid, signal.SIGKILL)


def parallel(function, items, workers: int | None = None) -> list:
    """function(item) for every item at once (threads); results in the items' order."""
    with ThreadPoolExecutor(max_workers=workers or len(items) or 1) as pool:
        return list(pool.map(function, items))


def leftovers(hub_prefix_users: list[str], run_dir: Path) -> list[str]:
    """What a finished run left behind: users, their processes, its folder."""
    found = []
    for user in hub_prefix_users:
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(user)
            found.append(f"user {user}")
            found += [f"process {pid} of {user}" for pid in setup_hub.processes_of(entry.pw_uid)]
    if run_dir.exists():
        found.append(f"folder {run_dir}")
    return found


def pids_listening_on(port: int) -> list[int]:
    """Processes holding a listening socket on 127.0.0.1:port (from /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(fields[9])
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    pids.append(int(proc.name))
                    break
    return pids


def parse_json(response: requests.Response) -> dict:
    try:
        return response.json()
    except json.JSONDecodeError:
        return {"status": response.status_code, "text": response.text[:500]}
