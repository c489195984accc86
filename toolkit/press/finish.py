"""The print edition's page work, chosen by the document kind.

Takes in: a rendered PDF/X-4 (bytes), the job's ``Finish`` and a ``PrintSpec`` (slug line,
paper, the brand's primary colour as hex and, in CMYK mode, as inks).
Gives out: the print-ready PDF: crop marks and a slug line on each page, cards imposed onto
sheets or one to a page with bleed, or booklet pages imposed into printer spreads
(``imposition``), still PDF/X-4 (``conformance``).
"""

from __future__ import annotations

from toolkit.documents import Finish, PrintSpec
from toolkit.press.booklet import impose_booklet
from toolkit.press.conformance import keep_pdfx
from toolkit.press.imposition import (
    Fill,
    add_print_marks,
    impose_card_sheet,
    impose_single_cards,
)


def finish_print(finish: Finish, pdf: bytes, spec: PrintSpec) -> bytes:
    """The print edition of ``pdf``, by the page work its document kind names."""
    return keep_pdfx(pdf, _page_work(finish, pdf, spec))


def _page_work(finish: Finish, pdf: bytes, spec: PrintSpec) -> bytes:
    colour: Fill = spec.background_cmyk or spec.background
    if finish == "card-sheets":
        return impose_card_sheet(pdf, spec.slug, spec.paper.full, colour)
    if finish == "single-cards":
        return impose_single_cards(pdf, colour)
    if finish == "booklet":
        return impose_booklet(pdf, spec.paper.landscape, spec.slug)
    return add_print_marks(pdf, spec.slug)
