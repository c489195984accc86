"""Tests for ``toolkit.content.schema``: the JSON Schemas editors use to autocomplete content,
checked with ``jsonschema`` against every shipped file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from toolkit.builder.scaffold import SCHEMAS, new_brand, new_topic
from toolkit.content.schema import content_schema, kind_schema
from toolkit.content.translations import TRANSLATION_NAME

FILE_KINDS = {
    "topic": "content/topics/*.yaml",
    "series": "content/series/*.yaml",
    "brand": "content/brands/*/brand*.yaml",
    "toolkit": "content/toolkit*.yaml",
    "helplines": "content/helplines.yaml",
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


PROJECT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((PROJECT / "content").rglob("*.yaml"))


def _kind(path: Path) -> str:
    if path.name.startswith("toolkit"):
        return "toolkit"
    if path.name == "helplines.yaml":
        return "helplines"
    return {"topics": "topic", "series": "series"}.get(path.parent.name, "brand")


def _errors(kind: str, data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(kind_schema(kind))
    return [
        f"{'.'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_shipped_file_validates_against_its_kinds_schema(path: Path) -> None:
    # As an editor sees it: YAML 1.2 reads 2026-11-28 as text, PyYAML as a date.
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))

    assert _errors(_kind(path), data) == []
    if TRANSLATION_NAME.match(path.stem):
        assert _errors("translation", data) == []


def test_the_shipped_files_include_every_kind_and_translations() -> None:
    kinds = {_kind(path) for path in SHIPPED}
    assert kinds == {"topic", "series", "brand", "toolkit", "helplines"}
    assert sum(bool(TRANSLATION_NAME.match(path.stem)) for path in SHIPPED) == 12


def test_a_typo_names_the_field() -> None:
    data = yaml.safe_load((PROJECT / "content/topics/sextortion.yaml").read_text())
    data["warnings_signs"] = data.pop("warning_signs")

    assert _errors("topic", data) == [
        "(top): Additional properties are not allowed ('warnings_signs' was unexpected)",
        "(top): 'warning_signs' is a required property",
    ]


def test_a_translation_without_its_block_is_named() -> None:
    data = yaml.safe_load((PROJECT / "content/topics/sextortion.es.yaml").read_text())
    del data["translation"]
    assert _errors("translation", data) == ["(top): 'translation' is a required property"]
    data["translation"] = {"source_hash": "abc"}
    assert _errors("topic", data) == [
        "translation.source_hash: 'abc' does not match '^[0-9a-f]{12}$'"
    ]


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_the_schemas_folder_is_up_to_date(kind: str) -> None:
    written = json.loads((PROJECT / "schemas" / f"{kind}.schema.json").read_text())
    assert written == kind_schema(kind), "run: make schema"


def test_scaffolded_files_name_their_schema(content: Path) -> None:
    topic = new_topic(content, "gaming-safety")
    brand = new_brand(content, "lincoln-middle") / "brand.yaml"

    for path, kind in [(topic, "topic"), (brand, "brand")]:
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema={(SCHEMAS / kind).as_uri()}.schema.json"
        assert _errors(kind, yaml.safe_load(path.read_text())) == []
