"""Build the course website: `make site`, or `python site/build.py [--out DIR]`.

Sphinx, myst-nb and sphinx-book-theme render the start page (the home page), every lesson with
the outputs stored in it (nothing is executed), every released exercise, the data card, the
instructor notes, a glossary, references and a cheat sheet when `docs/` has them, the README,
and one "Run it yourself" page per module, with Sphinx's own search. The result is a folder of
static files that loads nothing from outside: open it from a USB stick or put it on any web
server.

The sources are not copied but hard-linked into a staging folder, in the repository's own
layout, so the links between notebooks work as they do in JupyterLab (symlinks would not do:
Sphinx resolves them, and the links would lead out of the site). Only where a hard link is
impossible (another file system) is a file copied. `solutions/` is never staged. The "Run it
yourself" pages and the table of contents are generated here, from
`course_utils.modules.MODULES`; `site/conf.py` says how the notebooks are shown.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = ROOT / "build" / "site"
START_PAGE = "notebooks/00_start_here.ipynb"
TOCTREE_FILE = "_site/toctree.md"  # read by conf.py, appended to the start page
OPTIONAL_REFERENCE = (
    "docs/glossary.md",
    "docs/references.md",
    "docs/course_rules.md",
    "docs/cheatsheet.md",
)

sys.path.insert(0, str(ROOT))
from course_utils.modules import MODULES, Module  # noqa: E402


@dataclass
class Section:
    caption: str
    sources: list[str] = field(default_factory=list)  # repository paths, in reading order
    generated: dict[str, str] = field(default_factory=dict)  # stage path -> markdown text


def run_page(module: Module, number: int) -> str:
    """The "Run it yourself" page of one module: how to open it in JupyterLab."""
    lesson, exercise = module.lesson, module.exercise
    return f"""# Run module {number} yourself

**Module {number} · {module.title}**: lesson {module.lesson_minutes} min, exercise
{module.exercise_minutes} min. What you will learn: {module.aims}.

This website shows [the lesson](../{lesson}) with the results stored when it was last run, and
[the exercise](../{exercise}) as participants get it. To run the code, change it, use the
interactive explorers and have your exercise checked, open the notebooks in JupyterLab, in one of
three ways.

## On the seminar's JupyterHub

1. Open the link your instructor gives you and log in.
2. The lesson: in the file browser on the left, open `{lesson}`.
3. The exercise: **Nbgrader → Assignment List**, then **Fetch** next to `{module.id}`, and open
   the notebook it lists.

## On your own computer, with `make` (Linux, macOS)

In the course folder (the one with `README.md` and `Makefile`):

```bash
make lab
```

The first run installs the course's packages into `.venv/` (a few minutes, once). JupyterLab
then opens on the start page; open `{lesson}` or `{exercise}` from the file browser on the left.

## With conda (Windows, or anywhere)

```bash
conda env create -f environment.yml     # once
conda activate civic-channels
jupyter lab {lesson}
```

## Then

- Run the whole lesson with **Run → Run All Cells**, or one cell at a time with
  **Shift + Enter**.
- In the exercise, replace each `...` with your code and run the cell: the check under it says
  what to fix. When you are done: **Run → Run All Cells**, **Validate**, save.
"""


def sections(root: Path = ROOT) -> list[Section]:
    """What the website contains, section by section (a file missing from `docs/` is left out)."""
    run = Section("Run it yourself")
    for number, module in enumerate(MODULES):
        run.generated[f"run/{module.id}.md"] = run_page(module, number)
    instructor = sorted(p.relative_to(root).as_posix() for p in root.glob("docs/instructor/*.md"))
    instructor.sort(key=lambda p: (not p.endswith("/README.md"), p.endswith("/grading.md"), p))
    reference = ["datasets/README.md"] + [p for p in OPTIONAL_REFERENCE if (root / p).exists()]
    return [
        Section("Lessons", [m.lesson for m in MODULES]),
        Section("Exercises", [m.exercise for m in MODULES]),
        run,
        Section("Reference", reference),
        Section("For instructors", instructor),
        Section("About", ["README.md"]),
    ]


def toctree(parts: list[Section]) -> str:
    """The site's navigation: one hidden toctree per section, appended to the start page."""
    blocks = []
    for section in parts:
        entries = [*section.sources, *section.generated]
        lines = "\n".join("/" + os.path.splitext(entry)[0] for entry in entries)
        blocks.append(f"```{{toctree}}\n:hidden:\n:caption: {section.caption}\n\n{lines}\n```")
    return "\n\n".join(blocks) + "\n"


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def stage(stage_dir: Path, root: Path = ROOT) -> list[Section]:
    """Fill `stage_dir` with links to the sources and the generated pages; return the sections."""
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    parts = sections(root)
    files = {START_PAGE: None, TOCTREE_FILE: toctree(parts)}
    for section in parts:
        files.update(dict.fromkeys(section.sources))
        files.update(section.generated)
    for relative, text in files.items():
        target = stage_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            _link(root / relative, target)
        else:
            target.write_text(text, encoding="utf-8")
    return parts


REDIRECT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Civic Channels</title>
<meta http-equiv="refresh" content="0; url={home}">
</head>
<body><p><a href="{home}">Civic Channels: start here</a></p></body>
</html>
"""


def _check_out(out: Path) -> None:
    """Refuse to replace a folder that is neither empty nor an earlier build of the site."""
    if out.exists() and any(out.iterdir()) and not (out / ".buildinfo").exists():
        raise SystemExit(
            f"{out} is not empty and is not a build of the site (no .buildinfo): "
            "choose an empty or new folder with --out."
        )


def build_site(out: Path = DEFAULT_OUT, work: Path | None = None, quiet: bool = True) -> Path:
    """Build the website into `out` (replacing an earlier build) and return its home page.

    Sphinx works in `work` (default: next to `out`, removed after a successful build): the staged
    sources, its caches and the images it takes out of the notebooks. Warnings are errors: a
    broken link between pages fails the build, and an earlier build in `out` stays as it was.
    """
    # nbformat (read by myst-nb) imports jsonschema, which builds the grammars of the optional
    # rfc3987_syntax package at import: seconds spent on IRI checks no notebook needs.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from sphinx.cmd.build import build_main

    out = Path(out).resolve()
    work = Path(work or out.parent / f"{out.name}-work").resolve()
    _check_out(out)
    if work.exists():
        shutil.rmtree(work)
    stage(work / "source")
    html = work / "html"
    arguments = ["-b", "html", "-c", str(CONF_DIR), "-d", str(work / "doctrees"), "-E", "-W"]
    arguments += ["--keep-going", *(["-q"] if quiet else [])]
    status = build_main([*arguments, str(work / "source"), str(html)])
    if status != 0:
        raise SystemExit(f"Sphinx failed (exit status {status}): see the messages above.")
    home = os.path.splitext(START_PAGE)[0] + ".html"
    (html / "index.html").write_text(REDIRECT.format(home=home), encoding="utf-8")
    for source_map in html.glob("_static/**/*.map"):  # for debugging the theme; half the size
        source_map.unlink()
    with contextlib.suppress(OSError):
        (html / "_sources").rmdir()  # empty: the sources are not copied (html_copy_source)
    (html / ".nojekyll").touch()  # GitHub Pages: serve _static/ and _images/ as they are
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(html, out)
    shutil.rmtree(work)
    return out / home


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's progress")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    home = build_site(args.out, quiet=not args.verbose)
    seconds = time.perf_counter() - start
    site = home.parent.parent
    print(f"Website built in {seconds:.0f} s in {site}/: open index.html, or publish the folder.")


if __name__ == "__main__":
    main()
