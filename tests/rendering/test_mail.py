"""Message templates: subject line, Markdown to text and HTML, the sandbox, values as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.errors import RenderError
from toolkit.rendering.mail import render_message

MAIL = Path(__file__).resolve().parents[2] / "templates" / "mail"
FIELDS: dict[str, Any] = {
    "school": "Oak Elementary",
    "contact": "Ms. Lee",
    "brand": "Acme Family Center",
    "attachments": ["test-topic-tip-sheet.pdf", "test-series-episode-guide.pdf"],
    "part": 1,
    "parts": 1,
    "signature": ["Acme Family Center", "help@example.org"],
    "colour": "#1E5B3A",
}


def test_the_default_english_message() -> None:
    message = render_message((MAIL,), "en", FIELDS)
    assert message.subject == "Online-safety sheets for Oak Elementary"
    assert message.text.startswith("Dear Ms. Lee,\n\nAcme Family Center is sharing")
    assert "families of Oak Elementary. They" in message.text  # bold marks gone
    assert "- test-topic-tip-sheet.pdf\n- test-series-episode-guide.pdf\n" in message.text
    assert "report.cybertip.org (https://report.cybertip.org)" in message.text
    assert message.text.endswith("\n-- \nAcme Family Center\nhelp@example.org\n")
    assert '<html lang="en">' in message.html
    assert "<strong>Oak Elementary</strong>" in message.html
    assert "<li>test-topic-tip-sheet.pdf</li>" in message.html
    assert '<a href="https://report.cybertip.org">report.cybertip.org</a>' in message.html
    assert "Acme Family Center<br>help@example.org</p>" in message.html


def test_the_default_spanish_message_and_numbered_parts() -> None:
    message = render_message((MAIL,), "es", {**FIELDS, "part": 2, "parts": 2})
    assert message.subject == "Materiales de seguridad en línea para Oak Elementary (2 de 2)"
    assert message.text.startswith("Estimado/a Ms. Lee:\n\nAquí tiene más materiales")
    assert "Este es el mensaje 2 de 2" in message.text
    assert '<html lang="es">' in message.html
    english = render_message((MAIL,), "en", {**FIELDS, "part": 1, "parts": 2})
    assert english.subject == "Online-safety sheets for Oak Elementary (1 of 2)"


def test_values_are_data_in_html_and_text() -> None:
    school = "*[Win a prize](http://evil.example)* <script>alert(1)</script> {{ 7*7 }}"
    message = render_message((MAIL,), "en", {**FIELDS, "school": school, "contact": "<b>X</b>"})
    assert 'href="http://evil.example"' not in message.html  # no link made from a value
    assert "*[Win a prize](http://evil.example)*" in message.html  # printed as typed
    assert "<script>" not in message.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message.html
    assert "&lt;b&gt;X&lt;/b&gt;" in message.html
    assert "{{ 7*7 }}" in message.text  # printed as typed, never run
    assert message.subject == f"Online-safety sheets for {school}"


def test_a_brand_template_overrides_the_default(tmp_path: Path) -> None:
    (tmp_path / "message.en.md").write_text(
        "Subject: Materials for {{ school }}\n\nHi {{ contact }}, from {{ brand }}.\n"
    )
    message = render_message((tmp_path, MAIL), "en", FIELDS)
    assert message.subject == "Materials for Oak Elementary"
    assert message.text.startswith("Hi Ms. Lee, from Acme Family Center.\n")
    spanish = render_message((tmp_path, MAIL), "es", FIELDS)  # falls back to the default
    assert spanish.subject.startswith("Materiales de seguridad")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Hello\n", "message.en.md:1: the first line must be 'Subject: ...', then a blank line, "
         "then the message"),
        ("Subject: {{ school.__class__.__mro__ }}\n", "message.en.md: message template: "
         "access to attribute '__class__' of 'str' object is unsafe."),
        ("Subject: x\n\n{{ principal }}\n", "message.en.md: message template: 'principal' is "
         "undefined"),
    ],
)  # fmt: skip
def test_template_mistakes_and_the_sandbox(tmp_path: Path, template: str, message: str) -> None:
    (tmp_path / "message.en.md").write_text(template)
    with pytest.raises(RenderError) as caught:
        render_message((tmp_path, MAIL), "en", FIELDS)
    assert str(caught.value) == message


def test_a_language_without_a_template(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as caught:
        render_message((MAIL,), "fr", FIELDS)
    assert str(caught.value) == f"message.fr.md: no message template in {MAIL}"


def test_a_template_linked_to_a_file_outside_its_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Subject: the machine's secrets\n\nroot:x:0:0\n")
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "message.en.md").symlink_to(secret)
    with pytest.raises(RenderError) as caught:
        render_message((mail, MAIL), "en", FIELDS)
    assert str(caught.value) == (
        f"{mail / 'message.en.md'}: links to {secret}, outside its folder; a template must be "
        "a file in it"
    )
    (mail / "message.en.md").unlink()
    (mail / "root").symlink_to("/")
    (mail / "message.en.md").write_text('Subject: x\n\n{% include "root/etc/hostname" %}\n')
    with pytest.raises(RenderError) as caught:
        render_message((mail, MAIL), "en", FIELDS)
    assert str(caught.value) == (
        f"{mail / 'root/etc/hostname'}: links to /etc/hostname, outside its folder; a template "
        "must be a file in it"
    )
