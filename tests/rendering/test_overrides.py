"""A brand's own templates: block-by-block overrides (the documented example moves the logo
and recolours the booklet cover), run sandboxed, with mistakes reported at their line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from toolkit.builder.pipeline import PROJECT_ROOT, BuildSettings, build
from toolkit.documents import Selection
from toolkit.errors import PartialBuildError

EXAMPLE = PROJECT_ROOT / "docs/examples/brand-templates"


def _build(content: Path, out: Path, docs: tuple[str, ...]) -> None:
    selection = Selection(brands=("acme",), docs=docs, editions=("digital",))
    build(BuildSettings(content=content, out=out, selection=selection))


def _left_of(pdf: Path, words: str) -> float:
    """Where ``words`` start on the first page, in points from the left edge."""
    text = pdfium.PdfDocument(pdf)[0].get_textpage()
    found = text.search(words).get_next()
    assert found, words
    return float(text.get_charbox(found[0])[0])


def _pixel(pdf: Path, x: float, y: float) -> tuple[int, ...]:
    """The colour at (x, y) inches from the top left of the first page, drawn at 72 dpi."""
    bitmap = pdfium.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    return tuple(bitmap.getpixel((int(x * 72), int(y * 72))))


def test_the_documented_example_moves_the_logo_and_recolours_the_cover(
    content: Path, tmp_path: Path
) -> None:
    _build(content, tmp_path / "before", ("tip-sheet", "episode-guide"))
    shutil.copytree(EXAMPLE, content / "brands/acme/templates")
    _build(content, tmp_path / "after", ("tip-sheet", "episode-guide"))
    sheet = "acme/en/tip-sheets/test-topic.pdf"
    # The kicker follows the logo in the built-in header, and leads it in the example.
    assert _left_of(tmp_path / "before" / sheet, "FOR PARENTS") > 100
    assert _left_of(tmp_path / "after" / sheet, "FOR PARENTS") < 45
    booklet = "acme/en/episode-guides/test-series.pdf"
    assert _pixel(tmp_path / "before" / booklet, 2.75, 3) == (255, 255, 255)
    assert _pixel(tmp_path / "after" / booklet, 2.75, 3) == (0x1E, 0x5B, 0x3A)  # acme primary


def test_other_brands_keep_the_built_in_templates(content: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, content / "brands/acme/templates")
    selection = Selection(brands=("default",), docs=("episode-guide",), editions=("digital",))
    build(BuildSettings(content=content, out=tmp_path, selection=selection))
    booklet = tmp_path / "default/en/episode-guides/test-series.pdf"
    assert _pixel(booklet, 2.75, 3) == (255, 255, 255)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            '{% extends "toolkit/tip_sheet.html" %}\n{% block header %}\n{{ "".__class__ }}'
            "\n{% endblock %}",
            "content/brands/acme/templates/tip_sheet.html:3: not allowed in a template: "
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            '{% extends "toolkit/tip_sheet.html" %}\n{% block header %}\n{{ brand.nickname }}'
            "\n{% endblock %}",
            "content/brands/acme/templates/tip_sheet.html:3: "
            "'toolkit.content.models.Brand object' has no attribute 'nickname'",
        ),
        (
            '{% extends "toolkit/tip_sheet.html" %}\n{% block header %}\n{% if %}\n{% endblock %}',
            "content/brands/acme/templates/tip_sheet.html:3: Expected an expression, got "
            "'end of statement block'",
        ),
    ],
    ids=["sandboxed", "undefined", "syntax"],
)
def test_template_mistakes_are_reported_at_their_line(
    content: Path, tmp_path: Path, template: str, message: str
) -> None:
    folder = content / "brands/acme/templates"
    folder.mkdir()
    (folder / "tip_sheet.html").write_text(template)
    with pytest.raises(PartialBuildError) as error:
        _build(content, tmp_path, ("tip-sheet",))
    assert [str(problem) for problem in error.value.problems] == [message]
