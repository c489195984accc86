"""Card sheets: grid, mirrored backs for long-edge duplex, cut marks, empty last slots."""

from __future__ import annotations

import io

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from reportlab.pdfgen.canvas import Canvas

from toolkit.press.booklet import A4_LANDSCAPE, LETTER_LANDSCAPE, impose_booklet
from toolkit.press.imposition import SHEET, card_grid, impose_card_sheet

CARD = (252.0, 360.0)


def _cards(count: int, size: tuple[float, float] = CARD) -> bytes:
    """A card PDF: front and back page per card, each labelled near its top-left corner."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=True)
    for number in range(1, count + 1):
        for side in ("FRONT", "BACK"):
            canvas.drawString(20, size[1] - 180, f"{side}-{number}")
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


# Booklets ------------------------------------------------------------------------------------

HALF_LETTER = (396.0, 612.0)
A5 = (419.53, 595.28)


def _numbered_pages(count: int, size: tuple[float, float] = HALF_LETTER, title: str = "") -> bytes:
    """A PDF of ``count`` pages, each labelled with its 1-based number at the page's centre."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=True)
    if title:
        canvas.setTitle(title)
    for number in range(1, count + 1):
        canvas.drawString(size[0] / 2, size[1] / 2, f"PAGE-{number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _spreads(booklet: bytes) -> list[tuple[int, int]]:
    """(left, right) page numbers on each sheet side, read back from the label positions."""
    reader = PdfReader(io.BytesIO(booklet))
    spreads = []
    for page in reader.pages:
        half = float(page.mediabox.width) / 2
        labels = _labels_by_position(page)
        assert len(labels) == 2
        left = [int(text.removeprefix("PAGE-")) for text, x, _ in labels if x < half]
        right = [int(text.removeprefix("PAGE-")) for text, x, _ in labels if x >= half]
        assert len(left) == len(right) == 1
        spreads.append((left[0], right[0]))
    return spreads


def test_eight_pages_make_two_sheets_in_printer_spreads() -> None:
    booklet = impose_booklet(_numbered_pages(8))
    reader = PdfReader(io.BytesIO(booklet))
    assert len(reader.pages) == 4
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == LETTER_LANDSCAPE
    assert _spreads(booklet) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_four_pages_make_one_sheet() -> None:
    assert _spreads(impose_booklet(_numbered_pages(4))) == [(4, 1), (2, 3)]


def test_twelve_pages_make_three_sheets() -> None:
    assert _spreads(impose_booklet(_numbered_pages(12))) == [
        (12, 1),
        (2, 11),
        (10, 3),
        (4, 9),
        (8, 5),
        (6, 7),
    ]


def test_half_letter_pages_fill_each_half_of_letter_landscape() -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(_numbered_pages(4))))
    positions = {text: (x, y) for text, x, y in _labels_by_position(reader.pages[0])}
    assert positions == {"PAGE-4": (198, 306), "PAGE-1": (396 + 198, 306)}


def test_a5_pages_centred_in_each_half_of_a4_landscape() -> None:
    booklet = impose_booklet(_numbered_pages(8, A5), sheet=A4_LANDSCAPE)
    reader = PdfReader(io.BytesIO(booklet))
    assert len(reader.pages) == 4
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == A4_LANDSCAPE
    assert _spreads(booklet) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    width, height = A4_LANDSCAPE
    for page in reader.pages:  # each label was drawn at its page's centre
        (_, lx, ly), (_, rx, ry) = sorted(_labels_by_position(page), key=lambda label: label[1])
        assert lx == pytest.approx(width / 4, abs=0.5)
        assert rx == pytest.approx(3 * width / 4, abs=0.5)
        assert ly == ry == pytest.approx(height / 2, abs=0.5)


def test_smaller_pages_centred_with_margins() -> None:
    reader = PdfReader(io.BytesIO(impose_booklet(_numbered_pages(4, (360.0, 540.0)))))
    positions = {text: (x, y) for text, x, y in _labels_by_position(reader.pages[1])}
    assert positions == {"PAGE-2": (198, 306), "PAGE-3": (594, 306)}


def _stroked_lines(page: PageObject) -> list[tuple[float, float, float, float]]:
    lines = []
    start: tuple[float, float] | None = None
    for operands, operator in page.get_contents().operations:  # type: ignore[union-attr]
        if operator == b"m":
            start = (float(operands[0]), float(operands[1]))
        elif operator == b"l" and start is not None:
            lines.append((*start, float(operands[0]), float(operands[1])))
    return lines


def test_fold_marks_at_top_and_bottom_centre() -> None:
    page = PdfReader(io.BytesIO(impose_booklet(_numbered_pages(4)))).pages[0]
    assert _stroked_lines(page) == [(396, 612, 396, 600), (396, 0, 396, 12)]
    operations = page.get_contents().operations  # type: ignore[union-attr]
    dashes = [[float(n) for n in operands[0]] for operands, op in operations if op == b"d"]
    widths = [float(operands[0]) for operands, op in operations if op == b"w"]
    assert dashes == [[3, 2]]  # dashed, thin
    assert widths == [0.5]


def test_fold_marks_fill_the_margins_when_there_are_some() -> None:
    page = PdfReader(io.BytesIO(impose_booklet(_numbered_pages(4, (360.0, 540.0))))).pages[0]
    assert _stroked_lines(page) == [(396, 612, 396, 576), (396, 0, 396, 36)]


def test_page_count_not_a_multiple_of_four_is_refused() -> None:
    with pytest.raises(ValueError, match="multiple of 4") as raised:
        impose_booklet(_numbered_pages(6))
    assert str(raised.value) == "a booklet needs a positive multiple of 4 pages, got 6"


def test_page_too_big_for_half_the_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        impose_booklet(_numbered_pages(4), sheet=A4_LANDSCAPE)  # half-letter is too tall


def test_booklet_keeps_title_and_language() -> None:
    source = PdfReader(io.BytesIO(_numbered_pages(4, title="Staying safe online")))
    writer = PdfWriter(clone_from=source)
    writer.root_object[NameObject("/Lang")] = TextStringObject("en-GB")
    buffer = io.BytesIO()
    writer.write(buffer)
    reader = PdfReader(io.BytesIO(impose_booklet(buffer.getvalue())))
    assert reader.metadata is not None
    assert reader.metadata.title == "Staying safe online"
    assert str(reader.root_object["/Lang"]) == "en-GB"


def _text_directions(page: object) -> dict[str, tuple[float, float, float, float]]:
    """Label -> (x, y, dx, dy): where it starts on the sheet and which way it runs."""
    found = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[text.strip()] = (round(x), round(y), round(cm[0]), round(cm[1]))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def test_4x6_cards_lie_sideways_two_per_letter_sheet() -> None:
    grid = card_grid(288.0, 432.0)
    assert (grid.cols, grid.rows, grid.rotated) == (1, 2, True)
    assert card_grid(252.0, 144.0).per_sheet == 10  # 3.5 x 2 in business cards, upright


def test_sideways_backs_turn_the_other_way_so_they_read_upright_after_the_flip() -> None:
    reader = PdfReader(io.BytesIO(impose_card_sheet(_cards(2, (288.0, 432.0)))))
    front = _text_directions(reader.pages[0])
    back = _text_directions(reader.pages[1])
    # Fronts: a quarter turn anticlockwise, text runs up the sheet (dx 0, dy 1).
    assert front["FRONT-1"][2:] == (0, 1)
    # Backs: a quarter turn clockwise, text runs down the sheet (dx 0, dy -1).
    assert back["BACK-1"][2:] == (0, -1)
    # Card 1 is in the top slot on both sides; its label sits near the card's top edge,
    # which faces left on the front and right on the back.
    assert front["FRONT-1"][1] > 396
    assert back["BACK-1"][1] > 396
    assert front["FRONT-1"][0] < 306 < back["BACK-1"][0]


def _rectangles(page: object) -> list[tuple[float, ...]]:
    from pypdf.generic import ContentStream

    content = ContentStream(page.get_contents(), page.pdf)  # type: ignore[attr-defined]
    return [
        tuple(round(float(v), 2) for v in operands)
        for operands, operator in content.operations
        if operator == b"re"
    ]


def test_front_colour_runs_into_the_bleed_and_marks_move_outside_it() -> None:
    reader = PdfReader(io.BytesIO(impose_card_sheet(_cards(3), front_colour="#1E5B3A")))
    front, back = reader.pages[0], reader.pages[1]
    # Slots 0-2 (top left, top right, bottom left), each 9 pt (0.125 in) larger all round.
    bleed_size = (270.0, 378.0)
    assert [r for r in _rectangles(front) if r[2:] == bleed_size] == [
        (45.0, 387.0, *bleed_size),
        (297.0, 387.0, *bleed_size),
        (45.0, 27.0, *bleed_size),
    ]
    assert [r for r in _rectangles(back) if r[2:] == bleed_size] == []


def test_slug_line_runs_up_the_left_margin_inside_what_office_printers_print() -> None:
    reader = PdfReader(io.BytesIO(impose_card_sheet(_cards(1), slug="Topic · cards · 2026-01-01")))
    directions = _text_directions(reader.pages[0])
    # Baseline 23 pt from the left edge, reading up from the grid's bottom edge (y 36):
    # its letters (4.5 pt up from the baseline, so leftwards) stay 1/4 in from the edge.
    assert directions["Topic · cards · 2026-01-01"] == (23, 36, 0, 1)


def _bleed_pages(count: int) -> bytes:
    """Half-letter pages with 0.125 in bleed, each filled edge to edge in its own grey."""
    buffer = io.BytesIO()
    size = (396.0 + 18, 612.0 + 18)
    canvas = Canvas(buffer, pagesize=size, invariant=True, trimBox=(9, 9, 405, 621))
    for number in range(count):
        canvas.setFillGray(0.2 + 0.15 * number)
        canvas.rect(0, 0, *size, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_booklet_with_bleed_keeps_it_on_the_outer_edges_only() -> None:
    import subprocess

    from PIL import Image

    imposed = impose_booklet(_bleed_pages(4), slug="Series · booklet")
    page = PdfReader(io.BytesIO(imposed)).pages[0]
    # Spread 11 x 8.5 in; 0.125 in bleed; 0.5 in more for marks and slug all round.
    assert [float(v) for v in page.trimbox] == [45, 45, 837, 657]
    assert [float(v) for v in page.bleedbox] == [36, 36, 846, 666]
    assert [float(v) for v in page.mediabox] == [0, 0, 882, 702]
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-"],
        input=imposed,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    back_cover, cover = round(255 * 0.65), round(255 * 0.2)  # pages 4 and 1 of 4
    row = 702 - 300
    assert abs(image.getpixel((41, row)) - back_cover) <= 1  # left bleed: the back cover's
    assert abs(image.getpixel((439, row)) - back_cover) <= 1  # just left of the fold
    assert abs(image.getpixel((443, row)) - cover) <= 1  # just right: the cover, not bleed
    assert abs(image.getpixel((841, row)) - cover) <= 1  # right bleed: the cover's
    assert image.getpixel((30, row)) == 255  # outside the bleed: paper
    fold_mark = image.crop((439, 702 - 33, 444, 702 - 19))  # centre, below bleed and trim
    assert fold_mark.getextrema()[0] < 200
