"""How long each interactive explorer takes to update on the course data.

    python benchmarks/explorers_benchmark.py

Each update is timed as a participant meets it: set a control, rebuild the view, render the
chart to PNG. Prints the median and the worst of several repetitions per update; the budget is
0.5 s per update (issue #3). Exit status 1 if an update is over budget.
"""

from __future__ import annotations

import io
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from course_utils import kpis, load
from course_utils.explorers import (
    account_summary,
    channel_dashboard,
    content_type_explorer,
    kpi_dashboard,
    posting_time_explorer,
)

BUDGET = 0.5
REPEATS = 5


def timed(explorer, **choices) -> float:
    start = time.perf_counter()
    view = explorer.set(**choices)
    if view.figure is not None:
        # as Jupyter's inline backend renders it: PNG at the figure's dpi, tight bounding box
        view.figure.savefig(io.BytesIO(), format="png", dpi=view.figure.dpi, bbox_inches="tight")
    return time.perf_counter() - start


def scenarios():
    posts = load("posts")
    summary = account_summary(posts)
    dashboard = channel_dashboard(summary)
    posting = posting_time_explorer(posts)
    content = content_type_explorer(posts)
    dashboard_kpi = kpi_dashboard(None, kpis.monthly_kpis(), akimat="region_f")
    yield (
        "channel dashboard: platform",
        dashboard,
        [{"platform": p} for p in ("telegram", "tiktok", "instagram")],
    )
    yield (
        "channel dashboard: metric",
        dashboard,
        [{"metric": m} for m in ("ER by followers", "Follower growth", "ER by reach")],
    )
    yield (
        "channel dashboard: akimats",
        dashboard,
        [
            {"akimats": a}
            for a in (("city_x", "region_h"), ("city_y",), ("region_q", "city_z", "city_x"))
        ],
    )
    yield (
        "posting time: platform",
        posting,
        [{"platform": p} for p in ("telegram", "facebook", "instagram")],
    )
    yield (
        "posting time: measure",
        posting,
        [{"measure": m} for m in ("Median ER by reach", "Posts published")],
    )
    yield (
        "posting time: content type",
        posting,
        [{"content_type": t} for t in ("short_video", "photo", "all")],
    )
    yield (
        "content types: platform",
        content,
        [{"platform": p} for p in ("tiktok", "facebook", "instagram")],
    )
    yield (
        "content types: metric",
        content,
        [{"metric": m} for m in ("Reach", "Shares per post", "ER by reach")],
    )
    yield "content types: statistic", content, [{"statistic": s} for s in ("mean", "median")]
    yield (
        "KPI dashboard: KPI",
        dashboard_kpi,
        [{"kpi": k} for k in ("questions_answered", "median_response_hours", "response_rate")],
    )
    yield (
        "KPI dashboard: akimat",
        dashboard_kpi,
        [{"akimat_id": a} for a in ("city_x", "region_j", "region_f")],
    )
    yield "KPI dashboard: compare", dashboard_kpi, [{"compare": a} for a in ("region_q", "city_x")]


def main() -> int:
    worst_overall = 0.0
    print(f"{'update':32} {'median s':>9} {'worst s':>8}")
    for name, explorer, choices in scenarios():
        times = [timed(explorer, **c) for _ in range(REPEATS) for c in choices]
        worst = max(times)
        worst_overall = max(worst_overall, worst)
        print(f"{name:32} {statistics.median(times):9.3f} {worst:8.3f}")
    print(f"worst update: {worst_overall:.3f} s (budget {BUDGET} s)")
    return 0 if worst_overall < BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
