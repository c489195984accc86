"""Page work on finished PDFs: cards onto sheets, booklet pages into printer spreads.

Takes in: a rendered PDF (cards whose pages alternate front, back…; or booklet pages whose
count is a multiple of 4).
Gives out: for cards, a Letter PDF with as many cards per sheet as fit, cut marks, and each
sheet's backs on the following page, mirrored so they line up when printed double-sided with
a long-edge flip (blank slots on the last sheet stay empty); for booklets, landscape sheets
with two pages each in saddle-stitch order and a fold mark, for duplex short-edge printing.

Pages are placed with pypdf (no hand-written PDF syntax); the marks are drawn with ReportLab
on an overlay and merged on top.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, RectangleObject, TextStringObject
from reportlab.lib.colors import HexColor, black
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from toolkit.assets.fonts import reportlab_font

SHEET = (612.0, 792.0)
MIN_MARGIN = 27.0  # 3/8 in: room for cut marks and most printers' unprintable edge
MARK_LENGTH = 14.0
MARK_GAP = 4.0
BLEED = 9.0  # 0.125 in
SLUG_SIZE = 6.0
SLUG_AREA = 36.0  # room outside the bleed for crop marks and the slug line


@dataclass(frozen=True)
class Grid:
    """Where cards go on a sheet: columns, rows, cell size and the grid's lower-left corner.

    ``rotated`` cards lie on their side (more of them fit): fronts turned a quarter turn
    anticlockwise, backs clockwise, so each back still reads upright behind its front after a
    long-edge flip.
    """

    cols: int
    rows: int
    card_w: float
    card_h: float
    x0: float
    y0: float
    rotated: bool = False

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    def slot(self, index: int, mirrored: bool) -> tuple[float, float]:
        """Lower-left corner of slot ``index`` (row by row from the top)."""
        row, col = divmod(index, self.cols)
        if mirrored:
            col = self.cols - 1 - col
        return self.x0 + col * self.card_w, self.y0 + (self.rows - 1 - row) * self.card_h

    def placement(self, index: int, back: bool) -> Transformation:
        """How to move a card page (origin at 0, 0) into slot ``index``."""
        x, y = self.slot(index, mirrored=back)
        if not self.rotated:
            return Transformation().translate(x, y)
        if back:  # clockwise: the page's top edge now faces right
            return Transformation().rotate(-90).translate(x, y + self.card_h)
        return Transformation().rotate(90).translate(x + self.card_w, y)


def card_grid(card_w: float, card_h: float, sheet: tuple[float, float] = SHEET) -> Grid:
    """As many cards as fit inside the margins, centred, edges butted for single cuts.

    Cards are turned on their side when that fits more of them on the sheet.
    """
    upright = _grid(card_w, card_h, sheet, rotated=False)
    sideways = _grid(card_h, card_w, sheet, rotated=True)
    best = max((g for g in (upright, sideways) if g), key=lambda g: g.per_sheet, default=None)
    if best is None:
        raise ValueError(f"a {card_w:.0f}x{card_h:.0f} pt card does not fit on the sheet")
    return best


def _grid(cell_w: float, cell_h: float, sheet: tuple[float, float], rotated: bool) -> Grid | None:
    cols = int((sheet[0] - 2 * MIN_MARGIN) // cell_w)
    rows = int((sheet[1] - 2 * MIN_MARGIN) // cell_h)
    if cols < 1 or rows < 1:
        return None
    x0 = (sheet[0] - cols * cell_w) / 2
    y0 = (sheet[1] - rows * cell_h) / 2
    return Grid(cols, rows, cell_w, cell_h, x0, y0, rotated)


def impose_card_sheet(
    card_pdf: bytes,
    slug: str = "",
    sheet: tuple[float, float] = SHEET,
    front_colour: str | None = None,
) -> bytes:
    """Place front/back card pages onto sheets with cut marks, backs mirrored.

    ``front_colour`` (the cards' background) runs 0.125 in past each front into the bleed,
    so a cut slightly off the line still shows colour, not white paper.
    """
    reader = PdfReader(io.BytesIO(card_pdf))
    fronts, backs = reader.pages[0::2], reader.pages[1::2]
    box = fronts[0].mediabox
    grid = card_grid(float(box.width), float(box.height), sheet)
    gap = BLEED + MARK_GAP if front_colour else MARK_GAP
    marks = PdfReader(io.BytesIO(_cut_marks(grid, slug, sheet, gap))).pages[0]
    writer = PdfWriter()
    for start in range(0, len(fronts), grid.per_sheet):
        for side, back in ((fronts, False), (backs, True)):
            cards = side[start : start + grid.per_sheet]
            page = writer.add_page(PageObject.create_blank_page(None, *sheet))
            if front_colour and not back:
                page.merge_page(_bleed_page(grid, len(cards), sheet, front_colour))
            for index, card in enumerate(cards):
                page.merge_transformed_page(card, grid.placement(index, back=back))
            page.merge_page(marks)
    _copy_document_info(reader, writer)
    return _write(writer)


def _bleed_page(grid: Grid, count: int, sheet: tuple[float, float], colour: str) -> PageObject:
    """A page with each occupied slot filled in ``colour``, 0.125 in larger all round."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet, invariant=True)
    canvas.setFillColor(HexColor(colour))
    for index in range(count):
        x, y = grid.slot(index, mirrored=False)
        canvas.rect(
            x - BLEED, y - BLEED, grid.card_w + 2 * BLEED, grid.card_h + 2 * BLEED, stroke=0, fill=1
        )
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def _write(writer: PdfWriter) -> bytes:
    """Serialize compactly: merged pages get their content streams compressed again."""
    for page in writer.pages:
        page.compress_content_streams()
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_document_info(reader: PdfReader, writer: PdfWriter) -> None:
    if reader.metadata:
        writer.add_metadata({key: str(value) for key, value in reader.metadata.items()})
    lang = reader.root_object.get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))


def _cut_marks(grid: Grid, slug: str, sheet: tuple[float, float], gap: float) -> bytes:
    """An overlay page with a short mark outside the grid at every cut line, and the slug."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet, invariant=True)
    if slug:  # between the first two bottom marks, wrapped, so no mark crosses it
        font = reportlab_font()
        canvas.setFont(font, SLUG_SIZE)
        lines = simpleSplit(slug, font, SLUG_SIZE, grid.card_w - 2 * MARK_GAP)
        for number, line in enumerate(lines[:3]):
            canvas.drawString(grid.x0 + MARK_GAP, grid.y0 - BLEED - 8 - number * 7, line)
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.5)
    left, bottom = grid.x0, grid.y0
    right, top = left + grid.cols * grid.card_w, bottom + grid.rows * grid.card_h
    for col in range(grid.cols + 1):
        x = left + col * grid.card_w
        canvas.line(x, top + gap, x, top + gap + MARK_LENGTH)
        canvas.line(x, bottom - gap, x, bottom - gap - MARK_LENGTH)
    for row in range(grid.rows + 1):
        y = bottom + row * grid.card_h
        canvas.line(left - gap, y, left - gap - MARK_LENGTH, y)
        canvas.line(right + gap, y, right + gap + MARK_LENGTH, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# Booklets: saddle-stitched, two pages per landscape sheet side, folded down the middle.

LETTER_LANDSCAPE = (792.0, 612.0)
A4_LANDSCAPE = (841.89, 595.28)
FOLD_MARK_LENGTH = 12.0
FOLD_MARK_DASH = (3.0, 2.0)
FIT_TOLERANCE = 0.01  # points; A5 and half-A4 differ only in rounding


def impose_booklet(pdf: bytes, sheet: tuple[float, float] = LETTER_LANDSCAPE) -> bytes:
    """Place pages two-up in printer spreads for a saddle-stitched booklet, with fold marks.

    Sheet sides alternate front and back; print double-sided flipping on the short edge, stack
    the sheets in order, fold and staple. Pages are centred in their half of the sheet, never
    scaled.
    """
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    count = len(pages)
    if count == 0 or count % 4:
        raise ValueError(f"a booklet needs a positive multiple of 4 pages, got {count}")
    width, height = sheet
    half = width / 2
    for page in pages:
        _check_fits_half(page, half, height)
    marks = PdfReader(io.BytesIO(_fold_marks(sheet, float(pages[0].mediabox.height)))).pages[0]
    writer = PdfWriter()
    for left, right in _booklet_spreads(count):
        side = writer.add_page(PageObject.create_blank_page(None, width, height))
        for page, x0 in ((pages[left], 0.0), (pages[right], half)):
            side.merge_transformed_page(page, _centre_in(page, x0, half, height))
        side.merge_page(marks)
    _copy_document_info(reader, writer)
    return _write(writer)


def _booklet_spreads(count: int) -> list[tuple[int, int]]:
    """0-based (left, right) page indices for each sheet side, front then back per sheet."""
    spreads: list[tuple[int, int]] = []
    for i in range(count // 4):
        spreads.append((count - 1 - 2 * i, 2 * i))  # front: page n-2i | page 1+2i
        spreads.append((2 * i + 1, count - 2 - 2 * i))  # back: page 2+2i | page n-1-2i
    return spreads


def _check_fits_half(page: PageObject, half: float, height: float) -> None:
    box = page.mediabox
    if box.width > half + FIT_TOLERANCE or box.height > height + FIT_TOLERANCE:
        raise ValueError(
            f"a {float(box.width):.2f}x{float(box.height):.2f} pt page does not fit"
            f" half of a {2 * half:.2f}x{height:.2f} pt sheet"
        )


def _centre_in(page: PageObject, x0: float, half: float, height: float) -> Transformation:
    """Move ``page`` so its media box sits centred in the half of the sheet starting at x0."""
    box = page.mediabox
    x = x0 + (half - float(box.width)) / 2 - float(box.left)
    y = (height - float(box.height)) / 2 - float(box.bottom)
    return Transformation().translate(x, y)


def _fold_marks(sheet: tuple[float, float], page_height: float) -> bytes:
    """An overlay page with a dashed fold mark at the centre of the top and bottom edges.

    The marks fill the top and bottom margins; where there is little or no margin they are
    FOLD_MARK_LENGTH long, reaching from the sheet's edge over the fold between the pages.
    """
    width, height = sheet
    length = max(FOLD_MARK_LENGTH, (height - page_height) / 2)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=sheet, invariant=True)
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.5)
    canvas.setDash(*FOLD_MARK_DASH)
    centre = width / 2
    canvas.line(centre, height, centre, height - length)
    canvas.line(centre, 0, centre, length)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def add_print_marks(pdf: bytes, slug: str) -> bytes:
    """Crop marks outside the bleed and a slug line, on a media box grown to hold them.

    Takes a PDF rendered with a bleed (its MediaBox is the bleed box, its TrimBox the page);
    gives the same pages with BleedBox and TrimBox kept and the MediaBox grown by
    ``SLUG_AREA`` on each side, where the marks and the slug line are drawn.
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        bleed = [float(v) for v in page.mediabox]
        trim = [float(v) for v in page.trimbox]
        media = (
            bleed[0] - SLUG_AREA,
            bleed[1] - SLUG_AREA,
            bleed[2] + SLUG_AREA,
            bleed[3] + SLUG_AREA,
        )
        page.bleedbox = RectangleObject(bleed)
        page.trimbox = RectangleObject(trim)
        page.mediabox = RectangleObject(media)
        overlay = PdfReader(io.BytesIO(_crop_marks(media, bleed, trim, slug))).pages[0]
        page.merge_transformed_page(overlay, Transformation().translate(media[0], media[1]))
    return _write(writer)


def _crop_marks(
    media: tuple[float, float, float, float], bleed: list[float], trim: list[float], slug: str
) -> bytes:
    """Overlay (origin at the media box corner): marks at the trim lines, outside the bleed."""
    width, height = media[2] - media[0], media[3] - media[1]
    ox, oy = media[0], media[1]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    canvas.setLineWidth(0.25)
    gap = trim[0] - bleed[0] + MARK_GAP  # start outside the bleed
    for x in (trim[0], trim[2]):
        canvas.line(x - ox, trim[1] - gap - oy, x - ox, trim[1] - gap - MARK_LENGTH - oy)
        canvas.line(x - ox, trim[3] + gap - oy, x - ox, trim[3] + gap + MARK_LENGTH - oy)
    for y in (trim[1], trim[3]):
        canvas.line(trim[0] - gap - ox, y - oy, trim[0] - gap - MARK_LENGTH - ox, y - oy)
        canvas.line(trim[2] + gap - ox, y - oy, trim[2] + gap + MARK_LENGTH - ox, y - oy)
    canvas.setFont(reportlab_font(), SLUG_SIZE)
    canvas.drawString(trim[0] - ox + MARK_LENGTH + gap, 6, slug)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
