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
    Akimat(
        "abai", "Abai Region", "Абайская область", "Абай облысы", "region", 610, 0.55, 0.80, False
    ),
    Akimat(
        "akmola",
        "Akmola Region",
        "Акмолинская область",
        "Ақмола облысы",
        "region",
        790,
        0.50,
        0.50,
        True,
    ),
    Akimat(
        "aktobe",
        "Aktobe Region",
        "Актюбинская область",
        "Ақтөбе облысы",
        "region",
        930,
        0.65,
        0.85,
        False,
    ),
    Akimat(
        "almaty_region",
        "Almaty Region",
        "Алматинская область",
        "Алматы облысы",
        "region",
        1530,
        0.30,
        0.70,
        False,
    ),
    Akimat(
        "atyrau",
        "Atyrau Region",
        "Атырауская область",
        "Атырау облысы",
        "region",
        700,
        0.55,
        0.93,
        False,
    ),
    Akimat(
        "east_kazakhstan",
        "East Kazakhstan Region",
        "Восточно-Казахстанская область",
        "Шығыс Қазақстан облысы",
        "region",
        730,
        0.65,
        0.45,
        True,
    ),
    Akimat(
        "zhambyl",
        "Zhambyl Region",
        "Жамбылская область",
        "Жамбыл облысы",
        "region",
        1220,
        0.45,
        0.75,
        False,
    ),
    Akimat(
        "zhetysu",
        "Zhetysu Region",
        "Область Жетысу",
        "Жетісу облысы",
        "region",
        700,
        0.45,
        0.70,
        False,
    ),
    Akimat(
        "karaganda",
        "Karaganda Region",
        "Карагандинская область",
        "Қарағанды облысы",
        "region",
        1130,
        0.80,
        0.45,
        True,
    ),
    Akimat(
        "kostanay",
        "Kostanay Region",
        "Костанайская область",
        "Қостанай облысы",
        "region",
        830,
        0.55,
        0.40,
        True,
    ),
    Akimat(
        "kyzylorda",
        "Kyzylorda Region",
        "Кызылординская область",
        "Қызылорда облысы",
        "region",
        830,
        0.45,
        0.97,
        False,
    ),
    Akimat(
        "mangystau",
        "Mangystau Region",
        "Мангистауская область",
        "Маңғыстау облысы",
        "region",
        780,
        0.45,
        0.93,
        False,
    ),
    Akimat(
        "north_kazakhstan",
        "North Kazakhstan Region",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
        "region",
        530,
        0.50,
        0.35,
        True,
    ),
    Akimat(
        "pavlodar",
        "Pavlodar Region",
        "Павлодарская область",
        "Павлодар облысы",
        "region",
        750,
        0.70,
        0.45,
        True,
    ),
    Akimat(
        "turkestan",
        "Turkestan Region",
        "Туркестанская область",
        "Түркістан облысы",
        "region",
        2110,
        0.20,
        0.85,
        False,
    ),
    Akimat(
        "ulytau",
        "Ulytau Region",
        "Улытауская область",
        "Ұлытау облысы",
        "region",
        220,
        0.75,
        0.75,
        False,
    ),
    Akimat(
        "west_kazakhstan",
        "West Kazakhstan Region",
        "Западно-Казахстанская область",
        "Батыс Қазақстан облысы",
        "region",
        690,
        0.50,
        0.78,
        False,
    ),
    Akimat("astana", "Astana", "Астана", "Астана", "city", 1450, 1.00, 0.75, False),
    Akimat("almaty_city", "Almaty", "Алматы", "Алматы", "city", 2230, 1.00, 0.55, False),
    Akimat("shymkent", "Shymkent", "Шымкент", "Шымкент", "city", 1230, 1.00, 0.80, False),
)

AKIMAT_IDS: tuple[str, ...] = tuple(a.id for a in AKIMATS)
BY_ID: dict[str, Akimat] = {a.id: a for a in AKIMATS}

# Platforms in display order. VK only where a Russian-speaking audience makes it plausible.
PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "telegram", "tiktok", "youtube", "vk")
CORE_PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "telegram", "tiktok", "youtube")
VK_AKIMATS: tuple[str, ...] = (
    "north_kazakhstan",
    "kostanay",
    "pavlodar",
    "east_kazakhstan",
    "karaganda",
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
CRISIS_AKIMAT = "aktobe"
CRISIS_START = "2025-04-06T05:00:00"  # local time (UTC+5)
