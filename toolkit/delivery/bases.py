"""Base renderings: each document laid out once, with an empty reserved area for the block.

Takes in: the project, the documents to personalize and the build settings (or a method
``render`` copy's own block).
Gives out: a ``Base`` per document (its PDF before print page work, and the reserved
``Area`` found in its layout), rendered in workers when given an executor; and
``check_fit``, every recipient too long for an area, all at once, before anything is written.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader

from toolkit.builder.pipeline import BuildSettings, key_job, render_document
from toolkit.content.project import Project
from toolkit.content.recipients import RecipientList
from toolkit.delivery.areas import find_area
from toolkit.delivery.block import Area, Block, fit_problem
from toolkit.documents import Job
from toolkit.errors import ContentError, Problem, RenderError, ToolkitError


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


def render_bases(
    project: Project, jobs: list[Job], build: BuildSettings, executor: Executor | None
) -> list[Base]:
    """Every document laid out once; failures are raised together."""
    if executor is None:
        outcomes = [_base_or_error(project, job, build) for job in jobs]
    else:
        futures = [executor.submit(_base_or_error, project, job, build) for job in jobs]
        outcomes = [future.result() for future in futures]
    if problems := [
        p for outcome in outcomes if isinstance(outcome, ToolkitError) for p in outcome.problems
    ]:
        raise RenderError(problems)
    return [outcome for outcome in outcomes if isinstance(outcome, Base)]


def _base_or_error(project: Project, job: Job, build: BuildSettings) -> Base | ToolkitError:
    """Runs in a worker: it writes nothing, and returns its failure rather than raising it."""
    try:
        return render_base(project, job, build)
    except ToolkitError as error:
        return error


def render_base(project: Project, job: Job, build: BuildSettings) -> Base:
    """Lay the document out once with an empty reserved area; find the area's rectangle."""
    created = key_job(project, job, build).created
    primary = project.brands[job.brand].brand.colours.primary
    found: list[Area] = []
    pdf = render_with_block(project, job, build.templates, created, Block(), found.append, primary)
    if not found:
        raise RenderError([Problem(str(job.output_path), "the layout has no reserved area")])
    return Base(job, created, pdf, found[0])


def render_with_block(
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
