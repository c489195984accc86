"""Shared fixtures: a small valid content set, copied so tests may break it freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit.builder.pipeline import BuildSettings, BuiltDocument, build
from toolkit.builder.workers import executor_for
from toolkit.content.project import load_project
from toolkit.documents import Selection
from toolkit.errors import ContentError

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of ``tests/fixtures/content`` (one topic, one series, two brands)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[BuiltDocument]]:
    """The fixture content built once for the whole session: (output folder, documents)."""
    out = tmp_path_factory.mktemp("built")
    documents = build(BuildSettings(content=FIXTURES / "content", out=out))
    return out, documents


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real default content's digital editions (every brand, English and Spanish) built
    once for the whole session, in two worker processes (a minute or two): the folder."""
    out = tmp_path_factory.mktemp("default-build")
    settings = BuildSettings(
        content=PROJECT / "content", out=out, selection=Selection(editions=("digital",))
    )
    with executor_for(2) as executor:
        build(settings, executor=executor)
    return out


def one_tip_sheet_args(content: Path, out: Path, *extra: str) -> list[str]:
    """Command-line arguments for a quick build: the default brand's tip sheets, one process."""
    return [
        "--content", str(content), "--out", str(out), "--brand", "default",
        "--doc", "tip-sheet", "--jobs", "1", "--quiet", *extra,
    ]  # fmt: skip


def edit_content(content: Path, name: str, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) by ``new`` once in ``content/name``."""
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_problems(content: Path) -> list[str]:
    """Every problem ``load_project`` reports for ``content``, as printed."""
    with pytest.raises(ContentError) as caught:
        load_project(content)
    return [str(problem) for problem in caught.value.problems]
