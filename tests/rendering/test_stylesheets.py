"""Stylesheets parsed once per process (rendering/stylesheets.py), checked on the PDFs."""

from __future__ import annotations

import io
from collections import OrderedDict
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader

from toolkit.documents import DOCUMENT_KINDS, Job
from toolkit.errors import RenderError
from toolkit.rendering import stylesheets
from toolkit.rendering.html import RenderedHtml
from toolkit.rendering.pdf import render_pdf

JOB = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "default", "en")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What WeasyPrint parsed into a CSS object, from our cache or its own link finder."""
    seen: list[str] = []
    original = weasyprint.CSS.__init__

    def counting(self: object, *args: object, **kwargs: object) -> None:
        seen.append(str(kwargs.get("string") or kwargs.get("url"))[:40])
        original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counting)
    monkeypatch.setattr(stylesheets, "_GROUPS", OrderedDict())
    return seen


def _page(folder: Path, head: str, body: str = "<p class='x'>Hello there</p>") -> RenderedHtml:
    html = f"<!doctype html><html lang='en'><title>T</title>{head}<body>{body}</body></html>"
    return RenderedHtml(html, folder, (folder.resolve(),))


def _widths(pdf: bytes) -> list[float]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [float(page.mediabox.width), float(page.mediabox.height)]


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_a_second_document_with_the_same_sheets_parses_nothing(
    tmp_path: Path, parses: list[str]
) -> None:
    (tmp_path / "print.css").write_text("@page { size: A5 } .x { color: #123456 }")
    page = _page(tmp_path, "<link rel='stylesheet' href='print.css'><style>p { margin: 0 }</style>")
    first = render_pdf(page, JOB)
    assert len(parses) == 2
    second = render_pdf(page, JOB)
    assert len(parses) == 2
    assert first == second
    assert _widths(second) == pytest.approx([419.5, 595.3], abs=0.1)


def test_the_cached_sheets_make_the_same_pdf_as_weasyprint_parsing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.css").write_text("p { font-size: 20pt } .x { font-size: 9pt }")
    (tmp_path / "b.css").write_text("p { font-size: 30pt; color: #f00 }")
    page = _page(
        tmp_path,
        "<link rel='stylesheet' href='a.css'><style>.x { color: #00f }</style>"
        "<link rel='stylesheet' href='b.css'>",
    )
    cached = render_pdf(page, JOB)
    monkeypatch.setattr("toolkit.rendering.pdf.render_options", lambda html, roots, logged: {})
    assert render_pdf(page, JOB) == cached


def test_an_edited_stylesheet_is_read_again(tmp_path: Path, parses: list[str]) -> None:
    sheet = tmp_path / "print.css"
    sheet.write_text("@page { size: A5 }")
    page = _page(tmp_path, "<link rel='stylesheet' href='print.css'>")
    render_pdf(page, JOB)
    sheet.write_text("@page { size: A6 }")
    assert _widths(render_pdf(page, JOB)) == pytest.approx([297.6, 419.5], abs=0.1)
    assert len(parses) == 2


def test_a_stylesheet_warning_fails_every_document_not_only_the_first(
    tmp_path: Path, parses: list[str]
) -> None:
    (tmp_path / "brand.css").write_text("p { colour: red }")
    page = _page(tmp_path, "<link rel='stylesheet' href='brand.css'>")
    for _ in range(2):
        with pytest.raises(RenderError) as caught:
            render_pdf(page, JOB)
        assert [str(problem) for problem in caught.value.problems] == [
            "default/en/tip-sheets/test-topic.pdf: WeasyPrint: Ignored `colour: red ` at 1:5, "
            "unknown property."
        ]


def test_documents_with_other_sheets_get_their_own_fonts(tmp_path: Path) -> None:
    page_a = _page(tmp_path, "<style>p { color: #111 }</style>")
    page_b = _page(tmp_path, "<style>p { color: #222 }</style>")
    html_a, html_b = (
        weasyprint.HTML(string=page.html, base_url=str(tmp_path)) for page in (page_a, page_b)
    )
    options_a = stylesheets.render_options(html_a, page_a.allowed_roots, [])
    options_b = stylesheets.render_options(html_b, page_b.allowed_roots, [])
    again = stylesheets.render_options(
        weasyprint.HTML(string=page_a.html, base_url=str(tmp_path)), page_a.allowed_roots, []
    )
    assert options_a["font_config"] is not options_b["font_config"]
    assert again["font_config"] is options_a["font_config"]
    assert again["stylesheets"] is options_a["stylesheets"]


def test_a_document_with_a_media_attribute_is_left_to_weasyprint(
    tmp_path: Path, parses: list[str]
) -> None:
    page = _page(
        tmp_path,
        "<style>.x { color: #00f }</style><style media='screen'>.x { display: none }</style>",
    )
    for _ in range(2):
        assert "Hello there" in _text(render_pdf(page, JOB))
    assert len(parses) == 2  # WeasyPrint read the print sheet itself, for each document


def test_a_link_outside_the_allowed_folders_is_refused_as_before(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (tmp_path / "secret.css").write_text("p { color: red }")
    page = _page(folder, f"<link rel='stylesheet' href='{(tmp_path / 'secret.css').as_uri()}'>")
    with pytest.raises(RenderError, match="outside the content, brand and template folders"):
        render_pdf(page, JOB)


def test_a_stylesheet_saved_with_a_byte_order_mark_applies_its_first_rule(
    tmp_path: Path,
) -> None:
    (tmp_path / "brand.css").write_bytes("\ufeff@page { size: A6 }".encode())
    page = _page(tmp_path, "<link rel='stylesheet' href='brand.css'>")
    assert _widths(render_pdf(page, JOB)) == pytest.approx([297.6, 419.5], abs=0.1)


def test_a_replaced_font_is_loaded_again(tmp_path: Path, parses: list[str]) -> None:
    """The key holds the files a sheet loads while it is parsed, not only its text."""
    from toolkit.assets.fonts import font_folder
    from toolkit.rendering.stylesheets import _GROUPS

    font = tmp_path / "brand.ttf"
    font.write_bytes((font_folder() / "Lato-Thin.ttf").read_bytes())
    head = "<style>@font-face { font-family: B; src: url(brand.ttf) }</style>"
    page = _page(tmp_path, head)
    html = weasyprint.HTML(string=page.html, base_url=str(tmp_path) + "/")
    stylesheets.render_options(html, page.allowed_roots, [])
    font.write_bytes((font_folder() / "Lato-Black.ttf").read_bytes())
    html = weasyprint.HTML(string=page.html, base_url=str(tmp_path) + "/")
    stylesheets.render_options(html, page.allowed_roots, [])
    assert len(_GROUPS) == 2


@pytest.mark.parametrize(
    "link",
    [
        "<link rel='stylesheet' href='notes.txt'>",  # WeasyPrint refuses it: not CSS
        "<link rel='alternate stylesheet' href='print.css'>",  # WeasyPrint skips it
    ],
)
def test_links_weasyprint_would_not_apply_are_left_to_it(tmp_path: Path, link: str) -> None:
    (tmp_path / "notes.txt").write_text("@page { size: A6 }")
    (tmp_path / "print.css").write_text("@page { size: A6 }")
    html = weasyprint.HTML(string=_page(tmp_path, link).html, base_url=str(tmp_path) + "/")
    assert stylesheets.render_options(html, (tmp_path.resolve(),), []) == {}
