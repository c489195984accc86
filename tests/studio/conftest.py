"""The studio on a copy of the fixture content, through Starlette's TestClient."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from toolkit.studio.app import StudioSettings, create_app
from toolkit.studio.form import LANGUAGES, SHOW_NAME, page_values

TOKEN = "test-token-0123456789"
LOCAL = "http://127.0.0.1:8765"


@pytest.fixture
def settings(content: Path, tmp_path: Path) -> StudioSettings:
    return StudioSettings(
        TOKEN, content, tmp_path / "out", work=tmp_path / "work", warm_preview=False
    )


@pytest.fixture
def client(settings: StudioSettings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url=LOCAL) as test_client:
        test_client.headers["X-Studio-Token"] = TOKEN
        yield test_client


Form = dict[str, str | list[str]]


def form_data(values: dict[str, Any]) -> Form:
    """What the browser posts for the values the page shows (``page_values``)."""
    posted: Form = {}
    for name, value in values.items():
        if name == SHOW_NAME:
            posted.update({SHOW_NAME: "on"} if value else {})
        elif name == LANGUAGES:
            posted[LANGUAGES] = list(value)
        else:
            posted[name] = value
    return posted


def page_form(brand: dict[str, Any], **changes: str) -> Form:
    """The form the page posts for ``brand`` (a brand.yaml's values), with ``changes``."""
    values = page_values(brand, ["en"])
    values.update({name.replace("__", "."): value for name, value in changes.items()})
    return form_data(values)
