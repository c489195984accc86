"""The manifest: each brand's ``manifest.json``, rebuilt from what is on disk.

Takes in: an output folder and the records of the documents this run built or reused.
Gives out: ``<out>/<brand>/manifest.json`` for every brand with PDFs there, listing every
PDF whose bytes match a record: this run's, the cache's (one entry per PDF, written after
the PDF) or the old manifest's. So a corrupt manifest, a narrowed build (``--topic x``) or
a run killed part-way never leaves a manifest that forgets PDFs on disk, or lists PDFs that
are gone or were replaced by hand. Written atomically; the caller holds the output lock.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TypeGuard

from toolkit.files import write_atomic

Record = dict[str, Any]


def write_manifests(out: Path, current: list[Record]) -> None:
    """Rebuild every brand's manifest from ``current`` (this run) and the records on disk."""
    records = _recorded(out)
    records.update({str(record["path"]): record for record in current})
    brands = {str(record["brand"]) for record in records.values()}
    brands |= {path.parent.name for path in out.glob("*/manifest.json")}
    for brand in sorted(brands):
        documents = [
            records[key]
            for key in sorted(records)
            if records[key].get("brand") == brand and (out / key).is_file()
        ]
        created = max((str(entry.get("created", "")) for entry in documents), default="")
        manifest = {"created": created, "documents": documents}
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        write_atomic(out / brand / "manifest.json", text.encode("utf-8"))


def _recorded(out: Path) -> dict[str, Record]:
    """Records from old manifests, then cache entries, kept only where the PDF on disk has
    the recorded sha256."""
    candidates: list[object] = []
    for path in sorted(out.glob("*/manifest.json")):
        documents = _json(path).get("documents")
        candidates += documents if isinstance(documents, list) else []
    for path in sorted((out / ".cache").glob("*.json")):
        candidates.append(_json(path).get("document"))
    hashes: dict[str, str | None] = {}
    found = {}
    for record in candidates:
        if _is_record(record) and _sha256(out, record["path"], hashes) == record["sha256"]:
            found[record["path"]] = record
    return found


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_record(record: object) -> TypeGuard[Record]:
    return (
        isinstance(record, dict)
        and isinstance(record.get("path"), str)
        and isinstance(record.get("brand"), str)
        and isinstance(record.get("sha256"), str)
    )


def _sha256(out: Path, relative: str, hashes: dict[str, str | None]) -> str | None:
    """The sha256 of ``out/relative``, if that is a file inside ``out``."""
    if relative not in hashes:
        path = (out / relative).resolve()
        inside = path.is_relative_to(out.resolve()) and path.is_file()
        hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if inside else None
    return hashes[relative]
