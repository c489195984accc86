"""The page's fields and the brand values they stand for."""

from __future__ import annotations

import pytest

from toolkit.studio.form import brand_values, page_field, page_values


@pytest.mark.parametrize(
    ("problem_field", "shown"),
    [
        ("colours.accent", "colours.accent"),
        ("partners[2].logo", "partners[2].logo"),
        ("logo", "logo.file"),
        ("logo.wordmark", "show_name"),
        ("languages[1]", "languages"),
        ("local_help[0].phone", "local_help[0].phone"),
        ("colours.cmyk.primary", None),
        ("mascot", None),
        ("colors", None),
        (None, None),
    ],
)
def test_a_problem_is_shown_at_its_field(problem_field: str | None, shown: str | None) -> None:
    assert page_field(problem_field) == shown


def test_only_the_pages_fields_become_values() -> None:
    posted = [
        ("organization", "  Lakeside PTA "),
        ("contact.email", ""),
        ("partners[1].name", "Library"),
        ("partners[3].name", ""),
        ("example", "true"),
        ("__class__", "x"),
        ("languages", "en"),
        ("languages", "fr"),
    ]
    values = brand_values(posted, ["en", "es"])
    assert values == {
        "organization": "Lakeside PTA",
        "contact": {"email": None},
        "partners": [{"name": "Library"}],
        "local_help": [],
        "logo": None,
        "languages": ["en"],
    }


def test_show_name_is_the_opposite_of_wordmark() -> None:
    logo = [("logo.file", "logo.svg"), ("logo.alt", "Logo")]
    assert brand_values(logo, ["en"])["logo"]["wordmark"] is True
    assert brand_values([*logo, ("show_name", "on")], ["en"])["logo"]["wordmark"] is None
    shown = page_values({"logo": {"file": "a.svg", "alt": "A", "wordmark": True}}, ["en", "es"])
    assert (shown["show_name"], shown["logo.file"], shown["languages"]) == (
        False, "a.svg", ["en", "es"],
    )  # fmt: skip
