"""One card back laid out once, placed behind every front (rendering/card_backs.py)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.builder.pipeline import render_document
from toolkit.checks.accessibility import audit_pdf, tagged_text
from toolkit.content.project import load_project
from toolkit.documents import DOCUMENT_KINDS, Job
from toolkit.errors import RenderError
from toolkit.rendering.html import RenderedHtml
from toolkit.rendering.pdf import render_pdf

JOB = Job(DOCUMENT_KINDS["youth-cards"], "test-topic", "default", "en")
STYLE = "<style>@page { size: 3.5in 5in; margin: 0.2in } article { break-after: page }</style>"
BACK = (
    "<article class='card-back'{mark}><h2>Where to get help</h2>"
    "<p>Talk to an adult you trust. <a href='https://report.cybertip.org'>report.cybertip.org"
    "</a> 1-800-843-5678</p></article>"
)


def _front(number: int) -> str:
    return f"<article class='card-front'><h1>Message {number}</h1><p>Front {number}</p></article>"


def _cards(tmp_path: Path, body: str) -> bytes:
    html = f"<!doctype html><html lang='en'><title>Cards</title>{STYLE}<body>{body}</body></html>"
    return render_pdf(RenderedHtml(html, tmp_path, (tmp_path.resolve(),)), JOB)


def _texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_one_marked_back_makes_the_same_pdf_as_a_back_per_card(tmp_path: Path) -> None:
    one_back = _front(1) + BACK.format(mark=" data-every-card") + _front(2) + _front(3)
    a_back_each = "".join(_front(n) + BACK.format(mark="") for n in (1, 2, 3))
    shared = _cards(tmp_path, one_back)
    assert shared == _cards(tmp_path, a_back_each)
    back = "Where to get help Talk to an adult you trust. report.cybertip.org 1-800-843-5678"
    fronts = ["Message 1 Front 1", "Message 2 Front 2", "Message 3 Front 3"]
    assert _texts(shared) == [text for front in fronts for text in (front, back)]


def test_every_copy_of_the_back_is_tagged_with_its_own_link(tmp_path: Path) -> None:
    body = _front(1) + BACK.format(mark=" data-every-card") + _front(2) + _front(3)
    path = tmp_path / "cards.pdf"
    path.write_bytes(_cards(tmp_path, body))
    assert audit_pdf(path) == []
    assert tagged_text(path).count("report.cybertip.org") == 3
    annotations = [a for page in PdfReader(path).pages for a in page.get("/Annots", [])]
    assert len({id(a.get_object()) for a in annotations}) == 3


def test_a_document_without_a_marked_back_keeps_its_pages(tmp_path: Path) -> None:
    pdf = _cards(tmp_path, _front(1) + _front(2))
    assert _texts(pdf) == ["Message 1 Front 1", "Message 2 Front 2"]


def test_a_template_marking_two_backs_fails_instead_of_pairing_them_wrongly(
    tmp_path: Path,
) -> None:
    back = BACK.format(mark=" data-every-card")
    with pytest.raises(RenderError) as caught:
        _cards(tmp_path, _front(1) + back + _front(2) + back)
    assert [str(problem) for problem in caught.value.problems] == [
        "default/en/youth-cards/test-topic.pdf: the template marks 2 pages data-every-card; "
        "a card set has one back"
    ]


def test_an_overfull_back_is_named_once_as_the_back_of_every_card(tmp_path: Path) -> None:
    long = "<p data-src='content/brands/acme/brand.yaml:13 local_help'>" + "Words " * 400 + "</p>"
    back = (
        "<article data-every-card data-fit='page' data-fit-name='the back of every card'>"
        f"{long}</article>"
    )
    with pytest.raises(RenderError) as caught:
        _cards(tmp_path, _front(1) + back + _front(2))
    [problem] = caught.value.problems
    assert str(problem).startswith(
        "content/brands/acme/brand.yaml:13 local_help: the back of every card (page 2) is "
    )


@pytest.fixture(scope="module")
def built_cards() -> bytes:
    """The default content's sextortion cards (9 messages), laid out as a build does."""
    root = Path(__file__).parents[2]
    job = Job(DOCUMENT_KINDS["youth-cards"], "sextortion", "default", "en")
    created = datetime(2026, 1, 1, tzinfo=UTC)
    return render_document(load_project(root / "content"), job, root / "templates", created)


def test_the_default_cards_alternate_front_and_back(built_cards: bytes) -> None:
    texts = _texts(built_cards)
    assert len(texts) == 2 * 9
    assert len(set(texts[1::2])) == 1  # the same back behind every front
    assert all("Talk to an adult you trust" in back for back in texts[1::2])
    assert len(set(texts[0::2])) == 9
