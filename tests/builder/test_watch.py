"""Watch mode: saved files trigger a rebuild; a bad save is reported and watching goes on;
editors' scratch files are ignored and each warning is shown once."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
import watchfiles

from tests.conftest import PROJECT, one_tip_sheet_args
from toolkit.builder.pipeline import plan
from toolkit.builder.watch import first_job, relevant, watch
from toolkit.cli import parse_args
from toolkit.cli.build import WarningPrinter, build_settings, rebuild
from toolkit.content.project import load_project


def test_saving_a_file_calls_rebuild_with_it(tmp_path: Path) -> None:
    target = tmp_path / "topic.yaml"
    target.write_text("title: One\n")
    seen: list[list[Path]] = []
    called, stop = threading.Event(), threading.Event()

    def on_change(changed: list[Path]) -> None:
        seen.append(changed)
        called.set()

    thread = threading.Thread(target=watch, args=([tmp_path], on_change, stop), daemon=True)
    thread.start()
    time.sleep(0.5)  # let the watcher start
    (tmp_path / ".topic.yaml.swp").write_text("editor scratch")  # ignored
    (tmp_path / "sed5JEuff").write_text("sed -i scratch")  # ignored
    target.write_text("title: Two\n")
    assert called.wait(10), "no rebuild after saving a file"
    stop.set()
    thread.join(10)
    assert seen[0] == [target]


@pytest.mark.parametrize(
    "name",
    ["sed5JEuff", ".sextortion.yaml.swp", "4913", "sextortion.yaml~", "#sextortion.yaml#",
     ".#sextortion.yaml", "sextortion.yaml.tmp", "index.html.part"],
)  # fmt: skip
def test_editors_scratch_files_are_not_changes(name: str) -> None:
    assert not relevant(watchfiles.Change.added, f"/c/topics/{name}")


@pytest.mark.parametrize(
    "name", ["topics/sextortion.yaml", "brands/x/logo.PNG", "brands/x/logo.jpg", "base.html"]
)
def test_content_brand_and_template_files_are_changes(name: str) -> None:
    assert relevant(watchfiles.Change.modified, f"/c/{name}")


def test_a_bad_save_is_reported_and_the_last_good_pdfs_stay(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse_args(one_tip_sheet_args(content, tmp_path, "--edition", "digital"))
    settings, warnings = build_settings(args), WarningPrinter(())
    rebuild([content / "topics/test-topic.yaml"], settings, args, warnings)
    pdf = tmp_path / "default/en/tip-sheets/test-topic.pdf"
    before = pdf.read_bytes()
    topic = content / "topics/test-topic.yaml"
    topic.write_text(topic.read_text().replace("title: Test Topic", "title: [unclosed"))
    rebuild([topic], settings, args, warnings)  # must not raise
    output = capsys.readouterr()
    assert "YAML syntax error" in output.err
    assert "Kept the last good PDFs; watching for the next save." in output.out
    assert pdf.read_bytes() == before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_warning_shows_once_and_again_after_its_file_is_saved(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topic = content / "topics/test-topic.yaml"
    _edit(topic, "  - First warning sign.", "  - 'Replace this: a warning sign.'")
    args = parse_args(one_tip_sheet_args(content, tmp_path, "--edition", "digital"))
    settings, warnings = build_settings(args), WarningPrinter(())
    expected = (
        "warning: content/topics/test-topic.yaml:12: warning_signs[0]: 'Replace this: a "
        "warning sign.' is a placeholder: write your own text here\n"
    )
    rebuild([content / "toolkit.yaml"], settings, args, warnings)
    assert capsys.readouterr().err == expected
    rebuild([content / "toolkit.yaml"], settings, args, warnings)
    assert capsys.readouterr().err == ""  # the same warning, not repeated
    rebuild([topic], settings, args, warnings)
    assert capsys.readouterr().err == expected  # its file was saved, and it is still wrong


def test_warnings_about_languages_not_being_built_are_not_shown(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(content / "toolkit.yaml", "language: en\n", "language: en\ntranslations: [es]\n")
    args = parse_args(one_tip_sheet_args(content, tmp_path, "--lang", "en"))
    rebuild([content / "toolkit.yaml"], build_settings(args), args, WarningPrinter(("en",)))
    assert capsys.readouterr().err == ""

    printer = WarningPrinter(("es",))
    rebuild([content / "toolkit.yaml"], build_settings(args), args, printer)
    assert "warning: content/toolkit.es.yaml: no Spanish translation" in capsys.readouterr().err


REAL_CONTENT = PROJECT / "content"
TEMPLATES = PROJECT / "templates"


def _first(name: str, *options: str) -> str | None:
    """The first document rendered after saving ``name`` (under content/ or templates/)."""
    args = parse_args(["--content", str(REAL_CONTENT), *options])
    settings = build_settings(args)
    project = load_project(REAL_CONTENT)
    jobs = plan(project, settings.selection)
    path = (TEMPLATES / name[10:]) if name.startswith("templates/") else REAL_CONTENT / name
    job = first_job([path], jobs, REAL_CONTENT, TEMPLATES, project.languages)
    return None if job is None else str(job.output_path)


@pytest.mark.parametrize(
    ("saved", "first"),
    [
        ("topics/sextortion.es.yaml", "default/es/tip-sheets/sextortion.pdf"),
        ("topics/sextortion.yaml", "default/en/tip-sheets/sextortion.pdf"),
        ("series/netsmartz-discussion-guide.es.yaml",
         "default/es/episode-guides/netsmartz-discussion-guide.pdf"),
        ("brands/riverside-pta/brand.yaml", "riverside-pta/en/tip-sheets/cyberbullying.pdf"),
        ("brands/riverside-pta/brand.es.yaml", "riverside-pta/es/tip-sheets/cyberbullying.pdf"),
        ("brands/riverside-pta/logo.svg", "riverside-pta/en/tip-sheets/cyberbullying.pdf"),
        ("templates/youth_cards.css", "default/en/youth-cards/cyberbullying.pdf"),
        ("templates/episode_guide.html",
         "default/en/episode-guides/into-the-cloud-family-guide.pdf"),
        ("templates/base.html", "default/en/tip-sheets/cyberbullying.pdf"),
        ("toolkit.yaml", None),
    ],
)  # fmt: skip
def test_the_saved_file_names_the_document_rendered_first(saved: str, first: str | None) -> None:
    assert _first(saved) == first


def test_the_first_document_is_one_the_build_makes() -> None:
    assert _first("topics/sextortion.yaml", "--edition", "print") == (
        "default/en/tip-sheets/sextortion.print.pdf"
    )
    assert _first("topics/sextortion.es.yaml", "--brand", "riverside-pta") == (
        "riverside-pta/es/tip-sheets/sextortion.pdf"
    )
    assert _first("topics/sextortion.es.yaml", "--lang", "en") is None


def test_the_first_document_is_reported_before_the_rest_is_built(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse_args(one_tip_sheet_args(content, tmp_path / "out", "--doc", "youth-cards"))
    topic = content / "topics/test-topic.yaml"
    rebuild([topic], build_settings(args), args, WarningPrinter(()))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Changed: {topic}"
    assert re.fullmatch(
        rf"Updated {tmp_path}/out/default/en/tip-sheets/test-topic\.pdf in \d+\.\d s; "
        "building the rest",
        lines[1],
    )
    assert (tmp_path / "out/default/en/tip-sheets/test-topic.pdf").is_file()
    assert (tmp_path / "out/default/en/youth-cards/test-topic.print.pdf").is_file()
