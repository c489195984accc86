"""Template strings from gettext catalogs: every catalog is complete and current, and dates
and page numbers come out in the reader's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from toolkit.assets.i18n import LOCALE_DIR, has_catalog, language_name, month_year, translations
from toolkit.builder.pipeline import PROJECT_ROOT
from toolkit.rendering.html import css_content, make_environment

CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))


def _template_strings() -> set[str | tuple[str, ...]]:
    """What `make messages` extracts, the way babel.cfg says."""
    method_map = [("templates/**.html", "jinja2"), ("toolkit/**.py", "python")]
    options = {
        "templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True"},
        "toolkit/**.py": {},
    }
    found = extract_from_dir(
        PROJECT_ROOT, method_map, options, keywords={"_": None, "ngettext": (1, 2), "N_": None}
    )
    return {message if isinstance(message, str) else tuple(message) for _, _, message, *_ in found}


def test_there_is_a_spanish_catalog() -> None:
    assert [path.parts[-3] for path in CATALOGS] == ["es"]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parts[-3])
def test_catalog_translates_every_template_string(path: Path) -> None:
    with path.open("rb") as po:
        catalog = read_po(po)
    translated = {message.id for message in catalog if message.id and message.string}
    missing = _template_strings() - {m if isinstance(m, str) else tuple(m) for m in translated}
    assert not missing, f"untranslated in {path.name}: {missing}; run make messages"
    assert [message.id for message in catalog if message.fuzzy and message.id] == []
    assert [errors for _, errors in catalog.check() if errors] == []  # placeholders match


def test_english_needs_no_catalog_and_other_languages_do() -> None:
    assert has_catalog("en")
    assert has_catalog("es")
    assert not has_catalog("de")
    assert translations("en").gettext("Where to get help") == "Where to get help"
    assert translations("es").gettext("Where to get help") == "Dónde pedir ayuda"
    assert language_name("es") == "Spanish"


def test_dates_and_page_numbers_in_the_readers_language() -> None:
    assert month_year(date(2026, 11, 25), "en") == "November 2026"
    assert month_year(date(2026, 11, 25), "es") == "noviembre de 2026"
    assert css_content("Page %(page)s of %(pages)s") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert css_content('Seite "%(page)s"') == r'"Seite \22 " counter(page) "\22 "'


def test_templates_speak_the_jobs_language() -> None:
    spanish = make_environment(PROJECT_ROOT / "templates", "es")
    template = spanish.from_string(
        '{{ _("Episode %(number)s", number=n) }} '
        '{{ ngettext("%(num)s minute", "%(num)s minutes", 5) }}'
    )
    assert template.render(n=3) == "Episodio 3 5 minutos"
    english = make_environment(PROJECT_ROOT / "templates", "en")
    assert english.from_string('{{ _("QR code: %(address)s", address="<x>") }}').render() == (
        "QR code: &lt;x&gt;"
    )


def test_the_template_for_translators_lists_every_string() -> None:
    """messages.pot, what a translator starts a new language from, is current."""
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        listed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(pot) if m.id}
    assert listed == _template_strings(), "run make messages"
