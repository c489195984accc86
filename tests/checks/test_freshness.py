"""Freshness: old figures, http addresses and dead links are warned about, with their lines."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from toolkit.checks.freshness import addresses, broken_links, insecure_addresses, stale_figures
from toolkit.cli import main
from toolkit.content.project import load_project

TOPIC = "topics/test-topic.yaml"


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A loopback HTTP server: /ok answers 200, anything else 404."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _edit(content: Path, old: str, new: str) -> None:
    path = content / TOPIC
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_old_figures_are_named_with_their_line(content: Path) -> None:
    project = load_project(content)
    assert stale_figures(project, 2026, 5) == []
    [problem] = stale_figures(project, 2031, 5)
    assert str(problem) == (
        "content/topics/test-topic.yaml:10: figures[0].year: figure '42%' describes 2024, "
        "more than 5 years ago; look for newer data"
    )


def test_plain_http_addresses_are_named(content: Path) -> None:
    _edit(content, "url: https://www.example.org/guide", "url: http://www.example.org/guide")
    [problem] = insecure_addresses(load_project(content))
    assert str(problem) == (
        "content/topics/test-topic.yaml:42: resources[1].url: http://www.example.org/guide "
        "is not https; use the https address if there is one"
    )


def test_addresses_include_markdown_links_in_text(content: Path) -> None:
    urls = {url for url, _, _ in addresses(load_project(content))}
    assert "https://example.org/what" in urls  # a [link](...) inside what_it_is
    assert "https://report.cybertip.org/" in urls
    assert "https://example.org/acme" in urls  # a brand's website


def test_dead_links_are_found_on_a_local_server(content: Path, server: str) -> None:
    _edit(content, "url: https://report.cybertip.org/", f"url: {server}/ok")
    _edit(content, "url: https://www.example.org/guide", f"url: {server}/missing")
    project = load_project(content)
    local = [p for p in broken_links(project, timeout=2) if server in p.message]
    assert [str(p) for p in local] == [
        f"content/topics/test-topic.yaml:42: resources[1].url: {server}/missing "
        "did not answer: HTTP 404"
    ]


def test_check_prints_warnings_and_strict_fails_on_them(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(content, "url: https://www.example.org/guide", "url: http://www.example.org/guide")
    assert main(["check", "--content", str(content)]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("warning: content/topics/test-topic.yaml:42: resources[1].url")
    assert captured.out.endswith("1 topics, 1 series, 2 brands, languages en; 1 warning.\n")
    assert main(["check", "--content", str(content), "--strict"]) == 1


def test_undated_figures_are_their_own_warning_never_current(content: Path) -> None:
    _edit(content, "year: 2024", "year: undated")
    project = load_project(content)
    assert project.topics["test-topic"].figures[0].undated
    expected = (
        "content/topics/test-topic.yaml:10: figures[0].year: figure '42%' is undated, so how "
        "old it is cannot be checked; look for a dated source"
    )
    assert [str(p) for p in stale_figures(project, 2026, 5)] == [expected]
    assert [str(p) for p in stale_figures(project, 2026, 50)] == [expected]
