"""Synthetic media-consumption survey: three waves (2019, 2021, 2025), about 1,500 adults each.

Each yes/no answer comes from a respondent-level propensity (age, settlement, home language,
region, noise); a threshold per wave is then set so that the *weighted* share of "yes" equals the
calibration target exactly (to within one respondent). That keeps the published marginals while
the relationships between answers and respondent traits stay realistic and noisy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference import AKIMATS

WAVES = (2019, 2021, 2025)
RESPONDENTS_PER_WAVE = 1500
AGE_GROUPS = ("18-24", "25-34", "35-44", "45-59", "60+")
POPULATION_AGE = np.array([0.13, 0.24, 0.21, 0.24, 0.18])  # adults, rounded
SAMPLE_AGE = np.array([0.09, 0.19, 0.21, 0.27, 0.24])  # phone surveys reach older people more
POPULATION_FEMALE = 0.52
SAMPLE_FEMALE = 0.57

SOURCES = ("tv", "press", "radio", "websites", "social_networks", "messengers")
PLATFORMS = ("whatsapp", "telegram", "instagram", "tiktok", "facebook", "vk", "youtube")
TRUST = ("official_sources", "tv", "press", "websites", "social_networks")

# Weighted shares (%) each wave is calibrated to. Sources of each figure: datasets/README.md.
TARGETS: dict[str, tuple[float, float, float]] = {
    "uses_tv": (72.0, 64.0, 55.0),
    "uses_press": (18.0, 13.0, 9.0),
    "uses_radio": (12.0, 9.0, 6.0),
    "uses_websites": (60.0, 56.0, 52.0),
    "uses_social_networks": (55.0, 62.0, 67.0),
    "uses_messengers": (70.0, 74.0, 76.0),
    "uses_whatsapp": (90.0, 92.0, 93.0),
    "uses_telegram": (30.0, 38.0, 45.0),
    "uses_instagram": (55.0, 63.0, 68.0),
    "uses_tiktok": (10.0, 32.0, 50.0),
    "uses_facebook": (20.0, 17.0, 14.0),
    "uses_vk": (22.0, 15.0, 9.0),
    "uses_youtube": (60.0, 65.0, 68.0),
    "trust_official_sources": (14.0, 9.0, 4.5),
    "trust_tv": (63.0, 58.1, 59.7),
    "trust_press": (30.0, 26.0, 21.0),
    "trust_websites": (32.0, 34.3, 30.3),
    "trust_social_networks": (28.0, 31.0, 34.7),
}

SOCIAL_HIGH_REGIONS = ("region_h", "region_r")


def _propensity_effects(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """Linear effects (logit scale) of respondent traits on each yes/no answer."""
    age = df["age_index"].to_numpy() - 2.0  # -2 (18-24) ... +2 (60+)
    rural = (df["settlement"] == "rural").to_numpy(float)
    urban = 1.0 - rural
    russian = (df["home_language"] == "ru").to_numpy(float)
    kazakh = (df["home_language"] == "kk").to_numpy(float)
    social_high = df["region"].isin(SOCIAL_HIGH_REGIONS).to_numpy(float)
    north = df["north"].to_numpy(float)
    return {
        "uses_tv": 0.55 * age + 0.35 * rural,
        "uses_press": 0.55 * age + 0.25 * rural,
        "uses_radio": 0.35 * age + 0.45 * rural,
        "uses_websites": -0.25 * age + 0.35 * urban,
        "uses_social_networks": -0.80 * age + 0.20 * urban + 0.55 * social_high,
        "uses_messengers": -0.35 * age + 0.10 * kazakh,
        "uses_whatsapp": -0.15 * age,
        "uses_telegram": -0.35 * age + 0.35 * urban + 0.20 * russian,
        "uses_instagram": -0.70 * age + 0.20 * urban,
        "uses_tiktok": -1.00 * age + 0.10 * kazakh,
        "uses_facebook": 0.40 * age + 0.35 * russian + 0.20 * urban,
        "uses_vk": 0.10 * age + 0.90 * russian + 0.60 * north,
        "uses_youtube": -0.45 * age,
        "trust_official_sources": 0.30 * age + 0.25 * rural + 0.15 * kazakh,
        "trust_tv": 0.16 * age + 0.20 * rural,
        "trust_press": 0.35 * age + 0.15 * rural,
        "trust_websites": -0.20 * age + 0.10 * urban,
        "trust_social_networks": -0.28 * age + 0.10 * kazakh,
    }


def _calibrated_yes(score: np.ndarray, weight: np.ndarray, target_pct: float) -> np.ndarray:
    """Say "yes" for the highest scores until the weighted share reaches the target."""
    order = np.argsort(-score, kind="stable")
    share = np.cumsum(weight[order]) / weight.sum() * 100
    k = int(np.argmin(np.abs(share - target_pct))) + 1
    yes = np.zeros(len(score), dtype=bool)
    yes[order[:k]] = True
    return yes


def _draw_respondents(rng: np.random.Generator, wave: int) -> pd.DataFrame:
    n = RESPONDENTS_PER_WAVE
    per_region = n // len(AKIMATS)  # equal allocation: small regions are over-sampled
    rows = []
    for akimat in AKIMATS:
        urban_p = min(1.0, akimat.urban_share + 0.10)  # urban residents answer more often
        for _ in range(per_region):
            rows.append((akimat.id, akimat.north, akimat.kazakh_share, urban_p, akimat.urban_share))
    df = pd.DataFrame(rows, columns=["region", "north", "kazakh_share", "urban_p", "urban_share"])
    df["settlement"] = np.where(rng.random(n) < df["urban_p"], "urban", "rural")
    df["age_index"] = rng.choice(len(AGE_GROUPS), size=n, p=SAMPLE_AGE)
    df["age_group"] = [AGE_GROUPS[i] for i in df["age_index"]]
    df["sex"] = np.where(rng.random(n) < SAMPLE_FEMALE, "female", "male")
    # Home language: younger people speak Kazakh at home a little more often.
    p_kk = np.clip(df["kazakh_share"] + 0.03 * (2 - df["age_index"]), 0.02, 0.98)
    u = rng.random(n)
    both_band = 0.12
    df["home_language"] = np.where(
        u < p_kk - both_band / 2, "kk", np.where(u < p_kk + both_band / 2, "both", "ru")
    )

    # Cell weights: population share / sample share for region, settlement, age and sex,
    # normalised to a mean of 1 within the wave.
    pop = np.array([a.population_k for a in AKIMATS], float)
    region_ratio = dict(
        zip([a.id for a in AKIMATS], pop / pop.sum() / (1 / len(AKIMATS)), strict=True)
    )
    w = df["region"].map(region_ratio).to_numpy(float, copy=True)
    urban = df["settlement"].eq("urban").to_numpy()
    share, p_urban = df["urban_share"].to_numpy(), df["urban_p"].to_numpy()
    rural_ratio = np.divide(1 - share, 1 - p_urban, out=np.ones(n), where=p_urban < 1)
    w *= np.where(urban, share / p_urban, rural_ratio)
    w *= (POPULATION_AGE / SAMPLE_AGE)[df["age_index"].to_numpy()]
    w *= np.where(
        df["sex"] == "female",
        POPULATION_FEMALE / SAMPLE_FEMALE,
        (1 - POPULATION_FEMALE) / (1 - SAMPLE_FEMALE),
    )
    w *= np.exp(rng.normal(0, 0.08, n))  # non-response adjustment noise
    df["weight"] = np.round(w / w.mean(), 4)
    df["wave"] = wave
    df["respondent_id"] = [f"S{wave}-{i + 1:04d}" for i in range(n)]
    return df


def _main_source(rng: np.random.Generator, df: pd.DataFrame) -> list[str]:
    """The one source a respondent names as main: among the sources they use."""
    age = df["age_index"].to_numpy() - 2.0
    prefs = {
        "tv": 0.9 + 0.6 * age,
        "press": -1.2 + 0.3 * age,
        "radio": -1.0 + 0.2 * age,
        "websites": 0.0 - 0.1 * age,
        "social_networks": 0.6 - 0.6 * age,
        "messengers": 0.1 - 0.2 * age,
    }
    best = np.full(len(df), -np.inf)
    main = np.array(["none"] * len(df), dtype=object)
    for source in SOURCES:
        used = df[f"uses_{source}"].to_numpy()
        value = prefs[source] + rng.gumbel(0, 0.8, len(df))
        better = used & (value > best)
        best = np.where(better, value, best)
        main = np.where(better, source, main)
    return list(main)


def generate(rng: np.random.Generator) -> pd.DataFrame:
    waves = []
    for wave_index, wave in enumerate(WAVES):
        df = _draw_respondents(rng, wave)
        effects = _propensity_effects(df)
        weight = df["weight"].to_numpy()
        for column, targets in TARGETS.items():
            score = effects[column] + rng.logistic(0, 1, len(df))
            df[column] = _calibrated_yes(score, weight, targets[wave_index])
        df["main_source"] = _main_source(rng, df)
        waves.append(df)
    survey = pd.concat(waves, ignore_index=True)
    columns = [
        "respondent_id",
        "wave",
        "region",
        "settlement",
        "age_group",
        "sex",
        "home_language",
        *[f"uses_{s}" for s in SOURCES],
        "main_source",
        *[f"uses_{p}" for p in PLATFORMS],
        *[f"trust_{t}" for t in TRUST],
        "weight",
    ]
    return survey[columns]
