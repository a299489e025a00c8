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
    Module(
        "m02_channel_analysis",
        "Channel analysis: which platforms reach whom",
        70,
        40,
        "reach vs impressions; ER by reach, followers and impressions and why benchmarks disagree; follower growth; posting frequency; comparing akimats fairly",
    ),
    Module(
        "m03_audience_behaviour",
        "Audience behaviour: when and how people respond",
        60,
        40,
        "weekday × hour heatmaps; likes, comments and shares as different responses; topics; Kazakh, Russian and bilingual posts; a posting schedule",
    ),
    Module(
        "m04_visual_and_video",
        "Visual and video content that engages",
        65,
        40,
        "content types by median; mean vs median; reading an A/B test with a bootstrap interval and a permutation test",
    ),
    Module(
        "m05_criticism_and_dialogue",
        "Listening and responding to criticism",
        70,
        45,
        "triage comments; response rate and time against benchmarks; replying and later sentiment; moderation policy; three reply drafts",
    ),
    Module(
        "m06_crisis_communication",
        "Social networks in a crisis: a case study",
        60,
        45,
        "time to the first official post; rumour against official reach; which posts slowed a rumour; CERC phases and principles; the first three posts",
    ),
    Module(
        "m07_strategy_and_kpis",
        "Strategy: goals, KPIs and the content calendar",
        65,
        45,
        "trust-building KPIs, not vanity metrics; baseline and SMART targets; content mix and a month's calendar; a KPI dashboard",
    ),
    Module(
        "m08_capstone",
        "Capstone: learning from peer agencies",
        65,
        90,
        "compare peer agencies' practices and outcomes; an akimat's profile among its peers; a brief with three charts and three recommendations",
    ),
    Module(
        "m09_your_channel",
        "Your own channel: the course's analyses on your exports",
        55,
        30,
        "import your platforms' exports and read the import report; only the rates a platform allows, missing never 0; posting times, content types, replies and a KPI baseline on your own data; a report for your head of office",
    ),
)

BY_ID = {m.id: m for m in MODULES}
