"""Placeholders left in: the starter files' "Replace this" texts, example addresses, logo.

Takes in: a loaded ``Project`` (every content, translation and brand file).
Gives out: a warning (``Problem`` with file, line and field) for every text that still says
"Replace this", every brand contact address on a documentation-only domain (example.org,
example.com, example.net: RFC 2606, never a real address), and every brand logo that is
still ``new-brand``'s placeholder. A brand marked ``example: true`` (a made-up brand that
shows what a brand looks like) is exempt from the address check. ``check`` and the build
print them; ``--strict`` fails on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from toolkit.checks.freshness import content_files, walk
from toolkit.content.brands import BrandKit
from toolkit.content.project import Project
from toolkit.errors import Problem, display_path

REPLACE_THIS = re.compile(r"replace[\s_-]+this", re.IGNORECASE)
EXAMPLE_DOMAIN = re.compile(r"(?:^|[@./])example\.(?:org|com|net)(?:$|[/:])", re.IGNORECASE)
PLACEHOLDER_LOGO = b"A placeholder logo: replace this file"
"""The comment ``new-brand`` writes into its ``logo.svg``."""


def placeholder_warnings(project: Project) -> list[Problem]:
    """Every placeholder left in the content and brand files, in file order."""
    problems = [
        _problem(project, path, loc, f"'{_shorten(value)}' is a placeholder: {advice}")
        for path, data, example in _files(project)
        for loc, value, advice in _placeholders(data, example)
    ]
    for kit in project.brands.values():
        problems += _placeholder_logo(project, kit)
    return problems


def _files(project: Project) -> Iterator[tuple[Path, dict[str, Any], bool]]:
    """Each file with its data and whether it belongs to an example brand."""
    examples = {kit.folder / "brand.yaml" for kit in project.brands.values() if kit.brand.example}
    for path, data in content_files(project):
        yield path, data, path in examples
    root = project.root
    for lang, translation in project.translations.items():
        yield root / f"toolkit.{lang}.yaml", translation.toolkit.model_dump(mode="json"), False
        for topic_id, topic in translation.topics.items():
            yield root / "topics" / f"{topic_id}.{lang}.yaml", topic.model_dump(mode="json"), False
        for series_id, item in translation.series.items():
            yield root / "series" / f"{series_id}.{lang}.yaml", item.model_dump(mode="json"), False
    for kit in project.brands.values():
        for lang, brand in kit.translations.items():
            yield (
                kit.folder / f"brand.{lang}.yaml",
                brand.model_dump(mode="json"),
                kit.brand.example,
            )


def _placeholders(
    data: dict[str, Any], example: bool
) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    for loc, value in walk(data):
        if not isinstance(value, str):
            continue
        if REPLACE_THIS.search(value):
            yield loc, value, "write your own text here"
        elif not example and loc[:1] == ("contact",) and EXAMPLE_DOMAIN.search(value):
            yield loc, value, "example addresses reach no one; put in your own, or delete the line"


def _placeholder_logo(project: Project, kit: BrandKit) -> list[Problem]:
    logo = kit.logo_path
    if logo is None or not logo.is_file() or PLACEHOLDER_LOGO not in logo.read_bytes()[:4096]:
        return []
    return [
        _problem(
            project,
            kit.folder / "brand.yaml",
            ("logo", "file"),
            f"{logo.name} is the placeholder logo new-brand made; replace it with your "
            "organization's own (an SVG, or a PNG or JPEG at least 800 pixels wide)",
        )
    ]


def _problem(project: Project, path: Path, loc: tuple[Any, ...], message: str) -> Problem:
    where, _, field = project.source(path, loc).partition(" ")
    file, _, line = where.rpartition(":")
    return Problem(file=file or display_path(path, project.root), line=int(line),
                   field=field or None, message=message)  # fmt: skip


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:49] + "…"
