"""The build: content folder in, PDFs and a manifest per brand out.

Takes in: ``BuildSettings`` (content, templates and output folders, what to build, options)
and optionally a ``concurrent.futures.Executor`` (worker processes, or a Dask cluster).
Gives out: PDFs under ``<out>/<brand>/<lang>/<folder>/``, ``<out>/<brand>/manifest.json``,
and the list of ``BuiltDocument`` records, each saying whether it was rebuilt or reused.

``build()`` reads as the pipeline: load and validate everything, plan one job per output
file, reuse what the cache says is current, render the rest (in parallel when given an
executor), write each PDF atomically, then record the manifest. A document that fails does
not stop the others; the failures are raised together at the end.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from toolkit.builder import manifest
from toolkit.builder.cache import Cache, dependencies, job_key
from toolkit.builder.output import output_error, output_lock, remove_stale_temporaries
from toolkit.builder.workers import TimeLimitExceeded, time_limit
from toolkit.checks.budget import DEFAULT_BUDGET, over_budget
from toolkit.checks.placeholders import placeholder_warnings
from toolkit.content.colours import print_inks
from toolkit.content.project import Project, load_project
from toolkit.documents import (
    DOCUMENT_KINDS,
    BrandDefaults,
    Job,
    PrintSpec,
    Selection,
    Subjects,
    plan_jobs,
)
from toolkit.errors import (
    ContentError,
    PartialBuildError,
    Problem,
    RenderError,
    ToolkitError,
    display_path,
)
from toolkit.files import write_atomic
from toolkit.press.finish import finish_print
from toolkit.rendering.html import render_html, w3c_date
from toolkit.rendering.pdf import render_pdf
from toolkit.rendering.typesetting import measure_document

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TIMEOUT = 120.0
"""Seconds one document may take: generous, as a booklet takes a few seconds."""


@dataclass(frozen=True)
class BuildSettings:
    """Everything one build needs; there is no global state."""

    content: Path = PROJECT_ROOT / "content"
    out: Path = PROJECT_ROOT / "output"
    templates: Path = PROJECT_ROOT / "templates"
    selection: Selection = field(default_factory=Selection)
    created: datetime | None = None
    """Date written into every PDF; ``None`` means each document's inputs' last change."""
    strict: bool = False
    """Treat warnings (text running past its column) as errors."""
    force: bool = False
    """Ignore the cache: render every document again."""
    budget: int = DEFAULT_BUDGET
    """Bytes a digital PDF may have to go by e-mail; bigger ones get a warning."""
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds one document may take to render; over it, that document fails."""


@dataclass(frozen=True)
class BuiltDocument:
    """One line of the manifest."""

    path: str
    kind: str
    edition: str
    paper: str
    subject: str
    subject_type: str
    brand: str
    language: str
    pages: int
    page_size: tuple[float, float]
    bytes: int
    sha256: str
    created: str
    warnings: list[str] = field(default_factory=list)
    status: str = "rebuilt"
    """``rebuilt`` this time, or ``reused`` from the cache because nothing changed."""
    typesetting: dict[str, Any] | None = None
    """The laid-out pages' measures (``rendering.typesetting``: one-word last lines,
    hyphens, small text, fill), before any print page work."""


@dataclass(frozen=True)
class RenderedJob:
    """What a worker sends back: the finished PDF, its warnings and its typesetting."""

    pdf: bytes
    warnings: list[str]
    typesetting: dict[str, Any] | None = None


@dataclass(frozen=True)
class Planned:
    """A job with its cache key and the date its inputs last changed."""

    job: Job
    key: str
    created: datetime


Progress = Callable[[Job, BuiltDocument, int, int], None]
"""Called after each document with the job, its record, how many are done and the total."""


def build(
    settings: BuildSettings,
    progress: Progress | None = None,
    executor: Executor | None = None,
    warn: Callable[[Problem], None] | None = None,
    project: Project | None = None,
) -> list[BuiltDocument]:
    """Load, validate, plan, reuse or render every job, then write the manifests.

    Content warnings (translations missing, incomplete or out of date; placeholders left
    in) go to ``warn``;
    a strict build fails on them instead. ``project`` is the content already loaded from
    ``settings.content`` (watch mode builds twice from one load).
    """
    project = project or load_project(settings.content)
    warnings = [*project.warnings, *placeholder_warnings(project)]
    if warnings and settings.strict:
        raise ContentError(warnings)
    for problem in warnings:
        if warn is not None:
            warn(problem)
    planned = [key_job(project, job, settings) for job in plan(project, settings.selection)]
    with output_lock(settings.out):  # one run at a time in a folder: no lost entries
        remove_stale_temporaries(settings.out)
        built, failures, failed = _run_and_record(project, planned, settings, executor, progress)
    if failures:
        raise PartialBuildError(failures, built, failed)
    return built


def _run_and_record(
    project: Project,
    planned: list[Planned],
    settings: BuildSettings,
    executor: Executor | None,
    progress: Progress | None,
) -> tuple[list[BuiltDocument], list[Problem], int]:
    """Render or reuse every job, then the manifests: (built, problems, how many failed)."""
    cache = Cache(settings.out, enabled=not settings.force)
    built: list[BuiltDocument] = []
    failures: list[Problem] = []
    failed = 0
    try:
        for item, outcome in run_jobs(project, planned, settings, cache, executor):
            if isinstance(outcome, ToolkitError):
                # both editions of a document that does not fit fail alike: say it once
                failures += [p for p in outcome.problems if p not in failures]
                failed += 1
                continue
            outcome = _check_budget(outcome, settings)
            built.append(outcome)
            if progress:
                progress(item.job, outcome, len(built) + failed, len(planned))
    except BaseException:  # a failure part-way still records the documents replaced
        with contextlib.suppress(ToolkitError):  # the first failure is the one to report
            write_manifests(built, settings.out)
        raise
    write_manifests(built, settings.out)
    return built, failures, failed


def _check_budget(document: BuiltDocument, settings: BuildSettings) -> BuiltDocument:
    """A digital PDF too big to e-mail gets a warning naming what makes it big."""
    if document.edition != "digital" or document.bytes <= settings.budget:
        return document
    data = (settings.out / document.path).read_bytes()
    message = over_budget(document.path, data, settings.budget)
    return replace(document, warnings=[*document.warnings, message]) if message else document


def key_job(project: Project, job: Job, settings: BuildSettings) -> Planned:
    """The job's cache key and creation date, from the files it is made from."""
    files = dependencies(project, job, settings.templates)
    created = settings.created or last_changed(files)
    options = {"job": str(job), "created": created.isoformat(), "strict": settings.strict}
    return Planned(job, job_key(files, project.root, options), created)


def run_jobs(
    project: Project,
    planned: list[Planned],
    settings: BuildSettings,
    cache: Cache,
    executor: Executor | None,
) -> Iterator[tuple[Planned, BuiltDocument | ToolkitError]]:
    """Reused documents first, then each rendered group as it finishes, in plan order."""
    groups: dict[tuple[str, ...], list[Planned]] = {}
    for item in planned:
        if (entry := cache.lookup(item.job, item.key)) is not None:
            reused = {**entry, "page_size": tuple(entry["page_size"]), "status": "reused"}
            yield item, BuiltDocument(**reused)
        else:
            groups.setdefault(_layout_group(item.job), []).append(item)
    args = (settings.templates, settings.strict, settings.timeout)
    pending = [
        (group, executor.submit(render_group, project, group, *args) if executor else None)
        for group in groups.values()
    ]
    for group, future in pending:
        outcomes = future.result() if future else render_group(project, group, *args)
        for item, outcome in zip(group, outcomes, strict=True):
            if isinstance(outcome, ToolkitError):
                yield item, outcome
            else:
                yield item, store(item, outcome, settings.out, cache)


def _layout_group(job: Job) -> tuple[str, ...]:
    """Jobs with the same key differ only in edition, and may share one layout."""
    return (job.kind.name, job.subject, job.brand, job.lang, job.paper.name, job.card.name)


def store(item: Planned, rendered: RenderedJob, out: Path, cache: Cache) -> BuiltDocument:
    """Write the PDF atomically, then the cache entry that vouches for it. A folder that
    cannot be written (read-only, full) is an ``OutputError`` naming the file."""
    path = out / item.job.output_path
    document = describe(item.job, rendered.pdf, item.created, rendered.warnings)
    document = replace(document, typesetting=rendered.typesetting)
    try:
        write_atomic(path, rendered.pdf)
    except OSError as error:
        raise output_error(path, error, out) from None
    try:
        cache.store(item.job, item.key, _manifest_entry(document))
    except OSError as error:
        raise output_error(Path(error.filename or out / ".cache"), error, out) from None
    return document


def plan(project: Project, selection: Selection) -> list[Job]:
    """The jobs for this selection; unknown names are a user error."""
    _check_names("brand", selection.brands, list(project.brands))
    _check_names("topic or series", selection.topics, [*project.topics, *project.series])
    _check_names("document kind", selection.docs, list(DOCUMENT_KINDS))
    _check_names("language", selection.langs, project.languages)
    subjects = {
        lang: Subjects(
            [t for t in project.topics if project.has(lang, "topics", t)],
            [s for s in project.series if project.has(lang, "series", s)],
        )
        for lang in project.languages
    }
    brands = {
        name: BrandDefaults(kit.brand.card_size, kit.brand.paper, tuple(kit.brand.languages))
        for name, kit in project.brands.items()
    }
    return plan_jobs(subjects, brands, selection)


def _check_names(what: str, asked: tuple[str, ...], known: list[str]) -> None:
    for name in asked:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ToolkitError(f"unknown {what} '{name}'{hint}; choose from: {', '.join(known)}")


def last_changed(files: list[Path]) -> datetime:
    """When these files last changed: their last git commit, else the newest of them."""
    folder = files[0].parent
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *(str(f.resolve()) for f in files)],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        stamp = ""
    if not stamp.isdigit():  # not in git, or never committed
        stamp = str(max(int(path.stat().st_mtime) for path in files))
    return datetime.fromtimestamp(int(stamp), tz=UTC)


def render_group(
    project: Project,
    planned: list[Planned],
    templates: Path,
    strict: bool,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> list[RenderedJob | ToolkitError]:
    """Render jobs that differ only in edition. Runs in a worker: it writes nothing.

    When two jobs' HTML is the same (cards and booklets look the same in both editions
    before the print page work), the layout is done once. Each job's failure is returned
    in its place, so one edition failing does not hide the other. A job that runs past
    ``timeout`` seconds or out of memory fails with a message naming its template.
    """
    results: list[RenderedJob | ToolkitError] = []
    laid_out: dict[tuple[str, str], RenderedJob] = {}
    for item in planned:
        try:
            with document_limits(project, item.job, timeout):
                results.append(_render_one(project, item, templates, strict, laid_out))
        except ToolkitError as error:
            results.append(error)
    return results


@contextmanager
def document_limits(project: Project, job: Job, timeout: float | None) -> Iterator[None]:
    """Stop the block after ``timeout`` seconds, or when it runs out of memory, with a
    ``RenderError`` naming the job's template."""
    try:
        with time_limit(timeout):
            yield
    except TimeLimitExceeded as stopped:
        message = (
            f"took longer than {stopped.seconds:g} s to render {job.output_path}, so it was "
            "stopped; look for a loop in this template (or give more time with --timeout)"
        )
        raise RenderError([Problem(_template_shown(project, job), message)]) from None
    except MemoryError:
        message = (
            f"needed more memory than one document may use to render {job.output_path}, so "
            "it was stopped; look for a loop in this template"
        )
        raise RenderError([Problem(_template_shown(project, job), message)]) from None


def _template_shown(project: Project, job: Job) -> str:
    """The template a job is rendered from: the brand's own, if it has one."""
    own = project.brands[job.brand].folder / "templates" / job.kind.template
    return display_path(own, project.root) if own.is_file() else f"templates/{job.kind.template}"


def _render_one(
    project: Project,
    item: Planned,
    templates: Path,
    strict: bool,
    laid_out: dict[tuple[str, str], RenderedJob],
) -> RenderedJob:
    job, spare = item.job, item.job.kind.page_multiple - 1
    rendered = render_html(project, job, templates, item.created, notes_pages=spare)
    key = (rendered.html, job.edition)  # the print edition is written as PDF/X-4
    if key not in laid_out:
        warnings: list[Problem] = []
        measured: list[dict[str, Any]] = []
        pdf = render_pdf(
            rendered,
            job,
            warnings,
            spare_pages=spare,
            on_layout=lambda document: measured.append(measure_document(document).as_record()),
        )
        if warnings and strict:
            raise RenderError(warnings)
        typesetting = measured[0] if measured else None
        laid_out[key] = RenderedJob(pdf, [str(w) for w in warnings], typesetting)
    done = laid_out[key]
    if job.edition == "print":
        pdf = finish_print(job.finish, done.pdf, print_spec(project, job, item.created))
        return replace(done, pdf=pdf)
    return done


def print_spec(project: Project, job: Job, created: datetime) -> PrintSpec:
    """What the print edition's page work needs: slug line, paper, the cards' colour."""
    colours = project.brands[job.brand].brand.colours
    inks = print_inks(colours) if job.colour == "cmyk" else None
    return PrintSpec(
        slug_line(project, job, created), job.paper, colours.primary, inks.primary if inks else None
    )


def render_document(
    project: Project,
    job: Job,
    templates: Path,
    created: datetime,
    recipient_block: object | None = None,
    on_layout: Callable[[Any], None] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> bytes:
    """One job's document laid out from its template, before any print page work, within
    the same time and memory limits as a build's documents.

    Personalized copies come through here: ``recipient_block`` is drawn into the reserved
    area, and ``on_layout`` is shown the laid-out document (to find that area)."""
    spare = job.kind.page_multiple - 1
    with document_limits(project, job, timeout):
        rendered = render_html(project, job, templates, created, spare, recipient_block)
        return render_pdf(rendered, job, spare_pages=spare, on_layout=on_layout)


def slug_line(project: Project, job: Job, created: datetime) -> str:
    """What a print shop reads beside the marks: which file, which brand, which date."""
    project = project.in_language(job.lang)
    subject = project.topics.get(job.subject) or project.series[job.subject]
    return (
        f"{subject.title} · {job.kind.title} · brand {job.brand} · {job.lang} · "
        f"{job.paper.name} · print edition · {created:%Y-%m-%d} · {job.output_path}"
    )


def describe(
    job: Job, pdf: bytes, created: datetime, warnings: list[str] | None = None
) -> BuiltDocument:
    """Manifest facts read back from the finished PDF."""
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    return BuiltDocument(
        path=str(job.output_path),
        kind=job.kind.name,
        edition=job.edition,
        paper=job.paper.name,
        subject=job.subject,
        subject_type=job.kind.subject,
        brand=job.brand,
        language=job.lang,
        pages=len(reader.pages),
        page_size=(round(float(box.width), 2), round(float(box.height), 2)),
        bytes=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        created=w3c_date(created),
        warnings=warnings or [],
    )


def write_manifests(built: list[BuiltDocument], out: Path) -> None:
    """Rebuild ``<out>/<brand>/manifest.json`` from this run's documents and every PDF on
    disk that a cache entry or the old manifest vouches for (``manifest``)."""
    manifest_path = out / "manifest.json"
    try:
        manifest.write_manifests(out, [_manifest_entry(document) for document in built])
    except OSError as error:
        raise output_error(Path(error.filename or manifest_path), error, out) from None


def _manifest_entry(document: BuiltDocument) -> dict[str, Any]:
    entry = asdict(document)
    entry["page_size"] = list(document.page_size)
    return entry
