"""Find content that did not fit, after layout, and name the YAML line it came from.

Takes in: a laid-out WeasyPrint document and its job. Templates mark what must fit
(``data-fit="page"``: a card is one page) and where text came from
(``data-src="topics/x.yaml:41 key_messages[2].text"``).
Gives out: a ``Problem`` per overflow: a card or page whose content ran onto another page,
or a document longer than its kind allows, named with its page number, how far it spilled
and roughly how much to cut. It is reported at the longest field on the overfull page
(whatever grew, it grew there; the content that happened to spill is only the last on the
page), naming the next longest fields there too. Messages name the document, not one
edition's file, so a build that fails both editions of a document reports it once.

WeasyPrint does not clip an over-full fixed-height box; it continues it on the next page.
So an overflow shows up as one element on two pages, which is what this looks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.documents import Job
from toolkit.errors import Problem

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px
LIST_INDEX = re.compile(r"\[\d+\](?=[^\[]*$)")  # the last [n] in "warning_signs[4]"


@dataclass(frozen=True)
class Spill:
    """Content that landed past where it had to end."""

    source: str
    """``data-src`` of the longest field on the overfull page, or a description of the
    container."""
    points: float
    """How far it spilled, in points."""
    chars: int
    """About how many characters to cut."""
    others: list[str] = field(default_factory=list)
    """The next longest fields on that page, as ``field (line n)``."""


def find_overflows(document: Any, job: Job) -> list[Problem]:
    """Every place the laid-out document lost or pushed content, as problems for ``job``."""
    problems = [
        _problem(job, spill, f"{what} is {spill.points:.0f} pt too short")
        for what, spill in _card_spills(document.pages)
    ]
    limit = job.kind.max_pages
    if not problems and limit is not None and len(document.pages) > limit:
        pages = document.pages
        spill = _spill_of(pages[limit:], pages[limit - 1], "the last section")
        problems.append(
            _problem(
                job,
                spill,
                f"{job.kind.title.lower()} runs {spill.points:.0f} pt onto page {limit + 1} "
                f"but must fit on {limit}",
            )
        )
    return problems


def find_wide_lines(document: Any, job: Job) -> list[Problem]:
    """Text that runs past its column (a long URL or word that cannot break).

    These are warnings: the text still prints, over the margin or the next column. A
    ``--strict`` build treats them as errors. Decorative boxes (``aria-hidden``) may run
    past their parent on purpose and are not checked.
    """
    problems = []
    for number, page in enumerate(document.pages, start=1):
        root = next(b for b in page._page_box.children if type(b).__name__ != "MarginBox")
        for box, parent, source in _boxes_with_parents(root, None, None):
            if parent is None or _decorative(box):
                continue
            excess = (_right(box) - (parent.content_box_x() + parent.width)) * PX_TO_PT
            if excess > 1:
                lines = [b for b in box.descendants() if type(b).__name__ == "LineBox"]
                widest = max(lines, key=_right, default=box)
                text = "".join(getattr(b, "text", "") for b in widest.descendants()).strip()
                problems.append(
                    Problem(
                        file=source or f"page {number}",
                        message=f"'{_shorten(text)}' runs {excess:.0f} pt past its column on "
                        f"page {number}; add a space or shorten it ({job.output_path})",
                    )
                )
                break  # one report per page is enough to find it
    return problems


def _boxes_with_parents(
    box: Any, parent: Any, source: str | None
) -> Iterator[tuple[Any, Any, str | None]]:
    element = getattr(box, "element", None)
    if element is not None and element.get("data-src"):
        source = str(element.get("data-src"))
    yield box, parent, source
    if type(box).__name__ in {"LineBox", "TextBox", "InlineReplacedBox"}:
        return
    for child in getattr(box, "children", ()):
        yield from _boxes_with_parents(child, box, source)


def _right(box: Any) -> float:
    if type(box).__name__ == "LineBox":  # a line is as wide as its text
        children = [c for c in box.children if getattr(c, "width", None) is not None]
        return float(
            max((c.position_x + c.margin_width() for c in children), default=box.position_x)
        )
    return float(box.position_x + box.margin_width())


def _decorative(box: Any) -> bool:
    element = getattr(box, "element", None)
    return element is not None and element.get("aria-hidden") == "true"


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _problem(job: Job, spill: Spill, what: str) -> Problem:
    cut = f"shorten by about {spill.chars} characters" if spill.chars else "shorten the content"
    if spill.others:
        cut += f", here or in the other fields on that page: {', '.join(spill.others)}"
    document = replace(job, edition="digital").output_path.with_suffix("")
    return Problem(file=spill.source, message=f"{what}; {cut} ({document})")


def _card_spills(pages: list[Any]) -> list[tuple[str, Spill]]:
    """Elements marked ``data-fit="page"`` that continue onto following pages: the name of
    each (with the number of the page it overfills) and its spill."""
    first_page: dict[Any, int] = {}
    continued: dict[Any, list[Any]] = {}
    for number, page in enumerate(pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or element.get("data-fit") != "page":
                continue
            first = first_page.setdefault(element, number)
            if number != first and page not in continued.setdefault(element, []):
                continued[element].append(page)
    return [
        (
            f"{_fit_name(element)} (page {first_page[element] + 1})",
            _spill_of(spilled, pages[first_page[element]], "the card"),
        )
        for element, spilled in continued.items()
        if spilled
    ]


def _fit_name(element: Any) -> str:
    """What a message calls the box: ``data-fit-name`` (English, like every message), else
    its accessible name."""
    return str(element.get("data-fit-name") or element.get("aria-label", "the card")).lower()


def _spill_of(spilled: list[Any], overfull: Any, fallback: str) -> Spill:
    """How tall the spilled content is, and the longest fields on the overfull page.

    List items count together (``warning_signs[3]`` and ``warning_signs[4]`` are one list),
    so a list that grew too long is named rather than one of its items.
    """
    height = sum(_text_height(_page_root(page)) for page in spilled)
    # a field pushed whole onto the next page (a box that does not split) is all there is
    groups = _field_groups([overfull]) or _field_groups(spilled)
    if not groups:
        return Spill(fallback, height, 0)
    longest = sorted(groups.values(), key=lambda group: group.height, reverse=True)
    chars = round(height * longest[0].chars_per_pt / 10) * 10 or 10
    return Spill(longest[0].source, height, chars, [group.named for group in longest[1:3]])


def _field_groups(pages: list[Any]) -> dict[str, _Group]:
    """The lines of text on ``pages`` by the field (or list) they came from."""
    groups: dict[str, _Group] = {}
    for page in pages:
        for line, source in _lines_with_sources(_page_root(page), None):
            if line.height and _has_text(line) and source:
                name = source.partition(" ")[2]  # "topics/x.yaml:41 a[2]" -> "a[2]"
                groups.setdefault(LIST_INDEX.sub("", name), _Group(source)).add(line)
    return groups


def _page_root(page: Any) -> Any:
    return next(b for b in page._page_box.children if type(b).__name__ != "MarginBox")


def _text_height(root: Any) -> float:
    """Points from the top of the page's content to the bottom of its last line of text."""
    top = bottom = root.content_box_y()
    for line, _ in _lines_with_sources(root, None):
        if line.height and _has_text(line):
            bottom = max(bottom, line.position_y + line.height)
    return float((bottom - top) * PX_TO_PT)


@dataclass
class _Group:
    """Lines of one field (or one list) on the spilled pages."""

    source: str
    height: float = 0.0
    chars_per_pt: float = 0.0
    widest: float = 0.0

    @property
    def named(self) -> str:
        """``warning_signs (line 30)``, from ``topics/x.yaml:30 warning_signs[0]``."""
        where, _, name = self.source.partition(" ")
        return f"{LIST_INDEX.sub('', name)} (line {where.rpartition(':')[2]})"

    def add(self, line: Any) -> None:
        self.height += line.height
        if line.width > self.widest:  # list markers are narrow lines of their own
            self.chars_per_pt, self.widest = _chars_per_point(line), line.width


def _lines_with_sources(box: Any, source: str | None) -> Iterator[tuple[Any, str | None]]:
    """Every line box under ``box``, with the nearest ``data-src`` above it."""
    element = getattr(box, "element", None)
    if element is not None and element.get("data-src"):
        source = str(element.get("data-src"))
    if type(box).__name__ == "LineBox":
        yield box, source
        return
    for child in getattr(box, "children", ()):
        yield from _lines_with_sources(child, source)


def _has_text(line: Any) -> bool:
    return any(getattr(box, "text", "").strip() for box in line.descendants())


def _chars_per_point(line: Any) -> float:
    """Characters per point of height in this line's paragraph: width / char width / leading."""
    font_size = line.style["font_size"] * PX_TO_PT
    line_height = max(line.height * PX_TO_PT, 1.0)
    chars_per_line = (line.width * PX_TO_PT) / (0.5 * font_size)
    return float(chars_per_line / line_height)
