"""Read one YAML file with the line of every value, and validate it against its model.

Takes in: a YAML file and the pydantic model it should match (``Topic``, ``Brand``…).
Gives out: the validated model and the (line, column) of every key and list item, or the
file's problems in the ``Collector``: a YAML syntax error at its line and column, a
duplicate key with both lines, and each schema error reworded for someone editing YAML.

YAML is read with the safe loader only (content is data, never code), and files from other
people are read defensively: aliases and merge keys are refused (an alias bomb names billions
of values in a few lines; a merge key slips a second ``title`` past the duplicate-key check),
so are numbers YAML 1.1 would silently convert (``1:30`` is 90, ``010`` is 8), invisible
control characters, and values nested deeper than content ever needs.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toolkit.content.glyphs import check_glyphs
from toolkit.content.models import (
    COLOUR_PATTERN,
    EMAIL_PATTERN,
    FONT_PATTERN,
    ID_REF_PATTERN,
    LANGUAGE_PATTERN,
    LOGO_PATTERN,
    URL_PATTERN,
)
from toolkit.content.problems import (
    Collector,
    Loc,
    Positions,
    format_loc,
    nearest_position,
    suggest,
)

M = TypeVar("M", bound=BaseModel)

MAX_DEPTH = 50
"""How deeply values may nest; content needs four or five levels."""
MAX_REFUSALS = 10
"""How many refused aliases or numbers to name in one file before giving a count."""
NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters the YAML reader refuses (PyYAML's own rule), found first so they get a line."""
SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
UNION_TAG = re.compile(r"[a-z][a-z-]*\[.*\]")
"""A branch name pydantic puts in an error's location: ``function-after[...]``."""
INT_TAG, FLOAT_TAG, MERGE_TAG = (f"tag:yaml.org,2002:{name}" for name in ("int", "float", "merge"))


def load_model(path: Path, model: type[M], collector: Collector) -> M | None:
    """Parse one YAML file and validate it; record problems instead of raising."""
    parsed = read_yaml(path, collector)
    if parsed is None:
        return None
    data, positions = parsed
    collector.data[path] = data
    return validate(path, data, positions, model, collector)


def validate(
    path: Path, data: dict[str, Any], positions: Positions, model: type[M], collector: Collector
) -> M | None:
    try:
        item = model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            _add_schema_problem(path, model, detail, positions, collector)
        return None
    check_glyphs(path, data, (), collector)
    return item


def read_yaml(path: Path, collector: Collector) -> tuple[dict[str, Any], Positions] | None:
    """Safe-load a YAML mapping and the (line, column) of every key and list item."""
    if path.is_dir():
        collector.add(
            path, "is a folder, not a YAML file; rename it so its name does not end in .yaml"
        )
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        collector.add(path, f"cannot be read ({error.strerror or error})")
        return None
    except UnicodeDecodeError as error:
        collector.add(path, f"not UTF-8 text (byte {error.start}); save the file as UTF-8")
        return None
    if _control_characters(path, text, collector):
        return None
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        _add_yaml_error(path, error, collector)
        return None
    finally:
        loader.dispose()
    if _add_refusals(path, loader.refusals, collector):
        return None
    if not isinstance(node, yaml.MappingNode):
        collector.add(path, "expected a mapping of fields (key: value) at the top of the file")
        return None
    positions: Positions = {}
    if not _index_nodes(node, (), positions, path, collector):
        return None
    try:  # the safe constructor refuses tags such as !!python/object
        data = yaml.SafeLoader("").construct_document(node)
    except yaml.MarkedYAMLError as error:
        _add_yaml_error(path, error, collector)
        return None
    collector.positions[path] = positions
    return data, positions


class TooDeepError(yaml.MarkedYAMLError):
    """Values nested deeper than ``MAX_DEPTH``: refused before Python's recursion limit."""


class ContentLoader(yaml.SafeLoader):
    """The safe loader, refusing aliases (an alias bomb) and deep nesting while it composes,
    before anything walks the tree. Refused aliases are kept in ``refusals`` as (message,
    mark), so every one is reported."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.refusals: list[tuple[str, yaml.Mark]] = []
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()  # type: ignore[no-untyped-call]
            message = (
                f"YAML aliases (*{event.anchor}) are not allowed in content files; "
                "write the value out in full"
            )
            self.refusals.append((message, event.start_mark))
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            message = (
                f"values are nested more than {MAX_DEPTH} levels deep; content needs only a few"
            )
            raise TooDeepError(problem=message, problem_mark=mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _number_refusal(node: yaml.ScalarNode) -> str | None:
    """Why a plain number YAML 1.1 would convert (``1:30`` to 90, ``010`` to 8) is refused."""
    if node.style or node.tag not in (INT_TAG, FLOAT_TAG):
        return None
    text = str(node.value)
    if SEXAGESIMAL.fullmatch(text):
        return (
            f"'{text}' would be read as a base-60 number ({_base_60(text)}); "
            "put it in quotes, or write the number itself"
        )
    if node.tag == INT_TAG and LEADING_ZERO.fullmatch(text):
        octal = int(text.replace("_", ""), 8) if set(text) <= set("+-01234567_") else None
        read = f" ({octal})" if octal is not None else ""
        return (
            f"'{text}' has a leading zero, which older YAML reads as octal{read}; "
            "drop the zero, or put it in quotes"
        )
    return None


def _base_60(text: str) -> int | float:
    sign = -1 if text.startswith("-") else 1
    total: float = 0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + float(part)
    return sign * (int(total) if total.is_integer() and "." not in text else total)


def _control_characters(path: Path, text: str, collector: Collector) -> bool:
    """Report the first invisible control character on each line; True if any."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if match := NON_PRINTABLE.search(line):
            collector.add(
                path,
                f"contains an invisible control character (U+{ord(match.group()):04X}); delete "
                "it (it often comes from copying out of a PDF or a word processor)",
                line=number,
                column=match.start() + 1,
            )
            found = True
    return found


def _add_refusals(path: Path, refusals: list[tuple[str, yaml.Mark]], collector: Collector) -> bool:
    """Report refused aliases (the first few, then a count)."""
    for message, mark in refusals[:MAX_REFUSALS]:
        collector.add(path, message, line=mark.line + 1, column=mark.column + 1)
    if len(refusals) > MAX_REFUSALS:
        collector.add(path, f"{len(refusals) - MAX_REFUSALS} more like these")
    return bool(refusals)


def _add_yaml_error(path: Path, error: yaml.MarkedYAMLError, collector: Collector) -> None:
    mark = error.problem_mark or error.context_mark
    message = f"YAML syntax error: {error.problem or error.context}"
    if isinstance(error, TooDeepError):
        message = str(error.problem)
    if mark is None:
        collector.add(path, message)
    else:
        collector.add(path, message, line=mark.line + 1, column=mark.column + 1)


def _index_nodes(
    node: yaml.Node, loc: Loc, positions: Positions, path: Path, collector: Collector
) -> bool:
    """Record positions under ``loc``; refuse duplicate keys, reporting both lines, merge
    keys, and numbers YAML 1.1 would convert."""
    positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
    ok = True
    if isinstance(node, yaml.ScalarNode) and (refusal := _number_refusal(node)):
        where = {"line": node.start_mark.line + 1, "column": node.start_mark.column + 1}
        collector.add(path, refusal, field=format_loc(loc) or None, **where)
        return False
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key_node.tag == MERGE_TAG:
                collector.add(
                    path,
                    "YAML merge keys (<<) are not allowed in content files; write each field out",
                    line=line,
                    column=key_node.start_mark.column + 1,
                )
                ok = False
                continue
            if key in seen:
                collector.add(
                    path,
                    f"duplicate key '{key}' (first on line {seen[key]})",
                    line=line,
                    column=key_node.start_mark.column + 1,
                )
                ok = False
            seen[key] = line
            positions[(*loc, key)] = (line, key_node.start_mark.column + 1)
            ok = _index_nodes(value_node, (*loc, key), positions, path, collector) and ok
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            ok = _index_nodes(item, (*loc, index), positions, path, collector) and ok
    return ok


def _add_schema_problem(
    path: Path,
    model: type[BaseModel],
    detail: ErrorDetails,
    positions: Positions,
    collector: Collector,
) -> None:
    loc = tuple(part for part in detail["loc"] if not _is_union_tag(part))
    line, column = nearest_position(loc, positions)
    message = _schema_message(model, loc, detail)
    collector.add(path, message, line=line, column=column, field=format_loc(loc) or None)


def _is_union_tag(part: int | str) -> bool:
    # pydantic adds the branch name ("str", "function-after[...]") for union members.
    return isinstance(part, str) and (
        bool(UNION_TAG.fullmatch(part)) or part in {"str", "int", "none"}
    )


PATTERN_HINTS = {
    URL_PATTERN: "must be a full address starting with https:// (or mailto: or tel:), no spaces",
    COLOUR_PATTERN: 'must be "#" and six hex digits, in quotes, like "#1E5B3A"',
    LOGO_PATTERN: "must be the name of an image file in the brand folder, such as logo.svg",
    FONT_PATTERN: "must be the name of a .ttf, .otf, .woff or .woff2 file in the brand folder",
    LANGUAGE_PATTERN: "must be a language tag such as en or es-US",
    EMAIL_PATTERN: "must be an e-mail address such as name@example.org",
    ID_REF_PATTERN: "must be an id: lower-case letters, digits and '-'",
}


def _schema_message(model: type[BaseModel], loc: Loc, detail: ErrorDetails) -> str:
    """Pydantic's error, reworded for someone editing YAML rather than Python."""
    kind, value, ctx = detail["type"], detail.get("input"), detail.get("ctx", {})
    if kind == "extra_forbidden":
        known = _field_names_at(model, loc[:-1])
        return f"unknown field{suggest(str(loc[-1]), known)}"
    if kind == "missing":
        return "required field is missing"
    if value is None and kind.endswith("_type"):
        return "has no value (a value starting with # must be in quotes)"
    if kind == "string_type" and isinstance(value, bool | int | float):
        return "must be text; put it in quotes (YAML reads yes, no and bare numbers otherwise)"
    if kind in {"int_type", "int_parsing"} and isinstance(value, str):
        return "must be a whole number, without quotes"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_HINTS:
        return PATTERN_HINTS[ctx["pattern"]]
    if kind == "string_too_long" and isinstance(value, str):
        return f"is {len(value)} characters long; at most {ctx['max_length']} fit here"
    return str(detail["msg"]).removeprefix("Value error, ")


def _field_names_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Names of the fields allowed at ``loc`` inside ``model``, for did-you-mean hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _inner_model(annotation: Any) -> Any:
    """The model class inside ``list[X]``, ``X | None`` or ``Annotated[X, ...]``."""
    if _is_model(annotation):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            if (found := _inner_model(arg)) is not None:
                return found
    return None
