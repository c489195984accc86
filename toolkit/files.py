"""Writing output files safely: a failed or killed build never leaves a half-written file,
and every file or folder name made from people's words is safe on every system.

Takes in: a path and the bytes (or, for a CSV file, the rows) that belong there.
Gives out: the file, replaced in one step (a temporary file in the same folder, flushed to
disk, then renamed over the old one), so the last good file stays until the new one is whole.
Every CSV file the toolkit writes goes through ``write_csv``, which neutralizes cells a
spreadsheet would run as a formula; ``slugify`` and ``unique_slug`` make folder names from
names such as a school's.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP)."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a failure leaves no half file."""
    with _atomic(path, "wb") as handle:
        handle.write(data)


@contextmanager
def _atomic(path: Path, mode: str) -> Iterator[IO[Any]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        text = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with os.fdopen(descriptor, mode, **text) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; PDFs are for sharing and serving
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def spreadsheet_safe(cell: object) -> str:
    """The cell as text, with a leading apostrophe when a spreadsheet would run it as a
    formula (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``): the apostrophe makes it text."""
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class RowWriter(Protocol):
    """What ``write_csv`` hands out: one ``writerow`` per line."""

    def writerow(self, row: Sequence[object]) -> None: ...


class _SafeWriter:
    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Sequence[object]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


@contextmanager
def write_csv(path: Path, header: Sequence[str]) -> Iterator[RowWriter]:
    """A CSV writer, row by row, every cell made spreadsheet-safe; the file (UTF-8) appears
    whole at the end, or not at all."""
    with _atomic(path, "w") as handle:
        writer = _SafeWriter(handle)
        writer.writerow(header)
        yield writer


SLUG_LENGTH = 60
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)


def slugify(name: str) -> str:
    """A folder name made from ``name``: ASCII letters and digits joined by '-', lower case.

    Accents are dropped (Niños -> ninos), so are apostrophes inside words (St. Mary's ->
    st-marys), everything else becomes '-', and the result is
    capped at 60 characters; it may be empty (see ``unique_slug``).
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"(?<=\w)'(?=\w)", "", ascii_name)  # St. Mary's -> st-marys
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(slug) > SLUG_LENGTH:
        cut = slug[:SLUG_LENGTH]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[SLUG_LENGTH // 2 :] else cut).strip("-")
    return slug


def unique_slug(slug: str, taken: set[str], position: int) -> str:
    """``slug`` made usable: ``recipient-N`` when empty, a suffix for Windows' reserved
    device names (con, aux, nul, com1...), then -2, -3... until it is not ``taken``."""
    if not slug:
        slug = f"recipient-{position}"
    if slug in WINDOWS_RESERVED:
        slug = f"{slug}-recipient"
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate
