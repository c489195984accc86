"""The personalize and mail options: recipients-file options, SMTP settings from the
command line and the environment, and where the password may come from."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from toolkit.cli import parse_args
from toolkit.cli.mail import _smtp_settings
from toolkit.cli.personalize import personalize_settings
from toolkit.content.recipients import ReadOptions
from toolkit.errors import ToolkitError

SMTP_ENV = (
    "TOOLKIT_SMTP_HOST", "TOOLKIT_SMTP_PORT", "TOOLKIT_SMTP_USER", "TOOLKIT_SMTP_SECURITY",
    "TOOLKIT_SMTP_PASSWORD",
)  # fmt: skip


@pytest.fixture(autouse=True)
def no_smtp_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SMTP_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: nobody to ask


def test_recipients_file_options_reach_personalize() -> None:
    args = parse_args(
        ["mail", "--recipients", "district.xlsx", "--sheet", "Schools 2026",
         "--column", "Principal=contact", "--column", "Campus = name", "--prune"]
    )  # fmt: skip
    settings = personalize_settings(args)
    assert settings.recipients == Path("district.xlsx")
    assert settings.read == ReadOptions(
        "Schools 2026", (("Principal", "contact"), ("Campus", "name"))
    )
    assert settings.prune


def test_smtp_settings_from_the_command_line_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    smtp = _smtp_settings(parse_args(["mail", "--send", "--smtp", "smtp.example.org"]))
    assert (smtp.host, smtp.port, smtp.security, smtp.user, smtp.password) == (
        "smtp.example.org", 587, "starttls", None, None,
    )  # fmt: skip
    smtp = _smtp_settings(parse_args(["mail", "--smtp", "smtp.example.org", "--security", "ssl"]))
    assert smtp.port == 465
    monkeypatch.setenv("TOOLKIT_SMTP_HOST", "relay.example.org:2525")
    monkeypatch.setenv("TOOLKIT_SMTP_SECURITY", "none")
    monkeypatch.setenv("TOOLKIT_SMTP_USER", "outreach")
    monkeypatch.setenv("TOOLKIT_SMTP_PASSWORD", "from-the-environment")
    smtp = _smtp_settings(parse_args(["mail", "--send", "--per-minute", "5", "--retry-wait", "1"]))
    assert (smtp.host, smtp.port, smtp.security, smtp.user, smtp.password) == (
        "relay.example.org", 2525, "none", "outreach", "from-the-environment",
    )  # fmt: skip
    assert (smtp.per_minute, smtp.backoff) == (5, 1)
    assert "from-the-environment" not in repr(smtp)


@pytest.mark.parametrize(
    ("argv", "environment", "message"),
    [
        (["--smtp", "smtp.example.org:mail"], {},
         "--smtp 'smtp.example.org:mail': write it as HOST:PORT, e.g. smtp.example.org:587"),
        (["--smtp", "smtp.example.org"], {"TOOLKIT_SMTP_SECURITY": "tls"},
         "TOOLKIT_SMTP_SECURITY is 'tls'; use one of starttls, ssl, none"),
        (["--smtp", "smtp.example.org", "--user", "me"], {},
         "no password: set TOOLKIT_SMTP_PASSWORD, or run in a terminal to be asked for it"),
    ],
)  # fmt: skip
def test_smtp_mistakes(
    argv: list[str], environment: dict[str, str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ToolkitError) as caught:
        _smtp_settings(parse_args(["mail", "--send", *argv]))
    assert str(caught.value) == message


def test_the_password_is_asked_for_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    prompts: list[str] = []
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or "typed")
    smtp = _smtp_settings(parse_args(["mail", "--smtp", "smtp.example.org", "--user", "me"]))
    assert smtp.password == "typed"
    assert prompts == ["Password for me at smtp.example.org: "]
