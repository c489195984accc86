"""Translation health: is each translation complete, and made from the current source?

Takes in: the data of a source file (``topics/sextortion.yaml``) and of its translation
(``topics/sextortion.es.yaml``), as read from YAML.
Gives out: the source's content hash, which a translation records as
``translation: {source_hash: …}`` when it is made or brought up to date, and the key
differences between the two files (a field or list item present in one but not the other).

The hash is taken over the data, not the file's bytes, so re-wrapping a paragraph or
editing a comment does not mark every translation as out of date; changing a word does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

META_KEY = "translation"
"""The mapping at the top of a translation file that says what it was made from."""
HASH_PATTERN = re.compile(r"^[0-9a-f]{12}$")
SOURCE_ONLY = {"language", "translations"}
"""Top-level fields of ``toolkit.yaml`` that only the source file has."""

Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class KeyDifference:
    """A field or list item in one language's file but not the other's."""

    loc: Loc
    missing_from: Literal["translation", "source"]


def source_hash(data: Any) -> str:
    """Twelve hex digits that change whenever the source's content changes."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def key_differences(source: Any, translated: Any, loc: Loc = ()) -> Iterator[KeyDifference]:
    """Every field or list item that one side has and the other lacks, in source order."""
    if isinstance(source, dict) and isinstance(translated, dict):
        for key, value in source.items():
            if not loc and key in SOURCE_ONLY:
                continue
            if key in translated:
                yield from key_differences(value, translated[key], (*loc, key))
            else:
                yield KeyDifference((*loc, key), "translation")
        for key in translated:
            if key not in source and not (not loc and key in (META_KEY, *SOURCE_ONLY)):
                yield KeyDifference((*loc, key), "source")
    elif isinstance(source, list) and isinstance(translated, list):
        for index, (left, right) in enumerate(zip(source, translated, strict=False)):
            yield from key_differences(left, right, (*loc, index))
        for index in range(len(translated), len(source)):
            yield KeyDifference((*loc, index), "translation")
        for index in range(len(source), len(translated)):
            yield KeyDifference((*loc, index), "source")
