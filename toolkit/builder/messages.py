"""A brand's e-mail message to one recipient, from the brand's templates or the toolkit's.

Takes in: a ``Project``, a brand name, a language, the toolkit's templates folder and the
recipient's fields (school, contact, attachments, part, parts).
Gives out: the ``RenderedMessage`` (subject, text, HTML) from ``message.<lang>.md``: the
brand's own ``brands/<brand>/mail/`` templates first, then ``templates/mail/``; and who the
message is from (``sender``): the brand's organization and contact e-mail, and its
signature (``brands/<brand>/mail/signature.<lang>.txt``, else the organization and contact
details from brand.yaml). Delivery calls this, so the only stage that runs Jinja2 stays
``rendering``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.content.models import short_url
from toolkit.content.project import Project
from toolkit.errors import BrandError, Problem
from toolkit.rendering.mail import RenderedMessage, render_message


@dataclass(frozen=True)
class Sender:
    """Who a brand's messages come from, in one language."""

    name: str
    """The organization's name ('' for a neutral brand)."""
    address: str | None
    """The brand's contact e-mail, used as From and Reply-To; ``None`` when it has none."""
    signature: list[str]
    colour: str


def sender(project: Project, brand: str, lang: str) -> Sender:
    """The brand's name, address, signature lines and colour in ``lang``."""
    kit = project.brands[brand]
    own = kit.translations.get(lang, kit.brand)
    name = own.organization or kit.brand.organization or ""
    contact = kit.brand.contact
    custom = kit.folder / "mail" / f"signature.{lang}.txt"
    if custom.is_file():
        if not custom.resolve().is_relative_to(custom.parent.resolve()):
            message = "links to a file outside the brand's mail folder; it must be a file in it"
            raise BrandError([Problem(str(custom), message)])
        lines = custom.read_text(encoding="utf-8").splitlines()
    else:
        website = short_url(contact.website) if contact.website else ""
        lines = [name, contact.email or "", contact.phone or "", website]
    signature = [" ".join(line.split()) for line in lines if line.strip()]
    return Sender(name, contact.email, signature, kit.brand.colours.primary)


def message_folders(project: Project, brand: str, templates: Path) -> tuple[Path, ...]:
    """Where ``message.<lang>.md`` is looked for: the brand's ``mail/`` first."""
    own = project.brands[brand].folder / "mail"
    return (own, templates / "mail") if own.is_dir() else (templates / "mail",)


def compose_message(
    project: Project, brand: str, lang: str, templates: Path, fields: dict[str, Any]
) -> RenderedMessage:
    """The message for one recipient; the brand and signature fields are filled in here."""
    who = sender(project, brand, lang)
    every = {"brand": who.name, "signature": who.signature, "colour": who.colour, **fields}
    return render_message(message_folders(project, brand, templates), lang, every)
