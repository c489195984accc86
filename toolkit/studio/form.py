"""The brand page's fields: form data in, brand values out, and back.

Takes in: the fields a browser posts (``contact.phone``, ``partners[1].name``…), or the
values a ``brand.yaml`` holds.
Gives out: the nested values ``brand_file.update_brand`` writes (only fields the page has:
any other posted name is ignored, so nothing from the browser becomes a key or a path
unchecked), the flat values the page shows, and the page field a ``check`` problem belongs
to (its ``field``, such as ``partners[0].logo``, is the form field's name).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

MAX_PARTNERS, MAX_LOCAL_HELP = 4, 2
"""As many as ``Brand`` allows."""
TEXT_FIELDS = (
    "organization",
    "footer",
    "contact.phone",
    "contact.email",
    "contact.website",
    "colours.primary",
    "colours.accent",
    "logo.file",
    "logo.alt",
    "paper",
    "card_size",
    *(f"partners[{i}].{key}" for i in range(MAX_PARTNERS) for key in ("name", "logo")),
    *(
        f"local_help[{i}].{key}"
        for i in range(MAX_LOCAL_HELP)
        for key in ("name", "description", "phone", "url")
    ),
)
SHOW_NAME = "show_name"
"""The "show the name beside the logo" box: the opposite of ``logo.wordmark``."""
LANGUAGES = "languages"
FIELD_PART = re.compile(r"([a-z_]+)|\[(\d+)\]")


def brand_values(form: Iterable[tuple[str, str]], all_languages: list[str]) -> dict[str, Any]:
    """The nested brand values of the page's fields; empty fields are ``None``."""
    values: dict[str, Any] = {}
    posted = list(form)
    for name, value in posted:
        if name in TEXT_FIELDS:
            _put(values, _parts(name), value.strip() or None)
    for key in ("partners", "local_help"):
        values[key] = [item for item in _as_list(values.get(key)) if any(item.values())]
    logo = values.get("logo") or {}
    if logo.get("file"):
        logo["wordmark"] = True if (SHOW_NAME, "on") not in posted else None
    else:
        values["logo"] = None
    chosen = [value for name, value in posted if name == LANGUAGES and value in all_languages]
    values[LANGUAGES] = [] if set(chosen) == set(all_languages) else chosen
    return values


def page_values(brand: dict[str, Any], all_languages: list[str]) -> dict[str, Any]:
    """What the page's fields show for the values a brand file holds."""
    shown: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value: Any = brand
        for part in _parts(name):
            value = _step(value, part)
        shown[name] = "" if value is None else str(value)
    logo = brand.get("logo")
    shown[SHOW_NAME] = not (isinstance(logo, dict) and logo.get("wordmark"))
    chosen = brand.get(LANGUAGES) or all_languages
    shown[LANGUAGES] = [lang for lang in all_languages if lang in chosen]
    return shown


def page_field(problem_field: str | None) -> str | None:
    """The page field a problem's ``field`` belongs to: itself, or the first field of the
    group it names (``logo.file`` for ``logo``); ``None`` for the page's general box."""
    if not problem_field:
        return None
    if problem_field == "logo.wordmark":
        return SHOW_NAME
    if problem_field == LANGUAGES or problem_field.startswith(LANGUAGES + "["):
        return LANGUAGES
    if problem_field in TEXT_FIELDS:
        return problem_field
    group = [name for name in TEXT_FIELDS if name.startswith(problem_field + ".")]
    return group[0] if group else None


def _parts(name: str) -> list[str | int]:
    return [word if word else int(index) for word, index in FIELD_PART.findall(name)]


def _put(values: dict[str, Any], parts: list[str | int], value: str | None) -> None:
    target: Any = values
    for part, following in itertools.pairwise(parts):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            while len(target) <= part:
                target.append({})
            target = target[part]
        else:
            target = target.setdefault(part, empty)
    last = parts[-1]
    if isinstance(last, str):
        target[last] = value


def _as_list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _step(value: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return value[part] if isinstance(value, list) and part < len(value) else None
    return value.get(part) if isinstance(value, dict) else None
