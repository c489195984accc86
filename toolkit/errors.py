"""The one exception family for mistakes a user can fix.

Takes in: problems found anywhere in the pipeline (a YAML typo, a schema error, a missing
logo, a document that does not fit its pages).
Gives out: ``ToolkitError`` subclasses that carry every problem with its location. Only the
CLI catches them; it prints the problems and exits non-zero without a traceback. Every
problem's text has its control characters shown as escapes (``\\x1b``): names and values
come from other people's files, and a terminal must show them, not act on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with where it is: ``file:line:column: field: message``."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        # Names and values come from other people's files: a terminal must show them, not
        # act on them (an escape sequence that retitles or recolours it).
        for name in ("file", "message", "field"):
            if isinstance(value := getattr(self, name), str):
                object.__setattr__(self, name, visible(value))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ToolkitError(Exception):
    """A mistake in the user's content, brand, templates or command line."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="", message=problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) if p.file else p.message for p in problems))

    def __reduce__(self) -> tuple[type[ToolkitError], tuple[list[Problem]]]:
        # Keep the problems when a worker process sends the error back.
        return (type(self), (self.problems,))


class ContentError(ToolkitError):
    """YAML that does not parse or does not match the schema."""


class BrandError(ToolkitError):
    """A brand kit that is incomplete or unsafe."""


class RenderError(ToolkitError):
    """A document that could not be rendered as asked (missing file, overflow, warning)."""


class PartialBuildError(RenderError):
    """Some documents failed; the others were built and are listed in ``built``."""

    def __init__(
        self, problems: list[Problem], built: list[Any] | None = None, failed: int = 0
    ) -> None:
        super().__init__(problems)
        self.built = built or []
        self.failed = failed
        """How many documents failed."""

    def __reduce__(self) -> tuple[type[ToolkitError], tuple[list[Problem]]]:
        return (type(self), (self.problems,))


class DeliveryError(ToolkitError):
    """Messages that cannot go out as asked: the mail server unreachable or refusing the login."""


class OutputError(ToolkitError):
    """The output folder cannot be written: read-only, full, or in use by another build."""


class SetupError(ToolkitError):
    """The machine lacks something the toolkit needs (for example Pango)."""


def display_path(path: Path, root: Path) -> str:
    """Show ``path`` relative to ``root``'s parent when possible, so messages stay short.
    A link is shown where it is, not where it leads."""
    shown = path.parent.resolve() / path.name if path.is_symlink() else path.resolve()
    try:
        return str(shown.relative_to(root.resolve().parent))
    except ValueError:
        return str(path)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal acts on (escape sequences, bidirectional overrides), not shows;
tabs and line breaks stay, as messages use them."""


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so a file
    name or a field from someone else's files cannot retitle or recolour the terminal."""
    return CONTROL.sub(lambda match: repr(match.group())[1:-1], text)
