"""The default content an organizer prints as it is: valid, sourced, and fits its pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.pdf_facts import link_uris, text_of
from toolkit.builder.pipeline import PROJECT_ROOT, BuildSettings, BuiltDocument, build
from toolkit.content.project import load_project
from toolkit.documents import Selection

CONTENT = PROJECT_ROOT / "content"
TOPICS = [
    "online-enticement",
    "sextortion",
    "cyberbullying",
    "gaming-livestreaming",
    "sexting",
    "removing-reporting",
    "healthy-relationships",
]


@pytest.mark.parametrize("topic_id", TOPICS)
def test_every_topic_has_five_messages_for_kids_and_for_teens(topic_id: str) -> None:
    messages = load_project(CONTENT).topics[topic_id].key_messages
    for band in ("kids", "teens"):
        worded_for = [m for m in messages if m.ages.value in (band, "all")]
        assert len(worded_for) >= 5, (topic_id, band)


def test_everything_is_translated_to_spanish_and_current() -> None:
    project = load_project(CONTENT)
    assert project.languages == ["en", "es"]
    spanish = project.translations["es"]
    assert sorted(spanish.topics) == sorted(TOPICS)
    assert sorted(spanish.series) == sorted(project.series)
    assert [str(problem) for problem in project.warnings] == []  # none missing, partial or stale


def test_default_content_is_valid_and_complete() -> None:
    project = load_project(CONTENT)
    assert set(project.topics) == set(TOPICS)
    assert {"default", "riverside-pta"} <= set(project.brands)
    assert project.brands["default"].brand.organization is None
    assert sorted(project.series) == ["into-the-cloud-family-guide", "netsmartz-discussion-guide"]
    assert all(len(series.episodes) >= 4 for series in project.series.values())
    help_text = " ".join(f"{c.url} {c.phone}" for c in project.toolkit.help)
    assert "https://report.cybertip.org" in help_text
    assert "1-800-843-5678" in help_text
    assert "https://takeitdown.ncmec.org" in help_text
    assert "911" in help_text


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[BuiltDocument]]:
    out = tmp_path_factory.mktemp("default")
    selection = Selection(brands=("riverside-pta",), editions=("digital",))
    return out, build(BuildSettings(out=out, selection=selection))


def test_every_default_document_builds_within_its_page_limits(
    default_build: tuple[Path, list[BuiltDocument]],
) -> None:
    _, documents = default_build
    assert len(documents) == 2 * (len(TOPICS) * 2 + 2)  # languages x (topics x 2 + series)
    assert {document.language for document in documents} == {"en", "es"}
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
            when = " (undated)" if figure.undated else f", {figure.year}"
            assert f"{figure.source}{when}" in text, (topic_id, figure.value)
        assert {r.url for r in topic.resources} <= link_uris(path)
        assert "Riverside Elementary PTA" in (PdfReader(path).metadata or {}).get("/Author", "")


def test_default_build_has_no_warnings(default_build: tuple[Path, list[BuiltDocument]]) -> None:
    assert [w for doc in default_build[1] for w in doc.warnings] == []
