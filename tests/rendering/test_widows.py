"""A paragraph's last two words kept together (no one-word last lines)."""

from __future__ import annotations

import pytest

from toolkit.rendering.html import markdown_inline
from toolkit.rendering.widows import no_widow


@pytest.mark.parametrize(
    ("text", "set"),
    [
        (
            "In danger now, call 911.",
            'In danger now, <span class="tail">call 911.</span>',
        ),
        (
            "Ask for help at gethelp@ncmec.org.",
            'Ask for help <span class="tail">at <span class="address">gethelp@ncmec.org'
            "</span>.</span>",
        ),
        (  # the space sits inside a link: a no-break space, the link left whole
            "Use [Take It Down](https://takeitdown.ncmec.org).",
            'Use <a href="https://takeitdown.ncmec.org">Take It\u00a0Down</a>.',
        ),
        ("**Bold** word", "<strong>Bold</strong>\u00a0word"),
        ("one", "one"),
        (  # too long to keep whole: left to break
            "see thorn.org/press-releases/online-grooming-report",
            'see <span class="address">thorn.org/press-releases/online-grooming-report</span>',
        ),
    ],
)
def test_no_widow_keeps_the_last_two_words_together(text: str, set: str) -> None:
    assert no_widow(markdown_inline(text)) == set


def test_the_two_words_kept_together_are_measured_against_the_limit() -> None:
    """A card headline in 34 pt keeps at most 12 characters together: a longer pair would
    run past the card's edge, so it is left to break as it may."""
    assert no_widow("No respondas. Guárdalo.", 12) == "No respondas. Guárdalo."
    assert no_widow("Tell a grown-up.", 12) == 'Tell <span class="tail">a grown-up.</span>'
