"""The glossary: every metric the course computes and every concept of the lessons' key points,
in English, Russian and Kazakh, findable from a notebook in any of the three."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import course_utils
from course_utils import glossary, metrics
from course_utils.terms import _table, markdown

ROOT = Path(__file__).resolve().parent.parent
# helpers of the metrics module that are not metrics
NOT_METRICS = {"measure_note", "require_measure", "ratio"}
KEY_POINT_CONCEPTS = [
    "median", "mean", "weighted share", "survey weight", "reach", "impressions", "views",
    "engagement rate by reach", "engagement rate by followers", "benchmark", "applause rate",
    "conversation rate", "amplification rate", "weekday × hour heatmap", "protocol post",
    "bootstrap interval", "permutation test", "A/B test", "correlation is not causation",
    "triage", "moderation policy", "rumour", "official denial", "CERC", "vanity metric",
    "baseline", "SMART target", "key performance indicator", "content mix", "content calendar",
    "response rate", "response time", "trust in official sources",
]  # fmt: skip


def test_every_metric_the_course_computes_has_an_entry():
    public = {
        name
        for name, value in vars(metrics).items()
        if inspect.isfunction(value)
        and value.__module__ == metrics.__name__
        and not name.startswith("_")
        and name not in NOT_METRICS
    }
    named = {ref.strip().split(".")[-1] for refs in _table()["course"] for ref in refs.split(";")}
    assert public - named == set()


@pytest.mark.parametrize("concept", KEY_POINT_CONCEPTS)
def test_every_concept_of_the_key_points_has_an_entry(concept):
    assert not glossary(concept).empty  # raises LookupError when nothing matches


def test_every_course_function_named_in_the_glossary_exists():
    for refs in _table()["course"]:
        for ref in filter(None, (r.strip() for r in refs.split(";"))):
            module, _, name = ref.partition(".")
            found = importlib.import_module(f"course_utils.{module}")
            assert not name or hasattr(found, name), f"course_utils.{ref} does not exist"


def test_every_entry_has_all_three_languages_and_a_definition():
    for row in _table().itertuples():
        for column in ("english", "russian", "kazakh", "definition"):
            assert getattr(row, column).strip(), f"{row.term}: no {column}"


def test_kazakh_is_written_in_cyrillic_with_its_own_letters():
    latin_allowed = re.compile(r"\b(ER|KPI|SMART|A/B|CERC)\b")
    for row in _table().itertuples():
        text = latin_allowed.sub("", row.kazakh)
        assert not re.search(r"[A-Za-z]", text), f"{row.term}: Latin letters in {row.kazakh!r}"
        assert re.search(r"[а-яәғқңөұүһі]", text.casefold()), f"{row.term}: {row.kazakh!r}"
    kazakh_letters = "".join(_table()["kazakh"])
    assert all(letter in kazakh_letters for letter in "әғқңөұүі")


@pytest.mark.parametrize(
    ("asked", "term"),
    [
        ("охват", "reach"),
        ("қамту", "reach"),
        ("Reach", "reach"),
        ("подписчик", "followers"),
        ("ответ", "response_rate"),
    ],
)
def test_a_term_is_found_from_any_language(asked, term):
    assert term in glossary(asked).index


def test_a_misspelt_term_says_what_is_close():
    with pytest.raises(LookupError, match="Did you mean: engagements"):
        glossary("engagments")


def test_the_glossary_is_reachable_from_the_package_and_whole_without_a_term():
    assert course_utils.glossary is glossary
    assert len(glossary()) == len(_table())


def test_the_glossary_page_is_generated_from_the_same_table():
    page = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert page == markdown(), "docs/glossary.md is stale: regenerate it (command at its top)"
