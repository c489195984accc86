"""Round trip: a brand.yaml written by hand opens in the studio and saves back intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.studio.conftest import TOKEN, page_form
from toolkit.content.project import load_project
from toolkit.studio.brand_file import dump_brand, plain, read_brand, update_brand

HAND_WRITTEN = """\
# Acme's brand, kept by hand.  Questions: ask Dana.
organization: Acme Family Center   # the name on the sign
logo:
  file: logo.svg
  alt: Acme Family Center logo
colours:
  primary: "#1E5B3A"   # forest green, from the 2019 style guide
  accent: '#8A2B5E'
  cmyk:                # our printer's exact inks
    primary: [90, 20, 85, 45]
contact: {phone: 555-0100, email: help@example.org, website: "https://example.org/acme"}
# A made-up brand: its example.org addresses are on purpose.
example: true
"""


@pytest.fixture
def acme(content: Path) -> Path:
    path = content / "brands" / "acme" / "brand.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    return path


def _open_and_save(client: TestClient, **changes: str) -> dict[str, object]:
    assert client.get(f"/?brand=acme&token={TOKEN}").status_code == 200
    form = page_form(plain(read_brand(HAND_WRITTEN)), **changes)
    answer: dict[str, object] = client.post("/save", data=form).json()
    return answer


def test_open_and_save_without_changes_keeps_the_file_byte_for_byte(
    client: TestClient, acme: Path
) -> None:
    assert _open_and_save(client)["saved"] == "content/brands/acme/brand.yaml"
    assert acme.read_text(encoding="utf-8") == HAND_WRITTEN


def test_a_change_touches_only_its_own_line(client: TestClient, acme: Path) -> None:
    answer = _open_and_save(client, organization="Acme Family Centre", colours__accent="#7A2B5E")
    assert answer["brand"] == "acme"  # the folder keeps its name
    before, after = HAND_WRITTEN.splitlines(), acme.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [
        (
            "organization: Acme Family Center   # the name on the sign",
            "organization: Acme Family Centre   # the name on the sign",
        ),
        ("  accent: '#8A2B5E'", '  accent: "#7A2B5E"'),
    ]
    assert load_project(acme.parents[2]).brands["acme"].brand.colours.cmyk.primary == [
        90, 20, 85, 45,
    ]  # fmt: skip


def test_a_key_unknown_to_the_toolkit_is_kept_and_reported(client: TestClient, acme: Path) -> None:
    acme.write_text(HAND_WRITTEN + "mascot: owl   # for the 2027 edition\n", encoding="utf-8")
    assert client.get(f"/?brand=acme&token={TOKEN}").status_code == 200
    form = page_form(plain(read_brand(HAND_WRITTEN)), footer="See you there!")
    findings = client.post("/check", data=form).json()["findings"]
    assert findings[0]["field"] is None
    assert findings[0]["message"].endswith("mascot: unknown field")
    text = read_brand(acme.read_text(encoding="utf-8"))
    update_brand(text, {"footer": "See you there!"})
    assert "mascot: owl   # for the 2027 edition\n" in dump_brand(text)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("1:30", '"1:30"'),
        ("0101", '"0101"'),
        ("yes", '"yes"'),
        ("2026-01-05", '"2026-01-05"'),
        ("#5 Main St", '"#5 Main St"'),
        ("555-0100", "555-0100"),
    ],
)
def test_text_yaml_would_read_as_something_else_is_quoted(typed: str, written: str) -> None:
    data = update_brand(read_brand(None), {"footer": typed})
    assert dump_brand(data).splitlines()[-1] == f"footer: {written}"
