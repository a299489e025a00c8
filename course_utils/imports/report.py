"""The import report: what was recognised, what was read, skipped and why, what is missing."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from ..i18n import N_, _

# What each platform's exports cannot provide, in the course's columns (missing, never 0).
CANNOT_PROVIDE: dict[str, dict[str, str]] = {
    "telegram": {
        "reach": N_(
            "Telegram reports views, not reach (and the Desktop export has no views either)"
        ),
        "impressions": N_("the Telegram Desktop export has no view counts"),
        "shares": N_("the Telegram Desktop export has no forward counts"),
        "comments": N_("comment counts come only from an exported discussion group"),
        "saves": N_("Telegram has no saves"),
        "daily_followers": N_("the Telegram Desktop export has no subscriber history"),
    },
    "facebook": {"saves": N_("Facebook has no saves")},
    "instagram": {},
    "tiktok": {"reach": N_("TikTok Studio's content export has views, not reach")},
    "youtube": {
        "saves": N_("YouTube has no saves"),
        "reach": N_("YouTube Studio reports views, not reach (add the 'Unique viewers' column)"),
    },
    "x": {"reach": N_("X reports impressions, not reach"), "content_type": N_("X does not say")},
    "vk": {"posts": N_("the community statistics export has no per-post rows")},
}
NOT_IN_ANY_EXPORT = ("topic", "language")


@dataclass
class FileReport:
    name: str
    # texts are written in the course language when they are made (core.py, telegram.py)
    recognised_as: str = field(default_factory=lambda: _("not recognised"))
    rows_read: int = 0
    rows_imported: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    platforms: set[str] = field(default_factory=set)

    def add(self, name: str) -> FileReport:
        report = FileReport(name)
        self.files.append(report)
        return report

    @property
    def ok(self) -> bool:
        return not self.errors and any(f.rows_imported for f in self.files)

    def missing(self) -> dict[str, dict[str, str]]:
        """Per imported platform: course column → why this platform's exports lack it."""
        return {p: CANNOT_PROVIDE.get(p, {}) for p in sorted(self.platforms)}

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "file": f.name,
                    "recognised as": f.recognised_as,
                    "rows read": f.rows_read,
                    "rows imported": f.rows_imported,
                    "rows skipped": len(f.skipped),
                }
                for f in self.files
            ]
        )

    def text(self, limit: int = 10) -> str:
        """The report in plain words, as the `course import` command prints it."""
        heading = _("Import report")
        lines = [heading, "=" * len(heading)]
        for f in self.files:
            lines.append(f"- {f.name}: {f.recognised_as}")
            if f.rows_read or f.rows_imported:
                lines.append(
                    "    "
                    + _(
                        "{read} rows read, {imported} imported, {skipped} skipped",
                        read=f.rows_read,
                        imported=f.rows_imported,
                        skipped=len(f.skipped),
                    )
                )
            lines += ["    " + _("skipped: {row}", row=s) for s in f.skipped[:limit]]
            if len(f.skipped) > limit:
                more = len(f.skipped) - limit
                lines.append("    " + _("... and {count} more skipped rows", count=more))
            lines += ["    " + _("note: {note}", note=w) for w in f.warnings]
        for platform, missing in self.missing().items():
            if missing:
                lines.append(
                    _(
                        "What the {platform} export cannot provide (left empty, never 0):",
                        platform=platform,
                    )
                )
                lines += [f"    {column}: {_(why)}" for column, why in missing.items()]
        if self.platforms:
            lines.append(
                _("No export has the course's coded columns topic and language: they are empty.")
            )
        lines += [_("ERROR: {error}", error=e) for e in self.errors]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.text()) + "</pre>"
