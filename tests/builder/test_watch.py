"""Watch mode: saved files trigger a rebuild; a bad save is reported and watching goes on."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.conftest import one_tip_sheet_args
from toolkit.builder.watch import watch
from toolkit.cli import _rebuild, _settings, parse_args


def test_saving_a_file_calls_rebuild_with_it(tmp_path: Path) -> None:
    target = tmp_path / "topic.yaml"
    target.write_text("title: One\n")
    seen: list[list[Path]] = []
    called, stop = threading.Event(), threading.Event()

    def rebuild(changed: list[Path]) -> None:
        seen.append(changed)
        called.set()

    thread = threading.Thread(target=watch, args=([tmp_path], rebuild, stop), daemon=True)
    thread.start()
    time.sleep(0.5)  # let the watcher start
    (tmp_path / ".topic.yaml.swp").write_text("editor scratch")  # ignored
    target.write_text("title: Two\n")
    assert called.wait(10), "no rebuild after saving a file"
    stop.set()
    thread.join(10)
    assert seen[0] == [target]


def test_a_bad_save_is_reported_and_the_last_good_pdfs_stay(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parse_args(one_tip_sheet_args(content, tmp_path, "--edition", "digital"))
    settings = _settings(args)
    _rebuild([content / "topics/test-topic.yaml"], settings, args)
    pdf = tmp_path / "default/en/tip-sheets/test-topic.pdf"
    before = pdf.read_bytes()
    topic = content / "topics/test-topic.yaml"
    topic.write_text(topic.read_text().replace("title: Test Topic", "title: [unclosed"))
    _rebuild([topic], settings, args)  # must not raise
    output = capsys.readouterr()
    assert "YAML syntax error" in output.err
    assert "Kept the last good PDFs; watching for the next save." in output.out
    assert pdf.read_bytes() == before
