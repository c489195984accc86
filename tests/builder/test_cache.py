"""Incremental builds: what is rebuilt after each kind of change, and what is reused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from toolkit.builder.pipeline import PROJECT_ROOT, BuildSettings, build
from toolkit.documents import Selection

DIGITAL = Selection(editions=("digital",))
FIXTURE = Path(__file__).parents[1] / "fixtures" / "content"


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fixture content with a second topic and its own templates, built once per module."""
    root = tmp_path_factory.mktemp("baseline")
    shutil.copytree(FIXTURE, root / "content")
    shutil.copy(root / "content/topics/test-topic.yaml", root / "content/topics/other-topic.yaml")
    shutil.copytree(PROJECT_ROOT / "templates", root / "templates")
    assert {d.status for d in build(_settings(root))} == {"rebuilt"}
    return root


def _settings(root: Path, **options: bool) -> BuildSettings:
    return BuildSettings(
        content=root / "content",
        out=root / "out",
        templates=root / "templates",
        selection=DIGITAL,
        **options,
    )


@pytest.fixture
def project(baseline: Path, tmp_path: Path) -> tuple[BuildSettings, Path]:
    """A private copy of the built baseline (copies keep file times, so dates stay equal)."""
    root = tmp_path / "copy"
    shutil.copytree(baseline, root)
    return _settings(root), root / "content"


def _rebuilt(settings: BuildSettings) -> list[str]:
    return sorted(d.path for d in build(settings) if d.status == "rebuilt")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_nothing_changed_renders_nothing(project: tuple[BuildSettings, Path]) -> None:
    settings, _ = project
    before = {p: p.read_bytes() for p in settings.out.rglob("*.pdf")}
    documents = build(settings)
    assert {d.status for d in documents} == {"reused"}
    assert {p: p.read_bytes() for p in settings.out.rglob("*.pdf")} == before
    manifest = json.loads((settings.out / "acme/manifest.json").read_text())
    assert {entry["status"] for entry in manifest["documents"]} == {"reused"}


def test_changing_one_topic_rebuilds_only_its_documents(
    project: tuple[BuildSettings, Path],
) -> None:
    settings, content = project
    _edit(content / "topics/other-topic.yaml", "title: Test Topic", "title: Other Topic")
    assert _rebuilt(settings) == [
        f"{brand}/en/{kind}/other-topic.pdf"
        for brand in ("acme", "default")
        for kind in ("tip-sheets", "youth-cards")
    ]


def test_a_topic_the_series_uses_rebuilds_the_booklet_too(
    project: tuple[BuildSettings, Path],
) -> None:
    settings, content = project
    _edit(content / "topics/test-topic.yaml", "title: Test Topic", "title: Renamed Topic")
    assert "acme/en/episode-guides/test-series.pdf" in _rebuilt(settings)


def test_changing_a_brand_rebuilds_only_that_brand(project: tuple[BuildSettings, Path]) -> None:
    settings, content = project
    _edit(content / "brands/acme/brand.yaml", "555-0100", "555-0199")
    rebuilt = _rebuilt(settings)
    assert len(rebuilt) == 5
    assert all(path.startswith("acme/") for path in rebuilt)


def test_changing_a_template_rebuilds_the_documents_that_use_it(
    project: tuple[BuildSettings, Path],
) -> None:
    settings, _ = project
    _edit(
        settings.templates / "youth_cards.html", "Talk to an adult you trust.", "Talk to an adult."
    )
    assert _rebuilt(settings) == [
        f"{brand}/en/youth-cards/{topic}.pdf"
        for brand in ("acme", "default")
        for topic in ("other-topic", "test-topic")
    ]
    _edit(settings.templates / "print.css", "line-height: 1.35;", "line-height: 1.36;")
    assert len(_rebuilt(settings)) == 10  # the shared stylesheet: every document


def test_half_written_cache_entry_or_edited_pdf_is_never_trusted(
    project: tuple[BuildSettings, Path],
) -> None:
    settings, _ = project
    entries = sorted((settings.out / ".cache").glob("*.json"))
    entries[0].write_text(entries[0].read_text()[:20])  # as if the build died mid-write
    pdf = settings.out / "default/en/tip-sheets/test-topic.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% edited by hand")
    rebuilt = _rebuilt(settings)
    assert len(rebuilt) == 2
    assert "default/en/tip-sheets/test-topic.pdf" in rebuilt


def test_force_ignores_the_cache(project: tuple[BuildSettings, Path]) -> None:
    settings, _ = project
    forced = _settings(settings.content.parent, force=True)
    assert len(_rebuilt(forced)) == 10
