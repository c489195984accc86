"""Output files: every CSV the toolkit writes is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from toolkit.files import spreadsheet_safe, write_csv


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Oak Elementary", "Oak Elementary"),
        ("St. Mary's = best", "St. Mary's = best"),
        (58006, "58006"),
        ("", ""),
    ],
)
def test_formula_cells_get_an_apostrophe(cell: object, written: str) -> None:
    assert spreadsheet_safe(cell) == written


def test_write_csv_writes_every_cell_safely_and_atomically(tmp_path: Path) -> None:
    path = tmp_path / "report" / "summary.csv"
    with write_csv(path, ["recipient", "bytes"]) as writer:
        writer.writerow(['=HYPERLINK("http://x")', 12])
        writer.writerow(["@SUM(1+1)", -1])
        assert not path.exists()  # the file appears whole, at the end
    with path.open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["recipient", "bytes"],
            ['\'=HYPERLINK("http://x")', "12"],
            ["'@SUM(1+1)", "'-1"],
        ]
    assert [p.name for p in path.parent.iterdir()] == ["summary.csv"]


def test_write_csv_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text("old\n", encoding="utf-8")

    def fail_half_way() -> None:
        with write_csv(path, ["a"]) as writer:
            writer.writerow(["new"])
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]
