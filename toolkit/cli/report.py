"""Problems as the person at the terminal reads them.

Takes in: a ``ToolkitError`` (every problem it carries) or one warning.
Gives out: lines on stderr: ``error: file:line: field: message``, a count when there are
several, and whether the output folder was left as it was.
"""

from __future__ import annotations

import sys

from toolkit.errors import ContentError, Problem, ToolkitError


def report(error: ToolkitError) -> None:
    for problem in error.problems:
        print(f"error: {problem}" if problem.file else f"error: {problem.message}", file=sys.stderr)
    if len(error.problems) > 1:
        print(f"{len(error.problems)} problems found.", file=sys.stderr)
    if isinstance(error, ContentError):
        print(
            "Nothing was built; the PDFs already in the output folder are unchanged.",
            file=sys.stderr,
        )


def warn(problem: Problem | str) -> None:
    print(f"warning: {problem}", file=sys.stderr)
