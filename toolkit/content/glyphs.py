"""Glyph checks: every character of the content must be in the bundled font.

Takes in: a file's data as read from YAML, value by value.
Gives out: a problem in the ``Collector`` for each value with a character Lato does not
have (it would print as an empty box), naming the characters and their code points.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.assets.fonts import missing_glyphs
from toolkit.content.problems import Collector, Loc


def check_glyphs(path: Path, value: Any, loc: Loc, collector: Collector) -> None:
    """Every character must be in the bundled font, or it prints as an empty box."""
    if isinstance(value, dict):
        for key, item in value.items():
            check_glyphs(path, item, (*loc, key), collector)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_glyphs(path, item, (*loc, index), collector)
    elif isinstance(value, str) and (missing := missing_glyphs(value)):
        names = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
        collector.add_at(
            path, loc, f"{names} not in the bundled font (Lato): it would print as an empty box"
        )
