"""``brand.yaml`` read and written back by the studio, keeping what it does not manage.

Takes in: the text of a brand file (or none, for a new brand) and the values the studio's
form holds, as the nested dictionary ``form`` gives out.
Gives out: the file's text with those values put in, read and written in ruamel.yaml's
round-trip mode, so comments, key order, quoting and keys the studio has no field for stay
as they were, byte for byte; and the values a file holds, for the form.

The text must still be read by the toolkit's own loader (``content.reader``), which refuses
what YAML 1.1 would convert: so every text the studio writes is quoted whenever PyYAML would
read it back as anything but that same text (``1:30``, ``010``, ``yes``, ``#1E5B3A``).
"""

from __future__ import annotations

import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from toolkit.errors import ToolkitError

NEW_BRAND_HEADER = (
    "Made in the brand studio (build_pdfs.py studio). You may also edit it by hand:\n"
    "every field is explained in docs/branding.md."
)
DEFAULTS: dict[str, Any] = {"paper": "letter", "card_size": "3.5x5", "languages": []}
"""Values the studio does not write into a file that leaves them out."""


def _yaml() -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 100
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def read_brand(text: str | None) -> CommentedMap:
    """The brand file as a round-trip mapping; an empty one, with a header, for a new brand."""
    if text is None:
        data = CommentedMap()
        data.yaml_set_start_comment(NEW_BRAND_HEADER)
        return data
    try:
        data = _yaml().load(text)
    except YAMLError as error:
        raise ToolkitError(f"brand.yaml cannot be read: {error}") from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ToolkitError("brand.yaml must hold fields (key: value) at the top")
    return data


def dump_brand(data: CommentedMap) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def plain(data: Any) -> Any:
    """Round-trip values as plain dictionaries, lists and scalars (for the form)."""
    if isinstance(data, dict):
        return {str(key): plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return str(data) if isinstance(data, str) else data


def update_brand(data: CommentedMap, values: dict[str, Any]) -> CommentedMap:
    """Put the form's ``values`` into ``data``; an empty value removes its key."""
    for key, value in values.items():
        if key not in data and DEFAULTS.get(key, object()) == value:
            continue
        _merge_key(data, key, value)
    return data


def _merge_key(data: CommentedMap | CommentedSeq, key: Any, value: Any) -> None:
    present = key in data if isinstance(data, CommentedMap) else key < len(data)
    old = data[key] if present else None
    if value in (None, "", [], {}):
        if present:
            del data[key]
    elif isinstance(value, dict):
        target = old if isinstance(old, CommentedMap) else CommentedMap()
        for inner_key, inner_value in value.items():
            _merge_key(target, inner_key, inner_value)
        data[key] = target
        if not target:
            del data[key]
    elif isinstance(value, list):
        data[key] = _merge_list(old, value)
    elif old != value:
        data[key] = _scalar(value)


def _merge_list(old: Any, values: list[Any]) -> CommentedSeq:
    target = old if isinstance(old, CommentedSeq) else CommentedSeq()
    if not isinstance(old, CommentedSeq) and all(not isinstance(v, dict) for v in values):
        target.fa.set_flow_style()  # languages: [en, es]
    for index, value in enumerate(values):
        if index < len(target) and isinstance(value, dict):
            _merge_key(target, index, value)
        elif index < len(target):
            if target[index] != value:
                target[index] = _scalar(value)
        else:
            holder = CommentedMap() if isinstance(value, dict) else None
            if holder is not None:
                target.append(holder)
                _merge_key(target, index, value)
            else:
                target.append(_scalar(value))
    del target[len(values) :]
    return target


def _scalar(value: Any) -> Any:
    """A value as the toolkit's loader will read it back: text that PyYAML would turn into
    something else (a number, a date, ``true``, a comment) goes in double quotes."""
    if not isinstance(value, str):
        return value
    try:
        read_back = yaml.safe_load(value) if value.strip() == value else None
    except yaml.YAMLError:
        read_back = None
    if read_back == value and isinstance(read_back, str):
        return value
    return DoubleQuotedScalarString(value)
