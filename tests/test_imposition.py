"""Card sheets: grid, mirrored backs for long-edge duplex, cut marks, empty last slots."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from toolkit.imposition import SHEET, card_grid, impose_card_sheet

CARD = (252.0, 360.0)


def _cards(count: int) -> bytes:
    """A card PDF: front and back page per card, each labelled with its text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=CARD, invariant=True)
    for number in range(1, count + 1):
        for side in ("FRONT", "BACK"):
            canvas.drawString(20, 180, f"{side}-{number}")
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _labels_by_position(page: object) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():  # page position = text matrix origin through the current matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), round(x), round(y)))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def test_grid_fits_four_3_5_by_5_cards_centred_on_letter() -> None:
    grid = card_grid(*CARD)
    assert (grid.cols, grid.rows) == (2, 2)
    assert (grid.x0, grid.y0) == (54.0, 36.0)


def test_fronts_then_mirrored_backs_per_sheet() -> None:
    reader = PdfReader(io.BytesIO(impose_card_sheet(_cards(5))))
    assert len(reader.pages) == 4  # 2 sheets, front and back each
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == SHEET for p in reader.pages)
    front = {label: (x, y) for label, x, y in _positions(reader.pages[0])}
    back = {label: (x, y) for label, x, y in _positions(reader.pages[1])}
    assert front["FRONT-1"] == (54 + 20, 36 + 360 + 180)  # top left slot
    assert front["FRONT-2"] == (54 + 252 + 20, 36 + 360 + 180)
    assert front["FRONT-3"] == (54 + 20, 36 + 180)
    # Long-edge flip mirrors left and right: card 1's back sits where card 2's front is.
    assert back["BACK-1"] == front["FRONT-2"]
    assert back["BACK-2"] == front["FRONT-1"]
    assert back["BACK-3"] == front["FRONT-4"]


def test_last_sheet_leaves_empty_slots_empty() -> None:
    reader = PdfReader(io.BytesIO(impose_card_sheet(_cards(5))))
    assert sorted(label for label, *_ in _positions(reader.pages[2])) == ["FRONT-5"]
    assert sorted(label for label, *_ in _positions(reader.pages[3])) == ["BACK-5"]


def _positions(page: object) -> list[tuple[str, float, float]]:
    return _labels_by_position(page)
