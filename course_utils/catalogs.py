"""For maintainers: the translation catalogs' templates, their merge, compilation, and the notebooks.

    python -m course_utils.catalogs update      # templates from the code and notebooks; merge
    python -m course_utils.catalogs compile     # .po -> .mo (make runs it at set-up)
    python -m course_utils.catalogs notebooks   # the translations into the notebooks' cells
    python -m course_utils.catalogs status      # how many texts each catalog still lacks

Where the English texts come from (see course_utils.i18n for the domains):
- `_("...")` and `N_("...")` in the course's Python files (an exercise's file: its own domain);
- each exercise task's hints, typical mistakes and rules, read from the task objects (they are
  plain text in the task files);
- the notebooks' cells listed in NOTEBOOK_CELLS (one entry per cell, the cell id as context).

Babel (the library Sphinx and Django's tooling use) reads, merges and compiles the .po files;
gettext itself (the standard library) reads the compiled catalogs at run time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .i18n import (
    DOMAINS,
    EXERCISE_DOMAINS,
    KEYWORDS,
    LANGUAGES,
    LOCALE_DIR,
    PLACEHOLDER,
    TRANSLATED,
    po_file,
    template_file,
)
from .paths import COURSE_ROOT

PACKAGE = Path(__file__).resolve().parent
ALL = None  # every markdown cell of the notebook
LESSON_FRAME = ("title", "real-and-invented", "real-or-invented", "key-points")
NOTEBOOK_CELLS: dict[str, tuple[str, ...] | None] = {
    "notebooks/00_start_here.ipynb": ALL,
    "notebooks/m00_getting_started.ipynb": ALL,
    "solutions/m00_getting_started/m00_getting_started.ipynb": ALL,
    **{
        f"notebooks/m{n:02d}_{name}.ipynb": LESSON_FRAME
        for n, name in [
            (1, "media_landscape"),
            (2, "channel_analysis"),
            (3, "audience_behaviour"),
            (4, "visual_and_video"),
            (5, "criticism_and_dialogue"),
            (6, "crisis_communication"),
            (7, "strategy_and_kpis"),
            (8, "capstone"),
            (9, "your_channel"),
        ]
    },
}
MARKER = (
    "<!-- translations: written by `python -m course_utils.catalogs notebooks` from "
    "course_utils/locale/*/LC_MESSAGES/notebooks.po; edit those files, not this -->"
)
TASK_TEXT_FIELDS = ("hints", "right", "says", "mistakes", "rules")


# -- the English texts -------------------------------------------------------------------------


def _source_texts(path: Path) -> Iterator[tuple[str, str]]:
    for lineno, message, _comments, _context in extract_from_file(
        "python", str(path), keywords=KEYWORDS
    ):
        if isinstance(message, str) and message:
            yield message, f"{path.relative_to(COURSE_ROOT)}:{lineno}"


def _object_texts(value, where: str) -> Iterator[tuple[str, str]]:
    """The texts a task object holds (hints, mistakes' and rules' messages), recursively."""
    if isinstance(value, str):
        if value.strip():
            yield value, where
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _object_texts(item, where)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if f.name in TASK_TEXT_FIELDS:
                yield from _object_texts(getattr(value, f.name), where)


def exercise_texts(domain: str) -> Iterator[tuple[str, str]]:
    """An exercise's texts: its `_()` calls and every task's hints and messages."""
    from .tasks import Task

    module = importlib.import_module(f"course_utils.exercises.{domain}")
    path = Path(module.__file__)
    yield from _source_texts(path)
    for name, value in vars(module).items():
        if isinstance(value, Task):
            yield from _object_texts(value, f"{path.relative_to(COURSE_ROOT)}:{name}")


CHART_WORDS = ("title", "xlabel", "ylabel", "colorbar_label", "note", "reference_label")


def chart_texts() -> Iterator[tuple[str, str]]:
    """The chart titles and labels module 0 and the start page write in their code cells
    (`plots.bar_comparison(..., title="...")`): plots.chart_text translates them."""
    import ast

    for relative, wanted in NOTEBOOK_CELLS.items():
        if wanted is not ALL:
            continue
        notebook = json.loads((COURSE_ROOT / relative).read_text(encoding="utf-8"))
        for cell in _cells(notebook):
            if cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse("".join(cell["source"]))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.keyword)
                    and node.arg in CHART_WORDS
                    and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)
                ):
                    yield node.value.value, f"{relative}:{node.value.lineno}"


def course_texts() -> Iterator[tuple[str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "exercises" in path.relative_to(PACKAGE).parts or path.name == "catalogs.py":
            continue
        yield from _source_texts(path)
    yield from chart_texts()


def _cells(notebook: dict) -> list[dict]:
    return notebook["cells"]


def english_part(source: str) -> str:
    """A cell's English text: what comes before the translations written into it."""
    return source.split(MARKER, 1)[0].rstrip()


def _translated_notebooks() -> Iterator[tuple[Path, dict, list[dict]]]:
    """Each notebook in NOTEBOOK_CELLS, read once, with its cells that carry translations."""
    for relative, wanted in NOTEBOOK_CELLS.items():
        path = COURSE_ROOT / relative
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = [
            cell
            for cell in _cells(notebook)
            if cell["cell_type"] == "markdown" and (wanted is ALL or cell.get("id") in wanted)
        ]
        yield path, notebook, cells


def notebook_cells() -> Iterator[tuple[Path, dict]]:
    """Each translated cell of each notebook in NOTEBOOK_CELLS."""
    for path, _notebook, cells in _translated_notebooks():
        for cell in cells:
            yield path, cell


def _context(path: Path, cell: dict) -> str:
    return f"{path.relative_to(COURSE_ROOT).with_suffix('')}#{cell['id']}"


def notebook_texts() -> Iterator[tuple[str, str, str]]:
    for path, cell in notebook_cells():
        text = english_part("".join(cell["source"]))
        if text:
            yield text, str(path.relative_to(COURSE_ROOT)), _context(path, cell)


def template(domain: str) -> Catalog:
    """The English texts of one domain, as a gettext template."""
    catalog = Catalog(
        project="Civic Channels",
        msgid_bugs_address="",
        copyright_holder="Civic Channels course team",
        fuzzy=False,
    )
    if domain == "notebooks":
        for text, where, context in notebook_texts():
            catalog.add(text, locations=[(where, 0)], context=context, flags=_flags(text))
        return _plain_flags(catalog)
    texts = exercise_texts(domain) if domain in EXERCISE_DOMAINS else course_texts()
    for text, where in texts:
        file, _, line = where.partition(":")
        location = (file, int(line)) if line.isdigit() else (file, 0)
        if text in catalog:
            catalog[text].locations.append(location)
        else:
            catalog.add(text, locations=[location], flags=_flags(text))
    return _plain_flags(catalog)


def _flags(text: str) -> tuple[str, ...]:
    return ("python-brace-format",) if PLACEHOLDER.search(text) else ()


# -- catalogs on disk ---------------------------------------------------------------------------


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _plain_flags(catalog: Catalog) -> Catalog:
    """Babel flags any text with a per cent sign followed by a letter ("95% interval") as
    printf-style python-format; the course formats only with {placeholders}, so that flag (and
    gettext's check of it) does not apply."""
    for message in catalog:
        message.flags.discard("python-format")
    return catalog


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, _plain_flags(catalog), width=100, sort_output=False, include_previous=True)


def update(domains=DOMAINS) -> None:
    """Write each domain's template and merge it into the Russian and Kazakh catalogs."""
    for domain in domains:
        pot = template(domain)
        write(template_file(domain), pot)
        for lang in TRANSLATED:
            path = po_file(domain, lang)
            if path.exists():
                catalog = read(path, lang)
                catalog.update(pot, update_header_comment=False)
                catalog.obsolete.clear()  # a text that left the course leaves its catalog
            else:
                catalog = Catalog(locale=lang, project="Civic Channels", fuzzy=False)
                catalog.update(pot)
            catalog.language_team = LANGUAGES[lang]
            write(path, catalog)
        print(f"{domain}: {len(pot)} texts")


def compile_all() -> int:
    """Write the .mo file of every .po file; returns how many were written."""
    count = 0
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, read(po, lang))
        count += 1
    return count


def _entries(domain: str, lang: str) -> Iterator[tuple]:
    """Each text of the domain's template with its entry in the language's catalog (or None)."""
    path = po_file(domain, lang)
    catalog = read(path, lang) if path.exists() else Catalog(locale=lang)
    for message in template(domain):
        if message.id:
            yield message, catalog.get(message.id, context=message.context)


def _untranslated(entry) -> bool:
    """Absent, empty or fuzzy (a changed English text: its translation is not checked yet)."""
    return entry is None or not entry.string or entry.fuzzy


# -- what a translation must keep ---------------------------------------------------------------

_CODE = re.compile(r"`[^`]*`|```.*?```", re.S)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def code_spans(text: str) -> list[str]:
    return sorted(_CODE.findall(text))


def links(text: str) -> list[str]:
    return sorted(_LINK.findall(text))


def numbers(text: str, lang: str) -> list[str]:
    """The numbers of a text outside its code, written one way: 34,630 (English) and 34 630
    (Russian, Kazakh) are both 34630; 4.5 and 4,5 are both 4.5."""
    plain = PLACEHOLDER.sub(" ", _CODE.sub(" ", text))
    found = []
    for token in _NUMBER.findall(plain):
        if lang == "en":
            token = token.replace(",", "").replace("\u00a0", "").replace("\u202f", "")
        else:
            token = token.replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
        found.append(token)
    return sorted(found)


def differences(english: str, translation: str, lang: str) -> list[str]:
    """What a translation changed that it must keep: placeholders, code, links and numbers."""
    said = []
    for what, of in (
        ("placeholders", placeholders),
        ("code in backticks", code_spans),
        ("links", links),
    ):
        a, b = of(english), of(translation)
        if a != b:
            said.append(f"{what}: English {a}, translation {b}")
    a, b = numbers(english, "en"), numbers(translation, lang)
    if a != b:
        said.append(f"numbers: English {a}, translation {b}")
    return said


def problems(domain: str, lang: str) -> list[str]:
    """Every text of a domain that lacks a translation or whose translation changed what it
    must keep (one line each, naming the text)."""
    name = po_file(domain, lang).name
    found = []
    for message, entry in _entries(domain, lang):
        short = message.id if len(message.id) <= 70 else message.id[:67] + "..."
        if _untranslated(entry):
            state = "fuzzy" if entry is not None and entry.fuzzy else "untranslated"
            found.append(f"{name} [{lang}] {state}: {short!r}")
            continue
        for said in differences(message.id, entry.string, lang):
            found.append(f"{name} [{lang}] {short!r}: {said}")
    return found


# -- the notebooks -------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def _as_text(translation: str) -> str:
    """A translation as it sits under the English: its headings become bold lines, so that a
    notebook's outline (and the website's) keeps one heading per section."""
    lines = []
    for line in translation.splitlines():
        match = _HEADING.match(line)
        lines.append(f"**{match.group(2).strip()}**" if match else line)
    return "\n".join(lines)


def translated_source(english: str, translations: dict[str, str]) -> str:
    """A cell's text: the English, then each translation folded under its language's name."""
    parts = [english, "", MARKER]
    for lang in TRANSLATED:
        text = translations.get(lang)
        if not text:
            continue
        parts += [
            f"<details><summary><b>{LANGUAGES[lang]}</b></summary>",
            "",
            _as_text(text),
            "",
            "</details>",
        ]
    return "\n".join(parts)


def notebook_translations() -> dict[str, dict[str, dict[str, str]]]:
    """context -> language -> translation, from the notebooks catalogs (fuzzy ones left out)."""
    found: dict[str, dict[str, str]] = {}
    for lang in TRANSLATED:
        path = po_file("notebooks", lang)
        if not path.exists():
            continue
        for message in read(path, lang):
            if message.id and message.string and not message.fuzzy and message.context:
                found.setdefault(message.context, {})[lang] = (message.id, message.string)
    return found


def write_notebooks(check: bool = False) -> list[str]:
    """Write the translations into the notebooks; with check=True only list those out of step."""
    translations = notebook_translations()
    stale = []
    for path, notebook, cells in _translated_notebooks():
        changed = False
        for cell in cells:
            source = "".join(cell["source"])
            english = english_part(source)
            by_lang = translations.get(_context(path, cell), {})
            current = {lang: text for lang, (msgid, text) in by_lang.items() if msgid == english}
            new = translated_source(english, current) if current else english
            if new != source:
                changed = True
                cell["source"] = new.splitlines(keepends=True)
        if changed:
            stale.append(str(path.relative_to(COURSE_ROOT)))
            if not check:
                path.write_text(
                    json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
                )
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_utils.catalogs", description=__doc__)
    parser.add_argument("command", choices=["update", "compile", "notebooks", "status", "check"])
    parser.add_argument("domains", nargs="*", help="only these domains (update, status)")
    args = parser.parse_args(argv)
    domains = tuple(args.domains) or DOMAINS
    if args.command == "update":
        update(domains)
    elif args.command == "compile":
        print(f"{compile_all()} catalogs compiled")
    elif args.command == "notebooks":
        written = write_notebooks()
        print("written: " + (", ".join(written) if written else "nothing to change"))
    elif args.command == "check":
        found = [line for d in domains for lang in TRANSLATED for line in problems(d, lang)]
        print("\n".join(found) or "every text is translated and keeps what it must")
        return 1 if found else 0
    else:
        for domain in domains:
            for lang in TRANSLATED:
                entries = list(_entries(domain, lang))
                gaps = sum(_untranslated(entry) for _, entry in entries)
                print(f"{domain} {lang}: {gaps} of {len(entries)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
