"""Build the saved brand's whole toolkit in the background, and zip what was built.

Takes in: the content, output and templates folders, a saved brand's folder name and what
to build (languages, editions).
Gives out: a ``BuildRun`` the page polls for progress (documents done of total, then the
problems or the list of files), the gallery (``<out>/index.html``) rewritten afterwards,
and zip files of the brand's PDFs by edition (digital, print or both) and language.

The build is the CLI's: ``builder.pipeline.build`` with worker processes (so each document
keeps its time limit), the cache (an unchanged document is not rendered again), and the
output folder's lock (a second build into the same folder is refused with a message).
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from toolkit.builder.pipeline import BuildSettings, BuiltDocument, build
from toolkit.builder.workers import executor_for
from toolkit.documents import Edition, Job, Selection
from toolkit.errors import Problem, ToolkitError
from toolkit.views.gallery import write_gallery

ZIP_EDITIONS = {"digital": ("digital",), "print": ("print",), "both": ("digital", "print")}


@dataclass
class BuildRun:
    """What the page shows while a build runs and after it ends."""

    brand: str
    done: int = 0
    total: int = 0
    finished: bool = False
    problems: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "brand": self.brand,
            "done": self.done,
            "total": self.total,
            "finished": self.finished,
            "problems": self.problems,
            "languages": self.languages,
        }


def start_build(
    settings: BuildSettings, brand: str, jobs: int, runs: dict[str, BuildRun]
) -> BuildRun:
    """Start building ``brand`` in a thread; refused while a build is still running."""
    if any(not run.finished for run in runs.values()):
        raise ToolkitError("a build is still running; wait for it to finish")
    run = BuildRun(brand)
    runs[brand] = run
    thread = threading.Thread(target=_build, args=(settings, run, jobs), daemon=True)
    thread.start()
    return run


def _build(settings: BuildSettings, run: BuildRun, jobs: int) -> None:
    def progress(job: Job, document: BuiltDocument, done: int, total: int) -> None:
        run.done, run.total = done, total

    try:
        with executor_for(jobs) as executor:
            built = build(settings, progress, executor)
        run.languages = sorted({document.language for document in built})
        write_gallery(settings.out, settings.templates)
    except ToolkitError as error:
        run.problems = [_shown(problem) for problem in error.problems]
    except Exception as error:  # the page must hear of any failure, not poll forever
        run.problems = [f"the build stopped unexpectedly: {error}"]
    finally:
        run.finished = True


def _shown(problem: Problem) -> str:
    return str(problem) if problem.file else problem.message


def build_settings(
    content: Path, out: Path, templates: Path, brand: str, langs: tuple[str, ...]
) -> BuildSettings:
    return BuildSettings(
        content=content,
        out=out,
        templates=templates,
        selection=Selection(brands=(brand,), langs=langs),
    )


def zip_brand(out: Path, brand: str, edition: str, lang: str) -> bytes:
    """The brand's PDFs in ``lang`` of the ``edition`` (``digital``, ``print`` or
    ``both``), as the manifest lists them, in a zip; refused when there are none."""
    editions: tuple[Edition, ...] = ZIP_EDITIONS[edition]  # type: ignore[assignment]
    root = out.resolve()
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in _manifest(root / brand):
            path = PurePosixPath(str(entry.get("path", "")))
            if entry.get("edition") not in editions or entry.get("language") != lang:
                continue
            file = (root / path).resolve()
            if file.is_relative_to(root / brand) and file.is_file():
                archive.write(file, str(path))
                count += 1
    if not count:
        raise ToolkitError(f"nothing built yet for {brand} in that language; build first")
    return buffer.getvalue()


def _manifest(folder: Path) -> list[dict[str, object]]:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    documents = data.get("documents", []) if isinstance(data, dict) else data
    return [entry for entry in documents if isinstance(entry, dict)]
