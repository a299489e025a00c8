"""Shared fixtures: the course folder, a scratch copy of it, and a few loaded datasets."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from course_utils import load

ROOT = Path(__file__).resolve().parent.parent
# The tests read the course in English whatever language this copy of the course was set to
# (tests/test_i18n.py sets Russian and Kazakh where it needs them); kernels inherit it.
os.environ["CIVIC_CHANNELS_LANG"] = "en"


@pytest.fixture(scope="session")
def course_root() -> Path:
    return ROOT


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A temporary copy of the course's grading set-up: config, solutions and exercises."""
    copy = tmp_path / "course"
    copy.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", copy / "nbgrader_config.py")
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder, copy / folder)
    return copy


# Debian's Chromium, headless and offline: no first-run, update, sync or background traffic
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium, for the browser tests; skipped with how to enable it when missing
    (in CI, where CIVIC_CHANNELS_REQUIRE_BROWSER is set, a missing browser fails instead)."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    message = (
        "Chromium is not installed: `sudo apt-get install -y chromium` enables the browser tests."
    )
    if os.environ.get("CIVIC_CHANNELS_REQUIRE_BROWSER"):
        pytest.fail(message + " (CI requires them: CIVIC_CHANNELS_REQUIRE_BROWSER is set)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The course datasets, loaded once per test module (load() returns a fresh copy each time, so a
# test module may change its copy). A module can define its own `posts` or `comments` fixture
# (for example a small hand-made table); that one then takes precedence.
@pytest.fixture(scope="module")
def posts():
    return load("posts")


@pytest.fixture(scope="module")
def comments():
    return load("comments")


@pytest.fixture(scope="module")
def collect_template(tmp_path_factory) -> Path:
    """A scratch course with m00 whose gradebook exists (creating one takes nbgrader seconds)."""
    from grading_helpers import M00, copy_course

    from course_grading.course import Course

    template = copy_course(tmp_path_factory.mktemp("collect") / "course", assignments=(M00,))
    with Course.at(template).gradebook():
        pass
    return template


@pytest.fixture
def course(collect_template, tmp_path) -> Path:
    """A fresh copy of collect_template for one test."""
    return Path(shutil.copytree(collect_template, tmp_path / "course"))
