"""Figures keep their numbers in translation.

Takes in: a loaded ``Project`` and its translations.
Gives out: a warning (``Problem`` with file, line and field) for each part of a translated
figure (value, label, source, year) whose numbers are not those of the same part in the
source file: "1 in 6" may become "1 de cada 6", never "1 de cada 7".

Numbers are compared as numbers, in any order: 19,100 and 19.100 are the same, and so are
97.5 and 97,5 (a separator followed by exactly three digits is read as a thousands
separator). A number written in words ("one in six") is not a number here, so writing a
figure in words in one language and in digits in the other is flagged too.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from toolkit.checks.freshness import problem_at
from toolkit.content.models import Figure
from toolkit.content.project import Project
from toolkit.errors import Problem, display_path

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
THOUSANDS = re.compile(r"\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?")
PARTS = ("value", "label", "source", "year")


def numbers_in(text: str) -> Counter[Decimal]:
    """The numbers in ``text``, each as often as it appears."""
    return Counter(_as_number(token) for token in NUMBER.findall(text))


def _as_number(token: str) -> Decimal:
    if match := THOUSANDS.fullmatch(token):  # 19,100 or 19.100, perhaps with decimals
        separator = match["sep"]
        whole, point, fraction = token.partition("." if separator == "," else ",")
        return Decimal(whole.replace(separator, "") + (f".{fraction}" if point else ""))
    return Decimal(token.replace(",", "."))


def figure_number_problems(project: Project) -> list[Problem]:
    """Every translated figure part whose numbers differ from its source's."""
    problems = []
    for lang, translation in project.translations.items():
        for topic_id, topic in translation.topics.items():
            source = project.root / "topics" / f"{topic_id}.yaml"
            path = source.with_name(f"{topic_id}.{lang}.yaml")
            pairs = zip(project.topics[topic_id].figures, topic.figures, strict=False)
            for index, (original, translated) in enumerate(pairs):
                for part in PARTS:
                    if message := _difference(original, translated, part):
                        shown = display_path(source, project.root)
                        problems.append(
                            problem_at(
                                project,
                                path,
                                ("figures", index, part),
                                f"numbers differ from {shown}: {message}; keep every number "
                                "as it is",
                            )
                        )
    return problems


def _difference(original: Figure, translated: Figure, part: str) -> str:
    """What is missing and what is extra, or an empty string when the numbers match."""
    expected = numbers_in(_text(original, part))
    found = numbers_in(_text(translated, part))
    missing = [_shown(n) for n in (expected - found).elements()]
    extra = [_shown(n) for n in (found - expected).elements()]
    said = []
    if missing:
        said.append(f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    if extra:
        said.append(f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not in the source")
    return ", ".join(said)


def _text(figure: Figure, part: str) -> str:
    value = getattr(figure, part)
    return "" if value is None else str(value)


def _shown(number: Decimal) -> str:
    return f"{number:f}"
