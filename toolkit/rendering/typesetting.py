"""Measure how a laid-out document is typeset, page by page, from WeasyPrint's boxes.

Takes in: a laid-out WeasyPrint ``Document`` (``HTML(...).render()``, its final pages), or
an HTML string to lay out (``measure_html``, for small test pages).
Gives out: a ``Typesetting`` record, one ``PageMeasures`` per page, which the build keeps in
the manifest (``as_record``/``from_record``) so tests read it without laying out again:

- **one-word last lines**: the last line of a body paragraph or list item (``p``, ``li``,
  ``dd``) that holds a single word while the block has two lines or more (a block that
  continues on the next page is judged where it ends), with the word and the nearest
  ``data-src`` (the YAML line the text came from). The second half of a web address
  broken at its slash (``netsmartz/videos``) is not counted: an address is read and typed
  whole, not as prose, and a narrow box has no other place to break it;
- **hyphenated lines**: lines that end in the hyphenate character (WeasyPrint appends
  ``hyphenate-character``, U+2010 by default, when it breaks a word automatically or at a
  soft hyphen): how many, the longest run of consecutive ones in one block, and the text of
  any inside a heading (``h1``-``h6``, or an element whose class is ``cover``, starts with
  ``cover-`` or is or ends with ``title``);
- **small text**: text set under ``SMALL_TEXT_PT`` points, with its element and text;
  nothing is excluded (running footers count: they are read too);
- **fill**: how far down the page's content area its content reaches, from 0 to 1. The
  content area is the page box's content box (inside the ``@page`` margins); its content is
  every line with visible text, every image or SVG (QR codes, logos, icons), and every rule
  (a box with a visible top or bottom border, such as a notes line) no taller than half the
  area. Background colour alone is not content: a coloured card with text in its top half
  is half filled. Fill = (bottom of the lowest such box - top of the area) / area height.
  Running headers and footers sit in the margins and do not count; nor do boxes taken out
  of the flow (``position: absolute`` or ``fixed``, such as a card's meta line pinned to its
  foot): they stand where they are put whatever the content, so counting them would call a
  card with one line of text on top and a pinned line at the foot full.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px
SMALL_TEXT_PT = 6.0
"""Below this, print is hard to read for anyone (and legibility guidance for children's
material asks for much more); the issue's floor."""
BODY_BLOCKS = frozenset({"p", "li", "dd"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
RULE_SHARE = 0.5  # a bordered box taller than this share of the page is a frame, not a rule


@dataclass(frozen=True)
class OneWordLine:
    """A paragraph or list item whose last line holds one word."""

    word: str
    tag: str
    source: str | None = None
    """The nearest ``data-src`` (``topics/x.yaml:41 warning_signs[2]``), if any."""


@dataclass(frozen=True)
class SmallText:
    """Text set under ``SMALL_TEXT_PT`` points."""

    size_pt: float
    tag: str
    text: str


@dataclass(frozen=True)
class PageMeasures:
    """What one page's typesetting looks like."""

    number: int
    """1-based page number in the laid-out document."""
    classes: list[str]
    """Class names of the top-level elements on this page (``card-front``, ``episode``),
    so a test can pick the pages it is about."""
    fill: float
    one_word_lines: list[OneWordLine] = field(default_factory=list)
    hyphenated_lines: int = 0
    longest_hyphen_run: int = 0
    """Most consecutive hyphenated lines in one block on this page."""
    heading_hyphens: list[str] = field(default_factory=list)
    """The text of each hyphenated line inside a heading, title or cover."""
    small_text: list[SmallText] = field(default_factory=list)


@dataclass(frozen=True)
class Typesetting:
    """The measures of every page of one document."""

    pages: list[PageMeasures]

    @property
    def one_word_lines(self) -> int:
        return sum(len(page.one_word_lines) for page in self.pages)

    @property
    def hyphenated_lines(self) -> int:
        return sum(page.hyphenated_lines for page in self.pages)

    @property
    def longest_hyphen_run(self) -> int:
        return max((page.longest_hyphen_run for page in self.pages), default=0)

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready dict (for the manifest)."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Typesetting:
        """The inverse of ``as_record``."""
        pages = [
            PageMeasures(
                **{
                    **page,
                    "one_word_lines": [OneWordLine(**w) for w in page["one_word_lines"]],
                    "small_text": [SmallText(**s) for s in page["small_text"]],
                }
            )
            for page in record["pages"]
        ]
        return cls(pages)


def measure_document(document: Any) -> Typesetting:
    """Measure every page of a laid-out WeasyPrint document."""
    pages = [page._page_box for page in document.pages]
    widows = _one_word_last_lines(pages)
    return Typesetting([_measure_page(n, box, widows.get(n, [])) for n, box in enumerate(pages, 1)])


def measure_html(html: str, base_url: str | None = None) -> Typesetting:
    """Lay out ``html`` with WeasyPrint (no URL restrictions: trusted test pages) and
    measure it."""
    import weasyprint

    return measure_document(weasyprint.HTML(string=html, base_url=base_url).render())


def _measure_page(number: int, page_box: Any, widows: list[OneWordLine]) -> PageMeasures:
    hyphens = _hyphenation(page_box)
    return PageMeasures(
        number=number,
        classes=_page_classes(page_box),
        fill=round(fill_ratio(page_box), 3),
        one_word_lines=widows,
        hyphenated_lines=hyphens.count,
        longest_hyphen_run=hyphens.longest_run,
        heading_hyphens=hyphens.in_headings,
        small_text=_small_text(page_box),
    )


# ---------- walking the boxes ----------


@dataclass(frozen=True)
class _Context:
    """What the ancestors of a box say about it."""

    source: str | None = None
    heading: bool = False


def _context(box: Any, outer: _Context) -> _Context:
    element = getattr(box, "element", None)
    if element is None or "::" in (getattr(box, "element_tag", "") or ""):
        return outer
    classes = str(element.get("class") or "").split()
    heading = outer.heading or box.element_tag in HEADINGS or any(map(_title_class, classes))
    return _Context(element.get("data-src") or outer.source, heading)


def _title_class(name: str) -> bool:
    return name == "cover" or name.startswith("cover-") or name.endswith("title")


def _line_blocks(box: Any, context: _Context) -> Iterator[tuple[Any, list[Any], _Context]]:
    """Every box that holds lines directly, with its lines and its context."""
    context = _context(box, context)
    lines = [child for child in getattr(box, "children", ()) if _is_line(child)]
    if lines and not _is_pseudo(box):
        yield box, lines, context
    for child in getattr(box, "children", ()):
        if not _is_line(child):
            yield from _line_blocks(child, context)


def _is_line(box: Any) -> bool:
    return type(box).__name__ == "LineBox"


def _is_pseudo(box: Any) -> bool:
    """List markers and ``::before``/``::after`` content are not the text itself."""
    return "::" in (getattr(box, "element_tag", "") or "")


def _text_boxes(box: Any) -> Iterator[Any]:
    """The text boxes under ``box``, in order, without markers and generated content."""
    for child in getattr(box, "children", ()):
        if _is_pseudo(child):
            continue
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from _text_boxes(child)


def _line_text(line: Any) -> str:
    """The line's text as read (soft hyphens, which are not shown, left out)."""
    return "".join(text.text for text in _text_boxes(line)).replace("\xad", "")


def _content_root(page_box: Any) -> Any:
    return next(b for b in page_box.children if type(b).__name__ != "MarginBox")


# ---------- one-word last lines ----------


def _one_word_last_lines(pages: list[Any]) -> dict[int, list[OneWordLine]]:
    """By page number: the blocks whose last line (where the block ends) is one word."""
    lines: dict[int, list[tuple[int, Any]]] = {}  # element id -> (page, line) in order
    found: dict[int, tuple[Any, _Context]] = {}
    for number, page_box in enumerate(pages, 1):
        for block, block_lines, context in _line_blocks(page_box, _Context()):
            if block.element_tag not in BODY_BLOCKS:
                continue
            key = id(block.element)
            found[key] = (block, context)
            lines.setdefault(key, []).extend(
                (number, line) for line in block_lines if _line_text(line).strip()
            )
    widows: dict[int, list[OneWordLine]] = {}
    for key, all_lines in lines.items():
        block_lines = _after_forced_break(all_lines)
        words = _line_text(block_lines[-1][1]).split() if block_lines else []
        if len(block_lines) >= 2 and len(words) == 1 and "/" not in words[0]:
            block, context = found[key]
            widow = OneWordLine(words[0], block.element_tag, context.source)
            widows.setdefault(block_lines[-1][0], []).append(widow)
    return widows


def _after_forced_break(lines: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """The lines after the last ``<br>``: a line the author ended is not a short last line."""
    for index in range(len(lines) - 1, 0, -1):
        if any(box.element_tag == "br" for box in lines[index - 1][1].descendants()):
            return lines[index:]
    return lines


# ---------- hyphenation ----------


@dataclass
class _Hyphens:
    count: int = 0
    longest_run: int = 0
    in_headings: list[str] = field(default_factory=list)


def _hyphenation(page_box: Any) -> _Hyphens:
    found = _Hyphens()
    for _, lines, context in _line_blocks(page_box, _Context()):
        run = 0
        for line in lines:
            if not _ends_hyphenated(line):
                run = 0
                continue
            run += 1
            found.count += 1
            found.longest_run = max(found.longest_run, run)
            if context.heading:
                found.in_headings.append(_line_text(line).strip())
    return found


def _ends_hyphenated(line: Any) -> bool:
    """Whether the line's last text ends with its hyphenate character (WeasyPrint appends
    it at an automatic or soft-hyphen break; a real hyphen in the text is ``-``)."""
    texts = [box for box in _text_boxes(line) if box.text.strip()]
    if not texts:
        return False
    last = texts[-1]
    mark = last.style["hyphenate_character"]
    return bool(mark) and last.text.rstrip().endswith(mark)


# ---------- small text ----------


def _small_text(page_box: Any) -> list[SmallText]:
    """Text under the floor, one entry per element and size."""
    seen: dict[tuple[int, float], SmallText] = {}
    for box in page_box.descendants():
        if type(box).__name__ != "TextBox" or not box.text.strip():
            continue
        size = round(box.style["font_size"] * PX_TO_PT, 1)
        if size >= SMALL_TEXT_PT:
            continue
        key = (id(box.element), size)
        old = seen.get(key)
        text = (old.text + " " if old else "") + box.text.strip()
        seen[key] = SmallText(size, box.element_tag, _shorten(text))
    return list(seen.values())


def _shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


# ---------- fill ----------


def fill_ratio(page_box: Any) -> float:
    """How far down the content area its lowest content box ends, from 0 to 1 (see the
    module docstring for what counts as content)."""
    top, height = page_box.content_box_y(), page_box.height
    if height <= 0:
        return 0.0
    bottom = max((b for b in _content_bottoms(_content_root(page_box), height)), default=top)
    return max(0.0, min(1.0, float((bottom - top) / height)))


def _content_bottoms(box: Any, area_height: float) -> Iterator[float]:
    if box.style["position"] in ("absolute", "fixed"):
        return
    name = type(box).__name__
    if name == "LineBox":
        if _line_text(box).strip() or any(_replaced(b) for b in box.descendants()):
            yield box.position_y + box.height
        return
    if _replaced(box) or _is_rule(box, area_height):
        yield box.border_box_y() + box.border_height()
    for child in getattr(box, "children", ()):
        yield from _content_bottoms(child, area_height)


def _replaced(box: Any) -> bool:
    return type(box).__name__.endswith("ReplacedBox")


def _is_rule(box: Any, area_height: float) -> bool:
    """A visible top or bottom border on a box no taller than ``RULE_SHARE`` of the page."""
    if box.border_height() > RULE_SHARE * area_height:
        return False
    return any(
        box.style[f"border_{side}_width"] > 0 and box.style[f"border_{side}_style"] != "none"
        for side in ("top", "bottom")
    )


def _page_classes(page_box: Any) -> list[str]:
    """Class names of the top-level elements (children of ``body``) on this page."""
    root = _content_root(page_box)
    body = next((b for b in root.children if b.element_tag == "body"), root)
    names: set[str] = set()
    for child in getattr(body, "children", ()):
        element = getattr(child, "element", None)
        if element is not None and child.element_tag != "body":
            names.update(str(element.get("class") or "").split())
    return sorted(names)
