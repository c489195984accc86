"""Hostile brand images: an SVG ``<use>`` bomb, escaped CSS, a PNG with garbage or missing
data. Each is refused by the logo check with a reason, before anything renders."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from toolkit.content.images import image_problems


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _use_bomb(levels: int = 8, fan_out: int = 10) -> str:
    """``levels`` groups, each using the one before ``fan_out`` times: fan_out**levels paths."""
    groups = ['<g id="l0"><path d="M0 0h1v1z"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(fan_out))
        groups.append(f'<g id="l{level}">{uses}</g>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs>'
        + "".join(groups)
        + f'</defs><use href="#l{levels}"/></svg>'
    )


def test_use_bomb_is_refused_with_its_expanded_size(tmp_path: Path) -> None:
    path = _write(tmp_path, "logo.svg", _use_bomb())

    assert len(path.read_bytes()) < 2048
    assert image_problems(path) == [
        "has more than 10,000 elements once its <use> references are expanded; "
        "save the SVG with the copies flattened or simplified"
    ]


def test_use_that_refers_to_itself_is_refused(tmp_path: Path) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#b"/></g>'
        '<g id="b"><use href="#a"/></g></svg>'
    )

    assert image_problems(_write(tmp_path, "logo.svg", svg)) == [
        "has a <use> that refers back to itself (#a); logos must draw each shape once"
    ]


def test_a_logo_reusing_a_shape_a_few_times_passes(tmp_path: Path) -> None:
    path = _write(tmp_path, "logo.svg", _use_bomb(levels=2, fan_out=10))

    assert image_problems(path) == []


@pytest.mark.parametrize(
    "style",
    [
        "@\\69mport 'https://example.org/x.css';",
        "@\\000069 mport 'https://example.org/x.css';",
        "rect { fill: \\75rl(https://example.org/x.svg#p); }",
        "rect { fill: u\\r\\l(https://example.org/x.svg#p); }",
    ],
)
def test_css_escapes_are_decoded_before_looking_for_external_files(
    tmp_path: Path, style: str
) -> None:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg"><style>{style}</style>'
        '<rect width="1" height="1"/></svg>'
    )

    assert image_problems(_write(tmp_path, "logo.svg", svg)) == [
        "its styles load other files; logos must be self-contained"
    ]


def test_escaped_url_in_a_style_attribute_is_refused(tmp_path: Path) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg">'
        '<rect style="fill: \\75 rl(https://example.org/p)" width="1" height="1"/></svg>'
    )

    assert image_problems(_write(tmp_path, "logo.svg", svg)) == [
        "its styles load other files; logos must be self-contained"
    ]


def _png(width: int = 40, height: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_with_idat(idat: bytes, width: int = 40, height: int = 20) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def test_png_with_garbage_image_data_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "logo.png", _png_with_idat(b"\x13\x37" * 200))

    assert image_problems(path) == [
        "has a valid PNG header but its image data cannot be decoded; "
        "export the logo again from the original"
    ]


def test_png_with_too_little_image_data_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "logo.png", _png_with_idat(zlib.compress(b"\0" * 50)))

    assert image_problems(path) == [
        "has a valid PNG header but its image data cannot be decoded; "
        "export the logo again from the original"
    ]


@pytest.mark.parametrize("keep", [20, 40, 60])
def test_truncated_png_is_refused_not_a_crash(tmp_path: Path, keep: int) -> None:
    path = _write(tmp_path, "logo.png", _png()[:keep])

    assert image_problems(path) == [
        "is cut short (the file ends before the image does); copy or export it again"
    ]


def test_png_with_a_corrupt_chunk_checksum_is_refused(tmp_path: Path) -> None:
    data = bytearray(_png())
    data[-20] ^= 0xFF  # inside the IDAT chunk

    assert image_problems(_write(tmp_path, "logo.png", bytes(data))) == [
        "has a valid PNG header but its image data cannot be decoded; "
        "export the logo again from the original"
    ]
