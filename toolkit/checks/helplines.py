"""Every phone number and help-line address the content prints is one someone checked.

Takes in: a loaded ``Project`` (every language) and its ``helplines.yaml``, the short list
of verified help lines, each with its numbers, addresses, source and the date it was
checked.
Gives out: a warning (``Problem`` with file, line and field) for each phone number or
e-mail address printed anywhere, and each web address typed in text, shown in a "Where to
get help" box or given for a reporting or hotline resource, that is not on that list. A
wrong digit sends a child to a stranger, so no number is printed unchecked.

Phone numbers are compared as digits, letters read as on a phone's keypad, so
1-800-THE-LOST is 1-800-843-5678. Numbers in the 555-01xx range, set aside for fiction,
are left alone: an example brand may use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from toolkit.checks.freshness import problem_at
from toolkit.content.models import HelpLines
from toolkit.content.problems import Collector, Loc
from toolkit.content.project import Project
from toolkit.content.reader import load_model
from toolkit.errors import ContentError, Problem, display_path
from toolkit.rendering.html import ADDRESS, markdown_plain

HELPLINES_FILE = "helplines.yaml"
KEYPAD = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999"
)  # fmt: skip
LONG_NUMBER = re.compile(r"(?<![\w-])(?:1-)?\d{3}-[0-9A-Z]{3,4}-[0-9A-Z]{3,4}(?![\w-])")
"""1-800-843-5678, 888-373-7888, 1-800-THE-LOST, 1-800-CALL-FBI."""
SHORT_NUMBER = re.compile(
    r"\b(?:call|text|dial|llam[ae]|llamar|marc[ae]|texto|mensaje|env[ií][ae])\b"
    r"[^\d.;:]{0,30}?(?<![\w-])(\d{3,6})(?![\w-]|[.,]\d)",
    re.IGNORECASE,
)
"""A short code after a word for calling or texting: call 911, text LOVEIS to 22522,
llame al 988."""
EMAIL = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[a-zA-Z]{2,}")
FICTION = re.compile(r"^(\d{3})?55501\d\d$")
URL_FIELDS = {"url", "video_url", "website"}
NAMES = {"title", "name"}
HELP_BOXES = {"help", "local_help"}
"""The toolkit's "Where to get help" box, and a brand's local lines printed in it."""
HELP_RESOURCE_KINDS = {"reporting", "hotline"}
BRAND_WORDS = {"footer", "local_help"}
"""What a brand prints besides its own contact details."""


@dataclass(frozen=True)
class Verified:
    """The digits of every verified number, and every verified host and e-mail address."""

    numbers: frozenset[str]
    addresses: frozenset[str]

    @classmethod
    def from_list(cls, lines: HelpLines) -> Verified:
        return cls(
            frozenset(digits(phone) for line in lines.lines for phone in line.phones),
            frozenset(address.lower() for line in lines.lines for address in line.addresses),
        )

    def has(self, what: str, found: str) -> bool:
        """Whether a contact as printed is on the list (or a fictional 555-01xx number)."""
        if what == "phone number":
            dialled = digits(found)
            return dialled in self.numbers or bool(FICTION.match(dialled))
        return found.lower() in self.addresses


def digits(phone: str) -> str:
    """The number as it is dialled: letters as on a keypad, no punctuation, no leading 1."""
    dialled = re.sub(r"\D", "", phone.upper().translate(KEYPAD))
    return dialled[1:] if len(dialled) == 11 and dialled.startswith("1") else dialled


def phone_numbers(text: str) -> list[str]:
    """The phone numbers in a sentence, as written."""
    found = [match.group() for match in LONG_NUMBER.finditer(text)]
    return found + [match.group(1) for match in SHORT_NUMBER.finditer(text)]


def load_helplines(root: Path) -> HelpLines | None:
    """``root/helplines.yaml``, or None when there is none; ``ContentError`` if it is broken."""
    path = root / HELPLINES_FILE
    if not path.is_file():
        return None
    # content.py's own reader, so this file gets the same messages (line, column,
    # did-you-mean) as every other content file
    collector = Collector(root)
    lines = load_model(path, HelpLines, collector)
    if collector.problems or lines is None:
        raise ContentError(collector.problems)
    return lines


def helpline_problems(project: Project) -> list[Problem]:
    """A warning for each printed number or address that is not a verified help line."""
    listed = project.root / HELPLINES_FILE
    shown = display_path(listed, project.root)
    lines = load_helplines(project.root)
    if lines is None:
        return [
            Problem(
                shown,
                "no list of verified help lines here, so phone numbers and addresses were not "
                "checked (see docs/content.md)",
            )
        ]
    verified = Verified.from_list(lines)
    problems = []
    for path, data in printed_files(project):
        for loc, what, found in contacts(data):
            if not verified.has(what, found):
                problems.append(
                    problem_at(
                        project,
                        path,
                        loc,
                        f"{what} {found} is not in {shown}; check it with the service that "
                        "publishes it, then add it there with its source and the date checked",
                    )
                )
    return problems


def printed_files(project: Project) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every file whose words are printed, in every language, with its data."""
    for lang in project.languages:
        view = project.in_language(lang)
        yield view.file("", "toolkit"), view.toolkit.model_dump(mode="json")
        for folder, items in (("topics", view.topics), ("series", view.series)):
            for subject, item in items.items():
                if view.has(lang, folder, subject):
                    yield view.file(folder, subject), item.model_dump(mode="json")
        for kit in project.brands.values():
            translated = lang in kit.translations
            if translated or lang == project.source_language:
                brand = kit.translations[lang] if translated else kit.brand
                name = f"brand.{lang}.yaml" if translated else "brand.yaml"
                yield kit.folder / name, brand.model_dump(mode="json", include=BRAND_WORDS)


def contacts(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """(where, "phone number" / "e-mail address" / "address", as printed) for each contact
    in a file's data that must be a verified help line."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from contacts(value, (*loc, key))
        is_help = (loc and loc[0] in HELP_BOXES) or data.get("kind") in HELP_RESOURCE_KINDS
        if is_help and isinstance(url := data.get("url"), str) and url.startswith("http"):
            yield (*loc, "url"), "address", _host(url)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from contacts(item, (*loc, index))
    elif isinstance(data, str) and loc and loc[-1] not in URL_FIELDS:
        yield from _contacts_in_text(data, loc)


def _contacts_in_text(text: str, loc: Loc) -> Iterator[tuple[Loc, str, str]]:
    if loc[-1] == "phone":
        yield loc, "phone number", text
        return
    printed = markdown_plain(text)
    for number in phone_numbers(printed):
        yield loc, "phone number", number
    for address in EMAIL.findall(printed):
        yield loc, "e-mail address", address
    if loc[-1] not in NAMES:  # StopNCII.org is a name; its resource's url is checked
        for address in ADDRESS.findall(printed):
            yield loc, "address", _host(f"https://{address}")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")
