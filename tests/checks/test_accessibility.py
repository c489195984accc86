"""The accessibility audit: each check on a real tagged PDF, then broken one fault at a time.

The clean PDF is the fixture tip sheet or booklet as built; each fault is made with pikepdf
the way the audit found it in real files (an annotation outside the tree, a doubled link, a
skipped heading, a figure without alt, a TOCI outside its TOC, English text in a Spanish
document), so every check is shown to fire and to name the page and the object.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pikepdf
import pytest

from tests.builder.test_build import Built
from tests.pdf_facts import structure_elements
from toolkit.checks.accessibility import AuditError, Finding, audit_pdf
from toolkit.checks.languages import guess_language
from toolkit.cli import main

TIP_SHEET = "acme/en/tip-sheets/test-topic.pdf"
BOOKLET = "acme/en/episode-guides/test-series.pdf"


@contextmanager
def broken(built: Built, name: str, tmp_path: Path) -> Iterator[pikepdf.Pdf]:
    """A copy of a built PDF, opened for a test to break; saved when the block ends."""
    copy = tmp_path / Path(name).name
    shutil.copy(built[0] / name, copy)
    with pikepdf.open(copy, allow_overwriting_input=True) as pdf:
        yield pdf
        pdf.save(copy)


def elements(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Dictionary]:
    return [e for e in structure_elements(pdf.Root.StructTreeRoot.K) if role == e.S]


def messages(path: Path) -> list[str]:
    """The findings as printed, object numbers left out (saving a PDF renumbers them)."""
    return [re.sub(r"\b\d+ 0 R\b", "N 0 R", str(finding)) for finding in audit_pdf(path)]


@pytest.mark.parametrize("name", [TIP_SHEET, BOOKLET, "default/en/youth-cards/test-topic.pdf"])
def test_the_built_documents_pass(built: Built, name: str) -> None:
    assert audit_pdf(built[0] / name) == []


def test_an_annotation_outside_the_tree_is_found(built: Built, tmp_path: Path) -> None:
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        link = elements(pdf, "/Link")[0]
        annotation = next(k for k in link.K if isinstance(k, pikepdf.Dictionary)).Obj
        link.K = pikepdf.Array([k for k in link.K if not isinstance(k, pikepdf.Dictionary)])
        page = next(n for n, p in enumerate(pdf.pages, 1) if annotation in list(p.Annots))
    assert messages(tmp_path / "test-topic.pdf") == [
        f"page {page}: Link annotation N 0 R: not reached from the structure tree through an OBJR"
    ]


def test_a_second_annotation_for_one_link_is_found(built: Built, tmp_path: Path) -> None:
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        page = pdf.pages[1]
        first = page.Annots[0]
        second = pdf.make_indirect(pikepdf.Dictionary(dict(first.items())))
        page.Annots.append(second)
        uri = str(first.A.URI)
    found = messages(tmp_path / "test-topic.pdf")
    assert f"page 2: Link annotation N 0 R: a second annotation for one link to {uri}" in (found)


def test_a_link_must_say_where_it_goes(built: Built, tmp_path: Path) -> None:
    with broken(built, BOOKLET, tmp_path) as pdf:
        first, second = [a for p in pdf.pages for a in p.get("/Annots", []) if "/Dest" in a][:2]
        del first["/Contents"]
        second.Contents = pikepdf.String(str(second.Dest))
        dest = str(second.Dest)
    found = [m.split(": ", 1)[1] for m in messages(tmp_path / "test-series.pdf")]
    assert found == [
        "Link annotation N 0 R: no /Contents describing the link",
        f"Link annotation N 0 R: /Contents is the anchor “{dest}”, not a description",
    ]


def test_painting_outside_tags_and_artifacts_is_found(built: Built, tmp_path: Path) -> None:
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"0 0 10 10 re f"), prepend=False)
    assert messages(tmp_path / "test-topic.pdf") == [
        "page 1: page N 0 R content: 1 painting operator(s) neither tagged nor an artifact"
    ]


def test_headings_that_skip_a_level_are_found(built: Built, tmp_path: Path) -> None:
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        heading = elements(pdf, "/H2")[0]
        heading.S = pikepdf.Name("/H4")
    assert messages(tmp_path / "test-topic.pdf") == [
        "page 1: /H4 N 0 R: heading skips a level: H4 after H1"
    ]


def test_a_figure_without_alt_is_found(built: Built, tmp_path: Path) -> None:
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        figure = elements(pdf, "/Figure")[0]
        del figure["/Alt"]
    assert messages(tmp_path / "test-topic.pdf") == [
        "page 1: /Figure N 0 R: figure without /Alt or /ActualText"
    ]


def test_contents_entries_must_sit_in_a_table_of_contents(built: Built, tmp_path: Path) -> None:
    with broken(built, BOOKLET, tmp_path) as pdf:
        toc = elements(pdf, "/TOC")[0]
        toc.S = pikepdf.Name("/Div")
        entries = len(elements(pdf, "/TOCI"))
    found = audit_pdf(tmp_path / "test-series.pdf")
    assert entries > 2
    assert [(f.check, f.where.split()[0], f.message) for f in found] == [
        ("nesting", "/TOCI", "/TOCI inside /Div")
    ] * entries


def test_list_items_must_sit_in_a_list(built: Built, tmp_path: Path) -> None:
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        item = elements(pdf, "/LI")[0]
        item.P.S = pikepdf.Name("/Div")
    assert "page 1: /LI N 0 R: /LI inside /Div" in messages(tmp_path / "test-topic.pdf")


def test_text_in_another_language_needs_its_lang(built: Built, tmp_path: Path) -> None:
    """The English tip sheet declared Spanish: its English headings and paragraphs are found,
    each once, at the outermost element; those marked /Lang en are not."""
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        pdf.Root.Lang = pikepdf.String("es")
    found = audit_pdf(tmp_path / "test-topic.pdf")
    assert {f.check for f in found} == {"language"}
    assert all(f.message.startswith("text in en tagged es: “") for f in found)
    headings = [f for f in found if f.where.startswith("/H2")]
    assert headings
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        pdf.Root.Lang = pikepdf.String("es")
        for heading in elements(pdf, "/H2"):
            heading.Lang = pikepdf.String("en")
    assert len(audit_pdf(tmp_path / "test-topic.pdf")) == len(found) - len(headings)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Into the Cloud", "en"),
        ("It's Called Sextortion", "en"),
        ("Trends in Financial Sextortion", None),  # no word only English has
        ("Hable con su hijo sobre lo que ve en internet.", "es"),
        ("Use Take It Down con su hijo para quitar la imagen.", "es"),  # naming a service
        ("NetSmartz, NCMEC, 2024", None),
        ("missingkids.org/blog/2019/post-update/ sexting-what-you-should-know", None),
        ("cdc.gov/mmwr/volumes/72/su/su7201a8.htm", None),
    ],
)
def test_language_is_guessed_only_when_plain(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def test_a_finding_reads_as_one_line() -> None:
    finding = Finding(2, "Link annotation 57 0 R", "no /Contents describing the link", "links")
    assert str(finding) == "page 2: Link annotation 57 0 R: no /Contents describing the link"
    assert str(Finding(0, "catalog", "no /Lang")) == "document: catalog: no /Lang"


def test_audit_command_prints_one_line_per_finding(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with broken(built, TIP_SHEET, tmp_path) as pdf:
        figure = elements(pdf, "/Figure")[0]
        del figure["/Alt"]
    clean, faulty = built[0] / BOOKLET, tmp_path / "test-topic.pdf"
    assert main(["audit", str(clean), str(faulty)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [re.sub(r"\b\d+ 0 R\b", "N 0 R", line) for line in lines] == [
        f"{faulty}: page 1: /Figure N 0 R: figure without /Alt or /ActualText",
        "Checked 2 PDFs: 1 with findings.",
    ]
    assert main(["audit", str(clean)]) == 0
    assert capsys.readouterr().out == "Checked 1 PDF: no findings.\n"


def test_audit_command_names_files_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF")
    assert main(["audit", str(text)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {text}: not a readable PDF (")
    with pytest.raises(AuditError):
        audit_pdf(tmp_path / "missing.pdf")
