"""Sending prepared messages over SMTP, resumably, with a log that never sends twice.

Takes in: ``Outgoing`` messages, a function that builds each one's bytes, ``SmtpSettings``
(host, port, security, user, password, rate, retries) and the brand's send log.
Gives out: one ``SendResult`` per message, and the send log (``send-log.jsonl``): a
``sending`` record before each message goes out and a ``sent`` record once the server has
accepted it (Message-ID, address, content hash, time), ``failed`` for a permanent refusal
(5xx, or a temporary one that outlasted every retry) and ``not-sent`` when the message
never left (a temporary refusal, a connection lost before the message was handed over).

Reading the log, each (address, content) pair is ``sent``, ``failed``, ``uncertain`` (the
last record is ``sending``: the connection broke while the server had the message, so it may
have arrived) or new. A rerun sends what is new or failed, skips what was sent, and resends
an uncertain message only when its recipient is named in ``resend``. A temporary refusal
(4xx) is retried after ``backoff``, 2 x ``backoff``, 4 x ...; a permanent one marks that
message failed and the others still go. The password lives only in ``SmtpSettings``, which
never prints it, and is never written anywhere.
"""

from __future__ import annotations

import contextlib
import json
import os
import smtplib
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from toolkit.delivery.messages import Outgoing
from toolkit.errors import DeliveryError

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
LOG = "send-log.jsonl"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send; ``repr`` never shows the password."""

    host: str
    port: int
    security: Security = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    per_minute: float = 20
    """At most this many messages a minute; 0 means no limit."""
    retries: int = 3
    """Tries after a temporary (4xx) refusal before the message counts as failed."""
    backoff: float = 30.0
    """Seconds before the first retry; each later one waits twice as long."""
    timeout: float = 60.0
    context: ssl.SSLContext | None = field(default=None, repr=False)
    """Certificates to trust; the system's when ``None``."""


@dataclass(frozen=True)
class SendResult:
    """What happened to one message in this run."""

    message: Outgoing
    status: str
    """``sent``, ``already sent``, ``failed``, ``uncertain`` or ``not sent``."""
    detail: str = ""
    time: str = ""


class ConnectionLostError(Exception):
    """The server went away; ``uncertain`` when it may have had the message."""

    def __init__(self, reason: str, uncertain: bool) -> None:
        super().__init__(reason)
        self.uncertain = uncertain


class RefusedError(Exception):
    def __init__(self, code: int, reply: bytes | str) -> None:
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else reply
        super().__init__(f"{code} {' '.join(text.split())}")
        self.code = code


class SendLog:
    """The append-only JSONL log of one brand's messages, flushed to disk record by record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._states: dict[tuple[str, str], tuple[str, str]] | None = None

    def states(self) -> dict[tuple[str, str], tuple[str, str]]:
        """The last (event, time) for each (address, content hash); the file is read once."""
        if self._states is None:
            self._states = {}
            lines = (
                self.path.read_text(encoding="utf-8").splitlines() if self.path.is_file() else []
            )
            for line in lines:
                try:
                    record = json.loads(line)
                    self._states[(record["to"], record["hash"])] = (record["event"], record["time"])
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a crash
        return self._states

    def append(self, event: str, message: Outgoing, detail: str = "") -> str:
        moment = datetime.now(UTC).isoformat(timespec="seconds")
        record = {
            "time": moment, "event": event, "recipient": message.slug, "to": message.to,
            "part": f"{message.part}/{message.parts}", "message_id": message.message_id,
            "hash": message.content_hash, "detail": detail,
        }  # fmt: skip
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.states()[(message.to, message.content_hash)] = (event, moment)
        return moment


def status_of(state: tuple[str, str] | None) -> str:
    """What a log state (event, time) means for the next run."""
    event = state[0] if state else ""
    return {"sent": "sent", "sending": "uncertain", "failed": "failed"}.get(event, "new")


def send_all(
    messages: Iterable[Outgoing],
    data: Callable[[Outgoing], bytes],
    settings: SmtpSettings,
    log: SendLog,
    resend: frozenset[str] = frozenset(),
) -> Iterator[SendResult]:
    """Send every message that is due, one connection for all; stop at a lost connection
    (the rest are ``not sent``, for the next run)."""
    connection = _Connection(settings)
    lost: str | None = None
    try:
        for message in messages:
            if lost is not None:
                yield SendResult(message, "not sent", lost)
                continue
            logged = log.states().get((message.to, message.content_hash))
            state = status_of(logged)
            if state == "sent" and logged:
                yield SendResult(message, "already sent", time=logged[1])
            elif state == "uncertain" and message.slug not in resend:
                yield SendResult(message, "uncertain", f"may have arrived; --resend {message.slug}")
            else:
                try:
                    yield _send_one(connection, message, data, settings, log)
                except ConnectionLostError as error:
                    lost = f"connection lost ({error}); run again to send the rest"
                    yield SendResult(message, "uncertain" if error.uncertain else "not sent", lost)
    finally:
        connection.close()


def _send_one(
    connection: _Connection,
    message: Outgoing,
    data: Callable[[Outgoing], bytes],
    settings: SmtpSettings,
    log: SendLog,
) -> SendResult:
    payload = data(message)
    for attempt in range(settings.retries + 1):
        connection.open()  # a server that cannot be reached is an error, before any record
        connection.wait_turn()
        log.append("sending", message)
        try:
            connection.transaction(message.sender_address, message.to, payload)
        except RefusedError as error:
            if error.code >= 500 or attempt == settings.retries:
                return SendResult(
                    message, "failed", str(error), log.append("failed", message, str(error))
                )
            log.append("not-sent", message, str(error))
            time.sleep(settings.backoff * 2**attempt)
            continue
        except ConnectionLostError as error:
            if not error.uncertain:
                log.append("not-sent", message, str(error))
            raise
        return SendResult(message, "sent", "", log.append("sent", message))
    raise AssertionError("unreachable")  # pragma: no cover


class _Connection:
    """One SMTP session, opened at the first message that is due and reopened after a
    refusal reset; paced to ``per_minute``."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.last = 0.0

    def wait_turn(self) -> None:
        if self.settings.per_minute > 0:
            gap = 60 / self.settings.per_minute - (time.monotonic() - self.last)
            if gap > 0 and self.last:
                time.sleep(gap)
        self.last = time.monotonic()

    def open(self) -> smtplib.SMTP:
        if self.smtp is None:
            self.smtp = open_smtp(self.settings)
        return self.smtp

    def transaction(self, sender: str, to: str, payload: bytes) -> None:
        handed_over = False
        try:
            smtp = self.open()
            self._expect(smtp, *smtp.mail(sender), ok=(250,))
            self._expect(smtp, *smtp.rcpt(to), ok=(250, 251))
            handed_over = True
            self._expect(smtp, *smtp.data(payload), ok=(250,))
        except smtplib.SMTPDataError as error:  # DATA itself refused (no 354)
            self._reset()
            raise RefusedError(error.smtp_code, error.smtp_error) from None
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self.smtp = None
            raise ConnectionLostError(type(error).__name__, uncertain=handed_over) from None

    def _expect(self, smtp: smtplib.SMTP, code: int, reply: bytes, ok: tuple[int, ...]) -> None:
        if code == 421:  # the server is closing the connection
            self.smtp = None
            raise ConnectionLostError(f"421 {reply.decode(errors='replace')}", uncertain=False)
        if code not in ok:
            self._reset()
            raise RefusedError(code, reply)

    def _reset(self) -> None:
        try:
            if self.smtp is not None:
                self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.smtp = None


def open_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    """A connected, secured and logged-in session; a ``DeliveryError`` saying what failed."""
    where = f"{settings.host}:{settings.port}"
    try:
        return _open_smtp(settings)
    except smtplib.SMTPAuthenticationError:
        raise DeliveryError(f"{where} refused the user name or password") from None
    except smtplib.SMTPNotSupportedError:
        message = f"{where} does not offer STARTTLS; try --security ssl (usually port 465)"
        raise DeliveryError(message) from None
    except ssl.SSLError as error:
        raise DeliveryError(f"{where}: the secure connection failed ({error.reason})") from None
    except (smtplib.SMTPException, OSError) as error:
        message = f"cannot reach the mail server {where} ({type(error).__name__}: {error})"
        raise DeliveryError(message) from None


def _open_smtp(settings: SmtpSettings) -> smtplib.SMTP:
    context = settings.context or ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.security == "starttls":
            smtp.starttls(context=context)
    if settings.user:
        smtp.login(settings.user, settings.password or "")
    smtp.ehlo_or_helo_if_needed()
    return smtp
