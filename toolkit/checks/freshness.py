"""Keeping the content current: old figures, plain-http addresses, and links that broke.

Takes in: a loaded ``Project``, today's date and how old a figure may be.
Gives out: warnings (``Problem`` objects with file, line and field) for figures older than
the limit or undated (their age cannot be checked), and for addresses that are not https;
with ``check --links``, a warning for every address that does not answer a HEAD request
within a short time-out.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from toolkit.content.problems import Loc
from toolkit.content.project import Project
from toolkit.errors import Problem

URL_FIELDS = {"url", "video_url", "website"}
MARKDOWN_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def content_files(project: Project) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every content and brand file with its data, as the models hold it."""
    root = project.root
    yield root / "toolkit.yaml", project.toolkit.model_dump(mode="json")
    for topic_id, topic in project.topics.items():
        yield root / "topics" / f"{topic_id}.yaml", topic.model_dump(mode="json")
    for series_id, series in project.series.items():
        yield root / "series" / f"{series_id}.yaml", series.model_dump(mode="json")
    for kit in project.brands.values():
        yield kit.folder / "brand.yaml", kit.brand.model_dump(mode="json")


def walk(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    yield loc, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*loc, index))


def addresses(project: Project) -> Iterator[tuple[str, Path, Loc]]:
    """Every web address in the content: address fields and Markdown links in text."""
    for path, data in content_files(project):
        for loc, value in walk(data):
            if not isinstance(value, str):
                continue
            if loc and loc[-1] in URL_FIELDS and value.startswith("http"):
                yield value, path, loc
            for link in MARKDOWN_LINK.findall(value):
                yield link, path, loc


def stale_figures(project: Project, this_year: int, max_age: int) -> list[Problem]:
    """Figures describing a year more than ``max_age`` years ago, and undated figures, whose
    age cannot be checked (never counted as current)."""
    problems = []
    for topic_id, topic in project.topics.items():
        path = project.root / "topics" / f"{topic_id}.yaml"
        for index, figure in enumerate(topic.figures):
            if figure.year is None:
                message = (
                    f"figure '{figure.value}' is undated, so how old it is cannot be checked; "
                    "look for a dated source"
                )
            elif this_year - figure.year > max_age:
                message = (
                    f"figure '{figure.value}' describes {figure.year}, "
                    f"more than {max_age} years ago; look for newer data"
                )
            else:
                continue
            problems.append(problem_at(project, path, ("figures", index, "year"), message))
    return problems


def insecure_addresses(project: Project) -> list[Problem]:
    """Addresses that are plain http: a printed QR code should lead somewhere safe."""
    return [
        problem_at(project, path, loc, f"{url} is not https; use the https address if there is one")
        for url, path, loc in addresses(project)
        if url.startswith("http://")
    ]


def broken_links(project: Project, timeout: float = 5.0, workers: int = 8) -> list[Problem]:
    """Addresses that do not answer a HEAD request with a success or a redirect."""
    found = list(addresses(project))
    unique = sorted({url for url, _, _ in found})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        failures = dict(zip(unique, pool.map(lambda url: _head(url, timeout), unique), strict=True))
    return [
        problem_at(project, path, loc, f"{url} did not answer: {failures[url]}")
        for url, path, loc in found
        if failures[url]
    ]


def _head(url: str, timeout: float) -> str:
    """An empty string when ``url`` answers, else why it did not."""
    # addresses() yields only http(s) addresses, so no file: or custom scheme gets here
    request = urllib.request.Request(  # noqa: S310
        url, method="HEAD", headers={"User-Agent": "online-safety-toolkit link check"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
            return ""
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return str(getattr(error, "reason", error))


def problem_at(project: Project, path: Path, loc: Loc, message: str) -> Problem:
    """A warning about the value at ``loc`` in ``path``, with the line it is on."""
    where, _, field = project.source(path, loc).partition(" ")
    file, _, line = where.rpartition(":")
    return Problem(file=file, line=int(line), field=field or None, message=message)
