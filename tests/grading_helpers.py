"""Helpers for the tests of the instructor tools: a scratch course and hand-made submissions."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
M00 = "m00_getting_started"
M01 = "m01_media_landscape"


def copy_course(dest: Path, assignments=(M00, M01)) -> Path:
    """A scratch course in `dest`: the course's nbgrader_config.py and a few assignments."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("solutions", "exercises"):
        for assignment in assignments:
            shutil.copytree(ROOT / folder / assignment, dest / folder / assignment)
    return dest


def _without_markers(source: str) -> str:
    return "\n".join(line for line in source.split("\n") if "### " not in line)


def notebook(
    course: Path,
    assignment: str = M00,
    answered: bool = True,
    answers: dict[str, str] | None = None,
    append: dict[str, str] | None = None,
    delete: tuple[str, ...] = (),
):
    """A submission: the released exercise, answered as in the solution (or left blank).

    `answers` replaces the source of the cells with these grade ids, `append` adds lines to
    them, `delete` removes them.
    """
    nb = nbformat.read(course / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    key = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    solved = {
        c.metadata["nbgrader"]["grade_id"]: _without_markers(c.source)
        for c in key.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    kept = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in delete:
            continue
        if answered and grade_id in solved:
            cell.source = solved[grade_id]
        if answers and grade_id in answers:
            cell.source = answers[grade_id]
        if append and grade_id in append:
            cell.source += "\n" + append[grade_id]
        kept.append(cell)
    nb.cells = kept
    return nb


def write(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def outputs(course: Path, student: str, grade_id: str, assignment: str = M00) -> list[dict]:
    """The outputs of one cell of a participant's autograded notebook."""
    path = course / "grading" / "autograded" / student / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell.get("outputs", [])
    raise KeyError(f"{grade_id} is not in {path}")


def error_names(course: Path, student: str, grade_id: str, assignment: str = M00) -> list[str]:
    return [o["ename"] for o in outputs(course, student, grade_id, assignment) if "ename" in o]


def output_text(course: Path, student: str, grade_id: str, assignment: str = M00) -> str:
    """A cell's outputs as text. Printed text is joined as the notebook shows it: one print can
    arrive as several stream messages ("DUMP", " KFso..."), which must not be split apart."""
    parts = []
    for o in outputs(course, student, grade_id, assignment):
        if o.get("output_type") == "stream":
            text = "".join(o.get("text", ""))
            if parts and parts[-1][0] == o.get("name"):
                parts[-1] = (o.get("name"), parts[-1][1] + text)
            else:
                parts.append((o.get("name"), text))
            continue
        parts.append((None, "".join(o.get("text", "")) + o.get("evalue", "")))
        parts.append((None, str(o.get("data", {}).get("text/plain", ""))))
    return "\n".join(text for _, text in parts)


def hidden_only_lines(course: Path, assignment: str) -> list[str]:
    """Lines of the hidden tests that appear nowhere in what participants get (the exercise).

    If one of them shows up in a feedback page, the page reveals a hidden test.
    """
    from course_grading.preprocessors import hidden_regions

    released = (course / "exercises" / assignment / f"{assignment}.ipynb").read_text("utf-8")
    released_text = " ".join(json_source_lines(released))
    key = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    lines = {
        line.strip()
        for cell in key.cells
        for region in hidden_regions(cell)
        for line in region.split("\n")
        if len(line.strip()) >= 12
    }
    return sorted(line for line in lines if line not in released_text)


def json_source_lines(text: str) -> list[str]:
    import json

    return [
        line.strip()
        for cell in json.loads(text)["cells"]
        for line in "".join(cell["source"]).split("\n")
    ]


def require_sandbox() -> None:
    """Skip (or, in CI, fail) a test that needs the bubblewrap sandbox when it cannot start."""
    import pytest

    from course_grading.sandbox import sandbox_status

    status = sandbox_status()
    if status.isolated:
        return
    message = (
        f"needs the bubblewrap sandbox ({status.reason}): `sudo apt-get install -y bubblewrap` "
        "on Linux enables it"
    )
    if os.environ.get("CIVIC_CHANNELS_REQUIRE_SANDBOX"):
        pytest.fail(message + " (CI requires it: CIVIC_CHANNELS_REQUIRE_SANDBOX is set)")
    pytest.skip(message)
