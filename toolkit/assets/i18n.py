"""The words the templates print themselves, in each language, and localized dates.

Takes in: a language tag (``en``, ``es``).
Gives out: ``gettext`` translations for Jinja2's i18n extension, read from the Babel-managed
catalog ``toolkit/assets/locale/<lang>/LC_MESSAGES/messages.po`` (compiled in memory, so no binary
``.mo`` file is kept in the repository), language names for messages, and dates written
the way that language writes them.

The templates are written in English, so English needs no catalog. ``make messages``
extracts the strings from the templates into ``messages.pot`` and merges them into each
catalog; a test fails when a catalog misses a string or still has a fuzzy one.
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import date
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TEMPLATE_LANGUAGE = "en"
"""The language the templates are written in."""


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark a string in Python code as a template string to translate (``make messages``
    finds it); it is translated where it is shown."""
    return message


def catalog_path(lang: str) -> Path:
    """Where the template strings for ``lang`` live (it may not exist)."""
    return LOCALE_DIR / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"


def has_catalog(lang: str) -> bool:
    """Whether the templates can speak ``lang``."""
    return _base(lang) == TEMPLATE_LANGUAGE or catalog_path(lang).is_file()


@functools.lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The template strings for ``lang``; English (the templates' own language) as is."""
    if _base(lang) == TEMPLATE_LANGUAGE:
        return gettext.NullTranslations()
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang.replace("-", "_"))
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def language_name(lang: str) -> str:
    """``Spanish`` for ``es``: how messages name a language."""
    try:
        return str(Locale.parse(lang.replace("-", "_")).english_name)
    except (ValueError, UnknownLocaleError):
        return lang


def month_year(day: date, lang: str) -> str:
    """``November 2026`` or ``noviembre de 2026``: an edition date in the reader's language."""
    return str(format_skeleton("yMMMM", day, locale=lang.replace("-", "_")))


def _base(lang: str) -> str:
    return lang.split("-")[0]
