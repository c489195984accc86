"""``mail``: e-mail every recipient its own copies; a dry run (``.eml`` drafts) unless ``--send``.

Takes in: personalize's options (the recipients list, the selection) and the message and
SMTP options.
Gives out: a dry run that writes drafts and prints a table, or, with ``--send``, the
messages sent after the count is confirmed in a terminal, one line per message. The SMTP
password comes only from ``TOOLKIT_SMTP_PASSWORD`` or a prompt; it is never printed.
Errors are raised as ``ToolkitError`` for ``cli`` to report.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections import Counter

from rich.console import Console
from rich.table import Table

from toolkit.builder.workers import executor_for
from toolkit.cli import options, personalize
from toolkit.cli.build import require_system_libraries
from toolkit.delivery.mail import (
    MailRow,
    MailSettings,
    due,
    prepare_mail,
    send_mail,
    write_drafts,
)
from toolkit.delivery.messages import MessageOptions, size_text
from toolkit.delivery.sending import LOG, SECURITIES, SmtpSettings
from toolkit.errors import ToolkitError

SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def arguments(parser: options.Parser) -> None:
    """Personalize's options, then the message and sending options."""
    personalize.arguments(parser)
    mail = parser.add_argument_group("the messages (docs/email.md)")
    mail.add_argument(
        "--max-mb",
        type=options.megabytes,
        default=10.0,
        metavar="MB",
        help="largest message, as sent; bigger sets of files go in numbered messages "
        "('1 of 2') (default: %(default)s)",
    )
    mail.add_argument(
        "--attach",
        choices=("pdfs", "zip"),
        default="pdfs",
        help="attach the recipient's PDFs (default) or its one zip",
    )
    mail.add_argument(
        "--from",
        dest="sender",
        metavar="ADDRESS",
        help="the From address (default: the brand's contact e-mail, also the Reply-To)",
    )
    mail.add_argument(
        "--send",
        action="store_true",
        help="send the messages (without it: a dry run writing .eml drafts to open and check)",
    )
    mail.add_argument(
        "--smtp",
        metavar="HOST:PORT",
        default=os.environ.get("TOOLKIT_SMTP_HOST"),
        help="the mail server to send through (or TOOLKIT_SMTP_HOST and TOOLKIT_SMTP_PORT)",
    )
    mail.add_argument(
        "--security",
        choices=SECURITIES,
        default=os.environ.get("TOOLKIT_SMTP_SECURITY", "starttls"),
        help="starttls (port 587, the default), ssl (port 465) or none (or TOOLKIT_SMTP_SECURITY)",
    )
    mail.add_argument(
        "--user",
        default=os.environ.get("TOOLKIT_SMTP_USER"),
        help="log in as this user (or TOOLKIT_SMTP_USER); the password comes from "
        "TOOLKIT_SMTP_PASSWORD or is asked for, never from a file or the command line",
    )
    mail.add_argument(
        "--per-minute",
        type=float,
        default=20,
        metavar="N",
        help="send at most N messages a minute; 0 for no limit (default: %(default)s)",
    )
    mail.add_argument(
        "--retry-wait",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="after a temporary refusal (4xx), wait this long, then twice as long... "
        "(3 retries; default: %(default)s)",
    )
    mail.add_argument(
        "--resend",
        action="append",
        default=[],
        metavar="NAME",
        help="send this recipient's (slug's) uncertain messages again: those the server may "
        "have received when the connection broke (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    """Personalize, check, then write drafts or send; 1 if a message did not go."""
    require_system_libraries()
    settings = MailSettings(
        personalize.personalize_settings(args),
        MessageOptions(round(args.max_mb * 1_000_000), args.attach, args.sender),
        _smtp_settings(args) if args.send else None,
        tuple(args.resend),
    )
    with executor_for(args.jobs, args.dask) as executor:
        plan = prepare_mail(settings, None if args.quiet else personalize.recipient_done, executor)
    personalize.print_notes(plan.personalized)
    if settings.smtp is None:
        rows = list(write_drafts(plan, settings))
        _mail_table(rows, "Drafts (nothing was sent)")
        folders = ", ".join(str(brand.mail_folder) for brand in plan.brands)
        print(f"Open the .eml files in {folders} to check them; send with --send --smtp HOST:PORT")
        return 0
    asking = sys.stdin.isatty()  # scripts are not asked; a person sees the count first
    if asking and (count := due(plan, settings)) and not _confirmed(count, settings.smtp):
        print("Nothing was sent.")
        return 1
    try:
        rows = send_mail(plan, settings, None if args.quiet else _message_done)
    except KeyboardInterrupt:
        print("\nStopped. What was sent is in the send log; run the same command to send the rest.")
        return 130
    _mail_table(rows, "Messages")
    counts = Counter(row.status for row in rows)
    print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())) + ".")
    if unsent := sum(n for status, n in counts.items() if status not in {"sent", "already sent"}):
        print(
            f"{unsent} message(s) did not go; see {LOG} and send-report.csv in "
            + ", ".join(str(brand.mail_folder) for brand in plan.brands)
            + ". Run the same command again to send them (uncertain ones need --resend NAME)."
        )
    return 1 if unsent else 0


def _smtp_settings(args: argparse.Namespace) -> SmtpSettings:
    if not args.smtp:
        raise ToolkitError("--send needs --smtp HOST:PORT (or TOOLKIT_SMTP_HOST)")
    if args.security not in SECURITIES:
        raise ToolkitError(
            f"TOOLKIT_SMTP_SECURITY is {args.security!r}; use one of {', '.join(SECURITIES)}"
        )
    host, _, port = args.smtp.rpartition(":") if ":" in args.smtp else (args.smtp, "", "")
    port = port or os.environ.get("TOOLKIT_SMTP_PORT", "") or str(SMTP_PORTS[args.security])
    if not port.isdigit() or not host:
        raise ToolkitError(
            f"--smtp {args.smtp!r}: write it as HOST:PORT, e.g. smtp.example.org:587"
        )
    password = None
    if args.user:
        password = os.environ.get("TOOLKIT_SMTP_PASSWORD")
        if password is None and sys.stdin.isatty():
            password = getpass.getpass(f"Password for {args.user} at {host}: ")
        if password is None:
            raise ToolkitError(
                "no password: set TOOLKIT_SMTP_PASSWORD, or run in a terminal to be asked for it"
            )
    return SmtpSettings(
        host,
        int(port),
        args.security,
        args.user,
        password,
        args.per_minute,
        backoff=args.retry_wait,
    )


def _confirmed(count: int, smtp: SmtpSettings) -> bool:
    """In a terminal, ask before the first message; scripts (no terminal) are not asked."""
    if not sys.stdin.isatty():
        return True
    answer = input(f"Send {count} message(s) through {smtp.host}:{smtp.port}? [y/N] ")
    return answer.strip().lower() in {"y", "yes"}


def _message_done(row: MailRow) -> None:
    detail = f"  {row.detail}" if row.detail else ""
    print(f"  {row.status:12} {row.school} <{row.to}> ({row.part}){detail}")


def _mail_table(rows: list[MailRow], title: str) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("School", "Address", "Attachments", "Size", "Status"):
        table.add_column(column)
    for row in rows:
        part = "" if row.part == "1 of 1" else f" ({row.part})"
        size = size_text(row.size)
        files = row.attachments[0] if len(row.attachments) == 1 else f"{len(row.attachments)} files"
        table.add_row(row.school + part, row.to, files, size, row.status)
    Console(highlight=False).print(table)
