"""What a build shows while it runs and when it ends: progress, then a summary.

Takes in: each document as it is built; at the end, the documents built (rebuilt or
reused), the failure if any, where they went.
Gives out: a progress bar on a terminal or a line per document in a log
(``ProgressReport``); a table on stdout (colours only on a terminal, plain text in logs),
or with ``--json`` one JSON object with the same numbers and every document (``Summary``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, TaskID
from rich.table import Table

from toolkit import RUN
from toolkit.builder.pipeline import BuiltDocument
from toolkit.documents import Job
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
        table.add_row("Gallery", f"{self.gallery}  (or: {RUN} serve)")
        return table


class ProgressReport:
    """A progress bar on a terminal, a line per document in a log, nothing with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> ProgressReport:
        if not self.quiet and sys.stderr.isatty():
            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()

    def advance(self, job: Job, document: BuiltDocument, done: int, total: int) -> None:
        if self.bar:
            if self.task is None:
                self.task = self.bar.add_task("Building", total=total)
            self.bar.update(self.task, completed=done, description=str(job.output_path))
        elif not self.quiet:
            print(
                f"  [{done}/{total}] {document.path}  ({document.status}, "
                f"{document.pages} pages, {document.bytes / 1024:.0f} KB)"
            )
