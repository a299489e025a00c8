"""Synthetic, anonymised peer-agency profiles for the capstone (m08).

Sixteen public bodies, named only "Agency A" to "Agency P": their social-media practices and the
outcomes a year later. Outcomes follow the practices with noise: published moderation rules and
fast replies go with less negative comment and more local trust; deleting criticism goes with
less trust; more short video goes with higher engagement; posting a lot goes with lower
engagement per post. Loosely inspired by what monitoring of Georgian public bodies' Facebook
pages (2012-13) and Ukraine's regional Telegram channels (2022) found; no agency is real.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AGENCY_TYPES = ("regional_akimat", "city_akimat", "ministry", "foreign_regional", "foreign_city")
REPLY_POLICIES = ("none", "selected_questions", "all_within_24h", "all_within_4h")

NOTES = {
    "none": "Does not reply to comments; posts announcements only.",
    "selected_questions": "Replies to some questions when a specialist has time.",
    "all_within_24h": "Replies to every question within a working day, using a template bank.",
    "all_within_4h": "A duty officer replies to every question within four hours, evenings included.",
}


def generate(rng: np.random.Generator) -> pd.DataFrame:
    n = 16
    types = rng.choice(AGENCY_TYPES, n, p=[0.4, 0.2, 0.15, 0.15, 0.1])
    country = np.where(
        np.isin(types, ["foreign_regional", "foreign_city"]),
        rng.choice(["Georgia", "Ukraine", "Estonia"], n),
        "Kazakhstan",
    )
    policy_idx = rng.choice(len(REPLY_POLICIES), n, p=[0.25, 0.35, 0.25, 0.15])
    policy = np.array(REPLY_POLICIES)[policy_idx]
    response_hours = np.where(
        policy_idx == 0,
        np.nan,
        np.exp(
            np.log(np.array([np.nan, 30, 10, 2.5])[policy_idx].astype(float))
            + rng.normal(0, 0.3, n)
        ),
    )
    response_rate = np.clip(np.array([2, 15, 70, 90])[policy_idx] + rng.normal(0, 6, n), 0, 100)
    moderation_policy = rng.random(n) < 0.15 + 0.2 * policy_idx
    deletes_criticism = (rng.random(n) < 0.5 - 0.12 * policy_idx) & ~moderation_policy
    posts_per_week = np.round(np.exp(rng.normal(np.log(12), 0.55, n)), 1)
    video_share = np.round(np.clip(rng.beta(2, 4, n) * 100, 3, 85), 0)
    telegram = rng.random(n) < 0.75
    tiktok = rng.random(n) < video_share / 100 + 0.2
    live_qa = rng.poisson(0.4 + 0.5 * policy_idx)

    er = 1.2 * np.exp(
        0.012 * (video_share - 25) - 0.35 * np.log(posts_per_week / 12) + rng.normal(0, 0.2, n)
    )
    negative = np.clip(
        38 - 7 * policy_idx - 6 * moderation_policy + 10 * deletes_criticism + rng.normal(0, 4, n),
        5,
        80,
    )
    trust = np.clip(
        22
        + 5 * policy_idx
        + 4 * moderation_policy
        - 7 * deletes_criticism
        + 1.5 * live_qa
        + rng.normal(0, 3, n),
        3,
        80,
    )
    growth = 4 + 0.15 * video_share + 6 * telegram + 3 * policy_idx + rng.normal(0, 4, n)

    df = pd.DataFrame(
        {
            "agency_id": [f"agency_{chr(ord('a') + i)}" for i in range(n)],
            "agency": [f"Agency {chr(ord('A') + i)}" for i in range(n)],
            "agency_type": types,
            "country": country,
            "population_served_k": np.round(np.exp(rng.normal(np.log(800), 0.6, n)), -1).astype(
                int
            ),
            "posts_per_week": posts_per_week,
            "video_share_pct": video_share,
            "telegram_channel": telegram,
            "tiktok_account": tiktok,
            "reply_policy": policy,
            "response_rate_pct": np.round(response_rate, 1),
            "median_response_hours": np.round(response_hours, 1),
            "published_moderation_policy": moderation_policy,
            "deletes_critical_comments": deletes_criticism,
            "live_qa_per_month": live_qa,
            "er_by_reach_pct": np.round(er, 2),
            "follower_growth_pct": np.round(growth, 1),
            "negative_comment_share_pct": np.round(negative, 1),
            "local_trust_pct": np.round(trust, 1),
            "practice_note": [NOTES[p] for p in policy],
        }
    )
    return df
