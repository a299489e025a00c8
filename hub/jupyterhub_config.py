"""JupyterHub configuration of the Civic Channels seminar hub (one Linux server).

hub/setup_hub.py copies this file to /etc/civic-channels/ next to hub.json, the settings it
reads (participants, instructor, ports, folders). Edit hub.json (or rerun the set-up with a new
participants' CSV), not this file, then restart the hub.

- Every participant and the instructor is a system user; JupyterHub's LocalProcessSpawner
  starts each one's JupyterLab as that user, so nbgrader knows who submitted, and the homes
  (mode 0700) keep everybody's work private.
- Log-in: JupyterHub's SharedPasswordAuthenticator. Participants type their own username (from
  the CSV) and the seminar password; the instructor, the only admin, has a password of their own.
- Participants get nbgrader's Assignments tab (fetch, submit, fetch feedback) and Validate; the
  instructor also gets Formgrader, on their own server at /user/<instructor>/formgrader (open it in
  its own browser tab: inside JupyterLab's tab it is blank with JupyterHub >= 4.1, nbgrader #1870).
"""

import json
from pathlib import Path

SETTINGS = json.loads((Path(__file__).resolve().parent / "hub.json").read_text(encoding="utf-8"))
ENV = Path(SETTINGS["env"])
STATE = Path(SETTINGS["state"])
INSTRUCTORS = set(SETTINGS["instructors"])

c = get_config()  # noqa: F821 (provided by JupyterHub when it reads this file)

# -- network: the proxy listens on bind_url; the hub and the proxy's API on 127.0.0.1 only ------
c.JupyterHub.bind_url = SETTINGS["bind_url"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = SETTINGS["hub_port"]
c.ConfigurableHTTPProxy.command = [SETTINGS["proxy_command"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{SETTINGS['proxy_api_port']}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
if SETTINGS.get("ssl_cert"):
    c.JupyterHub.ssl_cert = SETTINGS["ssl_cert"]
    c.JupyterHub.ssl_key = SETTINGS["ssl_key"]

# -- the hub's own state (root only) -----------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# -- who may log in ----------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = (
    Path(SETTINGS["seminar_password_file"]).read_text().strip()
)
c.SharedPasswordAuthenticator.admin_password = (
    Path(SETTINGS["admin_password_file"]).read_text().strip()
)
c.Authenticator.allowed_users = set(SETTINGS["participants"]) | INSTRUCTORS
c.Authenticator.admin_users = INSTRUCTORS

# -- each user's JupyterLab, as that system user -----------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/notebooks/00_start_here.ipynb"  # each home's lessons
c.Spawner.start_timeout = SETTINGS["spawn_timeout"]
c.Spawner.http_timeout = SETTINGS["spawn_timeout"]
c.JupyterHub.concurrent_spawn_limit = SETTINGS["concurrent_spawn_limit"]


def _jupyter_config(spawner) -> str:
    """Participants' or instructor's Jupyter settings (Formgrader only for the instructor)."""
    role = "instructor" if spawner.user.name in INSTRUCTORS else "participant"
    return SETTINGS["jupyter_config"][role]


def _course(spawner) -> str:
    """The instructor's course folder: what the `course` tool works on by default."""
    if spawner.user.name in INSTRUCTORS:
        return str(Path("~" + spawner.user.name).expanduser() / SETTINGS["course_id"])
    return ""


c.Spawner.environment = {
    "PATH": f"{ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": _jupyter_config,
    "CIVIC_CHANNELS_EXCHANGE": SETTINGS["exchange"],
    "CIVIC_CHANNELS_DATA": SETTINGS["datasets"],
    "CIVIC_CHANNELS_COURSE": _course,
}

# -- API services (the end-to-end test and the load benchmark use one) ------------------------
c.JupyterHub.services = []
c.JupyterHub.load_roles = []
for service in SETTINGS.get("services", []):
    c.JupyterHub.services.append(
        {"name": service["name"], "api_token": Path(service["api_token_file"]).read_text().strip()}
    )
    c.JupyterHub.load_roles.append(
        {
            "name": f"{service['name']}-role",
            "scopes": service["scopes"],
            "services": [service["name"]],
        }
    )
