"""Personalized copies: stamping vs re-rendering, at district scale; prints one table.
Never run as a test.

Usage: .venv/bin/python benchmarks/personalize.py [--recipients 1000] [--sample 10]

On the default content (brand riverside-pta, digital edition), each recipient gets one tip
sheet (2 pages) and the episode guide (20 pages). Measures, each in a fresh process:
- stamping for 100 and for N recipients from a generated CSV: documents per second once the
  documents are laid out, peak memory (flat means it does not grow with the list), bytes
  per copy and per zip;
- re-rendering every copy with WeasyPrint (``--method render``) for a small sample.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAMES = (
    "Lincoln", "Washington", "Roosevelt", "Escuela Niños Héroes", "St. Mary's", "Oak Grove",
    "Jefferson", "César Chávez", "Riverside", "Maple Hill", "Sojourner Truth", "Hillcrest",
)  # fmt: skip
KINDS = ("Elementary", "K-8", "Primary School", "Academy", "Elementary School")

RUN = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from toolkit.documents import Selection
from toolkit.delivery.personalize import PersonalizeSettings, personalize

marks = []
out = Path({out!r})
subjects = ("sextortion", "netsmartz-discussion-guide")
selection = Selection(brands=("riverside-pta",), topics=subjects, langs=("en",))
settings = PersonalizeSettings(
    Path({recipients!r}), Path({root!r}) / "content", out, selection=selection, method={method!r}
)
started = time.perf_counter()
report = personalize(settings, progress=lambda r, done, total: marks.append(time.perf_counter()))
zips = (out / "riverside-pta" / "recipients").glob("*.zip")
print(json.dumps({{
    "seconds": time.perf_counter() - started,
    "setup": marks[0] - started,
    "after_first": marks[-1] - marks[0],
    "recipients": report.recipients,
    "documents": report.documents,
    "bytes": report.bytes,
    "zip_bytes": sum(path.stat().st_size for path in zips),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}}))
"""


def write_recipients(path: Path, count: int) -> None:
    """A district's list: made-up schools, counselors, phones, e-mail and web addresses."""
    chooser = random.Random(count)
    lines = ["name,contact,phone,email,website"]
    for number in range(1, count + 1):
        name = f"{chooser.choice(NAMES)} {chooser.choice(KINDS)} #{number}"
        host = f"school{number}.example.org"
        lines.append(
            f'"{name}","Counselor {chooser.choice("ABCDEFGH")}. Rivera",'
            f"(555) {chooser.randrange(100, 999)}-{number:04d},counselor@{host},https://{host}/"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(work: Path, count: int, method: str) -> dict[str, float]:
    """One personalize run in a fresh process."""
    recipients = work / f"recipients-{count}.csv"
    write_recipients(recipients, count)
    out = work / f"out-{method}-{count}"
    script = RUN.format(root=str(ROOT), recipients=str(recipients), out=str(out), method=method)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    facts: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    per_recipient = facts["documents"] / facts["recipients"]
    facts["docs_per_second"] = (facts["recipients"] - 1) * per_recipient / facts["after_first"]
    return facts


def row(label: str, facts: dict[str, float]) -> str:
    per_copy = facts["bytes"] / facts["documents"] / 1000
    per_zip = facts["zip_bytes"] / facts["recipients"] / 1000
    return (
        f"| {label} | {facts['recipients']:.0f} | {facts['documents']:.0f} | "
        f"{facts['setup']:.1f} s | {facts['seconds']:.1f} s | "
        f"{facts['docs_per_second']:.1f} | {facts['peak_mb']:.0f} MB | "
        f"{per_copy:.0f} KB | {per_zip:.0f} KB |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = [
            ("stamp (default)", measure(work, 100, "stamp")),
            ("stamp (default)", measure(work, options.recipients, "stamp")),
            ("render (WeasyPrint per copy)", measure(work, options.sample, "render")),
        ]
    print(
        "Default content, brand riverside-pta, digital edition: per recipient one tip sheet "
        "(2 pages) and the episode guide (20 pages)\n"
    )
    print(
        "| method | recipients | PDFs | first copy after | total | docs/s after the first "
        "| peak RSS | bytes per PDF | bytes per zip |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, facts in rows:
        print(row(label, facts))
    stamp, render = rows[1][1], rows[2][1]
    print(
        f"\nstamping is {stamp['docs_per_second'] / render['docs_per_second']:.0f}x faster "
        f"per document; peak memory {rows[0][1]['peak_mb']:.0f} MB at 100 recipients, "
        f"{stamp['peak_mb']:.0f} MB at {options.recipients}"
    )


if __name__ == "__main__":
    main()
