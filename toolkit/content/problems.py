"""Every problem found while reading content, kept with where it is, then reported at once.

Takes in: problems and warnings as they are found (a file, a field path such as
``key_messages[2].text``, a message) and the positions ``reader`` recorded for each file.
Gives out: a ``Collector`` holding ``Problem`` objects with file, line, column and field,
and the helpers that turn a field path into a line (``nearest_position``) and into text
(``format_loc``).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from toolkit.errors import Problem, display_path

Loc = tuple[int | str, ...]
Positions = dict[Loc, tuple[int, int]]


class Collector:
    """Gathers problems across files so they are all reported at once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.positions: dict[Path, Positions] = {}
        self.data: dict[Path, dict[str, Any]] = {}

    def add(self, path: Path, message: str, **where: Any) -> None:
        self.problems.append(Problem(file=display_path(path, self.root), message=message, **where))

    def add_at(self, path: Path, loc: Loc, message: str) -> None:
        """Add a problem about the value at ``loc``, with its line when the file was read."""
        self.problems.append(self.at(path, loc, message))

    def warn_at(self, path: Path, loc: Loc, message: str) -> None:
        """A warning about the value at ``loc``: reported, but the build goes on."""
        self.warnings.append(self.at(path, loc, message))

    def at(self, path: Path, loc: Loc, message: str) -> Problem:
        line, column = nearest_position(loc, self.positions.get(path, {}))
        return Problem(
            display_path(path, self.root), message, line, column, format_loc(loc) or None
        )


def nearest_position(loc: Loc, positions: Positions) -> tuple[int, int]:
    for end in range(len(loc), -1, -1):
        if loc[:end] in positions:
            return positions[loc[:end]]
    return (1, 1)


def format_loc(loc: Loc) -> str:
    """``('figures', 0, 'year')`` -> ``figures[0].year``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
