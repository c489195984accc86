"""A hostile brand's templates: links out of the folder are refused where the template names
them, and the sandbox bounds ``range()``, repeated text and powers; an address too long for
a QR code is named by its YAML field. Each is a message, never a file's content in the HTML,
a traceback or a hang."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.content.project import load_project
from toolkit.documents import DOCUMENT_KINDS, Job
from toolkit.errors import ContentError, RenderError
from toolkit.rendering.html import render_html

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
TIP_SHEET = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "acme", "en")


def _override(content: Path, body: str) -> Path:
    """Acme's ``tip_sheet.html`` extending the built-in one, ``body`` on line 3."""
    folder = content / "brands/acme/templates"
    folder.mkdir(exist_ok=True)
    (folder / "tip_sheet.html").write_text(
        '{% extends "toolkit/tip_sheet.html" %}\n{% block header %}\n' + body + "\n{% endblock %}"
    )
    return folder


def _render_error(content: Path) -> str:
    project = load_project(content)
    with pytest.raises(RenderError) as caught:
        render_html(project, TIP_SHEET, TEMPLATES, CREATED)
    return str(caught.value)


def _render_error_after_loading(content: Path, make_link: object) -> str:
    """Links made after the content was checked: the loader's own rule still holds."""
    project = load_project(content)
    assert callable(make_link)
    make_link()
    with pytest.raises(RenderError) as caught:
        render_html(project, TIP_SHEET, TEMPLATES, CREATED)
    return str(caught.value)


def test_included_link_to_a_file_outside_the_folder_is_refused(
    content: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    folder = _override(content, '{% include "note.html" %}')

    message = _render_error_after_loading(
        content, lambda: (folder / "note.html").symlink_to(secret)
    )

    assert message == (
        "content/brands/acme/templates/tip_sheet.html:3: not allowed in a template: "
        f"'note.html' leads to {secret}, outside the templates folder {folder}; "
        "templates may only use files inside their folder"
    )


def test_link_to_the_root_folder_cannot_include_system_files(content: Path) -> None:
    folder = _override(content, '{% include "root/etc/hostname" %}')

    message = _render_error_after_loading(content, lambda: (folder / "root").symlink_to("/"))

    assert "'root/etc/hostname' leads to /etc/hostname, outside the templates folder" in message


def test_the_process_environment_cannot_be_included(content: Path) -> None:
    os.environ["TOOLKIT_TEST_SECRET"] = "ENV-SECRET-VALUE"
    folder = _override(content, '{% include "env.html" %}')

    message = _render_error_after_loading(
        content, lambda: (folder / "env.html").symlink_to("/proc/self/environ")
    )

    assert "'env.html' leads to /proc/" in message
    assert "ENV-SECRET-VALUE" not in message


def test_a_document_template_that_is_itself_a_link_out_is_named(
    content: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "tip_sheet.html"
    outside.write_text("<p>not ours</p>")
    folder = content / "brands/acme/templates"
    folder.mkdir()

    message = _render_error_after_loading(
        content, lambda: (folder / "tip_sheet.html").symlink_to(outside)
    )

    assert message == (
        "content/brands/acme/templates/tip_sheet.html: not allowed in a template: "
        f"'tip_sheet.html' leads to {outside}, outside the templates folder {folder}; "
        "templates may only use files inside their folder"
    )


def test_links_inside_the_folder_still_work(content: Path) -> None:
    folder = _override(content, '{% include "part.html" %}')
    (folder / "real-part.html").write_text("<p>From a linked part</p>")
    (folder / "part.html").symlink_to("real-part.html")

    html = render_html(load_project(content), TIP_SHEET, TEMPLATES, CREATED).html

    assert "<p>From a linked part</p>" in html


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "{% for i in range(10**9) %}{% endfor %}",
            "range(1000000000) has 1,000,000,000 numbers; a template may count to 10,000 at most",
        ),
        (
            '{{ "a" * 10**10 }}',
            "repeating str 10,000,000,000 times makes more than 1,000,000 items; "
            "templates may not make text that long",
        ),
        ("{{ 2 ** (10**9) }}", "2 ** 1000000000 is a number too large for a template"),
    ],
    ids=["range", "repeat", "power"],
)
def test_sandbox_bounds_are_messages_at_the_template_line(
    content: Path, expression: str, message: str
) -> None:
    _override(content, expression)

    assert _render_error(content) == (
        f"content/brands/acme/templates/tip_sheet.html:3: not allowed in a template: {message}"
    )


def test_a_macro_calling_itself_forever_is_a_message(content: Path) -> None:
    _override(content, "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}")

    message = _render_error(content)

    assert message.startswith("content/brands/acme/templates/tip_sheet.html:3: ")
    assert message.endswith(
        "this template calls itself without end (RecursionError); the other documents go on"
    )


def test_an_address_too_long_for_a_qr_code_is_named_by_its_field(content: Path) -> None:
    topic = content / "topics/test-topic.yaml"
    long_url = "https://example.org/" + "a" * 4980
    topic.write_text(
        topic.read_text().replace("url: https://report.cybertip.org/", f"url: {long_url}")
    )

    assert _render_error(content) == (
        "content/topics/test-topic.yaml:37:5: resources[0].url: this address is 5,000 "
        "characters long, too long for a QR code (one holds about 2,300); use a shorter "
        "address, such as a short link"
    )


def test_check_reports_a_link_out_of_the_brand_templates(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _override(content, '{% include "env.html" %}')
    (folder / "env.html").symlink_to("/proc/self/environ")

    assert main(["check", "--content", str(content)]) == 1

    assert capsys.readouterr().err.splitlines()[0] == (
        "error: content/brands/acme/templates/env.html: is a link to /proc/"
        f"{os.getpid()}/environ, outside the brand folder; a brand kit may only hold its own "
        "files"
    )


def test_a_build_refuses_a_brand_with_a_link_out_before_reading_it(
    content: Path, tmp_path: Path
) -> None:
    folder = _override(content, '{% include "root/etc/hostname" %}')
    (folder / "root").symlink_to("/")

    with pytest.raises(ContentError) as caught:
        load_project(content)

    assert [str(p) for p in caught.value.problems] == [
        "content/brands/acme/templates/root: is a link to /, outside the brand folder; "
        "a brand kit may only hold its own files"
    ]
