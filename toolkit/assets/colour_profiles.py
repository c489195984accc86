"""The ICC profiles the print edition names as its output intent, and colour conversion.

Takes in: nothing at import; ``rgb_to_cmyk`` takes an sRGB hex colour.
Gives out: where the bundled profiles are (``icc/``, licences in ``icc/README.md``), and a
hex colour's CMYK inks on coated stock, converted through the CMYK profile.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

ICC_FOLDER = Path(__file__).parent / "icc"
CMYK_PROFILE = ICC_FOLDER / "artifex-swop-coated-cmyk.icc"
"""Artifex CMYK SWOP profile (coated offset stock), from Ghostscript; AGPL-3.0-or-later."""
SRGB_PROFILE = ICC_FOLDER / "sRGB2014.icc"
"""The ICC's sRGB v2 profile; may be copied, embedded and distributed without restriction."""


@functools.cache
def _rgb_to_cmyk_transform() -> Any:
    from PIL import ImageCms

    return ImageCms.buildTransform(
        str(SRGB_PROFILE),
        str(CMYK_PROFILE),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
    )


def rgb_to_cmyk(hex_colour: str) -> tuple[float, float, float, float]:
    """CMYK inks (0 to 1, whole percents) that print ``#rrggbb`` on coated stock."""
    from PIL import Image, ImageCms

    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _rgb_to_cmyk_transform())
    assert pixel is not None  # applyTransform returns a new image unless in place
    c, m, y, k = pixel.getpixel((0, 0))  # type: ignore[misc]
    return (
        round(c / 2.55) / 100,
        round(m / 2.55) / 100,
        round(y / 2.55) / 100,
        round(k / 2.55) / 100,
    )
