"""``personalize``: each recipient's own copies, with its name and contact, zipped for e-mail.

Takes in: ``--recipients FILE`` (``.csv``, ``.xlsx`` or ``.yaml``; ``--sheet``, ``--column``)
and the build's selection and rendering options.
Gives out: the copies and zips (``toolkit.delivery.personalize``), a line per recipient, a
table or JSON summary, a warning per file over the e-mail budget, and a note naming the
recipients no longer on the list. ``mail`` shares the recipients options and settings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console

from toolkit.builder.workers import executor_for
from toolkit.cli import options
from toolkit.cli.build import require_system_libraries
from toolkit.cli.report import warn
from toolkit.content.recipients import ReadOptions, Recipient, parse_column_option
from toolkit.delivery.personalize import (
    METHODS,
    PersonalizeReport,
    PersonalizeSettings,
    personalize,
)
from toolkit.documents import Selection
from toolkit.errors import ToolkitError


def arguments(parser: options.Parser) -> None:
    recipients_list(parser)
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="stamp",
        help="stamp each recipient's block onto one rendering (fast, the default) or render "
        "every copy again (slow); both look the same",
    )
    options.content(parser)
    options.out(parser)
    options.selection(parser)
    options.strict(parser, "files too big to e-mail")
    options.rendering(parser)


def recipients_list(parser: options.Parser) -> None:
    """The recipients file and how to read it (personalize and mail)."""
    group = parser.add_argument_group("the recipients list")
    group.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="the .csv, .xlsx or .yaml list of recipients (columns name, contact, phone, "
        "email, website, language, slug; common headers such as 'School Name' are understood)",
    )
    group.add_argument(
        "--sheet", metavar="NAME", help="the .xlsx sheet to read (default: the first)"
    )
    group.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help='use a column the list calls something else, e.g. --column "Principal=contact" '
        "(repeatable); fields: name, contact, phone, email, website, language, slug",
    )
    group.add_argument(
        "--prune",
        action="store_true",
        help="remove the copies of recipients that are no longer on the list (kept by default)",
    )


def run(args: argparse.Namespace) -> int:
    require_system_libraries()
    settings = personalize_settings(args)
    with executor_for(args.jobs, args.dask) as executor:
        report = personalize(settings, None if args.quiet else recipient_done, executor)
    print_notes(report)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        Console(highlight=False).print(report.table(settings.method))
    return 1 if report.warnings and args.strict else 0


def personalize_settings(args: argparse.Namespace) -> PersonalizeSettings:
    """What personalize (and mail) make, from the command line."""
    if not args.recipients:
        raise ToolkitError(
            f"{args.command} needs --recipients FILE, a .csv, .xlsx or .yaml list of recipients"
        )
    return PersonalizeSettings(
        recipients=args.recipients,
        content=args.content,
        out=args.out,
        selection=Selection(
            brands=tuple(args.brand),
            topics=tuple(args.topic),
            docs=tuple(args.doc),
            editions=tuple(args.edition) or ("digital",),
            papers=tuple(args.paper),
            langs=tuple(args.lang),
        ),
        method=args.method,
        budget=round(args.budget_mb * 1_000_000),
        created=options.source_date_epoch(),
        read=ReadOptions(args.sheet, tuple(parse_column_option(c) for c in args.column)),
        prune=args.prune,
    )


def print_notes(report: PersonalizeReport) -> None:
    """Notes about the list, warnings about sizes, and who is no longer on the list."""
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for warning in report.warnings:
        warn(warning)
    if report.dropped:
        print(
            f"note: {len(report.dropped)} recipient(s) of the last run are no longer on the "
            f"list: {', '.join(report.dropped)}; their copies are kept (--prune removes them)",
            file=sys.stderr,
        )


def recipient_done(recipient: Recipient, done: int, total: int) -> None:
    print(f"  [{done}/{total}] {recipient.slug}")
