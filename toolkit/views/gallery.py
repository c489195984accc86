"""The gallery: the built PDFs in, one browsable ``index.html`` with thumbnails out.

Takes in: an output folder (every ``<out>/<brand>/manifest.json`` and the PDFs it lists) and
the templates folder (``gallery.html``).
Gives out: ``<out>/thumbnails/<pdf path>.png``, page 1 of each digital PDF 240 px wide, redrawn
only when the PDF's sha256 changes (``thumbnails/thumbnails.json`` remembers which), and
``<out>/index.html``: one card per digital PDF with its facts, filters by brand, language and
kind, and relative links to the PDF and its print edition, so it works from ``file://``.
``serve`` shows the same folder over HTTP, on the loopback interface only, and only the
gallery, its thumbnails and the PDFs: no folder listings, no cache or manifest, and no
request whose Host is not this machine (a web page cannot reach it by DNS rebinding).
"""

from __future__ import annotations

import functools
import io
import ipaddress
import json
import os
import socket
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]

from toolkit.documents import DOCUMENT_KINDS
from toolkit.errors import ToolkitError
from toolkit.files import write_atomic
from toolkit.rendering.html import make_environment

THUMBNAIL_WIDTH = 240
THUMBNAILS = "thumbnails"
SIDECAR = "thumbnails.json"
LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ht": "Haitian Creole",
    "it": "Italian",
    "ko": "Korean",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "so": "Somali",
    "tl": "Tagalog",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
"""English names for the languages a toolkit is likely to be translated into."""


@dataclass(frozen=True)
class Entry:
    """The manifest facts the gallery shows about one PDF."""

    path: str
    kind: str
    edition: str
    subject: str
    brand: str
    language: str
    pages: int
    bytes: int
    sha256: str
    paper: str = ""
    title: str = ""


@dataclass(frozen=True)
class Thumbnail:
    """A rendered first page, and what the PDF said about itself when it was drawn."""

    sha256: str
    width: int
    height: int
    title: str
    organization: str


@dataclass(frozen=True)
class Card:
    """Everything one gallery card shows; the template only places it."""

    entry: Entry
    title: str
    organization: str
    kind_title: str
    language_name: str
    size: str
    pdf_href: str
    print_href: str | None
    print_size: str | None
    thumbnail: Thumbnail
    thumbnail_href: str
    alt: str


def write_gallery(out: Path, templates: Path) -> Path:
    """Draw missing or outdated thumbnails, then write ``<out>/index.html`` and return it."""
    entries = read_manifests(out)
    digital = [e for e in entries if e.edition == "digital" and (out / e.path).is_file()]
    thumbnails = update_thumbnails(out, digital)
    by_path = {entry.path: entry for entry in entries}
    cards = sorted(
        (make_card(entry, thumbnails[entry.path], by_path, out) for entry in digital),
        key=_card_order,
    )
    index = out / "index.html"
    write_atomic(index, render_gallery(templates, cards).encode("utf-8"))
    return index


def read_manifests(out: Path) -> list[Entry]:
    """Every document listed in ``<out>/*/manifest.json``, in a stable order."""
    entries: list[Entry] = []
    for manifest in sorted(out.glob("*/manifest.json")):
        try:
            documents = json.loads(manifest.read_text(encoding="utf-8"))["documents"]
            entries += [_entry(document) for document in documents]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ToolkitError(f"{manifest}: not a readable manifest ({error!r})") from None
    return entries


def _entry(document: dict[str, Any]) -> Entry:
    fields = Entry.__dataclass_fields__
    entry = Entry(**{key: value for key, value in document.items() if key in fields})
    if PurePosixPath(entry.path).is_absolute() or ".." in PurePosixPath(entry.path).parts:
        raise ValueError(f"path {entry.path!r} leaves the output folder")
    return entry


def update_thumbnails(out: Path, entries: list[Entry]) -> dict[str, Thumbnail]:
    """Each entry's thumbnail, drawing only those whose PDF changed since the last run."""
    folder = out / THUMBNAILS
    known = _read_sidecar(folder / SIDECAR)
    current = {entry.path: _thumbnail(out, entry, known.get(entry.path)) for entry in entries}
    _remove_stale(folder, {out / thumbnail_path(path) for path in current})
    if current != known:
        text = json.dumps({k: asdict(v) for k, v in current.items()}, indent=2, sort_keys=True)
        write_atomic(folder / SIDECAR, (text + "\n").encode("utf-8"))
    return current


def thumbnail_path(path: str) -> str:
    """Where the thumbnail of the PDF at ``path`` goes, relative to the output folder."""
    return str(PurePosixPath(THUMBNAILS, path).with_suffix(".png"))


def _thumbnail(out: Path, entry: Entry, old: Thumbnail | None) -> Thumbnail:
    png = out / thumbnail_path(entry.path)
    if old is not None and old.sha256 == entry.sha256 and png.is_file():
        return old
    return render_thumbnail(out / entry.path, png, entry.sha256)


def _read_sidecar(path: Path) -> dict[str, Thumbnail]:
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        return {key: Thumbnail(**value) for key, value in recorded.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # no record, or an unreadable one: draw everything again


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """Thumbnails of PDFs that are no longer in any manifest."""
    for png in folder.rglob("*.png"):
        if png not in keep:
            png.unlink()


def render_thumbnail(pdf_path: Path, png: Path, sha256: str) -> Thumbnail:
    """Draw page 1 of ``pdf_path`` into ``png``, 240 px wide, and read the PDF's title."""
    try:
        document = pdfium.PdfDocument(pdf_path)
    except pdfium.PdfiumError as error:
        raise ToolkitError(f"{pdf_path}: cannot draw its first page ({error})") from None
    try:
        page = document[0]
        image = page.render(scale=THUMBNAIL_WIDTH / page.get_width()).to_pil()
        metadata: dict[str, str] = document.get_metadata_dict()
    finally:
        document.close()  # closes the page too
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    write_atomic(png, buffer.getvalue())
    width, height = image.size
    return Thumbnail(sha256, width, height, metadata.get("Title", ""), metadata.get("Author", ""))


def make_card(entry: Entry, thumbnail: Thumbnail, by_path: dict[str, Entry], out: Path) -> Card:
    """What one card says: title, kind, brand, language, pages, sizes and links."""
    kind = DOCUMENT_KINDS.get(entry.kind)
    kind_title = kind.title if kind else entry.kind.replace("-", " ").capitalize()
    title = entry.title or _title_from_pdf(thumbnail.title, kind_title) or _humanize(entry.subject)
    language_name = LANGUAGES.get(entry.language.split("-")[0].lower(), entry.language)
    print_entry = by_path.get(print_path(entry.path))
    if print_entry and not (out / print_entry.path).is_file():
        print_entry = None
    return Card(
        entry=entry,
        title=title,
        organization=thumbnail.organization,
        kind_title=kind_title,
        language_name=language_name,
        size=human_size(entry.bytes),
        pdf_href=_href(entry.path),
        print_href=_href(print_entry.path) if print_entry else None,
        print_size=human_size(print_entry.bytes) if print_entry else None,
        thumbnail=thumbnail,
        thumbnail_href=_href(thumbnail_path(entry.path)),
        alt=f"First page of the {kind_title.lower()} '{title}', {entry.brand}, {language_name}",
    )


def print_path(path: str) -> str:
    """The print edition's path: ``x.pdf`` becomes ``x.print.pdf``."""
    return path.removesuffix(".pdf") + ".print.pdf"


def human_size(size: int) -> str:
    """``512 bytes``, ``42 KB``, ``1.3 MB``."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _title_from_pdf(pdf_title: str, kind_title: str) -> str:
    # The build titles every PDF "<topic or series title>: <kind title>".
    return pdf_title.removesuffix(f": {kind_title}")


def _humanize(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").title()


def _href(path: str) -> str:
    return quote(path, safe="/")


def _card_order(card: Card) -> tuple[str, str, int, str, str]:
    kinds = list(DOCUMENT_KINDS)
    kind_rank = kinds.index(card.entry.kind) if card.entry.kind in kinds else len(kinds)
    entry = card.entry
    return (entry.brand, entry.language, kind_rank, card.title.casefold(), entry.path)


def render_gallery(templates: Path, cards: list[Card]) -> str:
    """The gallery page: filters, totals and the cards, autoescaped."""
    template = make_environment(templates).get_template("gallery.html")
    return template.render(
        cards=cards,
        brands=_choices((c.entry.brand, c.entry.brand) for c in cards),
        languages=_choices((c.entry.language, c.language_name) for c in cards),
        kinds=_choices((c.entry.kind, c.kind_title) for c in cards),
        total_size=human_size(sum(card.entry.bytes for card in cards)),
        print_count=sum(1 for card in cards if card.print_href),
    )


def _choices(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Distinct ``(value, label)`` pairs, sorted by label: the options of one filter."""
    return sorted(dict(pairs).items(), key=lambda pair: (pair[1].casefold(), pair[0]))


class GalleryServer(ThreadingHTTPServer):
    """A threading HTTP server that does not print tracebacks for closed connections."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser stopped a download
            super().handle_error(request, client_address)


LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
"""Host header names ``serve`` answers to (with or without a port)."""


class GalleryRequestHandler(SimpleHTTPRequestHandler):
    """Serves ``index.html``, ``thumbnails/*.png`` and PDFs; everything else is 404, and a
    request for another host name is 403."""

    def do_GET(self) -> None:
        if self._allowed():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._allowed():
            super().do_HEAD()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "No folder listings here")
        return None

    def _allowed(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        if host.rsplit(":", 1)[0] not in LOCAL_HOSTS and host not in LOCAL_HOSTS:
            self.send_error(HTTPStatus.FORBIDDEN, "Only http://localhost or 127.0.0.1")
            return False
        if not _servable(Path(self.directory), unquote(urlsplit(self.path).path)):
            self.send_error(HTTPStatus.NOT_FOUND)
            return False
        return True


def _servable(root: Path, path: str) -> bool:
    """The gallery page, a thumbnail or a PDF, inside ``root`` once links are resolved."""
    parts = PurePosixPath(path).parts[1:]
    if any(part.startswith(".") for part in parts):
        return False  # .cache, hidden temporary files
    if parts in ((), ("index.html",)):
        return True
    wanted = (parts[0] == THUMBNAILS and path.endswith(".png")) or path.endswith(".pdf")
    target = root.joinpath(*parts).resolve()
    return wanted and target.is_file() and target.is_relative_to(root.resolve())


class _IPv6Server(GalleryServer):
    address_family = socket.AF_INET6


def make_server(out: Path, port: int = 8000, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """An HTTP server for ``out`` bound to a loopback address; ``port=0`` picks a free one."""
    if not is_loopback(host):
        raise ValueError(f"refusing to serve on {host!r}: only loopback addresses are allowed")
    if not out.is_dir():
        raise ToolkitError(f"{out} is not a folder; build the PDFs first")
    handler = functools.partial(GalleryRequestHandler, directory=str(out.resolve()))
    server_class = _IPv6Server if ":" in host else GalleryServer
    return server_class((host, port), handler)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and addresses in 127.0.0.0/8 or ``::1``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(out: Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve ``out`` until Ctrl+C, printing the gallery's address."""
    with make_server(out, port, host) as server:
        shown = f"[{host}]" if ":" in host else host
        print(f"Gallery at http://{shown}:{server.server_address[1]}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.")
