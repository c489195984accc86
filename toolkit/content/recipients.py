"""Read the list of people and places that each get their own copy of the documents.

Takes in: a recipients file as people have it: CSV (UTF-8 with or without a byte-order mark,
commas or semicolons, any line ends), an Excel ``.xlsx`` workbook (first sheet, or
``sheet``), or YAML (a list of mappings). Columns: ``name`` (required), ``contact``,
``phone``, ``email``, ``website``, ``language`` (``en``, ``es``: that recipient's documents
and message) and ``slug`` (the folder name, made from the name when left out). Headers match
ignoring case, spaces and hyphens, with common synonyms ("School Name", "Counselor",
"E-mail"); ``columns`` maps any other header; other columns are ignored with one note.
Gives out: ``RecipientList``: every problem at once (``schools.csv:4: column 'phone': ...``,
one ``ContentError``; notes such as a school listed twice in ``warnings``), then ``Recipient``
records with unique slugs, safe as folder names on every system. The file is read twice
(to check it, then to hand out recipients), so a long list costs no more memory.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from toolkit.assets.fonts import missing_glyphs
from toolkit.content.models import EMAIL_PATTERN
from toolkit.content.reader import MERGE_TAG, ContentLoader
from toolkit.errors import ContentError, Problem
from toolkit.files import SLUG_LENGTH, WINDOWS_RESERVED, slugify, unique_slug

COLUMNS = ("name", "contact", "phone", "email", "website", "language", "slug")
"""Every column a recipients file may have; only ``name`` is required."""
SYNONYMS = {
    "name": ("school", "schoolname", "recipient", "organization", "organisation"),
    "contact": ("contactname", "counselor", "counsellor", "contactperson"),
    "phone": ("phonenumber", "telephone", "tel"), "email": ("emailaddress", "mail"),
    "website": ("web", "webaddress", "url", "site"), "language": ("lang", "idioma"),
}  # fmt: skip
MAX_LENGTH = {"name": 100, "contact": 100, "phone": 30, "email": 100, "website": 100}
MAX_CELL = 128 * 1024  # the csv module's limit on one cell; no field needs a tenth of it
SAVE_AS_UTF8 = (
    "save the file as UTF-8 (in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; "
    "in LibreOffice: Save As > Text CSV, character set 'Unicode (UTF-8)'; "
    "in Google Sheets: File > Download > CSV)"
)
PHONE = re.compile(r"^\+?[0-9 ().\-/]+((ext\.?|x) ?[0-9]+)?$", re.IGNORECASE)
EMAIL = re.compile(EMAIL_PATTERN)
WEBSITE = re.compile(r"^(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]+)?(/\S*)?$", re.IGNORECASE)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
BAD_BYTE = re.compile("[\udc80-\udcff]")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Row = tuple[int, dict[str, str], dict[str, int]]  # line, cells by column, line of each YAML key
Table = Iterator[tuple[int, list[str]]]  # (line or row number, cells), the header first


@dataclass(frozen=True)
class Recipient:
    """One school, library or family centre that gets its own copies."""

    line: int  # where the row starts, for messages
    name: str
    slug: str  # folder and zip name: a-z, 0-9 and '-', unique in the list
    contact: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    language: str = ""
    """``en``, ``es``...: that recipient's documents and message; empty means all."""


@dataclass(frozen=True)
class ReadOptions:
    """How to read a spreadsheet: which sheet, and headers mapped by hand."""

    sheet: str | None = None  # the .xlsx sheet to read; the first when None
    columns: tuple[tuple[str, str], ...] = ()  # (header, field) from --column "Header=field"


class RecipientList:
    """A checked recipients file; iterate it to get each ``Recipient`` in file order."""

    def __init__(self, path: Path, label: str = "", options: ReadOptions | None = None) -> None:
        self.path = path
        self.label = label or path.name
        """How messages name the file."""
        self.options = options or ReadOptions()
        self.warnings: list[Problem] = []  # ignored columns, a school listed twice
        self.count = self._check()

    def __iter__(self) -> Iterator[Recipient]:
        taken = self._given_slugs()
        for index, (line, cells, _) in enumerate(self._rows(), start=1):
            slug = cells.get("slug") or unique_slug(slugify(cells["name"]), taken, index)
            taken.add(slug)
            fields = {key: cells.get(key, "") for key in COLUMNS if key not in {"name", "slug"}}
            yield Recipient(line, cells["name"], slug, **fields)

    def __len__(self) -> int:
        return self.count

    def _rows(self, problems: list[Problem] | None = None) -> Iterator[Row]:
        return _rows(self.path, self.label, self.options, problems)

    def _check(self) -> int:
        """Every problem in the file, raised at once; the number of recipients otherwise."""
        problems: list[Problem] = []
        first_line: dict[str, int] = {}
        named: dict[str, int] = {}
        count = 0
        try:
            for line, cells, lines in self._rows(problems):
                count += 1
                problems += row_problems(self.label, line, cells, lines)
                if slug := cells.get("slug"):
                    if slug in first_line:
                        message = f"slug '{slug}' is already used on line {first_line[slug]}"
                        problems.append(_problem(self.label, line, "slug", message))
                    first_line.setdefault(slug, line)
                self._note_repeated_name(cells.get("name", ""), line, named)
        except _UnreadableError as error:
            problems.append(error.problem)
        self.warnings += [p for p in problems if isinstance(p, _Note)]
        problems = [p for p in problems if not isinstance(p, _Note)]
        if not count and not problems:
            problems.append(Problem(self.label, "no recipients found; add one row per recipient"))
        if problems:
            raise ContentError(problems)
        return count

    def _note_repeated_name(self, name: str, line: int, seen: dict[str, int]) -> None:
        key = " ".join(name.casefold().split())
        if key and key in seen:
            message = f"'{name}' is also on line {seen[key]}; each row gets its own copies"
            self.warnings.append(Problem(self.label, message, line=line))
        seen.setdefault(key, line)

    def _given_slugs(self) -> set[str]:
        return {cells["slug"] for _, cells, _ in self._rows() if cells.get("slug")}


class _Note(Problem):
    """A remark about the file that is not a mistake (columns it ignores)."""


def read_recipients(path: Path, options: ReadOptions | None = None) -> RecipientList:
    """Check a recipients file; raise ``ContentError`` listing every problem in it."""
    if not path.is_file():
        raise ContentError(f"{path}: no such recipients file")
    if path.suffix.lower() not in {".csv", ".xlsx", ".yaml", ".yml"}:
        raise ContentError(f"{path}: a recipients file must be .csv, .xlsx, .yaml or .yml")
    return RecipientList(path, options=options)


def parse_column_option(text: str) -> tuple[str, str]:
    """``"Principal=contact"`` as (header, field); a ``ContentError`` saying how otherwise."""
    header, _, field = text.partition("=")
    field = field.strip().lower()
    if not header.strip() or field not in COLUMNS:
        how = f'write it as "Header=field", the field one of {", ".join(COLUMNS)}'
        raise ContentError(f"--column {text!r}: {how}")
    return header.strip(), field


class _UnreadableError(Exception):
    """The file cannot be read at all (wrong encoding, not a list...)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _rows(
    path: Path, label: str, options: ReadOptions, problems: list[Problem] | None = None
) -> Iterator[Row]:
    """The data rows, cleaned; header problems go to ``problems`` (checking pass only)."""
    found = problems if problems is not None else []
    suffix = path.suffix.lower()
    if suffix in {".csv", ".xlsx"}:
        table = _csv_table(path, label) if suffix == ".csv" else _xlsx_table(path, label, options)
        yield from _table_rows(table, label, options, found)
    else:
        yield from _yaml_rows(path, label, found)


def _table_rows(
    table: Table, label: str, options: ReadOptions, problems: list[Problem]
) -> Iterator[Row]:
    """Rows of a spreadsheet, by field, after the header is matched to the fields."""
    _, first = next(table, (1, []))
    header = _header_fields(label, first, options, problems)
    if "name" not in header or any(BAD_BYTE.search(cell) for cell in first):
        return  # the header's problems say it all; every row would repeat them
    for line, cells in table:
        yield from _table_row(label, line, header, cells, problems)


def _csv_table(path: Path, label: str) -> Table:
    with path.open("rb") as raw:
        if raw.read(2) in {b"\xff\xfe", b"\xfe\xff"}:
            message = f"the file is UTF-16 text (Excel's 'Unicode Text'); {SAVE_AS_UTF8}"
            raise _UnreadableError(Problem(label, message))
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        first = text.readline()
        delimiter = _delimiter(first)
        yield 1, next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
        rows = csv.reader(text, delimiter=delimiter, strict=True)
        line = 2
        try:
            for cells in rows:
                yield line, cells
                line = rows.line_num + 2
        except csv.Error as error:
            raise _UnreadableError(_csv_problem(label, line, rows.line_num + 1, error)) from None


def _csv_problem(label: str, line: int, reached: int, error: csv.Error) -> Problem:
    """What the csv module's complaint means to someone with a spreadsheet."""
    message = (
        f"a cell is longer than {MAX_CELL // 1024} KB; no recipient field needs that"
        if "field limit" in str(error)
        else 'a quote (") opened on this line is never closed; close it or remove it'
        if "end of data" in str(error)
        else f'a quote (") inside a quoted cell, on line {reached}: double it ("") or remove it'
    )
    return Problem(label, message, line=line)


def _xlsx_table(path: Path, label: str, options: ReadOptions) -> Table:
    import openpyxl  # only for .xlsx files; it takes a while to import

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        message = f"cannot be read as an Excel workbook ({type(error).__name__}); save it again"
        raise _UnreadableError(Problem(label, message)) from None
    try:
        if options.sheet is not None and options.sheet not in book.sheetnames:
            sheets = ", ".join(repr(name) for name in book.sheetnames)
            raise _UnreadableError(
                Problem(label, f"has no sheet {options.sheet!r}; its sheets are {sheets}")
            )
        sheet = book[options.sheet] if options.sheet is not None else book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_xlsx_text(value) for value in values]
    finally:
        book.close()


def _xlsx_text(value: object) -> str:
    """A cell as the spreadsheet shows it: 5550100.0 is 5550100, a date is 2026-11-28."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else value.isoformat() if isinstance(value, date) else str(value)


def _table_row(
    label: str, line: int, header: list[str], cells: list[str], problems: list[Problem]
) -> Iterator[Row]:
    if not any(cell.strip() for cell in cells):
        return  # blank lines between rows are fine
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        message = "this row has {} cells but the header names {} columns (a comma inside a value "
        message += "needs quotes around the value)"
        problems.append(Problem(label, message.format(len(cells), len(header)), line=line))
    named = {column: cell for column, cell in zip(header, cells, strict=False) if column}
    yield line, _clean(named), {}


def _delimiter(header_line: str) -> str:
    """Spreadsheets in many European locales write ';' between cells."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _squeeze(header: str) -> str:
    """A header as compared: "E-mail Address" and "email_address" are the same."""
    return re.sub(r"[\s_.\-]+", "", header).casefold()


FIELD_OF = {_squeeze(name): field for field, names in SYNONYMS.items() for name in names}
FIELD_OF.update({field: field for field in COLUMNS})


def _header_fields(
    label: str, header: list[str], options: ReadOptions, problems: list[Problem]
) -> list[str]:
    """The field each column holds ('' for a column that is ignored); problems and notes."""
    if not any(cell.strip() for cell in header):
        message = f"the first line must name the columns, e.g. {','.join(COLUMNS)}"
        problems.append(Problem(label, message))
        return []
    if any(BAD_BYTE.search(cell) for cell in header):
        problems.append(Problem(label, f"the first line is not UTF-8 text; {SAVE_AS_UTF8}", 1))
        return []
    chosen = {_squeeze(given): field for given, field in options.columns}
    problems += _unused_choices(label, header, options)
    by_synonym = {key: field for key, field in FIELD_OF.items() if field not in chosen.values()}
    fields = [chosen.get(_squeeze(cell), by_synonym.get(_squeeze(cell), "")) for cell in header]
    for index, field in enumerate(fields):
        if field and field in fields[:index]:
            first = header[fields.index(field)].strip()
            message = f"this column and column '{first}' both hold '{field}'; keep one"
            if _squeeze(first) == _squeeze(header[index]):
                message = "this column appears twice"
            problems.append(_problem(label, 1, header[index].strip().lower(), message))
    problems += _ignored_note(label, header, fields)
    if "name" not in fields:
        message = "the header has no 'name' column (the one column every row needs)"
        problems.append(Problem(label, message, 1))
    return fields


def _unused_choices(label: str, header: list[str], options: ReadOptions) -> list[Problem]:
    present = {_squeeze(cell) for cell in header}
    columns = ", ".join(repr(cell.strip()) for cell in header if cell.strip())
    message = '--column "{}={}": the file has no column {!r}; its columns are {}'
    return [
        Problem(label, message.format(given, field, given, columns), 1)
        for given, field in options.columns
        if _squeeze(given) not in present
    ]


def _ignored_note(label: str, header: list[str], fields: list[str]) -> list[Problem]:
    ignored = [cell.strip() for cell, field in zip(header, fields, strict=True) if not field]
    if not (ignored := [cell for cell in ignored if cell]):
        return []
    named = ", ".join(f"'{cell}'{_did_you_mean(_squeeze(cell))}" for cell in ignored)
    message = (
        f"ignored column{'s' if len(ignored) > 1 else ''} {named}; the columns used are "
        f'{", ".join(COLUMNS)} (--column "Header=field" uses another)'
    )
    return [_Note(label, message, line=1)]


def _did_you_mean(column: str) -> str:
    close = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _yaml_rows(path: Path, label: str, problems: list[Problem]) -> Iterator[Row]:
    raw = path.read_bytes()
    try:
        node, refusals = _compose(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02X}); {SAVE_AS_UTF8}"
        raise _UnreadableError(Problem(label, message, line)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark.line + 1 if error.problem_mark else None
        raise _UnreadableError(Problem(label, f"not valid YAML: {error.problem}", mark)) from None
    if refusals:  # an alias bomb must not be walked; one refusal is enough to stop
        message, where = refusals[0]
        raise _UnreadableError(Problem(label, message, where.line + 1, where.column + 1))
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


def _compose(text: str) -> tuple[yaml.Node | None, list[tuple[str, yaml.Mark]]]:
    """The document's node tree, composed by the content loader: aliases refused (kept in
    the refusals with their marks) and deep nesting stopped, as for content files."""
    loader = ContentLoader(text)
    try:
        return loader.get_single_node(), loader.refusals
    finally:
        loader.dispose()


def _yaml_cells(label: str, item: yaml.MappingNode, problems: list[Problem]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for key_node, value_node in item.value:
        key, line = str(key_node.value).strip().lower(), key_node.start_mark.line + 1
        if key_node.tag == MERGE_TAG:
            problems.append(_problem(label, line, key, "YAML merge keys (<<) are not allowed"))
        elif key not in COLUMNS:
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
    """Known columns only, whitespace trimmed and runs of spaces collapsed ("ES" is es)."""
    clean = {key: " ".join(str(value).split()) for key, value in cells.items() if key in COLUMNS}
    return {key: value.lower() if key == "language" else value for key, value in clean.items()}


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
    if column == "language" and not LANGUAGE.match(value.lower()):
        return f"'{value}' is not a language code (like en or es)"
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
