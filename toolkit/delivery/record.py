"""What the last personalize run wrote, so the next one can reuse it, tidy it, or mail it.

Takes in: the ``recipients/`` folder of one brand and the copies one run makes.
Gives out: ``personalize.json`` beside the copies (``write_record``): the run's fingerprint
(the recipients file, the options and every document's cache key) and, per recipient, its
details (name, contact, e-mail, language) and the files it was given, each with its size
and SHA-256. From the last record: whether it is still current (``is_current``), the files
a recipient no longer gets (``remove_stale``), and the recipients no longer on the list
(``dropped``, removed with ``prune``). Only files named in the record are ever removed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from toolkit.content.recipients import Recipient
from toolkit.files import write_atomic

RECORD = "personalize.json"
VERSION = 1


@dataclass(frozen=True)
class CopyFile:
    """One file written for a recipient, relative to the brand's ``recipients/`` folder."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class RecipientRecord:
    """One recipient as the last run left it."""

    slug: str
    name: str
    line: int
    contact: str = ""
    email: str = ""
    language: str = ""
    pdfs: list[CopyFile] = field(default_factory=list)
    zip: CopyFile | None = None

    @classmethod
    def made(
        cls, recipient: Recipient, pdfs: list[CopyFile], zipped: CopyFile | None
    ) -> RecipientRecord:
        return cls(
            recipient.slug,
            recipient.name,
            recipient.line,
            recipient.contact,
            recipient.email,
            recipient.language,
            pdfs,
            zipped,
        )

    def files(self) -> list[CopyFile]:
        return [*self.pdfs, *([self.zip] if self.zip else [])]


@dataclass
class Record:
    """A brand's ``personalize.json``."""

    fingerprint: str = ""
    recipients: list[RecipientRecord] = field(default_factory=list)
    dropped: list[RecipientRecord] = field(default_factory=list)
    """Recipients no longer on the list whose copies are kept (until ``--prune``)."""

    def by_slug(self) -> dict[str, RecipientRecord]:
        return {recipient.slug: recipient for recipient in self.recipients}


def copy_file(folder: Path, relative: str, data: bytes) -> CopyFile:
    """The record of ``data``, written at ``folder / relative``."""
    write_atomic(folder / relative, data)
    return CopyFile(relative, len(data), hashlib.sha256(data).hexdigest())


def read_record(folder: Path) -> Record:
    """The last run's record; an empty one when there is none or it cannot be read (then
    nothing is removed, since nothing is known to be ours)."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return Record()
        recipients = [_recipient(item) for item in data["recipients"]]
        return Record(data["fingerprint"], recipients, [_recipient(i) for i in data["dropped"]])
    except (OSError, ValueError, KeyError, TypeError):
        return Record()


def _recipient(item: dict[str, Any]) -> RecipientRecord:
    pdfs = [CopyFile(**pdf) for pdf in item.pop("pdfs")]
    zipped = item.pop("zip")
    return RecipientRecord(**item, pdfs=pdfs, zip=CopyFile(**zipped) if zipped else None)


def write_record(folder: Path, record: Record) -> None:
    data: dict[str, Any] = {"version": VERSION, "fingerprint": record.fingerprint}
    for group in ("recipients", "dropped"):
        data[group] = [asdict(recipient) for recipient in getattr(record, group)]
    write_atomic(folder / RECORD, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())


def is_current(folder: Path, record: Record, fingerprint: str) -> bool:
    """The last run was made from the same inputs and every file it wrote is still there."""
    return (
        bool(record.recipients)
        and record.fingerprint == fingerprint
        and all(
            _same_size(folder / copy.path, copy.bytes)
            for recipient in record.recipients
            for copy in recipient.files()
        )
    )


def _same_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def remove_stale(folder: Path, before: RecipientRecord | None, now: RecipientRecord) -> list[str]:
    """Delete the files ``before`` lists that ``now`` does not; their relative paths."""
    if before is None:
        return []
    kept = {copy.path for copy in now.files()}
    return [copy.path for copy in before.files() if copy.path not in kept and _remove(folder, copy)]


def dropped(before: Record, now: Record) -> list[RecipientRecord]:
    """Recipients of the last run (or kept from earlier ones) not on the list any more."""
    current = {recipient.slug for recipient in now.recipients}
    gone = [*before.recipients, *before.dropped]
    return [recipient for recipient in gone if recipient.slug not in current]


def prune(folder: Path, recipient: RecipientRecord) -> None:
    """Remove a dropped recipient's files (those the record names) and its empty folder."""
    for copy in recipient.files():
        _remove(folder, copy)
    own = folder / recipient.slug
    if own.is_dir() and not any(own.iterdir()):
        own.rmdir()


def _remove(folder: Path, copy: CopyFile) -> bool:
    path = (folder / copy.path).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return False  # a record edited by hand cannot make us delete anything outside
    path.unlink()
    return True


def fingerprint(parts: dict[str, Any]) -> str:
    """A digest of everything a run's copies are made from."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
