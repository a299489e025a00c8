"""Synthetic crisis case for module m06: a spring flood in one region, the first 72 hours.

Two tables:
- crisis_events: the notable posts (first citizen reports, the fake voice message and a fake
  "operational HQ" channel, every official post) with text, English gloss, reach, CERC phase;
- crisis_timeline: 10-minute bins of public mentions, rumour posts and official posts, with the
  views each kind gathered in that bin.
The rumour grows until an official *denial*; regular updates barely slow it. Inspired by the
pattern of the April 2024 floods (a fake voice message and a fake operational-HQ account were
officially denied); every name, time and number here is invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference import CRISIS_AKIMAT, CRISIS_START

BIN_MINUTES = 10
HOURS = 72
# Built into the generator (the lesson's "What is real here" box names them): a rumour doubles
# every ~half hour until an official denial, then halves every 45 minutes.
RUMOUR_DOUBLING_MINUTES = 32
RUMOUR_HALVING_MINUTES = 45

# (day, "HH:MM", actor, platform, kind, phase, language, text, English gloss, reach in 72 h)
EVENTS: tuple[tuple, ...] = (
    (
        1,
        "06:05",
        "citizen",
        "instagram",
        "first_report",
        "initial",
        "ru",
        "В посёлке Жагалау вода уже во дворах, дорогу размыло.",
        "In Zhagalau village the water is already in the yards; the road is washed out.",
        4200,
    ),
    (
        1,
        "06:40",
        "local_media",
        "telegram",
        "media_report",
        "initial",
        "ru",
        "Жители Жагалау сообщают о подъёме воды в реке. Акимат пока не комментирует.",
        "Zhagalau residents report the river rising. The akimat has not commented yet.",
        15500,
    ),
    (
        1,
        "07:35",
        "citizen",
        "whatsapp",
        "rumour",
        "initial",
        "ru",
        "Голосовое: сегодня ночью прорвёт плотину водохранилища, затопит весь город, уезжайте!",
        "Voice message: tonight the reservoir dam will break and the whole city will flood, leave now!",
        0,
    ),
    (
        1,
        "08:10",
        "citizen",
        "telegram",
        "rumour",
        "initial",
        "kk",
        "Бөгет жарылады деп жатыр, туыстарыңызға хабарлаңыздар!",
        "They say the dam will break, warn your relatives!",
        9800,
    ),
    (
        1,
        "09:05",
        "national_media",
        "instagram",
        "media_report",
        "initial",
        "ru",
        "В Актюбинской области подтопления: жители ждут информации от властей.",
        "Flooding in Region K: residents are waiting for information from the authorities.",
        38000,
    ),
    (
        1,
        "10:25",
        "akimat_press_service",
        "telegram",
        "official_update",
        "initial",
        "kk",
        "Өзендегі су деңгейі көтерілуде. Жағалау ауылының тұрғындары үшін эвакуация пункті: №12 мектеп. Телефон: 112.",
        "The water level in the river is rising. Evacuation point for Zhagalau residents: School No. 12. Phone: 112.",
        21000,
    ),
    (
        1,
        "10:50",
        "akimat_press_service",
        "instagram",
        "official_update",
        "initial",
        "ru",
        "Уровень воды в реке растёт. Пункт эвакуации для жителей Жагалау: школа №12. Телефон 112.",
        "The water level in the river is rising. Evacuation point for Zhagalau residents: School No. 12. Phone 112.",
        26000,
    ),
    (
        1,
        "11:40",
        "emergency_service",
        "telegram",
        "denial",
        "initial",
        "ru",
        "Плотина в безопасности. Голосовое сообщение о прорыве — ложь. Инженеры проверяют плотину каждый час.",
        "The dam is safe. The voice message about it breaking is false. Engineers check the dam every hour.",
        52000,
    ),
    (
        1,
        "11:55",
        "akimat_press_service",
        "telegram",
        "denial",
        "initial",
        "kk",
        "Бөгет бүтін: әкім бөгет басынан бейнеүндеу жасады. Жалған хабарды таратпаңыздар.",
        "The dam is intact: the akim recorded a video address at the dam. Please do not spread the fake message.",
        64000,
    ),
    (
        1,
        "12:30",
        "akimat_press_service",
        "facebook",
        "official_update",
        "maintenance",
        "ru",
        "Эвакуировано 140 человек. Для пострадавших открыт пункт временного размещения в школе №12.",
        "140 people evacuated. A temporary shelter for those affected is open at School No. 12.",
        9000,
    ),
    (
        1,
        "13:05",
        "fake_account",
        "telegram",
        "rumour",
        "maintenance",
        "ru",
        "«Оперативный штаб области»: всем жителям города эвакуироваться до 18:00!",
        "'Regional operational HQ': all city residents must evacuate by 18:00!",
        30000,
    ),
    (
        1,
        "15:10",
        "akimat_press_service",
        "telegram",
        "denial",
        "maintenance",
        "ru",
        "Канал «Оперативный штаб области» — фейк. Официальная информация только в каналах акимата и ДЧС. Эвакуации города нет.",
        "The 'Regional operational HQ' channel is fake. Official information only on the akimat's and the emergency department's channels. The city is not being evacuated.",
        58000,
    ),
    (
        1,
        "16:00",
        "akimat_press_service",
        "tiktok",
        "official_update",
        "maintenance",
        "kk",
        "Эвакуация пунктіне қалай жетуге болады: 60 секундтық нұсқаулық.",
        "How to reach the evacuation point: a 60-second guide.",
        47000,
    ),
    (
        1,
        "18:00",
        "akimat_press_service",
        "instagram",
        "live_stream",
        "maintenance",
        "both",
        "Прямой эфир: аким и ДЧС отвечают на вопросы жителей. / Тікелей эфир: әкім мен ТЖД тұрғындардың сұрақтарына жауап береді.",
        "Live stream: the akim and the emergency department answer residents' questions.",
        33000,
    ),
    (
        1,
        "20:30",
        "akimat_press_service",
        "telegram",
        "official_update",
        "maintenance",
        "kk",
        "Кешкі ақпарат: 212 адам эвакуацияланды, 3 уақытша орналастыру пункті жұмыс істейді.",
        "Evening update: 212 people evacuated, 3 temporary shelters are open.",
        36000,
    ),
    (
        2,
        "08:00",
        "akimat_press_service",
        "telegram",
        "official_update",
        "maintenance",
        "ru",
        "Утренняя сводка: уровень воды стабилен, дежурство продолжается круглосуточно.",
        "Morning update: the water level is stable; round-the-clock watch continues.",
        30000,
    ),
    (
        2,
        "12:00",
        "akimat_press_service",
        "instagram",
        "official_update",
        "maintenance",
        "kk",
        "Еріктілерге рахмет! Гуманитарлық көмек қабылдау пункттерінің мекенжайлары.",
        "Thank you, volunteers! Addresses of the humanitarian-aid collection points.",
        24000,
    ),
    (
        2,
        "13:40",
        "citizen",
        "whatsapp",
        "rumour",
        "maintenance",
        "ru",
        "В воду из-под крана попали стоки, пить нельзя, передайте всем!",
        "Sewage has got into the tap water, do not drink it, pass it on!",
        0,
    ),
    (
        2,
        "14:30",
        "akimat_press_service",
        "telegram",
        "denial",
        "maintenance",
        "ru",
        "Вода в городском водопроводе безопасна: результаты проверки СЭС прилагаем.",
        "The city's tap water is safe: the sanitary inspection results are attached.",
        41000,
    ),
    (
        2,
        "19:00",
        "akimat_press_service",
        "telegram",
        "official_update",
        "maintenance",
        "kk",
        "Кешкі ақпарат: жаңа су басу жағдайлары тіркелген жоқ.",
        "Evening update: no new flooding recorded.",
        27000,
    ),
    (
        3,
        "09:00",
        "akimat_press_service",
        "telegram",
        "official_update",
        "resolution",
        "ru",
        "Вода отступает. Жители Жагалау смогут вернуться домой после проверки домов.",
        "The water is receding. Zhagalau residents can return home once the houses are inspected.",
        29000,
    ),
    (
        3,
        "15:00",
        "akimat_press_service",
        "instagram",
        "official_update",
        "resolution",
        "ru",
        "Как получить компенсацию за ущерб: документы, сроки, адреса.",
        "How to claim compensation for damage: documents, deadlines, addresses.",
        35000,
    ),
    (
        3,
        "18:00",
        "akimat_press_service",
        "facebook",
        "official_update",
        "resolution",
        "kk",
        "Барлық еріктілер мен құтқарушыларға алғыс айтамыз.",
        "We thank all the volunteers and rescuers.",
        8000,
    ),
)

OFFICIAL_ACTORS = ("akimat_press_service", "emergency_service")


def _event_times() -> pd.Series:
    start = pd.Timestamp(CRISIS_START)
    day0 = start.normalize()
    return pd.Series(
        [day0 + pd.Timedelta(days=e[0] - 1) + pd.Timedelta(e[1] + ":00") for e in EVENTS]
    )


def generate_events(rng: np.random.Generator, timeline: pd.DataFrame) -> pd.DataFrame:
    times = _event_times()
    events = pd.DataFrame(
        EVENTS,
        columns=[
            "day",
            "time",
            "actor",
            "platform",
            "kind",
            "cerc_phase",
            "language",
            "text",
            "text_en",
            "reach_72h",
        ],
    )
    events.insert(0, "posted_at", times)
    events.insert(0, "event_id", [f"E{i + 1:02d}" for i in range(len(events))])
    events["official"] = events["actor"].isin(OFFICIAL_ACTORS)
    events["akimat_id"] = CRISIS_AKIMAT
    # WhatsApp voice messages have no public view counter: estimate from forwarded copies.
    whatsapp = events["platform"] == "whatsapp"
    events.loc[whatsapp, "reach_72h"] = (
        np.round(rng.uniform(90_000, 140_000, whatsapp.sum()), -3)
    ).astype(int)
    return events[
        [
            "event_id",
            "posted_at",
            "akimat_id",
            "actor",
            "official",
            "platform",
            "kind",
            "cerc_phase",
            "language",
            "text",
            "text_en",
            "reach_72h",
        ]
    ]


def _accrual(reach: float, start_bin: int, n_bins: int, half_life_bins: float) -> np.ndarray:
    """Views of one post spread over the bins after it appears (exponential decay)."""
    out = np.zeros(n_bins)
    k = np.arange(n_bins - start_bin)
    w = 0.5 ** (k / half_life_bins)
    out[start_bin:] = reach * w / w.sum()
    return out


def generate(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_bins = HOURS * 60 // BIN_MINUTES
    start = pd.Timestamp(CRISIS_START)
    bins = pd.date_range(start, periods=n_bins, freq=f"{BIN_MINUTES}min")
    hours = np.arange(n_bins) * BIN_MINUTES / 60  # hours since 05:00 on day 1
    times = _event_times()
    event_bin = ((times - start).dt.total_seconds() // (BIN_MINUTES * 60)).astype(int).to_numpy()
    kinds = np.array([e[4] for e in EVENTS])
    actors = np.array([e[2] for e in EVENTS])

    # Public mentions: the water rises from 06:00, attention follows daylight, fades by day 3.
    clock = (hours + 5) % 24
    daylight = np.where((clock >= 7) & (clock <= 23), 1.0, 0.25)
    water = 1 / (1 + np.exp(-(hours - 4.5) / 1.2)) * np.exp(-np.maximum(hours - 30, 0) / 30)
    mention_rate = 2 + 230 * water * daylight

    # Rumour: grows after each rumour appears, until an official denial; then decays.
    rumour_rate = np.zeros(n_bins)
    denial_bins = sorted(event_bin[kinds == "denial"])
    platforms = np.array([e[3] for e in EVENTS])
    seeds = (kinds == "rumour") & ((platforms == "whatsapp") | (actors == "fake_account"))
    for b in event_bin[seeds]:
        next_denials = [d for d in denial_bins if d > b]
        stop = next_denials[0] if next_denials else n_bins
        level = 3.0
        for i in range(b, n_bins):
            if i < stop:
                level *= 2 ** (BIN_MINUTES / RUMOUR_DOUBLING_MINUTES)
                # a regular official update slows the growth only a little
                if ((kinds == "official_update") & (event_bin <= i)).any():
                    level *= 0.985
                level = min(level, 160)
            else:
                level *= 0.5 ** (BIN_MINUTES / RUMOUR_HALVING_MINUTES)
            rumour_rate[i] += level
    rumour_posts = rng.poisson(rumour_rate)
    mentions = rng.poisson(mention_rate + 0.6 * rumour_rate)

    rumour_reach = np.zeros(n_bins)
    for i, k in enumerate(rumour_posts):
        if k:
            rumour_reach += _accrual(k * rng.lognormal(np.log(260), 0.4), i, n_bins, 4)
    official_posts = np.zeros(n_bins, dtype=int)
    official_reach = np.zeros(n_bins)
    for b, e in zip(event_bin, EVENTS, strict=True):
        if e[2] in OFFICIAL_ACTORS:
            official_posts[b] += 1
            official_reach += _accrual(e[9], b, n_bins, 9)

    timeline = pd.DataFrame(
        {
            "bin_start": bins,
            "akimat_id": CRISIS_AKIMAT,
            "public_mentions": mentions.astype(np.int64),
            "rumour_posts": rumour_posts.astype(np.int64),
            "rumour_views": np.round(rumour_reach).astype(np.int64),
            "official_posts": official_posts,
            "official_views": np.round(official_reach).astype(np.int64),
        }
    )
    events = generate_events(rng, timeline)
    return timeline, events
