"""WeasyPrint stage: the restricted URL fetcher, warnings as failures, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.documents import DOCUMENT_KINDS, Job
from toolkit.errors import RenderError
from toolkit.rendering.html import RenderedHtml
from toolkit.rendering.pdf import make_fetcher, render_pdf

JOB = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "default", "en")


def test_fetcher_serves_files_under_allowed_roots(tmp_path: Path) -> None:
    (tmp_path / "style.css").write_text("p { color: red }")
    fetcher = make_fetcher((tmp_path.resolve(),))
    response = fetcher((tmp_path / "style.css").as_uri())
    assert response.read() == b"p { color: red }"
    assert response.content_type == "text/css"


def test_fetcher_serves_data_uris(tmp_path: Path) -> None:
    fetcher = make_fetcher((tmp_path,))
    assert fetcher("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "outside the content, brand and template folders"),
        ("https://example.org/logo.png", "documents may not load anything from a network"),
        ("http://127.0.0.1/x.css", "documents may not load anything from a network"),
        ("ftp://example.org/x", "documents may not load anything from a network"),
    ],
)
def test_fetcher_refuses_everything_else(tmp_path: Path, url: str, reason: str) -> None:
    fetcher = make_fetcher((tmp_path,))
    with pytest.raises(ValueError, match=reason):
        fetcher(url)


def test_fetcher_refuses_symlink_out_of_allowed_root(tmp_path: Path) -> None:
    allowed = tmp_path / "brand"
    allowed.mkdir()
    (allowed / "logo.svg").symlink_to("/etc/hostname")
    fetcher = make_fetcher((allowed.resolve(),))
    with pytest.raises(ValueError, match="outside the content"):
        fetcher((allowed / "logo.svg").as_uri())


def _render(tmp_path: Path, body: str) -> bytes:
    html = f"<!doctype html><html lang='en'><title>T</title><body>{body}</body></html>"
    return render_pdf(RenderedHtml(html, tmp_path, (tmp_path.resolve(),)), JOB)


def test_render_pdf_writes_a_pdf(tmp_path: Path) -> None:
    assert _render(tmp_path, "<p>Hello</p>").startswith(b"%PDF-")


def test_missing_image_fails_the_document(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as caught:
        _render(tmp_path, f'<img src="{(tmp_path / "logo.png").as_uri()}" alt="logo">')
    [problem] = caught.value.problems
    assert problem.file == "default/en/tip-sheets/test-topic.pdf"
    assert problem.message.startswith("WeasyPrint: Failed to load image at")


def test_network_image_fails_the_document(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="documents may not load anything from a network"):
        _render(tmp_path, '<img src="https://example.org/tracker.png" alt="x">')


def test_too_many_pages_fails_with_the_limit(tmp_path: Path) -> None:
    breaks = '<p style="break-after: page">x</p>' * 3
    with pytest.raises(RenderError) as caught:
        _render(tmp_path, breaks)
    assert str(caught.value.problems[0]) == (
        "the last section: parent tip sheet runs 26 pt onto page 3 but must fit on 2; "
        "shorten the content (default/en/tip-sheets/test-topic)"
    )
