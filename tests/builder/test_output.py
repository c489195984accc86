"""The output folder under faults: the manifest is rebuilt from what is on disk, one build
at a time, leftovers of killed runs removed, and a read-only folder or a full disk is a
message naming the file, with the PDFs already there kept."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT, one_tip_sheet_args
from toolkit.builder.output import output_lock
from toolkit.builder.pipeline import BuildSettings, build
from toolkit.cli import main
from toolkit.documents import Selection
from toolkit.errors import OutputError

TIP_SHEET = "default/en/tip-sheets/test-topic.pdf"
CARDS = "default/en/youth-cards/test-topic.pdf"


def _settings(content: Path, out: Path, *docs: str) -> BuildSettings:
    selection = Selection(brands=("default",), docs=docs, editions=("digital",))
    return BuildSettings(content=content, out=out, selection=selection)


def _listed(out: Path) -> list[str]:
    manifest = json.loads((out / "default/manifest.json").read_text())
    return [entry["path"] for entry in manifest["documents"]]


@pytest.fixture
def two_built(content: Path, tmp_path: Path) -> Path:
    """The default brand's tip sheet and youth cards, built once."""
    out = tmp_path / "out"
    build(_settings(content, out, "tip-sheet", "youth-cards"))
    assert _listed(out) == [TIP_SHEET, CARDS]
    return out


def test_corrupt_manifest_is_rebuilt_with_every_pdf_on_disk(content: Path, two_built: Path) -> None:
    (two_built / "default/manifest.json").write_text('{"documents": [')

    build(_settings(content, two_built, "tip-sheet"))  # narrowed: only one of the two

    assert _listed(two_built) == [TIP_SHEET, CARDS]


def test_stale_manifest_after_a_killed_run_is_rebuilt(content: Path, two_built: Path) -> None:
    path = two_built / "default/manifest.json"
    manifest = json.loads(path.read_text())
    manifest["documents"] = manifest["documents"][:1]  # as if killed before the manifest
    path.write_text(json.dumps(manifest))

    build(_settings(content, two_built, "tip-sheet"))

    assert _listed(two_built) == [TIP_SHEET, CARDS]


def test_pdf_changed_by_hand_or_removed_leaves_the_manifest(content: Path, two_built: Path) -> None:
    (two_built / CARDS).write_bytes(b"%PDF- replaced by hand")

    build(_settings(content, two_built, "tip-sheet"))

    assert _listed(two_built) == [TIP_SHEET]


def test_a_second_build_into_the_same_folder_is_refused(content: Path, two_built: Path) -> None:
    before = (two_built / TIP_SHEET).read_bytes()

    with output_lock(two_built), pytest.raises(OutputError) as caught:
        build(_settings(content, two_built, "tip-sheet"))

    assert str(caught.value) == (
        f"another build or personalize run is writing to {two_built} right now; wait "
        "for it to finish, or use another folder with --out"
    )
    assert (two_built / TIP_SHEET).read_bytes() == before


HOLD_THE_LOCK = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from toolkit.builder.output import output_lock

with output_lock(Path(sys.argv[2])):
    print("holding", flush=True)
    time.sleep(600)
"""


def test_a_build_running_in_another_process_refuses_the_second(
    content: Path, two_built: Path
) -> None:
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(PROJECT), str(two_built)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline() == "holding\n"
        with pytest.raises(OutputError, match="another build or personalize run is writing"):
            build(_settings(content, two_built, "tip-sheet"))
    finally:
        other.kill()
        other.wait()

    build(_settings(content, two_built, "tip-sheet"))  # the lock went with the process


def test_leftover_temporary_files_are_removed_by_the_next_run(
    content: Path, two_built: Path
) -> None:
    leftovers = [
        two_built / ".summary.csv.k2j3h4g5",
        two_built / ".school-3350.zip.a_b8c9d0",
        two_built / "default/en/tip-sheets/.test-topic.pdf.x1y2z3w4",
        two_built / ".cache/.0123abcd.json.qwertyui",
    ]
    for path in leftovers:
        path.write_bytes(b"half")
    keep = two_built / ".gitignore"
    keep.write_text("*\n")

    build(_settings(content, two_built, "tip-sheet"))

    assert [path for path in leftovers if path.exists()] == []
    assert keep.exists()


class FullDisk:
    """A file handle whose writes fail as on a full disk."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def _hidden_files(out: Path) -> list[Path]:
    return [p for p in out.rglob(".*") if p.is_file() and p.name != "build.lock"]


def test_full_disk_names_the_file_and_keeps_the_earlier_pdf(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    assert main([*one_tip_sheet_args(content, out), "--edition", "digital"]) == 0
    before = (out / TIP_SHEET).read_bytes()
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    capsys.readouterr()

    status = main([*one_tip_sheet_args(content, out), "--edition", "digital", "--force"])

    assert status == 1
    assert capsys.readouterr().err == (
        f"error: out/{TIP_SHEET}: cannot write it: No space left on device. The PDFs already "
        f"in {out} are kept; free some disk space and build again.\n"
    )
    assert (out / TIP_SHEET).read_bytes() == before
    assert _hidden_files(out) == []


def test_read_only_output_folder_is_a_message(
    content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    real_open = os.open

    def read_only(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(out)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, *args, **kwargs)

    out.mkdir()
    monkeypatch.setattr(os, "open", read_only)

    assert main([*one_tip_sheet_args(content, out), "--edition", "digital"]) == 1

    assert capsys.readouterr().err == (
        f"error: out: cannot write it: Read-only file system. The PDFs already in {out} are "
        "kept; choose a folder you can write to with --out.\n"
    )
