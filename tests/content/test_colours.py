"""Brand colours: tints, WCAG contrast ratios, and brands refused before anything renders."""

from __future__ import annotations

import colorsys
from pathlib import Path

import pytest

from toolkit.content.colours import contrast_problems, contrast_ratio, nearest_passing, tint
from toolkit.content.models import Colours
from toolkit.content.project import load_project
from toolkit.errors import ContentError


def test_tint_mixes_towards_white() -> None:
    assert tint("#000000", 0.5) == "#808080"
    assert tint("#1F4E79", 0.0) == "#1f4e79"


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54)],
)
def test_contrast_ratio_matches_wcag(first: str, second: str, ratio: float) -> None:
    assert round(contrast_ratio(first, second), 2) == ratio


def test_shipped_default_colours_pass() -> None:
    assert contrast_problems(Colours()) == []


def test_light_primary_is_refused_with_colours_ratio_and_rule() -> None:
    problems = contrast_problems(Colours(primary="#8FBC8F", accent="#8A2B5E"))
    assert problems == [
        (
            "primary",
            "white card text on the primary colour: #ffffff on #8FBC8F has contrast 2.15:1, "
            "but WCAG 2.1 1.4.3 asks for at least 4.5:1; the nearest colour of the same hue "
            'that passes is primary: "#487948"',
        ),
        (
            "primary",
            "headings in the 'by the numbers' box: #8FBC8F on #f4f8f4 has contrast 2.01:1, "
            "but WCAG 2.1 1.4.3 asks for at least 4.5:1; the nearest colour of the same hue "
            'that passes is primary: "#487948"',
        ),
    ]


def test_brand_with_poor_contrast_fails_at_load(content: Path) -> None:
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(brand.read_text().replace('accent: "#8A2B5E"', 'accent: "#FFB000"'))
    with pytest.raises(ContentError) as caught:
        load_project(content)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "content/brands/acme/brand.yaml:7:3: colours.accent: accent-coloured labels on white: "
        "#FFB000 on #ffffff has contrast 1.83:1, but WCAG 2.1 1.4.3 asks for at least 4.5:1; "
        'the nearest colour of the same hue that passes is accent: "#9E6D00"'
    ]


def _hue_and_lightness(hex_colour: str) -> tuple[float, float]:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    hue, lightness, _ = colorsys.rgb_to_hls(*rgb)
    return hue, lightness


@pytest.mark.parametrize(
    ("colours", "field"),
    [
        (Colours(primary="#8FBC8F"), "primary"),
        (Colours(accent="#FFB000"), "accent"),
        (Colours(accent="#4FA3E0"), "accent"),
    ],
)
def test_suggested_colour_passes_keeps_the_hue_and_is_the_nearest(
    colours: Colours, field: str
) -> None:
    suggested = nearest_passing(colours, field)
    assert suggested is not None
    fixed = colours.model_copy(update={field: suggested})

    assert [f for f, _ in contrast_problems(fixed)] == []
    hue, lightness = _hue_and_lightness(getattr(colours, field))
    new_hue, new_lightness = _hue_and_lightness(suggested)
    assert abs(new_hue - hue) < 0.01
    one_step_nearer = lightness + (new_lightness - lightness) * 0.97
    rgb = colorsys.hls_to_rgb(
        hue,
        one_step_nearer,
        colorsys.rgb_to_hls(
            *[int(getattr(colours, field)[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        )[2],
    )
    nearer = "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
    assert [f for f, _ in contrast_problems(colours.model_copy(update={field: nearer}))]


def test_a_bad_logo_hides_no_contrast_error_of_any_brand(content: Path) -> None:
    brand = content / "brands/acme/brand.yaml"
    brand.write_text(
        brand.read_text()
        .replace('accent: "#8A2B5E"', 'accent: "#FFB000"')
        .replace("file: logo.svg", "file: logo.heic")
    )
    (content / "brands/acme/logo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    default = content / "brands/default/brand.yaml"
    default.write_text(default.read_text().replace('primary: "#1F4E79"', 'primary: "#8FBC8F"'))
    (content / "brands/broken").mkdir()
    (content / "brands/broken/brand.yaml").write_text(
        'colours:\n  primary: "#FFFF00"\nlogo: {file: logo.svg}\nfooter: [not, text]\n'
    )

    with pytest.raises(ContentError) as caught:
        load_project(content)

    fields = [(p.file, p.field) for p in caught.value.problems]
    assert fields == [
        ("content/brands/acme/brand.yaml", "colours.accent"),
        ("content/brands/acme/brand.yaml", "logo.file"),
        ("content/brands/broken/brand.yaml", "logo.alt"),
        ("content/brands/broken/brand.yaml", "footer"),
        ("content/brands/broken/brand.yaml", "colours.primary"),
        ("content/brands/broken/brand.yaml", "colours.primary"),
        ("content/brands/default/brand.yaml", "colours.primary"),
        ("content/brands/default/brand.yaml", "colours.primary"),
    ]
