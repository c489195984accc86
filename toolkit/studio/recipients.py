"""The optional second step: a schools spreadsheet, read as ``personalize`` and ``mail`` read it.

Takes in: an uploaded recipients file (``.csv``, ``.xlsx``, ``.yaml``) and the studio's
work folder.
Gives out: a table for the page: each recipient (line, name, folder name, contact, e-mail,
language) and the notes, or every row error with its line, in the words the CLI prints.
The file is kept as ``<work>/recipients/recipients.<ext>`` (never under the uploaded name).
Then, on request, the ``mail`` command's dry run for the saved brand (``delivery.mail``:
each school's copies and ``.eml`` drafts, nothing sent) and a zip of what it wrote.
"""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.builder.pipeline import BuildSettings
from toolkit.builder.workers import executor_for
from toolkit.content.recipients import read_recipients
from toolkit.delivery.mail import MailSettings, prepare_mail, write_drafts
from toolkit.delivery.personalize import PERSONALIZABLE, PersonalizeSettings
from toolkit.documents import Selection
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


@dataclass
class DryRun:
    """A mail dry run the page polls: drafts and zips written, nothing sent."""

    brand: str
    finished: bool = False
    problems: list[str] = field(default_factory=list)
    drafts: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def start_dry_run(settings: BuildSettings, brand: str, work: Path, jobs: int) -> DryRun:
    """Personalize and write ``.eml`` drafts for the uploaded list, as ``mail`` without
    ``--send`` does, in a thread."""
    uploaded = sorted((work / "recipients").glob("recipients.*"))
    if not uploaded:
        raise ToolkitError("upload the schools list first")
    mail = MailSettings(
        PersonalizeSettings(
            uploaded[0],
            settings.content,
            settings.out,
            settings.templates,
            Selection(brands=(brand,), docs=PERSONALIZABLE, editions=("digital",)),
        )
    )
    run = DryRun(brand)
    threading.Thread(target=_dry_run, args=(mail, run, jobs), daemon=True).start()
    return run


def _dry_run(settings: MailSettings, run: DryRun, jobs: int) -> None:
    try:
        with executor_for(jobs) as executor:
            plan = prepare_mail(settings, None, executor)
        run.drafts = len(list(write_drafts(plan, settings)))
    except ToolkitError as error:
        run.problems = [str(p) if p.file else p.message for p in error.problems]
    except Exception as error:  # the page must hear of any failure, not poll forever
        run.problems = [f"the dry run stopped unexpectedly: {error}"]
    finally:
        run.finished = True


def zip_dry_run(out: Path, brand: str) -> bytes:
    """The brand's drafts (``mail/*.eml``) and each school's zip (``recipients/``)."""
    root = (out / brand).resolve()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in ("mail", "recipients"):
            for path in sorted((root / folder).rglob("*")):
                inside = path.resolve().is_relative_to(root)
                if path.is_file() and inside and not path.name.startswith("."):
                    archive.write(path, str(path.relative_to(root.parent)))
    return buffer.getvalue()
