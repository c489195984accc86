"""``personalize``: each recipient's own copies, with its name and contact, zipped for e-mail.

Takes in: ``--recipients FILE`` and the build's selection and rendering options.
Gives out: the copies and zips (``toolkit.delivery.personalize``), a line per recipient, a
table or JSON summary, and a warning per file over the e-mail budget.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console

from toolkit.builder.workers import executor_for
from toolkit.cli import options
from toolkit.cli.build import require_system_libraries
from toolkit.cli.report import warn
from toolkit.content.recipients import Recipient
from toolkit.delivery.personalize import METHODS, PersonalizeSettings, personalize
from toolkit.documents import Selection
from toolkit.errors import ToolkitError


def arguments(parser: options.Parser) -> None:
    parser.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="the .csv or .yaml list of recipients (columns name, contact, phone, email, "
        "website, slug)",
    )
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


def run(args: argparse.Namespace) -> int:
    if not args.recipients:
        raise ToolkitError(
            "personalize needs --recipients FILE, a .csv or .yaml list of recipients"
        )
    require_system_libraries()
    settings = PersonalizeSettings(
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
    )
    with executor_for(args.jobs, args.dask) as executor:
        report = personalize(settings, None if args.quiet else _recipient_done, executor)
    for warning in report.warnings:
        warn(warning)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        Console(highlight=False).print(report.table(settings.method))
    return 1 if report.warnings and args.strict else 0


def _recipient_done(recipient: Recipient, done: int, total: int) -> None:
    print(f"  [{done}/{total}] {recipient.slug}")
