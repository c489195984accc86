"""The print edition's page work, chosen by the document kind.

Takes in: a rendered PDF (bytes), its document kind's ``print_finish`` and a ``PrintSpec``
(slug line, paper, the brand's primary colour).
Gives out: the print-ready PDF: crop marks and a slug line on each page, cards imposed onto
sheets, or booklet pages imposed into printer spreads (``imposition``).
"""

from __future__ import annotations

from toolkit.documents import Finish, PrintSpec
from toolkit.press.imposition import add_print_marks, impose_booklet, impose_card_sheet


def finish_print(finish: Finish, pdf: bytes, spec: PrintSpec) -> bytes:
    """The print edition of ``pdf``, by the page work its document kind names."""
    if finish == "card-sheets":
        return impose_card_sheet(pdf, spec.slug, spec.paper.full, spec.background)
    if finish == "booklet":
        # Booklet pages fill half the landscape sheet edge to edge: no room for a slug line.
        return impose_booklet(pdf, spec.paper.landscape)
    return add_print_marks(pdf, spec.slug)
