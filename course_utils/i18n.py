"""The course in English, Russian and Kazakh: the language setting and the message catalogs.

    >>> from course_utils.i18n import set_language
    >>> set_language("kk")          # "en", "ru" or "kk": remembered in the course folder

What follows the setting: every check message, hint and solution text of the exercises, the chart
titles, axis labels and legends course_utils draws, the import report of `course import`, and the
start page's language switch. The notebooks' own prose (the start page, module 0, and every
module's objectives, "what is real, what is invented" box and key points) carries its Russian and
Kazakh text under the English, written into the notebooks from the same catalogs.

Where the setting comes from, first match wins:
1. the environment variable CIVIC_CHANNELS_LANG (`en`, `ru`, `kk`), for a classroom or a test;
2. the file `.course-language` in the course folder, which `set_language` writes (or, where the
   course folder is shared and read-only, as on the seminar hub, `~/.civic-channels/language`);
3. English.

The texts are standard gettext catalogs, one per domain, in `course_utils/locale/`:
`<domain>.pot` (the English, generated) and `<lang>/LC_MESSAGES/<domain>.po` (the translations,
edited by people). Domains: `course` (checks, charts, import report), `m00` ... `m09` (each
exercise's tasks) and `notebooks` (the prose above). A maintainer who changes an English text runs

    python -m course_utils.catalogs update     # new templates; merged into the .po files
    python -m course_utils.catalogs compile    # the .mo files (make does it at set-up)
    python -m course_utils.catalogs notebooks  # the translations into the notebooks

and tests/test_i18n.py names every text that lost its translation (a changed English text is
marked fuzzy, which counts as untranslated until someone checks it). A catalog whose .mo file is
missing or older than its .po is compiled in memory the first time it is used.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import os
import re
import warnings
from pathlib import Path

from .paths import COURSE_ROOT

LANGUAGES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
TRANSLATED = ("ru", "kk")
ENV = "CIVIC_CHANNELS_LANG"
SETTING = ".course-language"
LOCALE_DIR = Path(__file__).with_name("locale")
EXERCISE_DOMAINS = tuple(f"m{n:02d}" for n in range(10))
DOMAINS = ("course", *EXERCISE_DOMAINS, "notebooks")
_ALIASES = {
    "en": "en",
    "english": "en",
    "ru": "ru",
    "ru_ru": "ru",
    "russian": "ru",
    "русский": "ru",
    "kk": "kk",
    "kk_kz": "kk",
    "kz": "kk",
    "kazakh": "kk",
    "қазақша": "kk",
    "казахский": "kk",
}


class LanguageError(ValueError):
    """A language the course does not have; the message lists those it has."""


def _code(name: str) -> str:
    code = _ALIASES.get(str(name).strip().lower().replace("-", "_"))
    if code is None:
        choices = ", ".join(f'"{c}" ({n})' for c, n in LANGUAGES.items())
        raise LanguageError(f"The course has no language {name!r}. Choose one of: {choices}.")
    return code


def setting_files() -> list[Path]:
    """Where the chosen language is remembered: the course folder, else the participant's home."""
    return [COURSE_ROOT / SETTING, Path.home() / ".civic-channels" / "language"]


@functools.cache
def _warn_once(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def language() -> str:
    """The course language now: "en", "ru" or "kk" (see the module's docstring for the order)."""
    wanted = os.environ.get(ENV, "").strip()
    if wanted:
        try:
            return _code(wanted)
        except LanguageError as error:
            _warn_once(f"{ENV}={wanted!r} is ignored: {error}")
    for path in setting_files():
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError:
            continue
        try:
            return _code(text)
        except LanguageError as error:
            _warn_once(f"{path} is ignored: {error} Run set_language(...) to choose again.")
    return "en"


def set_language(name: str) -> str:
    """Choose the course language ("en", "ru" or "kk") and remember it in the course folder.

    Returns (and the start page shows) a sentence in the new language that says what changes.
    """
    code = _code(name)
    written = None
    for path in setting_files():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(code + "\n", encoding="utf-8")
        except OSError:
            continue
        written = path
        break
    if written is None:
        raise OSError(
            "The course could not remember the language: neither "
            f"{setting_files()[0]} nor {setting_files()[1]} can be written. "
            f"Set the environment variable {ENV}={code} instead."
        )
    message = translate(
        N_(
            "The course now speaks English: check messages, hints and charts, in every open "
            "notebook from the next cell you run."
        ),
        lang=code,
    )
    env = os.environ.get(ENV, "").strip()
    if env and _code_or_none(env) not in (None, code):
        message += " " + translate(
            N_("The environment variable {variable} still chooses {language} in this session."),
            lang=code,
            variable=ENV,
            language=LANGUAGES[_code(env)],
        )
    return message


def _code_or_none(name: str) -> str | None:
    try:
        return _code(name)
    except LanguageError:
        return None


def choose_language():
    """The start page's language switch: three buttons, and a sentence saying what changed."""
    import ipywidgets as widgets
    from IPython.display import display

    buttons = widgets.ToggleButtons(
        options=[(name, code) for code, name in LANGUAGES.items()],
        value=language(),
        description="",
    )
    said = widgets.Output()

    def changed(change):
        said.clear_output()
        with said:
            print(set_language(change["new"]))

    buttons.observe(changed, names="value")
    display(widgets.VBox([buttons, said]))


# -- the catalogs ------------------------------------------------------------------------------


def po_file(domain: str, lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def template_file(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.pot"


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@functools.cache
def _catalog(domain: str, lang: str, po_stamp: float, mo_stamp: float):
    po = po_file(domain, lang)
    mo = po.with_suffix(".mo")
    if mo_stamp and mo_stamp >= po_stamp:
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if not po_stamp:
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(_compiled(po, lang)))


def _compiled(po: Path, lang: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out = io.BytesIO()
    write_mo(out, catalog)  # fuzzy entries are left out: they count as untranslated
    return out.getvalue()


def catalog(domain: str, lang: str):
    po = po_file(domain, lang)
    return _catalog(domain, lang, _stamp(po), _stamp(po.with_suffix(".mo")))


def translate(message: str, domain: str = "course", lang: str | None = None, **values) -> str:
    """`message` in the course language (English if it has no translation), with `values`
    filled into its {placeholders}."""
    lang = lang or language()
    text = message if lang == "en" else catalog(domain, lang).gettext(message)
    return text.format(**values) if values else text


def _(message: str, **values) -> str:
    """The course domain's messages: `_("`{name}` is blank.", name=name)`."""
    return translate(message, "course", **values)


def N_(message: str) -> str:
    """Marks a text for the catalog where it is written; it is translated where it is shown."""
    return message


def translator(domain: str):
    """`_` for one domain: `_ = translator("m07")` in course_utils/exercises/m07.py."""

    def _(message: str, **values) -> str:
        return translate(message, domain, **values)

    return _


# -- for maintainers: templates, catalogs and the notebooks ------------------------------------

KEYWORDS = {"_": None, "N_": None}
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
