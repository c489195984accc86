"""personalize under faults: it holds the output folder's lock like a build, and removes
the temporary files (``.summary.csv.*``, ``.school.zip.*``) a killed run left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from toolkit.builder.output import output_lock
from toolkit.delivery.personalize import PersonalizeSettings, personalize
from toolkit.documents import Selection
from toolkit.errors import OutputError

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _settings(tmp_path: Path) -> PersonalizeSettings:
    recipients = tmp_path / "schools.csv"
    recipients.write_text("name,contact\nOak Elementary,Ms. Rivera\n", encoding="utf-8")
    selection = Selection(brands=("acme",), docs=("tip-sheet",), langs=("en",))
    return PersonalizeSettings(
        recipients, FIXTURES / "content", tmp_path / "out", TEMPLATES, selection=selection
    )


def test_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "out/acme/recipients"
    folder.mkdir(parents=True)
    leftovers = [folder / ".summary.csv.k2j3h4g5", folder / ".school-3350.zip.a_b8c9d0"]
    for path in leftovers:
        path.write_bytes(b"half")

    personalize(_settings(tmp_path))

    assert [path for path in leftovers if path.exists()] == []
    assert (folder / "summary.csv").is_file()
    assert (folder / "oak-elementary.zip").is_file()


def test_a_busy_output_folder_is_refused(tmp_path: Path) -> None:
    settings = _settings(tmp_path)

    with (
        output_lock(settings.out),
        pytest.raises(OutputError, match="another build or personalize run is writing"),
    ):
        personalize(settings)

    assert not (settings.out / "acme/recipients").exists()
