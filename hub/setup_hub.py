#!/usr/bin/python3
"""Set up the seminar's JupyterHub on one Debian/Ubuntu server, from this repository.

    sudo python3 hub/setup_hub.py setup --participants participants.csv --instructor aigul
    sudo python3 hub/setup_hub.py check participants.csv      # only check the CSV
    sudo python3 hub/setup_hub.py environment                 # (re)build the shared Python only

`setup` does everything, and is safe to run again (after `git pull`, or with a longer CSV):

1. installs what is missing from Debian: python3-venv, nodejs, npm;
2. builds the shared Python environment in /opt/civic-channels/env from Debian's /usr/bin/python3
   (JupyterHub 5.5, JupyterLab, nbgrader, the Russian language pack and the course itself;
   rebuilt only when hub/requirements.txt or pyproject.toml change);
3. installs configurable-http-proxy from npm, pinned to a version that runs on the installed Node;
4. creates one system user per participant and the instructor (homes private: mode 0700), copies
   the lessons into each home (~/notebooks) and the whole course, with solutions, into the
   instructor's only (~/civic-channels);
5. creates nbgrader's exchange (/srv/civic-channels/exchange, writable by all, sticky);
6. writes the hub's settings to /etc/civic-channels/ (hub.json, jupyterhub_config.py, the
   participants' and the instructor's Jupyter settings, the passwords, readable by root only);
7. installs and starts a systemd service, civic-channels-hub (where there is systemd).

It uses only Python's standard library, so Debian's python3 runs it on a fresh server. The
end-to-end test (tests/test_hub.py) and the load benchmark use the same functions.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import fcntl
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HUB_DIR = REPO / "hub"
COURSE_ID = "civic-channels"
DEBIAN_PYTHON = Path("/usr/bin/python3")
# configurable-http-proxy from npm, by the major version of Node it runs on (checked here:
# 5.x needs Node >= 20; 4.6.3 runs on Debian 12's Node 18).
PROXY_VERSIONS = {20: "5.2.0", 18: "4.6.3"}
# What the instructor's copy of the course holds (the participants' homes get the lessons only).
COURSE_PARTS = (
    ".jupyter",
    "README.md",
    "pyproject.toml",
    "nbgrader_config.py",
    "course_utils",
    "datasets",
    "notebooks",
    "solutions",
    "exercises",
    "docs",
)
# The course package: what `pip install` of the course needs.
PACKAGE_PARTS = ("pyproject.toml", "README.md", "course_utils", "course_grading")
USERNAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# nbgrader's panels participants should not see (the instructor's server keeps them).
INSTRUCTOR_ONLY_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)
INSTRUCTOR_ONLY_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
SEMINAR_PASSWORD_LENGTH = 8  # JupyterHub's SharedPasswordAuthenticator's minimum
ADMIN_PASSWORD_LENGTH = 32  # ... and for the admin (instructor) password


class SetupError(Exception):
    """Something the person running the set-up has to fix; the message says what."""


def log(message: str) -> None:
    print(f"[civic-channels hub] {message}", flush=True)


# -- participants ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    username: str
    name: str = ""


def read_participants(path: Path | str) -> list[Participant]:
    """The participants' CSV: a `username` column (required) and a `name` column (optional).

    A username becomes a Linux account and the participant's id in the gradebook: lower-case
    Latin letters, digits and `_`, starting with a letter, at most 32 characters. Errors name the
    file and row and say what to do; all of them are reported at once.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SetupError(f"{path}: cannot read the participants' CSV ({err.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SetupError(
            f"{path}: not UTF-8 text. Save it from Excel as 'CSV UTF-8 (comma delimited)'."
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise SetupError(f"{path}: empty. The first row must be the header: username,name")
    dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    reader = csv.DictReader(lines, dialect=dialect)
    columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
    if "username" not in columns:
        raise SetupError(
            f"{path}, row 1: no 'username' column (found: {', '.join(columns) or 'nothing'}). "
            "The first row must be the header: username,name"
        )
    participants, errors, seen = [], [], {}
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        username, name = row.get("username", ""), row.get("name", "")
        if not username and not name:
            continue  # a blank line
        where = f"{path}, row {number}"
        if not username:
            errors.append(f"{where}: no username for {name!r}; add one, e.g. {_suggest(name)!r}")
            continue
        if not USERNAME.match(username):
            errors.append(
                f"{where}: {username!r} is not a usable username: use lower-case Latin letters, "
                f"digits and _, starting with a letter, at most 32 characters "
                f"(e.g. {_suggest(name or username)!r})"
            )
            continue
        if username in seen:
            errors.append(f"{where}: {username!r} is already on row {seen[username]}")
            continue
        seen[username] = number
        participants.append(Participant(username, name))
    if errors:
        raise SetupError("\n".join(errors))
    if not participants:
        raise SetupError(f"{path}: no participants (only the header row).")
    return participants


def _suggest(text: str) -> str:
    latin = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not latin or not latin[0].isalpha():
        return "participant_01"
    return latin[:32]


# -- system users ----------------------------------------------------------------------------


def user_exists(username: str) -> bool:
    try:
        pwd.getpwnam(username)
    except KeyError:
        return False
    return True


def create_user(username: str, comment: str = "") -> Path:
    """A system account with a private home (mode 0700) and no password (no shell log-in)."""
    if user_exists(username):
        entry = pwd.getpwnam(username)
        if entry.pw_uid < 1000:
            raise SetupError(
                f"{username!r} is a system account (uid {entry.pw_uid}): pick another username."
            )
    else:
        command = ["useradd", "--create-home", "--user-group", "--shell", "/bin/bash"]
        command += ["--key", "HOME_MODE=0700"]
        if comment:
            command += ["--comment", comment.replace(":", " ")]
        run([*command, username])
    home = Path(pwd.getpwnam(username).pw_dir)
    home.chmod(0o700)
    return home


def delete_user(username: str) -> None:
    """End the account's processes (by id), then remove the account and its home."""
    try:
        uid = pwd.getpwnam(username).pw_uid
    except KeyError:
        return
    for attempt in range(20):
        pids = processes_of(uid)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGTERM if attempt < 5 else signal.SIGKILL)
        time.sleep(0.25)
    subprocess.run(["userdel", "--remove", username], capture_output=True, check=False)
    with contextlib.suppress(FileNotFoundError):  # userdel leaves the mail spool's absence noisy
        Path("/var/mail", username).unlink()


def processes_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
    return pids


def copy_owned(source: Path, target: Path, username: str) -> None:
    """Copy a file or folder into a user's home, owned by that user."""
    entry = pwd.getpwnam(username)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=_IGNORED)
    else:
        shutil.copy2(source, target)
    for path in [target, *(target.rglob("*") if target.is_dir() else [])]:
        os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)


_IGNORED = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")


# -- the shared Python environment ----------------------------------------------------------


def course_requirements() -> str:
    """The course package's dependencies as pyproject.toml lists them (not its other settings)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {
        "build": project.get("build-system", {}).get("requires", []),
        "python": project["project"].get("requires-python", ""),
        "dependencies": project["project"].get("dependencies", []),
    }
    return json.dumps(wanted, sort_keys=True)


def requirements_hash() -> str:
    """What decides whether the environment must be rebuilt (not the course's own code)."""
    digest = hashlib.sha256((HUB_DIR / "requirements.txt").read_bytes())
    digest.update(course_requirements().encode())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_readable_python(python: Path = DEBIAN_PYTHON) -> None:
    if not python.exists():
        raise SetupError(
            f"{python} not found: install Debian's Python (`apt-get install python3 python3-venv`)."
        )
    for parent in python.resolve().parents:
        if parent.stat().st_mode & 0o005 != 0o005:
            raise SetupError(
                f"{python} lies under {parent}, which other users cannot enter: participants' "
                "servers could not run it. Use Debian's /usr/bin/python3."
            )


def build_environment(env: Path, course: Path, *, python: Path = DEBIAN_PYTHON) -> Path:
    """The shared environment in `env`, built from Debian's Python, rebuilt only when the
    requirements change; the course package in it is installed in editable mode from `course`
    (the public copy of the course, install_public_course), so refreshing that copy updates it.

    Editable, as in a developer's `make test` set-up: the grader then knows the course folder
    apart from the environment's site-packages (its sandbox hides the course folder).
    """
    check_readable_python(python)
    with locked(env.parent / f".{env.name}.lock"):
        stamp = env / ".requirements-stamp"
        wanted = requirements_hash()
        if not (stamp.exists() and stamp.read_text() == wanted):
            if env.exists():
                log(f"the requirements changed: rebuilding {env}")
                shutil.rmtree(env)
            log(f"building the shared Python environment in {env} (a few minutes the first time)")
            env.parent.mkdir(parents=True, exist_ok=True)
            env.parent.chmod(0o755)
            run([str(python), "-m", "venv", str(env)])
            with _package_copy() as package:  # the course's dependencies, from pyproject.toml
                _pip(env, "-r", str(HUB_DIR / "requirements.txt"), str(package))
            stamp.write_text(wanted)
        course_stamp = env / ".course-stamp"
        wanted = f"{course.resolve()} {requirements_hash()}"
        if not (course_stamp.exists() and course_stamp.read_text() == wanted):
            log(f"installing the course's helpers and grader from {course} (editable)")
            _pip(env, "--no-deps", "--no-build-isolation", "--force-reinstall", "-e", str(course))
            course_stamp.write_text(wanted)
        _make_world_readable(env)
    return env


def compile_translations(env: Path, course: Path) -> None:
    """The Russian and Kazakh catalogs of the public course, compiled once for every participant
    (course_utils.catalogs; a participant's kernel would otherwise compile them in memory)."""
    run([str(env / "bin" / "python"), "-m", "course_utils.catalogs", "compile"], cwd=course)
    _make_world_readable(course / "course_utils" / "locale")


def _pip(env: Path, *args: str) -> None:
    python = str(env / "bin" / "python")
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args])


@contextlib.contextmanager
def _package_copy() -> Iterator[Path]:
    """The course package's files in a scratch folder (pip builds there, not in the repo)."""
    with tempfile.TemporaryDirectory(prefix="civic-package-") as tmp:
        for part in PACKAGE_PARTS:
            source, target = REPO / part, Path(tmp) / part
            if source.is_dir():
                shutil.copytree(source, target, ignore=_IGNORED)
            else:
                shutil.copy2(source, target)
        yield Path(tmp)


def _make_world_readable(root: Path) -> None:
    run(["chmod", "-R", "a+rX,go-w", str(root)])


# -- configurable-http-proxy -----------------------------------------------------------------


def node_major() -> int | None:
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        return None
    out = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    match = re.match(r"v(\d+)", out.stdout.strip())
    return int(match.group(1)) if match else None


def proxy_version(major: int | None = None) -> str:
    major = node_major() if major is None else major
    if major is None:
        raise SetupError(
            "Node.js is not installed: `apt-get install nodejs npm` (configurable-http-proxy, "
            "JupyterHub's proxy, runs on it)."
        )
    for minimum, version in sorted(PROXY_VERSIONS.items(), reverse=True):
        if major >= minimum:
            return version
    raise SetupError(f"Node.js {major} is too old for configurable-http-proxy: Node 18 or newer.")


def install_proxy(folder: Path) -> Path:
    """configurable-http-proxy from npm, pinned, in `folder`; returns its command."""
    version = proxy_version()
    command = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    package = folder / "node_modules" / "configurable-http-proxy" / "package.json"
    with locked(folder.parent / f".{folder.name}.lock"):
        with contextlib.suppress(OSError, ValueError):
            if json.loads(package.read_text())["version"] == version and command.exists():
                return command
        npm = shutil.which("npm")
        if not npm:
            raise SetupError("npm is not installed: `apt-get install npm`.")
        log(f"installing configurable-http-proxy {version} from npm into {folder}")
        folder.mkdir(parents=True, exist_ok=True)
        run(
            [
                npm,
                "install",
                "--prefix",
                str(folder),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"configurable-http-proxy@{version}",
            ]
        )
        _make_world_readable(folder)
    return command


# -- the hub's layout and settings -----------------------------------------------------------


@dataclass
class Layout:
    """Where everything of one hub lives (the defaults are a real server's)."""

    env: Path = Path("/opt/civic-channels/env")
    proxy: Path = Path("/opt/civic-channels/proxy")
    public: Path = Path("/opt/civic-channels/course")  # lessons and datasets, read-only for all
    etc: Path = Path("/etc/civic-channels")  # settings; secrets/ in it is root's only
    state: Path = Path("/var/lib/civic-channels")  # the hub's database and cookie secret
    exchange: Path = Path("/srv/civic-channels/exchange")

    @property
    def jupyter_config(self) -> Path:
        return self.etc / "jupyter"

    @property
    def secrets(self) -> Path:
        return self.etc / "secrets"

    @property
    def settings(self) -> Path:
        return self.etc / "hub.json"

    @property
    def config(self) -> Path:
        return self.etc / "jupyterhub_config.py"


@dataclass
class HubSettings:
    """What jupyterhub_config.py reads (hub.json)."""

    instructors: list[str]
    participants: list[str]
    env: str
    proxy_command: str
    exchange: str
    datasets: str
    jupyter_config: dict[str, str]
    state: str
    seminar_password_file: str
    admin_password_file: str
    course_id: str = COURSE_ID
    bind_url: str = "http://127.0.0.1:8000"
    hub_port: int = 8081
    proxy_api_port: int = 8001
    ssl_cert: str | None = None
    ssl_key: str | None = None
    language: str = "en"
    spawn_timeout: int = 180
    concurrent_spawn_limit: int = 100
    # API services (name, api_token_file, scopes): the tests and the load benchmark use one
    services: list[dict] = field(default_factory=list)


def prepare_folders(layout: Layout) -> None:
    for folder in (layout.etc, layout.jupyter_config, layout.public):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o755)
    for folder in (layout.secrets, layout.state):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
    prepare_exchange(layout.exchange)


def prepare_exchange(exchange: Path) -> None:
    """nbgrader's exchange root: writable by all, sticky (like /tmp), as nbgrader requires.

    nbgrader itself makes <root>/civic-channels/inbound (2733: participants write, cannot list)
    and outbound (0755) when the instructor first releases.
    """
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.parent.chmod(0o755)
    exchange.chmod(0o1777)


def ensure_secret(path: Path, length: int, *, alphabet: str | None = None) -> str:
    """A password kept in a root-only file: made once, then reused."""
    if path.exists():
        value = path.read_text().strip()
        if len(value) >= length:
            return value
    alphabet = alphabet or "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    value = "".join(secrets.choice(alphabet) for _ in range(length))
    write_private(path, value + "\n")
    return value


def write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    path.chmod(0o600)


def set_password(path: Path, password: str, minimum: int, what: str) -> None:
    if len(password) < minimum:
        raise SetupError(f"the {what} must have at least {minimum} characters.")
    write_private(path, password + "\n")


SERVER_CONFIG = '''"""JupyterLab on the seminar hub: the course's settings (as .jupyter/ in the course).

Written by hub/setup_hub.py. The start page and the address come from the hub.
"""

c = get_config()  # noqa: F821
# No "Would you like to receive official Jupyter news?" pop-up and no update checks.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
'''


# Fetched exercises land in ~/exercises/<assignment>/, next to ~/notebooks/: where the start
# page's "exercise" links (../exercises/...) point, as in the course folder. Absolute, because
# nbgrader resolves it from inside that folder; created here, because nbgrader changes into it.
PARTICIPANT_ASSIGNMENT_DIR = (
    "import os\n"
    'c.Exchange.assignment_dir = os.path.join(os.path.expanduser("~"), "exercises")\n'
    "os.makedirs(c.Exchange.assignment_dir, exist_ok=True)\n"
)


def write_jupyter_config(layout: Layout, language: str = "en") -> dict[str, str]:
    """The participants' and the instructor's Jupyter settings (JUPYTER_CONFIG_PATH of each).

    Both: the course's own settings (.jupyter/), nbgrader's course id and exchange, JupyterLab's
    language. Participants: nbgrader's Assignments tab and Validate, not Formgrader.
    """
    folders = {}
    overrides = json.loads(
        (REPO / ".jupyter" / "labconfig" / "default_setting_overrides.json").read_text()
    )
    if language == "ru":
        overrides["@jupyterlab/translation-extension:plugin"] = {"locale": "ru_RU"}
    for role in ("participant", "instructor"):
        folder = layout.jupyter_config / role
        (folder / "labconfig").mkdir(parents=True, exist_ok=True)
        (folder / "jupyter_server_config.py").write_text(SERVER_CONFIG)
        server: dict = {"ServerApp": {"jpserver_extensions": {}}}
        page: dict = {"disabledExtensions": {}}
        if role == "participant":
            for extension in INSTRUCTOR_ONLY_SERVER_EXTENSIONS:
                server["ServerApp"]["jpserver_extensions"][extension] = False
            for plugin in INSTRUCTOR_ONLY_LAB_PLUGINS:
                page["disabledExtensions"][plugin] = True
        _write_json(folder / "jupyter_server_config.json", server)
        _write_json(folder / "labconfig" / "page_config.json", page)
        _write_json(folder / "labconfig" / "default_setting_overrides.json", overrides)
        (folder / "nbgrader_config.py").write_text(
            '"""nbgrader on the seminar hub: the course and its exchange (written by '
            'hub/setup_hub.py)."""\n\n'
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
            f"c.Exchange.root = {str(layout.exchange)!r}\n"
            + (PARTICIPANT_ASSIGNMENT_DIR if role == "participant" else "")
        )
        _make_world_readable(folder)
        folders[role] = str(folder)
    return folders


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def install_public_course(layout: Layout) -> Path:
    """The course without solutions, read-only for everyone: the helpers and the grader the
    shared environment runs (course_utils, course_grading), the lessons and the datasets.
    Never solutions/ or grading/. Returns the datasets folder."""
    layout.public.mkdir(parents=True, exist_ok=True)
    for part in (*PACKAGE_PARTS, "datasets", "notebooks"):
        source, target = REPO / part, layout.public / part
        if source.is_dir():
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=_IGNORED)
        else:
            shutil.copy2(source, target)
    _make_world_readable(layout.public)
    return layout.public / "datasets"


def give_lessons(layout: Layout, user: str) -> None:
    """A participant's own copy of the lessons, ~/notebooks (the course website's "Run it
    yourself" pages say so), made once: later runs never touch their work."""
    target = Path(pwd.getpwnam(user).pw_dir) / "notebooks"
    if not target.exists():
        copy_owned(layout.public / "notebooks", target, user)


def give_course(instructor: str) -> Path:
    """The instructor's own copy of the course (with solutions), in their private home.

    Also ~/nbgrader_config.py, which loads the course's: Formgrader reads the folder the server
    starts in. An existing course folder is left as it is (it holds the grades).
    """
    home = Path(pwd.getpwnam(instructor).pw_dir)
    course = home / COURSE_ID
    if not (course / "nbgrader_config.py").exists():
        course.mkdir(exist_ok=True)
        for part in COURSE_PARTS:
            copy_owned(REPO / part, course / part, instructor)
        os.chown(course, *_ids(instructor))
    config = home / "nbgrader_config.py"
    config.write_text(
        '"""The instructor\'s nbgrader settings: the course in ~/civic-channels (written by '
        'hub/setup_hub.py)."""\n\n'
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig('nbgrader_config.py', path={str(course)!r})  # noqa: F821\n"
    )
    os.chown(config, *_ids(instructor))
    return course


def _ids(username: str) -> tuple[int, int]:
    entry = pwd.getpwnam(username)
    return entry.pw_uid, entry.pw_gid


def write_settings(layout: Layout, settings: HubSettings) -> None:
    _write_json(layout.settings, asdict(settings))
    layout.settings.chmod(0o644)
    shutil.copy2(HUB_DIR / "jupyterhub_config.py", layout.config)
    layout.config.chmod(0o644)


def write_profile(layout: Layout, path: Path = Path("/etc/profile.d/civic-channels.sh")) -> None:
    """The same environment in a terminal or an ssh session as on the hub."""
    path.write_text(
        "# Civic Channels seminar hub (written by hub/setup_hub.py)\n"
        f'export PATH="{layout.env}/bin:$PATH"\n'
        f'export CIVIC_CHANNELS_EXCHANGE="{layout.exchange}"\n'
        f'export CIVIC_CHANNELS_DATA="{layout.public / "datasets"}"\n'
        f'if [ -f "$HOME/{COURSE_ID}/nbgrader_config.py" ] && [ -d "$HOME/{COURSE_ID}/solutions" ]; then\n'
        f'  export CIVIC_CHANNELS_COURSE="$HOME/{COURSE_ID}"\n'
        "fi\n"
    )
    path.chmod(0o644)


SERVICE = """[Unit]
Description=Civic Channels seminar JupyterHub
After=network.target

[Service]
User=root
WorkingDirectory={state}
ExecStart={env}/bin/jupyterhub --config {config}
Restart=on-failure

[Install]
WantedBy=multi-user.target
"""


def install_service(layout: Layout) -> bool:
    """A systemd service that starts the hub at boot; False where there is no systemd."""
    if not shutil.which("systemctl") or not Path("/run/systemd/system").exists():
        return False
    unit = Path("/etc/systemd/system/civic-channels-hub.service")
    unit.write_text(SERVICE.format(state=layout.state, env=layout.env, config=layout.config))
    run(["systemctl", "daemon-reload"])
    run(["systemctl", "enable", "civic-channels-hub"])
    run(["systemctl", "restart", "civic-channels-hub"])
    return True


# -- helpers ---------------------------------------------------------------------------------


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command; on failure a SetupError with its output."""
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()[-3000:]
        raise SetupError(f"`{' '.join(command)}` failed (exit {done.returncode}):\n{output}")
    return done


def missing_debian_packages() -> list[str]:
    packages = []
    if subprocess.run(
        [str(DEBIAN_PYTHON), "-c", "import ensurepip, venv"], capture_output=True, check=False
    ).returncode:
        packages.append("python3-venv")
    if not (shutil.which("node") or shutil.which("nodejs")):
        packages.append("nodejs")
    if not shutil.which("npm"):
        packages.append("npm")
    return packages


def install_debian_packages() -> None:
    packages = missing_debian_packages()
    if not packages:
        return
    if not shutil.which("apt-get"):
        raise SetupError(f"please install {', '.join(packages)} (no apt-get here).")
    log(f"installing {', '.join(packages)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-q"], env=env)
    run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], env=env)


def require_root() -> None:
    if sys.platform != "linux":
        raise SetupError("the seminar hub runs on Linux (Debian or Ubuntu).")
    if os.geteuid() != 0:
        raise SetupError("run it as root: it creates users and folders (`sudo python3 ...`).")


# -- commands --------------------------------------------------------------------------------


def setup(args: argparse.Namespace) -> int:
    participants = read_participants(args.participants)
    instructor = args.instructor
    if not USERNAME.match(instructor):
        raise SetupError(
            f"--instructor {instructor!r}: use lower-case Latin letters, digits and _, starting "
            "with a letter."
        )
    if instructor in {p.username for p in participants}:
        raise SetupError(
            f"{args.participants}: the instructor {instructor!r} is also listed as a participant; "
            "remove that row."
        )
    require_root()
    layout = Layout()
    if not args.no_apt:
        install_debian_packages()
    prepare_folders(layout)
    datasets = install_public_course(layout)
    build_environment(layout.env, layout.public)
    compile_translations(layout.env, layout.public)
    proxy = install_proxy(layout.proxy)
    log(f"creating the accounts of {len(participants)} participants and the instructor")
    create_user(instructor, "Civic Channels instructor")
    give_course(instructor)
    give_lessons(layout, instructor)
    for participant in participants:
        create_user(participant.username, participant.name)
        give_lessons(layout, participant.username)
    folders = write_jupyter_config(layout, args.language)
    seminar_file = layout.secrets / "seminar-password"
    admin_file = layout.secrets / "instructor-password"
    if args.seminar_password:
        set_password(
            seminar_file, args.seminar_password, SEMINAR_PASSWORD_LENGTH, "seminar password"
        )
    seminar = ensure_secret(seminar_file, 10)
    ensure_secret(admin_file, ADMIN_PASSWORD_LENGTH)
    settings = HubSettings(
        instructors=[instructor],
        participants=[p.username for p in participants],
        env=str(layout.env),
        proxy_command=str(proxy),
        exchange=str(layout.exchange),
        datasets=str(datasets),
        jupyter_config=folders,
        state=str(layout.state),
        seminar_password_file=str(seminar_file),
        admin_password_file=str(admin_file),
        bind_url=f"{'https' if args.ssl_cert else 'http'}://{args.ip}:{args.port}",
        ssl_cert=str(args.ssl_cert) if args.ssl_cert else None,
        ssl_key=str(args.ssl_key) if args.ssl_key else None,
        language=args.language,
    )
    write_settings(layout, settings)
    write_profile(layout)
    started = False if args.no_service else install_service(layout)
    host = args.ip if args.ip not in ("0.0.0.0", "::") else os.uname().nodename
    log("done.")
    print(
        f"""
The seminar hub:      {settings.bind_url.replace(args.ip, host)}
Participants log in:  their username (from {args.participants}) and the seminar password
                      {seminar}
The instructor logs in as {instructor!r} with the instructor's password, kept in {admin_file}
                      (show it: sudo cat {admin_file})
Settings:             {layout.settings} (rerun this command after changing the CSV)
"""
    )
    if started:
        print("The hub runs as the systemd service civic-channels-hub (systemctl status ...).")
    else:
        print(
            "Start the hub (no systemd service installed):\n"
            f"  cd {layout.state} && {layout.env}/bin/jupyterhub --config {layout.config}"
        )
    return 0


def check(args: argparse.Namespace) -> int:
    participants = read_participants(args.participants)
    print(f"{args.participants}: {len(participants)} participants, all usable.")
    return 0


def environment(args: argparse.Namespace) -> int:
    require_root()
    layout = Layout(env=args.prefix / "env", public=args.prefix / "course")
    install_public_course(layout)
    build_environment(layout.env, layout.public)
    install_proxy(args.prefix / "proxy")
    log(f"ready: {args.prefix / 'env'} and {args.prefix / 'proxy'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="setup_hub.py",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    do = sub.add_parser("setup", help="set up (or update) the seminar hub on this server")
    do.add_argument(
        "--participants", type=Path, required=True, metavar="CSV", help="columns username,name"
    )
    do.add_argument(
        "--instructor", required=True, metavar="USERNAME", help="the instructor's account (admin)"
    )
    do.add_argument(
        "--ip", default="0.0.0.0", help="address the hub listens on (default: %(default)s)"
    )
    do.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    do.add_argument("--ssl-cert", type=Path, help="TLS certificate (PEM) for https")
    do.add_argument("--ssl-key", type=Path, help="its private key")
    do.add_argument(
        "--seminar-password", help="the participants' shared password (default: generated)"
    )
    do.add_argument(
        "--language", choices=["en", "ru"], default="en", help="JupyterLab's default language"
    )
    do.add_argument("--no-apt", action="store_true", help="do not install Debian packages")
    do.add_argument("--no-service", action="store_true", help="do not install a systemd service")
    do.set_defaults(run=setup)
    ch = sub.add_parser("check", help="check the participants' CSV only")
    ch.add_argument("participants", type=Path, metavar="CSV")
    ch.set_defaults(run=check)
    env = sub.add_parser(
        "environment", help="build or refresh the shared Python and the proxy only"
    )
    env.add_argument("--prefix", type=Path, default=Path("/opt/civic-channels"))
    env.set_defaults(run=environment)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "ssl_cert", None) and not getattr(args, "ssl_key", None):
        print("setup_hub.py: --ssl-cert needs --ssl-key", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except SetupError as err:
        print(f"setup_hub.py: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
