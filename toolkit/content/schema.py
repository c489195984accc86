"""JSON Schema of the content files, for editors that autocomplete YAML.

Takes in: the pydantic models in ``toolkit.content.models``.
Gives out: one JSON Schema document with a definition per file kind (toolkit, topic, series,
brand, verified help lines); point an editor's YAML extension at it for completion and
inline errors.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from toolkit.content.models import Brand, HelpLines, Series, Toolkit, Topic

FILE_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "toolkit": (Toolkit, "content/toolkit.yaml"),
    "topic": (Topic, "content/topics/*.yaml"),
    "series": (Series, "content/series/*.yaml"),
    "brand": (Brand, "content/brands/*/brand.yaml"),
    "helplines": (HelpLines, "content/helplines.yaml"),
}


def content_schema() -> dict[str, Any]:
    """A schema whose ``$defs`` hold one entry per file kind, each naming its files."""
    definitions: dict[str, Any] = {}
    for name, (model, pattern) in FILE_KINDS.items():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        definitions.update(schema.pop("$defs", {}))
        schema["x-files"] = pattern
        definitions[name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Online-safety toolkit content",
        "description": "One definition per file kind; x-files says which files it describes.",
        "$defs": definitions,
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in FILE_KINDS],
    }
