"""The README's pictures are drawn from a real build of the example brand."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from toolkit.builder.pipeline import PROJECT_ROOT
from toolkit.views.showcase import HEIGHT, PICTURES, write_showcase


def test_every_picture_is_drawn_at_the_same_height(tmp_path: Path) -> None:
    written = write_showcase(tmp_path, PROJECT_ROOT / "content", PROJECT_ROOT / "templates")
    assert sorted(p.name for p in written) == sorted(f"{name}.png" for name in PICTURES)
    for path in written:
        with Image.open(path) as image:
            assert image.height == HEIGHT
    # the README shows the committed copies of exactly these pictures
    readme = (PROJECT_ROOT / "README.md").read_text()
    for name in PICTURES:
        assert f"docs/images/{name}.png" in readme
        assert (PROJECT_ROOT / "docs/images" / f"{name}.png").is_file()
