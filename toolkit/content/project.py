"""Read the content folder into one validated ``Project``.

Takes in: a content folder (``toolkit.yaml``, ``topics/*.yaml``, ``series/*.yaml``,
``brands/<name>/brand.yaml``, and translations beside their sources: ``topics/x.es.yaml``).
Gives out: a ``Project`` of validated models (with a view per language and warnings about
translations that are missing, incomplete or older than their source), or one
``ContentError`` listing every problem in every file with its file, line, column and field.

``load_project`` reads as the stage: each file through ``reader``, brands through
``brands``, translations through ``translations``, then one failure with every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from toolkit.content.brands import BrandKit, load_brands
from toolkit.content.models import ID_PATTERN, Series, Toolkit, Topic
from toolkit.content.problems import (
    Collector,
    Loc,
    Positions,
    format_loc,
    nearest_position,
    suggest,
)
from toolkit.content.reader import load_model
from toolkit.content.translations import TRANSLATION_NAME, Translation, load_translations
from toolkit.errors import ContentError, Problem, display_path

M = TypeVar("M", bound=BaseModel)


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
        line, _ = nearest_position(loc, self.positions.get(path, {}))
        return f"{display_path(path, self.root)}:{line} {format_loc(loc)}"


def load_project(root: Path) -> Project:
    """Load and validate a whole content folder; raise ``ContentError`` with every problem."""
    collector = Collector(root)
    if not (root / "toolkit.yaml").is_file():
        raise ContentError(f"{root}: no toolkit.yaml here; is this a content folder?")
    toolkit = load_model(root / "toolkit.yaml", Toolkit, collector)
    topics = _load_folder(root / "topics", Topic, collector)
    series = _load_folder(root / "series", Series, collector)
    brands = load_brands(root / "brands", collector, toolkit.translations if toolkit else [])
    topic_files = sorted(path.stem for path in (root / "topics").glob("*.yaml"))
    _check_episode_topics(root, series, topic_files, collector)
    translations = load_translations(root, toolkit, collector) if toolkit else {}
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


def _load_folder(folder: Path, model: type[M], collector: Collector) -> dict[str, M]:
    loaded: dict[str, M] = {}
    for path in sorted(folder.glob("*.yaml")):
        if TRANSLATION_NAME.match(path.stem):
            continue  # read with the language it is in
        if not ID_PATTERN.match(path.stem):
            collector.add(path, "file name must use only a-z, 0-9 and '-' (it becomes the id)")
            continue
        item = load_model(path, model, collector)
        if item is not None:
            loaded[path.stem] = item
    return loaded


def _check_episode_topics(
    root: Path, series: dict[str, Series], topic_ids: list[str], collector: Collector
) -> None:
    """Episodes may only name topics that have a file (loaded or not)."""
    for series_id, item in series.items():
        for e_index, episode in enumerate(item.episodes):
            for t_index, topic_id in enumerate(episode.topics):
                if topic_id not in topic_ids:
                    collector.add_at(
                        root / "series" / f"{series_id}.yaml",
                        ("episodes", e_index, "topics", t_index),
                        f"unknown topic '{topic_id}'{suggest(topic_id, topic_ids)}",
                    )
