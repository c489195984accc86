"""Read the list of people and places that each get their own copy of the documents.

Takes in: a recipients file, CSV (UTF-8, with or without a byte-order mark; commas, or the
semicolons some spreadsheets write) or YAML (a list of mappings). Columns: ``name``
(required), and optionally ``contact`` (a person or role), ``phone``, ``email``,
``website`` and ``slug`` (the folder name, made from the name when left out).
Gives out: ``RecipientList``, which checks the whole file at once (every problem, each as
``schools.csv:4: column 'phone': ...``, raised together as one ``ContentError``) and then
hands out ``Recipient`` records one at a time, each with a unique slug that is safe as a
file or folder name on every system.

The file is read twice (once to check it, once to hand out recipients) rather than kept in
memory, so a district-wide list costs no more memory than a short one.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toolkit.assets.fonts import missing_glyphs
from toolkit.content.models import EMAIL_PATTERN
from toolkit.errors import ContentError, Problem

COLUMNS = ("name", "contact", "phone", "email", "website", "slug")
"""Every column a recipients file may have; only ``name`` is required."""

MAX_LENGTH = {"name": 100, "contact": 100, "phone": 30, "email": 100, "website": 100}
SLUG_LENGTH = 60
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)
SAVE_AS_UTF8 = (
    "save the file as UTF-8 (in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; "
    "in LibreOffice: Save As > Text CSV, character set 'Unicode (UTF-8)'; "
    "in Google Sheets: File > Download > CSV)"
)
PHONE = re.compile(r"^\+?[0-9 ().\-/]+((ext\.?|x) ?[0-9]+)?$", re.IGNORECASE)
EMAIL = re.compile(EMAIL_PATTERN)
WEBSITE = re.compile(r"^(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]+)?(/\S*)?$", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
BAD_BYTE = re.compile("[\udc80-\udcff]")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Row = tuple[int, dict[str, str], dict[str, int]]
"""A data row: the line it starts on, its cells by column name, and the line of any cell
that is not on the row's first line (YAML keys each have their own)."""


@dataclass(frozen=True)
class Recipient:
    """One school, library or family centre that gets its own copies."""

    line: int
    """Line of the recipients file the row starts on, for messages."""
    name: str
    slug: str
    """Folder and zip name: a-z, 0-9 and '-', unique in the list."""
    contact: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""


class RecipientList:
    """A checked recipients file; iterate it to get each ``Recipient`` in file order."""

    def __init__(self, path: Path, label: str | None = None) -> None:
        self.path = path
        self.label = label or path.name
        """How messages name the file."""
        self.count = self._check()

    def __iter__(self) -> Iterator[Recipient]:
        taken = self._given_slugs()
        for index, (line, cells, _) in enumerate(_rows(self.path, self.label), start=1):
            slug = cells.get("slug") or unique_slug(slugify(cells["name"]), taken, index)
            taken.add(slug)
            fields = {key: cells.get(key, "") for key in ("contact", "phone", "email", "website")}
            yield Recipient(line, cells["name"], slug, **fields)

    def __len__(self) -> int:
        return self.count

    def _check(self) -> int:
        """Every problem in the file, raised at once; the number of recipients otherwise."""
        problems: list[Problem] = []
        first_line: dict[str, int] = {}
        count = 0
        try:
            for line, cells, lines in _rows(self.path, self.label, problems):
                count += 1
                problems += row_problems(self.label, line, cells, lines)
                if slug := cells.get("slug"):
                    if slug in first_line:
                        message = f"slug '{slug}' is already used on line {first_line[slug]}"
                        problems.append(_problem(self.label, line, "slug", message))
                    first_line.setdefault(slug, line)
        except _UnreadableError as error:
            problems.append(error.problem)
        if not count and not problems:
            problems.append(Problem(self.label, "no recipients found; add one row per recipient"))
        if problems:
            raise ContentError(problems)
        return count

    def _given_slugs(self) -> set[str]:
        return {cells["slug"] for _, cells, _ in _rows(self.path, self.label) if cells.get("slug")}


def read_recipients(path: Path) -> RecipientList:
    """Check a recipients file; raise ``ContentError`` listing every problem in it."""
    if not path.is_file():
        raise ContentError(f"{path}: no such recipients file")
    if path.suffix.lower() not in {".csv", ".yaml", ".yml"}:
        raise ContentError(f"{path}: a recipients file must be .csv, .yaml or .yml")
    return RecipientList(path)


class _UnreadableError(Exception):
    """The file cannot be read at all (wrong encoding, not a list...)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _rows(path: Path, label: str, problems: list[Problem] | None = None) -> Iterator[Row]:
    """The data rows, cleaned; header problems go to ``problems`` (checking pass only)."""
    found = problems if problems is not None else []
    if path.suffix.lower() == ".csv":
        yield from _csv_rows(path, label, found)
    else:
        yield from _yaml_rows(path, label, found)


def _csv_rows(path: Path, label: str, problems: list[Problem]) -> Iterator[Row]:
    with path.open("rb") as raw:
        _refuse_utf16(raw.read(4), label)
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        first = text.readline()
        reader = csv.reader(io.StringIO(first), delimiter=_delimiter(first))
        header = [cell.strip().lower() for cell in next(reader, [])]
        problems += _header_problems(label, header)
        if "name" not in header or any(BAD_BYTE.search(column) for column in header):
            return  # the header's problems say it all; every row would repeat them
        rows = csv.reader(text, delimiter=_delimiter(first))
        line = 2
        for cells in rows:
            yield from _csv_row(label, line, header, cells, problems)
            line = rows.line_num + 2


def _csv_row(
    label: str, line: int, header: list[str], cells: list[str], problems: list[Problem]
) -> Iterator[Row]:
    if not any(cell.strip() for cell in cells):
        return  # blank lines between rows are fine
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        problems.append(
            Problem(
                label,
                f"this row has {len(cells)} cells but the header names {len(header)} columns "
                "(a comma inside a value needs quotes around the value)",
                line=line,
            )
        )
    named = {column: cell for column, cell in zip(header, cells, strict=False) if column}
    yield line, _clean(named), {}


def _refuse_utf16(start: bytes, label: str) -> None:
    if start[:2] in {b"\xff\xfe", b"\xfe\xff"}:
        raise _UnreadableError(
            Problem(label, f"the file is UTF-16 text (Excel's 'Unicode Text'); {SAVE_AS_UTF8}")
        )


def _delimiter(header_line: str) -> str:
    """Spreadsheets in many European locales write ';' between cells."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _header_problems(label: str, header: list[str]) -> list[Problem]:
    if not any(header):
        return [Problem(label, f"the first line must name the columns, e.g. {','.join(COLUMNS)}")]
    if any(BAD_BYTE.search(column) for column in header):
        return [Problem(label, f"the first line is not UTF-8 text; {SAVE_AS_UTF8}", 1)]
    problems = []
    for index, column in enumerate(header):
        if column and column not in COLUMNS:
            message = f"unknown column{_did_you_mean(column)}; the columns are {', '.join(COLUMNS)}"
            problems.append(_problem(label, 1, column, message))
        if column and column in header[:index]:
            problems.append(_problem(label, 1, column, "this column appears twice"))
    if "name" not in header:
        problems.append(
            Problem(label, "the header has no 'name' column (the one column every row needs)", 1)
        )
    return problems


def _did_you_mean(column: str) -> str:
    close = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _yaml_rows(path: Path, label: str, problems: list[Problem]) -> Iterator[Row]:
    raw = path.read_bytes()
    try:
        node = yaml.compose(raw.decode("utf-8-sig"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02X}); {SAVE_AS_UTF8}"
        raise _UnreadableError(Problem(label, message, line)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark.line + 1 if error.problem_mark else None
        raise _UnreadableError(Problem(label, f"not valid YAML: {error.problem}", mark)) from None
    if not isinstance(node, yaml.SequenceNode):
        raise _UnreadableError(
            Problem(label, "must be a list of recipients, each starting with '- name: ...'", 1)
        )
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(label, "each recipient must be a mapping (name: ...)", line))
            continue
        lines = {str(key.value).strip().lower(): key.start_mark.line + 1 for key, _ in item.value}
        yield line, _clean(_yaml_cells(label, item, problems)), lines


def _yaml_cells(label: str, item: yaml.MappingNode, problems: list[Problem]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for key_node, value_node in item.value:
        key, line = str(key_node.value).strip().lower(), key_node.start_mark.line + 1
        if key not in COLUMNS:
            message = f"unknown column{_did_you_mean(key)}; the columns are {', '.join(COLUMNS)}"
            problems.append(_problem(label, line, key, message))
        elif key in cells:
            problems.append(_problem(label, line, key, "this column appears twice"))
        elif not isinstance(value_node, yaml.ScalarNode):
            problems.append(_problem(label, line, key, "must be text, not a list or mapping"))
        else:
            cells[key] = "" if value_node.tag.endswith(":null") else str(value_node.value)
    return cells


def _clean(cells: dict[str, Any]) -> dict[str, str]:
    """Known columns only, whitespace trimmed and runs of spaces collapsed."""
    return {key: " ".join(str(value).split()) for key, value in cells.items() if key in COLUMNS}


def row_problems(
    label: str, line: int, cells: dict[str, str], lines: dict[str, int] | None = None
) -> list[Problem]:
    """What is wrong with one recipient's cells, each with its line and column."""
    problems = []
    for column, value in cells.items():
        if message := _cell_problem(column, value):
            problems.append(_problem(label, (lines or {}).get(column, line), column, message))
    if not cells.get("name"):
        problems.append(_problem(label, line, "name", "is empty; every recipient needs a name"))
    return problems


def _cell_problem(column: str, value: str) -> str | None:
    if bad := BAD_BYTE.search(value):
        return _encoding_message(value, bad.group())
    if CONTROL.search(value):
        return "contains a control character (a tab or a line break inside the cell?)"
    if len(value) > MAX_LENGTH.get(column, SLUG_LENGTH):
        return f"is {len(value)} characters long; at most {MAX_LENGTH.get(column, SLUG_LENGTH)}"
    if missing := missing_glyphs(value):
        shown = " ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
        return f"the bundled font cannot print {shown}; remove or replace it"
    return _format_problem(column, value) if value else None


def _format_problem(column: str, value: str) -> str | None:
    if column == "phone" and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        return f"'{value}' is not a phone number (use digits, spaces and + ( ) - . /)"
    if column == "email" and not EMAIL.match(value):
        return f"'{value}' is not an e-mail address"
    if column == "website" and not WEBSITE.match(value):
        return f"'{value}' is not a web address (like www.example.org or https://example.org)"
    if column == "slug" and (not SLUG.match(value) or value in WINDOWS_RESERVED):
        return (
            f"'{value}' cannot be a folder name; use a-z, 0-9 and single '-' "
            "(not con, aux, nul, com1...), or leave it empty"
        )
    return None


def _encoding_message(value: str, bad: str) -> str:
    raw = value.encode("utf-8", errors="surrogateescape")
    guess = raw.decode("cp1252", errors="replace")
    return (
        f"is not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02X}; in Windows-1252 it would read "
        f"'{guess}'); {SAVE_AS_UTF8}"
    )


def _problem(label: str, line: int, column: str, message: str) -> Problem:
    return Problem(label, message, line=line, field=f"column '{column}'")


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
