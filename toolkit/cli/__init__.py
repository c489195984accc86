"""The command line: ``build_pdfs.py [COMMAND] [options]``; ``build_pdfs.py help COMMAND``.

Takes in: command-line arguments.
Gives out: an exit code. ``main`` is the one place that turns a ``ToolkitError`` into a
message on stderr (no traceback unless ``--verbose``) and a non-zero exit code.

One module per command (or family of small commands), each with ``arguments(parser)``,
which adds that command's options to its own parser, and ``run(args)``, which does it;
``COMMANDS`` below names each with a summary and an example. Adding a command means one
module and one line here; options several commands share are in ``options``. Without a
command, ``build`` runs (``build_pdfs.py --brand x`` is ``build_pdfs.py build --brand x``).

May import: errors, documents, content, press, checks, builder, delivery, views, studio.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.cli import (
    audit,
    build,
    check,
    mail,
    personalize,
    preflight,
    project_files,
    studio,
)
from toolkit.cli.options import Parser
from toolkit.cli.report import report
from toolkit.errors import ToolkitError


@dataclass(frozen=True)
class Command:
    """One subcommand: what it is called, what it does, and how it is used."""

    name: str
    summary: str
    example: str
    arguments: Callable[[Parser], None]
    run: Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "json", False):
        args.quiet = True  # stdout is for the JSON alone
    try:
        return args.run(args)  # type: ignore[no-any-return]
    except ToolkitError as error:
        if args.verbose:
            raise
        report(error)
        return 1


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; options may come before the command, and no command means build."""
    parser, commands = parsers()
    return parser.parse_args(_command_first(argv, commands["build"]))


def parsers() -> tuple[Parser, dict[str, Parser]]:
    """The top-level parser, and each command's own parser by name."""
    prog = "toolkit" if Path(sys.argv[0]).name == "toolkit" else "build_pdfs.py"
    parser = Parser(
        prog=prog,
        description="Turn the toolkit's YAML content into branded, print-ready PDFs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"Without a command, {prog} builds (see: {prog} help build).\n"
        f"Each command has its own options and an example: {prog} help COMMAND",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    commands = {}
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name,
            help=command.summary,
            description=command.summary[0].upper() + command.summary[1:] + ".",
            epilog=f"example:\n  {prog} {command.example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.arguments(sub)
        sub.add_argument(
            "--verbose", action="store_true", help="show Python tracebacks, for bug reports"
        )
        sub.set_defaults(run=command.run, command=command.name)
        commands[command.name] = sub
    return parser, commands


def _command_first(argv: list[str], build_parser: Parser) -> list[str]:
    """Move the command to the front (``--content X check``), or put ``build`` there."""
    names = {command.name for command in COMMANDS}
    if not argv or argv[0] in {"-h", "--help"}:
        return argv or ["build"]
    takes_value = {
        option
        for action in build_parser._actions
        if action.nargs != 0
        for option in action.option_strings
    }
    for index, token in enumerate(argv):
        if token in names and (index == 0 or argv[index - 1] not in takes_value):
            return [token, *argv[:index], *argv[index + 1 :]]
    return ["build", *argv]


def _help_arguments(parser: Parser) -> None:
    parser.add_argument(
        "topic",
        nargs="?",
        metavar="COMMAND",
        choices=[command.name for command in COMMANDS],
        help="the command to explain; without it, the list of commands",
    )


def _help(args: argparse.Namespace) -> int:
    parser, commands = parsers()
    (parser if args.topic is None else commands[args.topic]).print_help()
    return 0


COMMANDS = [
    Command(
        "build",
        "render every document for every brand into the output folder (the default)",
        "--brand riverside-pta --topic sextortion --lang es",
        build.arguments,
        build.run,
    ),
    Command(
        "check",
        "validate the content and brands without rendering anything",
        "check --links",
        check.arguments,
        check.run,
    ),
    Command(
        "audit",
        "check any PDF's tags for screen readers, a line per finding with page and object",
        "audit output/default/es/tip-sheets/sextortion.pdf",
        audit.arguments,
        audit.run,
    ),
    Command(
        "preflight",
        "a print shop's checklist of each .print.pdf file (PDF/X, boxes, fonts, ink)",
        "preflight output/default/en/tip-sheets",
        preflight.arguments,
        preflight.run,
    ),
    Command(
        "personalize",
        "each recipient's own copies with its name and contact, zipped for e-mail",
        "personalize --recipients schools.csv --brand my-org",
        personalize.arguments,
        personalize.run,
    ),
    Command(
        "mail",
        "e-mail every recipient its own copies; a dry run (.eml drafts) unless --send",
        "mail --recipients district.xlsx --brand my-org --send --smtp smtp.example.org:587",
        mail.arguments,
        mail.run,
    ),
    Command(
        "new-topic",
        "write a commented starter topics/ID.yaml",
        "new-topic gaming-safety",
        project_files.new_topic_arguments,
        project_files.scaffold,
    ),
    Command(
        "new-brand",
        "write a commented starter brands/NAME/ with a placeholder logo",
        "new-brand lincoln-middle",
        project_files.new_brand_arguments,
        project_files.scaffold,
    ),
    Command(
        "new-translation",
        "start a translation of a content file",
        "new-translation content/topics/sextortion.yaml es",
        project_files.new_translation_arguments,
        project_files.scaffold,
    ),
    Command(
        "translation-done",
        "record that a reviewed translation matches its English file again",
        "translation-done content/topics/sextortion.es.yaml",
        project_files.translation_done_arguments,
        project_files.translation_done,
    ),
    Command(
        "schema",
        "print the JSON Schema of the content files, for editor autocomplete",
        "schema topic > topic.schema.json",
        project_files.schema_arguments,
        project_files.schema,
    ),
    Command(
        "serve",
        "serve the output folder's gallery at http://127.0.0.1:PORT/ (loopback only)",
        "serve --port 8080",
        project_files.serve_arguments,
        project_files.serve_gallery,
    ),
    Command(
        "studio",
        "make or change a brand in your browser, with a live preview, then build and download",
        "studio --port 8765",
        studio.arguments,
        studio.run,
    ),
    Command(
        "docs-images",
        "redraw the README's pictures in docs/images/ from a fresh build",
        "docs-images",
        project_files.docs_images_arguments,
        project_files.docs_images,
    ),
    Command(
        "help", "show a command's options and an example", "help build", _help_arguments, _help
    ),
]
