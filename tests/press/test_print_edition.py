"""Every print PDF of the default build, checked as a print shop's preflight would.

pikepdf reads the structure (PDF/X-4 identification, output intent, boxes, fonts, trapping),
Ghostscript and poppler (``pdffonts``, ``pdftoppm``) read the files as printers' tools do, and
the toolkit's own preflight runs on each.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from tests.press.conftest import print_pdfs
from toolkit.cli import main
from toolkit.press.preflight import preflight_all

KINDS = ("tip-sheets", "youth-cards", "episode-guides")


def test_the_build_has_every_kind_for_both_brands_and_languages(print_build: Path) -> None:
    folders = {(p.relative_to(print_build).parts[:3]) for p in print_pdfs(print_build)}
    assert folders == {
        (brand, lang, kind)
        for brand in ("default", "riverside-pta")
        for lang in ("en", "es")
        for kind in KINDS
    }


def _box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


def _inside(inner: list[float], outer: list[float]) -> bool:
    return (
        inner[0] >= outer[0]
        and inner[1] >= outer[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _pdfx_problems(path: Path) -> list[str]:
    problems = []
    with pikepdf.open(path) as pdf:
        [intent] = pdf.Root.OutputIntents
        if intent.S != "/GTS_PDFX" or "/DestOutputProfile" not in intent:
            problems.append("output intent")
        with pdf.open_metadata() as xmp:
            if xmp.get("pdfxid:GTS_PDFXVersion") != "PDF/X-4":
                problems.append("XMP pdfxid:GTS_PDFXVersion")
        if pdf.pdf_version < "1.6":
            problems.append(f"version {pdf.pdf_version}")
        if pdf.trailer.Info.get("/Trapped") not in ("/True", "/False"):
            problems.append("Trapped")
        for number, page in enumerate(pdf.pages, 1):
            media, bleed, trim = (_box(page, n) for n in ("/MediaBox", "/BleedBox", "/TrimBox"))
            if not (_inside(trim, bleed) and _inside(bleed, media)):
                problems.append(f"page {number} boxes {trim} {bleed} {media}")
        for font in _fonts(pdf):
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            if "/FontFile2" not in descriptor and "/FontFile3" not in descriptor:
                problems.append(f"font {font.BaseFont} not embedded")
    return problems


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [
        obj
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/Subtype" in obj
        and obj.Subtype != "/CIDFontType2"  # a descendant; its Type0 parent is checked
    ]  # fmt: skip


def test_every_print_pdf_is_pdfx4_with_boxes_fonts_and_trapping(print_build: Path) -> None:
    problems = {str(p.relative_to(print_build)): _pdfx_problems(p) for p in print_pdfs(print_build)}
    assert {path: found for path, found in problems.items() if found} == {}


def test_ghostscript_renders_every_print_pdf_without_a_warning(print_build: Path) -> None:
    said = {}
    for path in print_pdfs(print_build):
        result = subprocess.run(
            ["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=nullpage", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode or result.stdout.strip() or result.stderr.strip():
            said[path.name] = (result.returncode, result.stdout + result.stderr)
    assert said == {}


def test_pdffonts_shows_every_font_embedded_and_subset(print_build: Path) -> None:
    not_embedded = []
    for path in print_pdfs(print_build):
        lines = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert lines, f"{path.name}: pdffonts lists no fonts"
        for line in lines:
            emb, sub = line.split()[-5:-3]
            if (emb, sub) != ("yes", "yes"):
                not_embedded.append(f"{path.name}: {line}")
    assert not_embedded == []


def test_no_helvetica_or_other_standard_font_is_referenced(print_build: Path) -> None:
    for path in print_pdfs(print_build):
        with pikepdf.open(path) as pdf:
            names = {str(font.BaseFont) for font in _fonts(pdf)}
        assert not [n for n in names if "Helvetica" in n or "Times" in n], path.name


def test_preflight_passes_every_print_pdf_with_nothing_near_the_trim(print_build: Path) -> None:
    reports = preflight_all([print_build], print_build)
    assert len(reports) == len(print_pdfs(print_build))
    assert [r.path for r in reports if r.blocking] == []
    checks = {(r.path, c.name): c for r in reports for c in r.checks}
    assert [key for key, c in checks.items() if c.name == "safe area" and c.status != "ok"] == []
    # Every file says what it is, in the printer's words.
    tip_sheet = "riverside-pta/en/tip-sheets/sextortion.print.pdf"
    assert checks[(tip_sheet, "PDF/X")].message == (
        "PDF/X-4, PDF 1.6, output intent IEC 61966-2-1 Default RGB Colour Space - sRGB (RGB), "
        "trapped False"
    )
    assert checks[(tip_sheet, "boxes")].message == (
        "TrimBox 8.50 × 11.00 in inside BleedBox (bleed 0.125 in) inside MediaBox, every page"
    )


def test_preflight_command_exits_zero_on_the_build_and_one_on_a_plain_pdf(
    print_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preflight", str(print_build)]) == 0
    out = capsys.readouterr().out
    count = len(print_pdfs(print_build))
    assert out.rstrip().splitlines()[-1].startswith(f"{count} files: ready for the printer")
    digital = print_build / "default/en/tip-sheets/sextortion.print.pdf"
    plain = tmp_path / "plain.pdf"
    with pikepdf.open(digital) as pdf:
        del pdf.Root["/OutputIntents"]
        pdf.save(plain)
    assert main(["preflight", str(plain)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "  error    PDF/X      no PDF/X output intent with an ICC profile"
    assert lines[-1] == "1 file: 1 with a problem that stops printing, 0 with warnings."


def test_a_print_build_says_nothing_about_pdf_internals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """pypdf's "Object count 87 exceeds defined trailer size 83" (cloning a tip sheet with
    icons, to add its marks) is about its own bookkeeping, not the file: never shown."""
    args = ["build", "--out", str(tmp_path), "--edition", "print", "--doc", "tip-sheet"]
    args += ["--topic", "sextortion", "--brand", "default", "--lang", "en", "--jobs", "1"]
    assert main([*args, "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "Object count" not in captured.out + captured.err
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []
