"""Every printed phone number and help-line address is on the list of verified help lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import edit_content
from toolkit.checks.helplines import digits, helpline_problems, phone_numbers
from toolkit.cli import main
from toolkit.content.project import load_project
from toolkit.errors import ContentError

TOPIC = "topics/test-topic.yaml"
UNLISTED = (
    "is not in content/helplines.yaml; check it with the service that publishes it, then add "
    "it there with its source and the date checked"
)


def _warnings(content: Path) -> list[str]:
    return [str(problem) for problem in helpline_problems(load_project(content))]


def test_letters_are_read_as_on_a_keypad_and_the_leading_1_is_dropped() -> None:
    assert digits("1-800-THE-LOST") == digits("1-800-843-5678") == "8008435678"
    assert digits("1-800-CALL-FBI") == "8002255324"
    assert digits("988") == "988"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Report it at 1-800-843-5678 or 1-800-THE-LOST.", ["1-800-843-5678", "1-800-THE-LOST"]),
        (
            "In danger now, call 911. If they talk about self-harm, call or text 988.",
            ["911", "988"],
        ),
        ("Teens can text LOVEIS to 22522.", ["22522"]),
        ("llame al 988 y marque 2, o envíe AYUDA al 988", ["988", "988"]),
        ("26,718 reports in 2023, up from 10,731 in 2022; ages 13 to 17.", []),
    ],
)
def test_phone_numbers_are_found_in_sentences_and_counts_are_not(
    text: str, numbers: list[str]
) -> None:
    assert phone_numbers(text) == numbers


def test_the_fixture_content_prints_only_verified_lines(content: Path) -> None:
    assert _warnings(content) == []


def test_an_unlisted_number_in_text_is_named_with_its_line(content: Path) -> None:
    edit_content(
        content, TOPIC, "  - Report it together.", "  - Report it together at 1-800-123-4567."
    )
    assert _warnings(content) == [
        "content/topics/test-topic.yaml:19: how_to_respond[1]: phone number 1-800-123-4567 "
        + UNLISTED
    ]


def test_a_verified_number_may_be_written_in_letters(content: Path) -> None:
    edit_content(content, TOPIC, "  - Report it together.", "  - Call 1-800-THE-LOST together.")
    assert _warnings(content) == []


def test_other_domains_and_numbers_in_help_boxes_are_named(content: Path) -> None:
    edit_content(
        content, "toolkit.yaml", "url: https://takeitdown.ncmec.org", "url: https://example.com/x"
    )
    edit_content(content, "toolkit.yaml", 'phone: "911"', 'phone: "912"')
    assert _warnings(content) == [
        "content/toolkit.yaml:11: help[1].url: address example.com " + UNLISTED,
        "content/toolkit.yaml:14: help[2].phone: phone number 912 " + UNLISTED,
    ]


def test_e_mail_addresses_and_typed_addresses_are_checked(content: Path) -> None:
    edit_content(content, TOPIC, "  - Stay calm and listen.", "  - Write to help@example.org.")
    edit_content(content, TOPIC, "  - Report it together.", "  - Go to report.example.org.")
    assert _warnings(content) == [
        "content/topics/test-topic.yaml:18: how_to_respond[0]: e-mail address "
        "help@example.org " + UNLISTED,
        "content/topics/test-topic.yaml:19: how_to_respond[1]: address report.example.org "
        + UNLISTED,
    ]


def test_local_help_in_a_brand_is_checked_but_fiction_numbers_are_not(content: Path) -> None:
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(
        brand.read_text()
        + "local_help:\n"
        + "  - name: Counselor\n    description: Room 12.\n    phone: 555-0143\n"
        + "  - name: County line\n    description: Any time.\n    phone: 1-202-555-7000\n"
    )
    assert _warnings(content) == [
        "content/brands/acme/brand.yaml:19: local_help[1].phone: phone number 1-202-555-7000 "
        + UNLISTED
    ]


def test_without_a_list_check_says_nothing_was_checked(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "helplines.yaml").unlink()
    assert main(["check", "--content", str(content)]) == 0
    assert capsys.readouterr().err == (
        "warning: content/helplines.yaml: no list of verified help lines here, so phone "
        "numbers and addresses were not checked (see docs/content.md)\n"
    )


def test_a_broken_list_is_an_error_with_its_line(content: Path) -> None:
    edit_content(content, "helplines.yaml", "    checked: 2026-11-28\n", "")
    with pytest.raises(ContentError) as caught:
        helpline_problems(load_project(content))
    assert [str(p) for p in caught.value.problems] == [
        "content/helplines.yaml:3:5: lines[0].checked: required field is missing"
    ]
