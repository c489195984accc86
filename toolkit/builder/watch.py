"""Watch mode: rebuild when a content, brand or template file is saved.

Takes in: the folders to watch and a function that runs one build; for ``first_job``, the
saved files and the jobs a build would run.
Gives out: nothing; it calls the build after every batch of saved files (watchfiles groups
an editor's several writes into one batch) until stopped. The build's cache makes each
rebuild touch only what the saved files affect; a build that fails is reported by the
build function and watching goes on, with the last good PDFs left in place.
``first_job`` names the one document to render before the rest, the one the writer is
looking at: the digital edition, first brand, in the language of the saved file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from toolkit.documents import DOCUMENT_KINDS, Job


def watch(
    folders: Iterable[Path],
    rebuild: Callable[[list[Path]], None],
    stop: threading.Event | None = None,
) -> None:
    """Call ``rebuild(changed files)`` after each batch of changes, until ``stop`` is set."""
    for changes in watchfiles.watch(*folders, stop_event=stop, watch_filter=relevant):
        rebuild(sorted({Path(path) for _, path in changes}))


RELEVANT_SUFFIXES = frozenset(
    {".yaml", ".yml", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"}
    | {".ttf", ".otf", ".woff", ".woff2", ".html", ".css", ".po", ".mo"}
)
"""What content, brands and templates are made of; anything else is not ours to rebuild for."""


def relevant(change: watchfiles.Change, path: str) -> bool:
    """A file a build reads: skip editors' temporary, swap and backup files (``sed5JEuff``
    from ``sed -i``, ``.x.yaml.swp`` and ``4913`` from vim, ``#x.yaml#`` and ``.#x.yaml`` from
    Emacs, ``x.yaml~``, ``x.yaml.tmp``) and our own output. A deleted file matters too."""
    name = Path(path).name
    if name.startswith((".", "#")) or name.endswith(("~", "#")):
        return False
    return Path(name).suffix.lower() in RELEVANT_SUFFIXES


@dataclass(frozen=True)
class Affected:
    """What a saved file's first document must be; ``None`` takes the first there is."""

    kind: str | None = None
    subject: str | None = None
    brand: str | None = None
    lang: str | None = None

    def matches(self, job: Job) -> bool:
        wanted = (self.kind, self.subject, self.brand, self.lang)
        have = (job.kind.name, job.subject, job.brand, job.lang)
        return all(w in (None, h) for w, h in zip(wanted, have, strict=True))


def first_job(
    changed: list[Path], jobs: list[Job], content: Path, templates: Path, languages: list[str]
) -> Job | None:
    """The document to render first after a save: for the first saved file that names one,
    the first job (in build order) of that document in the file's language, the digital
    edition if the build makes it.
    A topic file gives its tip sheet, a series file its booklet, a brand's file that brand's
    tip sheet, a template its document kind (shared templates: the tip sheet). ``None`` when
    no saved file points at a document (``toolkit.yaml``, a deleted folder)."""
    ordered = sorted(jobs, key=lambda job: job.edition != "digital")  # stable: digital first
    for path in changed:
        wanted = affected(path, content, templates, languages)
        found = next((job for job in ordered if wanted and wanted.matches(job)), None)
        if found is not None:
            return found
    return None


def affected(path: Path, content: Path, templates: Path, languages: list[str]) -> Affected | None:
    """Which document a saved file belongs to (see ``first_job``)."""
    lang = _language(path, languages)
    if path.is_relative_to(templates):
        return Affected(kind=_template_kind(path.name), lang=lang)
    if not path.is_relative_to(content):
        return None
    parts = path.relative_to(content).parts
    stem = parts[-1].split(".")[0]
    if parts[0] == "topics":
        return Affected("tip-sheet", stem, lang=lang)
    if parts[0] == "series":
        return Affected("episode-guide", stem, lang=lang)
    if parts[0] == "brands" and len(parts) > 2:
        kind = _template_kind(parts[-1]) if parts[2] == "templates" else "tip-sheet"
        return Affected(kind, brand=parts[1], lang=lang)
    return None


def _language(path: Path, languages: list[str]) -> str:
    """``es`` for ``x.es.yaml`` (a language the project has), else the source language."""
    suffixes = path.suffixes
    named = suffixes[-2].lstrip(".") if len(suffixes) >= 2 else ""
    return named if named in languages else languages[0]


def _template_kind(name: str) -> str:
    """The kind whose template is ``tip_sheet.html`` (or ``tip_sheet.css``); a shared
    template (``base.html``, ``print.css``) shows first on the tip sheet."""
    stem = name.split(".")[0]
    for kind in DOCUMENT_KINDS.values():
        if kind.template.split(".")[0] == stem:
            return kind.name
    return "tip-sheet"
