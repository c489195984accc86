"""The build's progress as it goes: a bar on a terminal, a line per document in a log.

Takes in: each finished document (its job and manifest record) with how many are done.
Gives out: the progress on stderr or stdout; nothing with ``--quiet``.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import Progress, TaskID

from toolkit.builder.pipeline import BuiltDocument
from toolkit.documents import Job


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
