"""``preflight``: a print shop's checklist of each ``.print.pdf`` file.

Takes in: PDF files or folders (default: the output folder), and ``--json``.
Gives out: per file, what a print shop checks (``toolkit.press.preflight``): PDF/X and the
output intent, page boxes and bleed, fonts, image resolution, colour spaces, ink, small
text, the safe area; as text or JSON; exit 1 when any file has a blocking problem.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from toolkit.cli import options
from toolkit.press.preflight import as_json, format_text, preflight_all


def arguments(parser: options.Parser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="PDFs or folders (default: --out)"
    )
    options.out(parser)
    parser.add_argument("--json", action="store_true", help="print the checklist as JSON")


def run(args: argparse.Namespace) -> int:
    """Check each print file as a print shop would; 1 if any has a blocking problem."""
    reports = preflight_all(args.paths or [args.out], args.out)
    print(json.dumps(as_json(reports), indent=2) if args.json else format_text(reports))
    return 1 if any(report.blocking for report in reports) else 0
