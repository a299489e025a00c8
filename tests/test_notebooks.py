"""Notebook conventions (COURSE_BLUEPRINT §6): what every lesson, exercise and the start page need."""

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from course_utils.modules import MODULES

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("m*.ipynb"))
SOURCES = sorted((ROOT / "solutions").glob("*/*.ipynb"))
RELEASED = sorted((ROOT / "exercises").glob("*/*.ipynb"))
START = ROOT / "notebooks" / "00_start_here.ipynb"
ALL = [START, *LESSONS, *SOURCES, *RELEASED]


def _nb(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _text(cell):
    return "".join(cell["source"])


def _rel(path):
    return str(path.relative_to(ROOT))


def test_every_module_has_a_lesson_a_graded_source_and_a_released_exercise():
    for module in MODULES:
        for path in (module.lesson, module.solution, module.exercise):
            assert (ROOT / path).exists(), f"{module.id}: {path} is missing"


@pytest.mark.parametrize("path", ALL, ids=_rel)
def test_notebook_carries_the_python3_kernelspec_so_jupyterlab_does_not_ask(path):
    assert _nb(path)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", ALL, ids=_rel)
def test_cell_ids_are_unique_and_stable(path):
    ids = [c.get("id") for c in _nb(path)["cells"]]
    assert None not in ids and len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", i) for i in ids)


@pytest.mark.parametrize("path", [START, *LESSONS], ids=_rel)
def test_lessons_are_stored_executed_without_errors(path):
    for cell in _nb(path)["cells"]:
        if cell["cell_type"] == "code":
            assert cell["execution_count"] is not None, f"{_rel(path)}: a code cell was not run"
            assert not any(o["output_type"] == "error" for o in cell["outputs"]), (
                f"{_rel(path)}: stored error"
            )


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_opens_with_why_objectives_time_and_data_and_closes_with_key_points(path):
    cells = _nb(path)["cells"]
    top = _text(cells[0])
    assert top.startswith("# Module "), "the first cell should be the title"
    for needed in ("Why this matters for a press service", "You will learn to", "Time:", "Data:"):
        assert needed in top, f"{_rel(path)}: the first cell lacks '{needed}'"
    assert "## Key points" in _text(cells[-1]), (
        f"{_rel(path)}: the last cell should be the key points"
    )


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_every_chart_is_followed_by_a_sentence_saying_what_to_notice(path):
    cells = _nb(path)["cells"]
    for i, cell in enumerate(cells):
        has_chart = cell["cell_type"] == "code" and any(
            "image/png" in o.get("data", {}) for o in cell["outputs"]
        )
        if has_chart:
            after = next((c for c in cells[i + 1 :] if c["cell_type"] == "markdown"), None)
            assert after and "notice" in _text(after).lower(), (
                f"{_rel(path)}: cell {cell['id']} has a chart with no 'what to notice' after it"
            )


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_code_cells_are_short_enough_to_read_at_a_glance(path):
    for cell in _nb(path)["cells"]:
        if cell["cell_type"] == "code":
            lines = _text(cell).splitlines()
            assert len(lines) <= 15, f"{_rel(path)}: cell {cell['id']} has {len(lines)} lines"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_assignment_has_visible_and_hidden_tests_hints_and_a_written_answer(path):
    cells = _nb(path)["cells"]
    meta = [c["metadata"].get("nbgrader", {}) for c in cells]
    assert all(m.get("schema_version") == 3 for m in meta if m), (
        "nbgrader metadata must be schema_version 3"
    )
    tests = [
        c for c, m in zip(cells, meta, strict=True) if m.get("grade") and c["cell_type"] == "code"
    ]
    assert tests, "no test cells"
    for cell in tests:
        text = _text(cell)
        visible = text.split("### BEGIN HIDDEN TESTS")[0].strip()
        assert visible, f"{cell['id']}: no visible test"
        assert "### BEGIN HIDDEN TESTS" in text, f"{cell['id']}: no hidden test"
    manual = [
        m
        for c, m in zip(cells, meta, strict=True)
        if m.get("grade") and m.get("solution") and c["cell_type"] == "markdown"
    ]
    assert manual, "no written answer graded by hand"
    helps = [_text(c) for c in cells if c.get("id", "").endswith("_help")]
    for cell in tests:
        number = cell["id"].removesuffix("_check")
        assert any(f"{number}.hint()" in h and f"{number}.solution()" in h for h in helps), (
            f"{cell['id']}: every autograded task needs a help cell with its hints and solution"
        )


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_every_written_answer_has_a_rubric_in_the_instructor_notes(path):
    notes = ROOT / "docs" / "instructor" / f"{path.parent.name}.md"
    assert notes.exists(), f"{_rel(notes)} is missing"
    text = notes.read_text(encoding="utf-8")
    for cell in _nb(path)["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade") and meta.get("solution") and cell["cell_type"] == "markdown":
            assert f"`{meta['grade_id']}`" in text, (
                f"{_rel(notes)} has no rubric for {meta['grade_id']}"
            )
    for needed in ("Strong answer", "Weak answer", "Common mistakes", "Discussion"):
        assert needed in text, f"{_rel(notes)} lacks '{needed}'"


def _links(path):
    for cell in _nb(path)["cells"]:
        if cell["cell_type"] == "markdown":
            yield from re.findall(r"\]\(([^)#\s]+\.ipynb)\)", _text(cell))


def test_start_page_links_every_module_and_every_link_resolves():
    links = list(_links(START))
    for link in links:
        assert (START.parent / unquote(link)).resolve().exists(), (
            f"broken link on the start page: {link}"
        )
    for module in MODULES:
        assert f"{module.id}.ipynb" in " ".join(links), f"the start page does not link {module.id}"
        assert module.title in "".join(_text(c) for c in _nb(START)["cells"])


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_links_resolve(path):
    for link in _links(path):
        assert (path.parent / unquote(link)).resolve().exists(), f"{_rel(path)}: broken link {link}"


@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_says_what_is_real_and_what_is_invented_right_after_its_title(path):
    box = _nb(path)["cells"][1]
    text = _text(box)
    assert box["cell_type"] == "markdown" and box.get("id") == "real-and-invented", (
        f"{_rel(path)}: the second cell should be the 'What is real here' box"
    )
    assert text.startswith("**What is real here, what is invented.**")
    assert "synthetic" in text, f"{_rel(path)}: the box should say which data is synthetic"
    assert re.search(r"[Bb]uilt[ -]in", text), (
        f"{_rel(path)}: the box should say which relationships were built into the data"
    )


@pytest.mark.parametrize("module", ["m06_crisis_communication", "m08_capstone"])
def test_crisis_and_capstone_lessons_have_a_sourced_real_case_apart_from_the_data(module):
    cells = _nb(ROOT / "notebooks" / f"{module}.ipynb")["cells"]
    real = [c for c in cells if c.get("id") == "real-case"]
    assert real, f"{module}: a markdown cell with id 'real-case' (a documented real case)"
    text = _text(real[0])
    assert real[0]["cell_type"] == "markdown"
    assert "../docs/references.md" in text, f"{module}: the real case cites the references"
    assert re.search(r"\b20(1\d|2\d)\b", text), f"{module}: the real case gives its year"
    assert re.search(r"invented|synthetic", text), (
        f"{module}: the real case says it is kept apart from the invented data"
    )


def test_akimats_in_the_lessons_are_fictional():
    """No lesson or exercise names a real region or city as one of the data's akimats."""
    real = re.compile(
        r"\b(Abai|Akmola|Aktobe|Almaty|Atyrau|East Kazakhstan|Zhambyl|Zhetysu|Karaganda|Kostanay|"
        r"Kyzylorda|Mangystau|North Kazakhstan|Pavlodar|Turkestan|Ulytau|West Kazakhstan|"
        r"Shymkent)\b"
    )
    allowed = re.compile(
        r"Asia/Almaty|Almaty time|Abai Street|Atyrau would|fakes in Atyrau|"
        r"Atyrau akim|\(Ulytau, about|\(Almaty, over|Kyzylorda \(68%\)|"
        r"West Kazakhstan \(67%\)"
    )
    for path in LESSONS + sorted((ROOT / "exercises").glob("*/*.ipynb")):
        for cell in _nb(path)["cells"]:
            text = allowed.sub("", _text(cell))
            found = real.search(text)
            assert not found, f"{_rel(path)}: {found.group(0)!r} in cell {cell.get('id')}"
