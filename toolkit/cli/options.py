"""Options several commands share, each added by one function to a command's own parser.

Takes in: a command's ``argparse`` parser.
Gives out: the same parser with the options added; and the values they parse into
(``selection``, ``source_date_epoch``).
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path

from toolkit.builder.pipeline import BuildSettings
from toolkit.checks.budget import DEFAULT_BUDGET
from toolkit.documents import DOCUMENT_KINDS, EDITIONS, PAPERS
from toolkit.errors import ToolkitError

Parser = argparse.ArgumentParser


def content(parser: Parser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=BuildSettings().content,
        metavar="DIR",
        help="content folder with toolkit.yaml, topics/, series/, brands/ (default: %(default)s)",
    )


def out(parser: Parser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=BuildSettings().out,
        metavar="DIR",
        help="the output folder, as DIR/<brand>/<lang>/... (default: %(default)s)",
    )


def selection(parser: Parser) -> None:
    """What to build: brands, topics, kinds, editions, languages, paper."""
    parser.add_argument(
        "--brand", action="append", default=[], metavar="NAME", help="only this brand (repeatable)"
    )
    parser.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="ID",
        help="only this topic or series id (repeatable)",
    )
    parser.add_argument(
        "--doc",
        action="append",
        default=[],
        metavar="KIND",
        choices=list(DOCUMENT_KINDS),
        help="only this document kind (repeatable): " + ", ".join(DOCUMENT_KINDS),
    )
    parser.add_argument(
        "--edition",
        action="append",
        default=[],
        choices=list(EDITIONS),
        help="only this edition (repeatable): digital (tagged, for screens and e-mail) or "
        "print (crop marks, slug line, card sheets, imposed booklet; files end in .print.pdf)",
    )
    parser.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="LANG",
        help="only this language (repeatable), e.g. en or es; default: the content's "
        "language and every translation listed in toolkit.yaml",
    )
    parser.add_argument(
        "--paper",
        action="append",
        default=[],
        choices=list(PAPERS),
        help="paper size (repeatable; default: each brand's paper, else letter): a4 gives A4 "
        "tip sheets and card sheets and an A5 booklet, with file names ending in .a4.pdf",
    )


def rendering(parser: Parser) -> None:
    """Where and how fast to render, what to print, and the e-mail size budget."""
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="render N documents at a time in worker processes (default: %(default)s, "
        "the number of cores)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=BuildSettings().timeout,
        metavar="SECONDS",
        help="seconds one document may take to render; one that takes longer fails and the "
        "others go on (default: %(default)s; 0: no limit)",
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="send the rendering to a running Dask cluster, e.g. tcp://scheduler:8786 "
        "(needs the [distributed] extra)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print only warnings, errors and the summary"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the summary as JSON, for scripts"
    )
    parser.add_argument(
        "--budget-mb",
        type=megabytes,
        default=DEFAULT_BUDGET / 1e6,
        metavar="MB",
        help="warn about any digital PDF (and any recipient's zip) bigger than this: "
        "too big to e-mail (default: %(default)s)",
    )


def strict(parser: Parser, warnings: str) -> None:
    parser.add_argument("--strict", action="store_true", help=f"fail on warnings too ({warnings})")


def megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of megabytes above 0, not {value!r}")
    return number


def source_date_epoch() -> datetime | None:
    """The reproducible-builds convention: SOURCE_DATE_EPOCH fixes the date in every PDF."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ToolkitError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not {value!r}")
    return datetime.fromtimestamp(int(value), tz=UTC)
