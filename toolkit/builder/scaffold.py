"""Starter files for a new topic, a new brand or a new translation.

Takes in: a content folder and a new topic id or brand name (the same a-z, 0-9 and '-' rule
the loader applies to file and folder names), or a source file and a language.
Gives out: ``topics/<id>.yaml``, or ``brands/<name>/brand.yaml`` with a placeholder
``logo.svg``: commented files where every field says what it is for and every text says
"Replace this", that pass ``check`` and build as they are; or ``topics/<id>.<lang>.yaml``,
a copy of the source to translate, recording the source's hash; and, once a translation
has been reviewed against a changed source, the source's new hash in it
(``mark_translation_done``). Every starter file's first line names its JSON Schema, for
editors that autocomplete YAML. Existing files are never overwritten; each file is written
atomically.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

import yaml

from toolkit import RUN
from toolkit.assets.i18n import language_name
from toolkit.content.models import ID_PATTERN
from toolkit.content.translations import META_KEY, TRANSLATION_NAME, source_hash
from toolkit.errors import ToolkitError, display_path
from toolkit.files import write_atomic

TOPIC_TEMPLATE = Template("""\
$schema_line
# Topic: $title. Gives one parent tip sheet (front and back of one Letter sheet)
# and one youth card per key message. Replace every "Replace this" text, and
# add a source under "sources" for every fact you use.
# Field reference: docs/content.md (section 6); writing guidelines: section 14.

# Topic title, printed large at the top of the tip sheet.
title: "$title"

# One line under the title: what parents and caregivers will learn.
summary: "Replace this: one line on what parents will learn"

# A short paragraph (3 to 5 sentences) explaining the topic in plain words.
what_it_is: >-
  Replace this: explain the topic in plain, calm words, in three to five short
  sentences.

# Up to four "By the Numbers" figures. Leave the list empty until you have a
# number you can trace to a public source; each needs its source and year (or
# "year: undated" when the source gives none, never the year you read it), and
# a comment saying exactly where it comes from. Example (remove the # marks):
#   # Publisher, report title, year: what exactly was counted.
#   - value: "12%"
#     label: "Replace this: what the number measures, in one short sentence."
#     source: "Replace this: who reported it"
#     year: 2024
figures: []

# Signs that something may be wrong, one short sentence per item.
warning_signs:
  - "Replace this: a sign that something may be wrong."
  - "Replace this: another warning sign."

# Questions parents can ask to open a conversation.
conversation_starters:
  - "Replace this: a question a parent can ask?"
  - "Replace this: another conversation starter?"

# Calm steps to take if something happens, in order. Start each with a short
# **bold** phrase.
how_to_respond:
  - "**Stay calm.** Replace this: the first step to take."
  - "**Get help.** Replace this: the next step to take."

# Youth key messages, one card each. Each has a headline (at most 60
# characters), a text (one or two short sentences, at most 220 characters) and
# ages: kids (10 and under), teens or all.
key_messages:
  - headline: "Replace this headline."
    text: "Replace this: one or two short sentences for young people."
    ages: all

# Resources printed with a link and a QR code. Each has a title, a kind
# (website, reporting, video, guide, training or hotline), a full https://
# address, an audience (parents, youth, educators or everyone) and an optional
# description. Keep the CyberTipline: every topic points to where to get help.
resources:
  - title: "CyberTipline"
    kind: reporting
    url: "https://report.cybertip.org"
    audience: everyone
    description: >-
      Report online exploitation of a child to NCMEC, online or at 1-800-843-5678.

# Where the facts on this topic come from: title, publisher, address and year
# (for an undated web page, the year you read it). Add one per source you use.
sources:
  - title: "Replace this: title of the page or report you used"
    publisher: "Replace this: who published it"
    url: "https://example.org/replace-this"
    year: $year
""")

BRAND_TEMPLATE = Template("""\
$schema_line
# Brand: $organization. Every document is built once for each brand, into
# output/$name/. Replace the placeholders below with your own details.
# Field reference: docs/branding.md and docs/content.md (section 8).

# Organization name, printed on tip sheets and card backs and used as the PDF
# author. Write it out in full.
organization: "$organization"

# The logo: a file in this folder (an .svg, or a .png at least 600 pixels wide)
# and its alt text, read aloud by screen readers (usually the organization's
# name). logo.svg here is a placeholder: replace it with your own.
logo:
  file: "logo.svg"
  alt: "$organization"

# Brand colours, six-digit hex in quotes. Both must reach a contrast of 4.5:1
# (WCAG 2.1 AA): primary carries white text on card fronts and headings;
# accent is used for labels on white. These two pass; check your own.
colours:
  primary: "#1F4E79"
  accent: "#B3541E"

# How people reach you, printed in the footer and on card backs. All three are
# optional; delete a line to leave it out. Replace these placeholders.
contact:
  phone: "555-0100"
  email: "info@example.org"
  website: "https://example.org/$name"

# A short line printed in the footer, for example an invitation to share.
footer: "Replace this: a short line for the footer, such as how to reach you."

# Youth card size: 3.5x5 (inches, the default), 4x6, a6 or 3.5x2.
card_size: "3.5x5"

# Paper: letter (US and Canada, the default) or a4. --paper overrides it.
paper: "letter"

# Languages to build for this brand, e.g. [es]; empty builds every language
# the toolkit has. --lang overrides it.
languages: []

# Co-branding: up to four partners shown under "Provided courtesy of", each a
# name and optionally a logo file in this folder, for example:
#   partners:
#     - name: "County Library"
#       logo: "library-logo.svg"
partners: []

# Up to two local places to get help, printed after the national services:
#   local_help:
#     - name: "School counselor"
#       description: "Who to see, and when."
#       phone: "555-0100"
local_help: []

# Your own fonts: files in this folder (.ttf, .otf, .woff or .woff2), e.g.
#   fonts: {headings: "MyHeadings.ttf", text: "MyText.ttf"}
fonts: {}

# Only a made-up brand that shows what a brand looks like says true here; for
# yours, keep false, so every placeholder left in above gets a warning.
example: false

# Your own templates: see docs/branding.md, "Your own templates".
""")

LOGO_TEMPLATE = Template("""\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120" \
role="img" aria-labelledby="logo-title">
  <title id="logo-title">$organization</title>
  <!-- A placeholder logo: replace this file with your organization's own. -->
  <rect x="0" y="0" width="120" height="120" rx="16" fill="#1F4E79"/>
  <circle cx="60" cy="60" r="46" fill="none" stroke="#FFFFFF" stroke-width="4"/>
  <text x="60" y="74" text-anchor="middle" font-family="Lato, sans-serif" font-size="$size" \
font-weight="700" fill="#FFFFFF">$initials</text>
</svg>
""")


def new_topic(content: Path, topic_id: str) -> Path:
    """Write a commented starter ``topics/<topic_id>.yaml`` and return its path."""
    _check_id(topic_id, "topic id")
    path = content / "topics" / f"{topic_id}.yaml"
    _refuse_existing(path, content, "id")
    series = content / "series" / f"{topic_id}.yaml"
    if series.exists():  # topics and series share one id space (--topic picks either)
        shown = display_path(series, content)
        raise ToolkitError(f"{shown} already uses the id '{topic_id}'; pick another id")
    text = TOPIC_TEMPLATE.substitute(
        title=title_from_id(topic_id),
        year=date.today().year,
        schema_line=schema_line(path, "topic"),
    )
    write_atomic(path, text.encode("utf-8"))
    return path


def new_brand(content: Path, name: str) -> Path:
    """Write ``brands/<name>/brand.yaml`` and a placeholder ``logo.svg``; return the folder."""
    _check_id(name, "brand name")
    folder = content / "brands" / name
    brand_file, logo_file = folder / "brand.yaml", folder / "logo.svg"
    for path in (brand_file, logo_file):
        _refuse_existing(path, content, "name")
    organization = title_from_id(name)
    write_atomic(logo_file, placeholder_logo(organization).encode("utf-8"))
    try:
        text = BRAND_TEMPLATE.substitute(
            organization=organization, name=name, schema_line=schema_line(brand_file, "brand")
        )
        write_atomic(brand_file, text.encode("utf-8"))
    except BaseException:  # leave nothing behind that would block a second try
        logo_file.unlink(missing_ok=True)
        raise
    return folder


TRANSLATION_HEADER = Template("""\
$schema_line
# $language translation of $source. Translate the text and keep the keys, web
# addresses, phone numbers, figures and years as they are. When $source changes,
# `check` says so: bring this file up to date, then run `$run translation-done FILE`.
# Field reference: docs/content.md; translating: docs/translating.md.
$meta_key:
  source_hash: "$hash"

""")


def new_translation(content: Path, source: str, lang: str) -> Path:
    """Copy ``source`` (``content/topics/x.yaml``, or relative to ``content``) to
    ``topics/x.<lang>.yaml`` with a header recording the source's hash; return its path."""
    path = (Path(source) if Path(source).is_file() else content / source).resolve()
    if not path.is_file() or not path.is_relative_to(content.resolve()):
        raise ToolkitError(
            f"{source}: no such file in {content}; for example: {content}/topics/x.yaml"
        )
    translations = yaml.safe_load((content / "toolkit.yaml").read_text(encoding="utf-8"))
    listed = (translations or {}).get("translations") or []
    if lang not in listed:
        raise ToolkitError(
            f"'{lang}' is not among the translations in toolkit.yaml; add the line "
            f"'translations: [{', '.join([*listed, lang])}]' there first"
        )
    target = path.with_name(f"{path.stem}.{lang}.yaml")
    _refuse_existing(target, content, "language")
    text = MODELINE.sub("", path.read_text(encoding="utf-8"))
    header = TRANSLATION_HEADER.substitute(
        language=language_name(lang),
        source=display_path(path, content),
        meta_key=META_KEY,
        hash=source_hash(yaml.safe_load(text)),
        run=RUN,
        schema_line=schema_line(target, _kind_of(path)),
    )
    write_atomic(target, (header + text).encode("utf-8"))
    return target


SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
"""The JSON Schema of each file kind, as ``make schema`` writes them (docs/content.md)."""
SOURCE_HASH_LINE = re.compile(r"^(\s*source_hash:[ \t]*)\S*", re.MULTILINE)


def schema_line(path: Path, kind: str) -> str:
    """``# yaml-language-server: $schema=../../schemas/topic.schema.json``: the modeline
    that tells an editor's YAML extension which schema the file at ``path`` follows."""
    schema = SCHEMAS / f"{kind}.schema.json"
    if not path.resolve().is_relative_to(SCHEMAS.parent):  # content kept elsewhere
        return f"# yaml-language-server: $schema={schema.as_uri()}"
    relative = os.path.relpath(schema, path.resolve().parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


MODELINE = re.compile(r"^# yaml-language-server:.*\n", re.MULTILINE)


def _kind_of(path: Path) -> str:
    """The file kind (its schema's name) of a content file."""
    if path.name == "toolkit.yaml":
        return "toolkit"
    return {"topics": "topic", "series": "series"}.get(path.parent.name, "brand")


def mark_translation_done(path: Path) -> str:
    """Record in the translation at ``path`` that it matches its source as the source is now
    (its current hash); return the source's name."""
    match = TRANSLATION_NAME.match(path.stem)
    if not path.is_file() or path.suffix != ".yaml" or not match:
        raise ToolkitError(
            f"{path}: not a translation file; give one such as content/topics/sextortion.es.yaml"
        )
    source = path.with_name(f"{match.group(1)}.yaml")
    if not source.is_file():
        raise ToolkitError(f"{path}: its English file {source.name} is not beside it")
    text = path.read_text(encoding="utf-8")
    current = source_hash(yaml.safe_load(source.read_text(encoding="utf-8")))
    updated, found = SOURCE_HASH_LINE.subn(rf'\g<1>"{current}"', text, count=1)
    if not found:
        raise ToolkitError(
            f"{path}: no 'source_hash:' line; add at the top: "
            f'{META_KEY}: {{source_hash: "{current}"}}'
        )
    write_atomic(path, updated.encode("utf-8"))
    return str(source)


def title_from_id(identifier: str) -> str:
    """``gaming-safety`` -> ``Gaming Safety``."""
    return " ".join(part.capitalize() for part in identifier.split("-") if part)


def placeholder_logo(organization: str) -> str:
    """A square badge with the organization's initials: shapes and text only."""
    initials = "".join(word[0] for word in organization.split())[:3].upper()
    size = {1: 56, 2: 44}.get(len(initials), 34)
    return LOGO_TEMPLATE.substitute(
        organization=escape(organization), initials=escape(initials), size=size
    )


def _check_id(identifier: str, what: str) -> None:
    if not ID_PATTERN.fullmatch(identifier):
        raise ToolkitError(
            f"'{identifier}' is not a valid {what}: use only lower-case letters a-z, "
            "digits 0-9 and '-', starting with a letter or digit, for example 'gaming-safety'"
        )


def _refuse_existing(path: Path, content: Path, what: str) -> None:
    if path.exists():
        shown = display_path(path, content)
        raise ToolkitError(f"{shown} already exists; pick another {what} or edit that file")
