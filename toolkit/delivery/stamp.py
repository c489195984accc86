"""Stamp a recipient block onto a finished PDF, keeping its links, fonts and tags.

Takes in: a rendered PDF (its bytes and a ``PdfReader`` of them), the reserved ``Area`` and
the laid-out ``Block``.
Gives out: the PDF with the block drawn on top (``block.overlay``, as a form XObject) in an
incremental update. In a tagged PDF the stamped text is itself tagged (a marked-content
sequence with its own MCID, a ``P`` structure element after the page's other content, and
the page's ParentTree entry), so the digital edition stays PDF/UA.
"""

from __future__ import annotations

import io
import struct
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

from toolkit.delivery.block import Area, Block, overlay


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
