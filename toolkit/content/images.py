"""Checks on the files a brand brings (logos, partner logos, fonts), before anything renders.

Takes in: the path of a brand file (already known to be inside the brand folder).
Gives out: a list of problems, each a sentence, empty when the file is safe to use (and,
when a file cannot be used, how to make one that can); and for a raster logo, a warning when
it has too few pixels for print at the size it is printed.

SVG, PNG and JPEG are drawn as they are; any other format Pillow reads (WebP, GIF, TIFF,
BMP) is accepted too, and WeasyPrint converts it with Pillow when it draws it.

Brand files are data, never code. The type is judged by the file's content, not its name;
SVGs may not carry scripts, event handlers, embedded HTML or references to anything outside
themselves (CSS escapes such as ``@\\69mport`` are decoded before looking); very large files
and images are refused before a renderer spends memory on them, and so are images whose
drawing would be huge: an SVG whose ``<use>`` references expand to too many elements (a
"billion laughs" of shapes), a PNG whose data is cut short or does not decode.
"""

from __future__ import annotations

import math
import re
import struct
import warnings
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
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
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.DOTALL)
MAX_SVG_ELEMENTS = 10_000
"""Elements an SVG may draw once its ``<use>`` references are expanded; logos use hundreds."""
MAX_SVG_DEPTH = 100
"""How deeply an SVG's elements may nest."""
PNG_TRUNCATED = "is cut short (the file ends before the image does); copy or export it again"
PNG_UNDECODABLE = (
    "has a valid PNG header but its image data cannot be decoded; "
    "export the logo again from the original"
)
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
"""Samples per pixel for each PNG colour type."""
ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)
"""The seven passes of an interlaced PNG: first column and row, then the steps."""


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
    if len(data) < 33:  # signature and IHDR
        return [PNG_TRUNCATED]
    width, height = struct.unpack(">II", data[16:24])  # IHDR follows the signature
    return _pixel_problems(width, height) or _png_data_problems(data)


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


def _png_data_problems(data: bytes) -> list[str]:
    """Walk every chunk (checksums included) and inflate the whole image data, so a PNG the
    renderer would draw as a black box, or crash on, is refused here with a reason."""
    try:
        chunks = list(_png_chunks(data))
    except EOFError:
        return [PNG_TRUNCATED]
    except ValueError:
        return [PNG_UNDECODABLE]
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        return [PNG_UNDECODABLE]
    expected = _png_data_size(chunks[0][1])
    idat = [body for kind, body in chunks if kind == b"IDAT"]
    if expected is None or _inflated_size(idat, expected) != expected:
        return [PNG_UNDECODABLE]
    return []


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Each chunk's type and body up to IEND; ``EOFError`` if the file ends first,
    ``ValueError`` if a checksum is wrong."""
    position = len(PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise EOFError
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 8 + length
        if end + 4 > len(data):
            raise EOFError
        body = data[position + 8 : end]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[end : end + 4])[0]:
            raise ValueError(kind)
        yield kind, body
        if kind == b"IEND":
            return
        position = end + 4


def _png_data_size(ihdr: bytes) -> int | None:
    """How many bytes the image data inflates to: each row's filter byte and samples."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", ihdr)
    if colour not in PNG_CHANNELS or depth not in (1, 2, 4, 8, 16):
        return None
    bits = depth * PNG_CHANNELS[colour]
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    total = 0
    for x0, y0, dx, dy in passes:
        columns, rows = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if columns > 0 and rows > 0:
            total += rows * (1 + -(-(columns * bits) // 8))
    return total


def _inflated_size(pieces: list[bytes], expected: int) -> int | None:
    """The size the zlib stream in ``pieces`` inflates to, reading at most a little past
    ``expected`` (so a small file cannot claim gigabytes); ``None`` if it is not whole."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for piece in pieces:
            while piece and size <= expected:
                size += len(inflater.decompress(piece, 1 << 20))
                piece = inflater.unconsumed_tail
    except zlib.error:
        return None
    return size if inflater.eof else None


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
    return sorted(set(problems)) or _svg_size_problems(root)


def _svg_size_problems(root: ET.Element) -> list[str]:
    """Refuse an SVG nested too deeply, or whose ``<use>`` references expand to more than
    ``MAX_SVG_ELEMENTS`` elements (eight levels of ten uses are 10**8 shapes in 1.6 KB)."""
    if _svg_depth(root) > MAX_SVG_DEPTH:
        return [f"nests elements more than {MAX_SVG_DEPTH} levels deep; simplify the SVG"]
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    try:
        size = _expanded_size(root, by_id, {}, set())
    except _UseCycleError as cycle:
        return [
            f"has a <use> that refers back to itself (#{cycle.args[0]}); "
            "logos must draw each shape once"
        ]
    if size > MAX_SVG_ELEMENTS:
        return [
            f"has more than {MAX_SVG_ELEMENTS:,} elements once its <use> references are "
            "expanded; save the SVG with the copies flattened or simplified"
        ]
    return []


class _UseCycleError(Exception):
    """A ``<use>`` whose reference leads back to an element being expanded."""


def _svg_depth(root: ET.Element) -> int:
    deepest, pending = 0, [(root, 1)]
    while pending:
        element, depth = pending.pop()
        deepest = max(deepest, depth)
        pending += [(child, depth + 1) for child in element]
    return deepest


def _expanded_size(
    element: ET.Element,
    by_id: dict[str | None, ET.Element],
    sizes: dict[int, int],
    open_: set[int],
) -> int:
    """Elements drawn for ``element``: itself, its children, and what its ``<use>`` names,
    each element counted once (``sizes``) so the count itself cannot blow up."""
    if id(element) in sizes:
        return sizes[id(element)]
    if id(element) in open_:
        raise _UseCycleError(element.get("id", "?"))
    open_.add(id(element))
    total = 1 + sum(_expanded_size(child, by_id, sizes, open_) for child in element)
    href = element.get("href") or element.get(XLINK_HREF) or ""
    if element.tag == f"{SVG_NS}use" and (target := by_id.get(href.removeprefix("#"))) is not None:
        total += _expanded_size(target, by_id, sizes, open_)
    open_.discard(id(element))
    sizes[id(element)] = min(total, MAX_SVG_ELEMENTS + 1)
    return sizes[id(element)]


def _decode_css_escapes(text: str) -> str:
    """CSS as the renderer reads it: ``\\69`` and ``\\r`` become ``i`` and ``r``."""

    def character(match: re.Match[str]) -> str:
        if match[1] is None:
            return match[2]
        code = int(match[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return CSS_ESCAPE.sub(character, text)


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
        if local == "style" and EXTERNAL_CSS.search(_decode_css_escapes(value)):
            problems.append("its styles load other files; logos must be self-contained")
    if tag == "style" and element.text and EXTERNAL_CSS.search(_decode_css_escapes(element.text)):
        problems.append("its styles load other files; logos must be self-contained")
    return problems
