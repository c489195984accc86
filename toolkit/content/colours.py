"""Colour maths for brands: tints, and the WCAG contrast check run when a brand is loaded.

Takes in: a brand's ``Colours`` (primary and accent as hex, optionally as CMYK inks).
Gives out: the tints the templates use, a list of contrast problems for every
text/background pair the templates print, each naming the colours, the ratio and the rule,
and the nearest colour of the same hue (and saturation) that passes every pair that colour
is in; and the CMYK print edition's inks (``print_inks``).
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from toolkit.assets.colour_profiles import rgb_to_cmyk
from toolkit.content.models import Cmyk, Colours

Inks = tuple[float, float, float, float]
"""CMYK, each 0 to 1."""

WHITE = "#ffffff"
BODY_TEXT = "#1a1a1a"  # print.css: html { color }
PRIMARY_TINT, ACCENT_TINT = 0.9, 0.88
NORMAL_TEXT, LARGE_TEXT = 4.5, 3.0  # WCAG 2.1 success criterion 1.4.3 (AA)


def tint(hex_colour: str, amount: float) -> str:
    """Mix ``hex_colour`` with white; ``amount`` 0.9 gives a very light tint."""
    channels = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Pair:
    """A text colour on a background, as the templates print it."""

    field: str
    text: str
    background: str
    where: str
    minimum: float


def template_pairs(colours: Colours) -> list[Pair]:
    """Every brand-dependent text/background pair in the templates."""
    primary_tint = tint(colours.primary, PRIMARY_TINT)
    accent_tint = tint(colours.accent, ACCENT_TINT)
    return [
        Pair(
            "primary", WHITE, colours.primary, "white card text on the primary colour", NORMAL_TEXT
        ),
        Pair(
            "primary",
            colours.primary,
            primary_tint,
            "headings in the 'by the numbers' box",
            NORMAL_TEXT,
        ),
        Pair("accent", colours.accent, WHITE, "accent-coloured labels on white", NORMAL_TEXT),
        Pair("accent", BODY_TEXT, accent_tint, "text in the 'where to get help' box", NORMAL_TEXT),
    ]


def contrast_problems(colours: Colours) -> list[tuple[str, str]]:
    """(field, message) for each pair below its WCAG minimum."""
    problems = []
    for pair in template_pairs(colours):
        ratio = contrast_ratio(pair.text, pair.background)
        if ratio < pair.minimum:
            problems.append(
                (
                    pair.field,
                    f"{pair.where}: {pair.text} on {pair.background} has contrast "
                    f"{ratio:.2f}:1, but WCAG 2.1 1.4.3 asks for at least {pair.minimum}:1; "
                    f"{_suggestion(colours, pair.field)}",
                )
            )
    return problems


def _passes(colours: Colours, field: str) -> bool:
    return all(
        contrast_ratio(pair.text, pair.background) >= pair.minimum
        for pair in template_pairs(colours)
        if pair.field == field
    )


def nearest_passing(colours: Colours, field: str) -> str | None:
    """The colour closest in lightness to ``field``'s, with the same hue and saturation,
    that passes every pair ``field`` is in; ``None`` if no lightness does."""
    channels = [int(getattr(colours, field)[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    hue, lightness, saturation = colorsys.rgb_to_hls(*channels)
    for step in range(1, 401):
        for candidate in (lightness - step / 400, lightness + step / 400):
            if 0 <= candidate <= 1:
                rgb = colorsys.hls_to_rgb(hue, candidate, saturation)
                hex_colour = "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
                if _passes(colours.model_copy(update={field: hex_colour}), field):
                    return hex_colour
    return None


def _suggestion(colours: Colours, field: str) -> str:
    nearest = nearest_passing(colours, field)
    if nearest is None:
        return f"choose another {field} colour"
    return f'the nearest colour of the same hue that passes is {field}: "{nearest.upper()}"'


@dataclass(frozen=True)
class PrintInks:
    """The brand's colours as CMYK inks, for the CMYK print edition."""

    primary: Inks
    accent: Inks

    def css(self) -> dict[str, str]:
        """The templates' colour variables as CSS ``device-cmyk()`` values; a tint is the
        same inks at a lighter screen, as a printer would make it."""
        return {
            "primary": device_cmyk(self.primary),
            "accent": device_cmyk(self.accent),
            "primary_tint": device_cmyk(tuple(v * (1 - PRIMARY_TINT) for v in self.primary)),
            "accent_tint": device_cmyk(tuple(v * (1 - ACCENT_TINT) for v in self.accent)),
        }


def print_inks(colours: Colours) -> PrintInks:
    """The brand's inks: given in ``cmyk`` exactly, else converted through the profile."""
    return PrintInks(
        _inks(colours.cmyk.primary, colours.primary), _inks(colours.cmyk.accent, colours.accent)
    )


def _inks(given: Cmyk | None, hex_colour: str) -> Inks:
    if given is None:
        return rgb_to_cmyk(hex_colour)
    c, m, y, k = (value / 100 for value in given)
    return (c, m, y, k)


def device_cmyk(inks: tuple[float, ...]) -> str:
    """``device-cmyk(1 0.72 0 0.18)``: numbers rounded to 4 places, as the PDF will carry."""
    return "device-cmyk(" + " ".join(f"{round(v, 4):g}" for v in inks) + ")"
