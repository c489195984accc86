"""The brand being edited: a draft folder beside the real content, checked like ``check``.

Takes in: the content folder, a brand to open (or none, for a new one), the page's values
and uploaded files.
Gives out: a draft content folder (``<work>/content``: the real ``toolkit.yaml``, topics and
series linked in, and the draft brand as ``brands/draft/``) that ``load_project`` and the
renderer read as they read any content; every problem and warning ``check`` reports for the
draft brand, by page field; and, on save, ``<content>/brands/<slug>/brand.yaml`` with the
uploaded files beside it.

Names from the browser become paths only through ``safe_file_name`` and ``safe_slug``.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.checks.freshness import insecure_addresses
from toolkit.checks.helplines import helpline_problems
from toolkit.checks.placeholders import placeholder_warnings
from toolkit.content.brands import PRINTED_SIZE
from toolkit.content.images import image_problems, print_resolution_warning
from toolkit.content.models import ID_PATTERN, LOGO_PATTERN
from toolkit.content.project import load_project
from toolkit.errors import ContentError, Problem, ToolkitError
from toolkit.files import slugify, write_atomic
from toolkit.studio.brand_file import dump_brand, plain, read_brand, update_brand
from toolkit.studio.form import page_field

DRAFT = "draft"
"""The draft brand's folder name inside the draft content folder."""
IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")
NAME_REFUSED = (
    "file names may not contain folders, '..' or unusual characters; rename the file to "
    "letters, digits, '-', '_' and '.' only (for example logo.svg)"
)


@dataclass(frozen=True)
class Finding:
    """One problem or warning, as the page shows it next to a field."""

    field: str | None
    level: str
    message: str


@dataclass
class Draft:
    """One brand being edited in the studio."""

    content: Path
    work: Path
    slug: str | None = None
    """The brand opened (its folder name), or ``None`` for a new brand."""
    original: str | None = None
    """The opened brand.yaml's text: saved back with only the page's fields changed."""
    uploads: set[str] = field(default_factory=set)

    @property
    def root(self) -> Path:
        return self.work / "content"

    @property
    def folder(self) -> Path:
        return self.root / "brands" / DRAFT

    def brand_text(self, values: dict[str, Any]) -> str:
        return dump_brand(update_brand(read_brand(self.original), values))

    def write(self, values: dict[str, Any]) -> None:
        write_atomic(self.folder / "brand.yaml", self.brand_text(values).encode("utf-8"))


def open_draft(content: Path, work: Path, slug: str | None) -> tuple[Draft, dict[str, Any]]:
    """A fresh draft of brand ``slug`` (or a new brand) and the values its file holds."""
    root = work / "content"
    if root.exists():
        shutil.rmtree(root)
    (root / "brands").mkdir(parents=True)
    for item in content.iterdir():
        if item.name != "brands":
            (root / item.name).symlink_to(item.resolve())
    draft = Draft(content, work)
    if slug is None:
        draft.folder.mkdir()
        return draft, {}
    source = content / "brands" / safe_slug(slug)
    if not (source / "brand.yaml").is_file():
        raise ToolkitError(f"there is no brand called '{slug}' in {content / 'brands'}")
    shutil.copytree(source, draft.folder, symlinks=True)
    draft.slug, draft.original = slug, (source / "brand.yaml").read_text(encoding="utf-8")
    return draft, plain(read_brand(draft.original))


def safe_slug(name: str) -> str:
    if not ID_PATTERN.match(name) or len(name) > 60:
        raise ToolkitError(f"'{name}' is not a brand folder name (a-z, 0-9 and '-' only)")
    return name


def safe_file_name(name: str) -> str:
    """An uploaded file's name, if it can be a file in the brand folder as it is."""
    if "/" in name or "\\" in name or ".." in name or not re.match(LOGO_PATTERN, name):
        raise ToolkitError(NAME_REFUSED)
    if name == "brand.yaml" or not name.lower().endswith(IMAGE_TYPES):
        raise ToolkitError(f"{name}: choose an SVG, PNG or JPEG image")
    return name


def add_upload(draft: Draft, name: str, data: bytes, kind: str) -> list[Finding]:
    """Keep an uploaded logo in the draft if it passes the logo checks; its findings."""
    name = safe_file_name(name)
    path = draft.folder / name
    write_atomic(path, data)
    problems = image_problems(path)
    if problems:
        path.unlink()
        return [Finding(None, "error", f"{name} {problem}") for problem in problems]
    draft.uploads.add(name)
    warning = print_resolution_warning(path, PRINTED_SIZE[kind])
    return [Finding(None, "warning", f"{name} {warning}")] if warning else []


def check_draft(draft: Draft, values: dict[str, Any]) -> list[Finding]:
    """Every problem, then every warning, ``check`` reports for the draft brand."""
    draft.write(values)
    try:
        project = load_project(draft.root)
    except ContentError as error:
        return [_finding(draft, problem, "error") for problem in error.problems]
    warnings = [*project.warnings, *placeholder_warnings(project)]
    warnings += insecure_addresses(project) + helpline_problems(project)
    return [_finding(draft, problem, "warning") for problem in warnings if _is_draft(problem)]


DRAFT_SHOWN = f"content/brands/{DRAFT}/"
"""How messages name the draft folder (``display_path`` of the draft content folder)."""


def _is_draft(problem: Problem) -> bool:
    return problem.file.startswith(DRAFT_SHOWN)


def _finding(draft: Draft, problem: Problem, level: str) -> Finding:
    shown = page_field(problem.field)
    if _is_draft(problem) and problem.file.endswith("brand.yaml") and shown is not None:
        return Finding(shown, level, problem.message)
    if _is_draft(problem) and problem.file.endswith("brand.yaml"):
        return Finding(None, level, _message(problem))
    return Finding(None, level, str(problem).replace(DRAFT_SHOWN, "your brand folder: "))


def _message(problem: Problem) -> str:
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def save_draft(draft: Draft, values: dict[str, Any]) -> Path:
    """Write the brand into the real content folder; the brand.yaml written."""
    slug = draft.slug or slugify(str(values.get("organization") or ""))
    if not slug:
        raise ToolkitError(
            "give your organization a name first: the brand's folder is named after it"
        )
    target = draft.content / "brands" / safe_slug(slug)
    if draft.slug is None and target.exists():
        raise ToolkitError(
            f"a brand called '{slug}' already exists; open it from the list to change it, "
            "or give this organization another name"
        )
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(draft.uploads):
        write_atomic(target / safe_file_name(name), (draft.folder / name).read_bytes())
    text = draft.brand_text(values)
    write_atomic(target / "brand.yaml", text.encode("utf-8"))
    draft.slug, draft.original, draft.uploads = slug, text, set()
    return target / "brand.yaml"
