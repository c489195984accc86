"""Build speed and size, side by side in one run; prints one table. Never run as a test.

Usage: .venv/bin/python benchmarks/build.py [--runs N] [--templates DIR] [--before DIR]
       .venv/bin/python benchmarks/build.py --kinds [--runs N] [--templates DIR] [--before DIR]
       (DIR: a checkout, or a templates folder)

Measures on the default content, each figure the median of N runs:
- a cold full build as a user runs it (a fresh ``build_pdfs.py`` process), jobs=1 and jobs=2;
- a rebuild with nothing changed, and a rebuild after touching one topic;
- our per-document time against a bare WeasyPrint loop over the same HTML in one process;
- headless Chromium printing the same HTML (Debian's ``chromium``; skipped where missing):
  time per document, peak memory and PDF bytes, next to WeasyPrint's;
- per document kind (tip sheet, youth cards, episode guide; the default brand's English
  digital documents, every subject): Jinja2 time, layout time (HTML to a laid-out WeasyPrint
  document: ``HTML.render`` and the fit checks) and write time (``write_pdf`` and our
  post-processing), CPU seconds per document, with the figure from before issue 15 (main at
  2c7b940) beside it: the recorded one, or one measured in the same run from ``--before
  DIR``: a checkout of the old code, templates and content (``git worktree add /tmp/old
  2c7b940``), or only a copy of the old templates, rendered by today's code. Each run is a
  fresh probe process per side (a warm-up round, then a timed one), the two sides taking
  turns, so a busy machine slows both alike. ``--kinds`` prints only this table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
CODE = Path(os.environ.get(CODE_VARIABLE := "BENCHMARK_CHECKOUT") or ROOT)
"""The checkout whose toolkit package, templates and content are measured: this one, or in
a ``--kinds`` probe process, the ``--before`` checkout."""
sys.path.insert(0, str(CODE))

from toolkit.builder.pipeline import BuildSettings, key_job, plan, render_group  # noqa: E402
from toolkit.content.project import Project, load_project  # noqa: E402
from toolkit.documents import DOCUMENT_KINDS, Job, Selection  # noqa: E402
from toolkit.rendering.html import RenderedHtml, render_html  # noqa: E402
from toolkit.rendering.pdf import make_fetcher, render_pdf  # noqa: E402

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
        # the stylesheets (print.css and the kind's own) from the templates folder
        path.write_text(re.sub(r'href="(\w+\.css)"', rf'href="{ROOT}/templates/\1"', rendered.html))
        files.append((path, job, rendered))
    return files


def ours_vs_bare(runs: int, files: list[tuple[Path, Job, RenderedHtml]]) -> tuple[float, float]:
    """Median seconds per document: our render_group, and bare WeasyPrint on the same HTML
    (which lays out a card set's one back once and does not place it behind every front, as
    ours does, and parses the stylesheets for every document, as ours no longer does)."""
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


BEFORE_ISSUE_15 = {
    "tip-sheet": (0.014, 1.02, 0.18),
    "youth-cards": (0.014, 0.73, 0.36),
    "episode-guide": (0.012, 1.28, 0.59),
}
"""CPU seconds per document (Jinja2, layout, write) with the templates of main at 2c7b940,
measured with this script on 2026-11-28 (docs/performance.md: load and spread)."""
Timings = dict[str, tuple[float, float, float]]


def kind_jobs() -> dict[str, list[Job]]:
    """The default brand's English digital documents, by kind."""
    project = load_project(CODE / "content")
    selection = Selection(editions=("digital",), brands=("default",), langs=("en",))
    jobs: dict[str, list[Job]] = {kind: [] for kind in DOCUMENT_KINDS}
    for job in plan(project, selection):
        jobs[job.kind.name].append(job)
    return jobs


def time_documents(templates: Path, jobs: list[Job]) -> tuple[float, float, float]:
    """Seconds per document for these jobs: (Jinja2, layout, write)."""
    project = load_project(CODE / "content")
    totals = [0.0, 0.0, 0.0]
    for job in jobs:
        for index, seconds in enumerate(time_document(project, templates, job)):
            totals[index] += seconds
    return (totals[0] / len(jobs), totals[1] / len(jobs), totals[2] / len(jobs))


def time_document(project: Project, templates: Path, job: Job) -> tuple[float, float, float]:
    """CPU seconds of this process for one document: (Jinja2, layout, write). The layout
    ends where ``render_pdf`` shows the laid-out document to ``on_layout``, just before
    ``write_pdf``. CPU time, not wall time: on a shared machine other processes' load
    stretches wall time by up to 1.6x between identical runs, CPU time far less."""
    spare = job.kind.page_multiple - 1
    marks = [time.process_time()]
    rendered = render_html(project, job, templates, DATE, notes_pages=spare)
    marks.append(time.process_time())
    render_pdf(
        rendered, job, spare_pages=spare, on_layout=lambda _: marks.append(time.process_time())
    )
    marks.append(time.process_time())
    return (marks[1] - marks[0], marks[2] - marks[1], marks[3] - marks[2])


def probe_kinds(templates: Path) -> None:
    """In a probe process: one warm-up round (imports, and the caches a build's worker
    fills: parsed stylesheets, images, QR codes), then one timed round of every kind;
    prints {kind: [Jinja2, layout, write]} as JSON."""
    jobs = kind_jobs()
    for _warm_up_first in range(2):
        timings = {kind: time_documents(templates, kind_list) for kind, kind_list in jobs.items()}
    print(json.dumps(timings))


def kind_timings(runs: int, setups: list[tuple[Path, Path]]) -> list[Timings]:
    """Median seconds per document of each kind, for each (checkout, templates folder);
    each run is a fresh probe process per setup, the setups taking turns."""
    samples: list[dict[str, list[tuple[float, float, float]]]] = [{} for _ in setups]
    for _ in range(runs):
        for (checkout, templates), sample in zip(setups, samples, strict=True):
            command = [sys.executable, __file__, "--probe", "--templates", str(templates)]
            environment = {**os.environ, CODE_VARIABLE: str(checkout)}
            result = subprocess.run(
                command, env=environment, capture_output=True, text=True, check=True
            )
            for kind, timing in json.loads(result.stdout.splitlines()[-1]).items():
                sample.setdefault(kind, []).append(tuple(timing))
    return [{kind: _medians(times) for kind, times in sample.items()} for sample in samples]


def _medians(times: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    html, layout, write = zip(*times, strict=True)
    return statistics.median(html), statistics.median(layout), statistics.median(write)


def before_setup(before: Path) -> tuple[Path, Path]:
    """``--before`` names a checkout (its own code, templates and content: ``git worktree
    add /tmp/old 2c7b940``) or only a templates folder (rendered by this checkout's code)."""
    if (before / "toolkit").is_dir():
        return before, before / "templates"
    return ROOT, before


def print_kind_table(runs: int, templates: Path, before: Path | None) -> None:
    setups = [(ROOT, templates), *([before_setup(before)] if before else [])]
    after, *measured_before = kind_timings(runs, setups)
    old = measured_before[0] if measured_before else BEFORE_ISSUE_15
    source = f"measured now from {before}" if before else "recorded (docs/performance.md)"
    load = os.getloadavg()[0]
    print(f"\nPer document kind, CPU time: default brand, English, digital; median of {runs} runs;")
    print(f"templates {templates}; before issue 15: {source}; load average {load:.2f}\n")
    print("| kind | documents | Jinja2 | layout (before) | write (before) | layout vs before |")
    print("|---|---|---|---|---|---|")
    for kind, count in ((k, len(v)) for k, v in kind_jobs().items()):
        html, layout, write = after[kind]
        _, old_layout, old_write = old[kind]
        ratio = f"{layout / old_layout:.2f}x" if old_layout else "n/a"
        print(
            f"| {kind} | {count} | {1000 * html:.0f} ms | {1000 * layout:.0f} ms "
            f"({1000 * old_layout:.0f} ms) | {1000 * write:.0f} ms ({1000 * old_write:.0f} ms) "
            f"| {ratio} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--templates", type=Path, default=ROOT / "templates")
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--kinds", action="store_true", help="only the per-kind table")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    runs = args.runs
    if args.probe:
        probe_kinds(args.templates)
        return
    if args.kinds:
        print_kind_table(runs, args.templates, args.before)
        return
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
    print_kind_table(runs, args.templates, args.before)


if __name__ == "__main__":
    main()
