"""Reference facts the synthetic generators share: the 20 akimats and the platforms.

Population, urban share and the share of households speaking Kazakh at home are rounded
approximations (2024-25 official statistics, rounded to the nearest 5-10 thousand / 5 points).
They only steer the synthetic data; no figure here is published as data.
"""

from __future__ import annotations

from dataclasses import dataclass

YEAR = 2025
TIMEZONE = "Asia/Almaty"
UTC_OFFSET = "+05:00"


@dataclass(frozen=True)
class Akimat:
    id: str
    name: str  # English name of the region or city
    name_ru: str
    name_kk: str
    kind: str  # "region" or "city"
    population_k: int  # residents, thousands (rounded)
    urban_share: float
    kazakh_share: float  # share of residents speaking mainly Kazakh at home (rounded)
    north: bool  # northern and eastern regions with a larger Russian-speaking audience


AKIMATS: tuple[Akimat, ...] = (
    Akimat("region_m", "Region M", "Область M", "M облысы", "region", 610, 0.55, 0.80, False),
    Akimat(
        "region_d",
        "Region D",
        "Область D",
        "D облысы",
        "region",
        790,
        0.50,
        0.50,
        True,
    ),
    Akimat(
        "region_k",
        "Region K",
        "Область K",
        "K облысы",
        "region",
        930,
        0.65,
        0.85,
        False,
    ),
    Akimat(
        "region_b",
        "Region B",
        "Область B",
        "B облысы",
        "region",
        1530,
        0.30,
        0.70,
        False,
    ),
    Akimat(
        "region_p",
        "Region P",
        "Область P",
        "P облысы",
        "region",
        700,
        0.55,
        0.93,
        False,
    ),
    Akimat(
        "region_g",
        "Region G",
        "Область G",
        "G облысы",
        "region",
        730,
        0.65,
        0.45,
        True,
    ),
    Akimat(
        "region_a",
        "Region A",
        "Область A",
        "A облысы",
        "region",
        1220,
        0.45,
        0.75,
        False,
    ),
    Akimat(
        "region_n",
        "Region N",
        "Область N",
        "N облысы",
        "region",
        700,
        0.45,
        0.70,
        False,
    ),
    Akimat(
        "region_e",
        "Region E",
        "Область E",
        "E облысы",
        "region",
        1130,
        0.80,
        0.45,
        True,
    ),
    Akimat(
        "region_q",
        "Region Q",
        "Область Q",
        "Q облысы",
        "region",
        830,
        0.55,
        0.40,
        True,
    ),
    Akimat(
        "region_h",
        "Region H",
        "Область H",
        "H облысы",
        "region",
        830,
        0.45,
        0.97,
        False,
    ),
    Akimat(
        "region_c",
        "Region C",
        "Область C",
        "C облысы",
        "region",
        780,
        0.45,
        0.93,
        False,
    ),
    Akimat(
        "region_l",
        "Region L",
        "Область L",
        "L облысы",
        "region",
        530,
        0.50,
        0.35,
        True,
    ),
    Akimat(
        "region_f",
        "Region F",
        "Область F",
        "F облысы",
        "region",
        750,
        0.70,
        0.45,
        True,
    ),
    Akimat(
        "region_j",
        "Region J",
        "Область J",
        "J облысы",
        "region",
        2110,
        0.20,
        0.85,
        False,
    ),
    Akimat(
        "region_s",
        "Region S",
        "Область S",
        "S облысы",
        "region",
        220,
        0.75,
        0.75,
        False,
    ),
    Akimat(
        "region_r",
        "Region R",
        "Область R",
        "R облысы",
        "region",
        690,
        0.50,
        0.78,
        False,
    ),
    Akimat("city_x", "City X", "Город X", "X қаласы", "city", 1450, 1.00, 0.75, False),
    Akimat("city_y", "City Y", "Город Y", "Y қаласы", "city", 2230, 1.00, 0.55, False),
    Akimat("city_z", "City Z", "Город Z", "Z қаласы", "city", 1230, 1.00, 0.80, False),
)

AKIMAT_IDS: tuple[str, ...] = tuple(a.id for a in AKIMATS)
BY_ID: dict[str, Akimat] = {a.id: a for a in AKIMATS}

# Platforms in display order. VK only where a Russian-speaking audience makes it plausible.
PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "telegram", "tiktok", "youtube", "vk")
CORE_PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "telegram", "tiktok", "youtube")
VK_AKIMATS: tuple[str, ...] = (
    "region_l",
    "region_q",
    "region_f",
    "region_g",
    "region_e",
)

CONTENT_TYPES: tuple[str, ...] = ("photo", "carousel", "video", "short_video", "text", "link")
TOPICS: tuple[str, ...] = (
    "official_events",
    "infrastructure",
    "public_services",
    "social_support",
    "emergency_alerts",
    "culture_sport",
    "health_education",
    "economy_jobs",
)
LANGUAGES: tuple[str, ...] = ("kk", "ru", "both")

# The region of the synthetic spring-flood case (m06).
CRISIS_AKIMAT = "region_k"
CRISIS_START = "2025-04-06T05:00:00"  # local time (UTC+5)
