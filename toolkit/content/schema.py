"""JSON Schemas of the content files, for editors that autocomplete YAML.

Takes in: the pydantic models in ``toolkit.content.models``.
Gives out: one JSON Schema per file kind (``kind_schema``: topic, series, brand, toolkit,
verified help lines, translation), each self-contained, with the files it describes in
``x-files``; an editor
maps each to its files (docs/content.md, section 13), so a typo is reported against the
right kind ("'warnings_signs' was unexpected") instead of "not valid under any of the given
schemas". ``content_schema()`` still gives every kind in one document's ``$defs``.

A translation (``topics/x.es.yaml``) is its source's kind plus a ``translation`` block, so
each kind's schema accepts that block, and the ``translation`` schema requires it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from toolkit.content.models import Brand, HelpLines, Series, Toolkit, Topic

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_KINDS: dict[str, tuple[type[BaseModel] | None, str]] = {
    "topic": (Topic, "content/topics/*.yaml"),
    "series": (Series, "content/series/*.yaml"),
    "brand": (Brand, "content/brands/*/brand*.yaml"),
    "toolkit": (Toolkit, "content/toolkit*.yaml"),
    "helplines": (HelpLines, "content/helplines.yaml"),
    "translation": (None, "content/**/*.??.yaml"),
}
"""Each file kind: its model (none for the translation block alone) and its files."""
TRANSLATION_BLOCK = {
    "type": "object",
    "description": "Only in a translation (x.es.yaml): the version of the English file it "
    "translates. translation-done updates it after a review.",
    "properties": {
        "source_hash": {
            "type": "string",
            "pattern": "^[0-9a-f]{12}$",
            "description": "Twelve hex digits, in quotes: the English file's content hash.",
        }
    },
    "required": ["source_hash"],
    "additionalProperties": False,
}


def kind_schema(kind: str) -> dict[str, Any]:
    """The schema of one file kind, with its own ``$defs``."""
    model, pattern = FILE_KINDS[kind]
    if model is None:
        schema: dict[str, Any] = {
            "title": "Translation",
            "description": "A translation file: its source's fields, translated, and a "
            "translation block naming the version of the source it translates.",
            "type": "object",
            "properties": {"translation": TRANSLATION_BLOCK},
            "required": ["translation"],
        }
    else:
        schema = model.model_json_schema()
        schema["properties"]["translation"] = TRANSLATION_BLOCK
    return {"$schema": SCHEMA_DIALECT, **schema, "x-files": pattern}


def content_schema(kind: str | None = None) -> dict[str, Any]:
    """``kind``'s schema; without a kind, every kind in one document's ``$defs``."""
    if kind is not None:
        return kind_schema(kind)
    definitions: dict[str, Any] = {}
    for name, (model, pattern) in FILE_KINDS.items():
        if model is None:
            continue
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        definitions.update(schema.pop("$defs", {}))
        schema["x-files"] = pattern
        definitions[name] = schema
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "Online-safety toolkit content",
        "description": "One definition per file kind; x-files says which files it describes. "
        "Editors give clearer messages with one schema per kind: build_pdfs.py schema KIND.",
        "$defs": definitions,
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name, (model, _) in FILE_KINDS.items() if model],
    }
