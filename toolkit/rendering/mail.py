"""An e-mail message from its template: subject, plain text and HTML.

Takes in: the folders to find message templates in (a brand's own ``mail/`` first, then the
toolkit's ``templates/mail/``), a language, and the fields (school, contact, brand,
attachments, part, parts, signature lines).
Gives out: a ``RenderedMessage``: the subject, the body as text/plain and as text/html.

A message template, ``message.<lang>.md``, starts with a ``Subject:`` line, then a blank
line, then a Markdown body. Templates are code run in the sandbox and undefined names are
errors, as for documents. Values are data: on the way to HTML they are escaped for Markdown
(so a school called ``*[x](http://evil)*`` prints as typed), Markdown is rendered with raw
HTML disabled, and the page around it (``message.html``) is autoescaped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup

from toolkit.errors import Problem, RenderError

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})


@dataclass(frozen=True)
class RenderedMessage:
    """What a message says, ready to put in a MIME message."""

    subject: str
    text: str
    html: str


def render_message(
    folders: tuple[Path, ...], lang: str, fields: Mapping[str, Any]
) -> RenderedMessage:
    """The message for one recipient, from ``message.<lang>.md`` in the first folder with it."""
    name = f"message.{lang}.md"
    try:
        plain = _environment(folders, escape=False).get_template(name).render(fields)
        marked = _environment(folders, escape=True).get_template(name).render(fields)
        subject, text = _split_subject(plain, name)
        _, markdown = _split_subject(marked, name)
        body = Markup(_MARKDOWN.render(markdown))  # noqa: S704 - raw HTML is disabled
        frame = _environment(folders, escape=False, html=True).get_template("message.html")
        html = frame.render({**fields, "subject": subject, "body": body, "lang": lang})
    except jinja2.TemplateNotFound as error:
        where = ", ".join(str(folder) for folder in folders)
        raise RenderError([Problem(str(error.name), f"no message template in {where}")]) from None
    except jinja2.TemplateError as error:
        line = getattr(error, "lineno", None)
        raise RenderError([Problem(name, f"message template: {error}", line)]) from None
    return RenderedMessage(subject, _plain_text(text, fields), html)


@functools.lru_cache(maxsize=32)
def _environment(folders: tuple[Path, ...], escape: bool, html: bool = False) -> jinja2.Environment:
    """Sandboxed, undefined names fail; ``escape``: values escaped for Markdown; ``html``:
    autoescaped, for the HTML page around the body."""
    env = ImmutableSandboxedEnvironment(
        loader=_InsideLoader(folders),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_markdown_escape if escape else None,
    )
    return env


class _InsideLoader(jinja2.FileSystemLoader):
    """Templates from the folders, never through a link that leaves its folder (a brand kit
    could otherwise mail out any file on the machine)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        resolved = Path(filename).resolve()
        if not any(resolved.is_relative_to(Path(folder).resolve()) for folder in self.searchpath):
            message = f"links to {resolved}, outside its folder; a template must be a file in it"
            raise RenderError([Problem(filename, message)])
        return source, filename, uptodate


def _markdown_escape(value: object) -> object:
    """A value as literal Markdown text: every punctuation Markdown reads is backslashed."""
    if isinstance(value, str):
        return MARKDOWN_SPECIAL.sub(r"\\\1", value)
    return value


def _split_subject(rendered: str, name: str) -> tuple[str, str]:
    first, _, body = rendered.partition("\n")
    if not first.startswith("Subject:"):
        message = "the first line must be 'Subject: ...', then a blank line, then the message"
        raise RenderError([Problem(name, message, 1)])
    return " ".join(first.removeprefix("Subject:").split()), body.strip("\n") + "\n"


def _plain_text(markdown: str, fields: Mapping[str, Any]) -> str:
    """The Markdown as people read it in a plain-text mail: links as "text (address)",
    no bold marks; the signature after the usual "-- " line."""
    text = LINK.sub(lambda m: m[1] if m[1] == m[2] else f"{m[1]} ({m[2]})", markdown)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    signature = list(fields.get("signature", []))
    return text + ("\n-- \n" + "\n".join(signature) + "\n" if signature else "")
