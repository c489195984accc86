"""Every digital PDF is tagged PDF/UA-1 with the facts a screen reader and a checker need."""

from __future__ import annotations

import itertools
from pathlib import Path

import pikepdf
import pytest

from tests.pdf_facts import structure_elements
from tests.test_build import EXPECTED_FILES, Built

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
