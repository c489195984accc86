"""The command line with hostile input: control characters in messages are shown, not acted
on; ``--json`` keeps stdout for JSON; ``--timeout`` reaches the build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import one_tip_sheet_args
from toolkit.cli import main, parse_args
from toolkit.errors import visible


def test_visible_shows_terminal_escapes_and_bidi_overrides_as_text() -> None:
    assert visible("a\x1b]0;pwned\x07b \x1b[31mred\u202etxt.exe é ✓") == (
        "a\\x1b]0;pwned\\x07b \\x1b[31mred\\u202etxt.exe é ✓"
    )


def test_escape_sequences_in_a_file_name_are_shown_not_sent(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (content / "topics" / "\x1b]0;pwned\x07\x1b[31mred.yaml").write_text("title: x\n")

    assert main(["check", "--content", str(content)]) == 1

    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x07" not in err
    assert err.splitlines()[0] == (
        "error: content/topics/\\x1b]0;pwned\\x07\\x1b[31mred.yaml: file name must use only "
        "a-z, 0-9 and '-' (it becomes the id)"
    )


def test_escape_sequences_in_a_field_are_shown_not_sent(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topic = content / "topics/test-topic.yaml"
    topic.write_text(topic.read_text().replace("title: Test Topic", 'title: "\\e[2J\\e]0;x\\a"'))
    topic.write_text(topic.read_text().replace("summary: A topic", "sumary: A topic"))
    (content / "toolkit.yaml").write_text(
        (content / "toolkit.yaml").read_text() + '"\\e[31mcolour": 1\n'
    )

    assert main(["check", "--content", str(content)]) == 1

    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "error: content/toolkit.yaml:" in err
    assert "\\x1b[31mcolour: unknown field" in err


def test_json_build_prints_only_json_on_stdout(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quick = [*one_tip_sheet_args(content, tmp_path / "out"), "--edition", "digital"]
    args = [a for a in quick if a != "--quiet"]

    assert main([*args, "--json"]) == 0

    summary = json.loads(capsys.readouterr().out)
    assert [document["path"] for document in summary["documents"]] == [
        "default/en/tip-sheets/test-topic.pdf"
    ]


def test_timeout_option_reaches_the_build_settings() -> None:
    assert parse_args(["--timeout", "7.5"]).timeout == 7.5
    assert parse_args([]).timeout == 120.0
    assert parse_args(["--timeout", "0"]).timeout == 0  # no limit
