"""How fast `course import` reads large platform exports, and how much memory it holds.

    python benchmarks/import_benchmark.py [--repeat 3]

Exports in the platforms' own formats are generated from the course's synthetic posts (by
course_utils.synthetic.exports, as the sample exports are) at the sizes of the issue "your own
channel": a Telegram Desktop channel export of ~4,000 messages, a Meta Business Suite post export
of ~5,000 rows with 200+ columns (the real export's many metric columns, which the importer must
skip), and a ~50 MB Telegram export and Meta export for memory. Each is imported with
`course_utils.imports.import_exports` in a fresh Python process; the time is the import alone
(median of --repeat runs; Python start-up and module imports excluded), the memory is the peak
resident size above the process's size just before the import.

Goals: each of the first two under 2 s on a 2-core machine; the 50 MB export holding no more than
a few times its size. Results go to benchmarks/results/import_benchmark.json and .md
(git-ignored) and are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

# Peak memory: VmHWM (Linux; ru_maxrss would carry the benchmark's own peak over the exec).
MEASURE = """
import json, sys, time
from course_utils.imports import import_exports
def high_water_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = high_water_kb()
start = time.perf_counter()
result = import_exports([sys.argv[1]])
seconds = time.perf_counter() - start
peak = high_water_kb()
rows = {name: len(table) for name, table in result.tables.items()}
print(json.dumps({"seconds": seconds, "extra_mb": (peak - before) / 1024, "rows": rows,
                  "errors": len(result.report.errors)}))
"""


def _posts(count: int):
    """`count` synthetic posts (the course's own, repeated with new ids, a minute apart)."""
    import pandas as pd

    from course_utils.data import load

    posts = load("posts")
    repeated = pd.concat([posts] * (count // len(posts) + 1), ignore_index=True).head(count)
    repeated = repeated.copy()
    repeated["post_id"] = [f"bench-{i}" for i in range(count)]
    repeated["published_at"] = pd.Timestamp("2025-01-01 08:00") + pd.to_timedelta(
        range(count), unit="min"
    )
    return repeated.fillna({"saves": 0, "reach": 0, "impressions": 0})


def telegram_export(count: int, folder: Path) -> Path:
    from course_utils.synthetic.exports import telegram_channel

    posts = _posts(count)
    posts = posts.assign(content_type=posts["content_type"].astype(str))
    path = folder / f"telegram_{count}" / "result.json"
    path.parent.mkdir(parents=True)
    text = json.dumps(telegram_channel(posts), ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return path


def meta_export(count: int, extra_columns: int, folder: Path) -> Path:
    """A Facebook post export with `extra_columns` metric columns the course does not use."""
    import csv
    import io

    from course_utils.synthetic.exports import meta_facebook

    posts = _posts(count * 2)
    posts = posts[posts["content_type"].astype(str).isin(["photo", "video", "text", "link"])]
    rows = list(csv.reader(io.StringIO(meta_facebook(posts.head(count)))))
    header = rows[0] + [f"Unused metric {i} (lifetime)" for i in range(extra_columns)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for n, row in enumerate(rows[1:]):
        writer.writerow(row + [str((n * 7 + i) % 1000) for i in range(extra_columns)])
    path = folder / f"Facebook_posts_{len(rows) - 1}.csv"
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def measure(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"importing {path} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civic-import-benchmark-") as tmp:
        folder = Path(tmp)
        cases = {
            "Telegram channel, 4,000 messages": telegram_export(4000, folder),
            "Meta post export, 5,000 rows x 225 columns": meta_export(5000, 200, folder),
            "Telegram channel, ~50 MB": telegram_export(78000, folder),
            "Meta post export, ~50 MB": meta_export(50000, 200, folder),
        }
        results = {}
        for name, path in cases.items():
            runs = [measure(path) for _ in range(args.repeat)]
            size_mb = path.stat().st_size / 1e6
            results[name] = {
                "file_mb": round(size_mb, 1),
                "seconds_median": round(statistics.median(r["seconds"] for r in runs), 2),
                "seconds_all": [round(r["seconds"], 2) for r in runs],
                "extra_memory_mb": round(max(r["extra_mb"] for r in runs), 1),
                "memory_per_file_size": round(max(r["extra_mb"] for r in runs) / size_mb, 1),
                "rows": runs[0]["rows"],
                "errors": runs[0]["errors"],
            }
            r = results[name]
            print(
                f"  {name:<45} {r['file_mb']:6.1f} MB  {r['seconds_median']:6.2f} s  "
                f"+{r['extra_memory_mb']:.0f} MB ({r['memory_per_file_size']}x the file)",
                flush=True,
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "results": results,
    }
    (RESULTS / "import_benchmark.json").write_text(json.dumps(record, indent=1))
    lines = [
        "| export | MB | seconds (median) | extra memory MB | x file size |",
        "|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['file_mb']} | {r['seconds_median']} | {r['extra_memory_mb']} | "
            f"{r['memory_per_file_size']} |"
        )
    (RESULTS / "import_benchmark.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
