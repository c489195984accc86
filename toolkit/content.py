"""Read the content folder into typed models.

Takes in: a content folder (``toolkit.yaml``, ``topics/*.yaml``, ``series/*.yaml``,
``brands/<name>/brand.yaml``, and translations beside their sources: ``topics/x.es.yaml``).
Gives out: a ``Project`` of validated models (with a view per language and warnings about
translations that are missing, incomplete or older than their source), or one
``ContentError`` listing every problem in every file with its file, line, column and field.

YAML is read with the safe loader only (content is data, never code); duplicate keys are
refused, and each key's position is kept so schema errors can point at the right line.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toolkit.colours import contrast_problems
from toolkit.errors import ContentError, Problem, display_path
from toolkit.fonts import missing_glyphs
from toolkit.i18n import LOCALE_DIR, catalog_path, has_catalog, language_name
from toolkit.images import font_problems, image_problems, print_resolution_warning
from toolkit.models import (
    COLOUR_PATTERN,
    EMAIL_PATTERN,
    FONT_PATTERN,
    ID_REF_PATTERN,
    LANGUAGE_PATTERN,
    LOGO_PATTERN,
    URL_PATTERN,
    Brand,
    Series,
    Toolkit,
    Topic,
)
from toolkit.translation import HASH_PATTERN, META_KEY, key_differences, source_hash

M = TypeVar("M", bound=BaseModel)
Loc = tuple[int | str, ...]
Positions = dict[Loc, tuple[int, int]]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PRINTED_SIZE = {"logo": (2.6, 0.9), "partner": (1.4, 0.45)}
"""The largest box (inches) print.css shows each kind of logo in: the booklet cover's logo,
and a partner's logo under "Provided courtesy of"."""
TRANSLATION_NAME = re.compile(r"^([a-z0-9][a-z0-9-]*)\.([a-z]{2}(?:-[A-Z]{2})?)$")
"""``sextortion.es``: the stem of a translation file."""


@dataclass(frozen=True)
class BrandKit:
    """A brand and the folder its files live in."""

    name: str
    folder: Path
    brand: Brand
    translations: dict[str, Brand] = field(default_factory=dict)
    """The brand's own words (footer, organization) in other languages: ``brand.es.yaml``."""

    @property
    def logo_path(self) -> Path | None:
        return self.folder / self.brand.logo.file if self.brand.logo else None

    def files(self) -> list[tuple[Loc, Path, str]]:
        """Every file brand.yaml names: (field, path, kind), kind ``logo``, ``partner`` or
        ``font``."""
        brand, folder = self.brand, self.folder
        named: list[tuple[Loc, Path, str]] = []
        if brand.logo:
            named.append((("logo", "file"), folder / brand.logo.file, "logo"))
        for index, partner in enumerate(brand.partners):
            if partner.logo:
                named.append((("partners", index, "logo"), folder / partner.logo, "partner"))
        for role in ("headings", "text"):
            if name := getattr(brand.fonts, role):
                named.append((("fonts", role), folder / name, "font"))
        return named


@dataclass(frozen=True)
class Translation:
    """The content in one more language: the translation files that exist and load."""

    toolkit: Toolkit
    topics: dict[str, Topic]
    series: dict[str, Series]


@dataclass(frozen=True)
class Project:
    """Everything one build reads: the validated content of one content folder.

    ``toolkit``, ``topics`` and ``series`` are in ``lang``; ``in_language`` gives the same
    project in another language.
    """

    root: Path
    toolkit: Toolkit
    topics: dict[str, Topic]
    series: dict[str, Series]
    brands: dict[str, BrandKit]
    positions: dict[Path, Positions] = field(default_factory=dict)
    """(line, column) of every key and list item, per file, for messages after layout."""
    translations: dict[str, Translation] = field(default_factory=dict)
    """Each translated language's content."""
    warnings: list[Problem] = field(default_factory=list)
    """Translations missing, incomplete or older than their source."""
    lang: str = "en"
    """The language of this view."""
    source_language: str = "en"
    """The language of the source files."""

    @property
    def languages(self) -> list[str]:
        """The source language, then each language that has a toolkit translation."""
        return [self.source_language, *self.translations]

    def in_language(self, lang: str) -> Project:
        """This project with its text in ``lang``; a topic not translated yet keeps its
        source text (an episode may name it)."""
        if lang not in self.translations:
            return self
        translated = self.translations[lang]
        topics = {**self.topics, **translated.topics}
        brands = {
            name: replace(kit, brand=kit.translations.get(lang, kit.brand))
            for name, kit in self.brands.items()
        }
        return replace(
            self,
            toolkit=translated.toolkit,
            topics=topics,
            series=translated.series,
            brands=brands,
            lang=lang,
        )

    def has(self, lang: str, folder: str, subject: str) -> bool:
        """Whether ``folder/subject`` has content in ``lang``."""
        if lang not in self.translations:
            return True
        found = self.translations[lang]
        if folder == "topics":
            return subject in found.topics
        return subject in found.series if folder == "series" else True

    def file(self, folder: str, subject: str) -> Path:
        """The file this view reads ``folder/subject`` from: the translation, if any.
        ``file("", "toolkit")`` is the toolkit file."""
        translated = self.lang in self.translations and self.has(self.lang, folder, subject)
        return self.root / folder / f"{subject}{'.' + self.lang if translated else ''}.yaml"

    def source(self, path: Path, loc: Loc) -> str:
        """``topics/x.yaml:41 key_messages[2].text``: where a value came from."""
        line, _ = _nearest_position(loc, self.positions.get(path, {}))
        return f"{display_path(path, self.root)}:{line} {format_loc(loc)}"


class _Collector:
    """Gathers problems across files so they are all reported at once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.positions: dict[Path, Positions] = {}
        self.data: dict[Path, dict[str, Any]] = {}

    def add(self, path: Path, message: str, **where: Any) -> None:
        self.problems.append(Problem(file=display_path(path, self.root), message=message, **where))

    def add_at(self, path: Path, loc: Loc, message: str) -> None:
        """Add a problem about the value at ``loc``, with its line when the file was read."""
        self.problems.append(self.at(path, loc, message))

    def warn_at(self, path: Path, loc: Loc, message: str) -> None:
        """A warning about the value at ``loc``: reported, but the build goes on."""
        self.warnings.append(self.at(path, loc, message))

    def at(self, path: Path, loc: Loc, message: str) -> Problem:
        line, column = _nearest_position(loc, self.positions.get(path, {}))
        return Problem(
            display_path(path, self.root), message, line, column, format_loc(loc) or None
        )


def load_project(root: Path) -> Project:
    """Load and validate a whole content folder; raise ``ContentError`` with every problem."""
    collector = _Collector(root)
    if not (root / "toolkit.yaml").is_file():
        raise ContentError(f"{root}: no toolkit.yaml here; is this a content folder?")
    toolkit = _load_model(root / "toolkit.yaml", Toolkit, collector)
    topics = _load_folder(root / "topics", Topic, collector)
    series = _load_folder(root / "series", Series, collector)
    brands = _load_brands(root / "brands", collector, toolkit.translations if toolkit else [])
    topic_files = sorted(path.stem for path in (root / "topics").glob("*.yaml"))
    _check_episode_topics(root, series, topic_files, collector)
    translations = _load_translations(root, toolkit, collector) if toolkit else {}
    if collector.problems:
        raise ContentError(collector.problems)
    assert toolkit is not None
    return Project(
        root,
        toolkit,
        topics,
        series,
        brands,
        collector.positions,
        translations,
        collector.warnings,
        toolkit.language,
        toolkit.language,
    )


def _load_folder(folder: Path, model: type[M], collector: _Collector) -> dict[str, M]:
    loaded: dict[str, M] = {}
    for path in sorted(folder.glob("*.yaml")):
        if TRANSLATION_NAME.match(path.stem):
            continue  # read with the language it is in
        if not ID_PATTERN.match(path.stem):
            collector.add(path, "file name must use only a-z, 0-9 and '-' (it becomes the id)")
            continue
        item = _load_model(path, model, collector)
        if item is not None:
            loaded[path.stem] = item
    return loaded


def _load_brands(folder: Path, collector: _Collector, langs: list[str]) -> dict[str, BrandKit]:
    brands: dict[str, BrandKit] = {}
    for brand_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        path = brand_dir / "brand.yaml"
        if not ID_PATTERN.match(brand_dir.name):
            collector.add(brand_dir, "brand folder name must use only a-z, 0-9 and '-'")
        elif not path.is_file():
            collector.add(brand_dir, "brand folder has no brand.yaml")
        elif (brand := _load_model(path, Brand, collector)) is not None:
            kit = BrandKit(brand_dir.name, brand_dir, brand)
            for field, message in contrast_problems(brand.colours):
                collector.add_at(path, ("colours", field), message)
            if _brand_files_are_usable(kit, path, collector):
                brands[kit.name] = replace(
                    kit, translations=_brand_translations(kit, langs, collector)
                )
    if not brands and not collector.problems:
        collector.add(folder, "no brands found; add brands/default/brand.yaml")
    return brands


def _brand_translations(kit: BrandKit, langs: list[str], collector: _Collector) -> dict[str, Brand]:
    """The brand in other languages, where it has words to translate (a footer)."""
    found = {}
    for lang in langs:
        if kit.brand.footer or (kit.folder / f"brand.{lang}.yaml").is_file():
            missing = f"its {language_name(lang)} documents print its footer untranslated"
            translated = _load_translation(
                kit.folder / "brand.yaml", lang, Brand, collector, missing
            )
            if translated is not None:
                found[lang] = translated
    return found


def _brand_files_are_usable(kit: BrandKit, path: Path, collector: _Collector) -> bool:
    """Every file brand.yaml names is inside the brand folder, exists, and is safe data."""
    usable = True
    for loc, file, kind in kit.files():
        resolved, label = file.resolve(), {"partner": "partner logo"}.get(kind, kind)
        if not resolved.is_relative_to(kit.folder.resolve()):
            collector.add_at(path, loc, f"{label} must be a file inside the brand folder")
        elif not resolved.is_file():
            collector.add_at(path, loc, f"{label} file not found: {file.name}")
        elif problems := (font_problems if kind == "font" else image_problems)(resolved):
            for problem in problems:
                collector.add_at(path, loc, f"{file.name} {problem}")
        else:
            if kind != "font" and (
                warning := print_resolution_warning(resolved, PRINTED_SIZE[kind])
            ):
                collector.warn_at(path, loc, f"{file.name} {warning}")
            continue
        usable = False
    return usable


def _load_translations(
    root: Path, toolkit: Toolkit, collector: _Collector
) -> dict[str, Translation]:
    """Each translated language's files, checked against their sources."""
    for index, lang in enumerate(toolkit.translations):
        if not has_catalog(lang):
            collector.add_at(
                root / "toolkit.yaml",
                ("translations", index),
                f"the templates have no {language_name(lang)} yet: add their strings in "
                f"{catalog_path(lang).relative_to(LOCALE_DIR.parents[1])} "
                "(see docs/translating.md)",
            )
    _check_translation_names(root, toolkit, collector)
    found: dict[str, Translation] = {}
    for lang in toolkit.translations:
        kit = _load_translation(root / "toolkit.yaml", lang, Toolkit, collector)
        topics = _load_translated_folder(root / "topics", lang, Topic, collector)
        series = _load_translated_folder(root / "series", lang, Series, collector)
        if kit is not None:
            found[lang] = Translation(kit, topics, series)
    return found


def _check_translation_names(root: Path, toolkit: Toolkit, collector: _Collector) -> None:
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
    folder: Path, lang: str, model: type[M], collector: _Collector
) -> dict[str, M]:
    loaded: dict[str, M] = {}
    for source in sorted(folder.glob("*.yaml")):
        if ID_PATTERN.match(source.stem) and source in collector.data:
            item = _load_translation(source, lang, model, collector)
            if item is not None:
                loaded[source.stem] = item
    return loaded


def _load_translation(
    source: Path, lang: str, model: type[M], collector: _Collector, missing: str = ""
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
                f"start one with: python build_pdfs.py new-translation {shown} {lang}",
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
    return _validate(path, data, parsed[1], model, collector)


def _check_source_hash(path: Path, source: Path, meta: Any, collector: _Collector) -> None:
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
            f"{shown} has changed since this translation was made; bring the translation "
            f'up to date, then set source_hash to "{current}"',
        )


def _check_episode_topics(
    root: Path, series: dict[str, Series], topic_ids: list[str], collector: _Collector
) -> None:
    """Episodes may only name topics that have a file (loaded or not)."""
    for series_id, item in series.items():
        for e_index, episode in enumerate(item.episodes):
            for t_index, topic_id in enumerate(episode.topics):
                if topic_id not in topic_ids:
                    collector.add_at(
                        root / "series" / f"{series_id}.yaml",
                        ("episodes", e_index, "topics", t_index),
                        f"unknown topic '{topic_id}'{_suggest(topic_id, topic_ids)}",
                    )


def _load_model(path: Path, model: type[M], collector: _Collector) -> M | None:
    """Parse one YAML file and validate it; record problems instead of raising."""
    parsed = read_yaml(path, collector)
    if parsed is None:
        return None
    data, positions = parsed
    collector.data[path] = data
    return _validate(path, data, positions, model, collector)


def _validate(
    path: Path, data: dict[str, Any], positions: Positions, model: type[M], collector: _Collector
) -> M | None:
    try:
        item = model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            _add_schema_problem(path, model, detail, positions, collector)
        return None
    _check_glyphs(path, data, (), collector)
    return item


def _check_glyphs(path: Path, value: Any, loc: Loc, collector: _Collector) -> None:
    """Every character must be in the bundled font, or it prints as an empty box."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_glyphs(path, item, (*loc, key), collector)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_glyphs(path, item, (*loc, index), collector)
    elif isinstance(value, str) and (missing := missing_glyphs(value)):
        names = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
        collector.add_at(
            path, loc, f"{names} not in the bundled font (Lato): it would print as an empty box"
        )


def read_yaml(path: Path, collector: _Collector) -> tuple[dict[str, Any], Positions] | None:
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


def _add_yaml_error(path: Path, error: yaml.MarkedYAMLError, collector: _Collector) -> None:
    mark = error.problem_mark or error.context_mark
    message = f"YAML syntax error: {error.problem or error.context}"
    if mark is None:
        collector.add(path, message)
    else:
        collector.add(path, message, line=mark.line + 1, column=mark.column + 1)


def _index_nodes(
    node: yaml.Node, loc: Loc, positions: Positions, path: Path, collector: _Collector
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
    collector: _Collector,
) -> None:
    loc = tuple(part for part in detail["loc"] if not _is_union_tag(part))
    line, column = _nearest_position(loc, positions)
    message = _schema_message(model, loc, detail)
    collector.add(path, message, line=line, column=column, field=format_loc(loc) or None)


def _is_union_tag(part: int | str) -> bool:
    # pydantic adds the branch name ("str", "function-after[...]") for union members.
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "none"})


def _nearest_position(loc: Loc, positions: Positions) -> tuple[int, int]:
    for end in range(len(loc), -1, -1):
        if loc[:end] in positions:
            return positions[loc[:end]]
    return (1, 1)


PATTERN_HINTS = {
    URL_PATTERN: "must be a full address starting with https:// (or mailto: or tel:), no spaces",
    COLOUR_PATTERN: 'must be "#" and six hex digits, in quotes, like "#1E5B3A"',
    LOGO_PATTERN: "must be the name of an .svg or .png file in the brand folder",
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
        return f"unknown field{_suggest(str(loc[-1]), known)}"
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


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


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


def format_loc(loc: Loc) -> str:
    """``('figures', 0, 'year')`` -> ``figures[0].year``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
