"""Cards at every size: sheets on Letter and A4, and the one-card-per-page file."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from tests.press.conftest import CARD_TOPIC
from tests.press.test_colour_and_bleed import _edge_is_clean
from toolkit.documents import CARD_SIZES
from toolkit.press.preflight import preflight

SIZES = list(CARD_SIZES)


def _cards(out: Path, size: str, suffix: str) -> Path:
    name = CARD_TOPIC + ("" if size == "3.5x5" else f".{size}") + suffix
    return out / "riverside-pta" / "en" / "youth-cards" / name


@pytest.mark.parametrize("size", SIZES)
def test_single_card_file_has_one_card_per_page_with_bleed_and_no_marks(
    card_files: Path, size: str
) -> None:
    card = CARD_SIZES[size]
    path = _cards(card_files, size, ".single.print.pdf")
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) % 2 == 0  # front, back, front, back…
        for page in pdf.pages:
            assert [round(float(v), 2) for v in page.TrimBox] == [
                9,
                9,
                round(9 + card.width, 2),
                round(9 + card.height, 2),
            ]
            assert [float(v) for v in page.BleedBox] == [float(v) for v in page.MediaBox]
            assert round(float(page.MediaBox[2]) - float(page.TrimBox[2]), 2) == 9  # 0.125 in
    # Nothing to warn about, small text included: the logo on the back is tall enough at every
    # card size that the example logo's "Elementary PTA" prints at 6 pt or more.
    checks = {c.name: c for c in preflight(path).checks}
    assert [(name, c.message) for name, c in checks.items() if c.status != "ok"] == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_card_sheets_keep_marks_and_slug_inside_what_office_printers_print(
    card_files: Path, size: str, paper: str
) -> None:
    suffix = (".a4" if paper == "a4" else "") + ".print.pdf"
    path = _cards(card_files, size, suffix)
    assert _edge_is_clean(path) == []
    assert not preflight(path).blocking
