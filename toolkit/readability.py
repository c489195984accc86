"""Reading level: is each text written for the people who will read it?

Takes in: a loaded ``Project``.
Gives out: the reading level (Flesch-Kincaid grade, textstat 0.7.3, which works offline) of
each topic's parent tip sheet and of its youth cards per age band, and a warning with the
hardest passage (file, line, field) wherever a level is above its audience's limit:
grade 5 for cards for kids (and for all ages), 8 for teens and for parents.
"""

from __future__ import annotations

from dataclasses import dataclass

import textstat

from toolkit.content import Loc, Project
from toolkit.errors import Problem
from toolkit.models import Topic
from toolkit.render import markdown_plain

LIMITS = {"parents": 8.0, "teens": 8.0, "kids": 5.0, "all": 5.0}
AUDIENCE = {
    "parents": "the parent tip sheet",
    "kids": "youth cards for kids",
    "teens": "youth cards for teens",
    "all": "youth cards for all ages",
}


@dataclass(frozen=True)
class Level:
    """How hard one audience's text in one topic is to read."""

    topic: str
    audience: str
    grade: float
    hardest: tuple[Loc, float]
    """The passage with the highest grade, and its grade."""


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


def _grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(markdown_plain(text)))


def reading_levels(project: Project) -> list[Level]:
    """Every topic's reading level per audience that has text."""
    levels = []
    for topic_id, topic in project.topics.items():
        for audience in LIMITS:
            passages = _passages(topic, audience)
            if passages:
                whole = " ".join(text for _, text in passages)
                hardest = max(((loc, _grade(text)) for loc, text in passages), key=lambda p: p[1])
                levels.append(Level(topic_id, audience, _grade(whole), hardest))
    return levels


def readability_problems(project: Project) -> list[Problem]:
    """A warning for each level above its audience's limit, naming the hardest passage."""
    problems = []
    for level in reading_levels(project):
        limit = LIMITS[level.audience]
        if level.grade > limit:
            loc, grade = level.hardest
            path = project.root / "topics" / f"{level.topic}.yaml"
            where, _, field = project.source(path, loc).partition(" ")
            file, _, line = where.rpartition(":")
            problems.append(
                Problem(
                    file=file,
                    line=int(line),
                    field=field,
                    message=f"{AUDIENCE[level.audience]} reads at grade {level.grade:.1f}, above "
                    f"{limit:.0f}; the hardest passage is this one (grade {grade:.1f}): "
                    "use shorter sentences and words",
                )
            )
    return problems
