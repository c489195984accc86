"""Brand kits: a brand folder's ``brand.yaml``, its own words in other languages, and its files.

Takes in: the ``brands/`` folder of a content folder.
Gives out: a ``BrandKit`` per usable brand (its folder, model and translations), after
checking the colours' contrast and every file the brand names (logos, partner logos,
fonts): inside the brand folder, present, and safe data (``images``); and that no link in
the folder (its ``templates/`` above all) leads outside it. Problems and warnings go to the
``Collector``. Every check runs whatever else is wrong, so one run reports every problem of
every brand (a bad logo hides no contrast error).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from toolkit.assets.i18n import language_name
from toolkit.content.colours import contrast_problems
from toolkit.content.images import font_problems, image_problems, print_resolution_warning
from toolkit.content.models import ID_PATTERN, Brand, Colours
from toolkit.content.problems import Collector, Loc
from toolkit.content.reader import load_model
from toolkit.content.translations import load_translation


@dataclass(frozen=True)
class LogoBox:
    """Where a document kind prints a logo (inches): always ``height`` tall, so its words
    stay readable (a wordmark's smaller line at 6 pt or more), and at most ``max_width``
    wide (a wider logo is scaled down inside that box, never stretched)."""

    height: float
    max_width: float


LOGO_BOXES: dict[tuple[str, str], LogoBox] = {
    ("tip-sheet", "logo"): LogoBox(0.6, 2.4),
    ("tip-sheet", "partner"): LogoBox(0.42, 1.4),
    ("youth-cards", "logo"): LogoBox(0.55, 2.4),
    ("episode-guide", "logo"): LogoBox(0.9, 2.6),
    ("episode-guide", "partner"): LogoBox(0.45, 1.4),
}
"""Each document kind's box for its logo (``logo``) and partners' logos (``partner``): the
one table the templates (through ``logo_boxes``) and the print-resolution check read."""


def logo_boxes(kind: str) -> dict[str, LogoBox]:
    """The logo boxes of one document kind, by role: ``{"logo": …, "partner": …}``."""
    return {role: box for (name, role), box in LOGO_BOXES.items() if name == kind}


PRINTED_SIZE = {
    role: (
        max(box.max_width for (_, r), box in LOGO_BOXES.items() if r == role),
        max(box.height for (_, r), box in LOGO_BOXES.items() if r == role),
    )
    for role in ("logo", "partner")
}
"""The largest box (width, height in inches) any document prints each kind of logo in: a
raster logo must be sharp at that size."""


@dataclass(frozen=True)
class BrandKit:
    """A brand and the folder its files live in."""

    name: str
    folder: Path
    brand: Brand
    translations: dict[str, Brand] = field(default_factory=dict)
    """The brand's own words (footer, organization) in other languages: ``brand.es.yaml``."""

    @property
    def logo_path(self) -> Path | None:
        return self.folder / self.brand.logo.file if self.brand.logo else None

    def files(self) -> list[tuple[Loc, Path, str]]:
        """Every file brand.yaml names: (field, path, kind), kind ``logo``, ``partner`` or
        ``font``."""
        brand, folder = self.brand, self.folder
        named: list[tuple[Loc, Path, str]] = []
        if brand.logo:
            named.append((("logo", "file"), folder / brand.logo.file, "logo"))
        for index, partner in enumerate(brand.partners):
            if partner.logo:
                named.append((("partners", index, "logo"), folder / partner.logo, "partner"))
        for role in ("headings", "text"):
            if name := getattr(brand.fonts, role):
                named.append((("fonts", role), folder / name, "font"))
        return named


def load_brands(folder: Path, collector: Collector, langs: list[str]) -> dict[str, BrandKit]:
    brands: dict[str, BrandKit] = {}
    for brand_dir in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        path = brand_dir / "brand.yaml"
        if not ID_PATTERN.match(brand_dir.name):
            collector.add(brand_dir, "brand folder name must use only a-z, 0-9 and '-'")
        elif not path.is_file():
            collector.add(brand_dir, "brand folder has no brand.yaml")
        elif (brand := load_model(path, Brand, collector)) is None:
            _check_contrast_alone(path, collector)  # a mistake elsewhere hides no other
        else:
            kit = BrandKit(brand_dir.name, brand_dir, brand)
            _check_contrast(path, brand.colours, collector)
            usable = _brand_files_are_usable(kit, path, collector)
            inside = _stays_inside(kit, collector)
            translations = _brand_translations(kit, langs, collector)
            if usable and inside:
                brands[kit.name] = replace(kit, translations=translations)
    if not brands and not collector.problems:
        collector.add(folder, "no brands found; add brands/default/brand.yaml")
    return brands


def _check_contrast(path: Path, colours: Colours, collector: Collector) -> None:
    for name, message in contrast_problems(colours):
        collector.add_at(path, ("colours", name), message)


def _check_contrast_alone(path: Path, collector: Collector) -> None:
    """The colours' contrast, for a brand.yaml with mistakes in other fields."""
    try:
        colours = Colours.model_validate(collector.data.get(path, {}).get("colours", {}))
    except ValidationError:
        return  # the colours' own mistakes are already reported
    _check_contrast(path, colours, collector)


def _brand_translations(kit: BrandKit, langs: list[str], collector: Collector) -> dict[str, Brand]:
    """The brand in other languages, where it has words to translate (a footer)."""
    found = {}
    for lang in langs:
        if kit.brand.footer or (kit.folder / f"brand.{lang}.yaml").is_file():
            missing = f"its {language_name(lang)} documents print its footer untranslated"
            translated = load_translation(
                kit.folder / "brand.yaml", lang, Brand, collector, missing
            )
            if translated is not None:
                found[lang] = translated
    return found


def _brand_files_are_usable(kit: BrandKit, path: Path, collector: Collector) -> bool:
    """Every file brand.yaml names is inside the brand folder, exists, and is safe data."""
    usable = True
    for loc, file, kind in kit.files():
        resolved, label = file.resolve(), {"partner": "partner logo"}.get(kind, kind)
        if not resolved.is_relative_to(kit.folder.resolve()):
            collector.add_at(path, loc, f"{label} must be a file inside the brand folder")
        elif not resolved.is_file():
            collector.add_at(path, loc, f"{label} file not found: {file.name}")
        elif problems := (font_problems if kind == "font" else image_problems)(resolved):
            for problem in problems:
                collector.add_at(path, loc, f"{file.name} {problem}")
        else:
            if kind != "font" and (
                warning := print_resolution_warning(resolved, PRINTED_SIZE[kind])
            ):
                collector.warn_at(path, loc, f"{file.name} {warning}")
            continue
        usable = False
    return usable


def _stays_inside(kit: BrandKit, collector: Collector) -> bool:
    """No link in the brand folder leads outside it, and nothing in it is a device or pipe:
    a template could print such a file (``env.html -> /proc/self/environ``) and the cache
    reads every file (``x -> /dev/zero`` would never end)."""
    folder, usable = kit.folder.resolve(), True
    named = {path for _, path, _ in kit.files()}  # brand.yaml's files: reported at their field
    for parent, dirs, files in os.walk(kit.folder):  # links to folders are not entered
        for name in sorted([*dirs, *files]):
            path = Path(parent, name)
            if path in named:
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(folder):
                collector.add(
                    path,
                    f"is a link to {path.resolve()}, outside the brand folder; a brand kit "
                    "may only hold its own files",
                )
                usable = False
            elif not (path.is_dir() or path.is_file()):
                collector.add(path, "is not a plain file or folder; remove it from the brand kit")
                usable = False
    return usable
