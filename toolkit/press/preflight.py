"""Preflight: the checklist a print shop runs on a PDF before it prints it.

Takes in: PDF files or folders (a folder means every ``*.print.pdf`` under it).
Gives out: one ``FileReport`` per file, each a list of ``Check`` results (ok, warning or
error) for PDF/X version and output intent, page boxes and bleed, fonts, images' effective
resolution, colour spaces, total ink coverage, small text and the safe area; ``format_text``
and ``as_json`` present them. An error blocks printing; a warning is worth a look.

Reads PDFs with pikepdf (structure, content streams) and pypdfium2 (text and image
placement as a viewer lays them out); changes nothing.
"""

from __future__ import annotations

import ctypes
import functools
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import pikepdf
import pypdfium2  # type: ignore[import-untyped,unused-ignore]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped,unused-ignore]

from toolkit.assets.colour_profiles import rgb_to_cmyk
from toolkit.errors import ToolkitError

Status = Literal["ok", "warning", "error"]
POINT = 1 / 72  # inch
BLEED = 9.0  # 0.125 in, what printers ask for
SAFE_MARGIN = 9.0  # 0.125 in inside the trim
MIN_PPI = 300
MAX_INK = 3.0  # 300 % total area coverage
MIN_TEXT_PT = 6.0
SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class Check:
    """One line of the checklist."""

    name: str
    status: Status
    message: str


@dataclass
class FileReport:
    """Everything preflight found in one file."""

    path: str
    pages: int
    checks: list[Check] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return any(check.status == "error" for check in self.checks)

    def add(self, name: str, problems: list[str], ok: str, status: Status = "error") -> None:
        """``ok`` when nothing was found, else one line naming the problems."""
        if problems:
            shown = "; ".join(problems[:3]) + (
                f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
            )
            self.checks.append(Check(name, status, shown))
        else:
            self.checks.append(Check(name, "ok", ok))


def print_files(paths: list[Path]) -> list[Path]:
    """The PDFs to check: files as given, folders searched for ``*.print.pdf``."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob("*.print.pdf"))
        elif path.is_file():
            found.append(path)
        else:
            raise ToolkitError(f"{path}: no such file or folder")
    if not found:
        raise ToolkitError(f"no .print.pdf files in {', '.join(str(p) for p in paths)}")
    return found


def preflight_all(paths: list[Path], out: Path) -> list[FileReport]:
    """Every print file under ``paths``, named relative to the output folder ``out``."""
    return [
        preflight(path, str(path.relative_to(out)) if path.is_relative_to(out) else str(path))
        for path in print_files(paths)
    ]


def preflight(path: Path, shown_as: str | None = None) -> FileReport:
    """Run every check on one PDF."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as error:
        raise ToolkitError(f"{path}: not a readable PDF ({error})") from None
    with pdf:
        report = FileReport(shown_as or str(path), len(pdf.pages))
        channels = _check_pdfx(pdf, report)
        _check_boxes(pdf, report)
        _check_fonts(pdf, report)
        _check_colours(pdf, report, channels)
    _check_layout(path, report)
    return report


def _check_pdfx(pdf: pikepdf.Pdf, report: FileReport) -> int:
    """PDF/X version, PDF version, output intent, trapping key; the intent's channel count."""
    problems = []
    with pdf.open_metadata() as xmp:
        version = str(xmp.get("pdfxid:GTS_PDFXVersion", ""))
    if not version.startswith("PDF/X-4"):
        problems.append(f"not PDF/X-4 (XMP pdfxid:GTS_PDFXVersion is {version or 'missing'})")
    if pdf.pdf_version < "1.6":
        problems.append(f"PDF {pdf.pdf_version}; PDF/X-4 needs 1.6 or later")
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    profile = intents[0].get("/DestOutputProfile") if intents else None
    if profile is None:
        problems.append("no PDF/X output intent with an ICC profile")
    trapped = str(_entries(pdf.trailer, "/Info").get("/Trapped", ""))
    if trapped not in ("/True", "/False"):
        problems.append("/Trapped is not set to True or False in the document information")
    channels = int(profile.get("/N", 0)) if profile is not None else 0
    name = str(intents[0].get("/OutputConditionIdentifier", "")) if intents else ""
    space = {3: "RGB", 4: "CMYK", 1: "grey"}.get(channels, "?")
    report.add(
        "PDF/X",
        problems,
        f"{version}, PDF {pdf.pdf_version}, output intent {name} ({space}), trapped {trapped[1:]}",
    )
    return channels


def _entries(dictionary: Any, key: str) -> dict[str, Any]:
    """``dictionary[key]`` as a plain mapping (empty when either is missing)."""
    if dictionary is None or key not in dictionary:
        return {}
    return {str(name): value for name, value in dictionary[key].items()}


def _box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float] | None:
    box = page.obj.get(name)
    return tuple(float(v) for v in box) if box is not None else None  # type: ignore[return-value]


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    tolerance = 0.01
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


def _check_boxes(pdf: pikepdf.Pdf, report: FileReport) -> None:
    """TrimBox inside BleedBox inside MediaBox on every page; bleed of 0.125 in or more."""
    problems, thin, bleeds, trims = [], [], set(), set()
    for number, page in enumerate(pdf.pages, 1):
        media, trim, bleed = (_box(page, n) for n in ("/MediaBox", "/TrimBox", "/BleedBox"))
        if trim is None or bleed is None or media is None:
            problems.append(f"page {number}: no TrimBox or no BleedBox")
            continue
        if not (_inside(trim, bleed) and _inside(bleed, media)):
            problems.append(f"page {number}: TrimBox, BleedBox and MediaBox are not nested")
            continue
        least = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        bleeds.add(round(least * POINT, 3))
        trims.add(f"{(trim[2] - trim[0]) * POINT:.2f} × {(trim[3] - trim[1]) * POINT:.2f} in")
        if least < BLEED - 0.01:
            thin.append(f"page {number}: bleed {least * POINT:.3f} in; printers ask for 0.125 in")
    if thin and not problems:
        report.add("boxes", thin, "", status="warning")
        return
    report.add(
        "boxes",
        problems,
        f"TrimBox {', '.join(sorted(trims))} inside BleedBox (bleed "
        f"{', '.join(f'{b:.3f}' for b in sorted(bleeds))} in) inside MediaBox, every page",
    )


def _resources(page: pikepdf.Page) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
    """(content stream owner, its resources) for the page and every form it draws."""
    pending: list[tuple[pikepdf.Object, Any]] = [(page.obj, page.obj.get("/Resources"))]
    seen: set[tuple[int, int]] = set()
    while pending:
        owner, resources = pending.pop()
        yield owner, resources
        for xobject in _entries(resources, "/XObject").values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                pending.append((xobject, xobject.get("/Resources", resources)))


def _check_fonts(pdf: pikepdf.Pdf, report: FileReport) -> None:
    """Every font's program embedded (FontFile, FontFile2 or FontFile3), and subset."""
    fonts: dict[str, pikepdf.Object] = {}
    for page in pdf.pages:
        for _, resources in _resources(page):
            for font in _entries(resources, "/Font").values():
                fonts[f"{font.get('/BaseFont', '?')}#{font.objgen}"] = font
    problems, names = [], set()
    for key, font in fonts.items():
        name = key.split("#")[0].lstrip("/")
        names.add(SUBSET.sub("", name))
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
        if descriptor is None or not any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            problems.append(f"{name} is not embedded")
        elif not SUBSET.match(name):
            problems.append(f"{name} is embedded whole, not as a subset")
    listed = f"{len(fonts)} fonts, all embedded and subset: {', '.join(sorted(names))}"
    report.add("fonts", problems, listed if fonts else "no fonts")


COLOUR_OPERATORS = {
    "rg": "DeviceRGB",
    "RG": "DeviceRGB",
    "k": "DeviceCMYK",
    "K": "DeviceCMYK",
    "g": "DeviceGray",
    "G": "DeviceGray",
}


def _space_name(space: Any, resources: Any) -> tuple[str, int]:
    """A colour space's family and number of components, through the resources' names."""
    if isinstance(space, pikepdf.Name) and str(space) not in (
        "/DeviceRGB",
        "/DeviceCMYK",
        "/DeviceGray",
        "/Pattern",
    ):
        space = _entries(resources, "/ColorSpace").get(str(space), space)
    if isinstance(space, pikepdf.Array):
        family = str(space[0])[1:]
        if family == "ICCBased":
            return "ICCBased", int(space[1].get("/N", 0))
        return family, {"Lab": 3, "Separation": 1, "DeviceN": len(space[1])}.get(family, 0)
    name = str(space)[1:]
    return name, {"DeviceRGB": 3, "DeviceCMYK": 4, "DeviceGray": 1}.get(name, 0)


def _colours_used(
    pdf: pikepdf.Pdf,
) -> tuple[dict[str, set[int]], list[tuple[int, tuple[float, ...]]]]:
    """Colour spaces by the pages that use them, and every fill/stroke colour (page, values)."""
    spaces: dict[str, set[int]] = {}
    colours: list[tuple[int, tuple[float, ...]]] = []
    for number, page in enumerate(pdf.pages, 1):
        for owner, resources in _resources(page):
            current = {"fill": ("DeviceGray", 1), "stroke": ("DeviceGray", 1)}
            default_rgb = "/DefaultRGB" in _entries(resources, "/ColorSpace")
            for operands, operator in _instructions(owner):
                op = str(operator)
                if op in COLOUR_OPERATORS:
                    space = COLOUR_OPERATORS[op]
                    if space == "DeviceRGB" and default_rgb:
                        space = "DeviceRGB (as sRGB)"
                    spaces.setdefault(space, set()).add(number)
                    colours.append((number, tuple(float(v) for v in operands)))
                elif op in ("cs", "CS"):
                    current["fill" if op == "cs" else "stroke"] = _space_name(
                        operands[0], resources
                    )
                    family, count = current["fill" if op == "cs" else "stroke"]
                    spaces.setdefault(
                        family + (f" ({count})" if family == "ICCBased" else ""), set()
                    ).add(number)
                elif (
                    op in ("sc", "scn", "SC", "SCN")
                    and operands
                    and not isinstance(operands[-1], pikepdf.Name)
                ):
                    colours.append((number, tuple(float(v) for v in operands)))
            for image in _entries(resources, "/XObject").values():
                if image.get("/Subtype") == "/Image" and not image.get("/ImageMask", False):
                    family, count = _space_name(
                        image.get("/ColorSpace", pikepdf.Name.DeviceGray), resources
                    )
                    spaces.setdefault(f"{family} image", set()).add(number)
    return spaces, colours


def _instructions(owner: pikepdf.Object) -> Iterator[tuple[list[Any], pikepdf.Operator]]:
    """(operands, operator) of a content stream, inline images left out."""
    for instruction in pikepdf.parse_content_stream(owner):
        if isinstance(instruction, pikepdf.ContentStreamInstruction):
            yield list(instruction.operands), instruction.operator


def _check_colours(pdf: pikepdf.Pdf, report: FileReport, channels: int) -> None:
    """Colour spaces that fit the output intent; total ink coverage in CMYK."""
    spaces, colours = _colours_used(pdf)
    problems = []
    for space, pages in sorted(spaces.items()):
        if channels == 3 and space.startswith("DeviceCMYK"):
            problems.append(f"{space} under an RGB output intent (page {min(pages)})")
        if channels == 4 and space.startswith("DeviceRGB") and "sRGB" not in space:
            problems.append(
                f"{space} without /DefaultRGB under a CMYK output intent (page {min(pages)})"
            )
    listed = ", ".join(f"{space} ({_pages(pages)})" for space, pages in sorted(spaces.items()))
    report.add("colour", problems, listed or "no colour operators")
    report.add("ink", _heavy_inks(colours, channels), _ink_ok(channels), status="warning")


def _heavy_inks(colours: list[tuple[int, tuple[float, ...]]], channels: int) -> list[str]:
    """Colours whose CMYK inks add up to more than 300 % (RGB ones through the profile)."""
    if channels != 4:
        return []
    heavy: dict[tuple[float, ...], int] = {}
    for page, values in colours:
        inks = values if len(values) == 4 else _as_cmyk(values) if len(values) == 3 else ()
        if sum(inks) > MAX_INK + 0.005:
            heavy.setdefault(tuple(round(v, 2) for v in inks), page)
    return [
        f"{sum(inks) * 100:.0f} % ink (C{inks[0] * 100:.0f} M{inks[1] * 100:.0f} "
        f"Y{inks[2] * 100:.0f} K{inks[3] * 100:.0f}) on page {page}; most presses allow 300 %"
        for inks, page in heavy.items()
    ]


@functools.cache
def _as_cmyk(rgb: tuple[float, ...]) -> tuple[float, ...]:
    return rgb_to_cmyk("#" + "".join(f"{round(min(max(v, 0), 1) * 255):02x}" for v in rgb))


def _ink_ok(channels: int) -> str:
    if channels == 3:
        return "not checked: RGB output intent (the printer's RIP separates the colours)"
    if channels != 4:
        return "not checked: no CMYK output intent"
    return "every colour at or under 300 % total ink"


def _pages(numbers: set[int]) -> str:
    ordered = sorted(numbers)
    return f"pages {ordered[0]}–{ordered[-1]}" if len(ordered) > 1 else f"page {ordered[0]}"


@dataclass
class Layout:
    """What pdfium sees on the pages: image resolutions, text sizes, text near the trim."""

    ppi: list[tuple[int, float]] = field(default_factory=list)
    small: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    smallest: float = float("inf")


def _check_layout(path: Path, report: FileReport) -> None:
    """Images' resolution, small text and the safe area, as a viewer lays the pages out."""
    layout = Layout()
    document = pypdfium2.PdfDocument(str(path))
    try:
        for number in range(len(document)):
            _lay_out_page(document[number], number + 1, layout)
    finally:
        document.close()
    low = [f"page {page}: an image at {ppi:.0f} ppi" for page, ppi in layout.ppi if ppi < MIN_PPI]
    lowest = min((ppi for _, ppi in layout.ppi), default=0.0)
    images = f"{len(layout.ppi)} images, lowest {lowest:.0f} ppi at placed size"
    report.add("images", low, images if layout.ppi else "no raster images", status="warning")
    smallest = f"smallest text inside the trim {layout.smallest:.1f} pt"
    shown = smallest if layout.smallest < float("inf") else "no text inside the trim"
    report.add("text size", layout.small, shown, status="warning")
    report.add("safe area", layout.unsafe, "no text within 0.125 in of the trim", "warning")


def _lay_out_page(page: Any, number: int, layout: Layout) -> None:
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        layout.ppi.append((number, _effective_ppi(image)))
    sizes, near = _text_facts(page, _trim_of(page))
    layout.smallest = min([layout.smallest, *(size for size, _ in sizes)])
    if tiny := [(size, char) for size, char in sizes if size < MIN_TEXT_PT - 0.01]:
        sample = "".join(char for _, char in tiny[:20])
        least = min(size for size, _ in tiny)
        layout.small.append(
            f"page {number}: {len(tiny)} characters under 6 pt ({least:.1f} pt: '{sample}')"
        )
    if near:
        sample = "".join(near[:20])
        layout.unsafe.append(
            f"page {number}: {len(near)} characters within 0.125 in of the trim ('{sample}')"
        )


def _trim_of(page: Any) -> tuple[float, float, float, float]:
    box = page.get_trimbox()
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


def _effective_ppi(image: Any) -> float:
    """Pixels per inch at the size the image is placed (the lower of the two directions)."""
    width_px, height_px = image.get_px_size()
    matrix = image.get_matrix().get()
    width_pt = (matrix[0] ** 2 + matrix[1] ** 2) ** 0.5
    height_pt = (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
    if width_pt == 0 or height_pt == 0:
        return float("inf")
    return float(min(width_px / (width_pt * POINT), height_px / (height_pt * POINT)))


def _text_facts(
    page: Any, trim: tuple[float, float, float, float]
) -> tuple[list[tuple[float, str]], list[str]]:
    """Printed sizes of the characters inside the trim, and the characters too close to it."""
    textpage = page.get_textpage()
    sizes: list[tuple[float, str]] = []
    near: list[str] = []
    matrix = pdfium_c.FS_MATRIX()
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    try:
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
            if not char.strip():
                continue
            pdfium_c.FPDFText_GetCharBox(
                textpage.raw, index, *(ctypes.byref(v) for v in (left, right, bottom, top))
            )
            box = (left.value, bottom.value, right.value, top.value)
            if box[2] <= trim[0] or box[0] >= trim[2] or box[3] <= trim[1] or box[1] >= trim[3]:
                continue  # outside the trim: slug lines, marks
            pdfium_c.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix))
            scale = (matrix.c**2 + matrix.d**2) ** 0.5  # the size Tf names, as placed
            sizes.append((pdfium_c.FPDFText_GetFontSize(textpage.raw, index) * scale, char))
            if (
                box[0] < trim[0] + SAFE_MARGIN
                or box[1] < trim[1] + SAFE_MARGIN
                or box[2] > trim[2] - SAFE_MARGIN
                or box[3] > trim[3] - SAFE_MARGIN
            ):
                near.append(char)
    finally:
        textpage.close()
    return sizes, near


def format_text(reports: list[FileReport]) -> str:
    """The checklist for people: a block per file, then one line of totals."""
    lines = []
    for report in reports:
        lines.append(f"{report.path}  ({report.pages} page{'s' if report.pages != 1 else ''})")
        lines += [f"  {check.status:8} {check.name:10} {check.message}" for check in report.checks]
    blocked = sum(report.blocking for report in reports)
    warned = sum(any(c.status == "warning" for c in r.checks) for r in reports)
    files = f"{len(reports)} file{'s' if len(reports) != 1 else ''}"
    if blocked:
        lines.append(
            f"{files}: {blocked} with a problem that stops printing, {warned} with warnings."
        )
    else:
        lines.append(f"{files}: ready for the printer ({warned} with warnings).")
    return "\n".join(lines)


def as_json(reports: list[FileReport]) -> dict[str, Any]:
    """The same, for scripts."""
    return {
        "files": [{**asdict(report), "blocking": report.blocking} for report in reports],
        "blocking": sum(report.blocking for report in reports),
    }
