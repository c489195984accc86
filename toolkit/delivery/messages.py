"""Each recipient's e-mail: composed, split to fit the size budget, built as MIME on demand.

Takes in: one brand's personalize record (every recipient with its e-mail, language and
files), the ``Project``, the templates folder and ``MessageOptions`` (the per-message
budget, PDFs or the zip, an optional From address).
Gives out: ``message_problems`` (every recipient without an address, a file too big to go
even alone, a brand with nothing to send from: all at once, before anything is written or
sent); ``outgoing``: one ``Outgoing`` per message, in list order, with its attachments
(split into "1 of 2", "2 of 2" when they do not fit one message), a content hash and a
Message-ID made from it; and ``email_message``: the MIME message (text and HTML
alternatives, then the PDFs), read from disk only when it is written or sent, so memory
stays flat however long the list is. Attachment names with accents are encoded per
RFC 2231 by the standard ``email`` package.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from typing import Literal

from toolkit.builder.messages import compose_message, sender
from toolkit.content.project import Project
from toolkit.delivery.record import CopyFile, RecipientRecord, Record
from toolkit.errors import Problem

Attach = Literal["pdfs", "zip"]
OVERHEAD = 64 * 1024
"""Room kept in every message for its headers, text and HTML (a message is ~10 KB)."""


@dataclass(frozen=True)
class MessageOptions:
    """What goes in each message and how big it may be."""

    max_bytes: int = 10_000_000
    """The largest message, as sent (attachments grow by a third in base64)."""
    attach: Attach = "pdfs"
    """The recipient's PDFs, or its one zip."""
    sender: str | None = None
    """The From address; the brand's contact e-mail when ``None``."""


@dataclass(frozen=True)
class Outgoing:
    """One message to one recipient: everything but the attachments' bytes."""

    brand: str
    slug: str
    school: str
    to: str
    to_name: str
    part: int
    parts: int
    attachments: tuple[CopyFile, ...]
    subject: str
    text: str
    html: str
    sender: str
    reply_to: str
    content_hash: str

    @property
    def message_id(self) -> str:
        """The same content always has the same Message-ID, so a resent copy is one mail."""
        domain = self.sender.rpartition("@")[2].rstrip(">") or "localhost"
        return f"<{self.content_hash[:32]}.{self.slug}@{domain}>"

    @property
    def sender_address(self) -> str:
        """The bare From address, for the envelope."""
        return parseaddr(self.sender)[1]

    @property
    def eml_name(self) -> str:
        return (
            f"{self.slug}.eml"
            if self.parts == 1
            else f"{self.slug}.{self.part}-of-{self.parts}.eml"
        )

    @property
    def size(self) -> int:
        """About what the message weighs as sent."""
        return OVERHEAD // 4 + sum(encoded_size(copy.bytes) for copy in self.attachments)


def size_text(size: int) -> str:
    """58 KB, 1.2 MB."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} KB"


def encoded_size(size: int) -> int:
    """Bytes a file takes in a message: base64 in 76-character lines."""
    base64 = math.ceil(size / 3) * 4
    return base64 + math.ceil(base64 / 76) * 2


def message_problems(
    project: Project, brand: str, record: Record, label: str, options: MessageOptions
) -> list[Problem]:
    """What would stop this brand's messages going out, all of it at once."""
    problems = []
    if not (options.sender or project.brands[brand].brand.contact.email):
        problems.append(
            Problem(
                f"brands/{brand}/brand.yaml",
                "no contact e-mail to send from: add 'contact: email: ...' to the brand, "
                "or give --from ADDRESS",
            )
        )
    room = options.max_bytes - OVERHEAD
    for recipient in record.recipients:
        if not recipient.email:
            message = "is empty; every recipient needs an address to be mailed"
            problems.append(Problem(label, message, recipient.line, field="column 'email'"))
        for copy in attachments_of(recipient, options.attach):
            if encoded_size(copy.bytes) > room:
                message = (
                    f"{copy.path} is {size_text(copy.bytes)}, too big for one message of "
                    f"--max-mb {options.max_bytes / 1e6:g} (it grows by a third when attached)"
                )
                if options.attach == "zip":
                    message += "; --attach pdfs sends the PDFs one by one instead"
                problems.append(Problem(label, message, recipient.line))
    return problems


def attachments_of(recipient: RecipientRecord, attach: Attach) -> list[CopyFile]:
    if attach == "zip" and recipient.zip:
        return [recipient.zip]
    return list(recipient.pdfs)


def split(files: list[CopyFile], max_bytes: int) -> list[list[CopyFile]]:
    """The files in order, in as few messages as fit ``max_bytes`` each."""
    room = max_bytes - OVERHEAD
    groups: list[list[CopyFile]] = [[]]
    used = 0
    for copy in files:
        size = encoded_size(copy.bytes)
        if groups[-1] and used + size > room:
            groups.append([])
            used = 0
        groups[-1].append(copy)
        used += size
    return groups


def outgoing(
    project: Project, brand: str, record: Record, templates: Path, options: MessageOptions
) -> Iterator[Outgoing]:
    """Every message of one brand, in list order, composed one at a time."""
    default = project.toolkit.language
    for recipient in record.recipients:
        lang = recipient.language or default
        groups = split(attachments_of(recipient, options.attach), options.max_bytes)
        for part, files in enumerate(groups, start=1):
            yield _compose(
                project, brand, recipient, lang, templates, options, part, files, len(groups)
            )


def _compose(
    project: Project,
    brand: str,
    recipient: RecipientRecord,
    lang: str,
    templates: Path,
    options: MessageOptions,
    part: int,
    files: list[CopyFile],
    parts: int,
) -> Outgoing:
    names = [Path(copy.path).name for copy in files]
    fields = {
        "school": recipient.name,
        "contact": recipient.contact,
        "attachments": names,
        "part": part,
        "parts": parts,
    }
    rendered = compose_message(project, brand, lang, templates, fields)
    who = sender(project, brand, lang)
    address = options.sender or who.address or ""
    from_header = formataddr((who.name, address)) if who.name else address
    reply_to = who.address or address
    # the sender is not content: sending the rest --from another account resends nothing
    digest = _content_hash(recipient.email, rendered.subject, rendered.text, rendered.html, files)
    return Outgoing(
        brand, recipient.slug, recipient.name, recipient.email, recipient.contact, part, parts,
        tuple(files), rendered.subject, rendered.text, rendered.html, from_header, reply_to, digest,
    )  # fmt: skip


def _content_hash(*parts: object) -> str:
    """What makes two messages the same: address, words, and each attachment's SHA-256."""
    *words, files = parts
    data = {"words": words, "files": [(c.path, c.sha256) for c in files]}  # type: ignore[attr-defined]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def email_message(message: Outgoing, folder: Path, date: datetime) -> EmailMessage:
    """The MIME message: text and HTML alternatives, then each attachment read from
    ``folder`` (the brand's ``recipients/``)."""
    mime = EmailMessage(policy=SMTP)
    mime["From"] = message.sender
    mime["To"] = formataddr((message.to_name, message.to)) if message.to_name else message.to
    if message.reply_to and message.reply_to not in message.sender:
        mime["Reply-To"] = message.reply_to
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(date)
    mime["Message-ID"] = message.message_id
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    for copy in message.attachments:
        subtype = "zip" if copy.path.endswith(".zip") else "pdf"
        data = (folder / copy.path).read_bytes()
        mime.add_attachment(
            data, maintype="application", subtype=subtype, filename=Path(copy.path).name
        )
    return mime
