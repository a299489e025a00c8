"""Citizen comments in Russian and Kazakh: choosing a template and writing it as people do.

The templates themselves are in `comment_texts` (data only): each is (category, sentiment, tone,
topics, Russian, Kazakh, English gloss), written for this course; none is copied from a real
person's post. The labels belong to the template, so a comment's category, sentiment and tone
always agree with its text (tests/test_comments.py checks every row).

What makes 9,000 comments read like citizens rather than like 250 sentences repeated:
- a place from the commenter's own (fictional) akimat in the `{place}` slot: each akimat has its
  own streets and districts;
- the ways people really type: a greeting, a typo or colloquial spelling, Kazakh typed on a
  Russian keyboard (қ → к, ә → а ...), a Kazakh word in a Russian comment or the other way round,
  no capital letter, no final full stop, an emoji, "!!!".
The English gloss (`text_en`) is always the template's clean meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import comment_texts

# Streets and districts: (Russian with its preposition, Kazakh in the locative case, English).
# Common street names of Kazakh towns and invented district names; none locates a real address.
PLACES: tuple[tuple[str, str, str], ...] = (
    ("на улице Абая", "Абай көшесінде", "on Abai Street"),
    ("на улице Толе би", "Төле би көшесінде", "on Tole Bi Street"),
    ("на улице Сатпаева", "Сәтбаев көшесінде", "on Satpayev Street"),
    ("на проспекте Достык", "Достық даңғылында", "on Dostyk Avenue"),
    ("на улице Байтурсынова", "Байтұрсынов көшесінде", "on Baitursynov Street"),
    ("на улице Ауэзова", "Әуезов көшесінде", "on Auezov Street"),
    ("на улице Кабанбай батыра", "Қабанбай батыр көшесінде", "on Kabanbai Batyr Street"),
    ("на проспекте Республики", "Республика даңғылында", "on Republic Avenue"),
    ("на улице Жамбыла", "Жамбыл көшесінде", "on Zhambyl Street"),
    ("на улице Желтоксан", "Желтоқсан көшесінде", "on Zheltoksan Street"),
    ("в микрорайоне Самал", "Самал ықшамауданында", "in the Samal district"),
    ("в микрорайоне Коктем", "Көктем ықшамауданында", "in the Koktem district"),
    ("в микрорайоне Жулдыз", "Жұлдыз ықшамауданында", "in the Zhuldyz district"),
    ("в микрорайоне Нурлы", "Нұрлы ықшамауданында", "in the Nurly district"),
    ("в микрорайоне Шугыла", "Шұғыла ықшамауданында", "in the Shugyla district"),
    ("в микрорайоне Береке", "Береке ықшамауданында", "in the Bereke district"),
    ("в микрорайоне Арай", "Арай ықшамауданында", "in the Arai district"),
    ("в микрорайоне Сарыарка", "Сарыарқа ықшамауданында", "in the Saryarka district"),
    ("в посёлке Жагалау", "Жағалау ауылында", "in Zhagalau village"),
    ("в селе Акжол", "Ақжол ауылында", "in Akzhol village"),
)
PLACES_PER_AKIMAT = 6

CATEGORIES = ("question", "complaint", "praise", "suggestion", "misinformation", "abuse_spam")
SENTIMENTS = ("negative", "neutral", "positive")
FLOOD = "flood"  # topic of templates used only in the crisis region while the flood lasts


@dataclass(frozen=True)
class Template:
    index: int
    category: str
    sentiment: str
    tone: str
    topics: tuple[str, ...]
    ru: str
    kk: str
    en: str


TEMPLATES: tuple[Template, ...] = tuple(
    Template(i, *t) for i, t in enumerate(comment_texts.TEMPLATES)
)
# The sentiments each category's templates allow (a complaint is always negative, praise always
# positive, spam neutral and abuse negative ...). The generator draws sentiment, then maps it to
# the nearest allowed one.
ALLOWED: dict[str, tuple[str, ...]] = {
    c: tuple(s for s in SENTIMENTS if any(t.category == c and t.sentiment == s for t in TEMPLATES))
    for c in CATEGORIES
}

_KK_PLAIN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def places_for(akimat_index: int) -> tuple[int, ...]:
    """The place indices an akimat's commenters mention: its own six, overlapping neighbours'."""
    step = 7  # coprime with len(PLACES), so akimats get different sets
    return tuple((akimat_index * step + k) % len(PLACES) for k in range(PLACES_PER_AKIMAT))


def allowed_sentiment(category: str, sentiment: str) -> str:
    """The drawn sentiment if the category has templates for it, else the nearest that it has."""
    allowed = ALLOWED[category]
    if sentiment in allowed:
        return sentiment
    if sentiment == "negative":
        return "neutral" if "neutral" in allowed else allowed[-1]
    if sentiment == "positive":
        return "neutral" if "neutral" in allowed else allowed[0]
    return "negative" if category in ("complaint", "abuse_spam") else allowed[-1]


def candidates(
    category: str, sentiment: str, topic: str, crisis: bool, hostile: bool
) -> list[Template]:
    """Templates that fit a comment: its labels, its post's topic, the crisis, the tone wanted."""
    pool = [t for t in TEMPLATES if t.category == category and t.sentiment == sentiment]
    flood = [t for t in pool if FLOOD in t.topics]
    ordinary = [t for t in pool if FLOOD not in t.topics]
    if crisis and flood:
        pool = flood
    else:
        on_topic = [t for t in ordinary if not t.topics or topic in t.topics]
        pool = on_topic or ordinary
    if sentiment == "negative":
        wanted = [t for t in pool if (t.tone == "hostile") == hostile]
        pool = wanted or pool
    return pool


def _sub_word(text: str, old: str, new: str) -> str:
    """Replace the first whole-word occurrence of `old` (any case of its first letter)."""
    pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)", re.IGNORECASE)
    match = pattern.search(text)
    if not match:
        return text
    found = match.group(0)
    repl = new[0].upper() + new[1:] if found[0].isupper() else new
    return text[: match.start()] + repl + text[match.end() :]


def render(
    template: Template, language: str, place: int, rng: np.random.Generator
) -> tuple[str, str]:
    """(the comment as a citizen typed it, the clean English gloss)."""
    place_ru, place_kk, place_en = PLACES[place]
    text = (template.ru if language == "ru" else template.kk).format(
        place=place_ru if language == "ru" else place_kk
    )
    text = text[0].upper() + text[1:]
    gloss = template.en.format(place=place_en)
    gloss = gloss[0].upper() + gloss[1:]
    u = rng.random(9)
    # a greeting first (unless the template already greets)
    openers = comment_texts.RU_OPENERS if language == "ru" else comment_texts.KK_OPENERS
    greets = any(text.lower().startswith(o.lower().rstrip("!.,")) for o in openers)
    if (
        u[0] < 0.12
        and not greets
        and template.tone != "hostile"
        and template.category != "abuse_spam"
    ):
        text = f"{openers[int(rng.integers(len(openers)))]} {text}"
    # a word from the other language (bilingual commenters)
    mixed = comment_texts.MIXED_KK_IN_RU if language == "ru" else comment_texts.MIXED_RU_IN_KK
    fitting = [m for m in mixed if template.sentiment in m[2]]
    if u[1] < 0.12 and fitting:
        where, fragment, _ = fitting[int(rng.integers(len(fitting)))]
        if where == "start":
            text = f"{fragment} {text[0].lower() + text[1:]}"
        else:
            text = f"{text} {fragment}"
    # a typo or a colloquial spelling
    typos = comment_texts.RU_TYPOS if language == "ru" else comment_texts.KK_TYPOS
    if u[2] < 0.3:
        present = [t for t in typos if re.search(rf"(?<!\w){re.escape(t[0])}(?!\w)", text, re.I)]
        if present:
            old, new = present[int(rng.integers(len(present)))]
            text = _sub_word(text, old, new)
    # Kazakh typed on a Russian keyboard
    if language == "kk" and u[3] < 0.18:
        text = text.translate(_KK_PLAIN)
    # no capital, no final full stop
    if u[4] < 0.15:
        text = text[0].lower() + text[1:]
    if u[5] < 0.35 and text.endswith("."):
        text = text[:-1]
    # shouting
    if template.tone == "hostile" and u[6] < 0.35 and text.endswith("!"):
        text = text.rstrip("!") + "!!!"
    # emoji
    if u[7] < 0.22:
        emoji = comment_texts.EMOJI[template.sentiment]
        count = 1 + int(u[8] < 0.3)
        text = f"{text} {''.join(emoji[int(rng.integers(len(emoji)))] for _ in range(count))}"
    return text, gloss


def glosses() -> dict[str, Template]:
    """Every English gloss a template can produce (all places), to look a comment's template up."""
    out: dict[str, Template] = {}
    for t in TEMPLATES:
        for place in PLACES if "{place}" in t.en else PLACES[:1]:
            gloss = t.en.format(place=place[2])
            out[gloss[0].upper() + gloss[1:]] = t
    return out
