"""``check``: validate the content and brands, render nothing, and warn about what is off.

Takes in: ``--content``, ``--links``, ``--max-age``, ``--strict``.
Gives out: each warning (old or undated figures, http addresses, reading level, placeholders
left in, translations and their figures, help lines not on the verified list, and with
``--links`` dead links) and a one-line summary; exit 1 on a content
error, or on any warning with ``--strict``.
"""

from __future__ import annotations

import argparse
from datetime import date

from toolkit.checks.freshness import broken_links, insecure_addresses, stale_figures
from toolkit.checks.helplines import helpline_problems
from toolkit.checks.placeholders import placeholder_warnings
from toolkit.checks.readability import readability_problems
from toolkit.checks.translated_figures import figure_number_problems
from toolkit.cli import options
from toolkit.cli.report import warn
from toolkit.content.project import load_project


def arguments(parser: options.Parser) -> None:
    options.content(parser)
    options.strict(parser, "old figures, placeholders left in, translations, dead links")
    parser.add_argument(
        "--links",
        action="store_true",
        help="test every web address with a HEAD request (5 s time-out)",
    )
    parser.add_argument(
        "--max-age",
        type=int,
        default=5,
        metavar="YEARS",
        help="warn about figures older than this, and about undated ones (default: %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    project = load_project(args.content)
    warnings = stale_figures(project, date.today().year, args.max_age)
    warnings += insecure_addresses(project)
    warnings += readability_problems(project)
    warnings += placeholder_warnings(project)
    warnings += project.warnings
    warnings += figure_number_problems(project)
    warnings += helpline_problems(project)
    if args.links:
        warnings += broken_links(project)
    for warning in warnings:
        warn(warning)
    found = (
        f"{len(warnings)} warning{'s' if len(warnings) > 1 else ''}"
        if warnings
        else "no problems found"
    )
    print(
        f"{args.content}: {len(project.topics)} topics, {len(project.series)} series, "
        f"{len(project.brands)} brands, languages {', '.join(project.languages)}; {found}."
    )
    return 1 if warnings and args.strict else 0
