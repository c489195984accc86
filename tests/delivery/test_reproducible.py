"""Personalized copies are reproducible: the same input gives the same bytes, whenever and
in whichever process it is stamped (the embedded font subset carries no time of its own)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import PROJECT
from toolkit.assets.fonts import font_folder
from toolkit.delivery.block import FACES, unhinted

STAMP_ONCE = """
import io, sys
from pypdf import PdfReader
from toolkit.content.recipients import Recipient
from toolkit.delivery.block import Area, layout_block
from toolkit.delivery.stamp import stamp

base = open(sys.argv[1], "rb").read()
area = Area(0, 36, 500, 300, 54, 792, "box", "#1E5B3A", "contact box")
oak = Recipient(2, "Oak Elementary", "oak", "Ms. Rivera", "555-0100", "ms@oak.org", "https://oak.org/")
sys.stdout.buffer.write(stamp(base, PdfReader(io.BytesIO(base)), area, layout_block(oak, area)))
"""


def _base(tmp_path: Path) -> Path:
    path = tmp_path / "base.pdf"
    canvas = Canvas(str(path), pagesize=(612, 792), invariant=True)
    canvas.drawString(72, 720, "Base")
    canvas.save()
    return path


def _stamped_in_a_new_process(base: Path, epoch: int) -> bytes:
    """One stamped copy from a fresh process whose clock (for fontTools) reads ``epoch``."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "SOURCE_DATE_EPOCH": str(epoch)}
    return subprocess.run(
        [sys.executable, "-c", STAMP_ONCE, str(base)],
        capture_output=True,
        check=True,
        env=env,
        cwd=PROJECT,
        timeout=120,
    ).stdout


def test_same_input_stamped_at_different_times_gives_the_same_bytes(tmp_path: Path) -> None:
    base = _base(tmp_path)

    first = _stamped_in_a_new_process(base, 1_700_000_000)
    second = _stamped_in_a_new_process(base, 1_800_000_000)

    assert first.startswith(base.read_bytes())
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_stamp_font_keeps_the_original_head_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # fontTools' "now"
    path = font_folder() / FACES[False][1]

    made = TTFont(io.BytesIO(unhinted(path).read()))
    original = TTFont(str(path), lazy=True)

    assert made["head"].modified == original["head"].modified
    assert made["head"].created == original["head"].created
