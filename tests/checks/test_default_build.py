"""Every digital PDF of the real default build (both brands, English and Spanish) passes the
project's audit and an independent checker, pdfua 0.1.3, with no findings.

The build is made once per test run by the ``default_build`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tests.builder.test_build import Built
from tests.pdf_facts import fonts, text_of
from toolkit.checks.accessibility import audit_pdf

PDFUA = Path(sys.executable).with_name("pdfua")
KNOWN_CRASH = re.compile(
    r"rule raised ValueError: .*cannot get key '/is_integer' on object of type array"
)
"""pdfua 0.1.3's rule UA-14-001 (empty headings) calls ``is_integer`` on a ``/K`` array and
stops. Only that rule, with exactly that error, is let through; the audit's own heading
check ("empty heading") covers what it would have checked."""


def digital_pdfs(out: Path) -> list[Path]:
    return sorted(out.rglob("*.pdf"))


def pdfua_reports(paths: list[Path]) -> list[dict[str, Any]]:
    """pdfua's JSON report for each file (one run for all; it prints one object per file)."""
    result = subprocess.run(
        [str(PDFUA), "check", "-f", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1, 2, 3), result.stderr
    decoder, text, reports = json.JSONDecoder(), result.stdout.strip(), []
    while text:
        report, end = decoder.raw_decode(text)
        reports.append(report)
        text = text[end:].strip()
    return reports


def unexpected(report: dict[str, Any]) -> list[str]:
    """Every pdfua finding, and every rule it skipped other than the known crash."""
    problems = [f"{f['rule_id']}: {f['message']}" for f in report["findings"]]
    for skipped in report["skipped"]:
        known = skipped["rule_id"] == "UA-14-001" and KNOWN_CRASH.match(skipped["reason"])
        if not known:
            problems.append(f"{skipped['rule_id']} did not run: {skipped['reason']}")
    return [f"{report['file']}: {problem}" for problem in problems]


def test_the_default_build_is_every_digital_pdf(default_build: Path) -> None:
    names = [str(p.relative_to(default_build)) for p in digital_pdfs(default_build)]
    assert len(names) == 64  # 2 brands x 2 languages x (7 tip sheets, 7 card sets, 2 guides)
    assert not [name for name in names if ".print." in name]
    assert {name.split("/")[1] for name in names} == {"en", "es"}


def test_every_digital_pdf_passes_the_audit(default_build: Path) -> None:
    findings = [
        f"{path.relative_to(default_build)}: {finding}"
        for path in digital_pdfs(default_build)
        for finding in audit_pdf(path)
    ]
    assert findings == []


def test_every_digital_pdf_passes_pdfua(default_build: Path) -> None:
    paths = digital_pdfs(default_build)
    reports = pdfua_reports(paths)
    assert len(reports) == len(paths)
    assert all(report["summary"]["rules_run"] >= 11 for report in reports)
    assert [problem for report in reports for problem in unexpected(report)] == []


def test_pdfua_reports_what_it_finds(built: Built, tmp_path: Path) -> None:
    """The harness above would see a real fault: a figure without alt text."""
    copy = tmp_path / "test-topic.pdf"
    shutil.copy(built[0] / "acme/en/tip-sheets/test-topic.pdf", copy)
    with pikepdf.open(copy, allow_overwriting_input=True) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure":
                del obj["/Alt"]
        pdf.save(copy)
    (report,) = pdfua_reports([copy])
    assert {finding["rule_id"] for finding in report["findings"]} == {"UA-13-004"}
    assert unexpected(report)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_words_are_whole_and_every_glyph_is_lato(default_build: Path, lang: str) -> None:
    """No automatic hyphen (U+2010, read as "cap‐ tación") and no fallback font for it."""
    for path in default_build.glob(f"*/{lang}/*/*.pdf"):
        assert "\u2010" not in text_of(path), path
        assert all("Lato" in name for name in fonts(path)), (path, fonts(path))
