"""Tests for ``toolkit.builder.scaffold``: starter topics and brands that pass check and build."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from toolkit.builder.pipeline import BuildSettings, build
from toolkit.builder.scaffold import new_brand, new_topic, title_from_id
from toolkit.content.models import Brand, Topic
from toolkit.content.project import load_project
from toolkit.documents import Selection
from toolkit.errors import ToolkitError

TOP_LEVEL_KEY = re.compile(r"^([a-z_]+):")


def _commented_keys(path: Path) -> dict[str, bool]:
    """Each top-level key of a YAML file, and whether a comment line sits right above it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        match[1]: index > 0 and lines[index - 1].startswith("# ")
        for index, line in enumerate(lines)
        if (match := TOP_LEVEL_KEY.match(line))
    }


def _assert_every_field_commented(path: Path, model: type[BaseModel]) -> None:
    keys = _commented_keys(path)
    assert list(keys) == list(model.model_fields)
    assert [key for key, commented in keys.items() if not commented] == []


# --- new_topic ----------------------------------------------------------------------------


def test_new_topic_writes_a_file_that_loads(content: Path) -> None:
    path = new_topic(content, "gaming-safety")

    assert path == content / "topics/gaming-safety.yaml"
    topic = load_project(content).topics["gaming-safety"]
    assert topic.title == "Gaming Safety"


def test_new_topic_comments_every_field(content: Path) -> None:
    _assert_every_field_commented(new_topic(content, "gaming-safety"), Topic)


def test_new_topic_marks_placeholders_and_points_to_help(content: Path) -> None:
    data = yaml.safe_load(new_topic(content, "gaming-safety").read_text(encoding="utf-8"))

    assert data["summary"] == "Replace this: one line on what parents will learn"
    assert data["figures"] == []
    assert [r["url"] for r in data["resources"]] == ["https://report.cybertip.org"]
    assert all(s["title"].startswith("Replace this") for s in data["sources"])


def test_new_topic_builds_without_warnings(content: Path, tmp_path: Path) -> None:
    new_topic(content, "gaming-safety")
    selection = Selection(topics=("gaming-safety",), brands=("default",), editions=("digital",))

    documents = build(BuildSettings(content=content, out=tmp_path / "out", selection=selection))

    pages = {doc.path: doc.pages for doc in documents}
    assert set(pages) == {
        "default/en/tip-sheets/gaming-safety.pdf",
        "default/en/youth-cards/gaming-safety.pdf",
    }
    assert pages["default/en/tip-sheets/gaming-safety.pdf"] == 2
    assert [doc.warnings for doc in documents] == [[], []]


def test_new_topic_creates_missing_folders(tmp_path: Path) -> None:
    path = new_topic(tmp_path / "fresh", "gaming-safety")

    assert path.is_file()
    assert path.parent == tmp_path / "fresh/topics"


@pytest.mark.parametrize(
    ("identifier", "title"),
    [("gaming-safety", "Gaming Safety"), ("ai", "Ai"), ("3d-printing", "3d Printing")],
)
def test_title_from_id(identifier: str, title: str) -> None:
    assert title_from_id(identifier) == title


# --- new_brand ----------------------------------------------------------------------------


def test_new_brand_writes_a_brand_that_loads(content: Path) -> None:
    folder = new_brand(content, "lincoln-middle")

    assert folder == content / "brands/lincoln-middle"
    kit = load_project(content).brands["lincoln-middle"]
    assert kit.brand.organization == "Lincoln Middle"
    assert kit.brand.logo is not None
    assert kit.brand.logo.alt == "Lincoln Middle"
    assert kit.logo_path == folder / "logo.svg"


def test_new_brand_comments_every_field(content: Path) -> None:
    _assert_every_field_commented(new_brand(content, "lincoln-middle") / "brand.yaml", Brand)


def test_new_brand_uses_reserved_contact_placeholders(content: Path) -> None:
    new_brand(content, "lincoln-middle")

    contact = load_project(content).brands["lincoln-middle"].brand.contact
    assert re.fullmatch(r"555-01\d\d", contact.phone or "")
    assert (contact.email or "").endswith("@example.org")
    assert (contact.website or "").startswith("https://example.org/")


def test_new_brand_builds_a_tip_sheet(content: Path, tmp_path: Path) -> None:
    new_brand(content, "lincoln-middle")
    selection = Selection(
        topics=("test-topic",),
        brands=("lincoln-middle",),
        docs=("tip-sheet",),
        editions=("digital",),
    )

    documents = build(BuildSettings(content=content, out=tmp_path / "out", selection=selection))

    assert [(doc.path, doc.pages, doc.warnings) for doc in documents] == [
        ("lincoln-middle/en/tip-sheets/test-topic.pdf", 2, [])
    ]


def test_new_brand_logo_is_plain_shapes_and_text(content: Path) -> None:
    svg = (new_brand(content, "lincoln-middle") / "logo.svg").read_text(encoding="utf-8")

    assert "<script" not in svg.lower()
    assert "href" not in svg.lower()
    root = ET.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.findtext(f"{namespace}title") == "Lincoln Middle"
    assert root.findtext(f"{namespace}text") == "LM"


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(("scaffold", "what"), [(new_topic, "topic id"), (new_brand, "brand name")])
@pytest.mark.parametrize("bad", ["Bad Name", "cyber_bullying", "-lead", "", "ok\n"])
def test_invalid_names_are_refused(
    content: Path, scaffold: Callable[[Path, str], Path], what: str, bad: str
) -> None:
    with pytest.raises(ToolkitError) as caught:
        scaffold(content, bad)

    assert str(caught.value) == (
        f"'{bad}' is not a valid {what}: use only lower-case letters a-z, digits 0-9 and '-', "
        "starting with a letter or digit, for example 'gaming-safety'"
    )


def test_invalid_topic_id_message_verbatim(content: Path) -> None:
    with pytest.raises(ToolkitError) as caught:
        new_topic(content, "Bad Name")

    assert str(caught.value) == (
        "'Bad Name' is not a valid topic id: use only lower-case letters a-z, digits 0-9 "
        "and '-', starting with a letter or digit, for example 'gaming-safety'"
    )
    assert not (content / "topics/Bad Name.yaml").exists()


def test_existing_topic_is_not_overwritten(content: Path) -> None:
    path = new_topic(content, "gaming-safety")
    path.write_text("title: Mine\n", encoding="utf-8")

    with pytest.raises(ToolkitError) as caught:
        new_topic(content, "gaming-safety")

    assert str(caught.value) == (
        "content/topics/gaming-safety.yaml already exists; pick another id or edit that file"
    )
    assert path.read_text(encoding="utf-8") == "title: Mine\n"


def test_topic_id_taken_by_a_series_is_refused(content: Path) -> None:
    with pytest.raises(ToolkitError) as caught:
        new_topic(content, "test-series")

    assert str(caught.value) == (
        "content/series/test-series.yaml already uses the id 'test-series'; pick another id"
    )
    assert not (content / "topics/test-series.yaml").exists()


def test_existing_brand_is_not_overwritten(content: Path) -> None:
    before = (content / "brands/acme/brand.yaml").read_bytes()

    with pytest.raises(ToolkitError) as caught:
        new_brand(content, "acme")

    assert str(caught.value) == (
        "content/brands/acme/brand.yaml already exists; pick another name or edit that file"
    )
    assert (content / "brands/acme/brand.yaml").read_bytes() == before


def test_existing_logo_is_not_overwritten(content: Path) -> None:
    folder = content / "brands/lincoln-middle"
    folder.mkdir()
    (folder / "logo.svg").write_text("<svg/>", encoding="utf-8")

    with pytest.raises(ToolkitError) as caught:
        new_brand(content, "lincoln-middle")

    assert str(caught.value) == (
        "content/brands/lincoln-middle/logo.svg already exists; pick another name or edit that file"
    )
    assert (folder / "logo.svg").read_text(encoding="utf-8") == "<svg/>"
    assert not (folder / "brand.yaml").exists()
