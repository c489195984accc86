"""Watch mode, save to updated PDF: prints one table. Never run as a test.

Usage: .venv/bin/python benchmarks/watch.py [--runs N] [--root CHECKOUT ...] [--jobs N]

For each checkout (default: this one; give several to compare, e.g. ``--root /work/main``
for the code before issue 15), runs its ``build_pdfs.py --watch`` on a copy of the default
content (every brand, language and edition, as a writer runs it), waits for the first
build, then N times appends a comment to ``topics/sextortion.yaml`` and times how long until
``default/en/tip-sheets/sextortion.pdf`` is written again (its mtime changes), and until the
whole rebuild is done (the build summary is printed). Checkouts take turns in every round,
so a busy machine slows them alike. Medians are printed with the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPIC = "topics/sextortion.yaml"
PDF = "default/en/tip-sheets/sextortion.pdf"


class Watcher:
    """One checkout's ``build_pdfs.py --watch`` on its own copy of the content."""

    def __init__(self, checkout: Path, work: Path, jobs: int) -> None:
        self.content, self.out = work / "content", work / "out"
        shutil.copytree(ROOT / "content", self.content)
        python = checkout / ".venv/bin/python"
        command = [str(python if python.exists() else sys.executable), "build_pdfs.py"]
        command += ["--content", str(self.content), "--out", str(self.out), "--jobs", str(jobs)]
        self.summaries = 0
        self.process = subprocess.Popen(
            [*command, "--watch"],
            cwd=checkout,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(checkout), "PYTHONUNBUFFERED": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if "Build summary" in line:
                self.summaries += 1

    def wait_for_summaries(self, count: int, timeout: float = 900) -> None:
        deadline = time.monotonic() + timeout
        while self.summaries < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("the watcher stopped or took too long")
            time.sleep(0.05)

    def save_and_time(self) -> tuple[float, float]:
        """Seconds from the save to the updated tip sheet, and to the end of the rebuild."""
        pdf = self.out / PDF
        before, done = pdf.stat().st_mtime_ns, self.summaries
        topic = self.content / TOPIC
        started = time.monotonic()
        topic.write_text(topic.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
        while pdf.stat().st_mtime_ns == before:
            time.sleep(0.02)
        updated = time.monotonic() - started
        self.wait_for_summaries(done + 1)
        return updated, time.monotonic() - started

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, action="append", default=[])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    checkouts = args.root or [ROOT]
    times: dict[Path, list[tuple[float, float]]] = {checkout: [] for checkout in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        watchers: dict[Path, Watcher] = {}
        try:
            for index, checkout in enumerate(checkouts):  # one first build at a time
                watchers[checkout] = Watcher(checkout, Path(tmp) / str(index), args.jobs)
                watchers[checkout].wait_for_summaries(1)
            time.sleep(1)  # let the watchers settle
            for _ in range(args.runs):
                for checkout, watcher in watchers.items():
                    times[checkout].append(watcher.save_and_time())
                    time.sleep(1)
        finally:
            for watcher in watchers.values():
                watcher.stop()
    print(
        f"Save {TOPIC} -> {PDF} updated; median of {args.runs}; jobs={args.jobs}; "
        f"load average {os.getloadavg()[0]:.2f}\n"
    )
    print("| checkout | save -> updated tip sheet | save -> whole rebuild done |")
    print("|---|---|---|")
    for checkout, found in times.items():
        pdf = statistics.median(t[0] for t in found)
        whole = statistics.median(t[1] for t in found)
        print(f"| {checkout} | {pdf:.1f} s | {whole:.1f} s |")


if __name__ == "__main__":
    main()
