"""What the studio's page shows: its HTML, and the colour feedback beside each picker.

Takes in: the page's values (``form.page_values``), the brands and languages of the
content folder, the session token; a pair of brand colours.
Gives out: the brand page's HTML from ``toolkit/studio/templates/`` (Jinja2 with
autoescape on, undefined names an error), and for each colour the contrast of every
text/background pair the templates print it in (``content.colours``, the rules ``check``
applies), pass or fail, and the nearest passing colour of the same hue.

The studio's own page is not a document: it is rendered here with a plain autoescaping
environment, not through ``rendering``'s sandbox (which exists for brand templates, which
are data from strangers; the studio's templates ship with the toolkit).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from toolkit.assets.i18n import language_name
from toolkit.content.colours import contrast_ratio, nearest_passing, template_pairs
from toolkit.content.models import COLOUR_PATTERN, Colours

HERE = Path(__file__).resolve().parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"
PAPER_CHOICES = [("letter", "Letter (US, Canada)"), ("a4", "A4 (most other countries)")]
CARD_CHOICES = [
    ("3.5x5", "3.5 × 5 in (postcard)"),
    ("4x6", "4 × 6 in"),
    ("a6", "A6 (105 × 148 mm)"),
    ("3.5x2", "3.5 × 2 in (business card)"),
]


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def brand_page(
    env: jinja2.Environment,
    values: dict[str, Any],
    brands: list[str],
    languages: list[str],
    token: str,
    opened: str | None,
) -> str:
    return env.get_template("studio.html").render(
        values=values,
        brands=brands,
        languages=[(lang, language_name(lang)) for lang in languages],
        token=token,
        opened=opened,
        papers=PAPER_CHOICES,
        cards=CARD_CHOICES,
    )


def contrast_feedback(primary: str, accent: str) -> dict[str, dict[str, Any]]:
    """For each usable colour: its pairs (where, ratio, minimum, passes), whether all pass,
    and the nearest passing colour when one does not."""
    colours = {"primary": primary, "accent": accent}
    usable = {name: value for name, value in colours.items() if re.match(COLOUR_PATTERN, value)}
    model = Colours(**usable)
    feedback: dict[str, dict[str, Any]] = {}
    for name in usable:
        pairs = [
            {
                "where": pair.where,
                "ratio": round(contrast_ratio(pair.text, pair.background), 2),
                "minimum": pair.minimum,
                "passes": contrast_ratio(pair.text, pair.background) >= pair.minimum,
            }
            for pair in template_pairs(model)
            if pair.field == name
        ]
        passes = all(pair["passes"] for pair in pairs)
        suggestion = None if passes else nearest_passing(model, name)
        feedback[name] = {
            "pairs": pairs,
            "passes": passes,
            "suggestion": suggestion.upper() if suggestion else None,
        }
    return feedback
