"""Stamping a recipient block: its layout, the overlay, fonts, links and tags of the copy."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from tests.pdf_facts import fonts, link_uris, structure_elements, text_of
from toolkit.content.recipients import Recipient
from toolkit.delivery.areas import find_area
from toolkit.delivery.block import Area, Block, Line, Run, fit_problem, layout_block
from toolkit.delivery.stamp import stamp
from toolkit.documents import DOCUMENT_KINDS, Job
from toolkit.errors import RenderError
from toolkit.rendering.html import RenderedHtml
from toolkit.rendering.pdf import render_pdf

PRIMARY = "#1E5B3A"
JOB = Job(DOCUMENT_KINDS["tip-sheet"], "test-topic", "default", "en")
OAK = Recipient(
    2,
    "Oak Elementary",
    "oak",
    "Ms. Rivera, counselor",
    "555-0100",
    "ms@oak.org",
    "https://oak.org/",
)
STRIP = Area(0, 36, 700, 300, 22, 792, "strip", PRIMARY, "parent tip sheet's contact line")
BOX = Area(0, 36, 500, 300, 54, 792, "box", PRIMARY, "episode guide's contact box")
PAGE = """<!doctype html><html lang="en"><title>Base</title>
<style>@page {{ size: letter; margin: 0.5in }} body {{ font-family: sans-serif }}</style>
<body><h1>Base</h1><p>See <a href="https://example.org/help">example.org/help</a>.</p>{extra}
<div data-recipient-block style="position: absolute; left: 0; top: 5in; width: 4in">
<p style="margin: 0; font-size: 8pt">Your local contact</p>
<div data-recipient-area="box" style="height: 54pt"></div></div></body></html>"""


def base_pdf(tmp_path: Path, extra: str = "") -> tuple[bytes, Area]:
    """A small tagged WeasyPrint PDF with a link and a reserved area, and the area found."""
    found: list[Area] = []
    html = RenderedHtml(PAGE.format(extra=extra), tmp_path, (tmp_path.resolve(),))
    pdf = render_pdf(html, JOB, on_layout=lambda doc: found.append(find_area(doc, JOB, PRIMARY)))
    return pdf, found[0]


def stamped(tmp_path: Path, recipient: Recipient = OAK) -> tuple[bytes, bytes, Area]:
    pdf, area = base_pdf(tmp_path)
    return pdf, stamp(pdf, PdfReader(io.BytesIO(pdf)), area, layout_block(recipient, area)), area


def test_strip_joins_fields_on_two_lines_with_the_name_bold() -> None:
    block = layout_block(OAK, STRIP)
    assert block.lines == (
        Line(
            (
                Run("Oak Elementary", True, PRIMARY),
                Run(" · Ms. Rivera, counselor", False, "#1a1a1a"),
            ),
            9,
            0,
            11,
        ),
        Line((Run("555-0100 · ms@oak.org · oak.org", False, "#1a1a1a"),), 9, 11, 11),
    )
    assert block.text == "Oak Elementary · Ms. Rivera, counselor\n555-0100 · ms@oak.org · oak.org"


def test_box_leaves_out_empty_lines_and_moves_the_rest_up() -> None:
    block = layout_block(Recipient(2, "Pine", "pine", website="www.pine.org"), BOX)
    assert [(line.text_of_runs, line.top, line.size) for line in _lines(block)] == [
        ("Pine", 0, 11.5),
        ("pine.org", 15, 10),
    ]


def _lines(block: Block) -> list[Any]:
    class Shown:
        def __init__(self, line: Line) -> None:
            self.text_of_runs = "".join(run.text for run in line.runs)
            self.top, self.size = line.top, line.size

    return [Shown(line) for line in block.lines]


def test_long_lines_are_set_smaller_down_to_a_minimum() -> None:
    long = Recipient(2, "Oak", "oak", contact="Ms. Alexandra Rivera-Montgomery, school counselor")
    [line] = layout_block(long, Area(0, 0, 0, 230, 22, 792, "strip", PRIMARY)).lines
    assert 7.5 <= line.size < 9


def test_too_long_even_at_the_smallest_size() -> None:
    long = Recipient(2, "Oak", "oak", contact="x" * 100)
    assert fit_problem(long, STRIP) == (
        "name and contact too long for the parent tip sheet's contact line by about "
        "26 characters; shorten or abbreviate"
    )
    assert fit_problem(Recipient(2, "Oak", "oak", contact="x" * 74), STRIP) is None
    assert fit_problem(Recipient(2, "Oak", "oak", contact="x" * 75), STRIP) is not None
    assert fit_problem(OAK, STRIP) is None
    with pytest.raises(ValueError, match="too long"):
        layout_block(long, STRIP)


def test_area_is_found_in_the_layout(tmp_path: Path) -> None:
    _, area = base_pdf(tmp_path)
    assert area.page == 0
    assert area.x == pytest.approx(36)
    assert area.top == pytest.approx(36 + 5 * 72 + 8 * 1.2, abs=1)  # below the 8 pt label
    assert (area.width, area.height) == (pytest.approx(288), pytest.approx(54))
    assert area.style == "box"


def test_area_must_not_cover_other_content(tmp_path: Path) -> None:
    filler = "<p style='margin: 0; line-height: 30pt'>Filler line.</p>" * 14
    with pytest.raises(RenderError) as caught:
        base_pdf(tmp_path, filler)
    assert str(caught.value) == (
        "default/en/tip-sheets/test-topic.pdf: no room for the recipient's contact on page 1: "
        "'Filler line.' is where it goes"
    )


def test_stamped_copy_is_the_base_plus_an_update(tmp_path: Path) -> None:
    base, copy, _ = stamped(tmp_path)
    assert copy.startswith(base)
    assert len(copy) - len(base) < 25_000  # the overlay and its two small font subsets


def test_stamped_text_fonts_and_links(tmp_path: Path) -> None:
    _, copy, _ = stamped(tmp_path)
    path = tmp_path / "copy.pdf"
    path.write_bytes(copy)
    text = text_of(path)
    assert "Oak Elementary" in text
    assert "Ms. Rivera, counselor · 555-0100 ms@oak.org · oak.org" in text  # two lines
    assert link_uris(path) == {"https://example.org/help"}
    found = fonts(path)
    assert all(found.values()), found
    assert {name.split("+")[-1] for name in found} >= {"Lato-Regular-Stamp", "Lato-Bold-Stamp"}
    assert len(PdfReader(path).pages) == 1


def test_stamped_text_is_a_tagged_paragraph(tmp_path: Path) -> None:
    _, copy, _ = stamped(tmp_path)
    with pikepdf.open(io.BytesIO(copy)) as pdf:
        nodes = structure_elements(pdf.Root.StructTreeRoot.K)
        paragraph = nodes[-1]
        assert paragraph.S == "/P"
        assert paragraph.P.S == "/Document"
        assert paragraph.Pg.objgen == pdf.pages[0].obj.objgen
        mcid = int(paragraph.K)
        page = pdf.pages[0]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        entry = next(nums[i + 1] for i in range(0, len(nums), 2) if nums[i] == page.StructParents)
        assert entry[mcid].objgen == paragraph.objgen
        marked = [
            operands
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC"
        ]
        assert [str(tag) for tag, props in marked if int(props.get("/MCID", -1)) == mcid] == ["/P"]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf (apt-get install qpdf)")
def test_qpdf_finds_nothing_wrong(tmp_path: Path) -> None:
    _, copy, _ = stamped(tmp_path)
    path = tmp_path / "copy.pdf"
    path.write_bytes(copy)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_one_reader_serves_every_copy_unchanged(tmp_path: Path) -> None:
    base, area = base_pdf(tmp_path)
    reader = PdfReader(io.BytesIO(base))
    copies = [
        stamp(base, reader, area, layout_block(Recipient(2, name, "x"), area))
        for name in ("Oak", "Pine")
    ]
    for copy, name in zip(copies, ("Oak", "Pine"), strict=True):
        with pikepdf.open(io.BytesIO(copy)) as pdf:
            paragraphs = [n for n in structure_elements(pdf.Root.StructTreeRoot.K) if n.S == "/P"]
            assert len(paragraphs) == 3  # "Base" text, the label, and this copy's block
        assert name in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(copy)).pages)
    assert "Oak" not in PdfReader(io.BytesIO(copies[1])).pages[0].extract_text()


def test_untagged_pdf_is_stamped_without_tags(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(612, 792))
    canvas.drawString(72, 720, "Plain")
    canvas.save()
    base = buffer.getvalue()
    copy = stamp(base, PdfReader(io.BytesIO(base)), BOX, layout_block(OAK, BOX))
    text = PdfReader(io.BytesIO(copy)).pages[0].extract_text()
    assert "Plain" in text
    assert "Oak Elementary" in text
    with pikepdf.open(io.BytesIO(copy)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
