"""The registry of document kinds, and the jobs a build is made of.

Takes in: nothing at import; ``plan_jobs`` takes the project and what the user asked for.
Gives out: ``DOCUMENT_KINDS`` (template, subject type, page size, page limits and the page
work that makes its print edition) and a list of ``Job`` objects, one per output file:
kind x subject x brand x language x edition.

Adding a document kind (a poster, a bookmark) means a template and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from toolkit.imposition import (
    LETTER_LANDSCAPE,
    add_print_marks,
    impose_booklet,
    impose_card_sheet,
)

INCH = 72.0
LETTER = (8.5 * INCH, 11 * INCH)
HALF_LETTER = (5.5 * INCH, 8.5 * INCH)
CARD = (3.5 * INCH, 5 * INCH)

Finisher = Callable[[bytes, str], bytes]
"""Page work on a rendered PDF for the print edition: takes the PDF and its slug line."""

Edition = Literal["digital", "print"]
EDITIONS: tuple[Edition, ...] = ("digital", "print")
"""Digital: tagged PDF/UA for screens and e-mail. Print: marks, slug, imposition."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document the toolkit makes, in a digital and a print edition."""

    name: str
    """Id used on the command line (``--doc``) and in the manifest."""
    title: str
    """Human name, used in the PDF title."""
    subject: Literal["topic", "series"]
    """What one document is about: one topic or one series."""
    template: str
    """Template file in the templates folder."""
    folder: str
    """Sub-folder of ``output/<brand>/<lang>/``."""
    page_size: tuple[float, float]
    """Size of the rendered pages in points (the trim size)."""
    print_finish: Finisher
    """Page work that turns the rendered pages into the print edition."""
    max_pages: int | None = None
    """The build fails if the rendered document has more pages."""
    page_multiple: int = 1
    """Notes pages pad the document to a multiple of this (4 for a saddle-stitched booklet)."""
    print_bleed: bool = False
    """Render the print edition with a 0.125 in bleed."""


def _impose_booklet_on_letter(pdf: bytes, slug: str) -> bytes:
    # Half-letter pages fill Letter landscape edge to edge: no margin is left for a slug.
    return impose_booklet(pdf, LETTER_LANDSCAPE)


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.name: kind
    for kind in (
        DocumentKind(
            "tip-sheet",
            "Parent tip sheet",
            "topic",
            "tip_sheet.html",
            "tip-sheets",
            LETTER,
            add_print_marks,
            max_pages=2,
            print_bleed=True,
        ),
        DocumentKind(
            "youth-cards",
            "Youth key-message cards",
            "topic",
            "youth_cards.html",
            "youth-cards",
            CARD,
            impose_card_sheet,
        ),
        DocumentKind(
            "episode-guide",
            "Episode guide",
            "series",
            "episode_guide.html",
            "episode-guides",
            HALF_LETTER,
            _impose_booklet_on_letter,
            page_multiple=4,
        ),
    )
}


@dataclass(frozen=True)
class Job:
    """One output file: a document kind for one subject, brand and language."""

    kind: DocumentKind
    subject: str
    brand: str
    lang: str
    edition: Edition = "digital"

    @property
    def output_path(self) -> PurePosixPath:
        """Path relative to the output folder; print files say so in their name."""
        suffix = ".print" if self.edition == "print" else ""
        name = f"{self.subject}{suffix}.pdf"
        return PurePosixPath(self.brand, self.lang, self.kind.folder, name)

    def __str__(self) -> str:
        edition = ", print" if self.edition == "print" else ""
        return f"{self.kind.name} '{self.subject}' (brand {self.brand}, {self.lang}{edition})"


@dataclass(frozen=True)
class Selection:
    """What the user narrowed the build to; empty tuples mean everything."""

    brands: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    editions: tuple[Edition, ...] = ()


def plan_jobs(
    topics: list[str], series: list[str], brands: list[str], lang: str, selection: Selection
) -> list[Job]:
    """Every job the selection asks for, in a stable order."""
    subjects = {
        "topic": [t for t in topics if not selection.topics or t in selection.topics],
        "series": [s for s in series if not selection.topics or s in selection.topics],
    }
    return [
        Job(kind, subject, brand, lang, edition)
        for brand in brands
        if not selection.brands or brand in selection.brands
        for kind in DOCUMENT_KINDS.values()
        if not selection.docs or kind.name in selection.docs
        for subject in subjects[kind.subject]
        for edition in selection.editions or EDITIONS
    ]
