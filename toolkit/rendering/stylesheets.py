"""Stylesheets parsed once per process, not once per document.

Takes a parsed ``weasyprint.HTML`` and the folders its document may read; gives the
options that make ``HTML.render`` use already-parsed ``weasyprint.CSS`` objects for the
document's ``<link rel="stylesheet">`` and ``<style>`` elements, and marks those elements
so that WeasyPrint does not read them again.

WeasyPrint parses every stylesheet a document links, for every document: about 70 ms of
a tip sheet's 0.5 s layout went to reading ``print.css``, the kind's stylesheet and the
same ``@font-face`` rules again. Documents of one build share almost all of their
stylesheets, so a worker keeps what it parsed:

- the cache key is everything a parse depends on: each sheet's text (a linked file's
  bytes, so an edited template is read again), its base URL, the size and time of every
  file its ``url()``s name (a replaced font or colour profile is loaded again), and the
  folders the document may read (a sheet parsed under one document's sandbox is never
  given to another's);
- documents with the same key share one ``FontConfiguration`` (their ``@font-face``
  fonts), ``CounterStyle`` and colour profiles, as they share the sheets that fill them.
  A document never sees fonts that only another brand's stylesheet declared;
- a set whose parse logged a warning is used for that document (which then fails with the
  warning, as before) but not kept, so the next document reports it too.

The sheets are given to WeasyPrint as user stylesheets (``render(stylesheets=...)``), in
document order, and the document keeps none of its own: within one origin the cascade
is the same (order, then specificity), and ``style`` attributes still come last. Only an
``!important`` in a brand's ``brand.css`` now also outranks a ``style`` attribute.
A document with a sheet this module cannot take over (a ``media`` or ``type`` attribute,
an alternate sheet, a link to anything but a ``.css`` file inside its folders) is left to
WeasyPrint whole, which applies or refuses it as before.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

PARSED = "text/x-toolkit-parsed"
"""The ``type`` given to a taken-over element; WeasyPrint reads only ``text/css``."""
GROUPS_KEPT = 16
"""Sets of stylesheets a process keeps (a build has one per brand, language, kind and
edition; a worker sees a few dozen)."""


@dataclass
class _Group:
    """The parsed sheets of one set, and the font and counter registries they filled."""

    sheets: list[Any] = field(default_factory=list)
    font_config: Any = None
    counter_style: Any = None
    color_profiles: dict[str, Any] = field(default_factory=dict)


_GROUPS: OrderedDict[tuple[Any, ...], _Group] = OrderedDict()


def render_options(html: Any, allowed_roots: tuple[Path, ...], logged: list[str]) -> dict[str, Any]:
    """``HTML.render`` options that use this process's parsed copies of the document's
    stylesheets (parsing them now if this set is new); empty if the document's sheets are
    left to WeasyPrint. ``logged`` is the list WeasyPrint's warnings are being collected in
    (``pdf.render_pdf``): a set whose parse added to it is not kept."""
    sources = _sources(html, allowed_roots)
    if sources is None:
        return {}
    texts = [source for source, _ in sources]
    key = (allowed_roots, html.base_url, *texts, *_loaded_files(texts, allowed_roots))
    group = _GROUPS.get(key)
    if group is None:
        warnings_before = len(logged)
        group = _parse(html, sources)
        if len(logged) == warnings_before:
            _GROUPS[key] = group
            while len(_GROUPS) > GROUPS_KEPT:
                _GROUPS.popitem(last=False)
    else:
        _GROUPS.move_to_end(key)
    for _, element in sources:
        element.set("type", PARSED)
    return {
        "stylesheets": group.sheets,
        "font_config": group.font_config,
        "counter_style": group.counter_style,
        "color_profiles": group.color_profiles,
    }


def _sources(
    html: Any, allowed_roots: tuple[Path, ...]
) -> list[tuple[tuple[str, str, str], Any]] | None:
    """Each stylesheet element in document order with what it holds: ("style", text,
    base URL) or ("link", text, URL); None if one of them is not ours to take over."""
    sources = []
    for wrapper in html.wrapper_element.query_all("style", "link"):
        element = wrapper.etree_element
        rel = element.get("rel", "").lower().split()
        if element.tag == "link" and "stylesheet" not in rel:
            continue
        if element.get("type") is not None or element.get("media") is not None:
            return None
        if "alternate" in rel:
            return None
        if element.tag == "style":
            text = "".join(element.itertext())
            sources.append((("style", text, html.base_url), element))
            continue
        path = _file(urljoin(html.base_url, element.get("href", "")), allowed_roots)
        if path is None:
            return None
        text = path.read_bytes().decode("utf-8-sig", errors="replace")  # as WeasyPrint: no BOM
        sources.append((("link", text, path.as_uri()), element))
    return sources


URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")


def _loaded_files(
    sources: list[tuple[str, str, str]], allowed_roots: tuple[Path, ...]
) -> list[tuple[str, int, int]]:
    """Each file a sheet's ``url()`` names (fonts, colour profiles, imports), with its size
    and modification time: parsing loads fonts and profiles, so a changed one is a new set."""
    found = []
    for _, text, base_url in sources:
        for url in URL.findall(text):
            path = _file(urljoin(base_url, url), allowed_roots, suffix=None)
            if path is not None:
                stat = path.stat()
                found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return found


def _file(url: str, allowed_roots: tuple[Path, ...], suffix: str | None = ".css") -> Path | None:
    """The readable file a URL names, if it is inside the document's folders (and, for a
    stylesheet link, a ``.css`` file: WeasyPrint refuses a link to anything else)."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path)).resolve()
    if not path.is_file() or not any(path.is_relative_to(root) for root in allowed_roots):
        return None
    if suffix is not None and path.suffix.lower() != suffix:
        return None
    return path


def _parse(html: Any, sources: list[tuple[tuple[str, str, str], Any]]) -> _Group:
    """Parse one set of sheets into fresh registries."""
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration

    group = _Group(font_config=FontConfiguration(), counter_style=CounterStyle())
    for (_, text, base_url), _element in sources:
        group.sheets.append(
            CSS(
                string=text,
                base_url=base_url,
                url_fetcher=html.url_fetcher,
                media_type=html.media_type,
                font_config=group.font_config,
                counter_style=group.counter_style,
                color_profiles=group.color_profiles,
            )
        )
    return group
