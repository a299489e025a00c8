"""Honest time: each lesson's stated time covers its reading load, every place that states a
module's time agrees with course_utils.modules, the two-day plan fits its slots with slack, and
the manual-grading estimate per cohort follows from the written answers the exercises hold."""

import json
import re
from pathlib import Path

import pytest

from course_utils.catalogs import english_part
from course_utils.modules import MODULES

ROOT = Path(__file__).resolve().parent.parent
INSTRUCTOR = (ROOT / "docs" / "instructor" / "README.md").read_text(encoding="utf-8")
WORDS_PER_MINUTE = 100  # technical English read as a second language
CODE_CELL_MINUTES = 1.0  # run it, read the output
CHART_MINUTES = 1.5  # read the chart and the sentence under it
SLACK = 5
COHORT = 35


def _nb(path):
    return json.loads((ROOT / path).read_text(encoding="utf-8"))


def reading_minutes(path) -> float:
    cells = _nb(path)["cells"]
    words = sum(
        # a participant reads one language: the English, or its translation under it
        len(re.findall(r"\w+", english_part("".join(c["source"]))))
        for c in cells
        if c["cell_type"] == "markdown"
    )
    code = sum(c["cell_type"] == "code" for c in cells)
    charts = sum("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
    return words / WORDS_PER_MINUTE + code * CODE_CELL_MINUTES + charts * CHART_MINUTES


def _timing_table() -> dict[str, tuple[int, int, int]]:
    """module id prefix (m00) → (lesson, exercise, debrief) minutes from the instructor notes."""
    rows = re.findall(r"^\| (m\d\d) [^|]+\| (\d+) min \| (\d+) min \| (\d+) min", INSTRUCTOR, re.M)
    return {m: (int(a), int(b), int(c)) for m, a, b, c in rows}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_the_lesson_time_covers_its_reading_load(module):
    need = reading_minutes(module.lesson)
    assert need <= module.lesson_minutes, (
        f"{module.lesson} needs about {need:.0f} minutes to read and run but says "
        f"{module.lesson_minutes}: raise its time in course_utils.modules (and everywhere it is "
        "stated) or split the lesson"
    )


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_place_that_states_the_time_agrees(module):
    lesson, exercise = module.lesson_minutes, module.exercise_minutes
    first = "".join(_nb(module.lesson)["cells"][0]["source"])
    assert f"Time:** about {lesson} minutes" in first
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"notebooks/{module.id}.ipynb) | {lesson} + {exercise} min |" in readme
    start = "".join("".join(c["source"]) for c in _nb("notebooks/00_start_here.ipynb")["cells"])
    assert f"exercises/{module.id}/{module.id}.ipynb) | {lesson} + {exercise} min |" in start
    notes = (ROOT / "docs" / "instructor" / f"{module.id}.md").read_text(encoding="utf-8")
    timing = notes.split("\n\n")[1].replace("\n", " ")
    assert re.match(rf"\*\*Timing:\*\* lesson {lesson} min[^,]*, exercise {exercise} min", timing)
    table = _timing_table()[module.id[:3]]
    assert table[:2] == (lesson, exercise)
    debrief = table[2]
    assert re.search(rf"debrief {debrief} min|then {debrief} min", timing), timing[:160]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.mark.parametrize("day", ["Day 1", "Day 2"])
def test_the_two_day_plan_fits_its_slots_with_slack(day):
    section = INSTRUCTOR.split(f"**{day}:")[1].split("\n\n", 2)[1]
    table = _timing_table()
    end_of_last = None
    for start, end, what, needs in re.findall(
        r"^\| (\d\d:\d\d)–(\d\d:\d\d) \| ([^|]+) \|([^|]*)\|", section, re.M
    ):
        slot = _minutes(end) - _minutes(start)
        assert end_of_last in (None, start), f"{day}: a gap or overlap before {start}"
        end_of_last = end
        if what.startswith(("break", "lunch")):
            continue
        if what.startswith("close"):
            expected = 10
        else:
            modules, parts = re.match(r"(m\d\d(?:, m\d\d)*): ([a-z, ]+)", what).groups()
            parts = [p.strip() for p in parts.split(",")]
            index = {"lesson": 0, "exercise": 1, "debrief": 2}
            expected = sum(table[m][index[p]] for m in modules.split(", ") for p in parts)
        assert needs.strip() == f"{expected} min", f"{day} {start}: needs {expected} min"
        assert slot >= expected + SLACK, f"{day} {start}: {slot} min for {expected} min of work"


def test_every_seminar_lesson_is_in_the_plan_and_every_exercise_has_a_place():
    plan = INSTRUCTOR.split("**Day 1:")[1].split("**Manual grading")[0]
    for module in MODULES[:-1]:  # module 9 comes after the seminar
        m = module.id[:3]
        assert re.search(rf"\| {m}: lesson", plan), f"{m}'s lesson is not in the two-day plan"
        assert (
            re.search(rf"\| {m}: [a-z, ]*exercise", plan)
            or re.search(rf"\| {m}: lesson \([^)]*exercise as homework", plan)
            or m == "m08"
        ), f"{m}'s exercise has no slot and is not homework"


def test_the_manual_grading_estimate_follows_from_the_written_answers():
    answers = []
    for module in MODULES[:-1]:
        for cell in _nb(module.solution)["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade") and meta.get("solution"):
                answers.append(meta["points"])
    per_answer = [2 if p <= 4 else 4 if p <= 6 else 8 for p in answers]
    per_participant = sum(per_answer)
    hours = round(per_participant * COHORT / 60)
    assert f"writes {len(answers)} answers graded by hand" in INSTRUCTOR.replace("\n", " ")
    assert f"about **{per_participant} minutes per participant**" in INSTRUCTOR.replace("\n", " ")
    assert f"about **{hours} hours for a cohort of {COHORT}**" in INSTRUCTOR.replace("\n", " ")
