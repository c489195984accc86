"""Turn validated content into HTML, one document at a time.

Takes in: a ``Project``, a ``Job`` (which document, for which subject, brand and language)
and the templates folder.
Gives out: an HTML string ready for WeasyPrint, plus the files it is allowed to read.

Templates are code and content is data: the Jinja2 environment autoescapes everything and
fails on any undefined name, and text fields go through a Markdown subset with raw HTML
disabled, so ``<script>`` or ``{{ 7*7 }}`` in a YAML file prints exactly as typed.

A brand's templates come from other people, so they run in a sandbox with bounds: templates
are read only from inside their folder once links are resolved (the fetcher's rule), and
``range()``, repeated text and powers are capped, so a template cannot print a local file
or make a document too big to lay out. What the bounds miss (a loop of loops) the worker's
time and memory limits stop.
"""

from __future__ import annotations

import functools
import os
import re
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.attrs import attrs_plugin

from toolkit.assets.colour_profiles import CMYK_PROFILE, ICC_FOLDER
from toolkit.assets.fonts import FONT_FACES, font_folder
from toolkit.assets.i18n import N_, TEMPLATE_LANGUAGE, month_year, translations
from toolkit.content.brands import BrandKit, logo_boxes
from toolkit.content.colours import ACCENT_TINT, PRIMARY_TINT, print_inks, tint
from toolkit.content.models import short_url
from toolkit.content.problems import Loc, format_loc, nearest_position
from toolkit.content.project import Project
from toolkit.documents import Job
from toolkit.errors import Problem, RenderError, display_path
from toolkit.rendering.icons import icon_css
from toolkit.rendering.qr import QrTooLongError, qr_data_uri, qr_width
from toolkit.rendering.widows import no_widow


@dataclass(frozen=True)
class RenderedHtml:
    """A document's HTML and the folders WeasyPrint may read while laying it out."""

    html: str
    base_url: Path
    allowed_roots: tuple[Path, ...]


PAGE_OF = N_("Page %(page)s of %(pages)s")
"""The tip sheet's page numbers, printed by the stylesheet."""


MAX_TEMPLATE_RANGE = 10_000
"""The most numbers ``range()`` may give a template; pages and cards need dozens."""
MAX_TEMPLATE_ITEMS = 1_000_000
"""The longest text or list a template may make by repeating one (``"a" * n``)."""
MAX_POWER_BITS = 4096
"""The largest number (in bits) a template may compute with ``**``."""


class TemplateOutsideFolderError(SecurityError):
    """A template name that resolves (through a link) to a file outside its folder."""

    def __init__(self, message: str, link: Path) -> None:
        super().__init__(message)
        self.link = str(link)


class ConfinedLoader(jinja2.FileSystemLoader):
    """A ``FileSystemLoader`` that reads only files inside its folder once links are
    resolved: the rule the WeasyPrint fetcher applies, so a link in a brand's templates
    (``note.html -> /etc/passwd``, ``root -> /``) cannot print a local file."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            candidate = Path(searchpath, *pieces)
            if candidate.is_file():
                return self._read_inside(template, Path(searchpath), candidate)
        raise TemplateNotFound(template)

    def _read_inside(self, template: str, folder: Path, candidate: Path) -> tuple[str, str, Any]:
        resolved = candidate.resolve(strict=True)
        if not resolved.is_relative_to(folder.resolve()):
            raise TemplateOutsideFolderError(
                f"'{template}' leads to {resolved}, outside the templates folder "
                f"{folder}; templates may only use files inside their folder",
                candidate,
            )
        source = resolved.read_text(encoding=self.encoding)
        mtime = os.path.getmtime(resolved)
        return source, str(candidate), lambda: os.path.getmtime(resolved) == mtime


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounds on the work one expression may ask for."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and _power_bits(left, right) > MAX_POWER_BITS:
            raise SecurityError(f"{left} ** {right} is a number too large for a template")
        return super().call_binop(context, operator, left, right)


def _power_bits(base: Any, exponent: Any) -> int:
    """Roughly how many bits ``base ** exponent`` needs, for whole numbers."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return 0
    return abs(base).bit_length() * exponent if abs(base) > 1 else 0


def _check_repeat(sequence: Any, times: Any) -> None:
    if (
        isinstance(sequence, str | list | tuple)
        and isinstance(times, int)
        and len(sequence) * times > MAX_TEMPLATE_ITEMS
    ):
        raise SecurityError(
            f"repeating {type(sequence).__name__} {times:,} times makes more than "
            f"{MAX_TEMPLATE_ITEMS:,} items; templates may not make text that long"
        )


def bounded_range(*args: int) -> range:
    """``range()`` for templates: at most ``MAX_TEMPLATE_RANGE`` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_TEMPLATE_RANGE:
        shown = ", ".join(str(arg) for arg in args)
        raise SecurityError(
            f"range({shown}) has {len(numbers):,} numbers; a template may count to "
            f"{MAX_TEMPLATE_RANGE:,} at most"
        )
    return numbers


@functools.lru_cache(maxsize=16)
def make_environment(
    templates: Path, lang: str = TEMPLATE_LANGUAGE, overrides: Path | None = None
) -> jinja2.Environment:
    """The Jinja2 environment for one language and brand: sandboxed, autoescape on, undefined
    names are errors, and ``_()``/``ngettext()`` give that language's template strings.

    ``overrides`` is a brand's ``templates/`` folder: its files replace the built-in ones
    of the same name, and may extend the originals as ``toolkit/<name>``.
    """
    builtin = ConfinedLoader(templates)
    loaders: list[jinja2.BaseLoader] = [builtin, jinja2.PrefixLoader({"toolkit": builtin})]
    if overrides is not None:
        loaders.insert(0, ConfinedLoader(overrides))
    env = BoundedSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = markdown_inline
    env.filters["plain"] = markdown_plain
    env.filters["no_widow"] = no_widow
    env.filters["qr"] = qr_data_uri
    env.filters["short_url"] = short_url
    env.globals["range"] = bounded_range
    env.globals["qr_width"] = qr_width
    env.globals["icon_css"] = icon_css
    return env


_MARKDOWN = (
    MarkdownIt("zero", {"html": False, "typographer": True})
    .enable(["emphasis", "link", "escape", "replacements", "smartquotes"])
    # [texto]{lang=es}: a passage in another language, tagged for screen readers; a link's
    # text can be marked the same way: [Take It Down](https://…){lang=en}
    .use(attrs_plugin, spans=True, allowed=["lang"], after=("span_close", "link_close"))
)


ADDRESS = re.compile(r"(?<![\w@.-])((?:[A-Za-z0-9-]+\.)+(?:org|com|gov|net|edu|us)(?:/[\w./%-]*)?)")
"""A web address typed as text (report.cybertip.org): never broken at a syllable."""
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
"""An e-mail address typed as text (gethelp@ncmec.org): never broken at a syllable either."""
KEPT_WHOLE = re.compile(f"{EMAIL.pattern}|{ADDRESS.pattern}")


def markdown_inline(text: str) -> Markup:
    """Render *emphasis*, **strong**, [links](https://…) and [passages]{lang=es} in another
    language; any HTML is escaped, and addresses in the text are kept whole."""
    html = _MARKDOWN.renderInline(text)
    parts = re.split(r"(<[^>]*>)", html)  # text between tags; tags and attributes untouched
    kept, in_link = [], False
    for part in parts:
        if part.startswith("<"):
            in_link = part.startswith("<a ") or (in_link and part != "</a>")
        elif not in_link:  # a link is never broken (print.css); a span in it is a 2nd link
            part = KEPT_WHOLE.sub(r'<span class="address">\g<0></span>', part)
        kept.append(part)
    return Markup("".join(kept))  # noqa: S704 - markdown-it escapes input; spans are ours


def markdown_plain(text: str) -> str:
    """The text without its Markdown, for PDF metadata and other plain-text places."""
    return markdown_inline(text).striptags()


def font_face_css() -> Markup:
    """``@font-face`` rules for the bundled Lato files."""
    folder = font_folder()
    rules = [
        f'@font-face {{ font-family: "Lato"; src: url("{(folder / name).as_uri()}"); '
        f"font-style: {style}; font-weight: {weight}; }}"
        for name, style, weight in FONT_FACES
    ]
    return Markup("\n".join(rules))  # noqa: S704 - built from constants and file paths


def css_content(text: str) -> Markup:
    """A CSS ``content`` value for ``text``, its ``%(page)s`` and ``%(pages)s`` becoming the
    page counters: ``"Página " counter(page) " de " counter(pages)``."""
    parts = re.split(r"%\((pages?)\)s", text)
    values = [
        f"counter({part})" if index % 2 else _css_string(part)
        for index, part in enumerate(parts)
        if part or index % 2
    ]
    return Markup(" ".join(values))  # noqa: S704 - every text part is a quoted CSS string


def _css_string(text: str) -> str:
    """A double-quoted CSS string; anything but plain characters becomes a hex escape."""
    return (
        '"' + "".join(c if c.isalnum() or c in " .,:;-" else f"\\{ord(c):x} " for c in text) + '"'
    )


def brand_font_css(kit: BrandKit) -> Markup:
    """``@font-face`` rules for a brand's own fonts and the rules that use them; Lato stays
    behind each one for any character the brand's font lacks."""
    rules = []
    for role, selector in (("text", "html"), ("headings", "h1, h2, h3, .card-headline")):
        if name := getattr(kit.brand.fonts, role):
            family = f"Brand {role}"
            uri = (kit.folder / name).resolve().as_uri()
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{uri}"); }}')
            rules.append(f'{selector} {{ font-family: "{family}", "Lato", sans-serif; }}')
    return Markup("\n".join(rules))  # noqa: S704 - file names match FONT_PATTERN


def _brand_file(project: Project, kit: BrandKit) -> Path:
    """The brand file this view reads: its translation, if there is one."""
    translated = kit.folder / f"brand.{project.lang}.yaml"
    return translated if project.lang in kit.translations else kit.folder / "brand.yaml"


def _brand_file_uri(path: Path) -> str | None:
    return path.resolve().as_uri() if path.is_file() else None


def w3c_date(moment: datetime) -> str:
    """``2026-11-25T12:00:00Z``: the form PDF metadata and the manifest use, always UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_html(
    project: Project,
    job: Job,
    templates: Path,
    created: datetime,
    notes_pages: int = 0,
    recipient_block: object | None = None,
) -> RenderedHtml:
    """Render the HTML for one job from its kind's template.

    ``notes_pages`` asks for that many "notes" pages before the back cover, to pad a booklet.
    ``recipient_block`` (personalized copies only, ``toolkit.delivery.block.Block``) adds
    the reserved area for a recipient's name and contact, with those lines in it; normal
    builds leave it out.
    """
    project = project.in_language(job.lang)
    kit = project.brands[job.brand]
    overrides = kit.folder / "templates"
    env = make_environment(templates, job.lang, overrides if overrides.is_dir() else None)
    try:
        html = env.get_template(job.kind.template).render(
            **_context(project, job, kit),
            created=w3c_date(created),
            updated=month_year(created.date(), job.lang),
            notes_pages=notes_pages,
            recipient_block=recipient_block,
        )
    except QrTooLongError as error:
        raise RenderError([_qr_problem(project, job, kit, error.url)]) from None
    except jinja2.TemplateError as error:
        raise RenderError([_template_problem(error, project.root)]) from None
    except (MemoryError, RecursionError, OverflowError) as error:
        raise RenderError([_template_limit_problem(error, project.root, job)]) from None
    roots = (
        templates.resolve(),
        project.root.resolve(),
        kit.folder.resolve(),
        font_folder(),
        ICC_FOLDER,
    )
    return RenderedHtml(html=html, base_url=templates.resolve(), allowed_roots=roots)


def _template_problem(error: jinja2.TemplateError, root: Path) -> Problem:
    """A template mistake (a brand's override, usually) at its file and line."""
    file, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if file is None:  # a run-time error: find the template's frame in the traceback
        frames = traceback.extract_tb(error.__traceback__)
        found = [f for f in frames if f.filename.endswith((".html", ".css"))]
        fallback = getattr(error, "link", "")  # a document's own template is the link
        file, line = (found[-1].filename, found[-1].lineno) if found else (fallback, None)
    message = str(error.message or error)
    if isinstance(error, SecurityError):
        message = f"not allowed in a template: {message}"
    shown = display_path(Path(file), root) if file else "template"
    return Problem(shown, message, line=line)


def _template_limit_problem(error: BaseException, root: Path, job: Job) -> Problem:
    """A template that asked for more memory or depth than a document may have."""
    frames = traceback.extract_tb(error.__traceback__)
    found = [f for f in frames if f.filename.endswith((".html", ".css"))]
    file, line = (found[-1].filename, found[-1].lineno) if found else (job.kind.template, None)
    what = (
        "calls itself without end"
        if isinstance(error, RecursionError)
        else "asks for more memory than one document may use"
    )
    return Problem(
        display_path(Path(file), root),
        f"this template {what} ({type(error).__name__}); the other documents go on",
        line=line,
    )


def _qr_problem(project: Project, job: Job, kit: BrandKit, url: str) -> Problem:
    """The address too long for a QR code, at the YAML field it came from."""
    view = project.in_language(job.lang)
    subject = view.topics.get(job.subject) if job.kind.subject == "topic" else None
    series = view.series.get(job.subject) if job.kind.subject == "series" else None
    message = (
        f"this address is {len(url):,} characters long, too long for a QR code "
        "(one holds about 2,300); use a shorter address, such as a short link"
    )
    sources: list[tuple[Path, Any]] = [
        (view.file("topics" if subject else "series", job.subject), subject or series),
        (_brand_file(view, kit), kit.brand),
    ]
    for path, model in sources:
        if model is not None and (loc := _find_value(model.model_dump(), url)) is not None:
            line, column = nearest_position(loc, project.positions.get(path, {}))
            return Problem(display_path(path, project.root), message, line, column, format_loc(loc))
    return Problem(job.kind.template, f"{url[:60]}…: {message}")


def _find_value(data: Any, value: str, loc: Loc = ()) -> Loc | None:
    """Where ``value`` is inside nested dicts and lists, as a field path."""
    if data == value:
        return loc
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, item in items:
        if (found := _find_value(item, value, (*loc, key))) is not None:
            return found
    return None


def _context(project: Project, job: Job, kit: BrandKit) -> dict[str, Any]:
    topic = project.topics[job.subject] if job.kind.subject == "topic" else None
    series = project.series[job.subject] if job.kind.subject == "series" else None
    title = topic.title if topic else series.title if series else project.toolkit.title
    colours = kit.brand.colours
    subject_file = project.file("topics" if topic else "series", job.subject)
    gettext = translations(job.lang).gettext
    return {
        "src": lambda *loc: project.source(subject_file, loc),
        "brand_src": lambda *loc: project.source(_brand_file(project, kit), loc),
        "kind": job.kind,
        "edition": job.edition,
        "paper": job.paper.name,
        "card": job.card,
        "lang": job.lang,
        "source_language": project.source_language,
        "toolkit": project.toolkit,
        "topics": project.topics,
        "topic": topic,
        "series": series,
        "subject_id": job.subject,
        "brand": kit.brand,
        "logo_url": kit.logo_path.resolve().as_uri() if kit.logo_path else None,
        "logo_boxes": logo_boxes(job.kind.name),
        "author": kit.brand.organization or project.toolkit.title,
        "document_title": f"{title}: {gettext(job.kind.title)}",
        "kind_title": gettext(job.kind.title),
        "page_of": css_content(gettext(PAGE_OF)),
        "font_faces": font_face_css(),
        "brand_fonts": brand_font_css(kit),
        "brand_css": _brand_file_uri(kit.folder / "templates" / "brand.css"),
        "partners": [
            (partner, _brand_file_uri(kit.folder / partner.logo) if partner.logo else None)
            for partner in kit.brand.partners
        ],
        "colours": print_inks(colours).css()
        if job.colour == "cmyk"
        else {
            "primary": colours.primary,
            "accent": colours.accent,
            "primary_tint": tint(colours.primary, PRIMARY_TINT),
            "accent_tint": tint(colours.accent, ACCENT_TINT),
        },
        # The CMYK print edition's output intent (base.html: @color-profile device-cmyk).
        "cmyk_profile": CMYK_PROFILE.as_uri() if job.colour == "cmyk" else None,
    }


STYLESHEETS = ("print.css",)  # linked from base.html, not visible to Jinja
"""With the document's own stylesheet, named after its template (tip_sheet.css)."""


def templates_used(templates: Path, name: str) -> tuple[str, ...]:
    """``name`` and every template it extends, includes or imports, plus the stylesheets."""
    versions = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in templates.iterdir()))
    return _templates_used(templates, name, versions)


@functools.lru_cache(maxsize=32)
def _templates_used(
    templates: Path, name: str, versions: tuple[tuple[str, int], ...]
) -> tuple[str, ...]:
    """Parsed once per version of the templates folder (``versions``: names and mtimes), so
    a long build does not parse the templates once per document, and --watch still sees
    an edited template."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True)
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        source = (templates / current).read_text(encoding="utf-8")
        pending += [t for t in meta.find_referenced_templates(env.parse(source)) if t]
    own = name.removesuffix(".html") + ".css"
    own_css = (own,) if (templates / own).is_file() else ()
    return (*sorted(seen), *STYLESHEETS, *own_css)
