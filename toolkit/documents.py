"""The registry of document kinds, and the jobs a build is made of.

Takes in: nothing at import; ``plan_jobs`` takes the project and what the user asked for.
Gives out: ``DOCUMENT_KINDS`` (template, subject type, page format, page limits and the page
work that makes its print edition) and a list of ``Job`` objects, one per output file:
kind x subject x brand x language x edition x paper.

Adding a document kind (a poster, a bookmark) means a template and one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from toolkit.assets.i18n import N_

INCH = 72.0
MM = INCH / 25.4


@dataclass(frozen=True)
class CardSize:
    """A youth-card size and the sizes that suit it: type grows with the card, so a bigger
    card reads from further away instead of showing more blank colour."""

    name: str
    width: float
    height: float
    headline_pt: float
    text_pt: float
    qr_in: float
    """Width of each QR code on the back, quiet zone included. At least 0.9 in: a version 3
    code (37 modules with its quiet zone, what the help addresses make) then has modules of
    0.6 mm or more, which phone cameras read from a hand-held card."""
    logo_in: float
    """Height of the brand's logo on the back (its width is capped, see youth_cards.css): at
    0.44 in a wordmark set at a fifth of the logo's height (Riverside's second line) still
    prints at 6 pt."""
    compact: bool = False
    """Small cards get a one-code back with the help lines in small print."""


CARD_SIZES = {
    card.name: card
    for card in (
        CardSize("3.5x5", 3.5 * INCH, 5 * INCH, 28, 16, qr_in=0.9, logo_in=0.5),
        CardSize("4x6", 4 * INCH, 6 * INCH, 34, 19, qr_in=1.05, logo_in=0.62),
        CardSize("a6", 105 * MM, 148 * MM, 32, 18, qr_in=1.0, logo_in=0.62),
        CardSize("3.5x2", 3.5 * INCH, 2 * INCH, 16, 11, qr_in=0.9, logo_in=0.44, compact=True),
    )
}
DEFAULT_CARD = CARD_SIZES["3.5x5"]


@dataclass(frozen=True)
class Paper:
    """A paper family: the full sheet and its half (booklet pages)."""

    name: str
    full: tuple[float, float]
    half: tuple[float, float]

    @property
    def landscape(self) -> tuple[float, float]:
        return (self.full[1], self.full[0])


PAPERS = {
    "letter": Paper("letter", (8.5 * INCH, 11 * INCH), (5.5 * INCH, 8.5 * INCH)),
    "a4": Paper("a4", (210 * MM, 297 * MM), (148 * MM, 210 * MM)),
}
"""Letter for the US and Canada; A4 (with A5 booklet pages) elsewhere. Layouts reflow."""


@dataclass(frozen=True)
class PrintSpec:
    """What page work for the print edition needs to know."""

    slug: str
    """The slug line: document, brand, language, date."""
    paper: Paper
    """The paper it is printed on."""
    background: str
    """The brand's primary colour: card fronts run it into the bleed."""
    background_cmyk: tuple[float, float, float, float] | None = None
    """The same colour as CMYK inks (0 to 1), for the CMYK print edition."""


Finish = Literal["marks", "card-sheets", "single-cards", "booklet"]
"""The page work that makes the print edition (``toolkit.press.finish``): crop marks and a
slug line on each page, cards imposed onto sheets, one card per page with bleed (for online
card printers), or booklet pages imposed into spreads."""

ColourMode = Literal["rgb", "cmyk"]
COLOUR_MODES: tuple[ColourMode, ...] = ("rgb", "cmyk")
"""The print edition's colour: ``rgb`` with an sRGB output intent (quick-print and copy
shops), or ``cmyk`` with a coated-stock CMYK output intent (offset printers)."""

CardFile = Literal["sheets", "single"]
CARD_FILES: tuple[CardFile, ...] = ("sheets", "single")
"""The cards' print file: cards imposed onto Letter/A4 sheets with cut marks, or one card
per page with 0.125 in bleed and no marks (what online card printers ask for)."""

Edition = Literal["digital", "print"]
EDITIONS: tuple[Edition, ...] = ("digital", "print")
"""Digital: tagged PDF/UA for screens and e-mail. Print: marks, slug, imposition."""

PageFormat = Literal["full", "half", "card"]


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
    page_format: PageFormat
    """Rendered page size: a full sheet of the paper, half a sheet, or a card."""
    print_finish: Finish
    """Page work that turns the rendered pages into the print edition."""
    max_pages: int | None = None
    """The build fails if the rendered document has more pages."""
    page_multiple: int = 1
    """Notes pages pad the document to a multiple of this (4 for a saddle-stitched booklet)."""
    print_bleed: bool = False
    """Render the print edition with a 0.125 in bleed."""


DOCUMENT_KINDS: dict[str, DocumentKind] = {
    kind.name: kind
    for kind in (
        DocumentKind(
            "tip-sheet",
            N_("Parent tip sheet"),
            "topic",
            "tip_sheet.html",
            "tip-sheets",
            "full",
            "marks",
            max_pages=2,
            print_bleed=True,
        ),
        DocumentKind(
            "youth-cards",
            N_("Youth key-message cards"),
            "topic",
            "youth_cards.html",
            "youth-cards",
            "card",
            "card-sheets",
        ),
        DocumentKind(
            "episode-guide",
            N_("Episode guide"),
            "series",
            "episode_guide.html",
            "episode-guides",
            "half",
            "booklet",
            page_multiple=4,
            print_bleed=True,
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
    paper: Paper = PAPERS["letter"]
    card: CardSize = DEFAULT_CARD
    colour: ColourMode = "rgb"
    """The print edition's colour (the digital edition is always RGB)."""
    card_file: CardFile = "sheets"
    """The cards' print file: sheets, or one card per page."""

    @property
    def finish(self) -> Finish:
        """The page work that makes this job's print edition."""
        if self.kind.print_finish == "card-sheets" and self.card_file == "single":
            return "single-cards"
        return self.kind.print_finish

    @property
    def output_path(self) -> PurePosixPath:
        """Path relative to the output folder; print, A4 and card-size variants are named."""
        parts = [self.subject]
        if self.kind.page_format == "card" and self.card != DEFAULT_CARD:
            parts.append(self.card.name)
        if self.paper.name != "letter":
            parts.append(self.paper.name)
        if self.edition == "print" and self.finish == "single-cards":
            parts.append("single")
        if self.edition == "print" and self.colour == "cmyk":
            parts.append("cmyk")
        if self.edition == "print":
            parts.append("print")
        name = ".".join(parts) + ".pdf"
        return PurePosixPath(self.brand, self.lang, self.kind.folder, name)

    def __str__(self) -> str:
        extras = [self.lang]
        if self.kind.page_format == "card" and self.card != DEFAULT_CARD:
            extras.append(f"{self.card.name} cards")
        extras += [self.paper.name] if self.paper.name != "letter" else []
        extras += ["print"] if self.edition == "print" else []
        extras += (
            ["one card per page"] if self.edition == "print" and self.card_file == "single" else []
        )
        extras += ["CMYK"] if self.colour == "cmyk" else []
        return f"{self.kind.name} '{self.subject}' (brand {self.brand}, {', '.join(extras)})"


@dataclass(frozen=True)
class Selection:
    """What the user narrowed the build to; empty tuples mean everything."""

    brands: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    editions: tuple[Edition, ...] = ()
    papers: tuple[str, ...] = ()
    """Paper sizes; empty uses each brand's own."""
    card_size: str | None = None
    """Card size for every brand; ``None`` uses each brand's own."""
    langs: tuple[str, ...] = ()
    """Languages; empty uses each brand's own list, else every language."""
    colour: ColourMode = "rgb"
    """The print edition's colour: rgb (sRGB output intent) or cmyk (for offset)."""
    card_file: CardFile = "sheets"
    """The cards' print file: sheets with cut marks, or one card per page with bleed."""


@dataclass(frozen=True)
class BrandDefaults:
    """What a brand builds when the command line does not say."""

    card: str = DEFAULT_CARD.name
    paper: str = "letter"
    langs: tuple[str, ...] = ()
    """Empty: every language the content has."""


@dataclass(frozen=True)
class Subjects:
    """The topics and series that have content in one language."""

    topics: list[str]
    series: list[str]


def plan_jobs(
    subjects: dict[str, Subjects],
    brands: dict[str, BrandDefaults],
    selection: Selection,
) -> list[Job]:
    """Every job the selection asks for, in a stable order.

    ``subjects`` maps each language to what exists in it; ``brands`` maps each brand to what
    it builds by default (card size, paper, languages).
    """
    return [
        Job(
            kind,
            subject,
            brand,
            lang,
            edition,
            PAPERS[paper],
            CARD_SIZES[selection.card_size or defaults.card],
            selection.colour if edition == "print" else "rgb",
            selection.card_file if edition == "print" and kind.page_format == "card" else "sheets",
        )
        for brand, defaults in brands.items()
        if not selection.brands or brand in selection.brands
        for paper in selection.papers or (defaults.paper,)
        for lang, found in subjects.items()
        if lang in (selection.langs or defaults.langs or subjects)
        for kind in DOCUMENT_KINDS.values()
        if not selection.docs or kind.name in selection.docs
        for subject in (found.topics if kind.subject == "topic" else found.series)
        if not selection.topics or subject in selection.topics
        for edition in selection.editions or EDITIONS
    ]
