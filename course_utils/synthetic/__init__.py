"""Generate every course dataset from code, with a fixed seed.

    python -m course_utils.synthetic            # rewrite datasets/ in the course folder
    python -m course_utils.synthetic OUT_DIR    # write somewhere else (the tests do this)

The output is byte-identical on every run (same package versions): each dataset has its own
random stream, so changing one generator does not change the others.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import channels, comments, crisis, experiment, peers, survey
from .schema import descriptor, serialise

SEED = 2025
STREAMS = {"survey": 1, "channels": 2, "comments": 3, "crisis": 4, "experiment": 5, "peers": 6}


def _rng(stream: str) -> np.random.Generator:
    return np.random.default_rng([SEED, STREAMS[stream]])


def build() -> dict[str, pd.DataFrame]:
    """Every dataset as a DataFrame, keyed by resource name (timestamps naive, local time)."""
    accounts, followers, posts, traits = channels.generate(_rng("channels"))
    timeline, events = crisis.generate(_rng("crisis"))
    return {
        "survey": survey.generate(_rng("survey")),
        "accounts": accounts,
        "daily_followers": followers,
        "posts": posts,
        "comments": comments.generate(_rng("comments"), posts, traits),
        "crisis_timeline": timeline,
        "crisis_events": events,
        "format_experiment": experiment.generate(_rng("experiment")),
        "peer_agencies": peers.generate(_rng("peers")),
    }


def write(out_dir: Path | str) -> list[Path]:
    """Write every CSV and datapackage.json into out_dir; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    package = descriptor()
    frames = build()
    written = []
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        df = serialise(frames[resource["name"]], fields)
        path = out_dir / resource["path"]
        df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(path)
    return written
