"""Translations: each language's files, read beside their sources and checked for health.

Takes in: the data of a source file (``topics/sextortion.yaml``) and of its translation
(``topics/sextortion.es.yaml``), as read from YAML; ``load_translations`` takes the content
folder and the languages ``toolkit.yaml`` lists.
Gives out: a ``Translation`` per language (its toolkit, topics and series), with a warning
in the ``Collector`` for each translation that is missing, incomplete or older than its
source; the source's content hash, which a translation records as
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
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from toolkit import RUN
from toolkit.assets.i18n import LOCALE_DIR, catalog_path, has_catalog, language_name
from toolkit.content.models import ID_PATTERN, Series, Toolkit, Topic
from toolkit.content.problems import Collector, Loc
from toolkit.content.reader import read_yaml, validate
from toolkit.errors import Problem, display_path

M = TypeVar("M", bound=BaseModel)

META_KEY = "translation"
"""The mapping at the top of a translation file that says what it was made from."""
HASH_PATTERN = re.compile(r"^[0-9a-f]{12}$")
SOURCE_ONLY = {"language", "translations"}
"""Top-level fields of ``toolkit.yaml`` that only the source file has."""
LANGUAGE_KEYS = {"title_lang"}
"""The field saying a plain-text title's language: a translation may need it where its
source does not (an English series title kept in a Spanish guide), so it is no key
difference. Text fields mark other-language words in Markdown, ``[Take It Down]{lang=en}``."""


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
            if (not loc and key in SOURCE_ONLY) or key in LANGUAGE_KEYS:
                continue
            if key in translated:
                yield from key_differences(value, translated[key], (*loc, key))
            else:
                yield KeyDifference((*loc, key), "translation")
        for key in translated:
            if key in LANGUAGE_KEYS:
                continue
            if key not in source and not (not loc and key in (META_KEY, *SOURCE_ONLY)):
                yield KeyDifference((*loc, key), "source")
    elif isinstance(source, list) and isinstance(translated, list):
        for index, (left, right) in enumerate(zip(source, translated, strict=False)):
            yield from key_differences(left, right, (*loc, index))
        for index in range(len(translated), len(source)):
            yield KeyDifference((*loc, index), "translation")
        for index in range(len(source), len(translated)):
            yield KeyDifference((*loc, index), "source")


TRANSLATION_NAME = re.compile(r"^([a-z0-9][a-z0-9-]*)\.([a-z]{2}(?:-[A-Z]{2})?)$")
"""``sextortion.es``: the stem of a translation file."""


@dataclass(frozen=True)
class Translation:
    """The content in one more language: the translation files that exist and load."""

    toolkit: Toolkit
    topics: dict[str, Topic]
    series: dict[str, Series]


def load_translations(root: Path, toolkit: Toolkit, collector: Collector) -> dict[str, Translation]:
    """Each translated language's files, checked against their sources."""
    for index, lang in enumerate(toolkit.translations):
        if not has_catalog(lang):
            collector.add_at(
                root / "toolkit.yaml",
                ("translations", index),
                f"the templates have no {language_name(lang)} yet: add their strings in "
                f"{catalog_path(lang).relative_to(LOCALE_DIR.parents[2])} "
                "(see docs/translating.md)",
            )
    _check_translation_names(root, toolkit, collector)
    found: dict[str, Translation] = {}
    for lang in toolkit.translations:
        kit = load_translation(root / "toolkit.yaml", lang, Toolkit, collector)
        topics = _load_translated_folder(root / "topics", lang, Topic, collector)
        series = _load_translated_folder(root / "series", lang, Series, collector)
        if kit is not None:
            found[lang] = Translation(kit, topics, series)
    return found


def _check_translation_names(root: Path, toolkit: Toolkit, collector: Collector) -> None:
    """A translation file must be in a listed language and sit beside its source."""
    for path in sorted([*root.glob("topics/*.yaml"), *root.glob("series/*.yaml")]):
        if not (match := TRANSLATION_NAME.match(path.stem)):
            continue
        stem, lang = match.groups()
        if lang not in toolkit.translations:
            collector.add(
                path,
                f"'{lang}' is not among the translations listed in toolkit.yaml; add it "
                f"there (translations: [{', '.join([*toolkit.translations, lang])}])",
            )
        elif not (path.parent / f"{stem}.yaml").is_file():
            collector.add(
                path, f"translation of {path.parent.name}/{stem}.yaml, which does not exist"
            )


def _load_translated_folder(
    folder: Path, lang: str, model: type[M], collector: Collector
) -> dict[str, M]:
    loaded: dict[str, M] = {}
    for source in sorted(folder.glob("*.yaml")):
        if ID_PATTERN.match(source.stem) and source in collector.data:
            item = load_translation(source, lang, model, collector)
            if item is not None:
                loaded[source.stem] = item
    return loaded


def load_translation(
    source: Path, lang: str, model: type[M], collector: Collector, missing: str = ""
) -> M | None:
    """Load ``x.<lang>.yaml`` beside ``x.yaml``; warn if it is missing, incomplete or old.

    ``missing`` says what a missing translation means; by default, no documents.
    """
    path = source.with_name(f"{source.stem}.{lang}.yaml")
    shown = display_path(source, collector.root)
    if not path.is_file():
        effect = missing or f"its {language_name(lang)} documents are not built"
        collector.warnings.append(
            Problem(
                display_path(path, collector.root),
                f"no {language_name(lang)} translation of {shown} yet, so {effect}; "
                f"start one with: {RUN} new-translation {shown} {lang}",
            )
        )
        return None
    parsed = read_yaml(path, collector)
    if parsed is None:
        return None
    data = dict(parsed[0])
    meta = data.pop(META_KEY, None)
    for difference in key_differences(collector.data.get(source, {}), data):
        message = (
            f"in {shown} but missing from this {language_name(lang)} translation"
            if difference.missing_from == "translation"
            else f"not in {shown}: remove it here, or add it there"
        )
        collector.warn_at(path, difference.loc, message)
    _check_source_hash(path, source, meta, collector)
    return validate(path, data, parsed[1], model, collector)


def _check_source_hash(path: Path, source: Path, meta: Any, collector: Collector) -> None:
    current = source_hash(collector.data.get(source, {}))
    shown = display_path(source, collector.root)
    recorded = meta.get("source_hash") if isinstance(meta, dict) else None
    if not isinstance(meta, dict) or set(meta) != {"source_hash"}:
        collector.add_at(
            path,
            (META_KEY,),
            f"must say which version of {shown} it translates, as "
            f"'{META_KEY}: {{source_hash: \"{current}\"}}'",
        )
    elif not isinstance(recorded, str) or not HASH_PATTERN.match(recorded):
        collector.add_at(path, (META_KEY, "source_hash"), "must be 12 hex digits, in quotes")
    elif recorded != current:
        collector.warn_at(
            path,
            (META_KEY, "source_hash"),
            f"the text of {shown} changed since this translation was made; review the "
            f"translation against it, then run: {RUN} translation-done "
            f"{display_path(path, collector.root)}",
        )
