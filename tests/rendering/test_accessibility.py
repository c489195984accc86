"""Every digital PDF is tagged PDF/UA-1 with the facts a screen reader and a checker need."""

from __future__ import annotations

import itertools
from pathlib import Path

import pikepdf
import pytest

from tests.builder.test_build import EXPECTED_FILES, Built
from tests.pdf_facts import structure_elements, text_of

DIGITAL = sorted(name for name in EXPECTED_FILES if not name.endswith(".print.pdf"))


@pytest.mark.parametrize("name", DIGITAL)
def test_pdf_ua_essentials(built: Built, name: str) -> None:
    with pikepdf.open(built[0] / name) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "en"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title)
        with pdf.open_metadata() as xmp:
            assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
        nodes = structure_elements(root.StructTreeRoot.K)
        figures = [n for n in nodes if n.S == "/Figure"]
        assert figures, "QR codes and logos should be tagged figures"
        assert all(str(f.get("/Alt", "")).strip() for f in figures)
        headings = [str(n.S) for n in nodes if str(n.S) in {"/H1", "/H2", "/H3"}]
        assert headings


@pytest.mark.parametrize("name", sorted(EXPECTED_FILES))
def test_fonts_embedded_with_unicode_maps_and_no_scripts_or_attachments(
    built: Built, name: str
) -> None:
    path: Path = built[0] / name
    with pikepdf.open(path) as pdf:
        assert "/Names" not in pdf.Root or "/EmbeddedFiles" not in pdf.Root.Names
        assert "/Names" not in pdf.Root or "/JavaScript" not in pdf.Root.Names
        assert "/OpenAction" not in pdf.Root
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type0":
                assert "/ToUnicode" in obj, obj.BaseFont
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/JavaScript":
                pytest.fail("JavaScript action found")


def test_metadata_subject_is_plain_text(built: Built) -> None:
    with pikepdf.open(built[0] / "acme/en/tip-sheets/test-topic.pdf") as pdf:
        assert str(pdf.docinfo.Subject) == "A topic used by the test suite."


@pytest.mark.parametrize("name", DIGITAL)
def test_headings_never_skip_a_level(built: Built, name: str) -> None:
    with pikepdf.open(built[0] / name) as pdf:
        kinds = [str(node.S) for node in structure_elements(pdf.Root.StructTreeRoot.K)]
    levels = [int(kind[2]) for kind in kinds if kind in {"/H1", "/H2", "/H3", "/H4"}]
    assert levels[0] == 1
    for previous, level in itertools.pairwise(levels):
        assert level <= previous + 1, levels


PAINTING = {"f", "f*", "F", "B", "B*", "b", "b*", "S", "s", "Tj", "TJ", "'", '"', "Do", "sh"}


def _marked_content(page: pikepdf.Page) -> tuple[set[int], int, int]:
    """MCIDs used on the page, painting operators inside /Artifact, and painting operators
    outside any marked content."""
    stack: list[pikepdf.Object] = []
    mcids: set[int] = set()
    artifacts = untagged = 0
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in {"BDC", "BMC"}:
            stack.append(operands[0])
            properties = operands[1] if name == "BDC" else None
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                mcids.add(int(properties.MCID))
        elif name == "EMC":
            stack.pop()
        elif name in PAINTING:
            if not stack:
                untagged += 1
            elif any(str(tag) == "/Artifact" for tag in stack):
                artifacts += 1
    return mcids, artifacts, untagged


@pytest.mark.parametrize("name", DIGITAL)
def test_decoration_is_an_artifact_and_everything_else_is_tagged(built: Built, name: str) -> None:
    """PDF/UA 7.1: content is either real content in the tag tree, or an artifact."""
    with pikepdf.open(built[0] / name) as pdf:
        tagged = {
            int(kid)
            for node in structure_elements(pdf.Root.StructTreeRoot.K)
            for kid in (node.K if isinstance(node.get("/K"), pikepdf.Array) else [node.get("/K")])
            if isinstance(kid, int)
        }
        artifacts = 0
        for page in pdf.pages:
            mcids, page_artifacts, untagged = _marked_content(page)
            assert untagged == 0, f"untagged painting on a page of {name}"
            assert mcids <= tagged, f"marked content missing from the tag tree in {name}"
            artifacts += page_artifacts
        assert artifacts > 0  # backgrounds, bands and rules are marked as decoration
        assert tagged  # and the text is in the structure tree


def test_a_passage_in_another_language_carries_its_lang(content: Path, tmp_path: Path) -> None:
    from toolkit.builder.pipeline import BuildSettings, build
    from toolkit.documents import Selection

    topic = content / "topics/test-topic.yaml"
    topic.write_text(
        topic.read_text().replace(
            "  - First warning sign.", '  - "First sign: [te quiero mucho]{lang=es}."', 1
        )
    )
    selection = Selection(brands=("default",), docs=("tip-sheet",), editions=("digital",))
    build(BuildSettings(content=content, out=tmp_path, selection=selection))
    with pikepdf.open(tmp_path / "default/en/tip-sheets/test-topic.pdf") as pdf:
        nodes = structure_elements(pdf.Root.StructTreeRoot.K)
        spanish = [node for node in nodes if str(node.get("/Lang", "")) == "es"]
        assert [str(node.S) for node in spanish] == ["/Span"]
        assert str(pdf.Root.Lang) == "en"


def _annotations(path: Path) -> list[pikepdf.Dictionary]:
    with pikepdf.open(path) as pdf:
        return [dict(a.items()) for page in pdf.pages for a in page.get("/Annots", [])]


def test_a_link_with_styled_words_has_one_annotation_named_by_its_text(
    content: Path, tmp_path: Path
) -> None:
    """A ``<strong>`` or an address inside a link gave WeasyPrint's second annotation, under
    a Span: two tab stops for one link (PDF/UA-1 7.18.5)."""
    from toolkit.builder.pipeline import BuildSettings, build
    from toolkit.checks.accessibility import audit_pdf
    from toolkit.documents import Selection

    topic = content / "topics/test-topic.yaml"
    topic.write_text(
        topic.read_text().replace(
            "  - First warning sign.",
            '  - "Go to [**Report** it at report.cybertip.org](https://report.cybertip.org/x)."',
            1,
        )
    )
    selection = Selection(brands=("default",), docs=("tip-sheet",), editions=("digital",))
    build(BuildSettings(content=content, out=tmp_path, selection=selection))
    path = tmp_path / "default/en/tip-sheets/test-topic.pdf"
    links = [
        a for a in _annotations(path) if str(a["/A"].get("/URI")) == "https://report.cybertip.org/x"
    ]
    assert [str(link["/Contents"]) for link in links] == ["Report it at report.cybertip.org"]
    assert audit_pdf(path) == []


def test_footer_links_leave_no_annotation_and_the_contact_is_read_once(built: Built) -> None:
    """The running footer is an artifact: its links' annotations hung outside the tag tree,
    and its phone, e-mail and web address were never read. Now the tip sheet's header says
    them once, as tagged text with links."""
    from toolkit.checks.accessibility import audit_pdf, tagged_text

    path = built[0] / "acme/en/tip-sheets/test-topic.pdf"
    assert audit_pdf(path) == []
    text = tagged_text(path)
    for detail in ("555-0100", "help@example.org", "example.org/acme"):
        assert text.count(detail) == 1, detail
    uris = [str(a["/A"]["/URI"]) for a in _annotations(path) if "/A" in a]
    assert uris.count("mailto:help@example.org") == 1
    assert uris.count("https://example.org/acme") == 1


def test_booklet_contents_is_a_table_of_contents(built: Built) -> None:
    """TOC > TOCI, one link per entry named by its title, leaders drawn (not text)."""
    from toolkit.checks.accessibility import tagged_text

    path = built[0] / "acme/en/episode-guides/test-series.pdf"
    with pikepdf.open(path) as pdf:
        nodes = structure_elements(pdf.Root.StructTreeRoot.K)
        (toc,) = [node for node in nodes if node.S == "/TOC"]
        entries = list(toc.K)
        assert [str(entry.S) for entry in entries] == ["/TOCI"] * 4
        internal = [a for page in pdf.pages for a in page.get("/Annots", []) if "/Dest" in a]
        assert [str(a.Contents) for a in internal] == [
            "How to use this guide",
            "1. First Episode",
            "2. Second Episode",
            "Where to get help",
        ]
    assert "..." not in text_of(path)
    assert "How to use this guide 2 1. First Episode 4" in tagged_text(path)


def test_a_title_in_another_language_carries_its_lang(content: Path, tmp_path: Path) -> None:
    """WCAG 3.1.2: a source, resource, help service or video title in another language than
    the document says so (a source's ``language``, a title's ``title_lang``, a name's
    Markdown ``[name]{lang=..}``)."""
    from toolkit.builder.pipeline import BuildSettings, build
    from toolkit.documents import Selection

    topic = content / "topics/test-topic.yaml"
    topic.write_text(
        topic.read_text()
        .replace("  - title: Test Page\n", "  - title: Una página\n    language: es\n")
        .replace("  - title: Example Guide\n", "  - title: Example Guide\n    title_lang: fr\n")
    )
    series = content / "series/test-series.yaml"
    series.write_text(
        series.read_text().replace(
            "    title: First Episode\n", "    title: First Episode\n    title_lang: de\n", 1
        )
    )
    toolkit = content / "toolkit.yaml"
    toolkit.write_text(
        toolkit.read_text().replace(
            "  - name: Take It Down\n", '  - name: "[Take It Down]{lang=it}"\n'
        )
    )
    selection = Selection(
        brands=("default",), editions=("digital",), docs=("tip-sheet", "episode-guide")
    )
    build(BuildSettings(content=content, out=tmp_path, selection=selection))
    with pikepdf.open(tmp_path / "default/en/tip-sheets/test-topic.pdf") as pdf:
        langs = {str(n.Lang) for n in structure_elements(pdf.Root.StructTreeRoot.K) if "/Lang" in n}
    assert langs == {"es", "fr", "it"}
    with pikepdf.open(tmp_path / "default/en/episode-guides/test-series.pdf") as pdf:
        tagged = [
            (str(n.S), str(n.Lang))
            for n in structure_elements(pdf.Root.StructTreeRoot.K)
            if "/Lang" in n
        ]
    assert ("/H2", "de") in tagged  # the episode's heading
    assert ("/Link", "de") in tagged  # and its entry in the contents
