"""Tests for ``toolkit.content.reader`` on hostile YAML: alias bombs, merge keys, YAML 1.1
numbers, control characters and deep nesting each give a message with a line, never a
traceback, a hang or a silently changed value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import edit_content, load_problems
from toolkit.content.project import load_project

TOPIC = "topics/test-topic.yaml"
ACME = "brands/acme/brand.yaml"


def _alias_bomb() -> str:
    """Nine levels of nine aliases: a 1.7 KB file that names 9**9 strings."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_in_a_brand_is_refused_at_its_first_alias(content: Path) -> None:
    (content / ACME).write_text(_alias_bomb(), encoding="utf-8")

    problems = load_problems(content)

    assert problems[0] == (
        "content/brands/acme/brand.yaml:2:10: YAML aliases (*a0) are not allowed in content "
        "files; write the value out in full"
    )
    assert len(problems) <= 20  # one per alias would be 81: the first few, then a count


def test_alias_is_refused_in_a_topic(content: Path) -> None:
    edit_content(content, TOPIC, "title: Test Topic", "title: &t Test Topic")
    edit_content(content, TOPIC, "summary: A topic used by the *test suite*.", "summary: *t")

    assert load_problems(content) == [
        "content/topics/test-topic.yaml:2:10: YAML aliases (*t) are not allowed in content "
        "files; write the value out in full"
    ]


def test_merge_key_is_refused_even_without_an_alias(content: Path) -> None:
    edit_content(content, TOPIC, "how_to_respond:", "<<: {title: Second title}\nhow_to_respond:")

    assert load_problems(content) == [
        "content/topics/test-topic.yaml:17:1: YAML merge keys (<<) are not allowed in content "
        "files; write each field out"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "33:43",
            "'33:43' would be read as a base-60 number (2023); "
            "put it in quotes, or write the number itself",
        ),
        (
            "1:30",
            "'1:30' would be read as a base-60 number (90); "
            "put it in quotes, or write the number itself",
        ),
        (
            "010",
            "'010' has a leading zero, which older YAML reads as octal (8); "
            "drop the zero, or put it in quotes",
        ),
    ],
)
def test_yaml_1_1_numbers_are_refused_not_converted(
    content: Path, value: str, expected: str
) -> None:
    edit_content(content, TOPIC, "    year: 2024", f"    year: {value}")

    assert load_problems(content) == [
        f"content/topics/test-topic.yaml:10:11: figures[0].year: {expected}"
    ]


def test_quoted_time_and_zip_code_stay_text(content: Path) -> None:
    edit_content(content, TOPIC, "  - First warning sign.", '  - "1:30"')
    edit_content(content, TOPIC, "  - Second warning sign.", '  - "02134"')

    signs = load_project(content).topics["test-topic"].warning_signs

    assert signs[:2] == ["1:30", "02134"]


@pytest.mark.parametrize(
    ("character", "name"),
    [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x07", "U+0007")],
)
def test_control_character_is_refused_with_its_line(
    content: Path, character: str, name: str
) -> None:
    edit_content(content, TOPIC, "  - Second warning sign.", f"  - Second {character}warning sign.")

    assert load_problems(content) == [
        f"content/topics/test-topic.yaml:13:12: contains an invisible control character "
        f"({name}); delete it (it often comes from copying out of a PDF or a word processor)"
    ]


def test_900_deep_nesting_is_refused_not_a_recursion_error(content: Path) -> None:
    edit_content(content, TOPIC, "  - First warning sign.", "  - " + "[" * 900 + "]" * 900)

    assert load_problems(content) == [
        "content/topics/test-topic.yaml:12:53: values are nested more than 50 levels deep; "
        "content needs only a few"
    ]


def test_folder_named_like_a_yaml_file_is_refused_by_name(content: Path) -> None:
    (content / "topics" / "x.yaml").mkdir()

    assert load_problems(content) == [
        "content/topics/x.yaml: is a folder, not a YAML file; "
        "rename it so its name does not end in .yaml"
    ]
