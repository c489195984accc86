"""The studio's guard: loopback Host only, the session token, 20 MB bodies, no listings."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.studio.conftest import LOCAL, TOKEN
from toolkit.studio.safety import MISSING_KEY, TOO_BIG, WRONG_HOST, host_allowed


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "192.168.1.5:8765"])
def test_another_host_is_refused(client: TestClient, host: str) -> None:
    for response in (
        client.get(f"/?token={TOKEN}", headers={"Host": host}),
        client.post("/check", headers={"Host": host}),
    ):
        assert response.status_code == 403
        assert response.text == WRONG_HOST


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost", True),
        ("localhost:8765", True),
        ("127.0.0.1:8765", True),
        ("LOCALHOST:80", True),
        ("127.0.0.2", False),
        ("localhost:80:evil", False),
        ("localhost:port", False),
        ("", False),
    ],
)
def test_host_names(host: str, allowed: bool) -> None:
    assert host_allowed(host) is allowed


def test_a_post_without_the_token_is_refused(client: TestClient) -> None:
    del client.headers["X-Studio-Token"]
    for path in ("/check", "/save", "/build", "/upload/logo", "/preview/tip-sheet"):
        response = client.post(path, data={"organization": "Evil"})
        assert response.status_code == 403, path
        assert response.text == MISSING_KEY
    wrong = client.post("/save", headers={"X-Studio-Token": "guess"}, data={})
    assert wrong.status_code == 403


def test_a_post_with_only_the_cookie_is_refused(client: TestClient) -> None:
    """The cookie lets the gallery's links work; it never authorizes a change."""
    assert client.get(f"/?token={TOKEN}").status_code == 200
    del client.headers["X-Studio-Token"]
    assert client.cookies.get("studio_token") == TOKEN
    assert client.post("/save", data={}).status_code == 403
    assert client.get("/build/status").status_code == 200


def test_the_page_needs_the_token_but_its_stylesheet_does_not(settings: object) -> None:
    from toolkit.studio.app import create_app

    with TestClient(create_app(settings), base_url=LOCAL) as bare:  # type: ignore[arg-type]
        assert bare.get("/").status_code == 403
        assert bare.get("/static/studio.css").status_code == 200
        assert bare.get(f"/?token={TOKEN}").status_code == 200


def test_a_30_mb_upload_is_refused_with_413(client: TestClient) -> None:
    big = b"\x89PNG\r\n\x1a\n" + bytes(30 * 1024 * 1024)
    response = client.post("/upload/logo", files={"file": ("logo.png", big, "image/png")})
    assert response.status_code == 413
    assert response.text == TOO_BIG


def test_a_body_without_a_length_is_stopped_at_20_mb(client: TestClient) -> None:
    def chunks() -> object:
        for _ in range(25):
            yield bytes(1024 * 1024)

    response = client.post(
        "/recipients",
        content=chunks(),  # type: ignore[arg-type]
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413
    assert response.text == TOO_BIG


@pytest.mark.parametrize(
    "path", ["/static/", "/gallery/", "/gallery/en/", "/gallery/.cache/x.json", "/gallery/a.txt"]
)
def test_no_folder_listings_and_nothing_but_the_gallery(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404
