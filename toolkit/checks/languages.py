"""Which language a short text is plainly in, from its common words: English or Spanish.

Takes in: a piece of text from a PDF (a heading, a title, a paragraph).
Gives out: ``en``, ``es`` or ``None`` when the words do not say plainly. The accessibility
audit uses it to find text that needs its own ``/Lang`` (WCAG 3.1.2); the toolkit writes
these two languages, and in any other the audit stays silent.
"""

from __future__ import annotations

import re

# fmt: off
ENGLISH = frozenset({
    "the", "and", "of", "to", "is", "are", "you", "your", "with", "for", "what", "how",
    "when", "this", "that", "they", "them", "their", "it", "into", "from", "about", "will",
    "can", "be", "have", "has", "not", "if", "or", "at", "by", "an", "who", "which",
})
"""Common words only English has ("a" and "no" are Spanish too)."""
SPANISH = frozenset({
    "el", "la", "los", "las", "de", "del", "que", "y", "en", "para", "con", "su", "sus", "tu",
    "tus", "por", "una", "es", "se", "lo", "al", "cómo", "qué", "cuando", "este", "esta",
    "estos", "sobre", "puede", "pueden", "más",
})
"""Common words only Spanish has."""
# fmt: on
WORD = re.compile(r"[^\W\d_]+")
ADDRESS = re.compile(r"\S*[./@-]\w\S*")
"""A web or e-mail address, or a piece of one (what-you-should-know) after a line break:
not words of any language."""


def guess_language(text: str) -> str | None:
    """``en`` or ``es`` when the text's common words say so plainly, else ``None``.

    Only words that belong to one of the two languages count: "a" and "no" belong to both,
    and names (NetSmartz, Riverside PTA) to neither, so a Spanish sentence quoting an
    English name stays Spanish. One such word decides only when the other language has none.
    """
    prose = ADDRESS.sub(" ", text)  # cdc.gov/mmwr/…/su7201 is no Spanish "su"
    words = [w.lower() for w in WORD.findall(prose)]
    english = sum(w in ENGLISH for w in words)
    spanish = sum(w in SPANISH for w in words)
    if english and not spanish:
        return "en"
    if spanish and not english:
        return "es"
    if english >= 2 * spanish + 2:
        return "en"
    if spanish >= 2 * english + 2:
        return "es"
    return None
