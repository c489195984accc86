"""The command line: ``python build_pdfs.py [build|check|schema] [options]``.

Takes in: command-line arguments.
Gives out: an exit code. This is the one place that turns a ``ToolkitError`` into a message
on stderr (no traceback unless ``--verbose``) and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from rich.console import Console

from toolkit.builder.pipeline import PROJECT_ROOT, BuildSettings, build
from toolkit.builder.scaffold import new_brand, new_topic, new_translation
from toolkit.builder.system import missing_packages
from toolkit.builder.watch import watch
from toolkit.builder.workers import executor_for
from toolkit.checks.budget import DEFAULT_BUDGET
from toolkit.checks.freshness import broken_links, insecure_addresses, stale_figures
from toolkit.checks.readability import readability_problems
from toolkit.content.project import load_project
from toolkit.content.recipients import Recipient
from toolkit.content.schema import content_schema
from toolkit.delivery.personalize import METHODS, PersonalizeSettings, personalize
from toolkit.documents import (
    CARD_FILES,
    CARD_SIZES,
    COLOUR_MODES,
    DOCUMENT_KINDS,
    EDITIONS,
    PAPERS,
    Selection,
)
from toolkit.errors import ContentError, PartialBuildError, Problem, SetupError, ToolkitError
from toolkit.press.preflight import as_json, format_text, preflight_all
from toolkit.views.gallery import serve, write_gallery
from toolkit.views.progress import ProgressReport
from toolkit.views.showcase import write_showcase
from toolkit.views.summary import Summary

COMMANDS = {
    "build": "render every document for every brand into the output folder (the default)",
    "check": "validate the content and brands without rendering anything",
    "schema": "print the JSON Schema of the content files, for editor autocomplete",
    "new-topic": "new-topic ID: write a commented starter topics/ID.yaml",
    "new-brand": "new-brand NAME: write a commented starter brands/NAME/ with a logo",
    "new-translation": "new-translation FILE LANG: start FILE's translation, e.g. "
    "content/topics/sextortion.yaml es",
    "serve": "serve the output folder's gallery at http://127.0.0.1:PORT/ (loopback only)",
    "docs-images": "redraw the README's pictures in docs/images/ from a fresh build",
    "personalize": "personalize --recipients FILE: each recipient's own copies with its name and "
    "contact, zipped for e-mail (docs/personalize.md)",
    "preflight": "preflight [PATH...]: a print shop's checklist of each .print.pdf file",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    if (argv := sys.argv[1:] if argv is None else argv)[:1] == ["preflight"]:
        add_preflight_arguments(preflight := argparse.ArgumentParser("build_pdfs.py preflight"))
        return preflight.parse_args(argv[1:])
    defaults = BuildSettings()
    parser = argparse.ArgumentParser(
        prog="build_pdfs.py",
        description="Turn the toolkit's YAML content into branded, print-ready PDFs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(f"  {n:12} {h}" for n, h in COMMANDS.items()),
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=list(COMMANDS),
        help="what to do (default: build)",
    )
    parser.add_argument(
        "name", nargs="?", help="the id or name for new-topic and new-brand; the file to translate"
    )
    parser.add_argument("language", nargs="?", help="the language for new-translation, e.g. es")
    parser.add_argument(
        "--content",
        type=Path,
        default=defaults.content,
        metavar="DIR",
        help="content folder with toolkit.yaml, topics/, series/, brands/ (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=defaults.out,
        metavar="DIR",
        help="where PDFs go, as DIR/<brand>/<lang>/... (default: %(default)s)",
    )
    parser.add_argument(
        "--brand",
        action="append",
        default=[],
        metavar="NAME",
        help="build only this brand (repeatable)",
    )
    parser.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="ID",
        help="build only this topic or series id (repeatable)",
    )
    parser.add_argument(
        "--doc",
        action="append",
        default=[],
        metavar="KIND",
        choices=list(DOCUMENT_KINDS),
        help="build only this document kind (repeatable): " + ", ".join(DOCUMENT_KINDS),
    )
    parser.add_argument(
        "--edition",
        action="append",
        default=[],
        choices=list(EDITIONS),
        help="build only this edition (repeatable): digital (tagged, for screens and e-mail) "
        "or print (crop marks, slug line, card sheets, imposed booklet; files end in .print.pdf)",
    )
    parser.add_argument(
        "--colour", choices=COLOUR_MODES, default="rgb", help="print edition colour: rgb "
        "(sRGB, copy shops) or cmyk (coated CMYK, offset; files .cmyk.print.pdf) (default: rgb)"
    )  # fmt: skip
    parser.add_argument(
        "--card-file", choices=CARD_FILES, default="sheets", help="cards' print file: sheets "
        "with cut marks, or single (one card a page, bleed, no marks) (default: %(default)s)"
    )  # fmt: skip
    parser.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="LANG",
        help="build only this language (repeatable), e.g. en or es; default: the content's "
        "language and every translation listed in toolkit.yaml",
    )
    parser.add_argument(
        "--paper",
        action="append",
        default=[],
        choices=list(PAPERS),
        help="paper size (repeatable; default: each brand's paper, else letter): a4 gives A4 "
        "tip sheets and card sheets "
        "and an A5 booklet, with file names ending in .a4.pdf",
    )
    parser.add_argument(
        "--card-size",
        choices=list(CARD_SIZES),
        help="youth card size for every brand (default: each brand's card_size, else 3.5x5); "
        "files of other sizes end in .<size>.pdf",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (text running past its column), not only on lost content",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="render N documents at a time in worker processes (default: %(default)s, "
        "the number of cores)",
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="send the rendering to a running Dask cluster, e.g. tcp://scheduler:8786 "
        "(needs the [distributed] extra)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="render every document again, even those the cache says are up to date",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print only warnings, errors and the summary"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port for serve (default: %(default)s)"
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="after building, rebuild whenever a content, brand or template file is saved",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the build summary as JSON, for scripts"
    )
    parser.add_argument(
        "--links",
        action="store_true",
        help="with check: test every web address with a HEAD request (5 s time-out)",
    )
    parser.add_argument(
        "--max-age",
        type=int,
        default=5,
        metavar="YEARS",
        help="with check: warn about figures older than this (default: %(default)s)",
    )
    parser.add_argument(
        "--recipients",
        type=Path,
        metavar="FILE",
        help="with personalize: the .csv or .yaml list of recipients (columns name, contact, "
        "phone, email, website, slug)",
    )
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="stamp",
        help="with personalize: stamp each recipient's block onto one rendering (fast, the "
        "default) or render every copy again (slow); both look the same",
    )
    parser.add_argument(
        "--budget-mb",
        type=_megabytes,
        default=DEFAULT_BUDGET / 1e6,
        metavar="MB",
        help="warn about any digital PDF (and, with personalize, any zip) bigger than this: "
        "too big to e-mail (default: %(default)s)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="show Python tracebacks for errors, for bug reports"
    )
    return parser.parse_args(argv)


def add_preflight_arguments(parser: argparse.ArgumentParser) -> None:
    """``preflight [PATH...] [--json]``: files or folders (default: the output folder)."""
    parser.set_defaults(command="preflight", verbose=False, out=BuildSettings().out)
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="PDFs or folders")
    parser.add_argument("--json", action="store_true", help="print the checklist as JSON")


def _megabytes(value: str) -> float:
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = 0.0
    if megabytes <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of megabytes above 0, not {value!r}")
    return megabytes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except ToolkitError as error:
        if args.verbose:
            raise
        _report(error)
        return 1


def run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        print(json.dumps(content_schema(), indent=2))
        return 0
    if args.command in {"new-topic", "new-brand", "new-translation"}:
        return _scaffold(args)
    if args.command == "docs-images":
        for path in write_showcase(PROJECT_ROOT / "docs", args.content, PROJECT_ROOT / "templates"):
            print(f"Wrote {path}")
        return 0
    if args.command == "serve":
        serve(args.out, args.port)
        return 0
    if args.command == "check":
        return _check(args)
    if args.command == "personalize":
        return _personalize(args)
    if args.command == "preflight":
        return _preflight(args)
    return _build_command(args)


def _require_system_libraries() -> None:
    if missing := missing_packages():
        raise SetupError(
            f"WeasyPrint needs system libraries; install them with:  "
            f"sudo apt-get install -y {' '.join(missing)}"
        )


def _build_command(args: argparse.Namespace) -> int:
    _require_system_libraries()
    settings = _settings(args)
    status = _build_once(settings, args)
    if args.watch:
        print(f"Watching {settings.content} and {settings.templates} (Ctrl+C to stop)")
        try:
            watch(
                [settings.content, settings.templates],
                lambda changed: _rebuild(changed, settings, args),
            )
        except KeyboardInterrupt:
            return 0
    return status


def _settings(args: argparse.Namespace) -> BuildSettings:
    return BuildSettings(
        content=args.content,
        out=args.out,
        selection=Selection(
            tuple(args.brand),
            tuple(args.topic),
            tuple(args.doc),
            tuple(args.edition),
            tuple(args.paper),
            args.card_size,
            tuple(args.lang),
            colour=args.colour,
            card_file=args.card_file,
        ),
        created=_source_date_epoch(),
        strict=args.strict,
        force=args.force,
        budget=round(args.budget_mb * 1_000_000),
    )


def _rebuild(changed: list[Path], settings: BuildSettings, args: argparse.Namespace) -> None:
    """One watch-mode rebuild: say what changed, build, report errors, keep watching."""
    print("Changed: " + ", ".join(str(path) for path in changed))
    try:
        _build_once(settings, args)
    except ToolkitError as error:
        _report(error)
        print("Kept the last good PDFs; watching for the next save.")


def _build_once(settings: BuildSettings, args: argparse.Namespace) -> int:
    """Build, write the gallery, print the summary; 1 if some documents failed."""
    started = time.perf_counter()
    failed: PartialBuildError | None = None
    with executor_for(args.jobs, args.dask) as executor, ProgressReport(args.quiet) as report:
        try:
            built = build(settings, report.advance, executor, _print_warning)
        except PartialBuildError as error:
            failed, built = error, error.built
    gallery = write_gallery(settings.out, settings.templates)
    summary = Summary(built, failed, settings.out, gallery, time.perf_counter() - started)
    summary.print(as_json=args.json)
    if failed:
        _report(failed)
        return 1
    return 0


def _print_warning(problem: Problem) -> None:
    print(f"warning: {problem}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    """Validate; then warn about old figures, http addresses and (with --links) dead links."""
    project = load_project(args.content)
    warnings = stale_figures(project, date.today().year, args.max_age)
    warnings += insecure_addresses(project)
    warnings += readability_problems(project)
    warnings += project.warnings
    if args.links:
        warnings += broken_links(project)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
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


def _personalize(args: argparse.Namespace) -> int:
    """Each recipient's copies and zip, then the summary; files over budget are warnings."""
    if not args.recipients:
        raise ToolkitError(
            "personalize needs --recipients FILE, a .csv or .yaml list of recipients"
        )
    _require_system_libraries()
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
        created=_source_date_epoch(),
    )
    with executor_for(args.jobs, args.dask) as executor:
        report = personalize(settings, None if args.quiet else _recipient_done, executor)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        Console(highlight=False).print(report.table(settings.method))
    return 1 if report.warnings and args.strict else 0


def _preflight(args: argparse.Namespace) -> int:
    """Check each print file as a print shop would; 1 if any has a blocking problem."""
    reports = preflight_all(args.paths or [args.out], args.out)
    print(json.dumps(as_json(reports), indent=2) if args.json else format_text(reports))
    return 1 if any(report.blocking for report in reports) else 0


def _recipient_done(recipient: Recipient, done: int, total: int) -> None:
    print(f"  [{done}/{total}] {recipient.slug}")


def _scaffold(args: argparse.Namespace) -> int:
    if not args.name:
        raise ToolkitError(f"{args.command} needs a name, for example: {args.command} my-name")
    if not (args.content / "toolkit.yaml").is_file():
        raise ToolkitError(f"{args.content}: no toolkit.yaml here; is this a content folder?")
    if args.command == "new-translation":
        if not args.language:
            raise ToolkitError(
                "new-translation needs a file and a language, for example: "
                "new-translation content/topics/sextortion.yaml es"
            )
        path = new_translation(args.content, args.name, args.language)
        print(f"Wrote {path}. Translate it, then: python build_pdfs.py --lang {args.language}")
    elif args.command == "new-topic":
        path = new_topic(args.content, args.name)
        print(f"Wrote {path}. Edit it, then: python build_pdfs.py --topic {args.name}")
    else:
        path = new_brand(args.content, args.name)
        print(
            f"Wrote {path}/. Add your logo and colours, then: "
            f"python build_pdfs.py --brand {args.name}"
        )
    return 0


def _source_date_epoch() -> datetime | None:
    """The reproducible-builds convention: SOURCE_DATE_EPOCH fixes the date in every PDF."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ToolkitError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not {value!r}")
    return datetime.fromtimestamp(int(value), tz=UTC)


def _report(error: ToolkitError) -> None:
    for problem in error.problems:
        print(f"error: {problem}" if problem.file else f"error: {problem.message}", file=sys.stderr)
    if len(error.problems) > 1:
        print(f"{len(error.problems)} problems found.", file=sys.stderr)
    if isinstance(error, ContentError):
        print(
            "Nothing was built; the PDFs already in the output folder are unchanged.",
            file=sys.stderr,
        )
