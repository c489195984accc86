"""Read facts back from built PDFs: text, links, fonts, metadata (shared by the tests)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pypdf import PdfReader


def text_of(path: Path) -> str:
    """All text of the PDF, whitespace collapsed so line breaks do not split phrases."""
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def link_uris(path: Path) -> set[str]:
    """URIs of every link annotation in the PDF."""
    uris = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    uris.add(str(action.URI))
    return uris


def fonts(path: Path) -> dict[str, bool]:
    """Base font name -> whether the font program is embedded."""
    found: dict[str, bool] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                descriptor = obj.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in obj:
                    descriptor = obj.DescendantFonts[0].get("/FontDescriptor")
                if descriptor is None:
                    continue
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[str(obj.BaseFont)] = embedded
    return found


def page_sizes(path: Path) -> set[tuple[float, float]]:
    return {
        (round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
        for p in PdfReader(path).pages
    }


def structure_elements(node: object) -> list[pikepdf.Dictionary]:
    """Tagged-PDF structure elements under ``node``, in document (reading) order."""
    if isinstance(node, pikepdf.Array):
        return [element for item in node for element in structure_elements(item)]
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        kids = node.get("/K")
        return [node, *(structure_elements(kids) if kids is not None else [])]
    return []
