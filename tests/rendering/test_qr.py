"""QR codes: printed wide enough that every module is at least 0.6 mm."""

from __future__ import annotations

from toolkit.rendering.qr import qr_modules, qr_width


def test_qr_width_gives_modules_of_at_least_0_6_mm() -> None:
    url = "https://report.cybertip.org"
    assert qr_modules(url) == 37  # version 3 (29 modules) and 4 quiet modules each side
    assert qr_width([url]) == 0.9  # 37 x 0.6 mm = 0.874 in, in steps of 0.05 in
    assert qr_width([url], at_least=1.0) == 1.0
    assert qr_width([url, "https://www.missingkids.org/gethelpnow/cybertipline"]) == 1.0
