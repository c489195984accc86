"""Tests for ``toolkit.content.schema``: the JSON Schema editors use to autocomplete content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from toolkit.content.schema import content_schema

FILE_KINDS = {
    "topic": "content/topics/*.yaml",
    "series": "content/series/*.yaml",
    "brand": "content/brands/*/brand*.yaml",
    "toolkit": "content/toolkit*.yaml",
}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.mark.parametrize(("kind", "files"), FILE_KINDS.items())
def test_each_file_kind_has_a_definition_naming_its_files(kind: str, files: str) -> None:
    assert content_schema()["$defs"][kind]["x-files"] == files


def test_top_level_accepts_any_file_kind() -> None:
    assert content_schema()["anyOf"] == [{"$ref": f"#/$defs/{kind}"} for kind in FILE_KINDS]


def test_every_reference_points_at_a_definition() -> None:
    schema = content_schema()
    refs = set(_refs(schema))

    assert refs
    assert {ref.removeprefix("#/$defs/") for ref in refs} <= set(schema["$defs"])


def test_topic_and_nested_models_refuse_unknown_fields() -> None:
    definitions = content_schema()["$defs"]

    assert definitions["topic"]["additionalProperties"] is False
    assert definitions["Figure"]["additionalProperties"] is False


def test_field_descriptions_come_from_model_docstrings() -> None:
    properties = content_schema()["$defs"]["topic"]["properties"]

    assert properties["warning_signs"]["description"] == (
        "Signs that something may be wrong, one per item."
    )
    assert properties["figures"]["description"] == 'Up to four "By the Numbers" figures.'


def test_required_fields_are_listed() -> None:
    topic = content_schema()["$defs"]["topic"]

    assert "warning_signs" in topic["required"]
    assert "figures" not in topic["required"]


def test_schema_is_json_serialisable() -> None:
    schema = content_schema()

    assert json.loads(json.dumps(schema)) == schema
