"""Jupyter settings for the course (make lab points JUPYTER_CONFIG_PATH here)."""

c = get_config()  # noqa: F821

c.ServerApp.ip = "127.0.0.1"
# Open on the course's start page.
c.LabApp.default_url = "/lab/tree/notebooks/00_start_here.ipynb"
# No "Would you like to receive official Jupyter news?" pop-up and no update checks.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
