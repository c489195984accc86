"""The build: content folder in, PDFs and a manifest per brand out.

Takes in: ``BuildSettings`` (content, templates and output folders, and what to build).
Gives out: PDFs under ``<out>/<brand>/<lang>/<folder>/`` and ``<out>/<brand>/manifest.json``,
and the list of ``BuiltDocument`` records it wrote.

``build()`` reads as the pipeline: load and validate everything, plan one job per output
file, then render, lay out, finish and write each job, then record the manifest.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from toolkit.content import Project, load_project
from toolkit.documents import DOCUMENT_KINDS, Job, PrintSpec, Selection, plan_jobs
from toolkit.errors import Problem, RenderError, ToolkitError
from toolkit.pdf import render_pdf, write_atomic
from toolkit.render import render_html, w3c_date

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildSettings:
    """Everything one build needs; there is no global state."""

    content: Path = PROJECT_ROOT / "content"
    out: Path = PROJECT_ROOT / "output"
    templates: Path = PROJECT_ROOT / "templates"
    selection: Selection = field(default_factory=Selection)
    created: datetime | None = None
    """Date written into every PDF; ``None`` means the content's last change."""
    strict: bool = False
    """Treat warnings (text running past its column) as errors."""


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
    warnings: list[str] = field(default_factory=list)


Progress = Callable[[Job, BuiltDocument], None]


def build(settings: BuildSettings, progress: Progress | None = None) -> list[BuiltDocument]:
    """Load, validate, plan, render every job, then write the manifests."""
    project = load_project(settings.content)
    jobs = plan(project, settings.selection)
    created = settings.created or content_last_changed(settings.content)
    built: list[BuiltDocument] = []
    try:
        for job in jobs:
            document = build_document(project, job, settings, created)
            built.append(document)
            if progress:
                progress(job, document)
    finally:  # a failure part-way still records the documents that were replaced
        write_manifests(built, settings.out, created)
    return built


def plan(project: Project, selection: Selection) -> list[Job]:
    """The jobs for this selection; unknown names are a user error."""
    _check_names("brand", selection.brands, list(project.brands))
    _check_names("topic or series", selection.topics, [*project.topics, *project.series])
    _check_names("document kind", selection.docs, list(DOCUMENT_KINDS))
    return plan_jobs(
        list(project.topics),
        list(project.series),
        {name: kit.brand.card_size for name, kit in project.brands.items()},
        project.toolkit.language,
        selection,
    )


def _check_names(what: str, asked: tuple[str, ...], known: list[str]) -> None:
    for name in asked:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ToolkitError(f"unknown {what} '{name}'{hint}; choose from: {', '.join(known)}")


def content_last_changed(content: Path) -> datetime:
    """When the content last changed: its last git commit, else its newest file."""
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=content,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        stamp = ""
    if not stamp.isdigit():  # not in git, or never committed
        stamp = str(max(int(p.stat().st_mtime) for p in content.rglob("*") if p.is_file()))
    return datetime.fromtimestamp(int(stamp), tz=UTC)


def build_document(
    project: Project, job: Job, settings: BuildSettings, created: datetime
) -> BuiltDocument:
    """Render one job to its PDF file, atomically, and describe it for the manifest."""
    warnings: list[Problem] = []
    pdf = render_pdf(render_html(project, job, settings.templates, created), job, warnings)
    if padding := -page_count(pdf) % job.kind.page_multiple:
        warnings = []
        rendered = render_html(project, job, settings.templates, created, notes_pages=padding)
        pdf = render_pdf(rendered, job, warnings)
    if warnings and settings.strict:
        raise RenderError(warnings)
    if job.edition == "print":
        primary = project.brands[job.brand].brand.colours.primary
        spec = PrintSpec(slug_line(project, job, created), job.paper, primary)
        pdf = job.kind.print_finish(pdf, spec)
    write_atomic(settings.out / job.output_path, pdf)
    return describe(job, pdf, [str(warning) for warning in warnings])


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def slug_line(project: Project, job: Job, created: datetime) -> str:
    """What a print shop reads beside the marks: which file, which brand, which date."""
    subject = project.topics.get(job.subject) or project.series[job.subject]
    return (
        f"{subject.title} · {job.kind.title} · brand {job.brand} · {job.lang} · "
        f"{job.paper.name} · print edition · {created:%Y-%m-%d} · {job.output_path}"
    )


def describe(job: Job, pdf: bytes, warnings: list[str] | None = None) -> BuiltDocument:
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
        warnings=warnings or [],
    )


def write_manifests(built: list[BuiltDocument], out: Path, created: datetime) -> None:
    """Update ``<out>/<brand>/manifest.json``, keeping entries of files built earlier."""
    for brand in sorted({doc.brand for doc in built}):
        path = out / brand / "manifest.json"
        entries = _read_manifest(path)
        entries.update({doc.path: asdict(doc) for doc in built if doc.brand == brand})
        current = [entries[key] for key in sorted(entries) if (out / key).is_file()]
        manifest = {"created": w3c_date(created), "documents": current}
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        write_atomic(path, text.encode("utf-8"))


def _read_manifest(path: Path) -> dict[str, dict[str, object]]:
    try:
        documents = json.loads(path.read_text(encoding="utf-8"))["documents"]
        return {entry["path"]: entry for entry in documents}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
