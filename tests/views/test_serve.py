"""``serve`` shows only the gallery, its thumbnails and the PDFs, and only to this machine:
no folder listings, no cache or manifest, no other Host (DNS rebinding)."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit.views.gallery import make_server


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder as a build leaves it, plus things a server must not show."""
    out = tmp_path / "out"
    (out / "acme/en/tip-sheets").mkdir(parents=True)
    (out / "acme/en/tip-sheets/test-topic.pdf").write_bytes(b"%PDF-1.7 test")
    (out / "acme/manifest.json").write_text("{}")
    (out / "thumbnails/acme/en/tip-sheets").mkdir(parents=True)
    (out / "thumbnails/acme/en/tip-sheets/test-topic.png").write_bytes(b"\x89PNG test")
    (out / ".cache").mkdir()
    (out / ".cache/0123.json").write_text('{"key": "secret"}')
    (out / "index.html").write_text("<title>Gallery</title>")
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF- outside")
    (out / "acme/en/tip-sheets/linked.pdf").symlink_to(secret)
    return out


@pytest.fixture
def port(out: Path) -> Iterator[int]:
    server = make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()
    thread.join()


def _get(port: int, path: str, host: str = "127.0.0.1", method: str = "GET") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_host=True)
    connection.putheader("Host", f"{host}:{port}" if host else "")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/", b"<title>Gallery</title>"),
        ("/index.html", b"<title>Gallery</title>"),
        ("/acme/en/tip-sheets/test-topic.pdf", b"%PDF-1.7 test"),
        ("/thumbnails/acme/en/tip-sheets/test-topic.png", b"\x89PNG test"),
    ],
)
def test_gallery_thumbnails_and_pdfs_are_served(port: int, path: str, body: bytes) -> None:
    assert _get(port, path) == (200, body)


@pytest.mark.parametrize(
    "path",
    [
        "/.cache/",
        "/.cache/0123.json",
        "/acme/",
        "/acme/en/tip-sheets/",
        "/thumbnails/",
        "/acme/manifest.json",
        "/acme/en/tip-sheets/linked.pdf",
        "/acme/../.cache/0123.json",
        "/%2ecache/0123.json",
    ],
)
def test_listings_cache_manifest_and_links_out_are_not_found(port: int, path: str) -> None:
    status, body = _get(port, path)

    assert status == 404
    assert b"secret" not in body
    assert b"outside" not in body


def test_a_folder_listing_is_refused_even_without_a_gallery(out: Path, port: int) -> None:
    (out / "index.html").unlink()

    assert _get(port, "/")[0] == 404


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "LOCALHOST"])
def test_local_host_names_are_answered(port: int, host: str) -> None:
    assert _get(port, "/index.html", host)[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "192.168.1.5", ""])
def test_other_host_headers_are_refused(port: int, host: str) -> None:
    assert _get(port, "/index.html", host)[0] == 403
    assert _get(port, "/index.html", host, method="HEAD")[0] == 403
