"""Page headers and footers as pagination artifacts, so every mark on a page is accounted for.

Takes in: a tagged PDF from WeasyPrint, as bytes.
Gives out: the same PDF in which every marked-content sequence whose MCID no structure
element claims is marked ``/Artifact`` (``/Type /Pagination``) instead, and the annotations
of links in those footers are gone.

PDF/UA-1 asks that all content be either in the tag tree or an artifact. WeasyPrint 70 tags
the text of page margin boxes (the running footer, "Page 1 of 2") but leaves those tags out
of the tree, since linking them is only allowed in PDF 2.0. Screen readers skip pagination
artifacts, which is what a footer repeated on every page should be. A link in an artifact
cannot be reached from the tag tree (PDF/UA-1 7.18.1), so a footer's links lose their
annotations: the brand's contact is also in each document's tagged body, as a link.
"""

from __future__ import annotations

import io
import re

import pikepdf


def footers_as_artifacts(pdf: bytes) -> bytes:
    """Mark unclaimed marked content as pagination artifacts; unchanged if there is none."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if "/StructTreeRoot" not in document.Root:
            return pdf
        root = document.Root.StructTreeRoot
        parents = pikepdf.NumberTree(root.ParentTree)
        in_tree = _reachable(root.K, set())
        changed = [_mark_page(document, page, parents, in_tree) for page in document.pages]
        changed += [_drop_orphan_annotations(page, parents, in_tree) for page in document.pages]
        if not any(changed):
            return pdf
        out = io.BytesIO()
        document.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
            deterministic_id=True,
        )
        return out.getvalue()


def _reachable(node: object, found: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every structure element the tree's root leads to, by object number."""
    if isinstance(node, pikepdf.Array):
        for item in node:
            _reachable(item, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in found:
        found.add(node.objgen)
        _reachable(node.get("/K"), found)
    return found


MARKED = re.compile(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
"""The start of a tagged marked-content sequence: ``/Span <</MCID 69>> BDC``. WeasyPrint
writes text as hex glyph strings, so the pattern cannot occur inside text."""
PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


def _mark_page(
    document: pikepdf.Pdf,
    page: pikepdf.Page,
    parents: pikepdf.NumberTree,
    in_tree: set[tuple[int, int]],
) -> bool:
    page.contents_coalesce()
    stream = page.obj.Contents
    content = stream.read_bytes()
    claimed = _claimed(page, parents, in_tree)

    def mark(match: re.Match[bytes]) -> bytes:
        return match[0] if int(match[1]) in claimed else PAGINATION

    marked = MARKED.sub(mark, content)
    if marked == content:
        return False
    stream.write(marked)
    return True


def _claimed(
    page: pikepdf.Page, parents: pikepdf.NumberTree, in_tree: set[tuple[int, int]]
) -> set[int]:
    """The MCIDs on ``page`` whose structure element is part of the tag tree."""
    index = page.obj.get("/StructParents")
    if index is None or int(index) not in parents:
        return set()
    return {
        mcid
        for mcid, element in enumerate(parents[int(index)])
        if isinstance(element, pikepdf.Dictionary) and element.objgen in in_tree
    }


def _drop_orphan_annotations(
    page: pikepdf.Page, parents: pikepdf.NumberTree, in_tree: set[tuple[int, int]]
) -> bool:
    """Remove the annotations whose structure element is not in the tag tree."""
    annotations = page.obj.get("/Annots")
    if annotations is None:
        return False
    kept = [annotation for annotation in annotations if _in_tree(annotation, parents, in_tree)]
    if len(kept) == len(annotations):
        return False
    if kept:
        page.obj.Annots = pikepdf.Array(kept)
    else:
        del page.obj["/Annots"]
    return True


def _in_tree(
    annotation: pikepdf.Object, parents: pikepdf.NumberTree, in_tree: set[tuple[int, int]]
) -> bool:
    index = annotation.get("/StructParent")
    if index is None:
        return True  # not tagged at all: not ours to judge here (the audit reports it)
    element = parents.get(int(index)) if int(index) in parents else None
    return isinstance(element, pikepdf.Dictionary) and element.objgen in in_tree
