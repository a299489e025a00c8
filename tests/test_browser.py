"""The participant's JupyterLab, in a real browser (Debian's Chromium driven by Playwright).

JupyterLab runs on 127.0.0.1 with a token, in a temporary copy of the course, with the course's
own Jupyter configuration (.jupyter/), exactly as `make lab` starts it. Screenshots are saved to
test-artifacts/screenshots/ for a person to look at.

Without Chromium these tests are skipped with a message saying how to enable them; in CI
(CIVIC_CHANNELS_REQUIRE_BROWSER=1, set by .ci/run) a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from course_utils.modules import MODULES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TOKEN = "civic-channels-test-token"
EXPLORER_CALLS = re.compile(
    r"\b(channel_dashboard|posting_time_explorer|content_type_explorer|kpi_dashboard)\("
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a temporary copy of the course, as `make lab` would."""
    base = tmp_path_factory.mktemp("lab")
    course = base / "course"
    course.mkdir()
    for folder in ("notebooks", "exercises", "solutions", ".jupyter"):
        shutil.copytree(ROOT / folder, course / folder)
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    port = _free_port()
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_PATH=str(course / ".jupyter"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    )
    env.pop("MPLBACKEND", None)
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={course}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(base / "jupyterlab.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise RuntimeError(
                    "JupyterLab did not start:\n" + (base / "jupyterlab.log").read_text()
                ) from None
            time.sleep(0.3)
    yield {"url": url, "course": course, "log": base / "jupyterlab.log"}
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _open(page, lab, path: str):
    """Open one notebook in a workspace of its own (no tabs restored from earlier tests)."""
    workspace = re.sub(r"[^a-z0-9]+", "-", path.lower())
    page.goto(f"{lab['url']}/lab/workspaces/{workspace}/tree/{path}?token={TOKEN}")
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.locator(".jp-Cell").first.wait_for()
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for()
    return panel


def _menu(page, top: str, item: str):
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.locator(
        ".lm-Menu-item:visible .lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")
    ).first.click()


def _run_all(page, panel, timeout_ms: int = 120_000):
    """Clear every output, run all cells from the menus, wait until every code cell has run."""
    _menu(page, "Edit", "Clear Outputs of All Cells")
    _menu(page, "Run", "Run All Cells")
    code_cells = panel.locator(".jp-CodeCell").count()
    page.wait_for_function(
        """(n) => {
            const nb = [...document.querySelectorAll('.jp-NotebookPanel')].find(e => e.offsetParent !== null);
            const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());
            return prompts.length === n && prompts.every(p => /^\\[\\d+\\]:$/.test(p));
        }""",
        arg=code_cells,
        timeout=timeout_ms,
    )


def _lesson_with_explorer() -> str:
    for path in sorted((ROOT / "notebooks").glob("m*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if any(
            EXPLORER_CALLS.search("".join(c["source"])) for c in cells if c["cell_type"] == "code"
        ):
            return path.name
    pytest.fail("no lesson shows an interactive explorer")


def test_make_lab_opens_on_the_start_page_with_nothing_in_the_way(page, lab):
    page.goto(f"{lab['url']}/?token={TOKEN}")  # where `make lab` sends the browser
    page.wait_for_url(re.compile(r"/lab/tree/notebooks/00_start_here\.ipynb"))
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.locator(".jp-RenderedMarkdown").first.wait_for()
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for()
    page.wait_for_timeout(2000)  # give a kernel dialog or a news toast the time to appear
    assert page.locator(".jp-Dialog").count() == 0, (
        "a dialog (kernel selection?) opened over the start page"
    )
    toasts = " ".join(page.locator(".Toastify__toast").all_inner_texts())
    assert "news" not in toasts.lower(), f"a news pop-up appeared: {toasts}"
    assert "Civic Channels" in panel.locator(".jp-RenderedMarkdown").first.inner_text()
    _screenshot(page, "start-page")

    hrefs = panel.locator(".jp-RenderedMarkdown a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    notebooks = [h for h in hrefs if ".ipynb" in h]
    assert len(notebooks) >= 2 * len(MODULES), (
        "the start page should link each module's lesson and exercise"
    )
    for href in notebooks:
        relative = re.sub(r"^.*/files/", "", href).split("?")[0]
        assert (lab["course"] / relative).exists(), (
            f"the start page links to a missing notebook: {relative}"
        )

    panel.locator(
        ".jp-RenderedMarkdown a", has_text="lesson"
    ).first.click()  # links open in JupyterLab
    page.locator(".lm-TabBar-tab", has_text="m00_getting_started.ipynb").wait_for()


def test_a_lesson_runs_top_to_bottom_from_the_ui_and_its_explorer_responds(page, lab):
    lesson = _lesson_with_explorer()
    panel = _open(page, lab, f"notebooks/{lesson}")
    _run_all(page, panel)
    errors = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, (
        f"{lesson}: error output after Run All: {errors.all_inner_texts()[:1]}"
    )
    stderr = " ".join(
        panel.locator("[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    )
    assert "Error" not in stderr and "Traceback" not in stderr, stderr[:500]
    images = panel.locator(".jp-RenderedImage img")
    assert images.count() >= 2, f"{lesson}: charts did not render as images"
    widths = images.evaluate_all("els => els.map(e => e.naturalWidth)")
    assert min(widths) > 100, f"{lesson}: an empty chart image (natural widths {widths})"

    explorer = panel.locator(".jp-OutputArea-output .widget-vbox").first
    explorer.wait_for()
    assert "Loading widget" not in panel.inner_text()
    dropdowns = explorer.locator(".widget-dropdown select")
    select = dropdowns.first if dropdowns.count() else explorer.locator("select").first
    select.wait_for()
    before = explorer.locator("img").first.get_attribute("src")
    table_before = explorer.locator("table").first.inner_text()
    explorer.scroll_into_view_if_needed()
    _screenshot(page, "lesson-explorer")
    options = select.locator("option").all_inner_texts()
    current = select.evaluate(
        "e => e.options[e.selectedIndex] ? e.options[e.selectedIndex].text : ''"
    )
    select.select_option(label=next(o for o in options if o != current))
    page.wait_for_function(
        "([el, src]) => { const img = el.querySelector('img'); return img && img.getAttribute('src') !== src; }",
        arg=[explorer.element_handle(), before],
        timeout=20_000,
    )
    assert explorer.locator("table").first.inner_text() != table_before, (
        "the table did not change with the control"
    )
    _screenshot(page, "lesson-explorer-changed")


def _validate(page, lab, path: str) -> str:
    panel = _open(page, lab, path)
    panel.locator(
        ".jp-Toolbar-item:visible", has_text=re.compile(r"^\s*Validate\s*$")
    ).first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)
    page.wait_for_function(
        "() => !/Validating/i.test(document.querySelector('.jp-Dialog') ? document.querySelector('.jp-Dialog').innerText : 'x')",
        timeout=120_000,
    )
    text = dialog.inner_text()
    dialog.get_by_role("button").last.click()
    return text


def test_validate_reports_failures_on_a_blank_exercise_and_success_on_a_solved_one(page, lab):
    assignment = "m00_getting_started"
    blank = _validate(page, lab, f"exercises/{assignment}/{assignment}.ipynb")
    assert "Success" not in blank and ("failed" in blank.lower() or "error" in blank.lower()), (
        blank[:400]
    )
    assert "has no answer yet" in blank, "the failure should show the friendly check message"

    solved = lab["course"] / "exercises" / assignment / "solved_by_participant.ipynb"
    shutil.copy2(lab["course"] / "solutions" / assignment / f"{assignment}.ipynb", solved)
    passed = _validate(page, lab, f"exercises/{assignment}/{solved.name}")
    assert "Success" in passed and "passes all the tests" in passed, passed[:400]


def test_the_instructors_formgrader_lists_the_assignments(page, lab):
    page.goto(f"{lab['url']}/formgrader?token={TOKEN}")
    page.locator("text=Manage Assignments").first.wait_for()
    for assignment in [m.id for m in MODULES]:
        page.locator(f"text={assignment}").first.wait_for()
    _screenshot(page, "formgrader")
