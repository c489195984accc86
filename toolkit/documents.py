"""The registry of document kinds, and the jobs a build is made of.

Takes in: nothing at import; ``plan_jobs`` takes the project and what the user asked for.
Gives out: ``DOCUMENT_KINDS`` (template, subject type, page size, page limit, output name and
an optional finishing step per kind) and a list of ``Job`` objects, one per output file.

Adding a document kind (a poster, a bookmark) means a template and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from toolkit.imposition import impose_card_sheet

INCH = 72.0
LETTER = (8.5 * INCH, 11 * INCH)
HALF_LETTER = (5.5 * INCH, 8.5 * INCH)
CARD = (3.5 * INCH, 5 * INCH)

Finisher = Callable[[bytes], bytes]
"""Post-processing on a finished PDF, for example imposing cards onto sheets."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document the toolkit makes."""

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
    """Size of the final PDF's pages in points."""
    max_pages: int | None = None
    """The build fails if the rendered document has more pages."""
    suffix: str = ""
    """Added to the file name before ``.pdf``."""
    finish: Finisher | None = None
    """Page work applied to the rendered PDF."""


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
            max_pages=2,
        ),
        DocumentKind(
            "youth-cards",
            "Youth key-message cards",
            "topic",
            "youth_cards.html",
            "youth-cards",
            CARD,
        ),
        DocumentKind(
            "card-sheet",
            "Youth key-message cards, print sheet",
            "topic",
            "youth_cards.html",
            "youth-cards",
            LETTER,
            suffix=".card-sheet",
            finish=impose_card_sheet,
        ),
        DocumentKind(
            "episode-guide",
            "Episode guide",
            "series",
            "episode_guide.html",
            "episode-guides",
            HALF_LETTER,
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

    @property
    def output_path(self) -> PurePosixPath:
        """Path relative to the output folder."""
        name = f"{self.subject}{self.kind.suffix}.pdf"
        return PurePosixPath(self.brand, self.lang, self.kind.folder, name)

    def __str__(self) -> str:
        return f"{self.kind.name} '{self.subject}' (brand {self.brand}, {self.lang})"


@dataclass(frozen=True)
class Selection:
    """What the user narrowed the build to; empty tuples mean everything."""

    brands: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()


def plan_jobs(
    topics: list[str], series: list[str], brands: list[str], lang: str, selection: Selection
) -> list[Job]:
    """Every job the selection asks for, in a stable order."""
    subjects = {
        "topic": [t for t in topics if not selection.topics or t in selection.topics],
        "series": [s for s in series if not selection.topics or s in selection.topics],
    }
    return [
        Job(kind, subject, brand, lang)
        for brand in brands
        if not selection.brands or brand in selection.brands
        for kind in DOCUMENT_KINDS.values()
        if not selection.docs or kind.name in selection.docs
        for subject in subjects[kind.subject]
    ]
