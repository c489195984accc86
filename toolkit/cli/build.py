"""``build`` (the default command): every selected document, once or on every save.

Takes in: the build's options (what to build, where, how fast, ``--strict``, ``--watch``).
Gives out: PDFs, the gallery and a summary (``toolkit.builder.pipeline``); each content
warning once, and only for the languages being built; with ``--watch``, a rebuild after
every save, reporting a bad save and keeping the last good PDFs.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from toolkit.builder.pipeline import BuildSettings, build, plan
from toolkit.builder.system import missing_packages, optional_package_notes
from toolkit.builder.watch import first_job, watch
from toolkit.builder.workers import executor_for
from toolkit.cli import options
from toolkit.cli.report import report, warn
from toolkit.content.project import Project, load_project
from toolkit.documents import CARD_FILES, CARD_SIZES, COLOUR_MODES, Selection
from toolkit.errors import PartialBuildError, Problem, SetupError, ToolkitError, visible
from toolkit.views.gallery import write_gallery
from toolkit.views.summary import ProgressReport, Summary


def arguments(parser: options.Parser) -> None:
    options.content(parser)
    options.out(parser)
    options.selection(parser)
    parser.add_argument(
        "--card-size",
        choices=list(CARD_SIZES),
        help="youth card size for every brand (default: each brand's card_size, else 3.5x5); "
        "files of other sizes end in .<size>.pdf",
    )
    parser.add_argument(
        "--colour",
        choices=COLOUR_MODES,
        default="rgb",
        help="print edition colour: rgb (sRGB, copy shops) or cmyk (coated CMYK, offset; "
        "files .cmyk.print.pdf) (default: %(default)s)",
    )
    parser.add_argument(
        "--card-file",
        choices=CARD_FILES,
        default="sheets",
        help="cards' print file: sheets with cut marks, or single (one card a page, bleed, no "
        "marks) (default: %(default)s)",
    )
    options.strict(parser, "text past its column, placeholders left in, translations")
    options.rendering(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="render every document again, even those the cache says are up to date",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="after building, rebuild whenever a content, brand or template file is saved",
    )


def run(args: argparse.Namespace) -> int:
    require_system_libraries()
    settings = build_settings(args)
    warnings = WarningPrinter(settings.selection.langs)
    status = build_once(settings, args, warnings)
    if args.watch:
        print(f"Watching {settings.content} and {settings.templates} (Ctrl+C to stop)")
        try:
            watch(
                [settings.content, settings.templates],
                lambda changed: rebuild(changed, settings, args, warnings),
            )
        except KeyboardInterrupt:
            return 0
    return status


def require_system_libraries() -> None:
    """Refuse without Pango; say once what would make the build faster."""
    if missing := missing_packages():
        raise SetupError(
            f"WeasyPrint needs system libraries; install them with:  "
            f"sudo apt-get install -y {' '.join(missing)}"
        )
    for note in optional_package_notes():
        print(f"note: {note}", file=sys.stderr)


def build_settings(args: argparse.Namespace) -> BuildSettings:
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
        created=options.source_date_epoch(),
        strict=args.strict,
        force=args.force,
        budget=round(args.budget_mb * 1_000_000),
        timeout=args.timeout,
    )


class WarningPrinter:
    """Prints each content warning once (watch mode rebuilds often), and only for the
    languages being built: a Spanish translation's warning is noise in an English build."""

    def __init__(self, langs: tuple[str, ...]) -> None:
        self.langs = set(langs)
        self.shown: set[Problem] = set()

    def __call__(self, problem: Problem) -> None:
        lang = language_of(problem.file)
        if (lang and self.langs and lang not in self.langs) or problem in self.shown:
            return
        self.shown.add(problem)
        warn(problem)

    def forget(self, changed: list[Path]) -> None:
        """Warn again about the files just saved, if what is wrong with them is still wrong."""
        saved = [path.as_posix() for path in changed]
        self.shown = {p for p in self.shown if not any(s.endswith(p.file) for s in saved)}


def language_of(file: str) -> str | None:
    """``es`` for ``topics/x.es.yaml`` or ``brands/y/brand.es.yaml``; else None."""
    suffixes = Path(file).suffixes
    if len(suffixes) >= 2 and suffixes[-1] == ".yaml":
        return suffixes[-2].lstrip(".")
    return None


def rebuild(
    changed: list[Path], settings: BuildSettings, args: argparse.Namespace, warnings: WarningPrinter
) -> None:
    """One watch-mode rebuild: say what changed, render first the document the saved file
    belongs to and say so, then build the rest; report errors, keep watching."""
    started = time.perf_counter()
    print("Changed: " + ", ".join(visible(str(path)) for path in changed))
    warnings.forget(changed)
    try:
        project = load_project(settings.content)
        build_first(changed, project, settings, warnings, started)
        build_once(settings, args, warnings, project)
    except ToolkitError as error:
        report(error)
        print("Kept the last good PDFs; watching for the next save.")


def build_first(
    changed: list[Path],
    project: Project,
    settings: BuildSettings,
    warnings: WarningPrinter,
    started: float,
) -> None:
    """Render, in this process, the one document the saved files affect (``first_job``),
    and say where it is; the build after it finds it current in the cache."""
    jobs = plan(project, settings.selection)
    job = first_job(changed, jobs, settings.content, settings.templates, project.languages)
    if job is None:
        return
    only = replace(
        settings.selection,
        brands=(job.brand,),
        topics=(job.subject,),
        docs=(job.kind.name,),
        langs=(job.lang,),
        editions=(job.edition,),
        papers=(job.paper.name,),
        card_size=job.card.name,
    )
    build(replace(settings, selection=only), warn=warnings, project=project)
    path = settings.out / job.output_path
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    print(
        f"Updated {visible(str(shown))} in {time.perf_counter() - started:.1f} s; building the rest"
    )


def build_once(
    settings: BuildSettings,
    args: argparse.Namespace,
    warnings: WarningPrinter,
    project: Project | None = None,
) -> int:
    """Build, write the gallery, print the summary; 1 if some documents failed."""
    started = time.perf_counter()
    failed: PartialBuildError | None = None
    with executor_for(args.jobs, args.dask) as executor, ProgressReport(args.quiet) as progress:
        try:
            built = build(settings, progress.advance, executor, warnings, project)
        except PartialBuildError as error:
            failed, built = error, error.built
    gallery = write_gallery(settings.out, settings.templates)
    summary = Summary(built, failed, settings.out, gallery, time.perf_counter() - started)
    summary.print(as_json=args.json)
    if failed:
        report(failed)
        return 1
    return 0
