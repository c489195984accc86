"""Personalized copies: every recipient gets the documents with its own name and contact.

Takes in: ``PersonalizeSettings`` (content, templates and output folders, the recipients
file, which documents, the method, the e-mail budget).
Gives out, per brand: ``<out>/<brand>/recipients/<slug>/`` with each chosen document carrying
the recipient's name and contact in the layout's reserved area (only its ``language``'s
documents when the list gives one), ``<slug>.zip`` beside it (ready to attach to an
e-mail), ``summary.csv`` (recipient, e-mail, language, files, bytes, zip, mail status),
``personalize.json`` (what was written, see ``record``), and a ``PersonalizeReport`` with
the counts, every file over the e-mail budget, and the recipients no longer on the list.

``personalize()`` reads as the pipeline: check the recipients file; plan the documents;
stop there if the last run's copies are current; render each document once with an empty
reserved area and find that area in the laid-out pages; check every recipient fits every
area (all problems at once, before writing anything); then recipient by recipient, stamp
the block onto each document (or, with ``method="render"``, lay the document out again with
the block in it), finish print editions, write atomically, zip, remove the files the
recipient had from the last run and no longer gets, and add a line to the summary.
Recipients are streamed and each one's copies are written before the next is made, so
memory stays flat however long the list is.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from rich.table import Table

from toolkit.builder.output import output_lock, remove_stale_temporaries
from toolkit.builder.pipeline import (
    PROJECT_ROOT,
    BuildSettings,
    key_job,
    plan,
    slug_line,
)
from toolkit.checks.budget import DEFAULT_BUDGET, over_budget
from toolkit.content.project import Project, load_project
from toolkit.content.recipients import ReadOptions, Recipient, RecipientList, read_recipients
from toolkit.delivery.bases import Base, check_fit, render_bases, render_with_block
from toolkit.delivery.block import layout_block
from toolkit.delivery.record import (
    CopyFile,
    RecipientRecord,
    Record,
    copy_file,
    dropped,
    fingerprint,
    is_current,
    prune,
    read_record,
    remove_stale,
    write_record,
)
from toolkit.delivery.stamp import stamp
from toolkit.documents import Job, PrintSpec, Selection
from toolkit.errors import ContentError, Problem, ToolkitError
from toolkit.files import RowWriter, write_csv
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
    read: ReadOptions = field(default_factory=ReadOptions)
    """How to read the recipients file: the ``.xlsx`` sheet, headers mapped by hand."""
    prune: bool = False
    """Remove the copies of recipients no longer on the list (kept and reported otherwise)."""

    def build_settings(self) -> BuildSettings:
        """The build settings the documents are laid out with."""
        return BuildSettings(self.content, self.out, self.templates, created=self.created)


@dataclass
class PersonalizeReport:
    """What one run made."""

    recipients: int = 0
    documents: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    summaries: list[Path] = field(default_factory=list)
    reused: bool = False
    """Nothing had changed since the last run, whose copies are kept as they are."""
    removed: list[str] = field(default_factory=list)
    """Files of the last run a recipient no longer gets (``<brand>/recipients/...``)."""
    dropped: list[str] = field(default_factory=list)
    """Recipients (``<brand>/<slug>``) of the last run that are not on the list any more."""
    notes: list[str] = field(default_factory=list)
    """About the recipients file: columns it ignores, a school listed twice."""

    def as_dict(self) -> dict[str, object]:
        return {
            "recipients": self.recipients,
            "documents": self.documents,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 2),
            "summaries": [str(path) for path in self.summaries],
            "warnings": self.warnings,
            "reused": self.reused,
            "removed": self.removed,
            "dropped": self.dropped,
            "notes": self.notes,
        }

    def table(self, method: Method) -> Table:
        """What a person reads at the end of a run."""
        table = Table(title="Personalized copies", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Recipients", str(self.recipients))
        table.add_row("Documents", f"{self.documents} PDFs ({method} method)")
        table.add_row("Total size", f"{self.bytes / 1e6:.1f} MB, plus one zip per recipient")
        table.add_row("Time", f"{self.seconds:.1f} s" + (" (all current: reused)" * self.reused))
        if self.removed:
            table.add_row("Removed", f"{len(self.removed)} files the recipients no longer get")
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
    recipients = read_recipients(settings.recipients, settings.read)
    project = load_project(settings.content)
    jobs = plan_personalized(project, settings)
    check_languages(recipients, jobs)
    notes = [str(note) for note in recipients.warnings]
    report = PersonalizeReport(recipients=len(recipients), notes=notes)
    run = run_fingerprint(project, jobs, settings)
    brands = sorted({job.brand for job in jobs})
    if all(_reuse(settings.out / brand / "recipients", run, report) for brand in brands):
        report.reused = True
    else:
        report = PersonalizeReport(recipients=len(recipients), notes=notes)
        bases = render_bases(project, jobs, settings.build_settings(), executor)
        check_fit(recipients, bases)
        for brand in brands:
            own = [base for base in bases if base.job.brand == brand]
            folder = settings.out / brand / "recipients"
            _make_brand(project, recipients, own, folder, settings, report, run, progress)
    report.seconds = time.perf_counter() - started
    return report


def _reuse(folder: Path, run: str, report: PersonalizeReport) -> bool:
    """Count a brand's copies into ``report`` if the last run made them from the same inputs."""
    record = read_record(folder)
    if not is_current(folder, record, run):
        return False
    report.documents += sum(len(recipient.pdfs) for recipient in record.recipients)
    report.bytes += sum(pdf.bytes for recipient in record.recipients for pdf in recipient.pdfs)
    report.summaries.append(folder / "summary.csv")
    report.dropped += [f"{folder.parent.name}/{gone.slug}" for gone in record.dropped]
    return True


def _make_brand(
    project: Project,
    recipients: RecipientList,
    bases: list[Base],
    folder: Path,
    settings: PersonalizeSettings,
    report: PersonalizeReport,
    run: str,
    progress: Progress | None,
) -> None:
    """One brand's copies, summary and record; the last run's leftovers tidied."""
    before = read_record(folder)
    previous = before.by_slug()
    record = Record(run)
    mailed = _mail_statuses(folder / "summary.csv")
    with write_csv(folder / "summary.csv", SUMMARY_COLUMNS) as summary:
        for done, recipient in enumerate(recipients, start=1):
            own = [b for b in bases if recipient.language in {"", b.job.lang}]
            made = make_copies(project, recipient, own, folder, settings, report)
            removed = remove_stale(folder, previous.get(recipient.slug), made)
            report.removed += [f"{folder.parent.name}/recipients/{path}" for path in removed]
            record.recipients.append(made)
            same = (old := previous.get(recipient.slug)) and old.files() == made.files()
            write_summary_row(
                summary, made, mailed.get(made.slug, NOT_MAILED) if same else NOT_MAILED
            )
            if progress:
                progress(recipient, done, len(recipients))
    for gone in dropped(before, record):
        if settings.prune:
            prune(folder, gone)
        else:
            record.dropped.append(gone)
            report.dropped.append(f"{folder.parent.name}/{gone.slug}")
    write_record(folder, record)
    report.summaries.append(folder / "summary.csv")


def run_fingerprint(project: Project, jobs: list[Job], settings: PersonalizeSettings) -> str:
    """Everything the copies are made from: the list, the options, each document's key."""
    build = BuildSettings(
        settings.content, settings.out, settings.templates, created=settings.created
    )
    return fingerprint(
        {
            "recipients": hashlib.sha256(settings.recipients.read_bytes()).hexdigest(),
            "read": settings.read,
            "method": settings.method,
            "budget": settings.budget,
            "jobs": [key_job(project, job, build).key for job in jobs],
        }
    )


def check_languages(recipients: RecipientList, jobs: list[Job]) -> None:
    """A recipient's language must be one the chosen documents are made in, for every brand."""
    problems = []
    for brand in sorted({job.brand for job in jobs}):
        langs = sorted({job.lang for job in jobs if job.brand == brand})
        for recipient in recipients:
            if recipient.language and recipient.language not in langs:
                message = (
                    f"no {brand} documents in '{recipient.language}' (this run makes them in "
                    f"{', '.join(langs)}; see --lang and the brand's languages)"
                )
                problems.append(
                    Problem(recipients.label, message, recipient.line, field="column 'language'")
                )
    if problems:
        raise ContentError(problems)


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


def make_copies(
    project: Project,
    recipient: Recipient,
    bases: list[Base],
    folder: Path,
    settings: PersonalizeSettings,
    report: PersonalizeReport,
) -> RecipientRecord:
    """One recipient's documents and zip, written; what was written."""
    archive = io.BytesIO()
    pdfs: list[CopyFile] = []
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for base in bases:
            pdf = personalized_pdf(project, recipient, base, settings)
            name = f"{recipient.slug}/{copy_name(base.job, project)}"
            pdfs.append(copy_file(folder, name, pdf))
            _warn(report, name, pdf, settings.budget)
            zipped.writestr(_zip_entry(name, base.created), pdf)
    data = archive.getvalue()
    zip_file = copy_file(folder, f"{recipient.slug}.zip", data)
    _warn(report, zip_file.path, data, settings.budget)
    report.documents += len(bases)
    report.bytes += sum(pdf.bytes for pdf in pdfs)
    return RecipientRecord.made(recipient, pdfs, zip_file)


def personalized_pdf(
    project: Project, recipient: Recipient, base: Base, settings: PersonalizeSettings
) -> bytes:
    """The document with the recipient's block, by stamping or by laying it out again."""
    block = layout_block(recipient, base.area)
    if settings.method == "stamp":
        pdf = stamp(base.pdf, base.reader, base.area, block)
    else:
        job = base.job
        pdf = render_with_block(
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


SUMMARY_COLUMNS = (
    "recipient", "slug", "email", "language", "files", "bytes", "zip", "zip_bytes", "mail_status",
)  # fmt: skip
NOT_MAILED = "not mailed"


def _mail_statuses(path: Path) -> dict[str, str]:
    """The mail status of each recipient in the last summary: it still holds for the same files."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return {row["slug"]: row["mail_status"] for row in csv.DictReader(handle)}
    except (OSError, KeyError, csv.Error):
        return {}


def write_summary_row(summary: RowWriter, made: RecipientRecord, status: str = NOT_MAILED) -> None:
    """One recipient's line of ``summary.csv`` (every cell spreadsheet-safe)."""
    total = sum(pdf.bytes for pdf in made.pdfs)
    zip_name, zip_bytes = (made.zip.path, made.zip.bytes) if made.zip else ("", 0)
    row = [made.name, made.slug, made.email, made.language, len(made.pdfs), total]
    summary.writerow([*row, zip_name, zip_bytes, status])
