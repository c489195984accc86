"""Keep the print edition PDF/X-4 through page work done after WeasyPrint wrote it.

Takes in: the PDF/X-4 WeasyPrint wrote and the PDF that page work (pypdf, ReportLab
overlays) made from it, which has lost the catalog's output intent and XMP metadata and
declares pypdf's own PDF version.
Gives out: the finished PDF with the source's ``/OutputIntents``, XMP metadata (where
``pdfxid:GTS_PDFXVersion`` says PDF/X-4; its document ID, which WeasyPrint draws at
random, made from the pages, so a rebuild is byte-identical) and document information
(``/Trapped /False``, ``/GTS_PDFXVersion``), PDF 1.6 or later, and no annotations: links
do nothing on paper,
and PDF/X allows no annotation inside the bleed. Under a CMYK output intent, neutral
greys (body text, rules) become DeviceGray, which prints on the black plate alone instead of
as a four-colour "rich" grey that small type cannot register; other DeviceRGB content (RGB
artwork) is declared sRGB with ``/DefaultRGB``, as PDF/X-4 asks for RGB colour that is not
the output intent's own.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from toolkit.assets.colour_profiles import SRGB_PROFILE

PDFX_VERSION = "PDF/X-4"
MIN_VERSION = "1.6"


def keep_pdfx(source: bytes, finished: bytes) -> bytes:
    """``finished`` with ``source``'s PDF/X-4 identity restored (see the module docstring)."""
    with pikepdf.open(io.BytesIO(source)) as original, pikepdf.open(io.BytesIO(finished)) as pdf:
        for key in ("/OutputIntents", "/Metadata"):
            if key in original.Root:
                pdf.Root[key] = _copy(pdf, original.Root[key])
        _copy_info(original, pdf)
        _stable_document_id(pdf)
        for page in pdf.pages:
            if "/Annots" in page.obj:
                del page.obj["/Annots"]
        if _output_intent_channels(pdf) == 4:
            _neutral_rgb_as_grey(pdf)
            _map_rgb_through_srgb(pdf)
        out = io.BytesIO()
        pdf.save(out, min_version=MIN_VERSION, deterministic_id=True, compress_streams=True)
        return out.getvalue()


RANDOM_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def _stable_document_id(pdf: pikepdf.Pdf) -> None:
    """The XMP ``xmpMM:DocumentID`` as a digest of the pages, not WeasyPrint's random UUID."""
    if "/Metadata" not in pdf.Root:
        return
    digest = hashlib.sha256()
    for page in pdf.pages:
        for stream in page.obj.Contents.wrap_in_array():
            digest.update(stream.read_bytes())
    xmp = pdf.Root.Metadata.read_bytes()
    stable = f"xmp.did:{uuid.UUID(bytes=digest.digest()[:16])}".encode()
    pdf.Root.Metadata.write(RANDOM_ID.sub(stable, xmp))
    if "/ID" in pdf.trailer:  # WeasyPrint's was a digest of the file with the random ID in it
        del pdf.trailer["/ID"]


def _copy_info(original: pikepdf.Pdf, pdf: pikepdf.Pdf) -> None:
    info: pikepdf.Object = Dictionary()
    if "/Info" in original.trailer:
        info = _copy(pdf, original.trailer.Info)
    info[Name.Trapped] = Name("/False")
    info[Name.GTS_PDFXVersion] = String(PDFX_VERSION)
    pdf.trailer.Info = pdf.make_indirect(info)


def _copy(pdf: pikepdf.Pdf, item: pikepdf.Object) -> pikepdf.Object:
    """``item`` from another PDF into ``pdf`` (qpdf copies only indirect objects itself)."""
    if item.is_indirect:
        return pdf.copy_foreign(item)
    if isinstance(item, Array):
        return Array([_copy(pdf, element) for element in item])
    if isinstance(item, Dictionary):
        return Dictionary({key: _copy(pdf, value) for key, value in item.items()})
    return item


def _output_intent_channels(pdf: pikepdf.Pdf) -> int:
    """3 for an RGB output intent, 4 for CMYK, 0 without one."""
    intents = pdf.Root.get("/OutputIntents")
    if not intents:
        return 0
    profile = intents[0].get("/DestOutputProfile")
    return int(profile.get("/N", 0)) if profile is not None else 0


def _map_rgb_through_srgb(pdf: pikepdf.Pdf) -> None:
    """``/DefaultRGB`` = sRGB in every resource dictionary (pages and their forms)."""
    profile = pikepdf.Stream(pdf, SRGB_PROFILE.read_bytes())
    profile[Name.N] = 3
    default_rgb = pdf.make_indirect(Array([Name.ICCBased, profile]))
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        _add_default_rgb(page.obj.get("/Resources"), default_rgb, seen)


def _add_default_rgb(resources: object, default_rgb: Array, seen: set[tuple[int, int]]) -> None:
    if not isinstance(resources, Dictionary):
        return
    if resources.is_indirect:
        if resources.objgen in seen:
            return
        seen.add(resources.objgen)
    spaces = resources.get("/ColorSpace")
    if not isinstance(spaces, Dictionary):
        spaces = resources[Name.ColorSpace] = Dictionary()
    spaces[Name.DefaultRGB] = default_rgb
    for xobject in (resources.get("/XObject") or Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form:
            _add_default_rgb(xobject.get("/Resources"), default_rgb, seen)


GREY_OPERATORS = {"rg": "g", "RG": "G"}


def _neutral_rgb_as_grey(pdf: pikepdf.Pdf) -> None:
    """``r r r rg`` becomes ``r g`` (and ``RG``, ``G``) in every page's and form's content."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        page.contents_coalesce()
        _rewrite_greys(page.obj.Contents)
        _rewrite_forms(page.obj.get("/Resources"), seen)


def _rewrite_forms(resources: object, seen: set[tuple[int, int]]) -> None:
    if not isinstance(resources, Dictionary):
        return
    for xobject in (resources.get("/XObject") or Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            _rewrite_greys(xobject)
            _rewrite_forms(xobject.get("/Resources"), seen)


def _rewrite_greys(stream: pikepdf.Object) -> None:
    instructions = []
    changed = False
    for instruction in pikepdf.parse_content_stream(stream):
        operator = str(getattr(instruction, "operator", ""))
        values = list(getattr(instruction, "operands", []))
        if operator in GREY_OPERATORS and len(set(map(float, values))) == 1:
            instruction = pikepdf.ContentStreamInstruction(
                values[:1], pikepdf.Operator(GREY_OPERATORS[operator])
            )
            changed = True
        instructions.append(instruction)
    if changed:
        stream.write(pikepdf.unparse_content_stream(instructions))
