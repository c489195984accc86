"""The studio's web application: one brand page and the requests it makes.

Takes in: ``StudioSettings`` (content, output and templates folders, a work folder for the
draft, the session token) and HTTP requests from the brand page.
Gives out: a Starlette application, wrapped in ``safety.Guard``, answering:

- ``GET /`` the brand page (``?brand=NAME`` opens a saved brand);
- ``POST /check`` every problem ``check`` reports for the draft, by field, and the colours'
  contrast; ``POST /upload/logo`` and ``/upload/partner-N`` a logo, checked as the CLI does;
- ``POST /preview/tip-sheet`` and ``/preview/card-back`` a PNG of the draft;
- ``POST /save``; ``POST /build``, ``GET /build/status``, ``GET /download`` (a zip);
- ``GET /gallery/…`` the output folder's gallery; ``POST /recipients`` a schools list read
  as ``personalize`` reads it.

A ``ToolkitError`` becomes a 400 answer with its problems in plain words (the studio's
counterpart of ``cli.report``); no other error is caught, so a bug is a 500, not silence.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from toolkit.builder.pipeline import PROJECT_ROOT
from toolkit.content.images import MAX_BYTES
from toolkit.content.models import Colours, Toolkit
from toolkit.content.problems import Collector
from toolkit.content.reader import load_model
from toolkit.errors import ToolkitError
from toolkit.studio import builds, pages
from toolkit.studio.draft import (
    DRAFT,
    Draft,
    Finding,
    add_upload,
    check_draft,
    open_draft,
    safe_slug,
    save_draft,
)
from toolkit.studio.form import MAX_PARTNERS, brand_values, page_values
from toolkit.studio.preview import PICTURES, PreviewWorker
from toolkit.studio.recipients import DryRun, read_upload, zip_dry_run
from toolkit.studio.recipients import start_dry_run as begin_dry_run
from toolkit.studio.safety import TOKEN_COOKIE, Guard

UPLOAD_ROLES = {"logo", *(f"partner-{i}" for i in range(MAX_PARTNERS))}


@dataclass
class StudioSettings:
    """Everything the studio needs; there is no global state."""

    token: str
    content: Path = PROJECT_ROOT / "content"
    out: Path = PROJECT_ROOT / "output"
    templates: Path = PROJECT_ROOT / "templates"
    work: Path | None = None
    """Where the draft lives; a temporary folder when ``None``."""
    jobs: int = 2
    """Worker processes for a build (at least 2: each document keeps its time limit)."""
    warm_preview: bool = True
    """Start the preview worker with the studio (tests that draw no preview skip it)."""


@dataclass
class Studio:
    """The running studio's state: one draft, its builds and the preview worker."""

    settings: StudioSettings
    work: Path
    draft: Draft
    preview: PreviewWorker
    languages: list[str]
    runs: dict[str, builds.BuildRun] = field(default_factory=dict)
    dry_run: DryRun | None = None
    env: Any = field(default_factory=pages.environment)


def create_app(settings: StudioSettings) -> Guard:
    """The studio as an ASGI application, guarded."""
    routes = [
        Route("/", page),
        Route("/check", check, methods=["POST"]),
        Route("/upload/{role}", upload, methods=["POST"]),
        Route("/preview/{picture}", preview, methods=["POST"]),
        Route("/save", save, methods=["POST"]),
        Route("/build", start_build, methods=["POST"]),
        Route("/build/status", build_status),
        Route("/download", download),
        Route("/gallery/{path:path}", gallery),
        Route("/recipients", recipients, methods=["POST"]),
        Route("/recipients/dry-run", start_dry_run, methods=["POST"]),
        Route("/recipients/dry-run/status", dry_run_status),
        Route("/recipients/dry-run.zip", dry_run_zip),
        Mount("/static", StaticFiles(directory=pages.STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=_lifespan(settings),
        exception_handlers={ToolkitError: _refused},
    )
    return Guard(app, settings.token)


def _lifespan(settings: StudioSettings) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        with tempfile.TemporaryDirectory(prefix="studio-") as temporary:
            work = settings.work or Path(temporary)
            draft, _ = open_draft(settings.content, work, None)
            worker = PreviewWorker()
            if settings.warm_preview:
                worker.warm()
            languages = _languages(settings.content)
            app.state.studio = Studio(settings, work, draft, worker, languages)
            try:
                yield
            finally:
                worker.close()

    return lifespan


def _studio(request: Request) -> Studio:
    studio: Studio = request.app.state.studio
    return studio


async def _refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, ToolkitError)
    messages = [str(p) if p.file else p.message for p in error.problems]
    return JSONResponse({"refused": messages}, 400)


async def page(request: Request) -> Response:
    studio = _studio(request)
    opened = request.query_params.get("brand") or None
    draft, values = await run_in_threadpool(
        open_draft, studio.settings.content, studio.work, opened and safe_slug(opened)
    )
    studio.draft = draft
    if opened is None:  # a new brand starts from the toolkit's own colours
        values["colours"] = Colours().model_dump(exclude={"cmyk"})
    languages = studio.languages
    html = pages.brand_page(
        studio.env,
        page_values(values, languages),
        _brands(studio.settings.content),
        languages,
        studio.settings.token,
        opened,
    )
    response = HTMLResponse(html, headers={"Cache-Control": "no-store"})
    response.set_cookie(TOKEN_COOKIE, studio.settings.token, httponly=True, samesite="strict")
    return response


async def _values(request: Request) -> dict[str, Any]:
    form = await request.form()
    pairs = [(name, value) for name, value in form.multi_items() if isinstance(value, str)]
    return brand_values(pairs, _studio(request).languages)


async def check(request: Request) -> Response:
    studio, values = _studio(request), await _values(request)
    findings = await run_in_threadpool(check_draft, studio.draft, values)
    colours = values.get("colours") or {}
    contrast = pages.contrast_feedback(colours.get("primary") or "", colours.get("accent") or "")
    return JSONResponse({"findings": _shown(findings), "contrast": contrast})


async def upload(request: Request) -> Response:
    studio, role = _studio(request), request.path_params["role"]
    if role not in UPLOAD_ROLES:
        return JSONResponse({"refused": ["there is no such logo field"]}, 404)
    form = await request.form(max_part_size=MAX_BYTES)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise ToolkitError("choose a file first")
    data = await file.read()
    kind = "logo" if role == "logo" else "partner"
    findings = await run_in_threadpool(add_upload, studio.draft, file.filename, data, kind)
    accepted = not any(finding.level == "error" for finding in findings)
    return JSONResponse(
        {"file": file.filename if accepted else None, "findings": _shown(findings)},
        200 if accepted else 422,
    )


async def preview(request: Request) -> Response:
    studio, picture = _studio(request), request.path_params["picture"]
    if picture not in PICTURES:
        return JSONResponse({"refused": ["there is no such preview"]}, 404)
    values = await _values(request)
    lang = request.query_params.get("lang", "en")
    if lang not in studio.languages:
        raise ToolkitError(f"the toolkit has no language '{lang}'")
    await run_in_threadpool(studio.draft.write, values)
    try:
        png = await studio.preview.render(
            studio.draft.root, studio.settings.templates, DRAFT, picture, lang
        )
    except ToolkitError as error:
        messages = [p.message for p in error.problems]
        return JSONResponse({"not_drawn": messages}, 422)
    if png is None:
        return Response(status_code=204)  # a newer change is on its way
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


async def save(request: Request) -> Response:
    studio, values = _studio(request), await _values(request)
    findings = await run_in_threadpool(check_draft, studio.draft, values)
    if any(finding.level == "error" for finding in findings):
        return JSONResponse({"findings": _shown(findings), "saved": None}, 422)
    saved = await run_in_threadpool(save_draft, studio.draft, values)
    shown = PurePosixPath(saved.relative_to(studio.settings.content.parent))
    return JSONResponse(
        {"findings": _shown(findings), "saved": str(shown), "brand": studio.draft.slug}
    )


async def start_build(request: Request) -> Response:
    studio = _studio(request)
    if studio.draft.slug is None:
        raise ToolkitError("save the brand first; the build uses the saved brand")
    form = await request.form()
    langs = tuple(lang for lang in form.getlist("languages") if lang in studio.languages)
    settings = builds.build_settings(
        studio.settings.content,
        studio.settings.out,
        studio.settings.templates,
        studio.draft.slug,
        tuple(str(lang) for lang in langs),
    )
    run = builds.start_build(settings, studio.draft.slug, studio.settings.jobs, studio.runs)
    return JSONResponse(run.as_dict())


async def build_status(request: Request) -> Response:
    studio = _studio(request)
    run = studio.runs.get(studio.draft.slug or "")
    return JSONResponse(run.as_dict() if run else {"brand": None})


async def download(request: Request) -> Response:
    studio = _studio(request)
    brand = safe_slug(request.query_params.get("brand", ""))
    edition = request.query_params.get("edition", "both")
    lang = request.query_params.get("lang", "en")
    if edition not in builds.ZIP_EDITIONS or lang not in studio.languages:
        raise ToolkitError("choose digital, print or both, and one of the toolkit's languages")
    data = await run_in_threadpool(builds.zip_brand, studio.settings.out, brand, edition, lang)
    name = f"{brand}-{lang}-{edition}.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def gallery(request: Request) -> Response:
    """The gallery page, its thumbnails and the PDFs; nothing else (no folder listings)."""
    out = _studio(request).settings.out.resolve()
    parts = PurePosixPath(request.path_params["path"]).parts
    if not parts:
        parts = ("index.html",)
    target = out.joinpath(*parts).resolve()
    wanted = parts == ("index.html",) or target.suffix in {".pdf", ".png"}
    hidden = any(part.startswith(".") for part in parts)
    if hidden or not wanted or not target.is_relative_to(out) or not target.is_file():
        return Response("Not found", 404)
    return FileResponse(target)


async def recipients(request: Request) -> Response:
    form = await request.form(max_part_size=MAX_BYTES)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise ToolkitError("choose a file first")
    data = await file.read()
    table = await run_in_threadpool(read_upload, _studio(request).work, file.filename, data)
    return JSONResponse(table)


async def start_dry_run(request: Request) -> Response:
    studio = _studio(request)
    if studio.draft.slug is None:
        raise ToolkitError("save the brand first; the copies are made with the saved brand")
    if studio.dry_run is not None and not studio.dry_run.finished:
        raise ToolkitError("the dry run is still going; wait for it to finish")
    settings = builds.build_settings(
        studio.settings.content, studio.settings.out, studio.settings.templates, "", ()
    )
    studio.dry_run = begin_dry_run(settings, studio.draft.slug, studio.work, studio.settings.jobs)
    return JSONResponse(studio.dry_run.as_dict())


async def dry_run_status(request: Request) -> Response:
    run = _studio(request).dry_run
    return JSONResponse(run.as_dict() if run else {"brand": None})


async def dry_run_zip(request: Request) -> Response:
    studio = _studio(request)
    if studio.dry_run is None or not studio.dry_run.finished:
        raise ToolkitError("make the dry run first")
    brand = studio.dry_run.brand
    data = await run_in_threadpool(zip_dry_run, studio.settings.out, brand)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{brand}-dry-run.zip"'},
    )


def _shown(findings: list[Finding]) -> list[dict[str, str | None]]:
    return [
        {"field": finding.field, "level": finding.level, "message": finding.message}
        for finding in findings
    ]


def _brands(content: Path) -> list[str]:
    folder = content / "brands"
    names = [p.name for p in folder.iterdir() if (p / "brand.yaml").is_file()]
    return sorted(name for name in names if name != DRAFT)


def _languages(content: Path) -> list[str]:
    """The toolkit's languages, its own first, as ``toolkit.yaml`` names them."""
    toolkit = load_model(content / "toolkit.yaml", Toolkit, Collector(content))
    return [toolkit.language, *toolkit.translations] if toolkit else ["en"]
