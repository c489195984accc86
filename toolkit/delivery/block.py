"""The recipient block: a recipient's name and contact, laid out for a reserved area.

Takes in: the reserved ``Area`` found in a document's layout (page, rectangle, style, brand
colour) and a ``Recipient``.
Gives out: ``layout_block``, the lines of the recipient block (text, bold, colour, size and
position), which both personalization methods draw, so a stamped copy and a re-rendered one
look the same; ``fit_problem`` when a recipient's lines cannot fit; and ``overlay``, a
one-page PDF with those lines drawn by ReportLab in the bundled Lato (embedded), which
``stamp`` puts on the finished document.

The lines are set without kerning or ligatures, and the template sets them the same way, so
that WeasyPrint and ReportLab place every glyph at the same advance.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from toolkit.assets.fonts import font_folder
from toolkit.content.colours import BODY_TEXT
from toolkit.content.models import short_url
from toolkit.content.recipients import Recipient

SEPARATOR = " · "


@dataclass(frozen=True)
class LineSpec:
    """One line of a recipient block: which fields it joins, its type size and height."""

    fields: tuple[str, ...]
    size: float
    """Type size in points; shrunk (down to ``min_size``) when the text is too wide."""
    min_size: float
    height: float
    """Height of the line's box in points; lines stack from the top of the area."""


STYLES: dict[str, tuple[LineSpec, ...]] = {
    # Two lines beside a "Your local contact" label: the tip sheet's back-page footer.
    "strip": (
        LineSpec(("name", "contact"), 9, 7.5, 11),
        LineSpec(("phone", "email", "website"), 9, 7.5, 11),
    ),
    # A box of its own under a "Your local contact" label: the episode guide's cover.
    "box": (
        LineSpec(("name",), 11.5, 9, 15),
        LineSpec(("contact", "phone"), 10, 8, 13),
        LineSpec(("email", "website"), 10, 8, 13),
    ),
}
"""The block styles a template may ask for with ``data-recipient-area="<style>"``."""


@dataclass(frozen=True)
class Area:
    """Where a document reserves room for the recipient block, in PDF points."""

    page: int
    """Page index, from 0."""
    x: float
    top: float
    """Distance from the top of the page (the trim edge, not the bleed) to the area."""
    width: float
    height: float
    page_height: float
    """Height of the page (without bleed): PDF y = page_height - distance from the top."""
    style: str
    primary: str
    """The brand's primary colour, for the recipient's name."""
    name: str = "contact block"
    """What the messages call the area, e.g. "tip sheet's contact line"."""


@dataclass(frozen=True)
class Run:
    """A stretch of text in one face and colour."""

    text: str
    bold: bool
    colour: str


@dataclass(frozen=True)
class Line:
    """One line of the block; ``top`` is from the top of the area, all in points."""

    runs: tuple[Run, ...]
    size: float
    top: float
    height: float

    @property
    def baseline(self) -> float:
        """From the top of the area to the baseline: half the leading, then the ascent,
        as CSS (and WeasyPrint) place text in a line box."""
        ascent, descent = font_extents()
        return self.top + (self.height - (ascent + descent) * self.size) / 2 + ascent * self.size


@dataclass(frozen=True)
class Block:
    """The recipient block, laid out; empty for the reserved area of a base render."""

    lines: tuple[Line, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join("".join(run.text for run in line.runs) for line in self.lines)


FACES = {False: ("Lato-Stamp", "Lato-Regular.ttf"), True: ("Lato-Stamp-Bold", "Lato-Bold.ttf")}
"""ReportLab names of the faces stamps use: not "Lato", which ``toolkit.assets.fonts`` registers
with its hinting for print marks (ReportLab keeps one font per name, the last registered)."""


@functools.cache
def font_name(bold: bool) -> str:
    """Register the Lato face with ReportLab once; return its name.

    The face is registered without its TrueType hinting (the glyph outlines and widths are
    unchanged): ReportLab embeds a subset of whatever it is given, and Lato's hinting
    instructions would double the bytes every stamped copy carries.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name, file = FACES[bold]
    pdfmetrics.registerFont(TTFont(name, unhinted(font_folder() / file)))
    return name


def unhinted(path: Path) -> io.BytesIO:
    """The font at ``path`` without hinting, layout tables or glyph names, as a file."""
    from fontTools import subset
    from fontTools.ttLib import TTFont as FontFile

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.glyph_names = False
    options.name_IDs = [1, 2, 4, 6]
    options.drop_tables += ["GPOS", "GSUB", "GDEF", "kern", "DSIG", "gasp"]
    # recalcTimestamp=False: saving would stamp the head table with the time of the run,
    # and every copy stamped in another run would differ in its embedded font.
    with FontFile(str(path), recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=font.getBestCmap())
        subsetter.subset(font)
        # A PostScript name of its own: ReportLab keeps one face per name, so the hinted
        # face registered for print marks would otherwise be the one embedded.
        postscript = f"{font['name'].getDebugName(6)}-Stamp"
        for record in font["name"].names:
            if record.nameID == 6:
                record.string = postscript
        data = io.BytesIO()
        font.save(data)
    data.seek(0)
    return data


@functools.cache
def font_extents() -> tuple[float, float]:
    """Lato's ascent and descent per point of type size (its ``hhea`` table, as Pango uses)."""
    from fontTools.ttLib import TTFont as FontFile

    with FontFile(str(font_folder() / FACES[False][1]), lazy=True) as font:
        units = font["head"].unitsPerEm
        return float(font["hhea"].ascent / units), float(-font["hhea"].descent / units)


def runs_for(spec: LineSpec, recipient: Recipient, primary: str) -> tuple[Run, ...]:
    """The line's text: its fields joined by " · ", the recipient's name bold."""
    runs: list[Run] = []
    for field in spec.fields:
        value = getattr(recipient, field)
        if not value:
            continue
        text = short_url(value) if field == "website" else value
        lead = SEPARATOR if runs else ""
        if field == "name":
            runs += [Run(lead, False, BODY_TEXT)] if lead else []
            runs.append(Run(text, True, primary))
        elif runs and not runs[-1].bold:  # one run per stretch of regular text
            runs[-1] = Run(runs[-1].text + lead + text, False, BODY_TEXT)
        else:
            runs.append(Run(lead + text, False, BODY_TEXT))
    return tuple(runs)


def width_of(runs: tuple[Run, ...], size: float) -> float:
    return sum(float(stringWidth(run.text, font_name(run.bold), size)) for run in runs)


def fitted_size(runs: tuple[Run, ...], spec: LineSpec, width: float) -> float | None:
    """The largest size, in quarter points from ``spec.size`` down, at which the runs fit."""
    size = spec.size
    while size >= spec.min_size:
        if width_of(runs, size) <= width:
            return size
        size -= 0.25
    return None


def fit_problem(recipient: Recipient, area: Area) -> str | None:
    """Why the recipient's details do not fit the area (even at the smallest type), if so."""
    for spec in STYLES[area.style]:
        runs = runs_for(spec, recipient, area.primary)
        if runs and fitted_size(runs, spec, area.width) is None:
            width = width_of(runs, spec.min_size)
            per_character = width / sum(len(run.text) for run in runs)
            chars = math.ceil((width - area.width) / per_character)
            fields = " and ".join(f for f in spec.fields if getattr(recipient, f))
            return (
                f"{fields} too long for the {area.name} by about {chars} characters; "
                "shorten or abbreviate"
            )
    return None


def layout_block(recipient: Recipient, area: Area) -> Block:
    """The lines to draw in ``area``; empty lines are left out and the rest move up."""
    lines, top = [], 0.0
    for spec in STYLES[area.style]:
        runs = runs_for(spec, recipient, area.primary)
        if not runs:
            continue
        size = fitted_size(runs, spec, area.width)
        if size is None:
            raise ValueError(fit_problem(recipient, area))
        lines.append(Line(runs, size, top, spec.height))
        top += spec.height
    return Block(tuple(lines))


def style_height(style: str) -> float:
    """The height a style's lines need; a template's area must be at least this tall."""
    return sum(spec.height for spec in STYLES[style])


def overlay(block: Block, area: Area, page_size: tuple[float, float]) -> bytes:
    """A one-page PDF with the block's lines drawn where the area is on the page."""
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=page_size,
        invariant=True,
        pageCompression=1,
        initialFontName=font_name(False),  # not Helvetica, which would not be embedded
    )
    for line in block.lines:
        x, y = area.x, area.page_height - (area.top + line.baseline)
        for run in line.runs:
            canvas.setFont(font_name(run.bold), line.size)
            canvas.setFillColor(HexColor(run.colour))
            canvas.drawString(x, y, run.text)
            x += stringWidth(run.text, font_name(run.bold), line.size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
