"""Live preview: the draft brand's tip sheet (first page) and a card back, as small PNGs.

Takes in: the draft content folder (``draft``), the templates folder, which picture
(``tip-sheet`` or ``card-back``) and the language.
Gives out: PNG bytes, drawn from a PDF laid out by the build's own ``render_document``
(same templates, same restricted URL fetcher, same time limit) and rasterized with
pypdfium2 at screen resolution; or the ``ToolkitError`` that stops the draft from
rendering (shown on the page as the build would print it).

Rendering runs in one worker process (``PreviewWorker``), so the studio's pages stay
responsive; a request that is overtaken by a newer one for the same picture is skipped
before it starts (``Latest``), so a burst of changes renders once.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]

from toolkit.builder.pipeline import render_document
from toolkit.builder.workers import start_worker
from toolkit.content.brands import load_brands
from toolkit.content.problems import Collector
from toolkit.content.project import Project, load_project
from toolkit.documents import CARD_SIZES, DOCUMENT_KINDS, PAPERS, Job
from toolkit.errors import ContentError, ToolkitError

PICTURES = {"tip-sheet": ("tip-sheet", 0, 520), "card-back": ("youth-cards", 1, 300)}
"""Each preview picture: the document kind, the page shown, and its width in pixels."""
CREATED = datetime(2026, 1, 1, tzinfo=UTC)
"""A fixed date: the preview's footer does not need the real one."""
PREVIEW_TIMEOUT = 30.0
Signature = tuple[tuple[str, int], ...]


_LOADED: dict[Path, tuple[Signature, Project]] = {}
"""The worker's last project per content folder, with what it was read from: the topics
and series rarely change between two previews, the brand always does. (Process-local: it
lives in the preview worker only, and is checked against the files every time.)"""


def render_picture(root: str, templates: str, brand: str, picture: str, lang: str) -> bytes:
    """One preview picture of ``brand`` in the content folder ``root`` (in a worker)."""
    project = with_fresh_brands(Path(root))
    kind_name, page_index, width = PICTURES[picture]
    kit = project.brands[brand]
    topics = [t for t in sorted(project.topics) if project.has(lang, "topics", t)]
    if not topics:
        raise ToolkitError("there is no topic to preview")
    job = Job(
        DOCUMENT_KINDS[kind_name],
        topics[0],
        brand,
        lang,
        paper=PAPERS[kit.brand.paper],
        card=CARD_SIZES[kit.brand.card_size],
    )
    pdf = render_document(project, job, Path(templates), CREATED, timeout=PREVIEW_TIMEOUT)
    return rasterize(pdf, page_index, width)


def with_fresh_brands(root: Path) -> Project:
    """The project in ``root``, its brands read again (and checked) from their files; the
    rest read again only when one of its files changed."""
    signature = _signature(root)
    cached = _LOADED.get(root)
    if cached is None or cached[0] != signature:
        project = load_project(root)
        _LOADED[root] = (signature, project)
        return project
    project = cached[1]
    collector = Collector(root)
    brands = load_brands(root / "brands", collector, project.toolkit.translations)
    if collector.problems:
        raise ContentError(collector.problems)
    return replace(project, brands=brands, positions={**project.positions, **collector.positions})


def _signature(root: Path) -> Signature:
    files = [root / "toolkit.yaml", root / "helplines.yaml"]
    files += sorted(root.glob("topics/*.yaml")) + sorted(root.glob("series/*.yaml"))
    return tuple((str(path), path.stat().st_mtime_ns) for path in files if path.exists())


def ready() -> bool:
    """Nothing: sent to a new worker so that it imports the renderer before it is needed."""
    return True


def rasterize(pdf: bytes, page_index: int, width: int) -> bytes:
    """Page ``page_index`` of ``pdf`` as a PNG ``width`` pixels wide."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[min(page_index, len(document) - 1)]
        image = page.render(scale=width / page.get_width()).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class Latest:
    """Counts requests per picture, so a request can tell it has been overtaken."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._lock = threading.Lock()

    def next(self, picture: str) -> int:
        with self._lock:
            self._numbers[picture] = self._numbers.get(picture, 0) + 1
            return self._numbers[picture]

    def is_latest(self, picture: str, number: int) -> bool:
        with self._lock:
            return self._numbers.get(picture) == number


class PreviewWorker:
    """One worker process that renders previews, one at a time."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=start_worker,
            initargs=(os.getpid(), None),
        )
        self.latest = Latest()
        self._turn = asyncio.Lock()

    def warm(self) -> None:
        """Start the worker and its imports now, not at the first change."""
        self._pool.submit(ready)

    async def render(
        self, root: Path, templates: Path, brand: str, picture: str, lang: str
    ) -> bytes | None:
        """The picture, or ``None`` when a newer request for it came in while this one
        waited for the worker."""
        number = self.latest.next(picture)
        async with self._turn:
            if not self.latest.is_latest(picture, number):
                return None
            loop = asyncio.get_running_loop()
            arguments = (str(root), str(templates), brand, picture, lang)
            return await loop.run_in_executor(self._pool, render_picture, *arguments)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
