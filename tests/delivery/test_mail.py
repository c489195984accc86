"""Mailing every school its own copy, against a real SMTP server (aiosmtpd on 127.0.0.1).

The copies are personalized once per module; each test works in its own copy of that output
folder (the mail run finds the copies current and reuses them), so each has its own send log.
"""

from __future__ import annotations

import csv
import email
import io
import json
import shutil
import socket
import ssl
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.conftest import FIXTURES
from toolkit.cli import main
from toolkit.delivery.mail import MailSettings, prepare_mail, send_mail
from toolkit.delivery.messages import MessageOptions
from toolkit.delivery.personalize import PersonalizeSettings, personalize
from toolkit.delivery.sending import SmtpSettings
from toolkit.documents import Selection
from toolkit.errors import ContentError

CONTENT = FIXTURES / "content"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SCHOOLS = (
    "School Name;Counselor;E-mail Address;Principal\r\n"
    "Oak Elementary;Ms. Lee;lee@oak.example.org;Mr. Ortiz\r\n"
    "Escuela Niños Héroes;Sra. Ruiz;ruiz@heroes.example.org;Sr. Paz\r\n"
    "Pine Middle;;office@pine.example.org;Ms. Kay\r\n"
)
SLUGS = ("oak-elementary", "escuela-ninos-heroes", "pine-middle")
ADDRESSES = ("lee@oak.example.org", "ruiz@heroes.example.org", "office@pine.example.org")
PDF = "test-topic-tip-sheet.pdf"
PASSWORD = "s3cret-Pa55word-42"


# --- a real SMTP server -------------------------------------------------------------------


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it accepts and can misbehave on cue."""

    received: list[EmailMessage] = field(default_factory=list)
    drop_at_mail: int | None = None
    """Close the connection at this MAIL command (1-based), before the message."""
    drop_at_data: int | None = None
    """Close the connection after this message's data, without a reply (it is lost)."""
    data_replies: list[str] = field(default_factory=list)
    """Replies to give instead of accepting, one per DATA, in order ('' accepts)."""
    mails: int = 0
    datas: int = 0

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.mails += 1
        if self.mails == self.drop_at_mail:
            server.transport.close()
            return "421 closing"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.datas += 1
        if self.datas == self.drop_at_data:
            server.transport.abort()
            return "250 never heard"
        if self.data_replies and (reply := self.data_replies.pop(0)):
            return reply
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        return "250 Message accepted for delivery"

    def to(self) -> Counter[str]:
        return Counter(str(message["To"].addresses[0].addr_spec) for message in self.received)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    inbox: Inbox
    port: int
    cert: Path | None = None

    def smtp(self, **options: Any) -> SmtpSettings:
        security = "starttls" if self.cert else "none"
        context = ssl.create_default_context(cafile=str(self.cert)) if self.cert else None
        defaults: dict[str, Any] = {"per_minute": 0, "backoff": 0.01, "context": context}
        return SmtpSettings("127.0.0.1", self.port, security, **{**defaults, **options})


@pytest.fixture
def server() -> Iterator[Server]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield Server(inbox, controller.port)
    controller.stop()


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    good = isinstance(data, LoginPassword) and data.password == PASSWORD.encode()
    return AuthResult(success=good, handled=False)  # not handled: aiosmtpd answers 535


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[Server]:
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), tls_context=context,
        require_starttls=True, authenticator=_authenticator, auth_required=True,
    )  # fmt: skip
    controller.start()
    yield Server(inbox, controller.port, cert)
    controller.stop()


# --- the copies, personalized once ---------------------------------------------------------


def _personalize_settings(folder: Path) -> PersonalizeSettings:
    selection = Selection(brands=("acme",), docs=("tip-sheet",), langs=("en",))
    return PersonalizeSettings(
        folder / "schools.csv", CONTENT, folder / "out", TEMPLATES, selection
    )


@pytest.fixture(scope="module")
def personalized(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("personalized")
    (folder / "schools.csv").write_bytes(SCHOOLS.encode("utf-8-sig"))
    personalize(_personalize_settings(folder))
    return folder


@pytest.fixture
def work(personalized: Path, tmp_path: Path) -> Path:
    """A private copy of the personalized copies and the list."""
    shutil.copytree(personalized, tmp_path / "work")
    return tmp_path / "work"


def _settings(work: Path, smtp: SmtpSettings | None = None, **options: Any) -> MailSettings:
    return MailSettings(_personalize_settings(work), smtp=smtp, **options)


def _send(work: Path, smtp: SmtpSettings, **options: Any) -> list[tuple[str, str]]:
    settings = _settings(work, smtp, **options)
    plan = prepare_mail(settings)
    assert plan.personalized.reused
    return [(row.slug, row.status) for row in send_mail(plan, settings)]


def _log(work: Path) -> list[dict[str, str]]:
    path = work / "out" / "acme" / "mail" / "send-log.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _pdf(work: Path, slug: str) -> bytes:
    return (work / "out" / "acme" / "recipients" / slug / PDF).read_bytes()


def _summary(work: Path) -> list[dict[str, str]]:
    path = work / "out" / "acme" / "recipients" / "summary.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _check_message(message: EmailMessage, work: Path, slug: str, address: str) -> None:
    """multipart/mixed: [multipart/alternative: [text/plain, text/html], application/pdf]."""
    assert message.get_content_type() == "multipart/mixed"
    body, attachment = message.iter_parts()
    assert body.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in body.iter_parts()] == ["text/plain", "text/html"]
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == PDF
    assert attachment.get_content() == _pdf(work, slug)
    assert message["To"].addresses[0].addr_spec == address
    assert str(message["From"]) == "Acme Family Center <help@example.org>"
    assert message["Message-ID"].endswith(f".{slug}@example.org>")


# --- the tests ------------------------------------------------------------------------------


def test_dry_run_writes_one_eml_per_school_and_sends_nothing(
    work: Path, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["mail", "--recipients", str(work / "schools.csv"), "--content", str(CONTENT)]
    args += ["--out", str(work / "out"), "--brand", "acme", "--doc", "tip-sheet", "--lang", "en"]
    assert main([*args, "--jobs", "1", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "Drafts (nothing was sent)" in out
    assert "Oak Elementary" in out
    assert err.startswith("note: schools.csv:1: ignored column 'Principal'")
    folder = work / "out" / "acme" / "mail"
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{s}.eml" for s in SLUGS)
    for slug, address in zip(SLUGS, ADDRESSES, strict=True):
        draft = email.message_from_bytes(
            (folder / f"{slug}.eml").read_bytes(), policy=default_policy
        )
        assert isinstance(draft, EmailMessage)
        _check_message(draft, work, slug, address)
    assert server.inbox.received == []
    assert [row["mail_status"] for row in _summary(work)] == ["draft"] * 3


def test_every_school_gets_its_copy_over_plain_smtp(work: Path, server: Server) -> None:
    assert _send(work, server.smtp()) == [(slug, "sent") for slug in SLUGS]
    received = server.inbox.received
    assert len(received) == 3
    for message, slug, address in zip(received, SLUGS, ADDRESSES, strict=True):
        _check_message(message, work, slug, address)
    spanish = received[1]
    assert spanish["Subject"] == "Online-safety sheets for Escuela Niños Héroes"
    text = spanish.get_body(("plain",))
    assert text is not None
    assert "Dear Sra. Ruiz," in text.get_content()
    log = _log(work)
    assert [(r["event"], r["recipient"]) for r in log] == [
        (event, slug) for slug in SLUGS for event in ("sending", "sent")
    ]
    assert {r["message_id"] for r in log[:2]} == {received[0]["Message-ID"]}
    assert all(r["hash"] and r["time"] and r["to"] for r in log)
    assert [row["mail_status"] for row in _summary(work)] == ["sent"] * 3

    assert _send(work, server.smtp()) == [(slug, "already sent") for slug in SLUGS]
    assert len(server.inbox.received) == 3


def test_starttls_login_and_the_password_is_never_written_or_printed(
    work: Path,
    tls_server: Server,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert tls_server.cert is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.cert))  # trust the test's certificate
    monkeypatch.setenv("TOOLKIT_SMTP_PASSWORD", PASSWORD)
    args = ["mail", "--recipients", str(work / "schools.csv"), "--content", str(CONTENT)]
    args += ["--out", str(work / "out"), "--brand", "acme", "--doc", "tip-sheet", "--lang", "en"]
    args += ["--jobs", "1", "--send", "--smtp", f"127.0.0.1:{tls_server.port}"]
    args += ["--user", "district", "--per-minute", "0"]
    assert main(args) == 0
    assert tls_server.inbox.to() == Counter(ADDRESSES)
    out, err = capsys.readouterr()
    assert "sent         Oak Elementary <lee@oak.example.org> (1 of 1)" in out
    assert PASSWORD not in out + err
    for path in (work / "out").rglob("*"):
        assert not path.is_file() or PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in repr(tls_server.smtp(user="district", password=PASSWORD))

    monkeypatch.setenv("TOOLKIT_SMTP_PASSWORD", "wrong")
    (work / "schools.csv").write_bytes(SCHOOLS.replace("Pine", "Fir").encode())
    assert main([*args, "--quiet"]) == 1
    assert capsys.readouterr().err.endswith(
        f"error: 127.0.0.1:{tls_server.port} refused the user name or password\n"
    )


def test_rerun_after_a_dropped_connection_sends_each_school_exactly_one_copy(
    work: Path, server: Server
) -> None:
    server.inbox.drop_at_mail = 3
    first = _send(work, server.smtp())
    assert first == [(SLUGS[0], "sent"), (SLUGS[1], "sent"), (SLUGS[2], "not sent")]
    assert [row["mail_status"] for row in _summary(work)] == ["sent", "sent", "not sent"]
    assert _send(work, server.smtp()) == [
        (SLUGS[0], "already sent"), (SLUGS[1], "already sent"), (SLUGS[2], "sent"),
    ]  # fmt: skip
    assert server.inbox.to() == Counter(ADDRESSES)  # one copy each, no more


def test_a_message_the_server_may_have_is_uncertain_and_resent_only_when_named(
    work: Path, server: Server
) -> None:
    server.inbox.drop_at_data = 2
    assert _send(work, server.smtp()) == [
        (SLUGS[0], "sent"), (SLUGS[1], "uncertain"), (SLUGS[2], "not sent"),
    ]  # fmt: skip
    assert _log(work)[-1]["event"] == "sending"  # no record after it: it may have arrived
    assert _send(work, server.smtp()) == [
        (SLUGS[0], "already sent"), (SLUGS[1], "uncertain"), (SLUGS[2], "sent"),
    ]  # fmt: skip
    assert _send(work, server.smtp(), resend=(SLUGS[1],)) == [
        (SLUGS[0], "already sent"), (SLUGS[1], "sent"), (SLUGS[2], "already sent"),
    ]  # fmt: skip
    assert server.inbox.to() == Counter(ADDRESSES)


def test_a_temporary_refusal_is_retried_and_a_permanent_one_fails_only_its_school(
    work: Path, server: Server
) -> None:
    server.inbox.data_replies = ["451 4.3.0 try again later", "", "550 5.1.1 no such user"]
    assert _send(work, server.smtp()) == [
        (SLUGS[0], "sent"), (SLUGS[1], "failed"), (SLUGS[2], "sent"),
    ]  # fmt: skip
    assert server.inbox.to() == Counter([ADDRESSES[0], ADDRESSES[2]])
    events = [(r["recipient"], r["event"], r["detail"]) for r in _log(work)]
    assert events[:4] == [
        (SLUGS[0], "sending", ""),
        (SLUGS[0], "not-sent", "451 4.3.0 try again later"),
        (SLUGS[0], "sending", ""),
        (SLUGS[0], "sent", ""),
    ]
    assert (SLUGS[1], "failed", "550 5.1.1 no such user") in events
    report = (work / "out" / "acme" / "mail" / "send-report.csv").read_text(encoding="utf-8")
    assert "550 5.1.1 no such user" in report
    assert [row["mail_status"] for row in _summary(work)] == ["sent", "failed", "sent"]


def test_a_temporary_refusal_that_outlasts_the_retries_fails(work: Path, server: Server) -> None:
    server.inbox.data_replies = ["451 busy"] * 3
    result = _send(work, server.smtp(retries=2))
    assert result[0] == (SLUGS[0], "failed")
    assert server.inbox.to() == Counter(ADDRESSES[1:])


def test_addresses_are_checked_before_anything_is_made_and_sizes_before_anything_goes(
    work: Path,
) -> None:
    (work / "schools.csv").write_text("name,email\nOak,\nPine,p@pine.example.org\nElm,\n")
    settings = _settings(work, messages=MessageOptions(max_bytes=70_000))
    with pytest.raises(ContentError) as caught:
        prepare_mail(settings)
    assert [str(problem) for problem in caught.value.problems] == [
        "schools.csv:2: column 'email': is empty; every recipient needs an address to be mailed",
        "schools.csv:4: column 'email': is empty; every recipient needs an address to be mailed",
    ]
    assert not (work / "out" / "acme" / "recipients" / "oak").exists()  # nothing made yet

    (work / "schools.csv").write_text(
        "name,email\nOak,o@oak.example.org\nPine,p@pine.example.org\n"
    )
    with pytest.raises(ContentError) as caught:
        prepare_mail(settings)
    kb = {
        slug: round((work / "out/acme/recipients" / slug / PDF).stat().st_size / 1000)
        for slug in ("oak", "pine")
    }
    assert [str(problem) for problem in caught.value.problems] == [
        f"schools.csv:2: oak/{PDF} is {kb['oak']} KB, too big for one message of --max-mb 0.07 "
        "(it grows by a third when attached)",
        f"schools.csv:3: pine/{PDF} is {kb['pine']} KB, too big for one message of --max-mb "
        "0.07 (it grows by a third when attached)",
    ]
    assert not (work / "out" / "acme" / "mail").exists()


def test_send_needs_a_server_and_a_password(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TOOLKIT_SMTP_HOST", raising=False)
    monkeypatch.delenv("TOOLKIT_SMTP_PASSWORD", raising=False)
    args = ["mail", "--recipients", str(work / "schools.csv"), "--send"]
    assert main(args) == 1
    assert (
        capsys.readouterr().err == "error: --send needs --smtp HOST:PORT (or TOOLKIT_SMTP_HOST)\n"
    )
    assert main([*args, "--smtp", "mail.example.org", "--user", "me"]) == 1
    assert capsys.readouterr().err == (
        "error: no password: set TOOLKIT_SMTP_PASSWORD, or run in a terminal to be asked for it\n"
    )


def test_confirmation_is_asked_only_in_a_terminal(
    work: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.cli import mail as cli_mail

    class Terminal:
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "n")
    assert not cli_mail._confirmed(3, server.smtp())
    assert asked == [f"Send 3 message(s) through 127.0.0.1:{server.port}? [y/N] "]
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: no question
    assert cli_mail._confirmed(3, server.smtp())
    assert len(asked) == 1


def test_personalize_again_keeps_the_mail_status_of_unchanged_copies(
    work: Path, server: Server
) -> None:
    _send(work, server.smtp())
    (work / "schools.csv").write_bytes((SCHOOLS + "Elm;;elm@elm.example.org;\r\n").encode())
    report = personalize(_personalize_settings(work))
    assert not report.reused  # the list changed: every copy made again, byte for byte the same
    assert [(row["slug"], row["mail_status"]) for row in _summary(work)] == [
        *((slug, "sent") for slug in SLUGS), ("elm", "not mailed"),
    ]  # fmt: skip
    assert _send(work, server.smtp()) == [
        *((slug, "already sent") for slug in SLUGS), ("elm", "sent"),
    ]  # fmt: skip
