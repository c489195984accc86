"""Personalized copies: every recipient gets the documents with its own name and contact.

Takes in: ``PersonalizeSettings`` (content, templates and output folders, the recipients
file, which documents, the method, the e-mail budget).
Gives out, per brand: ``<out>/<brand>/recipients/<slug>/`` with each chosen document carrying
the recipient's name and contact in the layout's reserved area, ``<slug>.zip`` beside it
(ready to attach to an e-mail), ``summary.csv`` (recipient, files, bytes, zip), and a
``PersonalizeReport`` with the counts and every file over the e-mail budget.

``personalize()`` reads as the pipeline: check the recipients file; plan the documents;
render each document once with an empty reserved area and find that area in the laid-out
pages; check every recipient fits every area (all problems at once, before writing
anything); then recipient by recipient, stamp the block onto each document (or, with
``method="render"``, lay the document out again with the block in it), finish print
editions, write atomically, zip, and add a line to the summary. Recipients are streamed
and each one's copies are written before the next is made, so memory stays flat however
long the list is.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pypdf import PdfReader
from rich.table import Table

from toolkit.builder.output import output_lock, remove_stale_temporaries
from toolkit.builder.pipeline import (
    PROJECT_ROOT,
    BuildSettings,
    key_job,
    plan,
    render_document,
    slug_line,
)
from toolkit.checks.budget import DEFAULT_BUDGET, over_budget
from toolkit.content.project import Project, load_project
from toolkit.content.recipients import Recipient, RecipientList, read_recipients
from toolkit.delivery.areas import find_area
from toolkit.delivery.block import Area, Block, fit_problem, layout_block
from toolkit.delivery.stamp import stamp
from toolkit.documents import Job, PrintSpec, Selection
from toolkit.errors import ContentError, Problem, RenderError, ToolkitError
from toolkit.files import write_atomic
from toolkit.press.finish import finish_print

Method = Literal["stamp", "render"]
METHODS: tuple[Method, ...] = ("stamp", "render")
PERSONALIZABLE = ("tip-sheet", "episode-guide")
"""Document kinds whose layout has a reserved area for a recipient."""


@dataclass(frozen=True)
class PersonalizeSettings:
    """Everything one personalize run needs; there is no global state."""

    recipients: Path
    content: Path = PROJECT_ROOT / "content"
    out: Path = PROJECT_ROOT / "output"
    templates: Path = PROJECT_ROOT / "templates"
    selection: Selection = field(
        default_factory=lambda: Selection(docs=PERSONALIZABLE, editions=("digital",))
    )
    """Which documents; by default every tip sheet and episode guide, digital edition."""
    method: Method = "stamp"
    """``stamp``: render once, draw each recipient's block on a copy (fast, tagged).
    ``render``: lay every copy out again with WeasyPrint (about 10-40x slower)."""
    budget: int = DEFAULT_BUDGET
    """Largest PDF or zip, in bytes, that may be e-mailed; bigger files are reported."""
    created: datetime | None = None
    """Date written into every PDF; ``None`` means each document's inputs' last change."""


@dataclass
class Base:
    """One document rendered with an empty reserved area, and where that area is."""

    job: Job
    created: datetime
    pdf: bytes
    """Before any print-edition page work, which comes after the block is added."""
    area: Area

    @functools.cached_property
    def reader(self) -> PdfReader:
        """The PDF parsed once; every stamped copy reads it and none changes it."""
        return PdfReader(io.BytesIO(self.pdf))


@dataclass
class PersonalizeReport:
    """What one run made."""

    recipients: int = 0
    documents: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    summaries: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "recipients": self.recipients,
            "documents": self.documents,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 2),
            "summaries": [str(path) for path in self.summaries],
            "warnings": self.warnings,
        }

    def table(self, method: Method) -> Table:
        """What a person reads at the end of a run."""
        table = Table(title="Personalized copies", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Recipients", str(self.recipients))
        table.add_row("Documents", f"{self.documents} PDFs ({method} method)")
        table.add_row("Total size", f"{self.bytes / 1e6:.1f} MB, plus one zip per recipient")
        table.add_row("Time", f"{self.seconds:.1f} s")
        for path in self.summaries:
            table.add_row("Copies in", f"{path.parent}/<recipient>/ and <recipient>.zip")
            table.add_row("Summary", str(path))
        over = len(self.warnings)
        table.add_row("Over e-mail budget", f"[bold red]{over}[/] (listed above)" if over else "0")
        return table


Progress = Callable[[Recipient, int, int], None]
"""Called after each recipient with the recipient, how many are done and the total."""


def personalize(
    settings: PersonalizeSettings,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> PersonalizeReport:
    """``make_personalized`` holding the output folder's lock (one run at a time, as for
    builds), after removing the temporary files a killed run left."""
    with output_lock(settings.out):
        remove_stale_temporaries(settings.out)
        return make_personalized(settings, progress, executor)


def make_personalized(
    settings: PersonalizeSettings,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> PersonalizeReport:
    """Check, render the bases (in parallel when given an executor), check fit, then make
    every recipient's copies."""
    started = time.perf_counter()
    recipients = read_recipients(settings.recipients)
    project = load_project(settings.content)
    bases = render_bases(project, plan_personalized(project, settings), settings, executor)
    check_fit(recipients, bases)
    report = PersonalizeReport(recipients=len(recipients))
    for brand in sorted({base.job.brand for base in bases}):
        own = [base for base in bases if base.job.brand == brand]
        folder = settings.out / brand / "recipients"
        with summary_writer(folder / "summary.csv") as summary:
            for done, recipient in enumerate(recipients, start=1):
                summary.writerow(make_copies(project, recipient, own, folder, settings, report))
                if progress:
                    progress(recipient, done, len(recipients))
        report.summaries.append(folder / "summary.csv")
    report.seconds = time.perf_counter() - started
    return report


def plan_personalized(project: Project, settings: PersonalizeSettings) -> list[Job]:
    """The documents to personalize; kinds without a reserved area are a user error."""
    selection = settings.selection
    if refused := [doc for doc in selection.docs if doc not in PERSONALIZABLE]:
        raise ToolkitError(
            f"{', '.join(refused)} cannot be personalized (no room for a recipient's contact); "
            f"choose from: {', '.join(PERSONALIZABLE)}"
        )
    asked = replace(
        selection,
        docs=selection.docs or PERSONALIZABLE,
        editions=selection.editions or ("digital",),  # the edition that goes by e-mail
    )
    jobs = plan(project, asked)
    if not jobs:
        raise ToolkitError("nothing to personalize: no tip sheet or episode guide matches")
    return jobs


def render_bases(
    project: Project, jobs: list[Job], settings: PersonalizeSettings, executor: Executor | None
) -> list[Base]:
    """Every document laid out once; failures are raised together."""
    if executor is None:
        outcomes = [_base_or_error(project, job, settings) for job in jobs]
    else:
        futures = [executor.submit(_base_or_error, project, job, settings) for job in jobs]
        outcomes = [future.result() for future in futures]
    if problems := [
        p for outcome in outcomes if isinstance(outcome, ToolkitError) for p in outcome.problems
    ]:
        raise RenderError(problems)
    return [outcome for outcome in outcomes if isinstance(outcome, Base)]


def _base_or_error(
    project: Project, job: Job, settings: PersonalizeSettings
) -> Base | ToolkitError:
    """Runs in a worker: it writes nothing, and returns its failure rather than raising it."""
    try:
        return render_base(project, job, settings)
    except ToolkitError as error:
        return error


def render_base(project: Project, job: Job, settings: PersonalizeSettings) -> Base:
    """Lay the document out once with an empty reserved area; find the area's rectangle."""
    build = BuildSettings(
        settings.content, settings.out, settings.templates, created=settings.created
    )
    created = key_job(project, job, build).created
    primary = project.brands[job.brand].brand.colours.primary
    found: list[Area] = []
    pdf = _render(project, job, settings.templates, created, Block(), found.append, primary)
    if not found:
        raise RenderError([Problem(str(job.output_path), "the layout has no reserved area")])
    return Base(job, created, pdf, found[0])


def _render(
    project: Project,
    job: Job,
    templates: Path,
    created: datetime,
    block: Block,
    found: Callable[[Area], None],
    primary: str,
) -> bytes:
    return render_document(
        project, job, templates, created, block, lambda doc: found(find_area(doc, job, primary))
    )


def check_fit(recipients: RecipientList, bases: list[Base]) -> None:
    """Every recipient whose details are too long for an area, all at once."""
    areas = {
        (base.area.style, round(base.area.width, 2), base.area.name): base.area for base in bases
    }
    problems = []
    for recipient in recipients:
        for area in areas.values():
            if message := fit_problem(recipient, area):
                problems.append(Problem(recipients.label, message, line=recipient.line))
                break
    if problems:
        raise ContentError(problems)


def make_copies(
    project: Project,
    recipient: Recipient,
    bases: list[Base],
    folder: Path,
    settings: PersonalizeSettings,
    report: PersonalizeReport,
) -> list[str | int]:
    """One recipient's documents and zip, written; their line of the summary."""
    archive = io.BytesIO()
    total = 0
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for base in bases:
            pdf = personalized_pdf(project, recipient, base, settings)
            name = copy_name(base.job, project)
            write_atomic(folder / recipient.slug / name, pdf)
            _warn(report, f"{recipient.slug}/{name}", pdf, settings.budget)
            zipped.writestr(_zip_entry(f"{recipient.slug}/{name}", base.created), pdf)
            total += len(pdf)
    data = archive.getvalue()
    write_atomic(folder / f"{recipient.slug}.zip", data)
    _warn(report, f"{recipient.slug}.zip", data, settings.budget)
    report.documents += len(bases)
    report.bytes += total
    zip_name = f"{recipient.slug}.zip"
    return [recipient.name, recipient.slug, len(bases), total, zip_name, len(data)]


def personalized_pdf(
    project: Project, recipient: Recipient, base: Base, settings: PersonalizeSettings
) -> bytes:
    """The document with the recipient's block, by stamping or by laying it out again."""
    block = layout_block(recipient, base.area)
    if settings.method == "stamp":
        pdf = stamp(base.pdf, base.reader, base.area, block)
    else:
        job = base.job
        pdf = _render(
            project, job, settings.templates, base.created, block, lambda _: None, base.area.primary
        )
    return _finish(project, base, pdf, recipient)


def _finish(project: Project, base: Base, pdf: bytes, recipient: Recipient) -> bytes:
    """Print editions: marks, slug line (naming the recipient), imposition."""
    job = base.job
    if job.edition != "print":
        return pdf
    slug = f"{slug_line(project, job, base.created)} · for {recipient.name}"
    primary = project.brands[job.brand].brand.colours.primary
    return finish_print(job.kind.print_finish, pdf, PrintSpec(slug, job.paper, primary))


def copy_name(job: Job, project: Project) -> str:
    """``online-enticement-tip-sheet.pdf``; language, A4 and print copies are named."""
    parts = [f"{job.subject}-{job.kind.name}"]
    if job.lang != project.toolkit.language:
        parts.append(job.lang)
    if job.paper.name != "letter":
        parts.append(job.paper.name)
    if job.edition == "print":
        parts.append("print")
    return ".".join(parts) + ".pdf"


def _zip_entry(name: str, created: datetime) -> zipfile.ZipInfo:
    """A zip member dated like its PDF, so the same copies give the same zip."""
    info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _warn(report: PersonalizeReport, name: str, data: bytes, budget: int) -> None:
    if warning := over_budget(name, data, budget):
        report.warnings.append(warning)


SUMMARY_COLUMNS = ("recipient", "slug", "files", "bytes", "zip", "zip_bytes")


@contextmanager
def summary_writer(path: Path) -> Iterator[Any]:
    """A CSV writer for the summary, row by row; the file appears whole, at the end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(SUMMARY_COLUMNS)
            yield writer
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
