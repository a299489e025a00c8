"""A one-line progress display for long batches (no dependency).

On a terminal the line redraws itself in place:

    grading m01  [###########.........]  19/35  ✗ 1  running: alice, bob  0:41, ~0:33 left

Elsewhere (a log file, CI) it prints one line per finished item instead.
"""

from __future__ import annotations

import sys
from time import monotonic
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Counts finished items (ok or failed) out of `total` and shows it on one line."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 20):
        self.total, self.label, self.width = total, label, width
        self.stream = stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.done = self.failed = 0
        self.running: list[str] = []
        self.started = monotonic()

    def line(self) -> str:
        filled = int(self.width * self.done / self.total) if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = monotonic() - self.started
        text = f"{self.label}  [{bar}]  {self.done}/{self.total}"
        if self.failed:
            text += f"  ✗ {self.failed}"
        if self.running:
            shown = ", ".join(self.running[:3]) + (" ..." if len(self.running) > 3 else "")
            text += f"  running: {shown}"
        text += f"  {_clock(elapsed)}"
        if 0 < self.done < self.total:
            text += f", ~{_clock(elapsed / self.done * (self.total - self.done))} left"
        return text

    def _draw(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[2K" + self.line())
            self.stream.flush()

    def start(self, name: str) -> None:
        self.running.append(name)
        self._draw()

    def finish(self, name: str, ok: bool, note: str = "") -> None:
        if name in self.running:
            self.running.remove(name)
        self.done += 1
        self.failed += not ok
        if self.live:
            self._draw()
        else:
            status = "ok" if ok else "FAILED"
            detail = f" ({note})" if note else ""
            self.stream.write(f"[{self.done}/{self.total}] {name}: {status}{detail}\n")
            self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[2K" + self.line() + "\n")
            self.stream.flush()
