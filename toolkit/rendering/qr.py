"""QR codes for the templates, and the size each must be printed at to scan.

Takes in: web addresses.
Gives out: each code as a vector SVG data: URI (quiet zone included), and the printed width
(inches) at which every module of a set of codes is at least ``MIN_MODULE_MM``: phone
cameras read a code reliably from about 0.5 mm per module; 0.6 mm leaves room for ink
spread and a shaky hand.
"""

from __future__ import annotations

import functools
import math

import jinja2
import segno

ERROR_LEVEL = "m"
"""Error correction: about 15 % of a code may be smudged and it still scans."""
QUIET_ZONE = 4
"""Light modules around the code on each side, as the standard asks."""
MIN_MODULE_MM = 0.6
"""The smallest printed module, quiet zone included in the count."""
SIZE_STEP = 0.05
"""Codes are sized in steps of this many inches, so a sheet's codes share round sizes."""
MM_PER_INCH = 25.4


class QrTooLongError(jinja2.TemplateRuntimeError):
    """An address with more characters than a QR code can hold."""

    def __init__(self, url: str) -> None:
        super().__init__(f"address of {len(url):,} characters is too long for a QR code")
        self.url = url


@functools.lru_cache(maxsize=256)
def _code(url: str) -> segno.QRCode:
    try:
        return segno.make(url, error=ERROR_LEVEL)
    except segno.DataOverflowError:
        raise QrTooLongError(url) from None


@functools.lru_cache(maxsize=256)
def qr_data_uri(url: str) -> str:
    """A vector QR code (SVG, with its quiet zone) for ``url``, as a data: URI."""
    return str(_code(url).svg_data_uri(omitsize=True, border=QUIET_ZONE))


def qr_modules(url: str) -> int:
    """How many modules wide ``url``'s code is, its quiet zone included."""
    width, _ = _code(url).symbol_size(border=QUIET_ZONE)
    return int(width)


def qr_width(urls: list[str], at_least: float = 0.0) -> float:
    """The printed width (inches, a multiple of ``SIZE_STEP``) at which every code for
    ``urls`` has modules of at least ``MIN_MODULE_MM``, and no less than ``at_least``."""
    modules = max((qr_modules(url) for url in urls), default=0)
    needed = max(modules * MIN_MODULE_MM / MM_PER_INCH, at_least)
    steps = math.ceil(round(needed / SIZE_STEP, 6))
    return round(steps * SIZE_STEP, 2)
