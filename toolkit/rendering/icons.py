"""Line icons for section heads, from Lucide (https://lucide.dev, ISC licence; the ``lucide``
package on PyPI, MIT).

Takes in: the brand's primary and accent colours, which the icons are drawn in (CSS
colours: ``#1E5B3A`` or, in the CMYK print edition, ``device-cmyk(…)``).
Gives out: CSS rules, ``.icon-<section>`` each, that draw one icon as a background image
(a vector SVG data: URI) at the start of a heading: ``<h2 class="with-icon icon-signs">``.

The icons are decoration: the heading's words say everything. A background image is drawn
as an artifact by WeasyPrint, so screen readers skip it and PDF/UA holds; an ``<img>``
would be tagged as a figure that needs words of its own.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from lucide.jinja import lucide
from markupsafe import Markup

SECTION_ICONS = {
    "what-it-is": ("info", "primary"),
    "numbers": ("chart-column", "primary"),
    "signs": ("triangle-alert", "accent"),
    "talk": ("messages-square", "primary"),
    "respond": ("list-checks", "primary"),
    "messages": ("heart-handshake", "primary"),
    "resources": ("book-open", "primary"),
    "help": ("life-buoy", "accent"),
}
"""Which Lucide icon marks each section (by the name the templates use), and in which of
the brand's colours: the accent where the section is a warning or the help box."""

COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}|device-cmyk\([0-9. ]+\)")
"""The colours an icon may be drawn in: nothing that could close the SVG attribute."""


@functools.lru_cache(maxsize=64)
def icon_uri(name: str, colour: str) -> str:
    """Lucide's icon ``name`` drawn in ``colour``, as an SVG data: URI."""
    if not COLOUR.fullmatch(colour):
        raise ValueError(f"icon colour {colour!r} is not a hex or device-cmyk() colour")
    svg = str(lucide(name, size=None, stroke=colour))
    svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return "data:image/svg+xml," + quote(" ".join(svg.split()), safe="")


def icon_css(primary: str, accent: str) -> Markup:
    """One rule per section: ``.icon-signs { background-image: url("data:…"); }``."""
    colours = {"primary": primary, "accent": accent}
    rules = [
        f'.icon-{section} {{ background-image: url("{icon_uri(name, colours[role])}"); }}'
        for section, (name, role) in SECTION_ICONS.items()
    ]
    return Markup("\n".join(rules))  # noqa: S704 - names are constants, the colour is checked
