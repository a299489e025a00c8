"""Synthetic content-format experiment (A/B) for module m04.

One akimat's press service ran two experiments over eight weeks: each week's announcements were
randomly assigned to a static format (photo or carousel) or a short vertical video.
- On Instagram short video clearly engages more (about +45% engagement rate by reach).
- On Telegram the difference is small and the experiment cannot tell it from chance. Telegram
  reports views, not reach, so that arm's audience is in `views` (engagement rate by views).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .channels import TOPIC_PROFILE
from .reference import YEAR

EXPERIMENT_AKIMAT = "region_f"
WEEKS = 8
START = pd.Timestamp(f"{YEAR}-09-01")  # a Monday

# experiment id: (platform, posts per arm per week, static format, base ER, lift of video, reach, reach lift)
DESIGNS = {
    "instagram_reels_vs_static": ("instagram", 5, "carousel", 0.032, 1.45, 9000, 1.5),
    "telegram_video_vs_photo": ("telegram", 4, "photo", 0.017, 1.05, 12000, 1.05),
}


def generate(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    topics = [t for t in TOPIC_PROFILE if t != "emergency_alerts"]
    for experiment, (
        platform,
        per_week,
        static,
        base_er,
        lift,
        base_reach,
        reach_lift,
    ) in DESIGNS.items():
        for week in range(1, WEEKS + 1):
            arms = np.array(["static"] * per_week + ["short_video"] * per_week)
            rng.shuffle(arms)
            days = rng.integers(0, 5, len(arms))
            for arm, day in zip(arms, days, strict=True):
                topic = topics[int(rng.integers(len(topics)))]
                video = arm == "short_video"
                reach = round(base_reach * (reach_lift if video else 1.0) * rng.lognormal(0, 0.35))
                er = (
                    base_er
                    * (lift if video else 1.0)
                    * TOPIC_PROFILE[topic][1] ** 0.5
                    * rng.lognormal(0, 0.30)
                )
                engagements = int(rng.binomial(reach, min(er, 0.5)))
                shares_p = (
                    (0.78, 0.07, 0.07, 0.08) if platform == "instagram" else (0.72, 0.08, 0.20, 0.0)
                )
                likes, comments, shares, saves = rng.multinomial(engagements, shares_p)
                minute = int(rng.integers(10 * 60, 17 * 60))
                rows.append(
                    {
                        "experiment": experiment,
                        "akimat_id": EXPERIMENT_AKIMAT,
                        "platform": platform,
                        "week": week,
                        "published_at": START
                        + pd.Timedelta(days=7 * (week - 1) + int(day), minutes=minute),
                        "arm": arm,
                        "content_type": "short_video" if video else static,
                        "topic": topic,
                        "reach": reach,
                        "likes": int(likes),
                        "comments": int(comments),
                        "shares": int(shares),
                        "saves": int(saves) if platform == "instagram" else pd.NA,
                    }
                )
    df = (
        pd.DataFrame(rows)
        .sort_values(["experiment", "published_at"], kind="stable")
        .reset_index(drop=True)
    )
    df.insert(0, "test_post_id", [f"X{i + 1:03d}" for i in range(len(df))])
    df["saves"] = df["saves"].astype("Int64")
    # Telegram counts views, not reach: its arm's audience is reported as views.
    telegram = df["platform"] == "telegram"
    audience = df.pop("reach").astype("Int64")
    df.insert(df.columns.get_loc("topic") + 1, "reach", audience.mask(telegram))
    df.insert(df.columns.get_loc("reach") + 1, "views", audience.where(telegram))
    return df
