"""The optional second step: a schools spreadsheet, read as ``personalize`` and ``mail`` read it.

Takes in: an uploaded recipients file (``.csv``, ``.xlsx``, ``.yaml``) and the studio's
work folder.
Gives out: a table for the page: each recipient (line, name, folder name, contact, e-mail,
language) and the notes, or every row error with its line, in the words the CLI prints.
The file is kept as ``<work>/recipients/recipients.<ext>`` (never under the uploaded name).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.content.recipients import read_recipients
from toolkit.errors import ContentError, ToolkitError
from toolkit.files import write_atomic

SUFFIXES = {".csv", ".xlsx", ".yaml", ".yml"}


def read_upload(work: Path, name: str, data: bytes) -> dict[str, Any]:
    """The recipients in the uploaded file, or its problems."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ToolkitError("a schools list must be a .csv, .xlsx or .yaml file")
    path = work / "recipients" / f"recipients{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    try:
        found = read_recipients(path)
        rows = [
            {
                "line": recipient.line,
                "name": recipient.name,
                "slug": recipient.slug,
                "contact": recipient.contact,
                "email": recipient.email,
                "language": recipient.language,
            }
            for recipient in found
        ]
    except ContentError as error:
        problems = [_shown(str(problem), name) for problem in error.problems]
        return {"rows": [], "problems": problems, "notes": []}
    notes = [_shown(str(problem), name) for problem in found.warnings]
    return {"rows": rows, "problems": [], "notes": notes}


def _shown(message: str, name: str) -> str:
    """A message naming the uploaded file as the person knows it."""
    return message.replace(f"recipients{Path(name).suffix.lower()}", Path(name).name, 1)
