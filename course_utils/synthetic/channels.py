"""Synthetic akimat accounts, their daily followers, and a year of posts.

What the lessons teach is built into the generating process (with noise):
- engagement rate by reach and by followers rank accounts differently (reach per follower is an
  account trait independent of how engaging the account is);
- short video beats static images on TikTok and Instagram;
- the press service posts on weekdays 9-18 while the audience is most active in the evening and
  at weekends;
- Telegram and TikTok audiences grow through the year while Facebook stalls;
- more posts a day means fewer engagements per post (but more in total);
- official-event ("protocol") posts engage least; infrastructure and public-service posts draw
  comments, culture and sport draws likes, emergency alerts are shared;
- Kazakh-language posts engage more where more people speak Kazakh, Russian-language ones where
  fewer do;
- the spring flood in the crisis region (April) brings emergency posts and a jump in followers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .reference import (
    AKIMATS,
    BY_ID,
    CONTENT_TYPES,
    CORE_PLATFORMS,
    CRISIS_AKIMAT,
    LANGUAGES,
    VK_AKIMATS,
    YEAR,
)

DAYS = pd.date_range(f"{YEAR}-01-01", f"{YEAR}-12-31", freq="D")
CRISIS_DAY = 95  # 6 April (day index from 1 January)


@dataclass(frozen=True)
class PlatformProfile:
    followers_per_1k: float  # followers per thousand residents, typical account
    growth: tuple[float, float]  # mean and sd of growth over the year (fraction)
    posts_per_day: float
    reach_per_follower: tuple[float, float]  # range of an account's typical reach / followers
    impressions_per_reach: float
    engagement_rate: float  # typical engagements / reach
    mix: dict[str, float]  # content-type mix
    content_reach: dict[str, float]
    content_er: dict[str, float]
    response: tuple[float, float, float, float]  # likes, comments, shares, saves
    has_saves: bool
    opened: tuple[int, int]  # range of years the account was opened


PROFILES: dict[str, PlatformProfile] = {
    "instagram": PlatformProfile(
        120,
        (0.05, 0.06),
        1.0,
        (0.06, 0.45),
        1.45,
        0.040,
        {"photo": 0.30, "carousel": 0.30, "short_video": 0.32, "video": 0.08},
        {"photo": 1.0, "carousel": 1.05, "short_video": 1.8, "video": 1.1},
        {"photo": 1.0, "carousel": 1.15, "short_video": 1.55, "video": 1.1},
        (0.78, 0.07, 0.07, 0.08),
        True,
        (2014, 2019),
    ),
    "facebook": PlatformProfile(
        22,
        (-0.01, 0.025),
        0.7,
        (0.03, 0.25),
        1.25,
        0.025,
        {
            "photo": 0.45,
            "carousel": 0.05,
            "video": 0.10,
            "short_video": 0.05,
            "text": 0.10,
            "link": 0.25,
        },
        {
            "photo": 1.0,
            "carousel": 1.0,
            "video": 1.15,
            "short_video": 1.25,
            "text": 0.8,
            "link": 0.7,
        },
        {
            "photo": 1.0,
            "carousel": 1.05,
            "video": 1.15,
            "short_video": 1.2,
            "text": 0.75,
            "link": 0.6,
        },
        (0.74, 0.12, 0.14, 0.0),
        False,
        (2011, 2016),
    ),
    "telegram": PlatformProfile(
        32,
        (0.38, 0.10),
        1.6,
        (0.25, 0.55),
        1.18,
        0.018,
        {"text": 0.33, "photo": 0.35, "video": 0.10, "short_video": 0.12, "link": 0.10},
        {"text": 1.0, "photo": 1.0, "video": 1.05, "short_video": 1.1, "link": 0.9},
        {"text": 0.9, "photo": 1.0, "video": 1.05, "short_video": 1.1, "link": 0.8},
        (0.70, 0.08, 0.22, 0.0),
        False,
        (2019, 2022),
    ),
    "tiktok": PlatformProfile(
        45,
        (0.65, 0.22),
        0.45,
        (0.15, 1.20),
        1.20,
        0.060,
        {"short_video": 0.84, "carousel": 0.10, "photo": 0.06},
        {"short_video": 1.7, "carousel": 1.0, "photo": 0.85},
        {"short_video": 1.5, "carousel": 1.0, "photo": 0.85},
        (0.84, 0.05, 0.05, 0.06),
        True,
        (2020, 2023),
    ),
    "youtube": PlatformProfile(
        6,
        (0.10, 0.05),
        0.12,
        (0.05, 0.30),
        1.15,
        0.040,
        {"video": 0.70, "short_video": 0.30},
        {"video": 1.0, "short_video": 2.0},
        {"video": 1.0, "short_video": 1.1},
        (0.88, 0.07, 0.05, 0.0),
        False,
        (2012, 2018),
    ),
    "vk": PlatformProfile(
        12,
        (-0.06, 0.03),
        0.5,
        (0.08, 0.25),
        1.30,
        0.015,
        {"photo": 0.50, "text": 0.15, "video": 0.10, "short_video": 0.05, "link": 0.20},
        {"photo": 1.0, "text": 0.85, "video": 1.1, "short_video": 1.2, "link": 0.75},
        {"photo": 1.0, "text": 0.8, "video": 1.1, "short_video": 1.15, "link": 0.7},
        (0.80, 0.08, 0.12, 0.0),
        False,
        (2012, 2015),
    ),
}

# Topic: share of posts, engagement multiplier, and multipliers on likes, comments, shares, saves.
TOPIC_PROFILE: dict[str, tuple[float, float, tuple[float, float, float, float]]] = {
    "official_events": (0.30, 0.60, (1.0, 0.7, 0.6, 0.5)),
    "infrastructure": (0.15, 1.10, (0.8, 2.6, 1.0, 0.8)),
    "public_services": (0.12, 1.00, (0.8, 2.1, 1.5, 1.9)),
    "social_support": (0.10, 1.20, (0.9, 1.8, 1.6, 1.4)),
    "emergency_alerts": (0.07, 1.50, (0.8, 1.2, 3.0, 1.0)),
    "culture_sport": (0.12, 1.30, (1.4, 0.6, 0.8, 0.8)),
    "health_education": (0.08, 1.00, (1.0, 1.0, 1.2, 1.3)),
    "economy_jobs": (0.06, 0.90, (0.9, 1.2, 1.3, 1.2)),
}


def audience_activity(weekday: np.ndarray, hour: np.ndarray) -> np.ndarray:
    """How active the audience is at a given weekday (0 = Monday) and hour (0-23): ~0.55 to ~1.45."""
    evening = np.exp(-0.5 * ((hour - 20.5) / 2.2) ** 2)
    lunch = 0.35 * np.exp(-0.5 * ((hour - 13.0) / 1.2) ** 2)
    morning = 0.25 * np.exp(-0.5 * ((hour - 8.0) / 1.0) ** 2)
    night = np.where((hour >= 1) & (hour <= 6), -0.35, 0.0)
    base = 0.75 + 0.55 * evening + lunch + morning + night
    weekend = np.where(weekday >= 5, 1.22, 1.0)
    return base * weekend


def build_accounts(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for akimat in AKIMATS:
        platforms = list(CORE_PLATFORMS) + (["vk"] if akimat.id in VK_AKIMATS else [])
        for platform in platforms:
            p = PROFILES[platform]
            rows.append(
                {
                    "account_id": f"{akimat.id}-{platform}",
                    "akimat_id": akimat.id,
                    "akimat": akimat.name,
                    "akimat_type": akimat.kind,
                    "platform": platform,
                    "opened_year": int(rng.integers(p.opened[0], p.opened[1] + 1)),
                }
            )
    return pd.DataFrame(rows)


def _account_traits(rng: np.random.Generator, accounts: pd.DataFrame) -> pd.DataFrame:
    """Hidden traits of each account that steer its followers and posts (not published)."""
    traits = accounts[["account_id", "akimat_id", "platform"]].copy()
    n = len(traits)
    prof = [PROFILES[p] for p in traits["platform"]]
    pop = traits["akimat_id"].map(lambda a: BY_ID[a].population_k).to_numpy(float)
    audience_scale = np.exp(rng.normal(0, 0.45, n))
    traits["followers_start"] = np.array([p.followers_per_1k for p in prof]) * pop * audience_scale
    mean_growth = np.array([p.growth[0] for p in prof])
    sd_growth = np.array([p.growth[1] for p in prof])
    traits["growth"] = mean_growth + sd_growth * rng.normal(0, 1, n)
    lo = np.array([p.reach_per_follower[0] for p in prof])
    hi = np.array([p.reach_per_follower[1] for p in prof])
    traits["reach_per_follower"] = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    traits["er_scale"] = np.exp(rng.normal(0, 0.35, n))  # independent of reach per follower
    traits["posts_scale"] = np.exp(rng.normal(0, 0.40, n))
    traits["posts_per_day"] = np.array([p.posts_per_day for p in prof]) * traits["posts_scale"]
    kk = traits["akimat_id"].map(lambda a: BY_ID[a].kazakh_share).to_numpy(float)
    p_kk = np.clip(0.15 + 0.55 * kk + rng.normal(0, 0.05, n), 0.05, 0.9)
    p_ru = np.clip(0.10 + 0.55 * (1 - kk) + rng.normal(0, 0.05, n), 0.05, 0.9)
    p_both = np.clip(1 - p_kk - p_ru, 0.05, None)
    total = p_kk + p_ru + p_both
    traits["p_kk"], traits["p_ru"], traits["p_both"] = p_kk / total, p_ru / total, p_both / total
    traits["kazakh_share"] = kk
    return traits


def build_daily_followers(rng: np.random.Generator, traits: pd.DataFrame) -> pd.DataFrame:
    t = np.arange(len(DAYS)) / (len(DAYS) - 1)
    frames = []
    for row in traits.itertuples(index=False):
        log_path = np.log1p(row.growth) * t
        # day-to-day noise: a random walk with small steps, pinned to start at 0
        walk = np.cumsum(rng.normal(0, 0.0025, len(DAYS)))
        walk -= walk[0]
        jumps = np.zeros(len(DAYS))
        if row.platform == "tiktok":  # a few viral videos bring step changes
            for day in rng.choice(len(DAYS), size=3, replace=False):
                jumps[day:] += rng.uniform(0.01, 0.04)
        if row.akimat_id == CRISIS_AKIMAT and row.platform in ("telegram", "instagram", "tiktok"):
            size = {"telegram": 0.30, "instagram": 0.07, "tiktok": 0.10}[row.platform]
            ramp = np.clip((np.arange(len(DAYS)) - CRISIS_DAY) / 5.0, 0, 1)
            jumps += np.log1p(size) * ramp
        followers = row.followers_start * np.exp(log_path + walk + jumps)
        frames.append(
            pd.DataFrame(
                {
                    "account_id": row.account_id,
                    "date": DAYS,
                    "followers": np.round(followers).astype(np.int64),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _posting_times(
    rng: np.random.Generator, n: int, crisis: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Day index and minute of day for n posts: a press service's working week, mostly 9-18."""
    # weekday posts concentrate on working hours; a few evening and weekend posts
    day = rng.integers(0, len(DAYS), n)
    weekday = DAYS.day_of_week.to_numpy()[day]
    keep_weekend = rng.random(n) < 0.25
    redraw = (weekday >= 5) & ~keep_weekend & ~crisis
    while redraw.any():
        day[redraw] = rng.integers(0, len(DAYS), redraw.sum())
        weekday = DAYS.day_of_week.to_numpy()[day]
        redraw = redraw & (weekday >= 5)
    u = rng.random(n)
    working = np.clip(rng.normal(np.where(rng.random(n) < 0.55, 11.0, 15.8), 1.6, n), 8.5, 18.4)
    evening = rng.uniform(18.5, 22.5, n)
    early = rng.uniform(7.0, 8.5, n)
    hours = np.where(u < 0.82, working, np.where(u < 0.95, evening, early))
    hours = np.where(crisis, rng.uniform(6.5, 22.0, n), hours)
    minute = np.floor(hours * 60).astype(np.int64)
    return day, minute


def build_posts(
    rng: np.random.Generator, traits: pd.DataFrame, followers: pd.DataFrame
) -> pd.DataFrame:
    follower_matrix = followers.pivot(index="date", columns="account_id", values="followers")
    frames = []
    topics = list(TOPIC_PROFILE)
    topic_p = np.array([TOPIC_PROFILE[t][0] for t in topics])
    topic_p /= topic_p.sum()
    for row in traits.itertuples(index=False):
        prof = PROFILES[row.platform]
        n = int(rng.poisson(row.posts_per_day * len(DAYS)))
        crisis_extra = 0
        if row.akimat_id == CRISIS_AKIMAT and row.platform in (
            "telegram",
            "instagram",
            "facebook",
            "tiktok",
        ):
            crisis_extra = {"telegram": 40, "instagram": 12, "facebook": 10, "tiktok": 5}[
                row.platform
            ]
        crisis = np.r_[np.zeros(n, bool), np.ones(crisis_extra, bool)]
        day, minute = _posting_times(rng, n + crisis_extra, crisis)
        day = np.where(crisis, CRISIS_DAY + rng.integers(0, 4, len(crisis)), day)
        n = len(day)
        kinds = list(prof.mix)
        mix = np.array([prof.mix[k] for k in kinds])
        # each account has its own content mix around the platform's typical one
        mix = rng.dirichlet(mix * 40)
        content = np.array(kinds)[rng.choice(len(kinds), n, p=mix)]
        topic = np.array(topics)[rng.choice(len(topics), n, p=topic_p)]
        topic = np.where(crisis, "emergency_alerts", topic)
        language = np.array(LANGUAGES)[rng.choice(3, n, p=[row.p_kk, row.p_ru, row.p_both])]

        weekday = DAYS.day_of_week.to_numpy()[day]
        hour = minute // 60
        activity = audience_activity(weekday, hour)
        f = follower_matrix[row.account_id].to_numpy()[day].astype(float)

        c_reach = np.array([prof.content_reach[c] for c in content])
        c_er = np.array([prof.content_er[c] for c in content])
        t_er = np.array([TOPIC_PROFILE[t][1] for t in topic])
        kk = row.kazakh_share
        lang_er = np.select(
            [language == "kk", language == "ru"], [0.6 + 0.8 * kk, 0.6 + 0.8 * (1 - kk)], 1.0
        )
        lang_reach = np.where(language == "both", 1.1, 1.0)
        crisis_boost = np.where(crisis, 2.2, 1.0)
        fatigue = row.posts_scale**-0.3  # more posts a day, fewer engagements per post

        reach = (
            f
            * row.reach_per_follower
            * c_reach
            * (0.55 + 0.45 * activity)
            * lang_reach
            * crisis_boost
            * np.exp(rng.normal(0, 0.45, n))
        )
        reach = np.maximum(np.round(reach), 1).astype(np.int64)
        impressions = np.maximum(
            np.round(reach * prof.impressions_per_reach * np.exp(rng.normal(0, 0.08, n))), reach
        )
        er = (
            prof.engagement_rate
            * row.er_scale
            * c_er
            * t_er
            * lang_er
            * fatigue
            * (0.3 + 0.7 * activity)
            * np.exp(rng.normal(0, 0.35, n))
        )
        engagements = rng.binomial(reach, np.clip(er, 0, 0.5))

        base = np.array(prof.response, float)
        topic_mult = np.array(
            [TOPIC_PROFILE[t][2] for t in topic]
        )  # likes, comments, shares, saves
        weights = base * topic_mult
        weights /= weights.sum(axis=1, keepdims=True)
        split = np.array([rng.multinomial(e, w) for e, w in zip(engagements, weights, strict=True)])

        published = DAYS[day] + pd.to_timedelta(minute, unit="min")
        frames.append(
            pd.DataFrame(
                {
                    "account_id": row.account_id,
                    "akimat_id": row.akimat_id,
                    "platform": row.platform,
                    "published_at": published,
                    "content_type": content,
                    "topic": topic,
                    "language": language,
                    "reach": reach,
                    "impressions": impressions.astype(np.int64),
                    "likes": split[:, 0],
                    "comments": split[:, 1],
                    "shares": split[:, 2],
                    "saves": pd.array(split[:, 3], dtype="Int64")
                    if prof.has_saves
                    else pd.array([pd.NA] * n, dtype="Int64"),
                }
            )
        )
    posts = pd.concat(frames, ignore_index=True)
    # Telegram reports views per post, never reach (unique viewers): like a real channel's data,
    # the synthetic Telegram posts keep their views (in `impressions`) and have no reach.
    posts["reach"] = posts["reach"].astype("Int64").mask(posts["platform"] == "telegram")
    posts = posts.sort_values(["published_at", "account_id"], kind="stable").reset_index(drop=True)
    posts.insert(0, "post_id", [f"P{i + 1:06d}" for i in range(len(posts))])
    return posts


def generate(
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Accounts, daily followers, posts, and the hidden account traits (for the comment generator)."""
    accounts = build_accounts(rng)
    traits = _account_traits(rng, accounts)
    followers = build_daily_followers(rng, traits)
    posts = build_posts(rng, traits, followers)
    assert set(posts["content_type"]) <= set(CONTENT_TYPES)
    return accounts, followers, posts, traits
