"""Incremental builds: reuse a PDF when nothing it depends on has changed.

Takes in: a job, the project and the build settings.
Gives out: the job's dependency files, a key (sha256 over those files' bytes, the templates
it uses, the fonts, the toolkit's own code and the build options), and a cache under
``<out>/.cache/`` that answers "is the PDF on disk still the one this key would make?".

An entry is written (atomically) only after its PDF is in place, and is trusted only if its
JSON parses, its key matches and the PDF on disk still has the recorded sha256: a crash, a
half-written entry or a hand-edited PDF all lead to a rebuild, never to a stale file.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from toolkit.assets.fonts import FONT_FACES, font_folder
from toolkit.assets.i18n import catalog_path
from toolkit.content.project import Project
from toolkit.documents import Job
from toolkit.files import write_atomic
from toolkit.rendering.html import templates_used

TOOLKIT_CODE = Path(__file__).resolve().parents[1]


def dependencies(project: Project, job: Job, templates: Path) -> list[Path]:
    """Every file the job's PDF is made from, in a stable order."""
    view = project.in_language(job.lang)
    files = [view.file("", "toolkit")]
    if job.kind.subject == "topic":
        files.append(view.file("topics", job.subject))
    else:
        series = view.series[job.subject]
        files.append(view.file("series", job.subject))
        used = sorted({t for episode in series.episodes for t in episode.topics})
        files += [view.file("topics", topic) for topic in used]  # their titles print
    files += sorted(p for p in project.brands[job.brand].folder.rglob("*") if p.is_file())
    files += [templates / name for name in templates_used(templates, job.kind.template)]
    if (catalog := catalog_path(job.lang)).is_file():
        files.append(catalog)
    return files


def job_key(files: Iterable[Path], root: Path, options: dict[str, Any]) -> str:
    """sha256 over the toolkit's code, the fonts, the options and each file's bytes."""
    digest = hashlib.sha256(_toolkit_fingerprint().encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    for path in files:
        digest.update(_relative(path, root).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.name


@functools.cache
def _toolkit_fingerprint() -> str:
    """Our own code and the fonts: a new toolkit release or font rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted(TOOLKIT_CODE.rglob("*.py")):
        digest.update(path.read_bytes())
    for name, _, _ in FONT_FACES:
        digest.update((font_folder() / name).read_bytes())
    return digest.hexdigest()


class Cache:
    """Entries under ``<out>/.cache/``, one JSON file per output file."""

    def __init__(self, out: Path, enabled: bool = True) -> None:
        self.out = out
        self.folder = out / ".cache"
        self.enabled = enabled

    def _entry(self, job: Job) -> Path:
        name = hashlib.sha256(str(job.output_path).encode()).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def lookup(self, job: Job, key: str) -> dict[str, Any] | None:
        """The recorded manifest entry if the PDF on disk is what ``key`` would build."""
        if not self.enabled:
            return None
        try:
            entry = json.loads(self._entry(job).read_text(encoding="utf-8"))
            pdf = (self.out / str(job.output_path)).read_bytes()
        except (OSError, ValueError):
            return None
        document = entry.get("document") if isinstance(entry, dict) else None
        if entry.get("key") != key or not isinstance(document, dict):
            return None
        if document.get("sha256") != hashlib.sha256(pdf).hexdigest():
            return None
        return document

    def store(self, job: Job, key: str, document: dict[str, Any]) -> None:
        text = json.dumps({"key": key, "document": document}, indent=1, sort_keys=True)
        write_atomic(self._entry(job), text.encode("utf-8"))
