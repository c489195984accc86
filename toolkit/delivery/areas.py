"""The reserved area of a laid-out document, where a recipient's block goes.

Takes in: a laid-out document (WeasyPrint's pages and boxes, read by duck typing; nothing
here imports WeasyPrint) and its job.
Gives out: the ``Area`` a template marked with ``data-recipient-area="<style>"``, in PDF
points, after checking it is tall enough for its block style, sits on the page its frame
names (``data-recipient-block``: first or last) and has nothing else drawn inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from toolkit.delivery.block import STYLES, Area, style_height
from toolkit.documents import Job
from toolkit.errors import Problem, RenderError

PX_TO_PT = 0.75


AREA_NAMES = {"strip": "contact line", "box": "contact box"}


def find_area(document: Any, job: Job, primary: str) -> Area:
    """The reserved area in the laid-out pages: the box marked ``data-recipient-area``.

    Fails when it is missing, smaller than its block style needs, or when anything else on
    the page is drawn inside the recipient block (the block would cover it).
    """
    for index, page in enumerate(document.pages):
        for box in walk(page._page_box):
            style = _attribute(box, "data-recipient-area")
            if style is None:
                continue
            area = _area_of(box, index, page, style, job, primary)
            _check_room(document, area, job)
            return area
    raise RenderError([Problem(str(job.output_path), "the layout has no reserved area")])


def walk(box: Any) -> Iterator[Any]:
    """The box and every box inside it, absolutely positioned ones included."""
    box = getattr(box, "_box", box)  # an AbsolutePlaceholder stands in for its box
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def _attribute(box: Any, name: str) -> str | None:
    element = getattr(box, "element", None)
    value = element.get(name) if element is not None and hasattr(element, "get") else None
    return str(value) if value is not None else None


def _area_of(box: Any, index: int, page: Any, style: str, job: Job, primary: str) -> Area:
    where = str(job.output_path)
    if style not in STYLES:
        raise RenderError([Problem(where, f"unknown recipient block style '{style}'")])
    area = Area(
        page=index,
        x=box.content_box_x() * PX_TO_PT,
        top=box.content_box_y() * PX_TO_PT,
        width=box.width * PX_TO_PT,
        height=box.height * PX_TO_PT,
        page_height=page.height * PX_TO_PT,
        style=style,
        primary=primary,
        name=f"{job.kind.title.lower()}'s {AREA_NAMES[style]}",
    )
    if area.height + 0.01 < style_height(style):
        message = f"the reserved area is {area.height:.1f} pt tall; it needs {style_height(style)}"
        raise RenderError([Problem(where, message)])
    return area


def _check_room(document: Any, area: Area, job: Job) -> None:
    """The block must stay on its page (``data-recipient-block``: first or last), and nothing
    else may be drawn inside its frame: no text, image or coloured box (a colour band)."""
    where = str(job.output_path)
    page = document.pages[area.page]
    path = _path_to(page._page_box, lambda box: _attribute(box, "data-recipient-block") is not None)
    frame = path[-1]
    intended = {"first": 0, "last": len(document.pages) - 1}[
        _attribute(frame, "data-recipient-block") or "last"
    ]
    if area.page != intended:
        message = f"no room for the recipient's contact: it went on to page {area.page + 1}"
        raise RenderError([Problem(where, f"{message} of {len(document.pages)}")])
    skipped = {id(box) for box in path} | {id(box) for box in walk(frame)}
    for box in walk(page._page_box):
        if id(box) not in skipped and _drawn(box) and _overlaps(box, frame):
            text = " ".join("".join(getattr(b, "text", "") for b in walk(box)).split())
            what = f"'{text[:40]}'" if text else f"a coloured {box.element_tag or 'box'}"
            message = f"no room for the recipient's contact on page {area.page + 1}: {what}"
            raise RenderError([Problem(where, f"{message} is where it goes")])


def _path_to(box: Any, wanted: Callable[[Any], bool]) -> list[Any]:
    """The boxes from ``box`` down to the first one ``wanted`` (empty if there is none)."""
    box = getattr(box, "_box", box)
    if wanted(box):
        return [box]
    for child in getattr(box, "children", ()):
        if found := _path_to(child, wanted):
            return [box, *found]
    return []


def _drawn(box: Any) -> bool:
    """Text, an image, or a box with a background colour."""
    if type(box).__name__ in {"LineBox", "InlineReplacedBox", "BlockReplacedBox"}:
        return True
    colour = getattr(box, "style", {}).get("background_color") if hasattr(box, "style") else None
    return colour is not None and colour.alpha > 0 and type(box).__name__ != "PageBox"


def _overlaps(box: Any, frame: Any) -> bool:
    left, top = frame.border_box_x(), frame.border_box_y()
    right, bottom = left + frame.border_width(), top + frame.border_height()
    x, y = box.position_x, box.position_y
    width = box.margin_width() if hasattr(box, "margin_width") else box.width
    height = box.margin_height() if hasattr(box, "margin_height") else box.height
    return bool(x < right and x + width > left and y < bottom and y + height > top)
