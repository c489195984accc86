"""The default content an organizer prints as it is: valid, sourced, and fits its pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.pdf_facts import link_uris, text_of
from toolkit.build import PROJECT_ROOT, BuildSettings, BuiltDocument, build
from toolkit.content import load_project
from toolkit.documents import Selection

CONTENT = PROJECT_ROOT / "content"


def test_default_content_is_valid_and_complete() -> None:
    project = load_project(CONTENT)
    assert {"online-enticement", "sextortion", "cyberbullying"} <= set(project.topics)
    assert {"default", "riverside-pta"} <= set(project.brands)
    assert project.brands["default"].brand.organization is None
    [series] = project.series.values()
    assert len(series.episodes) >= 5
    help_text = " ".join(f"{c.url} {c.phone}" for c in project.toolkit.help)
    assert "https://report.cybertip.org" in help_text
    assert "1-800-843-5678" in help_text
    assert "https://takeitdown.ncmec.org" in help_text
    assert "911" in help_text


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[BuiltDocument]]:
    out = tmp_path_factory.mktemp("default")
    return out, build(BuildSettings(out=out, selection=Selection(brands=("riverside-pta",))))


def test_every_default_document_builds_within_its_page_limits(
    default_build: tuple[Path, list[BuiltDocument]],
) -> None:
    _, documents = default_build
    assert len(documents) == 2 * (3 * 2 + 1)
    for document in documents:
        if document.kind == "tip-sheet":
            assert document.pages == 2, document.path
        if document.kind == "episode-guide" and document.edition == "digital":
            assert document.page_size == (396.0, 612.0)
            assert document.pages % 4 == 0


def test_every_default_document_says_where_to_get_help(
    default_build: tuple[Path, list[BuiltDocument]],
) -> None:
    out, documents = default_build
    for document in documents:
        text = text_of(out / document.path)
        assert "report.cybertip.org" in text, document.path
        assert "1-800-843-5678" in text, document.path


def test_default_tip_sheets_cite_each_figure_with_source_and_year(
    default_build: tuple[Path, list[BuiltDocument]],
) -> None:
    out, _ = default_build
    project = load_project(CONTENT)
    for topic_id, topic in project.topics.items():
        path = out / f"riverside-pta/en/tip-sheets/{topic_id}.pdf"
        text = text_of(path)
        for figure in topic.figures:
            assert f"{figure.source}, {figure.year}" in text, (topic_id, figure.value)
        assert {r.url for r in topic.resources} <= link_uris(path)
        assert "Riverside Elementary PTA" in (PdfReader(path).metadata or {}).get("/Author", "")


def test_default_build_has_no_warnings(default_build: tuple[Path, list[BuiltDocument]]) -> None:
    assert [w for doc in default_build[1] for w in doc.warnings] == []
