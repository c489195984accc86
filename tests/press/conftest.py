"""The default content's print editions, built once for the press tests.

``print_build``: both brands, English and Spanish, every document kind, as a user's
``--edition print`` build makes them (card sheets, tip sheets with marks, imposed booklets).
``card_files``: one topic's cards at every card size, as sheets on Letter and A4 and as the
one-card-per-page file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.builder.pipeline import BuildSettings, build
from toolkit.documents import CARD_SIZES, Selection

DEFAULT_CONTENT = Path(__file__).resolve().parents[2] / "content"
CARD_TOPIC = "sextortion"


@pytest.fixture(scope="session")
def print_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder holding every print PDF of the default content (both brands, en, es)."""
    out = tmp_path_factory.mktemp("print-build")
    selection = Selection(editions=("print",), langs=("en", "es"))
    build(BuildSettings(content=DEFAULT_CONTENT, out=out, selection=selection))
    return out


@pytest.fixture(scope="session")
def card_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder with one topic's cards at every size: Letter and A4 sheets, and single."""
    out = tmp_path_factory.mktemp("card-files")
    for size in CARD_SIZES:
        for paper, card_file in (("letter", "sheets"), ("a4", "sheets"), ("letter", "single")):
            selection = Selection(
                brands=("riverside-pta",),
                topics=(CARD_TOPIC,),
                docs=("youth-cards",),
                editions=("print",),
                papers=(paper,),
                card_size=size,
                langs=("en",),
                card_file=card_file,
            )
            build(BuildSettings(content=DEFAULT_CONTENT, out=out, selection=selection))
    return out


def print_pdfs(out: Path) -> list[Path]:
    """Every print file in an output folder, in a stable order."""
    found = sorted(out.rglob("*.print.pdf"))
    assert found, f"no print PDFs in {out}"
    return found
