"""Build speed and size, side by side in one run; prints one table. Never run as a test.

Usage: .venv/bin/python benchmarks/build.py [--runs N]

Measures on the default content, each figure the median of N runs:
- a cold full build as a user runs it (a fresh ``build_pdfs.py`` process), jobs=1 and jobs=2;
- a rebuild with nothing changed, and a rebuild after touching one topic;
- our per-document time against a bare WeasyPrint loop over the same HTML in one process;
- headless Chromium printing the same HTML (Debian's ``chromium``; skipped where missing):
  time per document, peak memory and PDF bytes, next to WeasyPrint's.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.builder.pipeline import BuildSettings, key_job, plan, render_group  # noqa: E402
from toolkit.content.project import load_project  # noqa: E402
from toolkit.documents import Job, Selection  # noqa: E402
from toolkit.rendering.html import RenderedHtml, render_html  # noqa: E402
from toolkit.rendering.pdf import make_fetcher  # noqa: E402

CHROMIUM = shutil.which("chromium")
DATE = datetime(2026, 1, 1, tzinfo=UTC)


def median_seconds(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cli(content: Path, out: Path, *options: str) -> None:
    command = [sys.executable, str(ROOT / "build_pdfs.py"), "--content", str(content)]
    subprocess.run(
        [*command, "--out", str(out), "--quiet", *options], check=True, capture_output=True
    )


def build_timings(runs: int, work: Path) -> dict[str, float]:
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    out = work / "out"
    cold = {
        jobs: median_seconds(
            runs, lambda jobs=jobs: cli(content, out, "--force", "--jobs", str(jobs))
        )
        for jobs in (1, 2)
    }
    cli(content, out, "--jobs", "2")
    unchanged = median_seconds(runs, lambda: cli(content, out, "--jobs", "2"))
    topic = content / "topics" / "cyberbullying.yaml"

    def touch_topic() -> None:
        topic.write_text(topic.read_text() + "\n# touched\n")
        cli(content, out, "--jobs", "2")

    touched = median_seconds(runs, touch_topic)
    pdfs = len(list(out.rglob("*.pdf")))
    return {
        "cold1": cold[1],
        "cold2": cold[2],
        "unchanged": unchanged,
        "touched": touched,
        "pdfs": pdfs,
    }


def html_files(work: Path) -> list[tuple[Path, Job, RenderedHtml]]:
    """The digital documents' HTML, written to files, with their jobs."""
    project = load_project(ROOT / "content")
    selection = Selection(editions=("digital",), brands=("riverside-pta",), langs=("en",))
    jobs = plan(project, selection)
    files = []
    for job in jobs:
        rendered = render_html(project, job, ROOT / "templates", DATE)
        path = work / "html" / f"{job.kind.name}-{job.subject}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            rendered.html.replace('href="print.css"', f'href="{ROOT}/templates/print.css"')
        )
        files.append((path, job, rendered))
    return files


def ours_vs_bare(runs: int, files: list[tuple[Path, Job, RenderedHtml]]) -> tuple[float, float]:
    """Median seconds per document: our render_group, and bare WeasyPrint on the same HTML."""
    import weasyprint

    project = load_project(ROOT / "content")
    settings = BuildSettings()

    def ours() -> None:
        for _, job, _ in files:
            render_group(project, [key_job(project, job, settings)], ROOT / "templates", False)

    def bare() -> None:
        for _, _, rendered in files:
            weasyprint.HTML(
                string=rendered.html,
                base_url=rendered.base_url.as_uri() + "/",
                url_fetcher=make_fetcher(rendered.allowed_roots),
            ).write_pdf()

    ours(), bare()  # warm up both
    count = len(files)
    return median_seconds(runs, ours) / count, median_seconds(runs, bare) / count


def measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one process, via GNU time."""
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, check=True
    )
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    return time.perf_counter() - started, peak_kb / 1024


def chromium_vs_weasyprint(
    files: list[tuple[Path, Job, RenderedHtml]], work: Path
) -> dict[str, float]:
    rows: dict[str, list[float]] = {k: [] for k in ("ct", "cm", "cb", "wt", "wm", "wb")}
    for path, _, _ in files:
        pdf = work / f"{path.stem}.chromium.pdf"
        seconds, peak = measured(
            [
                CHROMIUM or "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                path.as_uri(),
            ]
        )
        rows["ct"].append(seconds), rows["cm"].append(peak), rows["cb"].append(pdf.stat().st_size)
        ours = work / f"{path.stem}.weasyprint.pdf"
        seconds, peak = measured(
            [
                sys.executable,
                "-c",
                f"import weasyprint; weasyprint.HTML(filename={str(path)!r})"
                f".write_pdf({str(ours)!r})",
            ]
        )
        rows["wt"].append(seconds), rows["wm"].append(peak), rows["wb"].append(ours.stat().st_size)
    return {key: statistics.median(values) for key, values in rows.items()}


MEMORY_PROBE = """
import resource, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from toolkit.builder.pipeline import BuildSettings, key_job, plan, render_group
from toolkit.content.project import load_project
from toolkit.documents import Selection
root = Path({root!r})
project = load_project(root / "content")
selection = Selection(brands=("riverside-pta",), editions=("digital",), langs=("en",))
jobs = plan(project, selection)
items = [key_job(project, job, BuildSettings()) for job in jobs]
print(len(items), flush=True)
for _ in range({rounds}):
    for item in items:
        render_group(project, [item], root / "templates", False)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
"""


def memory_growth(rounds: int = 6) -> list[int]:
    """The documents per round, then the peak RSS (MB) of one process after each round of
    riverside-pta's English digital documents: flat means a long batch does not grow a
    worker (workers live for the whole build)."""
    script = MEMORY_PROBE.format(root=str(ROOT), rounds=rounds)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return [int(line) for line in result.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        builds = build_timings(runs, work)
        files = html_files(work)
        ours, bare = ours_vs_bare(runs, files)
        browser = chromium_vs_weasyprint(files, work) if CHROMIUM else None
    memory = memory_growth()
    count = int(builds["pdfs"])
    print(
        f"Default content, {count} PDFs (2 brands, 2 languages, 2 editions); median of {runs} runs"
    )
    print("Per-document rows: riverside-pta's English digital documents.\n")
    print("| measurement | value | target |")
    print("|---|---|---|")
    print(f"| cold full build, jobs=1 | {builds['cold1']:.1f} s | |")
    print(
        f"| cold full build, jobs=2 | {builds['cold2']:.1f} s "
        f"({builds['cold1'] / builds['cold2']:.2f}x faster) | >= 1.6x |"
    )
    print(
        f"| rebuild, nothing changed | {builds['unchanged']:.2f} s "
        f"({100 * builds['unchanged'] / builds['cold2']:.0f}% of cold) | < 10% |"
    )
    print(f"| rebuild after touching one topic | {builds['touched']:.1f} s | |")
    print(
        f"| per document: ours / bare WeasyPrint (same HTML, one process) | "
        f"{ours:.2f} s / {bare:.2f} s = {ours / bare:.2f}x | <= 1.2x |"
    )
    if browser:
        print(
            f"| per document: Chromium / WeasyPrint time (cold process each) | "
            f"{browser['ct']:.2f} s / {browser['wt']:.2f} s | |"
        )
        print(
            f"| per document: Chromium / WeasyPrint peak memory | {browser['cm']:.0f} MB / "
            f"{browser['wm']:.0f} MB | |"
        )
        print(
            f"| per document: Chromium / WeasyPrint PDF size | {browser['cb'] / 1024:.0f} KB / "
            f"{browser['wb'] / 1024:.0f} KB ({browser['wb'] / browser['cb']:.2f}x) | <= 0.5x |"
        )
    else:
        print("| Chromium comparison | skipped: no chromium on PATH (apt-get install chromium) | |")
    per_round, *peaks = memory
    steps = ", ".join(f"{per_round * (i + 1)}: {mb} MB" for i, mb in enumerate(peaks))
    print(f"| one process's peak RSS after N documents | {steps} | flat |")
    print(f"\n(benchmark process peak RSS {peak_before // 1024} MB before rendering)")


if __name__ == "__main__":
    main()
