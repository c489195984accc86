"""Youth cards and the episode guide use their pages: the default content rendered as a build
renders it, checked on the PDF (where text lands, read with pypdf) and on WeasyPrint's layout
boxes (QR codes, logos and the ruled notes as placed)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

from toolkit.builder.pipeline import plan
from toolkit.content.project import load_project
from toolkit.documents import CARD_SIZES, INCH, MM, Selection
from toolkit.rendering.html import render_html
from toolkit.rendering.pdf import render_pdf

PROJECT = Path(__file__).resolve().parents[2]
DATE = datetime(2026, 1, 1, tzinfo=UTC)
PX = 0.75  # WeasyPrint lays out in CSS px; points are 3/4 of them
CARD_TOPIC = "cyberbullying"  # the longest key messages, in English and Spanish

CARD_FRONT_FLOOR = 0.78
"""The last line of a card's message ends at least 78 % down the card. The message is set
low, just above the meta line, in type sized to the card (short messages larger), like a
poster read from across a table; top-aligned at the old sizes it ended 41–58 % down, with
the lower half blank colour. The floor catches a return to top alignment."""

EPISODE_PAGE_FLOOR = 0.68
"""The first page of an episode (what it shows, goals, words, questions) ends at least 68 %
down the page. In one size of type the shortest default episode ended at 66 % (the longest
at 90 %); shorter episodes are now set larger and looser, and the lowest ends at 71 %
(English and Spanish, both series). The floor catches a return to one size for all."""

MIN_QR_MODULE_MM = 0.6
"""A QR module printed at 0.6 mm or more reads with a phone camera from a hand-held card."""


@dataclass
class Rendered:
    """One document as the build lays it out: its PDF and the boxes the tests look at."""

    pdf: bytes
    images: list[tuple[str, float, float, str]] = field(default_factory=list)
    """(class, width pt, height pt, src) of every image."""
    practice: list[tuple[float, float]] = field(default_factory=list)
    """(bottom of each activity page's ruled box, bottom of its page area), in points."""

    def pages(self) -> list[Any]:
        return list(PdfReader(io.BytesIO(self.pdf)).pages)


def _render(doc: str, subject: str, lang: str, brand: str, card: str | None = None) -> Rendered:
    project = load_project(PROJECT / "content")
    selection = Selection(
        brands=(brand,),
        topics=(subject,),
        docs=(doc,),
        editions=("digital",),
        langs=(lang,),
        card_size=card,
    )
    job = plan(project, selection)[0]
    rendered = render_html(project, job, PROJECT / "templates", DATE)
    result = Rendered(b"")
    result.pdf = render_pdf(rendered, job, on_layout=lambda document: _collect(document, result))
    return result


def _collect(document: Any, result: Rendered) -> None:
    for page in document.pages:
        root = next(b for b in page._page_box.children if type(b).__name__ != "MarginBox")
        bottom = (root.content_box_y() + root.height) * PX
        for box in _boxes(page._page_box):
            classes = (box.element.get("class") or "").split() if box.element is not None else []
            if type(box).__name__.endswith("ReplacedBox") and box.element_tag == "img":
                src = box.element.get("src", "")
                result.images.append((classes[0], box.width * PX, box.height * PX, src))
            elif "episode-practice" in classes:
                result.practice.append(((box.position_y + box.margin_height()) * PX, bottom))


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _fill(page: Any, min_pt: float = 0.0) -> float:
    """How far down the page (0 top, 1 bottom) the lowest line of text set at ``min_pt`` or
    more sits, its baseline, inside the page area."""
    height = float(page.mediabox.height)
    baselines: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip() and size * abs(cm[3] * tm[3]) >= min_pt:
            baselines.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return (height - min(baselines)) / height if baselines else 0.0


def _modules(data_uri: str) -> int:
    """Modules across a QR code, quiet zone included, from its SVG's viewBox."""
    view_box = re.search(r"viewBox=.0 0 (\d+) ", unquote(data_uri))
    assert view_box, data_uri[:80]
    return int(view_box.group(1))


@pytest.fixture(scope="module", params=list(CARD_SIZES))
def cards(request: pytest.FixtureRequest) -> tuple[str, Rendered]:
    """The longest-worded topic's cards, Spanish, with a logo, at each card size."""
    size = str(request.param)
    return size, _render("youth-cards", CARD_TOPIC, "es", "riverside-pta", size)


@pytest.fixture(scope="module", params=["en", "es"])
def booklet(request: pytest.FixtureRequest) -> tuple[str, Rendered]:
    lang = str(request.param)
    return lang, _render("episode-guide", "netsmartz-discussion-guide", lang, "riverside-pta")


def test_card_fronts_are_filled_by_their_message(cards: tuple[str, Rendered]) -> None:
    size, rendered = cards
    fronts = rendered.pages()[::2]
    # the message is set at 11 pt or more; the meta line at the foot is smaller
    fills = [round(_fill(page, min_pt=10.5), 2) for page in fronts]
    assert min(fills) >= CARD_FRONT_FLOOR, f"{size}: {fills}"


def test_card_qr_modules_are_at_least_0_6_mm(cards: tuple[str, Rendered]) -> None:
    size, rendered = cards
    codes = [(width, src) for kind, width, _, src in rendered.images if kind == "qr"]
    assert codes, size
    smallest = min(width / _modules(src) / MM for width, src in codes)
    assert smallest >= MIN_QR_MODULE_MM, f"{size}: {smallest:.2f} mm"


def test_card_back_logo_is_as_tall_as_its_card_size_asks(cards: tuple[str, Rendered]) -> None:
    size, rendered = cards
    heights = {round(height, 1) for kind, _, height, _ in rendered.images if kind == "logo"}
    assert heights == {round(CARD_SIZES[size].logo_in * INCH, 1)}
    # Riverside's logo sets "Elementary PTA" at 23 of its 120 units: 6 pt or more printed
    assert min(heights) * 23 / 120 >= 6


def test_booklet_cover_names_audience_in_lower_case_and_ages_with_an_en_dash(
    booklet: tuple[str, Rendered],
) -> None:
    lang, rendered = booklet
    cover = " ".join((rendered.pages()[0].extract_text() or "").split())
    expected = {
        "en": ["For teachers, counselors and youth leaders", "(ages 10–17)"],
        "es": ["Para docentes, consejeros y líderes juveniles", "(de 10 a 17 años)"],
    }[lang]
    assert [phrase for phrase in expected if phrase not in cover] == []
    assert "10-17" not in cover


def test_episode_pages_are_filled_and_notes_ruled_to_the_foot(
    booklet: tuple[str, Rendered],
) -> None:
    lang, rendered = booklet
    label = {"en": "EPISODE", "es": "EPISODIO"}[lang]
    firsts = [p for p in rendered.pages() if re.search(rf"{label} \d", p.extract_text() or "")]
    fills = [round(_fill(page), 2) for page in firsts]
    assert len(fills) >= 5
    assert min(fills) >= EPISODE_PAGE_FLOOR, fills
    assert rendered.practice
    # the ruled box ends at the foot of the page area (within a hairline: 1 pt)
    assert [
        (round(b, 1), round(page, 1)) for b, page in rendered.practice if abs(b - page) > 1
    ] == []
