"""Sphinx configuration of the course website. Build it with `make site` (site/build.py).

The notebooks are shown as they are stored, with three changes made while they are read:
- the start page gets the site's navigation (the hidden toctrees that build.py writes);
- each lesson and exercise gets a pointer to its "Run it yourself" page;
- an interactive explorer (an ipywidgets output, which needs a running kernel) is replaced by
  the chart and table stored with it, the choices they show, and how to use it live.
An exercise that still holds an answer or a hidden test stops the build.
Nothing is loaded from outside the site: no web fonts, no widget scripts from a CDN, and no
MathJax, which Sphinx adds (from a CDN) only to a page with math: no lesson has any, and
tests/test_site.py fails if one ever does.
"""

from __future__ import annotations

import json
import posixpath
import sys
from html import escape
from pathlib import Path

from sphinx.errors import ExtensionError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_utils.modules import MODULES

project = "Civic Channels"
author = "the Civic Channels course team"
copyright = "Civic Channels course team; lessons, exercises and data CC BY 4.0 (data CC0), code MIT"
language = "en"

extensions = ["myst_nb"]
root_doc = "notebooks/00_start_here"
exclude_patterns = ["_site", "**/.ipynb_checkpoints"]

# myst-nb: show the stored outputs, never execute; no widget scripts (they come from a CDN).
nb_execution_mode = "off"
nb_ipywidgets_js: dict = {}
nb_merge_streams = True
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]  # exercises go from the title (H1) straight to tasks (H3)

html_theme = "sphinx_book_theme"
html_title = "Civic Channels"
html_logo = "_static/logo.svg"
html_favicon = "_static/logo.svg"
html_static_path = ["_static"]
html_css_files = ["civic.css"]
html_copy_source = False  # the notebooks are in the course folder; keep the site small
html_show_sourcelink = False
html_last_updated_fmt = None
html_context = {"default_mode": "light"}  # the charts are drawn on white
html_theme_options = {
    "logo": {"text": "Civic Channels", "alt_text": "Civic Channels: home"},
    "navbar_persistent": [],  # one search field, in the sidebar, not a second one above it
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": True,
    "navigation_with_keys": False,
    "extra_footer": "All data in this course is synthetic. This website loads nothing from the internet.",
}

LESSONS = {posixpath.splitext(m.lesson)[0]: (n, m) for n, m in enumerate(MODULES)}
EXERCISES = {posixpath.splitext(m.exercise)[0]: (n, m) for n, m in enumerate(MODULES)}
NBGRADER_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS")


def _markdown_cell(text: str, cell_id: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def _run_page(docname: str, module) -> str:
    """The relative link from `docname` to its module's "Run it yourself" page."""
    return posixpath.relpath(f"run/{module.id}.md", posixpath.dirname(docname))


def _refuse_answers(docname: str, notebook: dict) -> None:
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        for marker in NBGRADER_MARKERS:
            if marker in source:
                raise ExtensionError(
                    f"{docname}.ipynb contains '{marker}': exercises/ must hold the released "
                    "exercises only. Regenerate them with `course release` (make release)."
                )


def _choice(state: dict) -> str | None:
    """'Platform: Instagram' for a dropdown, toggle buttons or a multiple selection."""
    labels, index = state.get("_options_labels"), state.get("index")
    if not labels or index is None:
        return None
    indices = index if isinstance(index, list) else [index]
    chosen = ", ".join(labels[i] for i in indices)
    return f"{state.get('description') or 'choice'}: {chosen}"


def _still_outputs(output: dict, widgets: dict, run_link: str) -> list[dict]:
    """The outputs that stand in for an explorer: a note, then its stored chart and table."""
    outputs, choices = [], []
    pending = [output["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]]
    while pending:  # walk the widget tree in display order
        model = widgets.get(pending.pop(0), {})
        state = model.get("state", {})
        if model.get("model_name") == "OutputModel":
            outputs += state.get("outputs", [])
        choice = _choice(state)
        if choice:
            choices.append(escape(choice))
        pending += [c.removeprefix("IPY_MODEL_") for c in state.get("children", [])]
    title = "".join(output["data"].get("text/plain", "Interactive explorer")).split(" (")[0]
    title = escape(title)
    shown = f" Shown here: {'; '.join(choices)}." if choices else ""
    note = (
        f'<div class="explorer-still"><p><strong>{title}</strong> is interactive: in JupyterLab '
        f"you change the choices and the chart and table redraw. This page shows it as it was "
        f'stored.{shown} To use it live, <a href="{escape(run_link)}">run this lesson '
        "yourself</a>.</p></div>"
    )
    return [{"output_type": "display_data", "metadata": {}, "data": {"text/html": note}}, *outputs]


def _show_explorers_still(notebook: dict, run_link: str) -> None:
    widgets = notebook["metadata"].pop("widgets", {})
    widgets = widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for cell in notebook["cells"]:
        outputs = []
        for output in cell.get("outputs", []):
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                outputs += _still_outputs(output, widgets, run_link)
            else:
                outputs.append(output)
        if "outputs" in cell:
            cell["outputs"] = outputs


def adjust_notebook(app, docname: str, source: list[str]) -> None:
    """Sphinx `source-read`: the three changes above, on the notebook's JSON text."""
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    notebook = json.loads(source[0])
    if docname == root_doc:
        toctree = Path(app.srcdir, "_site", "toctree.md").read_text(encoding="utf-8")
        notebook["cells"].append(_markdown_cell(toctree, "site-navigation"))
    if docname in LESSONS:
        number, module = LESSONS[docname]
        link = _run_page(docname, module)
        tip = (
            f"You are reading this lesson with the results stored when it was last run. To run it, "
            f"change it and use its interactive explorers, open it in JupyterLab: "
            f"[run module {number} yourself]({link})."
        )
        notebook["cells"].insert(
            1, _markdown_cell(f"```{{tip}}\n{tip}\n```", "site-run-it-yourself")
        )
        _show_explorers_still(notebook, posixpath.splitext(link)[0] + ".html")
    if docname in EXERCISES:
        _refuse_answers(docname, notebook)
        number, module = EXERCISES[docname]
        tip = (
            "This is the exercise as participants get it, without answers. Its checks run in "
            f"JupyterLab: [run module {number} yourself]({_run_page(docname, module)})."
        )
        notebook["cells"].insert(
            1, _markdown_cell(f"```{{tip}}\n{tip}\n```", "site-run-it-yourself")
        )
    source[0] = json.dumps(notebook)


def setup(app):
    app.connect("source-read", adjust_notebook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
