"""The course's modules: ids (stable: they are nbgrader assignment ids), titles, times, aims.

The start page, the README and the instructor notes list these; tests check that each one has
its lesson, its graded source and its released exercise.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    lesson_minutes: int
    exercise_minutes: int
    aims: str

    @property
    def lesson(self) -> str:
        return f"notebooks/{self.id}.ipynb"

    @property
    def solution(self) -> str:
        return f"solutions/{self.id}/{self.id}.ipynb"

    @property
    def exercise(self) -> str:
        return f"exercises/{self.id}/{self.id}.ipynb"


MODULES: tuple[Module, ...] = (
    Module(
        "m00_getting_started",
        "Getting started with JupyterLab",
        30,
        20,
        "run cells, read a table, sort and filter, draw one chart",
    ),
    Module(
        "m01_media_landscape",
        "Where citizens get their news, and why trust fell",
        40,
        30,
        "weighted survey shares; TV against social networks and messengers; who trusts what; what 4.5% means",
    ),
)

BY_ID = {m.id: m for m in MODULES}
