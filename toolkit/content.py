"""Read the content folder into typed models.

Takes in: a content folder (``toolkit.yaml``, ``topics/*.yaml``, ``series/*.yaml``,
``brands/<name>/brand.yaml``).
Gives out: a ``Project`` of validated models, or one ``ContentError`` listing every problem
in every file with its file, line, column and field path.

YAML is read with the safe loader only (content is data, never code); duplicate keys are
refused, and each key's position is kept so schema errors can point at the right line.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from toolkit.colours import contrast_problems
from toolkit.errors import ContentError, Problem, display_path
from toolkit.fonts import missing_glyphs
from toolkit.images import image_problems
from toolkit.models import (
    COLOUR_PATTERN,
    EMAIL_PATTERN,
    ID_REF_PATTERN,
    LANGUAGE_PATTERN,
    LOGO_PATTERN,
    URL_PATTERN,
    Brand,
    Series,
    Toolkit,
    Topic,
)

M = TypeVar("M", bound=BaseModel)
Loc = tuple[int | str, ...]
Positions = dict[Loc, tuple[int, int]]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class BrandKit:
    """A brand and the folder its files live in."""

    name: str
    folder: Path
    brand: Brand

    @property
    def logo_path(self) -> Path | None:
        return self.folder / self.brand.logo.file if self.brand.logo else None


@dataclass(frozen=True)
class Project:
    """Everything one build reads: the validated content of one content folder."""

    root: Path
    toolkit: Toolkit
    topics: dict[str, Topic]
    series: dict[str, Series]
    brands: dict[str, BrandKit]
    positions: dict[Path, Positions] = field(default_factory=dict)
    """(line, column) of every key and list item, per file, for messages after layout."""

    def source(self, path: Path, loc: Loc) -> str:
        """``topics/x.yaml:41 key_messages[2].text``: where a value came from."""
        line, _ = _nearest_position(loc, self.positions.get(path, {}))
        return f"{display_path(path, self.root)}:{line} {format_loc(loc)}"


class _Collector:
    """Gathers problems across files so they are all reported at once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.positions: dict[Path, Positions] = {}

    def add(self, path: Path, message: str, **where: Any) -> None:
        self.problems.append(Problem(file=display_path(path, self.root), message=message, **where))

    def add_at(self, path: Path, loc: Loc, message: str) -> None:
        """Add a problem about the value at ``loc``, with its line when the file was read."""
        line, column = _nearest_position(loc, self.positions.get(path, {}))
        self.add(path, message, line=line, column=column, field=format_loc(loc))


def load_project(root: Path) -> Project:
    """Load and validate a whole content folder; raise ``ContentError`` with every problem."""
    collector = _Collector(root)
    if not (root / "toolkit.yaml").is_file():
        raise ContentError(f"{root}: no toolkit.yaml here; is this a content folder?")
    toolkit = _load_model(root / "toolkit.yaml", Toolkit, collector)
    topics = _load_folder(root / "topics", Topic, collector)
    series = _load_folder(root / "series", Series, collector)
    brands = _load_brands(root / "brands", collector)
    topic_files = sorted(path.stem for path in (root / "topics").glob("*.yaml"))
    _check_episode_topics(root, series, topic_files, collector)
    if collector.problems:
        raise ContentError(collector.problems)
    assert toolkit is not None
    return Project(root, toolkit, topics, series, brands, collector.positions)


def _load_folder(folder: Path, model: type[M], collector: _Collector) -> dict[str, M]:
    loaded: dict[str, M] = {}
    for path in sorted(folder.glob("*.yaml")):
        if not ID_PATTERN.match(path.stem):
            collector.add(path, "file name must use only a-z, 0-9 and '-' (it becomes the id)")
            continue
        item = _load_model(path, model, collector)
        if item is not None:
            loaded[path.stem] = item
    return loaded


def _load_brands(folder: Path, collector: _Collector) -> dict[str, BrandKit]:
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
            if _logo_is_usable(kit, path, collector):
                brands[kit.name] = kit
    if not brands and not collector.problems:
        collector.add(folder, "no brands found; add brands/default/brand.yaml")
    return brands


def _logo_is_usable(kit: BrandKit, path: Path, collector: _Collector) -> bool:
    logo = kit.logo_path
    if logo is None:
        return True
    resolved = logo.resolve()
    if not resolved.is_relative_to(kit.folder.resolve()):
        collector.add_at(path, ("logo", "file"), "logo must be a file inside the brand folder")
        return False
    if not resolved.is_file():
        collector.add_at(path, ("logo", "file"), f"logo file not found: {logo.name}")
        return False
    problems = image_problems(resolved)
    for problem in problems:
        collector.add_at(path, ("logo", "file"), f"{logo.name} {problem}")
    return not problems


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
