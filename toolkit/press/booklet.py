"""Booklets: pages placed two-up in printer spreads for saddle stitching.

Takes in: a rendered PDF whose page count is a multiple of 4 (half-sheet pages, with or
without a bleed).
Gives out: one sheet side per spread, front then back per sheet, in saddle-stitch order, for
duplex short-edge printing; with a bleed, each spread is trimmed to the full sheet (TrimBox),
keeps its colour 0.125 in past the outer edges (BleedBox) and carries crop marks, dashed
fold marks and the slug line outside that.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject

from toolkit.press.imposition import (
    FOLD_MARK_DASH,
    SLUG_AREA,
    copy_document_info,
    crop_marks,
    overlay_canvas,
    set_boxes,
    write_pdf,
)

LETTER_LANDSCAPE = (792.0, 612.0)
A4_LANDSCAPE = (841.89, 595.28)
FOLD_MARK_LENGTH = 12.0
FIT_TOLERANCE = 0.01  # points; A5 and half-A4 differ only in rounding


def impose_booklet(
    pdf: bytes, sheet: tuple[float, float] = LETTER_LANDSCAPE, slug: str = ""
) -> bytes:
    """Place pages two-up in printer spreads for a saddle-stitched booklet, with fold marks.

    Sheet sides alternate front and back; print double-sided flipping on the short edge, stack
    the sheets in order, fold and staple. Pages are never scaled. Pages rendered with a bleed
    keep it on their outer edges: each spread is then trimmed to its two pages (TrimBox), its
    colour runs 0.125 in past it (BleedBox), and crop marks, fold marks and the slug line sit
    outside that, on a media box grown to hold them. Pages without bleed are centred in
    their half of ``sheet``. Either way, pages must fit half of ``sheet``.
    """
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    count = len(pages)
    if count == 0 or count % 4:
        raise ValueError(f"a booklet needs a positive multiple of 4 pages, got {count}")
    width, height = sheet
    half = width / 2
    for page in pages:
        _check_fits_half(page.trimbox, half, height)
    if _bleed_of(pages[0]) > 0:
        return _impose_booklet_with_bleed(reader, slug)
    marks = PdfReader(io.BytesIO(_fold_marks(sheet, float(pages[0].mediabox.height)))).pages[0]
    writer = PdfWriter()
    for left, right in _booklet_spreads(count):
        side = writer.add_page(PageObject.create_blank_page(None, width, height))
        for page, x0 in ((pages[left], 0.0), (pages[right], half)):
            side.merge_transformed_page(page, _centre_in(page, x0, half, height))
        side.merge_page(marks)
        set_boxes(side, (0.0, 0.0, width, height), 0.0)
    copy_document_info(reader, writer)
    return write_pdf(writer)


def _bleed_of(page: PageObject) -> float:
    """How far the page's media box reaches past its trim box (0 without a TrimBox)."""
    return float(page.trimbox.left) - float(page.mediabox.left)


def _impose_booklet_with_bleed(reader: PdfReader, slug: str) -> bytes:
    """Spreads trimmed to two pages side by side (the sheet, give or take rounding); each
    page's bleed kept on its three outer edges only."""
    pages = reader.pages
    bleed = _bleed_of(pages[0])
    margin = bleed + SLUG_AREA
    half, height = float(pages[0].trimbox.width), float(pages[0].trimbox.height)
    width = 2 * half
    media = (0.0, 0.0, width + 2 * margin, height + 2 * margin)
    trim = [margin, margin, margin + width, margin + height]
    bleed_box = [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed]
    overlay = PdfReader(io.BytesIO(crop_marks(media, bleed_box, trim, slug, fold=True))).pages[0]
    writer = PdfWriter()
    for left, right in _booklet_spreads(len(pages)):
        side = writer.add_page(PageObject.create_blank_page(None, media[2], media[3]))
        for page, x0, outer in (
            (pages[left], margin, "left"),
            (pages[right], margin + half, "right"),
        ):
            side.merge_transformed_page(
                _without_inner_bleed(page, outer), _trim_at(page, x0, margin)
            )
        side.merge_page(overlay)
        set_boxes(side, (trim[0], trim[1], trim[2], trim[3]), bleed)
    copy_document_info(reader, writer)
    return write_pdf(writer)


def _without_inner_bleed(page: PageObject, outer: str) -> PageObject:
    """Clip away the bleed on the fold side (pypdf clips a merged page to its CropBox)."""
    media, trim = page.mediabox, page.trimbox
    if outer == "left":
        page.cropbox = RectangleObject((media.left, media.bottom, trim.right, media.top))
    else:
        page.cropbox = RectangleObject((trim.left, media.bottom, media.right, media.top))
    return page


def _trim_at(page: PageObject, x: float, y: float) -> Transformation:
    """Move ``page`` so the lower-left corner of its trim box lands on (x, y)."""
    return Transformation().translate(x - float(page.trimbox.left), y - float(page.trimbox.bottom))


def _booklet_spreads(count: int) -> list[tuple[int, int]]:
    """0-based (left, right) page indices for each sheet side, front then back per sheet."""
    spreads: list[tuple[int, int]] = []
    for i in range(count // 4):
        spreads.append((count - 1 - 2 * i, 2 * i))  # front: page n-2i | page 1+2i
        spreads.append((2 * i + 1, count - 2 - 2 * i))  # back: page 2+2i | page n-1-2i
    return spreads


def _check_fits_half(box: RectangleObject, half: float, height: float) -> None:
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
    canvas = overlay_canvas(buffer, sheet)
    canvas.setStrokeGray(0)
    canvas.setLineWidth(0.5)
    canvas.setDash(*FOLD_MARK_DASH)
    centre = width / 2
    canvas.line(centre, height, centre, height - length)
    canvas.line(centre, 0, centre, length)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
