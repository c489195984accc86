"""Page work on finished PDFs: cards onto sheets or one to a page, crop marks and slug lines.

Takes in: a rendered PDF (cards whose pages alternate front, back…; or pages rendered with
a bleed, such as tip sheets).
Gives out: for cards, a Letter PDF with as many cards per sheet as fit, cut marks, and each
sheet's backs on the following page, mirrored so they line up when printed double-sided with
a long-edge flip (blank slots on the last sheet stay empty); or one card per page with a
0.125 in bleed and no marks; for pages with a bleed, crop marks and a slug line around them
(``add_print_marks``). Every page says where it is cut (TrimBox) and how far its colour
runs past the cut (BleedBox). Booklet spreads are in ``booklet``, which shares the overlay
helpers here.

Pages are placed with pypdf (no hand-written PDF syntax); the marks are drawn with ReportLab
on an overlay and merged on top, in DeviceGray (legal under an RGB or a CMYK output intent),
with the bundled Lato as the only font (an overlay without text references no font at all).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, RectangleObject, TextStringObject
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from toolkit.assets.fonts import reportlab_font

SHEET = (612.0, 792.0)
MIN_MARGIN = 36.0  # 1/2 in: the bleed, then marks and slug inside an office printer's reach
OFFICE_EDGE = 18.0  # 1/4 in: office printers leave this much of each edge unprinted
MARK_LENGTH = 14.0
MARK_GAP = 3.0
BLEED = 9.0  # 0.125 in
SLUG_SIZE = 6.0
SLUG_AREA = 36.0  # room outside the bleed for crop marks and the slug line
SLUG_BASELINE = OFFICE_EDGE + 2.0  # descenders stay 1/4 in from the edge
SLUG_CLEAR = OFFICE_EDGE + 8.0  # a side slug line's band; side marks stop short of it
FOLD_MARK_DASH = (3.0, 2.0)

Fill = str | tuple[float, float, float, float]
"""A colour: ``#rrggbb`` (RGB print edition) or CMYK inks from 0 to 1 (CMYK edition)."""


def overlay_canvas(buffer: io.BytesIO, size: tuple[float, float]) -> Canvas:
    """A ReportLab canvas whose page preamble names Lato, not Helvetica: an overlay with no
    text then references no font, and one with text embeds a Lato subset."""
    return Canvas(buffer, pagesize=size, invariant=True, initialFontName=reportlab_font())


def _set_fill(canvas: Canvas, colour: Fill) -> None:
    if isinstance(colour, str):
        canvas.setFillColor(HexColor(colour))
    else:
        canvas.setFillColorCMYK(*colour)


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

    @property
    def trim(self) -> tuple[float, float, float, float]:
        """The cut lines around all the cards (left, bottom, right, top)."""
        return (
            self.x0,
            self.y0,
            self.x0 + self.cols * self.card_w,
            self.y0 + self.rows * self.card_h,
        )

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
    front_colour: Fill | None = None,
) -> bytes:
    """Place front/back card pages onto sheets with cut marks, backs mirrored.

    ``front_colour`` (the cards' background) runs 0.125 in past each front into the bleed,
    so a cut slightly off the line still shows colour, not white paper. The TrimBox holds the
    cards, the BleedBox 0.125 in more; marks and slug stay 1/4 in inside the sheet's edge.
    """
    reader = PdfReader(io.BytesIO(card_pdf))
    fronts, backs = reader.pages[0::2], reader.pages[1::2]
    box = fronts[0].mediabox
    grid = card_grid(float(box.width), float(box.height), sheet)
    marks = PdfReader(io.BytesIO(_cut_marks(grid, slug, sheet))).pages[0]
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
            set_boxes(page, grid.trim, BLEED)
    copy_document_info(reader, writer)
    return write_pdf(writer)


def impose_single_cards(card_pdf: bytes, front_colour: Fill | None = None) -> bytes:
    """One card per page, as online card printers ask: each page 0.125 in larger all round
    than the card (TrimBox the card, BleedBox the page), no marks, fronts' colour run into
    the bleed. Fronts and backs alternate, as in the digital edition."""
    reader = PdfReader(io.BytesIO(card_pdf))
    writer = PdfWriter()
    for number, card in enumerate(reader.pages):
        width, height = float(card.mediabox.width), float(card.mediabox.height)
        size = (width + 2 * BLEED, height + 2 * BLEED)
        page = writer.add_page(PageObject.create_blank_page(None, *size))
        if front_colour and number % 2 == 0:
            page.merge_page(_filled_page(size, front_colour))
        page.merge_transformed_page(card, Transformation().translate(BLEED, BLEED))
        set_boxes(page, (BLEED, BLEED, BLEED + width, BLEED + height), BLEED)
    copy_document_info(reader, writer)
    return write_pdf(writer)


def _filled_page(size: tuple[float, float], colour: Fill) -> PageObject:
    buffer = io.BytesIO()
    canvas = overlay_canvas(buffer, size)
    _set_fill(canvas, colour)
    canvas.rect(0, 0, *size, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def set_boxes(page: PageObject, trim: tuple[float, float, float, float], bleed: float) -> None:
    """TrimBox where the piece is cut; BleedBox ``bleed`` past it, within the MediaBox."""
    media = [float(v) for v in page.mediabox]
    page.trimbox = RectangleObject(trim)
    page.bleedbox = RectangleObject(
        (
            max(media[0], trim[0] - bleed),
            max(media[1], trim[1] - bleed),
            min(media[2], trim[2] + bleed),
            min(media[3], trim[3] + bleed),
        )
    )


def _bleed_page(grid: Grid, count: int, sheet: tuple[float, float], colour: Fill) -> PageObject:
    """A page with each occupied slot filled in ``colour``, 0.125 in larger all round."""
    buffer = io.BytesIO()
    canvas = overlay_canvas(buffer, sheet)
    _set_fill(canvas, colour)
    for index in range(count):
        x, y = grid.slot(index, mirrored=False)
        canvas.rect(
            x - BLEED, y - BLEED, grid.card_w + 2 * BLEED, grid.card_h + 2 * BLEED, stroke=0, fill=1
        )
    canvas.showPage()
    canvas.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


def write_pdf(writer: PdfWriter) -> bytes:
    """Serialize compactly: merged pages get their content streams compressed again."""
    for page in writer.pages:
        page.compress_content_streams()
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def copy_document_info(reader: PdfReader, writer: PdfWriter) -> None:
    if reader.metadata:
        writer.add_metadata({key: str(value) for key, value in reader.metadata.items()})
    lang = reader.root_object.get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))


def _cut_marks(grid: Grid, slug: str, sheet: tuple[float, float]) -> bytes:
    """An overlay page: a short mark outside the bleed at every cut line, and the slug line
    running up the left margin (its overflow up the right one); everything 1/4 in or more
    inside the sheet's edge, where office printers print."""
    buffer = io.BytesIO()
    canvas = overlay_canvas(buffer, sheet)
    left, bottom, right, top = grid.trim
    gap = BLEED + MARK_GAP
    side_clear = SLUG_CLEAR if slug else OFFICE_EDGE
    if slug:
        _draw_side_slug(canvas, slug, grid.trim, sheet)
    canvas.setStrokeGray(0)
    canvas.setLineWidth(0.5)
    lengths = (
        min(MARK_LENGTH, bottom - gap - OFFICE_EDGE),
        min(MARK_LENGTH, sheet[1] - top - gap - OFFICE_EDGE),
        min(MARK_LENGTH, left - gap - side_clear),
        min(MARK_LENGTH, sheet[0] - right - gap - side_clear),
    )
    for col in range(grid.cols + 1):
        x = left + col * grid.card_w
        canvas.line(x, bottom - gap, x, bottom - gap - lengths[0])
        canvas.line(x, top + gap, x, top + gap + lengths[1])
    for row in range(grid.rows + 1):
        y = bottom + row * grid.card_h
        canvas.line(left - gap, y, left - gap - lengths[2], y)
        canvas.line(right + gap, y, right + gap + lengths[3], y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_side_slug(
    canvas: Canvas, slug: str, trim: tuple[float, float, float, float], sheet: tuple[float, float]
) -> None:
    """The slug reading up the sheet beside the cards, its baseline so that the letters lie
    between 1/4 in from the edge and the side marks."""
    font = reportlab_font()
    canvas.setFillGray(0)
    canvas.setFont(font, SLUG_SIZE)
    lines = simpleSplit(slug, font, SLUG_SIZE, trim[3] - trim[1])
    baselines = (OFFICE_EDGE + 5.0, sheet[0] - OFFICE_EDGE - 1.5)  # ascent 4.5, descent 1.5
    for line, x in zip(lines, baselines, strict=False):
        canvas.saveState()
        canvas.translate(x, trim[1])
        canvas.rotate(90)
        canvas.drawString(0, 0, line)
        canvas.restoreState()


def add_print_marks(pdf: bytes, slug: str) -> bytes:
    """Crop marks outside the bleed and a slug line, on a media box grown to hold them.

    Takes a PDF rendered with a bleed (its MediaBox is the bleed box, its TrimBox the page);
    gives the same pages with BleedBox and TrimBox kept and the MediaBox grown by
    ``SLUG_AREA`` on each side, where the marks and the slug line are drawn.
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer = _clone(reader)
    overlays: dict[tuple[float, ...], PageObject] = {}  # one overlay, one Lato subset
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
        key = (*media, *bleed, *trim)
        if key not in overlays:
            marks = crop_marks(media, bleed, trim, slug)
            overlays[key] = PdfReader(io.BytesIO(marks)).pages[0]
        page.merge_transformed_page(overlays[key], Transformation().translate(media[0], media[1]))
    return write_pdf(writer)


def crop_marks(
    media: tuple[float, float, float, float],
    bleed: list[float],
    trim: list[float],
    slug: str,
    fold: bool = False,
) -> bytes:
    """Overlay (origin at the media box corner): marks at the trim lines outside the bleed,
    a dashed fold mark at the centre of the top and bottom (``fold``), and the slug line
    along the bottom; all 1/4 in or more inside the media box's edge."""
    width, height = media[2] - media[0], media[3] - media[1]
    ox, oy = media[0], media[1]
    buffer = io.BytesIO()
    canvas = overlay_canvas(buffer, (width, height))
    canvas.setStrokeGray(0)
    canvas.setLineWidth(0.25)
    gap = trim[0] - bleed[0] + MARK_GAP  # start outside the bleed
    length = min(MARK_LENGTH, trim[1] - oy - gap - OFFICE_EDGE)
    for x in (trim[0], trim[2]):
        canvas.line(x - ox, trim[1] - gap - oy, x - ox, trim[1] - gap - length - oy)
        canvas.line(x - ox, trim[3] + gap - oy, x - ox, trim[3] + gap + length - oy)
    for y in (trim[1], trim[3]):
        canvas.line(trim[0] - gap - ox, y - oy, trim[0] - gap - length - ox, y - oy)
        canvas.line(trim[2] + gap - ox, y - oy, trim[2] + gap + length - ox, y - oy)
    if fold:
        centre = (trim[0] + trim[2]) / 2 - ox
        canvas.setDash(*FOLD_MARK_DASH)
        canvas.line(centre, trim[1] - gap - oy, centre, trim[1] - gap - length - oy)
        canvas.line(centre, trim[3] + gap - oy, centre, trim[3] + gap + length - oy)
    if slug:  # from the left mark to the fold mark or the right mark, in up to two lines
        start = trim[0] - ox + length + gap
        end = ((trim[0] + trim[2]) / 2 if fold else trim[2]) - ox - MARK_GAP
        _draw_bottom_slug(canvas, slug, start, end - start)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_bottom_slug(canvas: Canvas, slug: str, x: float, width: float) -> None:
    font = reportlab_font()
    canvas.setFillGray(0)
    canvas.setFont(font, SLUG_SIZE)
    lines = simpleSplit(slug, font, SLUG_SIZE, width)[:2]
    for number, line in enumerate(lines):
        canvas.drawString(x, SLUG_BASELINE + (len(lines) - 1 - number) * (SLUG_SIZE + 1), line)


class _ObjectCountNotice(logging.Filter):
    """Drops pypdf's "Object count N exceeds defined trailer size M" while cloning."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Object count")


def _clone(reader: PdfReader) -> PdfWriter:
    """A writer holding ``reader``'s whole document. pypdf compares the objects it made
    while cloning with the source's trailer ``/Size`` and logs a warning when cloning made
    more, which it does for WeasyPrint's object streams once a page carries SVG icons. The
    file it writes gets its own cross-reference table, so the count is no defect (``qpdf
    --check`` passes on the result); the message would only alarm people building."""
    logger = logging.getLogger("pypdf._writer")
    notice = _ObjectCountNotice()
    logger.addFilter(notice)
    try:
        return PdfWriter(clone_from=reader)
    finally:
        logger.removeFilter(notice)
