"""Time the default build and size its PDFs; prints one table. Never run as a test.

Usage: .venv/bin/python benchmarks/build.py [--runs N]

Measures, on the default content in a temporary output folder:
- the whole build as a user runs it (a fresh `python build_pdfs.py` process), median of N runs;
- per document kind, the median time per document inside one warm process and the PDF sizes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.build import BuildSettings, BuiltDocument, build  # noqa: E402
from toolkit.documents import Job  # noqa: E402


def cold_build_seconds(out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "build_pdfs.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def per_document(out: Path) -> dict[str, list[tuple[float, int]]]:
    """Seconds and bytes per document, grouped by kind, from one in-process build."""
    rows: dict[str, list[tuple[float, int]]] = defaultdict(list)
    last = time.perf_counter()

    def record(job: Job, document: BuiltDocument, done: int, total: int) -> None:
        nonlocal last
        now = time.perf_counter()
        rows[f"{job.kind.name} {job.edition}"].append((now - last, document.bytes))
        last = now

    build(BuildSettings(out=out), progress=record)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        colds = [cold_build_seconds(Path(tmp) / f"cold{i}") for i in range(runs)]
        per_document(Path(tmp) / "warmup")
        rows = per_document(Path(tmp) / "warm")
    count = sum(len(v) for v in rows.values())
    print(
        f"Default build: {count} PDFs, cold process, median of {runs}: "
        f"{statistics.median(colds):.1f} s\n"
    )
    print(f"| {'document kind, edition':21} | docs | median s/doc | median KB | max KB |")
    print(f"|{'-' * 23}|------|--------------|-----------|--------|")
    for kind, values in rows.items():
        seconds = statistics.median(s for s, _ in values)
        sizes = [b / 1024 for _, b in values]
        print(
            f"| {kind:21} | {len(values):4} | {seconds:12.2f} | "
            f"{statistics.median(sizes):9.0f} | {max(sizes):6.0f} |"
        )


if __name__ == "__main__":
    main()
