"""E-mail size budgets: which files are too big to attach, and what makes them big.

Takes in: a finished PDF or zip (its bytes) and a budget in bytes (5 MB by default, what
most mail servers accept per message).
Gives out: ``None`` when the file is within budget, else a warning naming the file, its size
and its biggest parts: for a PDF its largest images, fonts and page drawings (read back with
pypdf), for a zip its largest files.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

DEFAULT_BUDGET = 5_000_000
"""Bytes per e-mail: 5 MB."""
SHOWN = 3
"""How many of the biggest parts a warning names."""


@dataclass(frozen=True)
class Part:
    """One stream of a PDF, or one file of a zip, and its size in bytes."""

    what: str
    bytes: int


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


def over_budget(name: str, data: bytes, budget: int) -> str | None:
    """A warning when ``data`` is bigger than ``budget``, naming its biggest parts."""
    if len(data) <= budget:
        return None
    parts = zip_parts(data) if name.endswith(".zip") else pdf_parts(data)
    biggest = ", ".join(f"{part.what} {megabytes(part.bytes)}" for part in parts[:SHOWN])
    return (
        f"{name} is {megabytes(len(data))}, over the {megabytes(budget)} e-mail budget; "
        f"biggest parts: {biggest or 'none found'}"
    )


def zip_parts(data: bytes) -> list[Part]:
    """The files in a zip, biggest (compressed) first."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [Part(info.filename, info.compress_size) for info in archive.infolist()]
    return sorted(parts, key=lambda part: part.bytes, reverse=True)


def pdf_parts(data: bytes) -> list[Part]:
    """A PDF's images, embedded fonts and page drawings, biggest first (each counted once)."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[int, Part] = {}
    for number, page in enumerate(reader.pages, start=1):
        for reference in _content_refs(page.get("/Contents")):
            _add(found, reference, f"page {number} drawing")
        if (resources := _dictionary(page.get("/Resources"))) is not None:
            _add_resources(found, resources)
    return sorted(found.values(), key=lambda part: part.bytes, reverse=True)


def _content_refs(contents: object) -> list[IndirectObject]:
    if isinstance(contents, IndirectObject):
        resolved = contents.get_object()
        return [contents] if isinstance(resolved, StreamObject) else _content_refs(resolved)
    return [item for item in contents or [] if isinstance(item, IndirectObject)]  # type: ignore[attr-defined]


def _add_resources(found: dict[int, Part], resources: DictionaryObject) -> None:
    for reference in _values(resources.get("/XObject")):
        if (image := _dictionary(reference)) is None:
            continue
        if image.get("/Subtype") == "/Image":
            _add(found, reference, f"image {image.get('/Width')}x{image.get('/Height')} px")
        elif (inner := _dictionary(image.get("/Resources"))) is not None:  # a form
            _add(found, reference, "drawing")
            _add_resources(found, inner)
    for reference in _values(resources.get("/Font")):
        if (font := _dictionary(reference)) is not None:
            _add_font(found, font)


def _add_font(found: dict[int, Part], font: DictionaryObject) -> None:
    descendants = font.get("/DescendantFonts")
    holder = _dictionary(descendants.get_object()[0]) if descendants is not None else font
    descriptor = _dictionary(holder.get("/FontDescriptor")) if holder is not None else None
    if descriptor is None:
        return
    name = str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1]
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if isinstance(file := descriptor.get(key), IndirectObject):
            _add(found, file, f"font {name}")


def _dictionary(value: object) -> DictionaryObject | None:
    resolved = value.get_object() if isinstance(value, IndirectObject) else value
    return resolved if isinstance(resolved, DictionaryObject) else None


def _values(mapping: object) -> list[IndirectObject]:
    resolved = _dictionary(mapping)
    values = resolved.values() if resolved is not None else []
    return [value for value in values if isinstance(value, IndirectObject)]


def _add(found: dict[int, Part], reference: IndirectObject, what: str) -> None:
    if reference.idnum not in found:
        stream = reference.get_object()
        size = len(getattr(stream, "_data", b"") or b"")
        found[reference.idnum] = Part(what, size)
