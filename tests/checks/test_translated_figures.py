"""Translated figures keep their source's numbers: value, label, source and year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from toolkit.builder.scaffold import new_translation
from toolkit.checks.translated_figures import figure_number_problems, numbers_in
from toolkit.cli import main
from toolkit.content.project import load_project


def _spanish_topic(content: Path, old: str, new: str) -> None:
    """Translate the test topic into Spanish, changing ``old`` to ``new`` in it."""
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text() + "translations: [es]\n")
    new_translation(content, "toolkit.yaml", "es")
    topic = new_translation(content, "topics/test-topic.yaml", "es")
    text = topic.read_text()
    assert old in text
    topic.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("de más de 19,100 a más de 37,800", [19100, 37800]),
        ("19.100 y 37.800", [19100, 37800]),
        ("97.5%", ["97.5"]),
        ("97,5 %", ["97.5"]),
        ("1 de cada 6", [1, 6]),
        ("1,234.5 or 1.234,5", ["1234.5", "1234.5"]),
        ("one in six", []),
    ],
)
def test_numbers_are_read_as_numbers_whatever_the_separators(
    text: str, numbers: list[int | str]
) -> None:
    assert numbers_in(text) == {Decimal(n): numbers.count(n) for n in numbers}


def test_a_faithful_translation_has_no_problems(content: Path) -> None:
    _spanish_topic(content, 'value: "42%"', 'value: "42 %"')
    assert figure_number_problems(load_project(content)) == []


def test_a_changed_number_is_named_with_its_line(content: Path) -> None:
    _spanish_topic(content, 'value: "42%"', 'value: "24%"')
    assert [str(p) for p in figure_number_problems(load_project(content))] == [
        "content/topics/test-topic.es.yaml:15: figures[0].value: numbers differ from "
        "content/topics/test-topic.yaml: 42 is missing, 24 is not in the source; keep every "
        "number as it is"
    ]


def test_numbers_added_in_translation_are_flagged(content: Path) -> None:
    _spanish_topic(
        content,
        "label: Share of something that was counted.",
        "label: Share counted in 2024 by 3 people.",
    )
    [problem] = figure_number_problems(load_project(content))
    assert str(problem).endswith(
        "figures[0].label: numbers differ from content/topics/test-topic.yaml: "
        "2024, 3 are not in the source; keep every number as it is"
    )


def test_check_warns_about_it(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _spanish_topic(content, "year: 2024", "year: 2023")
    assert main(["check", "--content", str(content)]) == 0
    assert (
        "warning: content/topics/test-topic.es.yaml:18: figures[0].year: numbers differ from "
        "content/topics/test-topic.yaml: 2024 is missing, 2023 is not in the source; keep "
        "every number as it is\n"
    ) in capsys.readouterr().err
