"""The course's glossary: every metric and concept in English, Russian and Kazakh.

    >>> from course_utils import glossary
    >>> glossary("охват")          # any language, any part of a term
    >>> glossary()                 # the whole glossary

The terms live in `glossary_data/glossary.csv` (one row per term): the English, Russian and
Kazakh words, a one-line definition for a press secretary, the course function that computes
it, the labels the platforms' own interfaces use where we know them, and whether those labels
were checked against a real interface (`checked`: "no" until someone has). docs/glossary.md is
generated from the same file by `markdown()` (see docs/glossary.md for the command).
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import pandas as pd

GLOSSARY_FILE = Path(__file__).with_name("glossary_data") / "glossary.csv"
LANGUAGES = ["english", "russian", "kazakh"]


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(GLOSSARY_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


def _folded(text: str) -> str:
    return text.casefold().replace("ё", "е").strip()


def glossary(term: str | None = None) -> pd.DataFrame:
    """The glossary entries that mention `term` in any language (all entries without one).

    Raises LookupError, with the closest terms, when nothing matches.
    """
    table = _table()
    if term is None or not term.strip():
        return table[["term", *LANGUAGES, "definition"]].set_index("term")
    wanted = _folded(term)
    columns = ["term", *LANGUAGES, "platform_labels"]
    found = table[
        table[columns]
        .apply(lambda col: col.map(_folded).str.contains(wanted, regex=False))
        .any(axis=1)
    ]
    if found.empty:
        words = [w for col in columns for w in table[col] if w]
        close = difflib.get_close_matches(term, list(dict.fromkeys(words)), n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise LookupError(f"No glossary entry mentions {term!r}.{hint} glossary() lists them all.")
    return found[["term", *LANGUAGES, "definition", "platform_labels"]].set_index("term")


def markdown() -> str:
    """docs/glossary.md: the glossary as a page, generated from glossary.csv."""
    lines = [
        "# Glossary · Глоссарий · Глоссарий",
        "",
        "Every metric and concept of the course in English, Russian and Kazakh, with a one-line",
        'definition. From a notebook: `from course_utils import glossary; glossary("охват")`.',
        "Platform labels are the words the platforms' own interfaces use where we know them; none",
        "has been checked yet against a Russian or Kazakh interface (marked *not checked*).",
        "Generated from `course_utils/glossary_data/glossary.csv`: edit that file, then run",
        "`python -c \"from course_utils.terms import markdown; print(markdown(), end='')\" > docs/glossary.md`.",
        "",
        "| English | Русский | Қазақша | What it means | In the course |",
        "|---|---|---|---|---|",
    ]
    for row in _table().itertuples():
        labels = row.platform_labels
        if labels:
            checked = "" if row.checked == "yes" else " *(not checked)*"
            labels = f"<br>Platforms: {labels}{checked}"
        course = ", ".join(f"`{name.strip()}`" for name in row.course.split(";") if name.strip())
        lines.append(
            f"| **{row.english}** | {row.russian} | {row.kazakh} | {row.definition}{labels} | {course} |"
        )
    return "\n".join(lines) + "\n"
