"""The system-library check: a missing library gives the exact package to install."""

from __future__ import annotations

import builtins
import ctypes.util
from typing import Any

import pytest

from toolkit.builder import system
from toolkit.errors import SetupError
from toolkit.rendering import pdf


def test_nothing_missing_here() -> None:
    assert system.missing_packages() == []
    assert system.main() == 0


def test_missing_pango_names_the_debian_package(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name.startswith("pango") else real(name)
    )
    assert system.missing_packages() == ["libpango-1.0-0", "libpangoft2-1.0-0"]
    assert system.main() == 1
    assert (
        "Install them with:  sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"
        in capsys.readouterr().err
    )


def test_weasyprint_import_failure_becomes_a_setup_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def failing_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing_import)
    with pytest.raises(SetupError) as caught:
        pdf._weasyprint()
    message = caught.value.problems[0].message
    assert "Traceback" not in message
    assert "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" in message


def test_missing_harfbuzz_subset_is_a_one_line_note_not_a_refusal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "harfbuzz-subset" else real(name)
    )
    assert system.missing_packages() == []
    assert system.main() == 0
    assert capsys.readouterr().err == (
        "note: libharfbuzz-subset0 is not installed; installing it makes builds faster (fonts "
        "are subset by HarfBuzz, not fontTools):  sudo apt-get install -y libharfbuzz-subset0\n"
    )
