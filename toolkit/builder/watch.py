"""Watch mode: rebuild when a content, brand or template file is saved.

Takes in: the folders to watch and a function that runs one build.
Gives out: nothing; it calls the build after every batch of saved files (watchfiles groups
an editor's several writes into one batch) until stopped. The build's cache makes each
rebuild touch only what the saved files affect; a build that fails is reported by the
build function and watching goes on, with the last good PDFs left in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles


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
