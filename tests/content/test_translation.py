"""Translations beside their sources: loading, key parity, stale translations, new-translation,
and the Spanish build landing in <brand>/es/ with Spanish template strings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.pdf_facts import text_of
from toolkit.builder.pipeline import BuildSettings, build
from toolkit.builder.scaffold import new_translation
from toolkit.cli import main
from toolkit.content.project import load_project
from toolkit.content.translations import KeyDifference, key_differences, source_hash
from toolkit.documents import Selection
from toolkit.errors import ContentError, ToolkitError


def _translate(content: Path) -> Path:
    """List Spanish in toolkit.yaml and translate the toolkit file and the test topic."""
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text() + "translations: [es]\n")
    new_translation(content, "toolkit.yaml", "es")
    new_translation(content, "brands/acme/brand.yaml", "es")
    topic = new_translation(content, "topics/test-topic.yaml", "es")
    topic.write_text(
        topic.read_text()
        .replace("title: Test Topic", "title: Tema de prueba")
        .replace("headline: You can say no.", "headline: Puedes decir que no.")
    )
    return topic


def _warnings(content: Path) -> list[str]:
    return [str(problem) for problem in load_project(content).warnings]


def test_source_hash_follows_the_data_not_the_layout() -> None:
    assert source_hash({"a": "text", "b": [1, 2]}) == source_hash({"b": [1, 2], "a": "text"})
    assert source_hash({"a": "text"}) != source_hash({"a": "text!"})
    assert len(source_hash({})) == 12


def test_key_differences_name_both_directions() -> None:
    source = {"title": "x", "items": [1, 2, 3], "extra": {"a": 1}, "language": "en"}
    translated = {"title": "y", "items": [1, 2], "extra": {"a": 1, "b": 2}, "translation": {}}
    assert list(key_differences(source, translated)) == [
        KeyDifference(("items", 2), "translation"),
        KeyDifference(("extra", "b"), "source"),
    ]


def test_a_title_language_is_no_key_difference() -> None:
    """A translation keeps an English title and says so (``title_lang: en``); its source
    has no such field, and that is no missing key on either side."""
    source = {"episodes": [{"title": "Ryan and Noah"}]}
    translated = {
        "episodes": [{"title": "Ryan and Noah", "title_lang": "en"}],
        "help": [{"name": "x"}],
    }
    assert list(key_differences(source, translated)) == [KeyDifference(("help",), "source")]


def test_translation_loads_beside_its_source(content: Path) -> None:
    _translate(content)
    project = load_project(content)
    assert project.languages == ["en", "es"]
    assert all("series" in str(w) for w in project.warnings)
    spanish = project.in_language("es")
    assert spanish.topics["test-topic"].title == "Tema de prueba"
    assert project.topics["test-topic"].title == "Test Topic"
    assert spanish.file("topics", "test-topic") == content / "topics/test-topic.es.yaml"
    assert project.file("topics", "test-topic") == content / "topics/test-topic.yaml"


def test_missing_translation_is_a_warning_naming_the_file(content: Path) -> None:
    _translate(content)
    (content / "brands/acme/brand.es.yaml").unlink()
    assert _warnings(content) == [
        "content/brands/acme/brand.es.yaml: no Spanish translation of "
        "content/brands/acme/brand.yaml yet, so its Spanish documents print its footer "
        "untranslated; start one with: .venv/bin/python build_pdfs.py new-translation "
        "content/brands/acme/brand.yaml es",
        "content/series/test-series.es.yaml: no Spanish translation of "
        "content/series/test-series.yaml yet, so its Spanish documents are not built; start "
        "one with: .venv/bin/python build_pdfs.py new-translation "
        "content/series/test-series.yaml es",
    ]


def test_key_parity_names_the_missing_and_the_extra_items(content: Path) -> None:
    topic = _translate(content)
    text = topic.read_text().replace("  - Second warning sign.\n", "", 1)
    topic.write_text(text.replace("  - Who would you talk to?\n", "  - Who?\n  - Extra?\n", 1))
    warnings = [w for w in _warnings(content) if "series" not in w]
    assert warnings == [
        "content/topics/test-topic.es.yaml:19:1: warning_signs[1]: in content/topics/"
        "test-topic.yaml but missing from this Spanish translation",
        "content/topics/test-topic.es.yaml:24:5: conversation_starters[2]: not in "
        "content/topics/test-topic.yaml: remove it here, or add it there",
    ]


def test_a_changed_source_makes_the_translation_stale(content: Path) -> None:
    _translate(content)
    source = content / "topics/test-topic.yaml"
    source.write_text(source.read_text().replace("First warning sign.", "A new first sign."))
    new_hash = source_hash(yaml.safe_load(source.read_text()))
    [stale] = [w for w in _warnings(content) if "series" not in w]
    assert stale == (
        "content/topics/test-topic.es.yaml:7:3: translation.source_hash: the text of "
        "content/topics/test-topic.yaml changed since this translation was made; review the "
        "translation against it, then run: .venv/bin/python build_pdfs.py translation-done "
        "content/topics/test-topic.es.yaml"
    )

    # The command the warning names records the new hash, and the warning goes.
    translation = content / "topics/test-topic.es.yaml"
    assert main(["translation-done", str(translation)]) == 0
    assert f'  source_hash: "{new_hash}"\n' in translation.read_text()
    assert [w for w in _warnings(content) if "series" not in w] == []


def test_translation_done_refuses_a_file_that_is_not_a_translation(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = content / "topics/test-topic.yaml"
    assert main(["translation-done", str(source)]) == 1
    assert capsys.readouterr().err == (
        f"error: {source}: not a translation file; give one such as "
        "content/topics/sextortion.es.yaml\n"
    )


def test_a_translation_must_record_its_source(content: Path) -> None:
    topic = _translate(content)
    text = topic.read_text()
    topic.write_text(text[: text.index("translation:")] + text[text.index("title:") :])
    with pytest.raises(ContentError) as error:
        load_project(content)
    assert str(error.value).startswith(
        "content/topics/test-topic.es.yaml:6:1: translation: must say which version of "
        "content/topics/test-topic.yaml it translates, as 'translation: {source_hash: "
    )


def test_translation_files_need_a_listed_language_and_a_source(content: Path) -> None:
    _translate(content)
    (content / "topics/test-topic.fr.yaml").write_text("title: x\n")
    (content / "topics/gone.es.yaml").write_text("title: x\n")
    with pytest.raises(ContentError) as error:
        load_project(content)
    assert str(error.value).splitlines() == [
        "content/topics/gone.es.yaml: translation of topics/gone.yaml, which does not exist",
        "content/topics/test-topic.fr.yaml: 'fr' is not among the translations listed in "
        "toolkit.yaml; add it there (translations: [es, fr])",
    ]


def test_a_language_without_template_strings_is_refused(content: Path) -> None:
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text() + "translations: [de]\n")
    with pytest.raises(ContentError) as error:
        load_project(content)
    assert str(error.value) == (
        "content/toolkit.yaml:15:16: translations[0]: the templates have no German yet: add "
        "their strings in toolkit/assets/locale/de/LC_MESSAGES/messages.po "
        "(see docs/translating.md)"
    )


def test_new_translation_refuses_unlisted_languages_and_existing_files(content: Path) -> None:
    with pytest.raises(ToolkitError, match=r"'es' is not among the translations in toolkit\.yaml"):
        new_translation(content, "topics/test-topic.yaml", "es")
    _translate(content)
    with pytest.raises(ToolkitError) as error:
        new_translation(content, "topics/test-topic.yaml", "es")
    assert str(error.value) == (
        "content/topics/test-topic.es.yaml already exists; pick another language or edit that file"
    )


def test_new_translation_command_writes_a_file_with_the_hash(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _translate(content)
    source = content / "series/test-series.yaml"
    assert main(["new-translation", str(source), "es", "--content", str(content)]) == 0
    written = yaml.safe_load((content / "series/test-series.es.yaml").read_text())
    assert written["translation"] == {
        "source_hash": source_hash(yaml.safe_load(source.read_text()))
    }
    assert load_project(content).warnings == []
    assert "Translate it, then: .venv/bin/python build_pdfs.py --lang es" in capsys.readouterr().out


def test_spanish_build_lands_in_es_with_spanish_headings(content: Path, tmp_path: Path) -> None:
    _translate(content)
    selection = Selection(brands=("default",), docs=("tip-sheet",), editions=("digital",))
    documents = build(BuildSettings(content=content, out=tmp_path, selection=selection))
    assert sorted(doc.path for doc in documents) == [
        "default/en/tip-sheets/test-topic.pdf",
        "default/es/tip-sheets/test-topic.pdf",
    ]
    spanish = tmp_path / "default/es/tip-sheets/test-topic.pdf"
    text = text_of(spanish).lower()
    for words in (
        "Tema de prueba",
        "Qué es",
        "Señales de alerta",
        "Dónde pedir ayuda",
        "Página 1 de 2",
    ):
        assert words.lower() in text, words
    assert "where to get help" not in text
    reader = PdfReader(spanish)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert reader.metadata is not None
    assert reader.metadata.title == "Tema de prueba: Hoja de consejos para padres"


def test_lang_option_builds_one_language(content: Path, tmp_path: Path) -> None:
    _translate(content)
    selection = Selection(docs=("youth-cards",), editions=("print",), langs=("es",))
    documents = build(BuildSettings(content=content, out=tmp_path, selection=selection))
    assert {doc.path for doc in documents} == {
        "default/es/youth-cards/test-topic.print.pdf",
        "acme/es/youth-cards/test-topic.print.pdf",
    }
    with pytest.raises(ToolkitError, match="unknown language 'fr'; choose from: en, es"):
        build(BuildSettings(content=content, out=tmp_path, selection=Selection(langs=("fr",))))


def test_strict_build_fails_on_translation_warnings(content: Path, tmp_path: Path) -> None:
    _translate(content)
    with pytest.raises(ContentError, match="no Spanish translation of content/series"):
        build(BuildSettings(content=content, out=tmp_path, strict=True))
