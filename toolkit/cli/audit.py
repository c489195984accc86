"""``audit``: check any PDF's tags for screen readers, one line per finding.

Takes in: PDF files (``build_pdfs.py audit FILE...``), ours or from elsewhere.
Gives out: one line per finding with its page and object, then a summary
(``toolkit.checks.accessibility``); exit 1 when a file has findings, and one error naming
every file that could not be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from toolkit.checks.accessibility import AuditError, audit_files
from toolkit.cli import options


def arguments(parser: options.Parser) -> None:
    parser.add_argument("pdfs", nargs="+", type=Path, metavar="FILE", help="PDFs to check")


def run(args: argparse.Namespace) -> int:
    """One line per finding, then a summary; unreadable files are reported together last."""
    lines, failed, unreadable = audit_files(args.pdfs)
    print("\n".join(lines))
    if unreadable:
        raise AuditError(unreadable)
    return 1 if failed else 0
