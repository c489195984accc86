"""Brand colours: tints, WCAG contrast ratios, and brands refused before anything renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.content.colours import contrast_problems, contrast_ratio, tint
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
            "but WCAG 2.1 1.4.3 asks for at least 4.5:1; choose a darker primary colour",
        ),
        (
            "primary",
            "headings in the 'by the numbers' box: #8FBC8F on #f4f8f4 has contrast 2.01:1, "
            "but WCAG 2.1 1.4.3 asks for at least 4.5:1; choose a darker primary colour",
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
        "choose a darker accent colour"
    ]
