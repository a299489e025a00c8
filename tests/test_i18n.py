"""The course in English, Russian and Kazakh (course_utils.i18n, course_utils.catalogs).

- every text of every domain has a Russian and a Kazakh translation that keeps the English's
  placeholders, code, links and numbers, and the templates are in step with the code;
- the notebooks carry the translations of their cells, written from the catalogs;
- the language setting: environment variable, then the course folder, then the home folder;
- in a real kernel, with the language set to Russian or Kazakh, module 0's exercise shows its
  check messages and hints, and module 0's lesson its chart, in that language;
- the import report and course_utils' charts follow the language; JupyterLab offers Russian.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from kernel_helpers import run_notebook

from course_utils import catalogs, i18n
from course_utils.i18n import DOMAINS, TRANSLATED, translate

ROOT = Path(__file__).resolve().parent.parent
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
LATIN = re.compile(r"[A-Za-z]")
KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def _prose(text: str) -> str:
    """A message without its code, placeholders' values and names (what a person reads)."""
    return re.sub(r"`[^`]*`|\{[^}]*\}|\b[a-z_]+\d*\b\(\)|\b\w*_\w*\b", " ", text)


def _mostly_cyrillic(text: str) -> bool:
    prose = _prose(text)
    cyrillic, latin = len(CYRILLIC.findall(prose)), len(LATIN.findall(prose))
    return cyrillic > latin


# -- the catalogs ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_text_is_translated_and_keeps_its_placeholders_code_links_and_numbers(domain, lang):
    problems = catalogs.problems(domain, lang)
    assert not problems, (
        f"{len(problems)} problems in {domain} [{lang}] (fill them in "
        f"course_utils/locale/{lang}/LC_MESSAGES/{domain}.po, after "
        "`python -m course_utils.catalogs update`):\n" + "\n".join(problems[:30])
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_templates_are_in_step_with_the_code_and_the_notebooks(domain):
    stored = catalogs.read(i18n.template_file(domain))
    wanted = catalogs.template(domain)
    key = lambda c: {(m.context, m.id) for m in c if m.id}  # noqa: E731
    assert key(stored) == key(wanted), (
        f"course_utils/locale/{domain}.pot is out of step with the code: run "
        f"`python -m course_utils.catalogs update {domain}`"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_are_written_for_their_language(lang):
    """Cyrillic prose (not English left in place); Kazakh uses its own letters."""
    english_left, texts = [], []
    for domain in DOMAINS:
        for message in catalogs.read(i18n.po_file(domain, lang), lang):
            if not message.id or not message.string:
                continue
            texts.append(message.string)
            if len(LATIN.findall(_prose(message.id))) > 25 and not _mostly_cyrillic(message.string):
                english_left.append(message.string[:80])
    assert not english_left, f"not in {lang}: {english_left[:10]}"
    if lang == "kk":
        with_letters = sum(bool(KAZAKH_LETTERS.search(t)) for t in texts)
        assert with_letters > 0.8 * len(texts), "Kazakh should use its own letters (ә, ғ, қ, ...)"


def test_a_changed_translation_that_drops_a_placeholder_is_named():
    said = catalogs.differences("`{name}` is {number}: too high.", "`{name}` слишком велико.", "ru")
    assert any("placeholders" in s for s in said)
    assert catalogs.differences("4.5% of 34,630", "4,5 % из 34\u00a0630", "ru") == []
    assert catalogs.differences("see `q1.hint()`", "см. `q1.подсказка()`", "ru")


def test_the_notebooks_carry_the_translations_of_their_cells():
    stale = catalogs.write_notebooks(check=True)
    assert not stale, (
        f"{stale}: out of step with the notebooks catalogs; run "
        "`python -m course_utils.catalogs notebooks` (then `course release m00_getting_started` "
        "for module 0's exercise)"
    )
    for path, cell in catalogs.notebook_cells():
        text = "".join(cell["source"])
        for lang in TRANSLATED:
            assert f"<summary><b>{i18n.LANGUAGES[lang]}</b></summary>" in text, (
                f"{path.name} {cell['id']}: no {i18n.LANGUAGES[lang]} text"
            )


def test_the_released_module_0_exercise_carries_the_translations():
    released = nbformat.read(
        ROOT / "exercises/m00_getting_started/m00_getting_started.ipynb", as_version=4
    )
    prompts = [
        c
        for c in released.cells
        if c.cell_type == "markdown" and not c.metadata.get("nbgrader", {}).get("solution")
    ]
    assert prompts and all("Қазақша" in c.source and "Русский" in c.source for c in prompts)


def test_compiled_catalogs_are_used_and_a_newer_po_file_wins(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    message = "Stuck? Run q{n}.hint() in a new cell."
    assert catalogs.compile_all() == 2 * len(DOMAINS)
    said = translate(message, lang="ru", n=1)
    assert said != message.format(n=1) and "q1.hint()" in said
    po = locale / "ru" / "LC_MESSAGES" / "course.po"
    catalog = catalogs.read(po, "ru")
    catalog[message].string = "Застряли? q{n}.hint()"
    catalogs.write(po, catalog)
    os.utime(po, (po.stat().st_mtime + 5, po.stat().st_mtime + 5))
    assert translate(message, lang="ru", n=1) == "Застряли? q1.hint()"


# -- the setting -------------------------------------------------------------------------------


@pytest.fixture
def setting(tmp_path, monkeypatch):
    """The course folder and the home folder, both scratch; no language in the environment."""
    course, home = tmp_path / "course", tmp_path / "home"
    course.mkdir()
    home.mkdir()
    monkeypatch.setattr(i18n, "COURSE_ROOT", course)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv(i18n.ENV, raising=False)
    return course, home


def test_the_chosen_language_is_remembered_in_the_course_folder(setting, monkeypatch):
    course, _home = setting
    assert i18n.language() == "en"
    said = i18n.set_language("kk")
    assert (course / ".course-language").read_text().strip() == "kk"
    assert i18n.language() == "kk" and _mostly_cyrillic(said)
    monkeypatch.setenv(i18n.ENV, "ru")
    assert i18n.language() == "ru", "the environment variable comes first"
    assert i18n.set_language("Қазақша") and i18n.language() == "ru"
    monkeypatch.setenv(i18n.ENV, "en")
    assert "CIVIC_CHANNELS_LANG" in i18n.set_language("kk")


def test_a_read_only_course_folder_keeps_the_choice_in_the_home_folder(setting, monkeypatch):
    course, home = setting
    blocked = course / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setattr(
        i18n, "setting_files", lambda: [blocked / ".course-language", home / ".cc" / "language"]
    )
    i18n.set_language("ru")
    assert (home / ".cc" / "language").read_text().strip() == "ru"
    assert i18n.language() == "ru"


def test_an_unknown_language_is_refused_with_the_choices(setting, monkeypatch):
    with pytest.raises(i18n.LanguageError, match=r'"kk" \(Қазақша\)'):
        i18n.set_language("de")
    monkeypatch.setenv(i18n.ENV, "de")
    with pytest.warns(UserWarning, match="CIVIC_CHANNELS_LANG"):
        i18n._warn_once.cache_clear()
        assert i18n.language() == "en"


# -- what a participant sees -------------------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_check_a_hint_and_a_chart_follow_the_language(lang, monkeypatch):
    from course_utils import plots
    from course_utils.checks import AnswerError
    from course_utils.exercises.m01 import q1

    monkeypatch.setenv(i18n.ENV, lang)
    with pytest.raises(AnswerError) as failed:
        q1.check(3.0)
    message = str(failed.value)
    assert _mostly_cyrillic(message) and "`official_trust_2021`" in message
    assert translate("Stuck? Run q{n}.hint() in a new cell.", n=1) in message
    assert q1.hint_text(1).endswith(translate("(More: `q{n}.hint({next})`.)", n=1, next=2))
    assert _mostly_cyrillic(q1.hint_text(1))
    import pandas as pd

    values = pd.Series({"short_video": 3.0, "photo": 1.0})
    values.attrs["source"] = "synthetic"
    figure = plots.bar_comparison(values, title="Title", xlabel="median reach per post (people)")
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        translate("photo"),
        translate("short video"),
    ]
    assert ax.get_xlabel() == translate("median reach per post (people)") != "median reach"
    assert translate("synthetic data") in [t.get_text() for t in figure.texts]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_import_report_follows_the_language(lang, monkeypatch):
    from course_utils.imports import import_exports
    from course_utils.paths import sample_exports_dir

    monkeypatch.setenv(i18n.ENV, lang)
    text = import_exports(sample_exports_dir()).report.text()
    assert text.startswith(translate("Import report"))
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("=")]
    english = [line for line in lines if not CYRILLIC.search(line)]
    assert len(english) <= len(lines) // 4, f"English lines in the {lang} report: {english[:8]}"


def _errors(cell) -> list[str]:
    return ["\n".join(o.traceback) for o in cell.get("outputs", []) if o.output_type == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", TRANSLATED)
def test_module_0_in_a_real_kernel_speaks_the_language(lang, monkeypatch):
    """The blank module 0 exercise and the module 0 lesson, run top to bottom in a kernel."""
    monkeypatch.setenv(i18n.ENV, lang)
    folder = ROOT / "exercises" / "m00_getting_started"
    exercise = nbformat.read(folder / "m00_getting_started.ipynb", as_version=4)
    exercise.cells.append(nbformat.v4.new_code_cell("q1.hint()"))
    exercise.cells.append(nbformat.v4.new_code_cell("q1.solution()"))
    run_notebook(exercise, folder)
    checks = [c for c in exercise.cells if re.fullmatch(r"q\d+_check", c.get("id", ""))]
    assert len(checks) == 5
    for cell in checks:
        (shown,) = _errors(cell)
        number = int(cell.id[1])
        assert shown.startswith("✘ ") and _mostly_cyrillic(shown), shown
        assert translate("Stuck? Run q{n}.hint() in a new cell.", n=number) in shown
    hint = "".join(exercise.cells[-2]["outputs"][0]["data"]["text/markdown"])
    assert translate("Hint {step} of {count}", step=1, count=2) in hint and _mostly_cyrillic(hint)
    solution = "".join(exercise.cells[-1]["outputs"][0]["data"]["text/markdown"])
    assert translate("Solution to Task {n}:", n=1) in solution

    lesson = nbformat.read(ROOT / "notebooks" / "m00_getting_started.ipynb", as_version=4)
    lesson.cells.append(
        nbformat.v4.new_code_cell(
            "from matplotlib.figure import Figure\n"
            "figures = [v for v in Out.values() if isinstance(v, Figure)]\n"
            "[(ax.get_title(loc='left'), ax.get_xlabel(), [t.get_text() for t in ax.get_yticklabels()],"
            " [t.get_text() for t in f.texts]) for f in figures for ax in f.axes]"
        )
    )
    run_notebook(lesson, ROOT / "notebooks")
    assert not any(_errors(c) for c in lesson.cells)
    charts = eval(lesson.cells[-1]["outputs"][0]["data"]["text/plain"])  # a list of plain strings
    assert charts, "the lesson drew no chart"
    for title, xlabel, bars, texts in charts:
        assert title == translate("Region Q on Instagram: short videos reach the most people")
        assert xlabel == translate("median reach per post (people)")
        assert translate("short video") in bars and translate("synthetic data") in texts
        assert all(_mostly_cyrillic(t) for t in (title, xlabel))


def test_jupyterlab_offers_russian():
    from jupyterlab_server.translation_utils import get_language_packs

    packs, message = get_language_packs()
    assert "ru_RU" in packs, f"JupyterLab's Russian language pack is not installed: {message}"
