"""The course website (`make site`): every lesson, exercise and note readable without installing
anything, offline, and without a single answer or hidden test.

The site is built once per test run, into a temporary folder, by the same script as `make site`
(site/build.py). The static tests parse the built files; the browser tests serve them on
127.0.0.1 and read them in Debian's Chromium driven by Playwright, recording every request.
Screenshots are saved to test-artifacts/screenshots/site-*.png for a person to look at.

Without Chromium the browser tests are skipped with a message saying how to enable them; in CI
(CIVIC_CHANNELS_REQUIRE_BROWSER=1, set by .ci/run) a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from course_utils.modules import MODULES

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
BUILD_SECONDS_LIMIT = 60
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
NBGRADER_MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
)
# <link rel=...> values that only name another page; every other rel may load something.
NAVIGATION_RELS = {"next", "prev", "index", "search", "author", "license", "help", "canonical"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@functools.cache
def _load_build_script():
    """site/build.py as a module (site/ is not a package: `site` is a module of Python's own)."""
    spec = importlib.util.spec_from_file_location("civic_site_build", ROOT / "site" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The website, built by `site/build.py` as `make site` does, with a proxy that refuses every
    connection (so a build step that fetches from the internet fails), and how long it took."""
    out = tmp_path_factory.mktemp("site") / "site"
    env = dict(os.environ)
    dead_proxy = "http://127.0.0.1:9"
    env.update(HTTP_PROXY=dead_proxy, HTTPS_PROXY=dead_proxy, ALL_PROXY=dead_proxy, NO_PROXY="")
    env.update(http_proxy=dead_proxy, https_proxy=dead_proxy, all_proxy=dead_proxy, no_proxy="")
    start, cpu_before = time.perf_counter(), _children_cpu_seconds()
    result = subprocess.run(
        [sys.executable, str(ROOT / "site" / "build.py"), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds, cpu = time.perf_counter() - start, _children_cpu_seconds() - cpu_before
    assert result.returncode == 0, (
        f"`make site` failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    )
    return {"out": out, "seconds": seconds, "cpu_seconds": cpu}


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built["out"]


def _page(site: Path, source: str) -> Path:
    """The built page of a source file, e.g. notebooks/m01_media_landscape.ipynb."""
    return site / (os.path.splitext(source)[0] + ".html")


class _Page(HTMLParser):
    """What a page loads (tag, attribute, URL), where it links, and its visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str, str]] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._inside = {"script": 0, "style": 0}

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag in self._inside:
            self._inside[tag] += 1
        for name in ("src", "data", "poster", "background"):
            if attrs.get(name):
                self.loads.append((tag, name, attrs[name]))
        for name in ("srcset", "imagesrcset"):
            for candidate in filter(None, attrs.get(name, "").split(",")):
                self.loads.append((tag, name, candidate.split()[0]))
        if tag == "link" and attrs.get("href"):
            rels = set(attrs.get("rel", "").lower().split())
            if rels - NAVIGATION_RELS or not rels:
                self.loads.append((tag, f"href (rel={' '.join(sorted(rels))})", attrs["href"]))
            else:
                self.links.append(attrs["href"])
        if tag in {"image", "use", "feimage", "script"}:  # SVG images and uses load their href
            for name in ("href", "xlink:href"):
                if attrs.get(name):
                    self.loads.append((tag, name, attrs[name]))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if attrs.get("style"):
            self.styles.append(attrs["style"])

    def handle_endtag(self, tag):
        if self._inside.get(tag):
            self._inside[tag] -= 1

    def handle_data(self, data):
        if self._inside["style"]:
            self.styles.append(data)
        elif not self._inside["script"]:
            self.text.append(data)


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _text(path: Path) -> str:
    return "".join(_parse(path).text)


def _css_urls(css: str) -> list[str]:
    return [match.group(2) or match.group(4) or "" for match in CSS_URL.finditer(css)]


def _html_pages(site: Path) -> list[Path]:
    """Every page of the site (not the theme's templates that Sphinx copies into _static/)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


# --- building ---------------------------------------------------------------------------------


def test_make_site_builds_the_website_in_under_a_minute(built):
    """Measured in CPU time, as alone on a machine: `make test` runs other tests beside it."""
    assert built["cpu_seconds"] < BUILD_SECONDS_LIMIT, (
        f"building the site took {built['cpu_seconds']:.0f} s of CPU time "
        f"({built['seconds']:.0f} s on the clock; limit {BUILD_SECONDS_LIMIT} s)"
    )


def test_the_makefile_builds_the_site_with_the_same_script(course_root):
    makefile = (course_root / "Makefile").read_text()
    assert re.search(r"^site:.*\n\t.*site/build\.py", makefile, re.MULTILINE), (
        "`make site` should run site/build.py, the script these tests build with"
    )


def test_the_website_folder_is_ignored_by_git(course_root):
    ignored = (course_root / ".gitignore").read_text().split()
    assert "/build/" in ignored, "the built site (build/site/) must not be committed"


# --- what is in it ----------------------------------------------------------------------------


def test_the_home_page_is_the_start_page(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'url=notebooks/00_start_here.html"' in index, "index.html should open the start page"
    start = _text(_page(site, "notebooks/00_start_here.ipynb"))
    assert "Civic Channels · Start here" in start


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_module_has_its_lesson_its_exercise_and_a_run_it_yourself_page(site, module):
    for source in (module.lesson, module.exercise, f"run/{module.id}.md"):
        assert _page(site, source).exists(), f"the site has no page for {source}"


def test_the_run_it_yourself_pages_say_how_to_open_the_notebook_in_jupyterlab(site):
    for module in MODULES:
        text = _text(_page(site, f"run/{module.id}.md"))
        for way in ("make lab", "conda activate civic-channels", "JupyterHub", module.lesson):
            assert way in text, f"run/{module.id}.html does not mention {way!r}"


def test_the_instructor_notes_and_the_data_card_have_pages(site, course_root):
    sources = [p.relative_to(course_root) for p in course_root.glob("docs/instructor/*.md")]
    assert sources, "docs/instructor/ has no notes"
    for source in [*sources, Path("datasets/README.md"), Path("README.md")]:
        assert _page(site, str(source)).exists(), f"the site has no page for {source}"


def test_the_instructor_notes_have_a_section_of_their_own(site):
    home = _page(site, "notebooks/00_start_here.ipynb").read_text(encoding="utf-8")
    assert '<span class="caption-text">For instructors</span>' in home, (
        "the navigation should have a 'For instructors' section"
    )


def test_glossary_references_and_cheat_sheet_are_included_when_docs_has_them(tmp_path):
    build = _load_build_script()
    (tmp_path / "docs").mkdir()
    before = {s.caption: s.sources for s in build.sections(tmp_path)}["Reference"]
    assert before == ["datasets/README.md"]
    (tmp_path / "docs" / "glossary.md").write_text("# Glossary\n")
    (tmp_path / "docs" / "cheatsheet.md").write_text("# Cheat sheet\n")
    after = {s.caption: s.sources for s in build.sections(tmp_path)}["Reference"]
    assert after == ["datasets/README.md", "docs/glossary.md", "docs/cheatsheet.md"]


def test_solutions_are_never_part_of_the_site(site):
    assert not (site / "solutions").exists()
    sources = [s for section in _load_build_script().sections() for s in section.sources]
    assert not [s for s in sources if s.startswith("solutions/")], sources


def test_lessons_show_every_stored_chart(site, course_root):
    for module in MODULES:
        notebook = json.loads((course_root / module.lesson).read_text(encoding="utf-8"))
        stored = sum(
            "image/png" in output.get("data", {})
            for cell in notebook["cells"]
            for output in cell.get("outputs", [])
        )
        images = [src for src in _parse(_page(site, module.lesson)).images if "_images/" in src]
        assert len(images) >= stored, (
            f"{module.lesson}: {stored} stored charts, but only {len(images)} on its page"
        )


def test_explorers_are_shown_as_their_stored_chart_with_a_note_how_to_run_them(site, course_root):
    lessons = [
        m for m in MODULES if WIDGET_VIEW in (course_root / m.lesson).read_text(encoding="utf-8")
    ]
    assert lessons, "no lesson has an interactive explorer any more: update this test"
    for module in lessons:
        html = _page(site, module.lesson).read_text(encoding="utf-8")
        note = re.search(r'<div class="explorer-still">(.*?)</div>', html, re.DOTALL)
        assert note, f"{module.lesson}: no note in place of its explorer"
        assert f'href="../run/{module.id}.html"' in note.group(1), (
            f"{module.lesson}: the explorer's note should link to its run-it-yourself page"
        )
        after = html[note.end() : note.end() + 20_000]
        assert "<img" in after or "<table" in after, (
            f"{module.lesson}: no stored view after the note"
        )
        assert "widget-state+json" not in html and WIDGET_VIEW not in html, (
            f"{module.lesson}: widget data left in the page (it needs scripts from a CDN)"
        )


def test_cyrillic_text_reaches_the_pages_intact(site, course_root):
    lesson = "notebooks/m05_criticism_and_dialogue.ipynb"
    shown = []  # what the page shows: Markdown, and tables as HTML
    for cell in json.loads((course_root / lesson).read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            shown.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            shown.append("".join(output.get("data", {}).get("text/html", "")))
    phrases = set(
        re.findall(r"[\u0400-\u04FF][\u0400-\u04FF ,!?]{8,}[\u0400-\u04FF]", "".join(shown))
    )
    assert phrases, f"{lesson} has no Kazakh or Russian text any more: choose another lesson"
    html = _page(site, lesson).read_text(encoding="utf-8")
    assert '<meta charset="utf-8"' in html.lower()
    missing = sorted(p for p in phrases if p not in html)
    assert not missing, f"Kazakh or Russian text did not reach the page as written: {missing[:3]}"


# --- nothing from outside, nothing broken -------------------------------------------------------


def test_no_page_loads_anything_from_outside_the_site(site):
    external = []
    for path in sorted(site.rglob("*.html")):  # the theme's templates in _static/ too
        page = _parse(path)
        for tag, attribute, url in page.loads:
            if EXTERNAL.match(url):
                external.append(f"{path.relative_to(site)}: <{tag} {attribute}={url}>")
        for style in page.styles:
            for url in _css_urls(style):
                if EXTERNAL.match(url):
                    external.append(f"{path.relative_to(site)}: inline style url({url})")
    assert not external, "pages load from outside the site:\n" + "\n".join(external[:20])


def test_no_stylesheet_loads_anything_from_outside_the_site(site):
    external = [
        f"{css.relative_to(site)}: url({url})"
        for css in sorted(site.rglob("*.css"))
        for url in _css_urls(css.read_text(encoding="utf-8", errors="replace"))
        if EXTERNAL.match(url)
    ]
    assert not external, "stylesheets load from outside the site:\n" + "\n".join(external[:20])


def test_the_external_url_check_catches_every_kind_of_load():
    page = _Page()
    page.feed(
        '<script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        '<link rel="preload" href="http://fonts.example/a.woff2">'
        '<link rel="icon" href="https://example.org/favicon.ico">'
        '<img src="_images/chart.png" srcset="https://example.org/big.png 2x">'
        '<div style="background: url(https://example.org/bg.png)"></div>'
        '<svg><image href="https://example.org/map.png"/></svg>'
        '<style>@import "https://example.org/more.css";</style>'
        '<a href="https://example.org/">a link to read, not a load</a>'
    )
    loads = [url for _, _, url in page.loads] + [u for s in page.styles for u in _css_urls(s)]
    assert [url for url in loads if EXTERNAL.match(url)] == [
        "https://cdn.example/x.js",
        "//fonts.example/css",
        "http://fonts.example/a.woff2",
        "https://example.org/favicon.ico",
        "https://example.org/big.png",
        "https://example.org/map.png",
        "https://example.org/bg.png",
        "https://example.org/more.css",
    ]


def test_every_link_and_image_inside_the_site_leads_to_a_file_that_exists(site):
    broken = []
    for path in _html_pages(site):
        page = _parse(path)
        for url in [*page.links, *(url for _, _, url in page.loads)]:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if not (path.parent / unquote(parts.path)).exists():
                broken.append(f"{path.relative_to(site)} -> {url}")
    assert not broken, "links to missing files:\n" + "\n".join(broken[:20])


def test_the_start_page_links_every_lesson_and_exercise_to_its_page_in_the_site(site):
    start = _page(site, "notebooks/00_start_here.ipynb")
    targets = {(start.parent / urlsplit(link).path).resolve() for link in _parse(start).links}
    for module in MODULES:
        for source in (module.lesson, module.exercise):
            assert _page(site, source).resolve() in targets, (
                f"the start page does not link {source}"
            )


# --- no answers, no hidden tests --------------------------------------------------------------


def _nbgrader_blocks(source: str, begin: str, end: str) -> list[str]:
    return re.findall(rf"### {begin}\n(.*?)### {end}", source, re.DOTALL)


def _secret_lines(course_root: Path) -> set[str]:
    """Lines of the solutions and hidden tests in solutions/ that no published file contains."""
    secret = set()
    for path in course_root.glob("solutions/*/*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            for begin, end in (
                ("BEGIN SOLUTION", "END SOLUTION"),
                ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
            ):
                for block in _nbgrader_blocks(source, begin, end):
                    secret.update(line.strip() for line in block.splitlines())
    published = "\n".join(
        _readable_text(course_root / source)
        for section in _load_build_script().sections(course_root)
        for source in section.sources
    )
    return {line for line in secret if len(line) >= 16 and line not in published}


def _readable_text(path: Path) -> str:
    """A Markdown file as it is; a notebook's cells and stored text outputs."""
    if path.suffix != ".ipynb":
        return path.read_text(encoding="utf-8")
    parts = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts += [
                "".join(v) for k, v in output.get("data", {}).items() if k.startswith("text/")
            ]
            parts.append("".join(output.get("text", "")))
    return "\n".join(parts)


def test_the_build_refuses_an_exercise_that_still_holds_an_answer():
    spec = importlib.util.spec_from_file_location("civic_site_conf", ROOT / "site" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    released = {"cells": [{"cell_type": "code", "source": ["answer = ...\n"]}]}
    conf._refuse_answers("exercises/m00/m00", released)  # a released exercise passes
    unreleased = {
        "cells": [{"cell_type": "code", "source": ["### BEGIN SOLUTION\n", "answer = 42\n"]}]
    }
    with pytest.raises(conf.ExtensionError, match="course release"):
        conf._refuse_answers("exercises/m00/m00", unreleased)


def test_no_page_contains_an_nbgrader_solution_or_hidden_test_marker(site):
    found = [
        f"{path.relative_to(site)}: {marker}"
        for path in sorted(site.rglob("*"))
        if path.suffix in {".html", ".js", ".txt", ".json"}
        for marker in NBGRADER_MARKERS
        if marker in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert not found, "answers or hidden tests in the site:\n" + "\n".join(found)


def test_no_page_contains_a_line_of_a_solution_or_hidden_test(site, course_root):
    secret = _secret_lines(course_root)
    assert len(secret) > 50, "too few solution and hidden-test lines found: is solutions/ there?"
    text = "\n".join(_text(p) for p in _html_pages(site))
    leaked = sorted(line for line in secret if line in text)
    assert not leaked, "lines from solutions/ in the site:\n" + "\n".join(leaked[:10])


# --- in a real browser ------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    """The built site on a free port of 127.0.0.1, as any static web server would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture
def visit(browser):
    """Open pages in a fresh browser context; `visit.requests` lists every URL requested."""
    contexts = []

    def open_page(width: int = 1366, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("request", lambda request: open_page.requests.append(request.url))
        return page

    open_page.requests = []
    yield open_page
    for context in contexts:
        context.close()


def _screenshot(page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"site-{name}.png"), full_page=full_page)


def _open_first_lesson_from_home(page, server):
    page.goto(f"{server}/")
    page.wait_for_url(re.compile(r"/notebooks/00_start_here\.html"))
    page.locator("article a[href$='m02_channel_analysis.html']", has_text="lesson").click()
    page.wait_for_url(re.compile(r"/notebooks/m02_channel_analysis\.html"))
    page.wait_for_load_state("load")


@pytest.mark.browser
def test_the_home_page_opens_on_the_start_page_with_the_course_navigation(visit, server):
    page = visit()
    page.goto(f"{server}/")
    page.wait_for_url(re.compile(r"/notebooks/00_start_here\.html"))
    assert "Civic Channels" in page.title()
    navigation = page.locator(".bd-sidebar-primary").inner_text()
    for section in ("Lessons", "Exercises", "Run it yourself", "Reference", "For instructors"):
        assert section in navigation, f"the navigation lacks the section {section!r}"
    _screenshot(page, "home")


@pytest.mark.browser
def test_a_lesson_opened_from_the_home_page_shows_all_its_charts(visit, server):
    page = visit()
    _open_first_lesson_from_home(page, server)
    charts = page.locator("div.cell_output img")
    assert charts.count() >= 5, f"only {charts.count()} charts on the lesson page"
    charts.last.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('div.cell_output img')].every(i => i.complete)"
    )
    widths = charts.evaluate_all("images => images.map(i => i.naturalWidth)")
    assert all(width > 0 for width in widths), f"charts that did not load (natural widths {widths})"
    page.locator("div.cell_output img").first.scroll_into_view_if_needed()
    _screenshot(page, "lesson")


@pytest.mark.browser
def test_searching_for_engagement_rate_finds_the_lessons(visit, server):
    page = visit()
    page.goto(f"{server}/notebooks/00_start_here.html")
    page.locator("button.search-button__button:visible").first.click()
    field = page.locator("#pst-search-dialog input[name='q']")
    field.fill("engagement rate")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=engagement"))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for()
    page.wait_for_function(
        "() => /found \\d+ page/i.test(document.querySelector('#search-results').innerText)"
    )
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    lessons = {m.id for m in MODULES if any(f"notebooks/{m.id}.html" in h for h in hrefs)}
    assert {"m02_channel_analysis", "m04_visual_and_video"} <= lessons, (
        f"the search for 'engagement rate' found the lessons {sorted(lessons)} in {hrefs}"
    )
    _screenshot(page, "search")


@pytest.mark.browser
def test_reading_the_site_requests_nothing_from_outside_127_0_0_1(visit, server):
    page = visit()
    _open_first_lesson_from_home(page, server)
    for path in ("exercises/m02_channel_analysis/m02_channel_analysis.html", "search.html?q=reach"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    assert len(visit.requests) > 10, "too few requests recorded: is the recorder working?"
    outside = [url for url in visit.requests if not url.startswith(f"{server}/")]
    assert not outside, "requests that left the site:\n" + "\n".join(outside[:20])


@pytest.mark.browser
def test_on_a_phone_no_page_scrolls_sideways(visit, server):
    page = visit(width=390, height=844)
    pages = ["notebooks/00_start_here.ipynb", MODULES[2].lesson, MODULES[5].lesson]
    pages += [MODULES[5].exercise, "datasets/README.md", f"run/{MODULES[0].id}.md"]
    wide = {}
    for source in pages:
        page.goto(f"{server}/{os.path.splitext(source)[0]}.html")
        page.wait_for_load_state("load")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            wide[source] = overflow
    assert not wide, f"pages that scroll sideways on a phone (by px): {wide}"


@pytest.mark.browser
def test_on_a_phone_kazakh_and_russian_text_in_a_lesson_shows(visit, server):
    page = visit(width=390, height=844)
    page.goto(f"{server}/notebooks/m05_criticism_and_dialogue.html")
    cell = page.locator("div.cell_output td", has_text=re.compile("[\u0400-\u04ff]{4}")).first
    cell.scroll_into_view_if_needed()
    assert cell.is_visible()
    width = cell.evaluate("td => td.getBoundingClientRect().width")
    assert width > 40, f"a table cell with Cyrillic text is only {width:.0f} px wide"
    _screenshot(page, "lesson-phone")
