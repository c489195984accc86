"""The end-of-build summary: one table for people, JSON for scripts.

Takes in: the documents built (rebuilt or reused), the failure if any, where they went.
Gives out: a table on stdout (colours only on a terminal, plain text in logs), or with
``--json`` one JSON object with the same numbers and every document.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from toolkit.builder.pipeline import BuiltDocument
from toolkit.errors import PartialBuildError


@dataclass(frozen=True)
class Summary:
    """What one build did."""

    built: list[BuiltDocument]
    failed: PartialBuildError | None
    out: Path
    gallery: Path
    seconds: float

    @property
    def counts(self) -> dict[str, int]:
        rebuilt = sum(doc.status == "rebuilt" for doc in self.built)
        failed = self.failed.failed if self.failed else 0
        return {"rebuilt": rebuilt, "reused": len(self.built) - rebuilt, "failed": failed}

    def print(self, as_json: bool = False) -> None:
        if as_json:
            print(json.dumps(self.as_dict(), indent=2, default=str))
        else:
            Console(highlight=False).print(self.table())

    def as_dict(self) -> dict[str, object]:
        return {
            **self.counts,
            "bytes": sum(doc.bytes for doc in self.built),
            "seconds": round(self.seconds, 2),
            "output": str(self.out),
            "gallery": str(self.gallery),
            "documents": [asdict(doc) for doc in self.built],
            "errors": [str(p) for p in self.failed.problems] if self.failed else [],
        }

    def table(self) -> Table:
        counts = self.counts
        table = Table(title="Build summary", show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column()
        table.add_row("Rendered", f"{counts['rebuilt']} PDFs")
        table.add_row("Unchanged (reused)", f"{counts['reused']} PDFs")
        failed_style = "bold red" if counts["failed"] else ""
        table.add_row("Failed", f"[{failed_style}]{counts['failed']}[/]" if failed_style else "0")
        megabytes = sum(doc.bytes for doc in self.built) / 1e6
        table.add_row("Total size", f"{megabytes:.1f} MB")
        table.add_row("Time", f"{self.seconds:.1f} s")
        table.add_row("PDFs in", f"{self.out}/")
        table.add_row("Gallery", f"{self.gallery}  (or: python build_pdfs.py serve)")
        return table
