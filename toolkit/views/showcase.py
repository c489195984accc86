"""The README's pictures: one thumbnail per document kind, from a real build.

Takes in: the content and templates folders.
Gives out: PNG thumbnails under ``docs/images/`` (front and back of a tip sheet, a card front
and back, the card print sheet, the booklet cover and an episode page), built from the
example brand so the README always shows what the current templates make. Run with
``.venv/bin/python build_pdfs.py docs-images`` and commit the result.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]

from toolkit.builder.pipeline import BuildSettings, build
from toolkit.documents import Selection
from toolkit.files import write_atomic

BRAND, TOPIC, SERIES = "riverside-pta", "online-enticement", "netsmartz-discussion-guide"
PICTURES = {  # image name: (PDF path under the brand's language folder, page index)
    "tip-sheet-front": (f"tip-sheets/{TOPIC}.pdf", 0),
    "tip-sheet-back": (f"tip-sheets/{TOPIC}.pdf", 1),
    "card-front": (f"youth-cards/{TOPIC}.pdf", 0),
    "card-back": (f"youth-cards/{TOPIC}.pdf", 1),
    "card-sheet": (f"youth-cards/{TOPIC}.print.pdf", 0),
    "booklet-cover": (f"episode-guides/{SERIES}.pdf", 0),
    "booklet-episode": (f"episode-guides/{SERIES}.pdf", 3),
}
HEIGHT = 300  # pixels: every picture the same height, so they line up in a table


def write_showcase(docs: Path, content: Path, templates: Path) -> list[Path]:
    """Build the example brand's documents and draw the README's pictures from them."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        selection = Selection(brands=(BRAND,), topics=(TOPIC, SERIES))
        build(BuildSettings(content=content, out=out, templates=templates, selection=selection))
        folder = out / BRAND / "en"
        return [
            _draw(folder / pdf, page, docs / "images" / f"{name}.png")
            for name, (pdf, page) in PICTURES.items()
        ]


def _draw(pdf: Path, page_index: int, png: Path) -> Path:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[page_index]
        image = page.render(scale=HEIGHT / page.get_height()).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    write_atomic(png, buffer.getvalue())
    return png
