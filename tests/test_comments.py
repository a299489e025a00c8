"""The citizen comments read like citizens, and each comment's labels agree with its text.

Module 5 is built on `comments.csv`. A comment coded "negative" must say something negative, a
question must ask, a dam-breach rumour must belong to the flood. Each comment's English gloss
names the template it was written from (`texts.glosses`), and the template carries the labels.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from course_utils import load
from course_utils.synthetic import comment_texts, texts
from course_utils.synthetic.channels import CRISIS_DAY, DAYS
from course_utils.synthetic.reference import CRISIS_AKIMAT

LABELS = ["category", "sentiment", "tone"]
EMOJI = "".join(e for group in comment_texts.EMOJI.values() for e in group)


@pytest.fixture(scope="module")
def comments():
    return load("comments")


@pytest.fixture(scope="module")
def templates(comments):
    lookup = texts.glosses()
    return comments["text_en"].map(lookup)


def test_every_gloss_names_exactly_one_template():
    seen: dict[str, int] = {}
    for t in texts.TEMPLATES:
        for place in texts.PLACES if "{place}" in t.en else texts.PLACES[:1]:
            gloss = t.en.format(place=place[2])
            assert seen.setdefault(gloss, t.index) == t.index, f"two templates gloss as {gloss!r}"


def test_every_comment_comes_from_a_template(comments, templates):
    missing = comments.loc[templates.isna(), "text_en"]
    assert missing.empty, f"{len(missing)} glosses match no template, e.g. {missing.iloc[:3]!r}"


def test_category_sentiment_and_tone_are_the_templates(comments, templates):
    for label in LABELS:
        expected = templates.map(lambda t, label=label: getattr(t, label))
        wrong = comments[comments[label].astype(str) != expected]
        assert wrong.empty, (
            f"{len(wrong)} comments' {label} disagrees with their text, e.g. "
            f"{wrong[['comment_id', label, 'text_en']].head(3).to_dict('records')}"
        )


def test_the_text_is_the_templates_text_in_the_comments_language(comments, templates):
    """Strip the typing habits and the text still starts like its template (first three words)."""

    def words(s: str) -> list[str]:
        plain = s.translate(str.maketrans("әғқңөұүһі", "агкноуухи")).lower()
        return re.findall(r"[a-zа-яё0-9]+", plain)

    for row, t in zip(comments.itertuples(), templates, strict=True):
        source = t.kk if row.language == "kk" else t.ru
        head = [w for w in words(source.split("{place}")[0] or source.split("{place}")[-1])][:3]
        typed = " ".join(words(row.text))
        hits = sum(w in typed for w in head)
        assert hits >= min(2, len(head)), (row.comment_id, row.text, source)


def test_labels_follow_the_text_in_the_templates():
    for t in texts.TEMPLATES:
        if t.category == "question":
            asks = "?" in t.ru + t.kk + t.en or re.search(
                r"подскажите|скажите|уточните", t.ru, re.I
            )
            assert asks, t.ru
        if t.tone == "hostile":
            assert t.sentiment == "negative", t.ru
        if t.category == "complaint":
            assert t.sentiment == "negative", t.ru
        if t.category == "praise":
            assert t.sentiment == "positive", t.ru
            assert not re.search(r"позор|стыд|безобраз", t.ru, re.I), t.ru
    # "Please tell me the hotline number" is a neutral question (it was once coded negative 85 times)
    asking = [t for t in texts.TEMPLATES if "hotline number" in t.en.lower()]
    assert asking and all(t.category == "question" and t.sentiment == "neutral" for t in asking)


def test_kazakh_phrasing_hotline_and_dam_breach():
    kazakh = " ".join(t.kk for t in texts.TEMPLATES).lower()
    assert "сенім телефон" not in kazakh  # a trust line, not a hotline
    assert "бөгет жарыл" not in kazakh  # a dam does not "explode"
    hotline = [t.kk.lower() for t in texts.TEMPLATES if "hotline" in t.en.lower()]
    assert hotline and all("жедел желі" in k for k in hotline), hotline
    dam = [t.kk.lower() for t in texts.TEMPLATES if re.search(r"\bdam\b", t.en.lower())]
    assert dam and all("бөгет" in k for k in dam)
    assert any("бұзыл" in k for k in dam)


def test_many_distinct_texts(comments):
    assert comments["text"].nunique() >= 4000, comments["text"].nunique()
    assert comments["text_en"].nunique() >= 600
    # no single text is more than 1% of the sample
    assert comments["text"].value_counts().iloc[0] <= 90


def test_comments_are_typed_as_people_type(comments):
    text = comments["text"]
    assert text.str.contains(f"[{EMOJI}]").mean() > 0.1  # emoji
    kk = comments[comments["language"] == "kk"]["text"]
    plain = ~kk.str.contains("[әғқңөұүһі]", case=False)
    assert plain.mean() > 0.1  # Kazakh typed on a Russian keyboard
    assert text.str.match(r"[а-яёa-z]").mean() > 0.05  # no capital
    mixed_ru = [f for _, f, _ in comment_texts.MIXED_KK_IN_RU]
    ru = comments[comments["language"] == "ru"]["text"]
    assert ru.map(lambda s: any(f in s for f in mixed_ru)).mean() > 0.05  # Kazakh in Russian


def test_neutral_questions_are_most_questions(comments):
    questions = comments[comments["category"] == "question"]
    assert (questions["sentiment"] == "neutral").mean() > 0.5


def test_flood_comments_only_in_the_flood_region_while_the_flood_lasts(comments, templates):
    flood = templates.map(lambda t: texts.FLOOD in t.topics)
    assert flood.sum() >= 10
    assert set(comments.loc[flood, "akimat_id"].astype(str)) == {CRISIS_AKIMAT}
    start = DAYS[CRISIS_DAY].tz_localize("Asia/Almaty")
    when = comments.loc[flood, "commented_at"]
    assert when.min() >= start and when.max() < start + pd.Timedelta(days=6)
    dam = comments["text_en"].str.contains(r"\bdam\b", case=False)
    assert dam.sum() > 0 and (dam <= flood).all()


def test_no_replies_to_abuse_or_spam(comments):
    trolls = comments[comments["category"] == "abuse_spam"]
    assert len(trolls) > 500
    assert not trolls["replied"].any()
    assert trolls["replied_at"].isna().all()


def test_spam_is_neutral_abuse_is_negative_and_hostile(comments, templates):
    trolls = comments["category"] == "abuse_spam"
    assert set(comments.loc[trolls, "sentiment"].astype(str)) == {"negative", "neutral"}
    abuse = trolls & (comments["sentiment"] == "negative")
    assert (comments.loc[abuse, "tone"] == "hostile").all()


def test_the_data_card_states_the_true_number_of_templates_and_distinct_texts(comments):
    card = (Path(__file__).resolve().parents[1] / "datasets" / "README.md").read_text("utf-8")
    assert f"one of {len(texts.TEMPLATES)} templates" in card
    assert f"{comments['text'].nunique():,} of the {len(comments):,} texts" in card
