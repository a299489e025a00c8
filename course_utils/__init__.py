"""Civic Channels course helpers: data, metrics, plots, checks, explorers and grading."""

from .data import describe, list_datasets, load
from .terms import glossary


def cheatsheet() -> None:
    """Show "pandas for Excel users" (docs/cheatsheet.md), the one page every exercise links to."""
    from .paths import COURSE_ROOT
    from .tasks import _show_markdown

    path = COURSE_ROOT / "docs" / "cheatsheet.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = f"The cheat sheet is not in this copy of the course (looked for {path})."
    _show_markdown(text)


__all__ = ["cheatsheet", "describe", "glossary", "list_datasets", "load"]
