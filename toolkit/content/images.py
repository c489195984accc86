"""Checks on the files a brand brings (logos, partner logos, fonts), before anything renders.

Takes in: the path of a brand file (already known to be inside the brand folder).
Gives out: a list of problems, each a sentence, empty when the file is safe to use (and,
when a file cannot be used, how to make one that can); and for a raster logo, a warning when
it has too few pixels for print at the size it is printed.

SVG, PNG and JPEG are drawn as they are; any other format Pillow reads (WebP, GIF, TIFF,
BMP) is accepted too, and WeasyPrint converts it with Pillow when it draws it.

Brand files are data, never code. The type is judged by the file's content, not its name;
SVGs may not carry scripts, event handlers, embedded HTML or references to anything outside
themselves; very large files and images are refused before a renderer spends memory on them.
"""

from __future__ import annotations

import math
import re
import struct
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
PRINT_DPI = 300
FONT_MAGIC = {
    b"\x00\x01\x00\x00": "ttf",
    b"true": "ttf",
    b"OTTO": "otf",
    b"wOFF": "woff",
    b"wOF2": "woff2",
}
MAX_PIXELS = 50_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.IGNORECASE)


def image_problems(path: Path) -> list[str]:
    """Why ``path`` cannot be used as a brand image, if it cannot."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return [f"is {size / 1024 / 1024:.1f} MB; images over 20 MB are refused"]
    data = path.read_bytes()
    kind = sniff(data) or raster_format(path)
    expected = path.suffix.lower().lstrip(".")
    if kind is None:
        return [f"is not an image we can use{how_to_convert(path)}"]
    if kind != SUFFIX_KINDS.get(expected, expected):
        return [f"is named .{expected} but its content looks like {kind.upper()}"]
    if kind == "svg":
        return _svg_problems(data)
    return _png_problems(data) if kind == "png" else _raster_problems(path)


def print_resolution_warning(path: Path, box: tuple[float, float]) -> str | None:
    """For a raster image (PNG, JPEG, WebP…) shown at most ``box`` (width, height in inches):
    a warning, with the pixel size it needs, when it would print at fewer than 300 dots per
    inch."""
    size = pixel_size(path)
    if size is None:
        return None  # SVG logos are sharp at any size
    width, height = size
    printed = min(box[0], box[1] * width / height)
    dpi = width / printed
    if dpi >= PRINT_DPI:
        return None
    need = (math.ceil(printed * PRINT_DPI), math.ceil(printed * height / width * PRINT_DPI))
    return (
        f"is {width} x {height} pixels; printed {printed:.1f} in wide that is {dpi:.0f} dpi, "
        f"below the {PRINT_DPI} print needs: use at least {need[0]} x {need[1]} pixels, "
        "or an SVG"
    )


def font_problems(path: Path) -> list[str]:
    """Why ``path`` cannot be used as a brand font, if it cannot."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return [f"is {size / 1024 / 1024:.1f} MB; fonts over 20 MB are refused"]
    data = path.read_bytes()
    kind = FONT_MAGIC.get(data[:4])
    expected = path.suffix.lower().lstrip(".")
    if kind is None:
        return ["is not a font file (TrueType, OpenType, WOFF or WOFF2)"]
    if {kind, expected} != {kind} and {kind, expected} != {"ttf", "otf"}:
        return [f"is named .{expected} but its content is a {kind.upper()} font"]
    return []


def sniff(data: bytes) -> str | None:
    """``png``, ``svg``, ``jpeg``, ``gif`` or ``None``, from the first bytes."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--")) and b"<svg" in head:
        return "svg"
    return None


def _png_problems(data: bytes) -> list[str]:
    width, height = struct.unpack(">II", data[16:24])  # IHDR follows the signature
    return _pixel_problems(width, height)


SUFFIX_KINDS = {"jpg": "jpeg", "jpe": "jpeg", "tif": "tiff"}
"""File name endings that name a format by another name."""


def raster_format(path: Path) -> str | None:
    """The format Pillow recognizes in ``path`` (``jpeg``, ``webp``, ``gif``…), reading only
    its header; ``None`` when Pillow cannot read it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return str(image.format).lower()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return None


def pixel_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a raster image from its header; ``None`` for SVG."""
    data = path.read_bytes()[:2048]
    if sniff(data) == "png":
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if sniff(data) == "svg":
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            return image.size


def how_to_convert(path: Path) -> str:
    """How to turn ``path`` into a file the toolkit can use."""
    return (
        f"; save it as SVG (best), PNG or JPEG from the program that made it, or convert it, "
        f"for example with ImageMagick: convert {path.name} {path.stem}.png"
    )


def _raster_problems(path: Path) -> list[str]:
    size = pixel_size(path)
    return _pixel_problems(*size) if size else []


def _pixel_problems(width: int, height: int) -> list[str]:
    if width * height > MAX_PIXELS:
        return [
            f"is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"images over 50 megapixels are refused"
        ]
    return []


def _svg_problems(data: bytes) -> list[str]:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return ["declares a DOCTYPE or entities; save the SVG without them"]
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD or entities, checked above
    except ET.ParseError as error:
        return [f"is not well-formed SVG ({error})"]
    problems: list[str] = []
    for element in root.iter():
        problems += _element_problems(element)
    return sorted(set(problems))


def _element_problems(element: ET.Element) -> list[str]:
    tag = element.tag.removeprefix(SVG_NS) if isinstance(element.tag, str) else ""
    problems = []
    if tag in {"script", "foreignObject", "iframe", "embed", "object"}:
        problems.append(f"contains a <{tag}> element; logos may not carry code or HTML")
    for name, value in element.attrib.items():
        local = name.rsplit("}", 1)[-1]
        if local.lower().startswith("on"):
            problems.append(f"has an event handler ({local}); logos may not carry code")
        if (local == "href" or name == XLINK_HREF) and not value.startswith("#"):
            problems.append(f"refers to {value[:60]}; logos must not load other files")
        if local == "style" and EXTERNAL_CSS.search(value):
            problems.append("its styles load other files; logos must be self-contained")
    if tag == "style" and element.text and EXTERNAL_CSS.search(element.text):
        problems.append("its styles load other files; logos must be self-contained")
    return problems
