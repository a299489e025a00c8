"""What the course's languages cost a participant: a message looked up, a catalog loaded.

    .venv/bin/python benchmarks/i18n_benchmark.py
    CIVIC_CHANNELS_LANG=kk .venv/bin/python benchmarks/check_benchmark.py   # every check in Kazakh

Prints the time of one `translate()` (English, Russian, Kazakh; the setting is read each time, so
a choice made on the start page applies at once), and of loading the biggest catalog from its
compiled .mo file and, when the .mo is missing or stale, from its .po file (in memory, Babel).
"""

from __future__ import annotations

import statistics
import time

from course_utils import i18n

MESSAGE = "Stuck? Run q{n}.hint() in a new cell."


def _per_call(lang: str, repeat: int = 20000) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            i18n.translate(MESSAGE, lang=None if lang == "setting" else lang, n=1)
        runs.append((time.perf_counter() - start) / repeat)
    return statistics.median(runs)


def main() -> None:
    for lang in ("en", "ru", "kk"):
        print(f"translate() in {lang}: {_per_call(lang) * 1e6:.1f} µs")
    print(f"translate() reading the setting: {_per_call('setting') * 1e6:.1f} µs")
    po = i18n.po_file("course", "kk")
    for source in ("mo", "po"):
        runs = []
        for n in range(5):
            i18n._catalog.cache_clear()
            start = time.perf_counter()
            if source == "mo":
                i18n.catalog("course", "kk")
            else:
                i18n._catalog("course", "kk", float(n + 1), 0.0)
            runs.append(time.perf_counter() - start)
        print(
            f"loading the course catalog (kk) from its .{source}: {statistics.median(runs) * 1000:.1f} ms"
        )
    print(f"({po.name}: {po.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
