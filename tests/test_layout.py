"""The package layout: each stage imports only the stages its ``__init__`` names.

The walls are read from each sub-package's docstring (``May import: errors, assets.``), so
the docstring and the code cannot drift apart. Imports are read with ``ast`` (inside
functions too), never executed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toolkit"
SHARED = {"errors": set(), "files": set(), "documents": {"assets"}}
"""Top-level modules every stage may use, and what each of them may import itself."""
OWN_LIBRARIES = {
    "weasyprint": {"rendering"},
    "pydyf": {"rendering"},
    # The studio renders its own web page (shipped with the toolkit, autoescaped); documents
    # and brand templates (data from strangers) still go through rendering's sandbox only.
    "jinja2": {"rendering", "studio"},
}
"""Third-party libraries only these stages may import."""
MAX_MODULES = 11
MAX_LINES = 480


def stages() -> dict[str, set[str]]:
    """Each sub-package and the toolkit names its docstring allows it to import."""
    found = {}
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        match = re.search(r"^May import: (.*)\.$", doc, re.MULTILINE)
        assert match, f"{init}: the docstring must end with 'May import: ….'"
        found[init.parent.name] = {name.strip() for name in match.group(1).split(",")}
    return found


def imported(source: str) -> list[tuple[int, str]]:
    """(line, dotted module) for every import in ``source``; a relative import keeps its
    leading dots (the package writes absolute imports only)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append((node.lineno, "." * node.level + (node.module or "")))
    return names


def wall_breaks(stage: str, source: str, allowed: dict[str, set[str]]) -> list[str]:
    """Every import in a module of ``stage`` that its walls do not allow."""
    breaks = []
    for line, name in imported(source):
        parts = name.split(".")
        if name.startswith("."):
            breaks.append(f"line {line}: relative import {name} (write toolkit.…)")
        elif parts[0] == "toolkit" and len(parts) > 1 and parts[1] != stage:
            if parts[1] not in allowed[stage] and parts[1] != "__future__":
                breaks.append(f"line {line}: {stage} may not import toolkit.{parts[1]}")
        elif parts[0] in OWN_LIBRARIES and stage not in OWN_LIBRARIES[parts[0]]:
            only = "/".join(sorted(OWN_LIBRARIES[parts[0]]))
            breaks.append(f"line {line}: only {only} imports {name}")
    return breaks


def test_every_stage_names_what_it_may_import() -> None:
    walls = stages()
    assert set(walls) == {
        "assets", "content", "rendering", "press", "checks", "builder", "delivery", "views",
        "studio", "cli",
    }  # fmt: skip
    for stage, allowed in walls.items():
        assert allowed <= set(walls) | set(SHARED), f"{stage} names an unknown stage"


@pytest.mark.parametrize("stage", sorted(stages()))
def test_imports_only_point_down_the_pipeline(stage: str) -> None:
    walls = {**stages(), **SHARED}
    for module in sorted((PACKAGE / stage).glob("*.py")):
        breaks = wall_breaks(stage, module.read_text(encoding="utf-8"), walls)
        assert not breaks, f"{module.relative_to(PACKAGE.parent)}: {breaks}"


@pytest.mark.parametrize("module", sorted(SHARED))
def test_shared_modules_stay_at_the_bottom(module: str) -> None:
    source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    assert not wall_breaks(module, source, {**stages(), **SHARED})


def test_a_wrong_import_is_caught() -> None:
    walls = {**stages(), **SHARED}
    assert wall_breaks("content", "from toolkit.rendering.html import render_html\n", walls) == [
        "line 1: content may not import toolkit.rendering"
    ]
    assert wall_breaks("press", "def f():\n    import weasyprint\n", walls) == [
        "line 2: only rendering imports weasyprint"
    ]
    assert wall_breaks("delivery", "from toolkit.rendering import pdf\n", walls) == [
        "line 1: delivery may not import toolkit.rendering"
    ]
    assert wall_breaks("delivery", "from toolkit.builder.pipeline import build\n", walls) == []


def test_folders_and_modules_stay_small() -> None:
    for folder in [PACKAGE, *(PACKAGE / stage for stage in stages())]:
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= MAX_MODULES, f"{folder.name} holds {len(modules)} modules"
        for module in modules:
            lines = len(module.read_text(encoding="utf-8").splitlines())
            assert lines <= MAX_LINES, f"{module.name} has {lines} lines"
