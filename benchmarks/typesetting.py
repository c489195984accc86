"""How the chosen documents are typeset, page by page; prints one table. Never run as a test.

Usage: .venv/bin/python benchmarks/typesetting.py [--topic T] [--brand B] [--lang L]
       [--doc KIND] [--edition E] [--templates DIR] [--content DIR] [--details]

Builds the chosen documents (into a temporary folder, ignoring any cache) with the given
templates, then prints, per page: its top-level classes, fill (how far down the content
reaches, 0 to 1), one-word last lines, hyphenated lines (and the longest run of them in one
block), hyphens in headings and text under 6 pt; then the totals. ``--details`` lists each
one-word line's word and YAML source, and each small text. What each measure means:
``toolkit/rendering/typesetting.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.builder.pipeline import BuildSettings, BuiltDocument, build  # noqa: E402
from toolkit.documents import Selection  # noqa: E402
from toolkit.rendering.typesetting import PageMeasures, Typesetting  # noqa: E402


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("topic", "brand", "lang", "doc", "edition"):
        parser.add_argument(f"--{name}", action="append", default=[])
    parser.add_argument("--templates", type=Path, default=ROOT / "templates")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--details", action="store_true")
    return parser.parse_args()


def measured(args: argparse.Namespace, out: Path) -> list[BuiltDocument]:
    selection = Selection(
        brands=tuple(args.brand),
        topics=tuple(args.topic),
        docs=tuple(args.doc),
        langs=tuple(args.lang),
        editions=tuple(args.edition),
    )
    settings = BuildSettings(
        content=args.content,
        out=out,
        templates=args.templates,
        selection=selection,
        force=True,
        timeout=None,  # no time limit: measuring, not guarding a build
    )
    return build(settings)


def page_row(page: PageMeasures) -> str:
    classes = " ".join(page.classes)[:28]
    headings = ", ".join(page.heading_hyphens)
    return (
        f"  {page.number:>3}  {classes:<28} {page.fill:>5.2f} {len(page.one_word_lines):>4} "
        f"{page.hyphenated_lines:>4} {page.longest_hyphen_run:>4} {len(page.small_text):>5}"
        f"  {headings}"
    )


def details(page: PageMeasures) -> list[str]:
    indent = " " * 8
    words = page.one_word_lines
    lines = [f"{indent}one word: {w.word!r} <{w.tag}> {w.source or ''}" for w in words]
    lines += [f"{indent}{s.size_pt} pt <{s.tag}>: {s.text}" for s in page.small_text]
    return lines


def report(documents: list[BuiltDocument], show_details: bool) -> None:
    totals = [0, 0, 0, 0]
    header = "  page classes                      fill  1wd  hyph run small  headings hyphenated"
    for document in documents:
        if document.typesetting is None:
            continue
        measures = Typesetting.from_record(document.typesetting)
        print(f"\n{document.path}\n{header}")
        for page in measures.pages:
            print(page_row(page))
            for line in details(page) if show_details else []:
                print(line)
        totals[0] += measures.one_word_lines
        totals[1] += measures.hyphenated_lines
        totals[2] += sum(len(page.heading_hyphens) for page in measures.pages)
        totals[3] += sum(len(page.small_text) for page in measures.pages)
    print(
        f"\n{len(documents)} documents: {totals[0]} one-word last lines, {totals[1]} "
        f"hyphenated lines ({totals[2]} in headings), {totals[3]} texts under 6 pt"
    )


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory() as folder:
        report(measured(args, Path(folder)), args.details)


if __name__ == "__main__":
    main()
