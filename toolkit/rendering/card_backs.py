"""One card back, laid out once, behind every card.

Takes a laid-out WeasyPrint ``Document`` whose HTML holds the fronts and one back marked
``data-every-card`` (youth_cards.html puts it after the first front); gives the document
with its pages in print order: each front followed by the back.

Every back of a card set is the same page, so laying it out once per card was most of the
set's layout time (9 backs of 18 pages, and the backs carry the QR codes, logo and help
box). The first front keeps the laid-out back; each later front gets a copy of its boxes
(``Box.deepcopy``: the box tree, sharing the laid-out text), because WeasyPrint hangs a
link's PDF annotation on its box and builds each page's tags from that page's boxes. The
PDF is the same, byte for byte, as one laid out from a back per card
(tests/rendering/test_card_backs.py), as long as nothing on a card page depends on its page
number: the cards' ``@page`` has no margin boxes (margin 0), and a page counter added in
one would print the back's number on every copy.
"""

from __future__ import annotations

from typing import Any

from toolkit.documents import Job
from toolkit.errors import Problem, RenderError

MARK = "data-every-card"
"""The attribute on the one back the template writes."""


def behind_every_card(document: Any, job: Job) -> Any:
    """``document`` with its marked back after every other page, or as it is if it has
    none. Overflow checks run before this, on the pages as laid out."""
    pages = document.pages
    marked = [index for index, page in enumerate(pages) if _is_shared_back(page)]
    if not marked:
        return document
    if len(marked) > 1:  # a template that marks two backs would pair fronts and backs wrongly
        message = f"the template marks {len(marked)} pages {MARK}; a card set has one back"
        raise RenderError([Problem(str(job.output_path), message)])
    back = pages[marked[0]]
    fronts = [page for page in pages if page is not back]
    order: list[Any] = []
    for number, front in enumerate(fronts):
        order += [front, back if number == 0 else _copy(back)]
    return document.copy(order)


def _is_shared_back(page: Any) -> bool:
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.tag == "article":
            return element.get(MARK) is not None
    return False


def _copy(page: Any) -> Any:
    from weasyprint.document import Page

    return Page(page._page_box.deepcopy())
