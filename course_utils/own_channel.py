"""Your own channel (m09): choose the exports, import them, and save a report to take upstairs.

The lesson reruns the course's analyses on a press service's own platform exports. This module
holds the few steps around those analyses that the other modules do not need:

- where things go: the raw uploads in `my_data/uploads/`, the imported tables in `my_data/`
  (`my_data/sample/` for the course's sample exports), the report in `my_data/report/` — all in
  the git-ignored `my_data/` folder, on this computer;
- a file picker, and `save_uploads`, which stores the chosen files unchanged;
- `import_folder`: `course_utils.imports.import_exports` on a folder, with the file names in the
  import report written relative to that folder (the same report on every computer);
- `baseline_table`: module 7's KPI baseline in plain words, saying why a KPI is missing;
- `save_report`: the charts as PNG files and one plain HTML page a press secretary can print or
  e-mail to the head of office.

    >>> from course_utils import own_channel
    >>> result = own_channel.import_folder(own_channel.sample_exports())  # doctest: +SKIP
    >>> own_channel.save_report("my_data/report", title="...", figures={...})  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from . import plots
from .explorers.base import widget_bundle
from .imports import ImportResult, import_exports
from .kpis import KPIS
from .paths import MY_DATA, sample_exports_dir

UPLOADS = MY_DATA / "uploads"
REPORT_DIR = MY_DATA / "report"
SAMPLE_PACKAGE = MY_DATA / "sample"
EXPORT_TYPES = ".json,.csv,.xls,.xlsx,.zip"

# Why a KPI of module 7 can be missing for imported exports (missing, never 0).
WHY_MISSING = {
    "response_rate": "no comments in these exports (Telegram: export the channel's discussion "
    "group too)",
    "median_response_hours": "no replies found in the exported comments",
    "questions_answered": "no export marks which comments are questions: code a sample by hand "
    "(module 5)",
    "negative_share": "no export codes the sentiment of comments: code a sample by hand (module 5)",
    "er_by_reach": "none of these exports has reach (Telegram, TikTok and X report views or "
    "impressions)",
    "short_video_share": "no post in these exports has a format",
    "official_events_share": "no export has the topic of a post: tag your posts' topics to "
    "measure it",
    "telegram_growth": "no subscriber history for a Telegram channel (the Telegram Desktop export "
    "has none)",
}


def sample_exports() -> Path:
    """The course's sample exports of one synthetic akimat: `datasets/sample_exports/`."""
    return sample_exports_dir()


def is_sample(folder: Path | str) -> bool:
    """True if `folder` is the course's sample exports (synthetic), not a press service's own."""
    return Path(folder).expanduser().resolve() == sample_exports().resolve()


def where_phrase(folder: Path | str) -> str:
    """How a finding about these exports opens: 'in this synthetic sample' or 'on your channels'.

    >>> where_phrase(sample_exports())
    'in this synthetic sample'
    """
    return "in this synthetic sample" if is_sample(folder) else "on your channels"


def package_dir(folder: Path | str) -> Path:
    """Where the imported tables go: `my_data/` for your own exports (so `load(name,
    source="my_data")` finds them), `my_data/sample/` for the sample, so that running the lesson
    on the sample never replaces your own imported data."""
    return SAMPLE_PACKAGE if is_sample(folder) else MY_DATA


# --- choosing the files ---------------------------------------------------------------------


class FilePicker:
    """A button to choose export files from your computer (JupyterLab's file upload).

    `files` are the chosen files as (name, bytes) pairs; nothing is saved until `save_uploads`.
    """

    title = "File picker"

    def __init__(self) -> None:
        self.widget = widgets.FileUpload(
            accept=EXPORT_TYPES, multiple=True, description="Choose exports"
        )

    @property
    def files(self) -> list[tuple[str, bytes]]:
        return _uploaded(self.widget.value)

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, self.title, **kwargs)


def file_picker() -> FilePicker:
    """A file picker for Telegram JSON, CSV, Excel and zip exports (several files at once)."""
    return FilePicker()


def _uploaded(value) -> list[tuple[str, bytes]]:
    """(name, bytes) for the value of a FileUpload (ipywidgets 8: a tuple of dicts)."""
    return [(str(item["name"]), bytes(item["content"])) for item in value or ()]


def _safe_name(name: str) -> str:
    """The file's own name, without any folder part; an error for a name that is no file name."""
    plain = Path(str(name).replace("\\", "/")).name
    if plain in ("", ".", ".."):
        raise ValueError(f"{name!r} is not a file name; choose the export file itself.")
    return plain


def save_uploads(files, folder: Path | str = UPLOADS) -> list[Path]:
    """Save chosen files into `folder` (default `my_data/uploads/`) byte for byte, unchanged.

    `files` is a FileUpload's value or a list of (name, bytes). A file with the name of an earlier
    upload is saved next to it as 'name (2).ext' unless the bytes are the same (then the earlier
    file is used): an upload never overwrites another. Returns the paths of the saved files.
    """
    folder = Path(folder)
    pairs = isinstance(files, list) and all(isinstance(f, tuple) for f in files)
    items = files if pairs else _uploaded(files)
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, content in items:
        target = folder / _safe_name(name)
        number = 1
        while target.exists() and target.read_bytes() != bytes(content):
            number += 1
            target = folder / f"{Path(_safe_name(name)).stem} ({number}){target.suffix}"
        if not target.exists():
            target.write_bytes(bytes(content))
        saved.append(target)
    return saved


def chosen_exports(picker: FilePicker | None, default: Path | str) -> Path:
    """The folder to import: `my_data/uploads/` after saving the files chosen in the picker, or
    `default` (the sample exports) when no file was chosen — so the lesson runs top to bottom
    without anybody clicking. Every file in `my_data/uploads/` is imported: delete old uploads
    there to leave them out."""
    files = picker.files if picker is not None else []
    if not files:
        return Path(default)
    save_uploads(files, UPLOADS)
    return UPLOADS


# --- importing ---------------------------------------------------------------------------------


def import_folder(folder: Path | str, **options) -> ImportResult:
    """Import every export in `folder` (files, sub-folders, zips) with `import_exports`.

    The import report names each file relative to `folder` ('meta/Facebook_posts_2025.csv'), so
    it reads the same on every computer. `options` go to `import_exports` (platform, columns,
    account, keep_names, year). The exports are only read, never changed or moved.
    """
    folder = Path(folder).expanduser().resolve()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder} is not a folder. Put your export files in one folder (or choose them with "
            "the file picker) and give that folder."
        )
    with contextlib.chdir(folder):
        names = sorted(p.name for p in Path(".").iterdir() if not p.name.startswith("."))
        return import_exports(names, **options)


def baseline_table(baseline: pd.Series) -> pd.DataFrame:
    """Module 7's KPIs for one organisation (a row of `kpis.yearly_kpis`), in plain words.

    One row per KPI: its label, the value as a sentence reads it ('61%', '16.7 h', or 'n/a'),
    the number itself, the definition, and — where the value is missing — why these exports
    cannot provide it. A missing KPI stays missing; it is never shown as 0.
    """
    rows = []
    for column, info in KPIS.items():
        value = baseline.get(column, float("nan"))
        value = float(value) if value is not None and not pd.isna(value) else float("nan")
        rows.append(
            {
                "kpi": info.label,
                "baseline": info.format(value),
                "value": value,
                "definition": info.definition,
                "why missing": WHY_MISSING[column] if pd.isna(value) else "",
            }
        )
    return pd.DataFrame(rows).set_index("kpi")


# --- the report ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; max-width: 52em; margin: 2em auto;
       padding: 0 1em; color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.6em; margin-bottom: 0.2em; }}
h2 {{ font-size: 1.15em; margin-top: 1.8em; }}
.meta {{ color: #555; }}
.note {{ background: #f3f3f3; padding: 0.6em 1em; border-left: 4px solid #0072B2; }}
img {{ max-width: 100%; border: 1px solid #e5e5e5; }}
table {{ border-collapse: collapse; font-size: 0.92em; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }}
@media print {{ h2 {{ page-break-after: avoid; }} img {{ page-break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">{source}Made on {date} with the Civic Channels course (module 9).</p>
{findings}
{charts}
{tables}
{notes}
</body>
</html>
"""


def _slug(name: str) -> str:
    """A plain file name for a chart: 'Posting times' -> 'posting_times'."""
    slug = re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")
    if not slug:
        raise ValueError(f"{name!r} cannot be used as a chart's file name; use letters or digits.")
    return slug


def figure_title(figure: Figure) -> str:
    """The title of a chart made with `course_utils.plots` (its finding; the house style puts
    titles on the left, so every position is looked at)."""
    titles = (ax.get_title(loc=loc) for ax in figure.axes for loc in ("left", "center", "right"))
    return next((title for title in titles if title), "")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def save_report(
    out_dir: Path | str,
    *,
    title: str,
    figures: Mapping[str, Figure],
    findings: Iterable[str] = (),
    tables: Mapping[str, pd.DataFrame] | None = None,
    notes: Iterable[str] = (),
    source: str = "",
    exports: Iterable[Path | str] = (),
    date: dt.date | None = None,
) -> list[Path]:
    """Save a short report into `out_dir`: one PNG per chart and `report.html` showing them.

    figures: {name: matplotlib Figure}; each is saved as `<name>.png` (150 dpi) and shown on the
    page under its own title (the finding). findings: sentences for the top of the page. tables:
    {heading: DataFrame} shown as tables. notes: short remarks in a box (what is synthetic, what
    the exports cannot measure). source: what the data are. exports: the folders or files the
    data came from — the report refuses to be written into them, so raw exports stay untouched.

    Only those files are written, only inside `out_dir` (created if needed); files of the same
    names are replaced, other files in the folder are left alone. Returns the written paths.
    """
    out_dir = Path(out_dir).expanduser()
    resolved = out_dir.resolve()
    for export in exports:
        export = Path(export).expanduser().resolve()
        folder = export if export.is_dir() else export.parent
        if _inside(resolved, folder):
            raise ValueError(
                f"The report folder {out_dir} is inside the exports' folder {folder}; choose "
                "another folder (for example my_data/report) so the raw exports stay untouched."
            )
    names = {name: _slug(name) for name in figures}
    if len(set(names.values())) < len(names):
        raise ValueError(f"Two charts would get the same file name: {sorted(names)}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    charts = []
    for name, figure in figures.items():
        path = out_dir / f"{names[name]}.png"
        figure.savefig(path, dpi=150, bbox_inches="tight", facecolor="white")
        written.append(path)
        heading = html.escape(figure_title(figure) or str(name))
        charts.append(
            f'<h2>{heading}</h2>\n<p><img src="{html.escape(path.name)}" alt="{heading}"></p>'
        )
    sentences = [html.escape(str(f)) for f in findings]
    finding_block = (
        "<h2>Findings</h2>\n<ul>\n" + "".join(f"<li>{s}</li>\n" for s in sentences) + "</ul>"
        if sentences
        else ""
    )
    note_items = [html.escape(str(n)) for n in notes]
    note_block = (
        '<div class="note"><p><strong>Read with care: what the exports do not contain (left '
        "empty, never counted as 0)</strong></p>\n<ul>\n"
        + "".join(f"<li>{n}</li>\n" for n in note_items)
        + "</ul></div>"
        if note_items
        else ""
    )
    table_block = "\n".join(
        f"<h2>{html.escape(str(heading))}</h2>\n{table.to_html(escape=True, na_rep='n/a')}"
        for heading, table in (tables or {}).items()
    )
    page = PAGE.format(
        title=html.escape(title),
        source=f"{html.escape(source)} " if source else "",
        date=(date or dt.date.today()).isoformat(),
        notes=note_block,
        findings=finding_block,
        charts="\n".join(charts),
        tables=table_block,
    )
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    written.append(path)
    return written


# --- what the exports do not say ---------------------------------------------------------------


def with_time(posts: pd.DataFrame) -> pd.DataFrame:
    """The posts whose time of day is known. The importer marks each post: `time_known` is False
    where the export gave only the day (TikTok Studio's content export, YouTube Studio, X since
    2024), whose 00:00 is not a time. The course's own data has every post's time.
    """
    if "time_known" not in posts:
        return posts
    return posts[posts["time_known"].fillna(False).astype(bool)]


def date_only_platforms(posts: pd.DataFrame) -> list[str]:
    """Platforms none of whose posts has a time of day (see `with_time`): leave them out of
    anything about the hour of posting.

    >>> posts = pd.DataFrame({"platform": ["x", "x", "telegram"],
    ...                       "time_known": [False, False, True]})
    >>> date_only_platforms(posts)
    ['x']
    """
    if "time_known" not in posts:
        return []
    known = posts["time_known"].fillna(False).astype(bool)
    by_platform = known.groupby(posts["platform"].astype(str)).any()
    return sorted(by_platform[~by_platform].index)


def missing_notes(report) -> list[str]:
    """One sentence per platform on what its export cannot provide (from the import report).

    >>> from course_utils.imports import ImportReport
    >>> r = ImportReport(); r.platforms.add("x")
    >>> missing_notes(r)
    ['X — reach: X reports impressions, not reach; content_type: X does not say.']
    """
    notes = []
    for platform, columns in report.missing().items():
        if columns:
            name = plots.display_label(platform)
            why = "; ".join(f"{column}: {reason}" for column, reason in columns.items())
            notes.append(f"{name} — {why}.")
    return notes
