"""The bundled type family, for WeasyPrint (@font-face) and ReportLab overlays alike.

Takes in: the installed ``font-lato`` package.
Gives out: where its files are, the faces the templates use, and a ReportLab font name whose
glyphs get embedded (marks and slug lines must not rely on a printer's built-in fonts).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

FONT_FACES = (
    ("Lato-Regular.ttf", "normal", 400),
    ("Lato-Italic.ttf", "italic", 400),
    ("Lato-Bold.ttf", "normal", 700),
    ("Lato-BoldItalic.ttf", "italic", 700),
    ("Lato-Black.ttf", "normal", 900),
)


def font_folder() -> Path:
    """Where the installed Lato font files are (the ``font-lato`` package)."""
    return Path(str(resources.files("font_lato") / "files"))


@functools.cache
def reportlab_font() -> str:
    """Register Lato Regular with ReportLab once; return the name to draw with."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Lato", str(font_folder() / "Lato-Regular.ttf")))
    return "Lato"


@functools.cache
def _covered_code_points() -> frozenset[int]:
    from fontTools.ttLib import TTFont as FontFile

    with FontFile(str(font_folder() / "Lato-Regular.ttf"), lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` the bundled font cannot draw (they would print as boxes)."""
    covered = _covered_code_points()
    return sorted({c for c in text if not c.isspace() and ord(c) not in covered})
