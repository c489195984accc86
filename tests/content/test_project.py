"""Tests for ``toolkit.content``: reading the content folder into models, and its messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import edit_content, load_problems
from toolkit.content.brands import BrandKit
from toolkit.content.models import Series, Toolkit, Topic
from toolkit.content.project import load_project
from toolkit.errors import ContentError

TOPIC = "topics/test-topic.yaml"
SERIES = "series/test-series.yaml"
ACME = "brands/acme/brand.yaml"


def test_fixture_content_loads_with_ids_from_file_names(content: Path) -> None:
    project = load_project(content)

    assert list(project.topics) == ["test-topic"]
    assert list(project.series) == ["test-series"]
    assert list(project.brands) == ["acme", "default"]


def test_fixture_content_loads_as_typed_models(content: Path) -> None:
    project = load_project(content)

    assert isinstance(project.toolkit, Toolkit)
    assert isinstance(project.topics["test-topic"], Topic)
    assert isinstance(project.series["test-series"], Series)
    assert isinstance(project.brands["acme"], BrandKit)


def test_brand_logo_path_is_inside_its_folder(content: Path) -> None:
    brands = load_project(content).brands

    assert brands["acme"].logo_path == content / "brands" / "acme" / "logo.svg"
    assert brands["default"].logo_path is None


def test_folder_without_toolkit_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_project(tmp_path)

    assert str(caught.value) == f"{tmp_path}: no toolkit.yaml here; is this a content folder?"


def test_yaml_syntax_error_names_file_line_and_column(content: Path) -> None:
    edit_content(content, TOPIC, "summary: A topic", "summary: [A topic")

    assert (
        "content/topics/test-topic.yaml:3:11: YAML syntax error: expected ',' or ']', but got ':'"
    ) in load_problems(content)


def test_yaml_mapping_value_in_wrong_place_is_a_syntax_error(content: Path) -> None:
    edit_content(content, TOPIC, "title: Test Topic\n", "title: Test Topic\n  bad: x\n")

    assert (
        "content/topics/test-topic.yaml:2:6: YAML syntax error: mapping values are not allowed here"
    ) in load_problems(content)


def test_duplicate_key_is_reported_at_the_second_occurrence(content: Path) -> None:
    edit_content(content, TOPIC, "how_to_respond:", "title: Again\nhow_to_respond:")

    assert "content/topics/test-topic.yaml:17:1: duplicate key 'title' (first on line 1)" in (
        load_problems(content)
    )


def test_misspelt_field_suggests_the_right_name(content: Path) -> None:
    edit_content(content, TOPIC, "warning_signs:", "warnings_signs:")

    assert (
        "content/topics/test-topic.yaml:11:1: warnings_signs: "
        "unknown field (did you mean 'warning_signs'?)"
    ) in load_problems(content)


def test_misspelt_nested_field_suggests_from_the_nested_model(content: Path) -> None:
    edit_content(content, TOPIC, "    source: Test Source", "    sourse: Test Source")

    assert (
        "content/topics/test-topic.yaml:9:5: figures[0].sourse: "
        "unknown field (did you mean 'source'?)"
    ) in load_problems(content)


def test_missing_required_field_names_the_field(content: Path) -> None:
    edit_content(content, TOPIC, "summary: A topic used by the *test suite*.\n", "")

    assert "content/topics/test-topic.yaml:1:1: summary: required field is missing" in (
        load_problems(content)
    )


def test_nested_errors_report_path_and_line(content: Path) -> None:
    edit_content(content, TOPIC, "year: 2024", "year: last year")
    edit_content(content, TOPIC, "ages: teens", "ages: adults")

    problems = load_problems(content)

    assert (
        "content/topics/test-topic.yaml:10:5: figures[0].year: "
        "must be a whole number, without quotes"
    ) in problems
    assert (
        "content/topics/test-topic.yaml:26:5: key_messages[1].ages: "
        "Input should be 'kids', 'teens' or 'all'"
    ) in problems


def test_problems_in_several_files_are_reported_together(content: Path) -> None:
    edit_content(content, TOPIC, "warning_signs:", "warnings_signs:")
    edit_content(content, SERIES, "ages: Ages 11-17\n", "")
    edit_content(content, ACME, 'primary: "#1E5B3A"', "primary: green")

    assert load_problems(content) == [
        "content/topics/test-topic.yaml:1:1: warning_signs: required field is missing",
        "content/topics/test-topic.yaml:11:1: warnings_signs: "
        "unknown field (did you mean 'warning_signs'?)",
        "content/series/test-series.yaml:1:1: ages: required field is missing",
        "content/brands/acme/brand.yaml:6:3: colours.primary: "
        'must be "#" and six hex digits, in quotes, like "#1E5B3A"',
    ]


def test_non_utf8_file_is_refused_with_a_hint(content: Path) -> None:
    (content / TOPIC).write_bytes(b"title: Caf\xe9\n")

    assert (
        "content/topics/test-topic.yaml: not UTF-8 text (byte 10); save the file as UTF-8"
    ) in load_problems(content)


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a sentence\n", ""])
def test_file_that_is_not_a_mapping_is_refused(content: Path, text: str) -> None:
    (content / TOPIC).write_text(text, encoding="utf-8")

    assert (
        "content/topics/test-topic.yaml: expected a mapping of fields (key: value) "
        "at the top of the file"
    ) in load_problems(content)


def test_episode_with_unknown_topic_suggests_the_close_one(content: Path) -> None:
    edit_content(content, SERIES, "topics: [test-topic]", "topics: [test-topik]")

    assert load_problems(content) == [
        "content/series/test-series.yaml:16:14: episodes[0].topics[0]: "
        "unknown topic 'test-topik' (did you mean 'test-topic'?)"
    ]


def test_broken_topic_is_not_also_reported_as_unknown_in_series(content: Path) -> None:
    edit_content(content, TOPIC, "summary: A topic used by the *test suite*.\n", "")

    assert load_problems(content) == [
        "content/topics/test-topic.yaml:1:1: summary: required field is missing"
    ]


def test_missing_logo_file_is_refused(content: Path) -> None:
    (content / "brands" / "acme" / "logo.svg").unlink()

    assert load_problems(content) == [
        "content/brands/acme/brand.yaml:3:3: logo.file: logo file not found: logo.svg"
    ]


def test_logo_symlink_out_of_the_brand_folder_is_refused(content: Path) -> None:
    outside = content.parent / "outside.svg"
    outside.write_text("<svg/>", encoding="utf-8")
    logo = content / "brands" / "acme" / "logo.svg"
    logo.unlink()
    logo.symlink_to(outside)

    assert load_problems(content) == [
        "content/brands/acme/brand.yaml:3:3: logo.file: logo must be a file inside the brand folder"
    ]


def test_logo_path_with_parent_folder_is_refused(content: Path) -> None:
    (content / "brands" / "x.svg").write_text("<svg/>", encoding="utf-8")
    edit_content(content, ACME, "file: logo.svg", "file: ../x.svg")

    assert load_problems(content) == [
        "content/brands/acme/brand.yaml:3:3: logo.file: "
        "must be the name of an image file in the brand folder, such as logo.svg"
    ]


@pytest.mark.parametrize("name", ["Test Topic.yaml", "Test-topic.yaml", "test topic.yaml"])
def test_topic_file_name_must_be_a_valid_id(content: Path, name: str) -> None:
    (content / TOPIC).rename(content / "topics" / name)
    edit_content(content, SERIES, "    topics: [test-topic]\n", "")

    assert load_problems(content) == [
        f"content/topics/{name}: file name must use only a-z, 0-9 and '-' (it becomes the id)"
    ]


def test_markup_and_template_syntax_load_as_plain_text(content: Path) -> None:
    edit_content(content, TOPIC, "title: Test Topic", 'title: "<script>alert(1)</script>"')
    edit_content(
        content, TOPIC, "summary: A topic used by the *test suite*.", 'summary: "{{ 7*7 }}"'
    )

    topic = load_project(content).topics["test-topic"]

    assert topic.title == "<script>alert(1)</script>"
    assert topic.summary == "{{ 7*7 }}"


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.getcwd []", "!custom value"])
def test_yaml_tag_is_refused_as_a_content_error(content: Path, tag: str) -> None:
    edit_content(content, TOPIC, "title: Test Topic", f"title: {tag}")

    assert any(
        problem.startswith("content/topics/test-topic.yaml:1:8: YAML syntax error: ")
        for problem in load_problems(content)
    )


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            ACME,
            'primary: "#1E5B3A"',
            "primary: #1E5B3A",
            "content/brands/acme/brand.yaml:6:3: colours.primary: "
            "has no value (a value starting with # must be in quotes)",
        ),
        (
            TOPIC,
            "  - Second warning sign.",
            "  - yes",
            "content/topics/test-topic.yaml:13:5: warning_signs[1]: "
            "must be text; put it in quotes (YAML reads yes, no and bare numbers otherwise)",
        ),
        (
            TOPIC,
            "  - headline: You can say no.",
            "  - headline: " + "x" * 72,
            "content/topics/test-topic.yaml:21:5: key_messages[0].headline: "
            "is 72 characters long; at most 60 fit here",
        ),
        (
            TOPIC,
            "url: https://www.example.org/guide",
            "url: www.example.org/guide",
            "content/topics/test-topic.yaml:42:5: resources[1].url: "
            "must be a full address starting with https:// (or mailto: or tel:), no spaces",
        ),
        (
            SERIES,
            "  - number: 2",
            "  - number: 1",
            "content/series/test-series.yaml:13:1: episodes: "
            "episode numbers must be unique; repeated: [1]",
        ),
    ],
)
def test_schema_errors_are_worded_for_yaml_editors(
    content: Path, name: str, old: str, new: str, expected: str
) -> None:
    edit_content(content, name, old, new)
    assert load_problems(content) == [expected]


def test_characters_missing_from_the_bundled_font_are_refused(content: Path) -> None:
    edit_content(content, TOPIC, "  - Second warning sign.", "  - Second warning sign ✓ 😀")
    assert load_problems(content) == [
        "content/topics/test-topic.yaml:13:5: warning_signs[1]: '✓' (U+2713), '😀' (U+1F600) "
        "not in the bundled font (Lato): it would print as an empty box"
    ]


def test_a_figure_year_left_empty_asks_for_a_year_or_undated(content: Path) -> None:
    edit_content(content, TOPIC, "year: 2024", "year:")

    assert (
        "content/topics/test-topic.yaml:10:5: figures[0].year: has no value: write the year "
        "the figure describes, or undated if its source gives none"
    ) in load_problems(content)
