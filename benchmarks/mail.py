"""Mail speed and memory against a local SMTP server; prints one table. Never run as a test.

Usage: .venv/bin/python benchmarks/mail.py [--recipients 1000] [--small 100]

Personalizing is measured by ``benchmarks/personalize.py``; this measures what ``mail`` adds.
Each recipient gets its own copy of one real tip sheet (the fixture content's, ~60 KB) and a
personalize record, as personalize leaves them. Against aiosmtpd on 127.0.0.1 (a sink
that keeps nothing), with the rate limit off, it measures:
- writing the dry run's .eml drafts, and sending (messages per second);
- peak Python memory (tracemalloc) while sending, for a small list and the full list:
  flat in N means the second is not ~N/small times the first;
- a rerun that has nothing to send (every message already in the send log).
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.builder.pipeline import BuildSettings, build  # noqa: E402
from toolkit.content.project import load_project  # noqa: E402
from toolkit.delivery.mail import (  # noqa: E402
    BrandMail,
    MailPlan,
    MailSettings,
    send_mail,
    write_drafts,
)
from toolkit.delivery.personalize import PersonalizeReport, PersonalizeSettings  # noqa: E402
from toolkit.delivery.record import RecipientRecord, Record, copy_file  # noqa: E402
from toolkit.delivery.sending import SmtpSettings  # noqa: E402
from toolkit.documents import Selection  # noqa: E402

CONTENT = ROOT / "tests" / "fixtures" / "content"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tip_sheet(work: Path) -> bytes:
    out = work / "built"
    selection = Selection(brands=("acme",), docs=("tip-sheet",), editions=("digital",))
    [document] = build(BuildSettings(content=CONTENT, out=out, selection=selection))
    return (out / document.path).read_bytes()


def plan_for(work: Path, count: int, pdf: bytes) -> tuple[MailPlan, MailSettings]:
    """``count`` recipients with their copies and record, as personalize leaves them."""
    folder = work / f"n{count}" / "acme" / "recipients"
    recipients = [
        RecipientRecord(
            f"school-{n}", f"School {n}", n + 1, "Counselor", f"counselor@school-{n}.example.org",
            pdfs=[copy_file(folder, f"school-{n}/test-topic-tip-sheet.pdf", pdf)],
        )
        for n in range(count)
    ]  # fmt: skip
    plan = MailPlan(
        load_project(CONTENT),
        PersonalizeReport(),
        [BrandMail("acme", Record("", recipients), folder)],
        count,
    )
    personalize = PersonalizeSettings(
        work / "list.csv", CONTENT, work / f"n{count}", ROOT / "templates"
    )
    return plan, MailSettings(personalize)


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def peak_megabytes(action: Callable[[], object]) -> float:
    """Peak Python allocations during one call (tracemalloc slows it, so it is timed apart)."""
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def measure(work: Path, count: int, pdf: bytes, smtp: SmtpSettings) -> tuple[float, ...]:
    plan, settings = plan_for(work / "timed", count, pdf)
    sending = MailSettings(settings.personalize, smtp=smtp)
    drafts = seconds(lambda: list(write_drafts(plan, settings)))
    sent = seconds(lambda: send_mail(plan, sending))
    rerun = seconds(lambda: send_mail(plan, sending))
    plan, settings = plan_for(work / "traced", count, pdf)
    peak = peak_megabytes(lambda: send_mail(plan, MailSettings(settings.personalize, smtp=smtp)))
    return count / drafts, count / sent, peak, rerun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    args = parser.parse_args()
    controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
    controller.start()
    smtp = SmtpSettings("127.0.0.1", controller.port, "none", per_minute=0)
    try:
        with tempfile.TemporaryDirectory() as temporary:
            work = Path(temporary)
            pdf = tip_sheet(work)
            rows = [(n, *measure(work, n, pdf, smtp)) for n in (args.small, args.recipients)]
    finally:
        controller.stop()
    print(f"Mail: one {len(pdf) / 1e3:.0f} KB PDF per message, aiosmtpd sink on 127.0.0.1")
    header = ("recipients", "drafts/s", "sent/s", "peak MB sending", "rerun, nothing to send")
    print(" | ".join(header))
    for count, drafts, sent, peak, rerun in rows:
        cells = (f"{count:>10}", f"{drafts:>8.0f}", f"{sent:>6.0f}", f"{peak:>15.1f}")
        print(" | ".join(cells) + f" | {rerun:>20.2f} s")


if __name__ == "__main__":
    main()
