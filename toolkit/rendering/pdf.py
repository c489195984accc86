"""Lay out HTML with WeasyPrint: the only module that imports it.

Takes in: ``RenderedHtml`` (HTML, base URL, the folders it may read) and the job it is for.
Gives out: PDF bytes (tagged, with title, author, subject, language and embedded fonts);
``toolkit.files.write_atomic`` puts them on disk.

WeasyPrint only gets files through ``RestrictedFetcher``: ``data:`` URIs and files under the
allowed folders. Any warning WeasyPrint logs (a missing logo, a refused URL, unsupported CSS)
fails the document, so nothing is silently left out.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from toolkit.content.images import PRINT_DPI
from toolkit.documents import Job
from toolkit.errors import Problem, RenderError, SetupError
from toolkit.rendering.artifacts import footers_as_artifacts
from toolkit.rendering.card_backs import behind_every_card
from toolkit.rendering.fit import find_overflows, find_wide_lines
from toolkit.rendering.html import RenderedHtml
from toolkit.rendering.stylesheets import render_options

PANGO_HINT = (
    "WeasyPrint could not load the Pango text library ({error}).\n"
    "Install it with:  sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz-subset0\n(on macOS: brew install pango)"
)


HARMLESS = ("Using fontTools instead of HarfBuzz-Subset",)
"""WeasyPrint warnings that do not change the PDF: without libharfbuzz-subset0 it subsets
fonts with fontTools (slower, same result); the build says once how to go faster."""

_IMAGE_CACHE: dict[str, Any] = {}
"""WeasyPrint's parsed images by URL, shared by every document this process renders (the
same QR codes and logo recur on every card). Bounded by the content's distinct images, and
a worker's memory levels off after a few documents (docs/performance.md)."""


def _weasyprint() -> Any:
    """Import WeasyPrint, turning a missing system library into an install hint."""
    try:
        import weasyprint
    except OSError as error:
        raise SetupError(PANGO_HINT.format(error=error)) from None
    _tag_passage_languages()
    _one_annotation_per_link()
    return weasyprint


def _tag_passage_languages() -> None:
    """Give a passage in another language (``[texto]{lang=es}`` becomes ``<span lang="es">``)
    its ``/Lang`` in the PDF's structure tree, so screen readers switch voice (PDF/UA-1,
    WCAG 3.1.2). WeasyPrint 70 writes the document's language only; this wraps its tag-tree
    builder, once per process, to copy an element's ``lang`` onto the structure element
    made for it. tests/rendering/test_accessibility.py fails if a WeasyPrint upgrade changes
    that."""
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "adds_lang", False):
        return

    def build_with_lang(box: Any, *args: Any) -> Any:
        element = box.element
        lang = role = None
        if element is not None and box.element_tag not in ("html", "body"):
            lang = element.get("lang")
            role = PDF_ROLES.get(element.get("data-pdf-role", ""))
        for item in build(box, *args):
            if lang and isinstance(item, dict) and "Lang" not in item:
                item["Lang"] = pydyf.String(lang)
            if role and isinstance(item, dict):
                item["S"] = role
            yield item

    build_with_lang.adds_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_with_lang


PDF_ROLES = {"TOC": "/TOC", "TOCI": "/TOCI", "Reference": "/Reference"}
"""Structure roles HTML has no element for, asked for with ``data-pdf-role="TOC"``: the
booklet's contents page is a table of contents, not a list of links."""


def _one_annotation_per_link() -> None:
    """Give each link one annotation, described by its text (PDF/UA-1 7.18.5).

    WeasyPrint 70 also gives every box inside an ``<a>`` (a ``<strong>``, a pseudo-element)
    an annotation of its own, hung under a Span: a keyboard user meets two tab stops for one
    link. Only the ``<a>``'s own boxes keep theirs, and its ``/Contents`` becomes what the
    link says (its ``aria-label``, else its text) instead of the bare address or anchor id.
    tests/rendering/test_accessibility.py fails if a WeasyPrint upgrade changes this."""
    import pydyf
    from weasyprint import pdf

    add_links = pdf.add_links
    if getattr(add_links, "once_per_link", False):
        return

    def add_own_links(links_and_anchors: Any, *args: Any) -> Any:
        links, anchors = links_and_anchors
        own = [link for link in links if link[3].link is not None]
        result = add_links((own, anchors), *args)
        for *_, box in own:
            annotation = box.link_annotation
            text = link_text(box.element) if box.element is not None else ""
            if annotation is not None and "Contents" in annotation and text:
                annotation["Contents"] = pydyf.String(text)
        return result

    add_own_links.once_per_link = True  # type: ignore[attr-defined]
    pdf.add_links = add_own_links


def link_text(element: Any) -> str:
    """What a link says: its ``aria-label``, else its text with spaces collapsed."""
    label = element.get("aria-label") or " ".join("".join(element.itertext()).split())
    return str(label)


def make_fetcher(allowed_roots: tuple[Path, ...]) -> Any:
    """A WeasyPrint URL fetcher that serves only ``data:`` URIs and files under the roots."""
    weasyprint = _weasyprint()

    class RestrictedFetcher(weasyprint.URLFetcher):  # type: ignore[misc,name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise ValueError(f"refused {url}: documents may not load anything from a network")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in allowed_roots):
                raise ValueError(f"refused {url}: outside the content, brand and template folders")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": mime}
            )

    return RestrictedFetcher()


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith(HARMLESS):
            self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    collector = _WarningCollector()
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)


def render_pdf(
    rendered: RenderedHtml,
    job: Job,
    warnings: list[Problem] | None = None,
    spare_pages: int = 0,
    on_layout: Callable[[Any], None] | None = None,
) -> bytes:
    """Lay out and write one document; fail with the document named on lost content or
    any WeasyPrint warning. Text that runs past its column is added to ``warnings``.
    ``on_layout`` is shown the laid-out document (its final pages) before it is written.

    ``spare_pages`` says the HTML has that many optional pages just before its last page;
    as many are kept as make the page count a multiple of the kind's ``page_multiple``
    (a booklet is padded with notes pages in one layout pass, not two).
    """
    weasyprint = _weasyprint()
    options = {
        "pdf_variant": "pdf/ua-1",
        "uncompressed_pdf": False,
        "cache": _IMAGE_CACHE,
        # Raster images (a brand's PNG logo) are kept at print resolution, not their own:
        # a 4000 px logo would otherwise make every PDF too big to e-mail.
        "dpi": PRINT_DPI,
        "optimize_images": True,
        **(_print_options(job) if job.edition == "print" else {}),
    }
    with _collect_warnings() as logged:
        html = weasyprint.HTML(
            string=rendered.html,
            base_url=rendered.base_url.as_uri() + "/",
            url_fetcher=make_fetcher(rendered.allowed_roots),
        )
        document = html.render(**options, **render_options(html, rendered.allowed_roots, logged))
        if overflows := find_overflows(document, job):
            raise RenderError(overflows)
        if warnings is not None:
            warnings.extend(find_wide_lines(document, job))
        if spare_pages:
            document = document.copy(_keep(document.pages, spare_pages, job.kind.page_multiple))
        document = behind_every_card(document, job)
        if on_layout is not None:
            on_layout(document)
        pdf: bytes = document.write_pdf(**options)
    if logged:
        raise RenderError([Problem(str(job.output_path), f"WeasyPrint: {w}") for w in logged])
    return footers_as_artifacts(pdf)


def _print_options(job: Job) -> dict[str, Any]:
    """The print edition is PDF/X-4 (a print shop's preflight checks for it). Its output
    intent is sRGB, or in CMYK mode the coated-stock profile that base.html names with
    ``@color-profile device-cmyk``. Untagged: paper has no screen reader."""
    return {"pdf_variant": "pdf/x-4", "output_intent": "srgb" if job.colour == "rgb" else None}


def _keep(pages: list[Any], spare: int, multiple: int) -> list[Any]:
    """All pages but the spare ones (just before the last) that are not needed for padding."""
    needed = -(len(pages) - spare) % multiple
    first_spare = len(pages) - 1 - spare
    return pages[: first_spare + needed] + pages[-1:]
