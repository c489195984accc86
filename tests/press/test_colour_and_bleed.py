"""What the printed sheet shows: exact CMYK inks, colour in the bleed, clean sheet edges.

Colours are read back from the content streams (pikepdf) and from pixels (pdftoppm).
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from tests.press.conftest import print_pdfs
from toolkit.assets.colour_profiles import rgb_to_cmyk
from toolkit.builder.pipeline import BuildSettings, build
from toolkit.documents import Selection

OFFICE_EDGE_PT = 18  # 1/4 in


def _colours(pdf: pikepdf.Pdf, page: pikepdf.Page) -> set[tuple[float, ...]]:
    """Every four-component fill or stroke colour set on the page, rounded to 4 places."""
    found = set()
    for instruction in pikepdf.parse_content_stream(page):
        if str(instruction.operator) not in ("k", "K", "sc", "scn", "SC", "SCN"):
            continue
        operands = [float(v) for v in instruction.operands if not isinstance(v, pikepdf.Name)]
        if len(operands) == 4:
            found.add(tuple(round(v, 4) for v in operands))
    return found


@pytest.fixture(scope="module")
def cmyk_build(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The fixture content, its acme brand given an exact CMYK primary, built in CMYK."""
    content = tmp_path_factory.mktemp("cmyk") / "content"
    fixtures = Path(request.config.rootpath) / "tests" / "fixtures" / "content"
    subprocess.run(["cp", "-r", str(fixtures), str(content)], check=True)
    brand = content / "brands" / "acme" / "brand.yaml"
    brand.write_text(
        brand.read_text().replace(
            '  accent: "#8A2B5E"\n', '  accent: "#8A2B5E"\n  cmyk:\n    primary: [90, 20, 85, 45]\n'
        )
    )
    out = content.parent / "out"
    selection = Selection(brands=("acme",), editions=("print",), colour="cmyk")
    build(BuildSettings(content=content, out=out, selection=selection))
    return out


def test_a_brand_colour_given_as_cmyk_is_printed_with_exactly_those_inks(
    cmyk_build: Path,
) -> None:
    cards = next(cmyk_build.rglob("youth-cards/*.print.pdf"))
    with pikepdf.open(cards) as pdf:
        front = _colours(pdf, pdf.pages[0])
        [intent] = pdf.Root.OutputIntents
        assert int(intent.DestOutputProfile.N) == 4
    assert (0.9, 0.2, 0.85, 0.45) in front  # card fronts and the bleed behind them


def test_a_colour_without_cmyk_is_converted_through_the_profile(cmyk_build: Path) -> None:
    tip_sheet = next(cmyk_build.rglob("tip-sheets/*.print.pdf"))
    with pikepdf.open(tip_sheet) as pdf:
        colours = set().union(*(_colours(pdf, page) for page in pdf.pages))
    assert rgb_to_cmyk("#8A2B5E") in colours  # the accent, which has no cmyk in brand.yaml
    assert (0.9, 0.2, 0.85, 0.45) in colours


def _render(path: Path, page: int, dpi: int) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def _near(pixel: tuple[int, ...], hex_colour: str) -> bool:
    wanted = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return all(abs(a - b) <= 6 for a, b in zip(pixel, wanted, strict=True))


def test_the_booklet_cover_bands_run_into_the_bleed(print_build: Path) -> None:
    booklet = print_build / "default/en/episode-guides/netsmartz-discussion-guide.print.pdf"
    with pikepdf.open(booklet) as pdf:
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        height = float(pdf.pages[0].MediaBox[3])
    image = _render(booklet, 1, 72)  # sheet 1 front: back cover | cover

    def at(x: float, y: float) -> tuple[int, ...]:  # PDF points from the lower left
        return image.getpixel((round(x), round(height - y)))  # type: ignore[return-value]

    primary = "#1f4e79"
    outside = 4.0  # points past the trim, inside the 9 pt bleed
    cover_x = (trim[0] + trim[2]) / 2 + 150
    assert _near(at(cover_x, trim[3] + outside), primary)  # cover band, above the top edge
    assert _near(at(trim[2] + outside, trim[3] - 40), primary)  # ... past the right edge
    assert _near(at(cover_x, trim[1] - outside), primary)  # bottom band, below the cover
    assert _near(at(trim[0] - outside, trim[1] + 10), primary)  # back cover band, left edge
    assert at(cover_x, trim[3] + 20) == (255, 255, 255)  # past the bleed: white paper


def _edge_is_clean(path: Path, dpi: int = 36) -> list[int]:
    """Pages with any ink in the outer 1/4 in of the sheet (office printers clip it)."""
    dirty = []
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    border = OFFICE_EDGE_PT * dpi // 72 - 1  # whole pixels inside the 1/4 in stripe
    for number in range(1, count + 1):
        image = _render(path, number, dpi)
        width, height = image.size
        strips = [
            image.crop((0, 0, width, border)),
            image.crop((0, height - border, width, height)),
            image.crop((0, 0, border, height)),
            image.crop((width - border, 0, width, height)),
        ]
        if any(strip.getextrema() != ((255, 255), (255, 255), (255, 255)) for strip in strips):
            dirty.append(number)
    return dirty


def test_marks_and_slug_stay_a_quarter_inch_inside_every_print_sheet(print_build: Path) -> None:
    samples = [p for p in print_pdfs(print_build) if "/en/" in str(p) and "riverside" in str(p)]
    assert {p.parent.name for p in samples} == {"tip-sheets", "youth-cards", "episode-guides"}
    assert {p.name: _edge_is_clean(p) for p in samples} == {p.name: [] for p in samples}
