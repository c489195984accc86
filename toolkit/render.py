"""Turn validated content into HTML, one document at a time.

Takes in: a ``Project``, a ``Job`` (which document, for which subject, brand and language)
and the templates folder.
Gives out: an HTML string ready for WeasyPrint, plus the files it is allowed to read.

Templates are code and content is data: the Jinja2 environment autoescapes everything and
fails on any undefined name, and text fields go through a Markdown subset with raw HTML
disabled, so ``<script>`` or ``{{ 7*7 }}`` in a YAML file prints exactly as typed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import segno
from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.attrs import attrs_plugin

from toolkit.colours import ACCENT_TINT, PRIMARY_TINT, tint
from toolkit.content import BrandKit, Project
from toolkit.documents import Job
from toolkit.fonts import FONT_FACES, font_folder


@dataclass(frozen=True)
class RenderedHtml:
    """A document's HTML and the folders WeasyPrint may read while laying it out."""

    html: str
    base_url: Path
    allowed_roots: tuple[Path, ...]


@functools.lru_cache(maxsize=4)
def make_environment(templates: Path) -> jinja2.Environment:
    """The one Jinja2 environment: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_inline
    env.filters["plain"] = markdown_plain
    env.filters["qr"] = qr_data_uri
    env.filters["short_url"] = short_url
    return env


_MARKDOWN = (
    MarkdownIt("zero", {"html": False, "typographer": True})
    .enable(["emphasis", "link", "escape", "replacements", "smartquotes"])
    # [texto]{lang=es}: a passage in another language, tagged for screen readers
    .use(attrs_plugin, spans=True, allowed=["lang"], after=("span_close",))
)


def markdown_inline(text: str) -> Markup:
    """Render *emphasis*, **strong**, [links](https://…) and [passages]{lang=es} in another
    language; any HTML is escaped."""
    return Markup(_MARKDOWN.renderInline(text))  # noqa: S704 - markdown-it escapes input


def markdown_plain(text: str) -> str:
    """The text without its Markdown, for PDF metadata and other plain-text places."""
    return markdown_inline(text).striptags()


@functools.lru_cache(maxsize=256)
def qr_data_uri(url: str) -> str:
    """A vector QR code (SVG, with its quiet zone) for ``url``, as a data: URI."""
    return str(segno.make(url, error="m").svg_data_uri(omitsize=True, border=4))


def short_url(url: str) -> str:
    """The address as people type it: no scheme, no ``www.``, no trailing slash."""
    for prefix in ("https://", "http://", "mailto:", "tel:"):
        url = url.removeprefix(prefix)
    return url.removeprefix("www.").rstrip("/")


def font_face_css() -> Markup:
    """``@font-face`` rules for the bundled Lato files."""
    folder = font_folder()
    rules = [
        f'@font-face {{ font-family: "Lato"; src: url("{(folder / name).as_uri()}"); '
        f"font-style: {style}; font-weight: {weight}; }}"
        for name, style, weight in FONT_FACES
    ]
    return Markup("\n".join(rules))  # noqa: S704 - built from constants and file paths


def w3c_date(moment: datetime) -> str:
    """``2026-11-25T12:00:00Z``: the form PDF metadata and the manifest use, always UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_html(
    project: Project, job: Job, templates: Path, created: datetime, notes_pages: int = 0
) -> RenderedHtml:
    """Render the HTML for one job from its kind's template.

    ``notes_pages`` asks for that many "notes" pages before the back cover, to pad a booklet.
    """
    kit = project.brands[job.brand]
    template = make_environment(templates).get_template(job.kind.template)
    html = template.render(
        **_context(project, job, kit), created=w3c_date(created), notes_pages=notes_pages
    )
    roots = (templates.resolve(), project.root.resolve(), kit.folder.resolve(), font_folder())
    return RenderedHtml(html=html, base_url=templates.resolve(), allowed_roots=roots)


def _context(project: Project, job: Job, kit: BrandKit) -> dict[str, Any]:
    topic = project.topics[job.subject] if job.kind.subject == "topic" else None
    series = project.series[job.subject] if job.kind.subject == "series" else None
    title = topic.title if topic else series.title if series else project.toolkit.title
    colours = kit.brand.colours
    subject_file = project.root / ("topics" if topic else "series") / f"{job.subject}.yaml"
    return {
        "src": lambda *loc: project.source(subject_file, loc),
        "kind": job.kind,
        "edition": job.edition,
        "paper": job.paper.name,
        "card": job.card,
        "lang": job.lang,
        "toolkit": project.toolkit,
        "topics": project.topics,
        "topic": topic,
        "series": series,
        "subject_id": job.subject,
        "brand": kit.brand,
        "logo_url": kit.logo_path.resolve().as_uri() if kit.logo_path else None,
        "author": kit.brand.organization or project.toolkit.title,
        "document_title": f"{title}: {job.kind.title}",
        "font_faces": font_face_css(),
        "colours": {
            "primary": colours.primary,
            "accent": colours.accent,
            "primary_tint": tint(colours.primary, PRIMARY_TINT),
            "accent_tint": tint(colours.accent, ACCENT_TINT),
        },
    }
