"""Brand images are data: judged by content, free of code and external files, not huge."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from toolkit.content.images import image_problems
from toolkit.content.project import load_project
from toolkit.errors import ContentError

SAFE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10"/></svg>'
)


def _png(width: int = 40, height: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _raster(kind: str, width: int = 900, height: int = 300) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1E5B3A").save(buffer, format=kind)
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """Only the signature and IHDR: enough to claim a size without allocating it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + chunk + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_plain_svg_and_png_pass(tmp_path: Path) -> None:
    assert image_problems(_write(tmp_path, "logo.svg", SAFE_SVG)) == []
    assert image_problems(_write(tmp_path, "logo.png", _png())) == []


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        (
            SAFE_SVG.replace("<rect", "<script>alert(1)</script><rect"),
            "contains a <script> element; logos may not carry code or HTML",
        ),
        (
            SAFE_SVG.replace("<rect", '<rect onload="alert(1)"'),
            "has an event handler (onload); logos may not carry code",
        ),
        (
            SAFE_SVG.replace("<rect", '<image href="https://example.org/x.png"/><rect'),
            "refers to https://example.org/x.png; logos must not load other files",
        ),
        (
            SAFE_SVG.replace(
                "<rect",
                '<image xmlns:x="http://www.w3.org/1999/xlink" x:href="file:///etc/passwd"/><rect',
            ),
            "refers to file:///etc/passwd; logos must not load other files",
        ),
        (
            SAFE_SVG.replace(
                "<rect", "<style>@import url(https://example.org/a.css);</style><rect"
            ),
            "its styles load other files; logos must be self-contained",
        ),
        (
            SAFE_SVG.replace("<rect", "<foreignObject><p>hi</p></foreignObject><rect"),
            "contains a <foreignObject> element; logos may not carry code or HTML",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SAFE_SVG,
            "declares a DOCTYPE or entities; save the SVG without them",
        ),
    ],
)
def test_unsafe_svg_is_refused(tmp_path: Path, svg: str, problem: str) -> None:
    assert image_problems(_write(tmp_path, "logo.svg", svg)) == [problem]


def test_internal_references_in_svg_are_fine(tmp_path: Path) -> None:
    svg = SAFE_SVG.replace("<rect", '<defs><rect id="r"/></defs><use href="#r"/><rect')
    assert image_problems(_write(tmp_path, "logo.svg", svg)) == []


def test_type_is_judged_by_content_not_name(tmp_path: Path) -> None:
    assert image_problems(_write(tmp_path, "logo.png", SAFE_SVG)) == [
        "is named .png but its content looks like SVG"
    ]
    assert image_problems(_write(tmp_path, "logo.svg", b"\xff\xd8\xff\xe0 jpeg")) == [
        "is named .svg but its content looks like JPEG"
    ]
    assert image_problems(_write(tmp_path, "logo.png", b"hello")) == [
        "is not an image we can use; save it as SVG (best), PNG or JPEG from the program that "
        "made it, or convert it, for example with ImageMagick: convert logo.png logo.png"
    ]
    assert image_problems(_write(tmp_path, "logo.jpg", _raster("WEBP"))) == [
        "is named .jpg but its content looks like WEBP"
    ]


def test_huge_images_are_refused_before_decoding(tmp_path: Path) -> None:
    assert image_problems(_write(tmp_path, "logo.png", _png_header(10_000, 8_000))) == [
        "is 10000 x 8000 pixels (80 megapixels); images over 50 megapixels are refused"
    ]
    big = tmp_path / "big.png"
    with big.open("wb") as handle:
        handle.write(_png())
        handle.truncate(21 * 1024 * 1024)  # sparse: no real 21 MB written
    assert image_problems(big) == ["is 21.0 MB; images over 20 MB are refused"]


def test_unsafe_logo_fails_the_brand_at_load(content: Path) -> None:
    (content / "brands/acme/logo.svg").write_text(
        SAFE_SVG.replace("<rect", "<script>alert(1)</script><rect")
    )
    with pytest.raises(ContentError) as caught:
        load_project(content)
    assert [str(p) for p in caught.value.problems] == [
        "content/brands/acme/brand.yaml:3:3: logo.file: logo.svg contains a <script> element; "
        "logos may not carry code or HTML"
    ]


def _brand_with(content: Path, extra: str) -> Path:
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(brand.read_text() + extra)
    return brand


def test_png_logo_too_small_for_print_is_a_warning_with_the_size_needed(content: Path) -> None:
    (content / "brands/acme/logo.png").write_bytes(_png(300, 100))
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(brand.read_text().replace("file: logo.svg", "file: logo.png"))
    [warning] = [str(w) for w in load_project(content).warnings]
    assert warning == (
        "content/brands/acme/brand.yaml:3:3: logo.file: logo.png is 300 x 100 pixels; printed "
        "2.6 in wide that is 115 dpi, below the 300 print needs: use at least 780 x 260 "
        "pixels, or an SVG"
    )
    (content / "brands/acme/logo.png").write_bytes(_png(780, 260))
    assert load_project(content).warnings == []


def test_partner_logos_are_checked_like_the_logo(content: Path) -> None:
    (content / "brands/acme/partner.png").write_bytes(_png(200, 100))
    (content / "brands/acme/fake.svg").write_bytes(_png())
    _brand_with(
        content,
        "partners:\n  - name: County Library\n    logo: partner.png\n"
        "  - name: Bad\n    logo: fake.svg\n  - name: Gone\n    logo: gone.svg\n"
        "  - name: No Logo Trust\n",
    )
    with pytest.raises(ContentError) as error:
        load_project(content)
    assert str(error.value).splitlines() == [
        "content/brands/acme/brand.yaml:17:5: partners[1].logo: fake.svg is named .svg but "
        "its content looks like PNG",
        "content/brands/acme/brand.yaml:19:5: partners[2].logo: partner logo file not found: "
        "gone.svg",
    ]


def test_low_resolution_partner_logo_warns(content: Path) -> None:
    (content / "brands/acme/partner.png").write_bytes(_png(200, 100))
    _brand_with(content, "partners:\n  - name: County Library\n    logo: partner.png\n")
    [warning] = [str(w) for w in load_project(content).warnings]
    assert warning.startswith("content/brands/acme/brand.yaml:15:5: partners[0].logo: ")
    assert warning.endswith("use at least 270 x 135 pixels, or an SVG")


def test_brand_fonts_are_judged_by_content(content: Path) -> None:
    from toolkit.assets.fonts import font_folder

    lato = next(font_folder().glob("*.ttf"))
    folder = content / "brands/acme"
    (folder / "good.ttf").write_bytes(lato.read_bytes())
    (folder / "notes.ttf").write_text("not a font")
    (folder / "web.ttf").write_bytes(b"wOFF" + bytes(60))
    _brand_with(content, "fonts:\n  headings: good.ttf\n  text: notes.ttf\n")
    with pytest.raises(ContentError) as error:
        load_project(content)
    assert str(error.value) == (
        "content/brands/acme/brand.yaml:15:3: fonts.text: notes.ttf is not a font file "
        "(TrueType, OpenType, WOFF or WOFF2)"
    )
    brand = folder / "brand.yaml"
    brand.write_text(brand.read_text().replace("text: notes.ttf", "text: web.ttf"))
    with pytest.raises(ContentError, match=r"web\.ttf is named \.ttf but its content is a WOFF"):
        load_project(content)


def test_font_symlink_out_of_the_brand_folder_is_refused(content: Path) -> None:
    from toolkit.assets.fonts import font_folder

    (content / "brands/acme/linked.ttf").symlink_to(next(font_folder().glob("*.ttf")))
    _brand_with(content, "fonts:\n  text: linked.ttf\n")
    with pytest.raises(ContentError) as error:
        load_project(content)
    assert str(error.value) == (
        "content/brands/acme/brand.yaml:14:3: fonts.text: font must be a file inside the "
        "brand folder"
    )


def test_a_font_path_outside_the_folder_is_refused_by_name(content: Path) -> None:
    _brand_with(content, "fonts:\n  text: /usr/share/fonts/evil.ttf\n")
    with pytest.raises(ContentError) as error:
        load_project(content)
    assert str(error.value) == (
        "content/brands/acme/brand.yaml:14:3: fonts.text: must be the name of a .ttf, .otf, "
        ".woff or .woff2 file in the brand folder"
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [("logo.jpg", "JPEG"), ("logo.jpeg", "JPEG"), ("logo.webp", "WEBP"), ("logo.gif", "GIF")],
)
def test_jpeg_webp_and_other_pillow_formats_are_accepted(
    tmp_path: Path, name: str, kind: str
) -> None:
    assert image_problems(_write(tmp_path, name, _raster(kind))) == []


def test_a_file_pillow_cannot_read_says_how_to_convert_it(tmp_path: Path) -> None:
    assert image_problems(_write(tmp_path, "logo.heic", b"\x00\x00\x00\x18ftypheic....")) == [
        "is not an image we can use; save it as SVG (best), PNG or JPEG from the program that "
        "made it, or convert it, for example with ImageMagick: convert logo.heic logo.png"
    ]


@pytest.mark.parametrize(("name", "kind"), [("logo.jpg", "JPEG"), ("logo.webp", "WEBP")])
def test_small_jpeg_and_webp_logos_get_the_same_print_warning_as_png(
    content: Path, name: str, kind: str
) -> None:
    (content / "brands/acme" / name).write_bytes(_raster(kind, 300, 100))
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(brand.read_text().replace("file: logo.svg", f"file: {name}"))
    [warning] = [str(w) for w in load_project(content).warnings]
    assert warning == (
        f"content/brands/acme/brand.yaml:3:3: logo.file: {name} is 300 x 100 pixels; printed "
        "2.6 in wide that is 115 dpi, below the 300 print needs: use at least 780 x 260 "
        "pixels, or an SVG"
    )


def test_huge_jpeg_is_refused_from_its_header(tmp_path: Path) -> None:
    # a valid JPEG header claiming 10000 x 8000 pixels; Pillow reads the size without decoding
    header = _raster("JPEG", 16, 16)
    sof = header.index(b"\xff\xc0") + 5
    huge = header[:sof] + struct.pack(">HH", 8000, 10000) + header[sof + 4 :]
    assert image_problems(_write(tmp_path, "logo.jpg", huge)) == [
        "is 10000 x 8000 pixels (80 megapixels); images over 50 megapixels are refused"
    ]


@pytest.mark.parametrize(("name", "kind"), [("logo.jpg", "JPEG"), ("logo.webp", "WEBP")])
def test_jpeg_and_webp_logos_are_drawn_in_the_pdf(
    content: Path, tmp_path: Path, name: str, kind: str
) -> None:
    import pikepdf

    from toolkit.builder.pipeline import BuildSettings, build
    from toolkit.documents import Selection

    (content / "brands/acme" / name).write_bytes(_raster(kind, 900, 300))
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(brand.read_text().replace("file: logo.svg", f"file: {name}"))
    out = tmp_path / "out"
    selection = Selection(brands=("acme",), docs=("tip-sheet",), editions=("digital",))
    build(BuildSettings(content=content, out=out, selection=selection))

    with pikepdf.open(out / "acme/en/tip-sheets/test-topic.pdf") as pdf:
        sizes = {
            (int(image.Width), int(image.Height))
            for page in pdf.pages
            for image in page.get_images().values()
        }
    # at print resolution: 1.8 in wide at 300 dpi, from the 900 x 300 file
    assert sizes == {(540, 180)}
