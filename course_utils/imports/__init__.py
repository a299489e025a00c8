"""Import a press service's own platform exports into the course's tables.

    >>> from course_utils.imports import import_exports, write_package
    >>> result = import_exports(["~/Downloads/ChatExport/result.json", "~/Downloads/tiktok.zip"])
    >>> print(result.report)                     # doctest: +SKIP
    >>> write_package(result, "my_data")          # doctest: +SKIP
    >>> posts = load("posts", source="my_data")   # doctest: +SKIP

One small module per platform (telegram, meta, tiktok, youtube, x, vk), shared readers
(`readers`: file types, encodings, delimiters, numbers, localised dates), the alias tables of
column names (`aliases/`, in data), the import report (`report`) and the data package (`package`).
"""

from __future__ import annotations

from pathlib import Path

from ..paths import MY_DATA
from .core import ImportResult, import_exports
from .readers import ExportError
from .report import ImportReport

DEFAULT_OUT = MY_DATA


def write_package(
    result: ImportResult, out_dir: Path | str = DEFAULT_OUT, sources=()
) -> list[Path]:
    """Write the imported tables as a data package (default: the course's git-ignored my_data/)."""
    from . import package

    package.check_out_dir(Path(out_dir), [Path(s) for s in sources])
    return package.write(result.tables, out_dir, result.report, synthetic=result.synthetic)


def parse_columns(text: str | None) -> dict[str, str]:
    """'Охват=reach,Показы=impressions' → {'Охват': 'reach', 'Показы': 'impressions'}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "=" not in part:
            raise ExportError(
                f"--columns: {part!r} should look like 'column in the file=course column', "
                "for example 'Охват публикации=reach'."
            )
        header, field = part.rsplit("=", 1)
        mapping[header.strip()] = field.strip()
    return mapping


__all__ = [
    "DEFAULT_OUT",
    "ExportError",
    "ImportReport",
    "ImportResult",
    "import_exports",
    "parse_columns",
    "write_package",
]
