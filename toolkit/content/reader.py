"""Read one YAML file with the line of every value, and validate it against its model.

Takes in: a YAML file and the pydantic model it should match (``Topic``, ``Brand``…).
Gives out: the validated model and the (line, column) of every key and list item, or the
file's problems in the ``Collector``: a YAML syntax error at its line and column, a
duplicate key with both lines, and each schema error reworded for someone editing YAML.

YAML is read with the safe loader only (content is data, never code).
"""

from __future__ import annotations

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
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        collector.add(path, f"not UTF-8 text (byte {error.start}); save the file as UTF-8")
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        _add_yaml_error(path, error, collector)
        return None
    if not isinstance(node, yaml.MappingNode):
        collector.add(path, "expected a mapping of fields (key: value) at the top of the file")
        return None
    positions: Positions = {}
    if not _index_nodes(node, (), positions, path, collector):
        return None
    try:  # the safe constructor refuses tags such as !!python/object
        data = yaml.SafeLoader(text).get_single_data()
    except yaml.MarkedYAMLError as error:
        _add_yaml_error(path, error, collector)
        return None
    collector.positions[path] = positions
    return data, positions


def _add_yaml_error(path: Path, error: yaml.MarkedYAMLError, collector: Collector) -> None:
    mark = error.problem_mark or error.context_mark
    message = f"YAML syntax error: {error.problem or error.context}"
    if mark is None:
        collector.add(path, message)
    else:
        collector.add(path, message, line=mark.line + 1, column=mark.column + 1)


def _index_nodes(
    node: yaml.Node, loc: Loc, positions: Positions, path: Path, collector: Collector
) -> bool:
    """Record positions under ``loc``; refuse duplicate keys, reporting both lines."""
    positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
    ok = True
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
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
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "none"})


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
