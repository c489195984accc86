"""HTML rendering: escaping, the Markdown subset, QR codes, short URLs, brand colours."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from tests.pdf_facts import link_uris, text_of
from toolkit.builder.pipeline import BuildSettings, build
from toolkit.content.models import short_url
from toolkit.content.project import load_project
from toolkit.documents import DOCUMENT_KINDS, Job, Selection
from toolkit.rendering.html import markdown_inline, render_html
from toolkit.rendering.qr import qr_data_uri

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
HOSTILE = '<script>alert(1)</script> {{ 7*7 }} <img src="file:///etc/passwd">'


def test_markdown_subset_renders_emphasis_and_links() -> None:
    html = markdown_inline("*calm* and **clear**, see [help](https://report.cybertip.org)")
    assert html == (
        "<em>calm</em> and <strong>clear</strong>, see "
        '<a href="https://report.cybertip.org">help</a>'
    )


def test_markdown_escapes_raw_html_and_refuses_unsafe_links() -> None:
    assert markdown_inline("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert "href" not in markdown_inline("[x](javascript:alert(1))")
    assert "href" not in markdown_inline("[x](file:///etc/passwd)")


@pytest.mark.parametrize(
    ("url", "short"),
    [
        ("https://report.cybertip.org/", "report.cybertip.org"),
        ("https://www.missingkids.org/netsmartz", "missingkids.org/netsmartz"),
        ("http://example.org/a/", "example.org/a"),
    ],
)
def test_short_url(url: str, short: str) -> None:
    assert short_url(url) == short


def test_qr_code_is_vector_svg_with_quiet_zone() -> None:
    uri = qr_data_uri("https://report.cybertip.org")
    assert uri.startswith("data:image/svg+xml")
    assert "viewBox%3D%270%200%2037%2037%27" in uri  # 29 modules + 4 quiet modules each side


def test_hostile_content_prints_literally(content: Path, tmp_path: Path) -> None:
    topic_path = content / "topics/test-topic.yaml"
    topic = yaml.safe_load(topic_path.read_text())
    topic["what_it_is"] = HOSTILE
    topic_path.write_text(yaml.safe_dump(topic))
    settings = BuildSettings(
        content=content,
        out=tmp_path / "out",
        selection=Selection(brands=("default",), docs=("tip-sheet",), editions=("digital",)),
    )
    [document] = build(settings)
    pdf = tmp_path / "out" / document.path
    text = text_of(pdf)
    assert "<script>alert(1)</script> {{ 7*7 }}" in text
    assert "49" not in text.split()
    assert not any(uri.startswith("file:") for uri in link_uris(pdf))


def test_brand_colours_reach_the_stylesheet(content: Path) -> None:
    project = load_project(content)
    job = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "acme", "en")
    html = render_html(project, job, TEMPLATES, CREATED).html
    assert "--primary: #1E5B3A;" in html
    assert "--accent: #8A2B5E;" in html
    assert 'alt="Acme Family Center logo"' in html


def test_templates_fail_loudly_on_undefined_names(tmp_path: Path, content: Path) -> None:
    from toolkit.errors import RenderError

    (tmp_path / "tip_sheet.html").write_text("{{ no_such_thing }}")
    project = load_project(content)
    job = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "default", "en")
    with pytest.raises(RenderError) as error:
        render_html(project, job, tmp_path, CREATED)
    assert str(error.value) == "tip_sheet.html:1: 'no_such_thing' is undefined"


def test_passage_in_another_language_gets_a_lang_span_and_nothing_else() -> None:
    assert markdown_inline("Say [¿Estás bien?]{lang=es} too") == (
        'Say <span lang="es">¿Estás bien?</span> too'
    )
    assert markdown_inline('[x]{lang=es onclick="alert(1)"}') == '<span lang="es">x</span>'
    assert markdown_inline("[x]{style=color:red}") == "<span>x</span>"  # only lang is kept


def test_a_links_text_may_be_marked_as_another_language() -> None:
    assert markdown_inline("con [Take It Down](https://takeitdown.ncmec.org/es/){lang=en}.") == (
        'con <a href="https://takeitdown.ncmec.org/es/" lang="en">Take It Down</a>.'
    )
    assert markdown_inline("[x](https://example.org){onclick=x}") == (
        '<a href="https://example.org">x</a>'
    )


@pytest.mark.parametrize(
    ("lang", "set"),
    [
        ("en", 'Test <span class="tail">Source (undated)</span>'),
        ("es", 'Test Source <span class="tail">(sin fecha)</span>'),
    ],
)
def test_an_undated_figure_prints_undated_instead_of_a_year(
    content: Path, lang: str, set: str
) -> None:
    topic = content / "topics/test-topic.yaml"
    topic.write_text(topic.read_text().replace("year: 2024", "year: undated", 1))
    project = load_project(content)
    job = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "default", lang)
    html = render_html(project, job, TEMPLATES, CREATED).html
    assert f'<p class="figure-source">{set}</p>' in html  # last two words kept together
    assert f"<li>“42%”: {set}.</li>" in html


def _tip_sheet_html(content: Path, lang: str) -> str:
    job = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "default", lang)
    return render_html(load_project(content), job, TEMPLATES, CREATED).html


def test_sources_in_the_toolkits_language_are_marked_on_a_translated_sheet(
    content: Path,
) -> None:
    source = '<li data-src="content/topics/test-topic.yaml:45 sources[0]"'
    assert f"{source}>Test Publisher, <cite>Test Page</cite>,&nbsp;2026" in _tip_sheet_html(
        content, "en"
    )
    assert f'{source} lang="en">Test Publisher' in _tip_sheet_html(content, "es")
    topic = content / "topics/test-topic.yaml"
    topic.write_text(topic.read_text().replace("year: 2026", "year: 2026\n    language: es"))
    assert f'{source} lang="es">Test Publisher' in _tip_sheet_html(content, "en")
    assert f"{source}>Test Publisher" in _tip_sheet_html(content, "es")


def test_names_and_titles_may_mark_a_passage_in_another_language(content: Path) -> None:
    topic = content / "topics/test-topic.yaml"
    text = topic.read_text()
    text = text.replace("title: Example Guide", "title: '[Example Guide]{lang=en} (guía)'")
    text = text.replace("source: Test Source", "source: '[Test Source]{lang=en}'")
    topic.write_text(text)
    html = _tip_sheet_html(content, "es")
    assert '<strong><span lang="en">Example Guide</span> (guía)</strong>' in html
    assert (
        '<p class="figure-source"><span lang="en">Test Source</span>'
        '<span class="tail">, 2024</span></p>'
    ) in html


def test_an_episode_title_note_prints_under_its_title(content: Path) -> None:
    series = content / "series/test-series.yaml"
    text = series.read_text()
    assert "    title: First Episode\n" in text
    series.write_text(
        text.replace(
            "    title: First Episode\n",
            "    title: First Episode\n    title_note: Check the title before use.\n",
            1,
        )
    )
    job = Job(DOCUMENT_KINDS["episode-guide"], "test-series", "default", "en")
    html = render_html(load_project(content), job, TEMPLATES, CREATED).html
    title = html.index('<h2 class="episode-title">First Episode</h2>')
    note = html.index('<p class="episode-title-note"')
    assert html.index("Check the title before use.</p>", note) > note > title
