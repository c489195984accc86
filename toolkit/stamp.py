"""Stamp a recipient's name and contact into the reserved area of a finished PDF.

Takes in: a rendered PDF, the reserved ``Area`` found in its layout (page, rectangle, style,
brand colour) and a ``Recipient``.
Gives out: ``layout_block``, the lines of the recipient block (text, bold, colour, size and
position), which both personalization methods draw, so a stamped copy and a re-rendered one
look the same; and ``stamp``, the PDF with those lines drawn by a ReportLab overlay (the
bundled Lato, embedded) merged on top with pypdf. Links, fonts and tags of the rendered PDF
are kept; in a tagged PDF the stamped text is itself tagged (a marked-content sequence with
its own MCID, a ``P`` structure element after the page's other content, and the page's
ParentTree entry), so the digital edition stays PDF/UA.

The lines are set without kerning or ligatures, and the template sets them the same way, so
that WeasyPrint and ReportLab place every glyph at the same advance.
"""

from __future__ import annotations

import functools
import io
import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
)
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from toolkit.colours import BODY_TEXT
from toolkit.fonts import font_folder
from toolkit.recipients import Recipient
from toolkit.render import short_url

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
"""ReportLab names of the faces stamps use: not "Lato", which ``toolkit.fonts`` registers
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
    with FontFile(str(path)) as font:
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


def stamp(base: bytes, reader: PdfReader, area: Area, block: Block) -> bytes:
    """A copy of ``base`` (read by ``reader``) with ``block`` drawn in ``area``, tagged when
    ``base`` is.

    The copy is ``base`` byte for byte plus an incremental update holding only what
    changes: the overlay as a form XObject with its fonts, the page (its content now ends
    by drawing the form) and, in a tagged PDF, the structure objects. Rewriting the whole
    file (pypdf's ``merge_page`` and ``PdfWriter``) would lose WeasyPrint's compressed object
    streams, making each copy about three times bigger, and takes 5-10 times longer.
    ``reader`` is only read, so one reader serves every copy.
    """
    update = Update(reader)
    page_ref = reader.pages[area.page].indirect_reference
    assert page_ref is not None
    page = _copy(reader.pages[area.page])
    box = ArrayObject(reader.pages[area.page].mediabox)
    drawn = PdfReader(io.BytesIO(overlay(block, area, (float(box[2]), float(box[3])))))
    form = update.add(_form_xobject(update, drawn.pages[0], box))
    tagged = "/StructParents" in page and "/StructTreeRoot" in reader.root_object
    mcid = _tag(update, reader, area.page, page_ref) if tagged else None
    _add_form(update, page, form)
    _draw_after_content(update, page, mcid)
    update.replace(page_ref, page)
    return base + update.serialize(base)


class Update:
    """An incremental update of a PDF: objects added or replaced, appended after the file."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self.next_number = int(reader.trailer["/Size"])  # type: ignore[call-overload]
        self.objects: dict[int, PdfObject] = {}

    def add(self, obj: PdfObject) -> IndirectObject:
        reference = IndirectObject(self.next_number, 0, self.reader)
        self.next_number += 1
        self.objects[reference.idnum] = obj
        return reference

    def replace(self, reference: IndirectObject, obj: PdfObject) -> None:
        self.objects[reference.idnum] = obj

    def serialize(self, base: bytes) -> bytes:
        """The objects, then a cross-reference stream (with its own entry) and trailer."""
        out = io.BytesIO()
        out.write(b"" if base.endswith(b"\n") else b"\n")
        start = len(base) + out.tell()
        offsets: dict[int, int] = {}
        for number, obj in sorted(self.objects.items()):
            offsets[number] = start + out.tell()
            out.write(b"%d 0 obj\n" % number)
            obj.write_to_stream(out)
            out.write(b"\nendobj\n")
        xref_number = self.next_number
        offsets[xref_number] = start + out.tell()
        out.write(b"%d 0 obj\n" % xref_number)
        self._xref_stream(offsets, base).write_to_stream(out)
        out.write(b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number])
        return out.getvalue()

    def _xref_stream(self, offsets: dict[int, int], base: bytes) -> StreamObject:
        numbers = sorted(offsets)
        trailer = self.reader.trailer
        entries: dict[str, Any] = {
            "/Type": NameObject("/XRef"),
            "/Size": NumberObject(numbers[-1] + 1),
            "/Index": ArrayObject(NumberObject(n) for number in numbers for n in (number, 1)),
            "/W": ArrayObject(NumberObject(n) for n in (1, 4, 1)),
            "/Prev": NumberObject(previous_xref(base)),
        }
        for key in ("/Root", "/Info", "/ID"):
            if key in trailer:
                entries[key] = trailer.raw_get(key)
        data = b"".join(struct.pack(">BIB", 1, offsets[n], 0) for n in numbers)
        return _stream_object(entries, data)


def previous_xref(base: bytes) -> int:
    """Where the file's last cross-reference section starts (its ``startxref``)."""
    tail = base[-1024:]
    return int(tail[tail.rindex(b"startxref") + 9 :].split()[0])


def _copy(obj: DictionaryObject) -> DictionaryObject:
    """A shallow copy that keeps references as references (the reader's objects are shared
    by every copy and must not change)."""
    return DictionaryObject({key: obj.raw_get(key) for key in obj})


def _import(update: Update, obj: PdfObject, seen: dict[int, IndirectObject]) -> PdfObject:
    """``obj`` from the overlay PDF, with every object it refers to added to ``update``."""
    if isinstance(obj, IndirectObject):
        if obj.idnum not in seen:
            seen[obj.idnum] = update.add(NullObject())
            target = obj.get_object()
            update.replace(seen[obj.idnum], _import(update, target or NullObject(), seen))
        return seen[obj.idnum]
    if isinstance(obj, StreamObject):
        entries = {k: _import(update, obj.raw_get(k), seen) for k in obj if k != "/Length"}
        return _stream_object(entries, obj._data)
    if isinstance(obj, DictionaryObject):
        return DictionaryObject({k: _import(update, obj.raw_get(k), seen) for k in obj})
    if isinstance(obj, ArrayObject):
        return ArrayObject(_import(update, item, seen) for item in obj)
    return obj


def _form_xobject(update: Update, layer: PageObject, box: ArrayObject) -> StreamObject:
    """The overlay page as a form XObject, with its own (embedded) fonts."""
    content = layer.raw_get("/Contents").get_object()
    assert isinstance(content, StreamObject)
    entries = {k: content.raw_get(k) for k in content if k != "/Length"}
    form = {
        "/Type": NameObject("/XObject"),
        "/Subtype": NameObject("/Form"),
        "/BBox": ArrayObject(box),
        "/Resources": _import(update, _resources(layer), {}),
    }
    return _stream_object({**entries, **form}, content._data)


def _resources(layer: PageObject) -> PdfObject:
    resources = layer.raw_get("/Resources")
    return resources if resources is not None else DictionaryObject()


def _stream_object(entries: dict[str, Any], data: bytes) -> StreamObject:
    """A stream with these entries and this (already encoded, when filtered) data."""
    named: dict[str, Any] = {NameObject(key): value for key, value in entries.items()}
    return StreamObject.initialize_from_dictionary({**named, "__streamdata__": data})


FORM_NAME = NameObject("/RecipientBlock")


def _add_form(update: Update, page: DictionaryObject, form: IndirectObject) -> None:
    """List the form in the page's resources (a copy: other pages may share them)."""
    held = _raw(page, "/Resources")
    resources = _copy(_dictionary(held) or DictionaryObject())
    xobjects = _copy(_dictionary(_raw(resources, "/XObject")) or DictionaryObject())
    xobjects[FORM_NAME] = form
    resources[NameObject("/XObject")] = xobjects
    if isinstance(held, IndirectObject):
        page[NameObject("/Resources")] = update.add(resources)
    else:
        page[NameObject("/Resources")] = resources


def _draw_after_content(update: Update, page: DictionaryObject, mcid: int | None) -> None:
    """``q <page content> Q <form>``: the form is drawn in the page's own coordinates, and,
    in a tagged PDF, as one marked-content sequence (a paragraph) with ``mcid``."""
    draw = b"%s Do" % FORM_NAME.encode()
    if mcid is not None:
        draw = b"/P <</MCID %d>> BDC %s EMC" % (mcid, draw)
    contents = _raw(page, "/Contents")
    resolved = contents.get_object() if isinstance(contents, IndirectObject) else contents
    kept = list(resolved) if isinstance(resolved, ArrayObject) else [contents] if contents else []
    before, after = (_stream(update, data) for data in (b"q\n", b"\nQ\n" + draw + b"\n"))
    page[NameObject("/Contents")] = ArrayObject([before, *kept, after])


def _stream(update: Update, data: bytes) -> IndirectObject:
    return update.add(_stream_object({}, data))


def _raw(dictionary: DictionaryObject, key: str) -> PdfObject | None:
    """The value as stored (a reference stays a reference), or ``None``."""
    return dictionary.raw_get(key) if key in dictionary else None


def _dictionary(value: object) -> DictionaryObject | None:
    resolved = value.get_object() if isinstance(value, IndirectObject) else value
    return resolved if isinstance(resolved, DictionaryObject) else None


def _tag(update: Update, reader: PdfReader, page_index: int, page_ref: IndirectObject) -> int:
    """Add a ``P`` element for the stamped text after the page's other content; return the
    MCID the page's ParentTree entry gives it."""
    tree = _dictionary(_raw(reader.root_object, "/StructTreeRoot"))
    assert tree is not None
    kids = tree.raw_get("/K")
    document_ref = kids[0] if isinstance(kids, ArrayObject) else kids
    document = _copy(_dictionary(document_ref) or DictionaryObject())
    paragraph = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/P"),
            NameObject("/P"): document_ref,
            NameObject("/Pg"): page_ref,
        }
    )
    element = update.add(paragraph)
    mcid = _add_to_parent_tree(update, tree, reader.pages[page_index]["/StructParents"], element)
    paragraph[NameObject("/K")] = NumberObject(mcid)
    order = _document_kids(document)
    order.insert(_reading_position(reader, order, page_index), element)
    document[NameObject("/K")] = order
    update.replace(document_ref, document)
    return mcid


def _document_kids(document: DictionaryObject) -> ArrayObject:
    kids = document.raw_get("/K") if "/K" in document else ArrayObject()
    kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
    return ArrayObject(kids) if isinstance(kids, ArrayObject) else ArrayObject([kids])


def _add_to_parent_tree(
    update: Update, tree: DictionaryObject, key: object, element: IndirectObject
) -> int:
    """Append ``element`` to the page's ParentTree array; its index is the new MCID."""
    held = tree.raw_get("/ParentTree")
    parent_tree = _copy(_dictionary(held) or DictionaryObject())
    nums = ArrayObject(parent_tree.raw_get("/Nums").get_object())
    index = next(i for i in range(0, len(nums), 2) if nums[i] == key)
    entry = nums[index + 1]
    parents = ArrayObject(entry.get_object())
    mcid = len(parents)
    parents.append(element)
    if isinstance(entry, IndirectObject):
        update.replace(entry, parents)
    else:
        nums[index + 1] = parents
    parent_tree[NameObject("/Nums")] = nums
    assert isinstance(held, IndirectObject)
    update.replace(held, parent_tree)
    return mcid


def _reading_position(reader: PdfReader, kids: ArrayObject, page_index: int) -> int:
    """Index of the first top-level element on a later page (the end if there is none)."""
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}  # type: ignore[union-attr]
    for index, kid in enumerate(kids):
        element = _dictionary(kid)
        page = element.raw_get("/Pg") if element is not None and "/Pg" in element else None
        if isinstance(page, IndirectObject) and numbers.get(page.idnum, 0) > page_index:
            return index
    return len(kids)
