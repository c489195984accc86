"""The parent tip sheet as built from the default content: codes that scan, help codes the
largest, the organization named once, decorative icons, and type set without widows or
hyphens in headings (read back from the PDF, and from WeasyPrint's layout boxes)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest

from tests.pdf_facts import structure_elements
from toolkit.content.brands import logo_boxes
from toolkit.content.models import short_url
from toolkit.content.project import Project, load_project
from toolkit.documents import DOCUMENT_KINDS, Edition, Job
from toolkit.rendering.html import render_html
from toolkit.rendering.pdf import render_pdf
from toolkit.rendering.qr import MIN_MODULE_MM, qr_modules

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "sextortion"
CSS_PX_PER_INCH = 96  # WeasyPrint writes a figure's layout BBox in CSS px
HYPHEN = "\u2010"  # what WeasyPrint prints at an automatic hyphenation break


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(ROOT / "content")


def build(
    project: Project, brand: str, lang: str, edition: Edition = "digital"
) -> tuple[bytes, Any]:
    """One tip sheet's PDF, and its laid-out WeasyPrint document."""
    job = Job(DOCUMENT_KINDS["tip-sheet"], TOPIC, brand, lang, edition=edition)
    rendered = render_html(project, job, ROOT / "templates", datetime(2026, 1, 2, tzinfo=UTC))
    laid_out: list[Any] = []
    return render_pdf(rendered, job, on_layout=laid_out.append), laid_out[0]


@pytest.fixture(scope="module")
def riverside(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf, _ = build(project, "riverside-pta", "en")
    path = tmp_path_factory.mktemp("tip-sheet") / "sextortion.pdf"
    path.write_bytes(pdf)
    return path


def figures(path: Path) -> list[tuple[str, float, float]]:
    """Every tagged figure: its alternative text, and its width and height in inches."""
    with pikepdf.open(path) as pdf:
        found = []
        for element in structure_elements(pdf.Root.StructTreeRoot.K):
            if element.get("/S") == "/Figure":
                x1, y1, x2, y2 = (float(v) for v in element.A.BBox)
                found.append(
                    (str(element.Alt), (x2 - x1) / CSS_PX_PER_INCH, (y2 - y1) / CSS_PX_PER_INCH)
                )
        return found


def test_every_code_scans_and_help_codes_are_the_largest(project: Project, riverside: Path) -> None:
    addresses = [c.url for c in project.toolkit.help if c.url]
    addresses += [r.url for r in project.topics[TOPIC].resources]
    full = {short_url(url): url for url in addresses}
    codes = [
        (alt.split(": ", 1)[1], width)
        for alt, width, _ in figures(riverside)
        if alt.startswith("QR code: ")
    ]
    help_count = sum(1 for c in project.toolkit.help if c.url)
    resources, helps = codes[:-help_count], codes[-help_count:]
    for address, width in codes:
        module_mm = width * 25.4 / qr_modules(full[address])
        assert module_mm >= MIN_MODULE_MM, f"{address}: modules of {module_mm:.2f} mm"
    assert min(width for _, width in helps) > max(width for _, width in resources)


def test_logos_fill_their_boxes_from_the_table(riverside: Path) -> None:
    boxes = logo_boxes("tip-sheet")
    found = {alt: (width, height) for alt, width, height in figures(riverside)}
    assert found["Riverside Elementary PTA"][1] == pytest.approx(boxes["logo"].height)
    assert found["Riverside County Library"][1] == pytest.approx(boxes["partner"].height)


def test_the_riverside_header_names_the_organization_once(riverside: Path) -> None:
    document = pypdfium2.PdfDocument(str(riverside))
    try:
        page = document[0]
        _, height = page.get_size()
        text = page.get_textpage().get_text_bounded(top=height, bottom=height - 1.25 * 72)
    finally:
        document.close()
    assert text.count("Elementary PTA") == 1  # the logo's wordmark; no name beside it
    assert "Riverside County" in text  # the partner's logo


def test_section_icons_are_drawn_as_artifacts(riverside: Path) -> None:
    with pikepdf.open(riverside) as pdf:
        drawn = [_artifact_icons(page) for page in pdf.pages]
        alts = [
            str(element.get("/Alt"))
            for element in structure_elements(pdf.Root.StructTreeRoot.K)
            if element.get("/S") == "/Figure"
        ]
    assert drawn == [5, 3]  # what it is, numbers, signs, talk, respond; messages, resources, help
    assert all(alt.startswith(("QR code", "Riverside")) for alt in alts)  # no icon is a figure


def _artifact_icons(page: pikepdf.Page) -> int:
    """Form XObjects drawn in round-capped strokes (Lucide's) inside an /Artifact sequence."""
    artifact, stack, count = 0, [], 0
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = instruction.operands, instruction.operator
        if operator == pikepdf.Operator("BDC") or operator == pikepdf.Operator("BMC"):
            stack.append(operands[0] == pikepdf.Name.Artifact)
            artifact += stack[-1]
        elif operator == pikepdf.Operator("EMC") and stack:
            artifact -= stack.pop()
        elif operator == pikepdf.Operator("Do"):
            form = page.Resources.XObject[operands[0]]
            count += bool(artifact) and _draws_round_strokes(form)
    return count


def _draws_round_strokes(form: pikepdf.Object) -> bool:
    content = form.read_bytes()
    if b"1 J" in content:
        return True
    resources = form.get("/Resources")
    inner = resources.get("/XObject") if resources is not None else None
    return inner is not None and any(_draws_round_strokes(inner[name]) for name in inner.keys())  # noqa: SIM118


def lines_of(document: Any) -> list[tuple[str, list[str]]]:
    """Each block of text lines on every page: its element's tag and its lines' text."""
    blocks = []
    for page in document.pages:
        for box in page._page_box.descendants():
            lines = [c for c in getattr(box, "children", []) if type(c).__name__ == "LineBox"]
            if lines and len(lines) == len(box.children):
                texts = [
                    "".join(getattr(b, "text", "") for b in line.descendants()).strip()
                    for line in lines
                ]
                blocks.append((box.element_tag, [t for t in texts if t]))
    return blocks


@pytest.mark.parametrize("lang", ["en", "es"])
def test_type_is_set_without_widows_ladders_or_hyphenated_headings(
    project: Project, lang: str
) -> None:
    _, document = build(project, "riverside-pta", lang, edition="print")
    for tag, lines in lines_of(document):
        if tag in ("h1", "h2", "h3"):
            assert not any(line.endswith(HYPHEN) for line in lines), lines
        ladder = 0
        for line in lines:
            ladder = ladder + 1 if line.endswith(HYPHEN) else 0
            assert ladder <= 2, lines
        address_goes_on = len(lines) > 1 and lines[-2].endswith(("/", "-"))  # a source's URL
        if tag in ("p", "li") and len(lines) > 1 and not address_goes_on:
            assert len(lines[-1].split()) > 1, lines
