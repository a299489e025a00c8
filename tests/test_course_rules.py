"""One voice across modules: the three course rules of docs/course_rules.md are quoted word for
word where a lesson applies them, and no lesson recommends what a rule warns against."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES_FILE = ROOT / "docs" / "course_rules.md"
# rule -> the lessons that apply it (docs/course_rules.md says where)
APPLIED = {
    "posting volume": ["m02_channel_analysis", "m08_capstone"],
    "targets": ["m07_strategy_and_kpis", "m08_capstone"],
    "fair comparison": [
        "m01_media_landscape",
        "m02_channel_analysis",
        "m05_criticism_and_dialogue",
    ],
}


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _rules() -> dict[str, str]:
    text = RULES_FILE.read_text(encoding="utf-8")
    quotes = re.findall(r"((?:^> .*\n)+)", text, re.M)
    rules = {}
    for quote in quotes:
        body = _normal(re.sub(r"^> ?", "", quote, flags=re.M))
        name = re.match(r"\*\*Course rule · ([^.]+)\.\*\*", body).group(1)
        rules[name] = body
    return rules


def _markdown(module: str) -> str:
    nb = json.loads((ROOT / "notebooks" / f"{module}.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    return _normal(re.sub(r"^> ?", "", "\n".join(cells), flags=re.M))


def test_the_rules_file_states_exactly_the_three_rules():
    assert set(_rules()) == set(APPLIED)


@pytest.mark.parametrize(
    ("rule", "module"), [(r, m) for r, modules in APPLIED.items() for m in modules]
)
def test_each_lesson_quotes_the_rule_it_applies_word_for_word(rule, module):
    assert _rules()[rule] in _markdown(module), (
        f"{module} applies the course rule on {rule} but does not quote docs/course_rules.md "
        "word for word: copy the rule from there (one voice across modules)"
    )


def test_no_lesson_recommends_posting_less_on_engagement_per_post_alone():
    for module in ("m02_channel_analysis", "m07_strategy_and_kpis", "m08_capstone"):
        text = _markdown(module).lower()
        assert "post less often" not in text, module
        assert "posts a week, 45% video" not in text, module  # the old m08 target


def test_no_target_is_set_for_the_next_quarter():
    """m07's rule works over a year; a brief must not ask for 90% within one quarter."""
    for module in ("m07_strategy_and_kpis", "m08_capstone"):
        text = _markdown(module)
        assert not re.search(r"9\d% of questions answered[^.]*next quarter", text), module
    instructor = _normal((ROOT / "docs/instructor/m08_capstone.md").read_text(encoding="utf-8"))
    assert "90% by year end" not in instructor
