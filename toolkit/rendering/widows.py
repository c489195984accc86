"""Typesetting a paragraph's last line, for the templates.

Takes in: a paragraph's HTML, as the ``md`` filter renders it.
Gives out: the same HTML with its last two words kept on one line (``no_widow``), so no
paragraph or list item ends with one word alone ("911.", "policy."), or half of one
("ages." after "im-"). WeasyPrint 70 has no ``text-wrap: pretty``; this is the printer's
old remedy, done once here rather than in every YAML file.
"""

from __future__ import annotations

import re

from markupsafe import Markup

TAIL_CHARS = 24
"""The longest ending (letters, spaces, punctuation) kept whole; a longer one could not
fit a narrow column, and its last word is long enough not to look lost."""

TAGS = re.compile(r"(<[^>]*>)")
VOID = re.compile(r"<(br|img|wbr)\b|/>$")


def no_widow(html: str, tail_chars: int = TAIL_CHARS) -> Markup:
    """Keep the last two words of ``html`` together, when together they are at most
    ``tail_chars`` long (a card's large headline keeps a shorter tail): a
    ``<span class="tail">`` around them (print.css: never broken, never hyphenated), or a
    no-break space between them when they sit inside an element (a link, bold words) or
    across elements."""
    parts = TAGS.split(str(html))
    depth, last = 0, None
    for index, part in enumerate(parts):
        if part.startswith("<"):
            depth += 0 if VOID.search(part) else -1 if part.startswith("</") else 1
        elif " " in part:
            last = (index, part.rindex(" "), depth)
    if last is None:
        return Markup(html)  # noqa: S704 - the input is already escaped HTML
    index, space, depth = last
    text = parts[index]
    rest = "".join(parts[index + 1 :])
    word = text.rfind(" ", 0, space) + 1  # where the second last word starts
    last_word = TAGS.sub("", text[space + 1 :] + rest).strip()
    kept = TAGS.sub("", text[word:] + rest).strip()  # the two words that would stay together
    if not last_word or len(kept) > tail_chars:
        return Markup(html)  # noqa: S704 - unchanged
    if depth == 0 and text[word:space].strip():
        parts[index] = f'{text[:word]}<span class="tail">{text[word:]}'
        parts.append("</span>")
    else:
        parts[index] = f"{text[:space]}\u00a0{text[space + 1 :]}"
    return Markup("".join(parts))  # noqa: S704 - tags added around escaped text
