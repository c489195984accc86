"""The mail command: from the district's list to one message per school, drafted or sent.

Takes in: ``MailSettings``: what to personalize (``PersonalizeSettings``), what goes in
each message (``MessageOptions``), and, to send, ``SmtpSettings`` and the recipients whose
uncertain messages may be resent.
Gives out, per brand, under ``<out>/<brand>/mail/``: by default one ``.eml`` draft per
message (``write_drafts``; the drafts of an earlier run are replaced); with SMTP settings,
the messages sent (``send_mail``), ``send-log.jsonl`` (see ``sending``) and
``send-report.csv``; in both cases ``recipients/summary.csv`` with each school's mail
status, and one ``MailRow`` per message for the table a person reads.

``prepare_mail()`` reads as the pipeline: personalize (reusing the copies when nothing has
changed), read what each brand's run made, and check everything that would stop a message
(every recipient has an address, every file fits a message, the brand has an address to
send from) before a single draft is written or a message sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from toolkit.content.project import Project, load_project
from toolkit.content.recipients import read_recipients
from toolkit.delivery.messages import (
    MessageOptions,
    Outgoing,
    attachments_of,
    email_message,
    message_problems,
    outgoing,
    split,
)
from toolkit.delivery.personalize import (
    SUMMARY_COLUMNS,
    PersonalizeReport,
    PersonalizeSettings,
    Progress,
    personalize,
    write_summary_row,
)
from toolkit.delivery.record import RecipientRecord, Record, read_record
from toolkit.delivery.sending import LOG, SendLog, SmtpSettings, send_all, status_of
from toolkit.errors import ContentError
from toolkit.files import write_atomic, write_csv

REPORT_COLUMNS = (
    "school", "slug", "email", "part", "status", "message_id", "time", "detail", "attachments",
)  # fmt: skip


@dataclass(frozen=True)
class MailSettings:
    """Everything one mail run needs; no SMTP settings means a dry run."""

    personalize: PersonalizeSettings
    messages: MessageOptions = field(default_factory=MessageOptions)
    smtp: SmtpSettings | None = None
    resend: tuple[str, ...] = ()
    """Recipients (slugs) whose uncertain messages are sent again."""


@dataclass(frozen=True)
class BrandMail:
    """One brand's recipients, as its personalize run left them."""

    brand: str
    record: Record
    folder: Path
    """The brand's ``recipients/`` folder."""

    @property
    def mail_folder(self) -> Path:
        return self.folder.parent / "mail"


@dataclass
class MailPlan:
    """What a mail run will send: checked, counted, not yet composed."""

    project: Project
    personalized: PersonalizeReport
    brands: list[BrandMail]
    messages: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MailRow:
    """One message, for the table and the reports (without its words or bytes)."""

    brand: str
    school: str
    slug: str
    to: str
    part: str
    attachments: tuple[str, ...]
    size: int
    status: str
    message_id: str = ""
    time: str = ""
    detail: str = ""


def prepare_mail(
    settings: MailSettings, progress: Progress | None = None, executor: Executor | None = None
) -> MailPlan:
    """Check the addresses, personalize, then check that every message fits; a
    ``ContentError`` with every problem otherwise."""
    check_addresses(settings)
    report = personalize(settings.personalize, progress, executor)
    project = load_project(settings.personalize.content)
    brands = [
        BrandMail(path.parent.parent.name, read_record(path.parent), path.parent)
        for path in report.summaries
    ]
    label = settings.personalize.recipients.name
    problems = [
        problem
        for brand in brands
        for problem in message_problems(
            project, brand.brand, brand.record, label, settings.messages
        )
    ]
    if problems:
        raise ContentError(problems)
    count = sum(
        len(split(attachments_of(recipient, settings.messages.attach), settings.messages.max_bytes))
        for brand in brands
        for recipient in brand.record.recipients
    )
    return MailPlan(project, report, brands, count)


def check_addresses(settings: MailSettings) -> None:
    """Before the (slow) copies are made: every recipient has an address, and every brand
    one to send from."""
    wanted = settings.personalize
    recipients = read_recipients(wanted.recipients, wanted.read)
    project = load_project(wanted.content)
    brands = [name for name in wanted.selection.brands or project.brands if name in project.brands]
    listed = Record("", [RecipientRecord.made(recipient, [], None) for recipient in recipients])
    problems = [
        problem
        for index, brand in enumerate(brands)
        for problem in message_problems(
            project, brand, listed if index == 0 else Record(), recipients.label, settings.messages
        )
    ]
    if problems:
        raise ContentError(problems)


def due(plan: MailPlan, settings: MailSettings) -> int:
    """How many messages a send would hand to the server now (not those already sent, nor
    uncertain ones not named in ``resend``)."""
    count = 0
    for brand in plan.brands:
        log = SendLog(brand.mail_folder / LOG).states()
        for message in _messages(plan, brand, settings):
            state = status_of(log.get((message.to, message.content_hash)))
            count += state in {"new", "failed"} or (
                state == "uncertain" and message.slug in settings.resend
            )
    return count


def _messages(plan: MailPlan, brand: BrandMail, settings: MailSettings) -> Iterator[Outgoing]:
    templates = settings.personalize.templates
    return outgoing(plan.project, brand.brand, brand.record, templates, settings.messages)


def write_drafts(plan: MailPlan, settings: MailSettings) -> Iterator[MailRow]:
    """One ``.eml`` file per message (the last run's drafts removed first)."""
    now = datetime.now(UTC)
    for brand in plan.brands:
        folder = brand.mail_folder
        for old in folder.glob("*.eml") if folder.is_dir() else []:
            old.unlink()
        log = SendLog(folder / LOG).states()
        statuses: dict[str, list[str]] = {}
        for message in _messages(plan, brand, settings):
            mime = email_message(message, brand.folder, now)
            write_atomic(folder / message.eml_name, mime.as_bytes())
            state = status_of(log.get((message.to, message.content_hash)))
            status = "already sent" if state == "sent" else "draft"
            statuses.setdefault(message.slug, []).append(status)
            yield _row(message, status, detail=str(folder / message.eml_name))
        _write_summary(brand, statuses)


def send_mail(
    plan: MailPlan, settings: MailSettings, sent: Callable[[MailRow], None] | None = None
) -> list[MailRow]:
    """Send what is due, brand by brand; the send report and summary written as it goes."""
    smtp = settings.smtp
    assert smtp is not None
    rows: list[MailRow] = []
    for brand in plan.brands:
        log = SendLog(brand.mail_folder / LOG)
        statuses: dict[str, list[str]] = {}
        path = brand.mail_folder / "send-report.csv"
        with write_csv(path, REPORT_COLUMNS) as report:
            messages = _messages(plan, brand, settings)
            results = send_all(messages, _bytes_from(brand), smtp, log, frozenset(settings.resend))
            for result in results:
                row = _row(result.message, result.status, result.time, result.detail)
                statuses.setdefault(row.slug, []).append(row.status)
                report.writerow(
                    [
                        row.school,
                        row.slug,
                        row.to,
                        row.part,
                        row.status,
                        row.message_id,
                        row.time,
                        row.detail,
                        " ".join(row.attachments),
                    ]
                )
                rows.append(row)
                if sent:
                    sent(row)
        _write_summary(brand, statuses)
    return rows


def _bytes_from(brand: BrandMail) -> Callable[[Outgoing], bytes]:
    def data(message: Outgoing) -> bytes:
        return email_message(message, brand.folder, datetime.now(UTC)).as_bytes()

    return data


def _row(message: Outgoing, status: str, time: str = "", detail: str = "") -> MailRow:
    return MailRow(
        message.brand, message.school, message.slug, message.to,
        f"{message.part} of {message.parts}", tuple(Path(c.path).name for c in message.attachments),
        message.size, status, message.message_id, time, detail,
    )  # fmt: skip


def mail_status(statuses: list[str]) -> str:
    """One school's status from its messages' statuses."""
    for status in ("failed", "uncertain", "not sent", "draft"):
        if status in statuses:
            return status
    return "sent" if statuses else "not mailed"


def _write_summary(brand: BrandMail, statuses: dict[str, list[str]]) -> None:
    """``summary.csv`` again, with each recipient's mail status."""
    with write_csv(brand.folder / "summary.csv", SUMMARY_COLUMNS) as summary:
        for recipient in brand.record.recipients:
            found = [
                ("sent" if s == "already sent" else s) for s in statuses.get(recipient.slug, [])
            ]
            write_summary_row(summary, recipient, mail_status(found))
