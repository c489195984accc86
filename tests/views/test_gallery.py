"""Tests for ``toolkit.views.gallery``: the index page, its thumbnails and links, and the server."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from toolkit.builder.pipeline import BuiltDocument
from toolkit.errors import ToolkitError
from toolkit.views import gallery
from toolkit.views.gallery import human_size, is_loopback, make_server, print_path, write_gallery

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
Built = tuple[Path, list[BuiltDocument]]


class GalleryPage(HTMLParser):
    """The parts of ``index.html`` the tests look at: cards, their images and links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.cards: list[dict[str, str | None]] = []
        self.images: list[dict[str, str | None]] = []
        self.links: list[dict[str, str | None]] = []
        self.forms: list[dict[str, str | None]] = []
        self.scripts = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "li" and "card" in (found.get("class") or "").split():
            self.cards.append(found)
        collected = {"img": self.images, "a": self.links, "form": self.forms}.get(tag)
        if collected is not None:
            collected.append(found | {"card": str(len(self.cards) - 1)})
        self.scripts += tag == "script"

    def card_links(self, card: int) -> list[str]:
        return [str(a["href"]) for a in self.links if a["card"] == str(card)]


@pytest.fixture
def out(built: Built, tmp_path: Path) -> Path:
    """A private copy of the session's built fixture output (both brands)."""
    target = tmp_path / "out"
    shutil.copytree(built[0], target)
    return target


@pytest.fixture
def page(out: Path) -> GalleryPage:
    return GalleryPage(write_gallery(out, TEMPLATES).read_text(encoding="utf-8"))


def _digital(built: Built) -> list[BuiltDocument]:
    return [doc for doc in built[1] if doc.edition == "digital"]


def test_index_has_one_card_per_digital_pdf(built: Built, out: Path, page: GalleryPage) -> None:
    assert (out / "index.html").is_file()
    hrefs = {page.card_links(i)[0] for i in range(len(page.cards))}
    assert hrefs == {doc.path for doc in _digital(built)}
    assert len(page.cards) == len(_digital(built)) == 6


def test_cards_carry_the_filter_attributes(built: Built, page: GalleryPage) -> None:
    facts = {(c["data-brand"], c["data-language"], c["data-kind"]) for c in page.cards}
    assert facts == {(doc.brand, doc.language, doc.kind) for doc in _digital(built)}


def test_every_link_is_relative_and_its_target_exists(out: Path, page: GalleryPage) -> None:
    targets = [str(a["href"]) for a in page.links if str(a["href"]).endswith(".pdf")]
    assert len(targets) == 12
    for href in targets:
        assert not href.startswith(("/", "http:", "https:", "file:")), href
        assert (out / href).is_file(), href


def test_every_card_links_to_its_print_edition(page: GalleryPage) -> None:
    for index in range(len(page.cards)):
        digital, printed = page.card_links(index)
        assert printed == print_path(digital) == digital.removesuffix(".pdf") + ".print.pdf"


def test_thumbnails_are_pngs_240_px_wide(out: Path, page: GalleryPage) -> None:
    assert len(page.images) == len(page.cards)
    for image in page.images:
        path = out / str(image["src"])
        assert path.is_file(), path
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(path) as png:
            assert png.size == (240, int(str(image["height"])))
        assert image["width"] == "240"


def test_thumbnails_have_alt_text(page: GalleryPage) -> None:
    alts = {str(image["alt"]) for image in page.images}
    assert "First page of the parent tip sheet 'Test Topic', acme, English" in alts
    assert "First page of the youth key-message cards 'Test Topic', default, English" in alts
    assert "First page of the episode guide 'Test Series', acme, English" in alts
    assert len(alts) == 6


def test_without_javascript_every_card_shows(page: GalleryPage) -> None:
    """The filters are hidden until the script shows them; no card starts hidden."""
    assert [form.get("id") for form in page.forms] == ["filters"]
    assert "hidden" in page.forms[0]
    assert all("hidden" not in card for card in page.cards)


def test_page_shows_sizes_and_counts(out: Path) -> None:
    html = write_gallery(out, TEMPLATES).read_text(encoding="utf-8")
    assert "6 documents (" in html
    assert "6 print editions" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert " KB</dd>" in html


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (43_079, "42 KB"),
        (3_500_000, "3.3 MB"),
    ],
)
def test_human_size(size: int, shown: str) -> None:
    assert human_size(size) == shown


def test_second_run_is_byte_identical_and_draws_nothing(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_gallery(out, TEMPLATES).read_bytes()
    pngs = {p: p.read_bytes() for p in (out / "thumbnails").rglob("*.png")}
    stamps = {p: p.stat().st_mtime_ns for p in pngs}
    drawn = _count_drawings(monkeypatch, out)
    assert write_gallery(out, TEMPLATES).read_bytes() == first
    assert drawn == []
    assert {p: p.stat().st_mtime_ns for p in pngs} == stamps


def test_thumbnails_are_deterministic(out: Path) -> None:
    write_gallery(out, TEMPLATES)
    pngs = {p: p.read_bytes() for p in (out / "thumbnails").rglob("*.png")}
    shutil.rmtree(out / "thumbnails")
    write_gallery(out, TEMPLATES)
    assert {p: p.read_bytes() for p in (out / "thumbnails").rglob("*.png")} == pngs


def test_only_changed_pdfs_are_drawn_again(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_gallery(out, TEMPLATES)
    manifest = out / "acme" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    changed = next(d for d in data["documents"] if d["kind"] == "tip-sheet")
    changed["sha256"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    (out / "thumbnails/default/en/youth-cards/test-topic.png").unlink()
    drawn = _count_drawings(monkeypatch, out)
    write_gallery(out, TEMPLATES)
    assert sorted(drawn) == [changed["path"], "default/en/youth-cards/test-topic.pdf"]


def test_thumbnails_of_removed_pdfs_are_deleted(out: Path) -> None:
    write_gallery(out, TEMPLATES)
    manifest = out / "acme" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if d["kind"] != "episode-guide"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    page = GalleryPage(write_gallery(out, TEMPLATES).read_text(encoding="utf-8"))
    assert len(page.cards) == 5
    assert not (out / "thumbnails/acme/en/episode-guides/test-series.png").exists()
    assert (out / "thumbnails/default/en/episode-guides/test-series.png").is_file()


def _count_drawings(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    """The PDFs (paths relative to ``out``) whose thumbnails get drawn from now on."""
    drawn: list[str] = []
    real = gallery.render_thumbnail

    def counting(pdf: Path, png: Path, sha256: str) -> gallery.Thumbnail:
        drawn.append(pdf.relative_to(out).as_posix())
        return real(pdf, png, sha256)

    monkeypatch.setattr(gallery, "render_thumbnail", counting)
    return drawn


def test_print_link_only_when_the_print_edition_was_built(out: Path) -> None:
    manifest = out / "acme" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if d["edition"] == "digital"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    page = GalleryPage(write_gallery(out, TEMPLATES).read_text(encoding="utf-8"))
    for index, card in enumerate(page.cards):
        expected = 1 if card["data-brand"] == "acme" else 2
        assert len(page.card_links(index)) == expected


def test_names_from_manifest_and_pdf_are_escaped(built: Built, tmp_path: Path) -> None:
    """A brand or organization name with markup is shown as text, never run."""
    out = tmp_path / "out"
    hostile = "<script>alert(1)</script>"
    source = built[0] / "acme/en/tip-sheets/test-topic.pdf"
    pdf = out / "evil/en/tip-sheets/test-topic.pdf"
    pdf.parent.mkdir(parents=True)
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.add_metadata({"/Title": '"><img src=x onerror=alert(2)>: Parent tip sheet'})
    writer.add_metadata({"/Author": hostile})
    writer.write(pdf)
    entry = {
        "path": "evil/en/tip-sheets/test-topic.pdf",
        "kind": "tip-sheet",
        "edition": "digital",
        "subject": "test-topic",
        "brand": hostile,
        "language": '" onmouseover="alert(3)',
        "pages": 2,
        "bytes": pdf.stat().st_size,
        "sha256": "f" * 64,
    }
    (out / "evil" / "manifest.json").write_text(json.dumps({"documents": [entry]}))
    html = write_gallery(out, TEMPLATES).read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'onmouseover="' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = GalleryPage(html)
    assert page.scripts == 1  # only the filter script
    assert page.cards[0]["data-brand"] == hostile
    assert page.images[0]["alt"] == (
        f"First page of the parent tip sheet '\"><img src=x onerror=alert(2)>', {hostile}, "
        '" onmouseover="alert(3)'
    )


def test_a_broken_manifest_is_reported(tmp_path: Path) -> None:
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "manifest.json").write_text("{not json")
    with pytest.raises(ToolkitError, match=r"acme/manifest.json: not a readable manifest"):
        write_gallery(tmp_path, TEMPLATES)


def test_a_manifest_path_outside_the_output_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "acme").mkdir()
    entry: dict[str, object] = {"path": "../secret.pdf", "kind": "tip-sheet", "edition": "digital"}
    entry |= {"subject": "x", "brand": "acme", "language": "en", "pages": 1, "bytes": 1}
    entry |= {"sha256": "0"}
    (tmp_path / "acme" / "manifest.json").write_text(json.dumps({"documents": [entry]}))
    with pytest.raises(ToolkitError, match="leaves the output folder"):
        write_gallery(tmp_path, TEMPLATES)


def test_a_pdf_that_cannot_be_drawn_is_reported(out: Path) -> None:
    (out / "acme/en/tip-sheets/test-topic.pdf").write_bytes(b"not a PDF")
    with pytest.raises(ToolkitError, match=r"test-topic.pdf: cannot draw its first page"):
        write_gallery(out, TEMPLATES)


def test_an_empty_output_folder_gives_an_empty_gallery(tmp_path: Path) -> None:
    page = GalleryPage(write_gallery(tmp_path, TEMPLATES).read_text(encoding="utf-8"))
    assert page.cards == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_are_allowed(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org", ""])
def test_other_hosts_are_refused(tmp_path: Path, host: str) -> None:
    with pytest.raises(ValueError, match="only loopback addresses are allowed"):
        make_server(tmp_path, 0, host)


@pytest.fixture
def served(out: Path) -> Iterator[str]:
    write_gallery(out, TEMPLATES)
    server = make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_server_serves_the_gallery_and_the_pdfs(served: str) -> None:
    with urllib.request.urlopen(served) as response:  # the folder's index.html
        assert response.status == 200
        assert b"Online-safety toolkit" in response.read()
    with urllib.request.urlopen(served + "acme/en/tip-sheets/test-topic.pdf") as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"
