"""Audit any tagged PDF for the machine-checkable part of PDF/UA-1 and WCAG 2.1, page by page.

Takes in: the path of a PDF (one of ours, or one an organizer got from elsewhere).
Gives out: ``Finding`` records, each with its page and the PDF object it is about, sorted by
page; an empty list means the file passed every check below. A file that is not a readable
PDF raises ``AuditError``.

The checks (docs/accessibility.md says what they cannot see):

- every painting operator on a page sits inside marked content that the structure tree
  claims (an MCID) or inside an ``/Artifact`` (ISO 14289-1 7.1);
- every annotation is reached from the StructTreeRoot through an ``OBJR``; a link
  annotation hangs under a ``/Link`` element, has ``/Contents`` and is the only one for its
  link (7.18.1, 7.18.5);
- headings are not empty and never skip a level (7.4.2);
- figures have ``/Alt`` or ``/ActualText`` (7.3);
- ``TOC``/``TOCI`` and ``L``/``LI``/``Lbl``/``LBody`` nest as ISO 32000-1 14.8.4 says;
- text whose words are plainly in another language than the one it is tagged with carries
  its own ``/Lang`` (7.2, WCAG 3.1.2): English and Spanish, told apart by their common
  words (``languages``), the languages the toolkit writes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from toolkit.checks.languages import guess_language
from toolkit.errors import Problem, ToolkitError


class AuditError(ToolkitError):
    """A file given to the audit that is not a readable PDF."""


@dataclass(frozen=True, order=True)
class Finding:
    """One failed check: ``page 2: annotation 57 0 R: …``; page 0 is the whole document."""

    page: int
    where: str
    message: str
    check: str = field(default="", compare=False)
    """Which check found it: one of ``CHECKS``."""

    def __str__(self) -> str:
        page = f"page {self.page}" if self.page else "document"
        return f"{page}: {self.where}: {self.message}"


CHECKS = ("content", "annotations", "headings", "figures", "nesting", "language")
"""The checks, in the order they run (``Finding.check``)."""
PAINTING = {"f", "f*", "F", "B", "B*", "b", "b*", "S", "s", "Tj", "TJ", "'", '"', "Do", "sh", "BI"}
HEADING = re.compile(r"/H([1-6])$")
TEXT_ROLES = {"/P", "/Span", "/Link", "/LBody", "/Lbl", "/Reference", "/NonStruct", "/Quote"}
"""Elements whose text the language check reads (besides headings)."""
NESTING = {
    "/TOCI": ({"/TOC"}, None),
    "/TOC": ({"/TOC", "/TOCI", "/Document", "/Sect", "/Div", "/Part", "/Art", "/NonStruct"}, None),
    "/LI": ({"/L"}, {"/Lbl", "/LBody"}),
    "/Lbl": ({"/LI", "/TOCI"}, None),
    "/LBody": ({"/LI"}, None),
}
"""Role: (the parents it may have, the only children it may have or ``None`` for any)."""
LIST_KIDS = {"/L": {"/LI", "/L", "/Caption"}, "/TOC": {"/TOC", "/TOCI", "/Caption"}}


@dataclass
class Element:
    """A structure element as the audit needs it."""

    obj: pikepdf.Dictionary
    role: str
    page: int
    lang: str
    parent: Element | None
    kids: list[Element] = field(default_factory=list)
    mcids: list[tuple[int, int]] = field(default_factory=list)
    """(page, MCID) of the content it marks directly, in order."""
    annotations: list[tuple[int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.role} {self.obj.objgen[0]} 0 R"


def audit_pdf(path: Path) -> list[Finding]:
    """Every finding for the PDF at ``path``, in page order."""
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as error:
        raise AuditError([Problem(str(path), f"not a readable PDF ({error})")]) from None
    with pdf:
        findings = list(_audit(pdf, path))
    return sorted(set(findings))


def audit_files(paths: list[Path]) -> tuple[list[str], int, list[Problem]]:
    """Audit each file: the lines to print (``file: page 2: object: message`` for each
    finding, then a summary), how many files had findings, and the files that could not be
    read, so that one bad file does not hide the others' findings."""
    lines: list[str] = []
    unreadable: list[Problem] = []
    failed = 0
    for path in paths:
        try:
            findings = audit_pdf(path)
        except AuditError as error:
            unreadable += error.problems
            continue
        failed += bool(findings)
        lines += [f"{path}: {finding}" for finding in findings]
    if checked := len(paths) - len(unreadable):
        verdict = f"{failed} with findings" if failed else "no findings"
        lines.append(f"Checked {checked} PDF{'s' if checked != 1 else ''}: {verdict}.")
    return lines, failed, unreadable


def tagged_text(path: Path) -> str:
    """The text a screen reader gets: everything in the structure tree, in its order, and
    nothing marked as an artifact (running footers, page numbers, leaders)."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        tops = _walk(pdf.Root.StructTreeRoot.K, None, 0, "", pages, {}, set())
        text = _text_by_mcid(path)
        return " ".join(" ".join(_text_of(e, text, all_languages=True) for e in tops).split())


def _audit(pdf: pikepdf.Pdf, path: Path) -> Iterator[Finding]:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/K" not in root:
        yield Finding(0, "catalog", "no structure tree: the PDF is not tagged")
        return
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    doc_lang = str(pdf.Root.get("/Lang", "")).strip()
    if not doc_lang:
        yield Finding(0, "catalog", "no /Lang: the document's language is not set")
    role_map = {str(k): str(v) for k, v in root.get("/RoleMap", {}).items()}
    elements = _walk(root.K, None, 0, doc_lang.lower(), pages, role_map, set())
    flat = [e for top in elements for e in _descendants(top)]
    text = _text_by_mcid(path)
    checks = zip(
        CHECKS,
        (
            _check_content(pdf, flat),
            _check_annotations(pdf, flat),
            _check_headings(flat, text),
            _check_figures(flat),
            _check_nesting(flat),
            _check_languages(elements, text),
        ),
        strict=True,
    )
    for check, findings in checks:
        yield from (replace(finding, check=check) for finding in findings)


def _walk(
    node: object,
    parent: Element | None,
    page: int,
    lang: str,
    pages: dict[tuple[int, int], int],
    role_map: dict[str, str],
    seen: set[tuple[int, int]],
) -> list[Element]:
    """The structure elements under ``node``, with their page, language and content."""
    if isinstance(node, pikepdf.Array):
        return [e for item in node for e in _walk(item, parent, page, lang, pages, role_map, seen)]
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node or node.objgen in seen:
        return []
    if node.objgen != (0, 0):
        seen.add(node.objgen)
    page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
    role = str(node.S)
    element = Element(
        node,
        role_map.get(role, role),
        page,
        str(node.get("/Lang", lang)).lower(),
        parent,
    )
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        _add_kid(element, kid, pages, role_map, seen)
    return [element]


def _add_kid(
    element: Element,
    kid: object,
    pages: dict[tuple[int, int], int],
    role_map: dict[str, str],
    seen: set[tuple[int, int]],
) -> None:
    if isinstance(kid, int):
        element.mcids.append((element.page, int(kid)))
    elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
        page = pages.get(kid.Pg.objgen, element.page) if "/Pg" in kid else element.page
        element.mcids.append((page, int(kid.MCID)))
    elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
        element.annotations.append(kid.Obj.objgen)
    else:
        args = (element, element.page, element.lang, pages, role_map, seen)
        element.kids += _walk(kid, *args)


def _descendants(element: Element) -> Iterator[Element]:
    yield element
    for kid in element.kids:
        yield from _descendants(kid)


def _check_content(pdf: pikepdf.Pdf, flat: list[Element]) -> Iterator[Finding]:
    """Painting outside tagged content or artifacts; marked content the tree does not claim."""
    claimed = {mcid for element in flat for mcid in element.mcids}
    for number, page in enumerate(pdf.pages, start=1):
        loose, unclaimed = 0, set()
        stack: list[tuple[bool, int | None]] = []  # (is artifact, MCID) per open sequence
        for instruction in pikepdf.parse_content_stream(page):
            operands, name = instruction.operands, str(instruction.operator)
            if name in {"BDC", "BMC"}:
                properties = operands[1] if name == "BDC" else None
                mcid = None
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    mcid = int(properties.MCID)
                    if (number, mcid) not in claimed:
                        unclaimed.add(mcid)
                stack.append((str(operands[0]) == "/Artifact", mcid))
            elif name == "EMC" and stack:
                stack.pop()
            elif name in PAINTING and not any(
                artifact or (mcid is not None and (number, mcid) in claimed)
                for artifact, mcid in stack
            ):
                loose += 1
        where = f"page {page.obj.objgen[0]} 0 R content"
        if loose:
            yield Finding(
                number, where, f"{loose} painting operator(s) neither tagged nor an artifact"
            )
        if unclaimed:
            listed = ", ".join(str(m) for m in sorted(unclaimed))
            yield Finding(number, where, f"marked content MCID {listed} not in the structure tree")


def _check_annotations(pdf: pikepdf.Pdf, flat: list[Element]) -> Iterator[Finding]:
    """Each annotation reached through an OBJR; links tagged Link, described, not doubled."""
    owners = {annot: element for element in flat for annot in element.annotations}
    for number, page in enumerate(pdf.pages, start=1):
        links: list[tuple[str, tuple[float, ...]]] = []
        for annot in page.obj.get("/Annots", []):
            subtype = str(annot.get("/Subtype", ""))
            if subtype == "/Popup":
                continue
            where = f"{subtype[1:] or 'annotation'} annotation {annot.objgen[0]} 0 R"
            owner = owners.get(annot.objgen)
            if owner is None:
                yield Finding(number, where, "not reached from the structure tree through an OBJR")
            elif subtype == "/Link" and owner.role != "/Link":
                yield Finding(number, where, f"its structure element is {owner.role}, not /Link")
            if subtype == "/Link":
                yield from _check_link(number, where, annot, links)


def _check_link(
    number: int,
    where: str,
    annot: pikepdf.Object,
    links: list[tuple[str, tuple[float, ...]]],
) -> Iterator[Finding]:
    """A link's own checks; ``links`` holds the page's links so far (target, rectangle)."""
    action = annot.get("/A")
    destination = str(annot.get("/Dest", ""))
    target = str(action.get("/URI", "")) if isinstance(action, pikepdf.Dictionary) else ""
    target = target or destination
    contents = str(annot.get("/Contents", "")).strip()
    if not contents:
        yield Finding(number, where, "no /Contents describing the link")
    elif destination and contents.lstrip("#") == destination.lstrip("#"):
        yield Finding(number, where, f"/Contents is the anchor “{contents}”, not a description")
    rect = _rectangle(annot)
    if any(other == target and _overlap(rect, box) for other, box in links):
        yield Finding(number, where, f"a second annotation for one link to {target}")
    links.append((target, rect))


def _rectangle(annot: pikepdf.Object) -> tuple[float, ...]:
    x1, y1, x2, y2 = (float(v) for v in annot.get("/Rect", [0, 0, 0, 0]))
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two rectangles share more than a hairline (adjacent lines touch)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width > 1 and height > 1


def _check_headings(flat: list[Element], text: dict[tuple[int, int], str]) -> Iterator[Finding]:
    """Headings in reading order: not empty, the first an H1, none more than one level deeper."""
    previous = 0
    for element in flat:
        match = HEADING.match(element.role)
        if not match:
            continue
        level = int(match[1])
        if not _text_of(element, text, all_languages=True).strip():
            yield Finding(element.page, element.name, "empty heading")
        if level > previous + 1:
            yield Finding(
                element.page, element.name, f"heading skips a level: H{level} after H{previous}"
            )
        previous = level


def _check_figures(flat: list[Element]) -> Iterator[Finding]:
    for element in flat:
        if element.role != "/Figure":
            continue
        alternative = element.obj.get("/Alt", element.obj.get("/ActualText", ""))
        if not str(alternative).strip():
            yield Finding(element.page, element.name, "figure without /Alt or /ActualText")


def _check_nesting(flat: list[Element]) -> Iterator[Finding]:
    """List and table-of-contents elements in the places ISO 32000-1 allows."""
    for element in flat:
        parent_role = element.parent.role if element.parent else "StructTreeRoot"
        parents, children = NESTING.get(element.role, (None, None))
        if parents is not None and parent_role not in parents:
            yield Finding(element.page, element.name, f"{element.role} inside {parent_role}")
        allowed = children or LIST_KIDS.get(element.role)
        if allowed is None:
            continue
        for kid in element.kids:
            if kid.role not in allowed:
                yield Finding(kid.page, kid.name, f"{kid.role} directly inside {element.role}")
        if element.mcids and element.role in {"/L", "/TOC", "/LI"}:
            yield Finding(element.page, element.name, f"text directly inside {element.role}")


def _check_languages(
    elements: list[Element], text: dict[tuple[int, int], str]
) -> Iterator[Finding]:
    """Text plainly in another language than the one it inherits, without its own /Lang:
    reported at the outermost element that is, not again for each of its parts."""
    for element in elements:
        if element.role in TEXT_ROLES or HEADING.match(element.role):
            own = _text_of(element, text, all_languages=False)
            guessed = guess_language(own)
            tagged = element.lang.split("-")[0]
            if guessed and tagged and guessed != tagged:
                shown = " ".join(own.split())[:60]
                yield Finding(
                    element.page, element.name, f"text in {guessed} tagged {tagged}: “{shown}”"
                )
                continue
        yield from _check_languages(element.kids, text)


def _text_of(element: Element, text: dict[tuple[int, int], str], *, all_languages: bool) -> str:
    """The element's text; without ``all_languages``, leaving out parts that set their own
    ``/Lang`` (they are checked on their own)."""
    parts = [text.get(mcid, "") for mcid in element.mcids]
    for kid in element.kids:
        if all_languages or "/Lang" not in kid.obj:
            parts.append(_text_of(kid, text, all_languages=all_languages))
    return " ".join(parts)


def _text_by_mcid(path: Path) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence, by (page, MCID)."""
    found: dict[tuple[int, int], str] = {}
    for number, page in enumerate(PdfReader(path).pages, start=1):
        reader = _MarkedText()
        page.extract_text(visitor_operand_before=reader.operator, visitor_text=reader.text)
        found.update({(number, mcid): "".join(parts) for mcid, parts in reader.found.items()})
    return found


class _MarkedText:
    """Follows one page's marked content while pypdf extracts its text."""

    def __init__(self) -> None:
        self.stack: list[int | None] = []
        self.found: defaultdict[int, list[str]] = defaultdict(list)

    def operator(self, op: bytes, args: list[object], *_: object) -> None:
        if op in (b"BDC", b"BMC"):
            properties = args[1] if op == b"BDC" and len(args) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, dict) else None
            self.stack.append(int(mcid) if isinstance(mcid, int) else None)
        elif op == b"EMC" and self.stack:
            self.stack.pop()

    def text(self, content: str, *_: object) -> None:
        mcid = next((m for m in reversed(self.stack) if m is not None), None)
        if mcid is not None and content:
            self.found[mcid].append(content)
