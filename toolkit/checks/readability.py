"""Reading level: is each text written for the people who will read it?

Takes in: a loaded ``Project`` (every language it has).
Gives out: the reading level of each topic's parent tip sheet and of its youth cards per age
band, in each language, and a warning with the hardest passage (file, line, field) wherever
a level is past its audience's limit. English is measured as a Flesch-Kincaid grade (at most
5 for cards for kids and for all ages, 8 for teens and for parents); Spanish with the
Fernández-Huerta ease score (at least 80, "easy", grade 5; at least 60, "normal", grade 8).
textstat 0.7.3 is pinned: it counts syllables with pyphen and works offline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import textstat

from toolkit.content.models import Topic
from toolkit.content.problems import Loc
from toolkit.content.project import Project
from toolkit.errors import Problem
from toolkit.rendering.html import markdown_plain

LIMITS = {"parents": 8.0, "teens": 8.0, "kids": 5.0, "all": 5.0}
"""The highest US school grade each audience's text may read at."""
AUDIENCE = {
    "parents": "the parent tip sheet",
    "kids": "youth cards for kids",
    "teens": "youth cards for teens",
    "all": "youth cards for all ages",
}


@dataclass(frozen=True)
class Measure:
    """A readability formula for one language, and its limit for each school grade."""

    name: str
    formula: Callable[[str], float]
    limits: dict[float, float]
    """Grade -> the score a text for that grade may reach."""
    higher_is_harder: bool

    def too_hard(self, score: float, grade: float) -> bool:
        limit = self.limits[grade]
        return score > limit if self.higher_is_harder else score < limit

    def describe(self, score: float) -> str:
        return f"{self.name} {score:.1f}"


MEASURES = {
    "en": Measure("grade", textstat.flesch_kincaid_grade, {5.0: 5.0, 8.0: 8.0}, True),
    "es": Measure("Fernández-Huerta", textstat.fernandez_huerta, {5.0: 80.0, 8.0: 60.0}, False),
}


@dataclass(frozen=True)
class Level:
    """How hard one audience's text in one topic and language is to read."""

    topic: str
    audience: str
    grade: float
    """The score: a Flesch-Kincaid grade in English, a Fernández-Huerta ease in Spanish."""
    hardest: tuple[Loc, float]
    """The passage that is hardest to read, and its score."""
    lang: str = "en"

    @property
    def too_hard(self) -> bool:
        return MEASURES[self.lang].too_hard(self.grade, LIMITS[self.audience])


def _passages(topic: Topic, audience: str) -> list[tuple[Loc, str]]:
    if audience == "parents":
        single: list[tuple[Loc, str]] = [
            (("summary",), topic.summary + "."),
            (("what_it_is",), topic.what_it_is),
        ]
        lists = ("warning_signs", "conversation_starters", "how_to_respond")
        return single + [
            ((name, i), text) for name in lists for i, text in enumerate(getattr(topic, name))
        ]
    return [
        (("key_messages", i), f"{message.headline.rstrip('.!?')}. {message.text}")
        for i, message in enumerate(topic.key_messages)
        if message.ages.value == audience
    ]


@contextmanager
def _language(lang: str) -> Iterator[Measure]:
    """textstat counts syllables for one language at a time; put English back after."""
    textstat.set_lang(lang)
    try:
        yield MEASURES[lang]
    finally:
        textstat.set_lang("en")


def reading_levels(project: Project) -> list[Level]:
    """Every topic's reading level per audience that has text, in each measured language."""
    levels = []
    for lang in project.languages:
        if lang.split("-")[0] not in MEASURES:
            continue
        view = project.in_language(lang)
        translated = [t for t in view.topics if project.has(lang, "topics", t)]
        with _language(lang.split("-")[0]) as measure:
            for topic_id in translated:
                levels += _topic_levels(topic_id, view.topics[topic_id], lang, measure)
    return levels


def _topic_levels(topic_id: str, topic: Topic, lang: str, measure: Measure) -> list[Level]:
    def score(text: str) -> float:
        return float(measure.formula(markdown_plain(text)))

    levels = []
    for audience in LIMITS:
        if passages := _passages(topic, audience):
            whole = " ".join(text for _, text in passages)
            scored = [(loc, score(text)) for loc, text in passages]
            pick = max if measure.higher_is_harder else min
            hardest = pick(scored, key=lambda p: p[1])
            levels.append(Level(topic_id, audience, score(whole), hardest, lang))
    return levels


def readability_problems(project: Project) -> list[Problem]:
    """A warning for each level past its audience's limit, naming the hardest passage."""
    problems = []
    for level in reading_levels(project):
        if not level.too_hard:
            continue
        measure, grade = MEASURES[level.lang.split("-")[0]], LIMITS[level.audience]
        loc, hardest = level.hardest
        view = project.in_language(level.lang)
        where, _, field = view.source(view.file("topics", level.topic), loc).partition(" ")
        file, _, line = where.rpartition(":")
        limit = (
            f"above {grade:.0f}"
            if measure.higher_is_harder
            else f"below {measure.limits[grade]:.0f} (grade {grade:.0f})"
        )
        problems.append(
            Problem(
                file=file,
                line=int(line),
                field=field,
                message=f"{AUDIENCE[level.audience]} reads at {measure.describe(level.grade)}, "
                f"{limit}; the hardest passage is this one ({measure.describe(hardest)}): "
                "use shorter sentences and words",
            )
        )
    return problems
