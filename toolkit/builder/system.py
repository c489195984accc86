"""Check that the system libraries WeasyPrint needs are installed.

Takes in: nothing; looks the libraries up the way the dynamic loader does.
Gives out: the Debian packages that are missing and without which nothing renders (Pango),
and a note for each optional one that is missing (``libharfbuzz-subset0``: without it
WeasyPrint subsets fonts with fontTools, which works but is slower). As a script
(``python -m toolkit.builder.system``, which the Makefile runs before building or testing):
exit code 0, printing the notes, or 1 with the exact command that installs what is missing.
"""

from __future__ import annotations

import ctypes.util
import sys

# library name for ctypes -> Debian/Ubuntu package that provides it
REQUIRED = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
}
OPTIONAL = {
    "harfbuzz-subset": (
        "libharfbuzz-subset0",
        "installing it makes builds faster (fonts are subset by HarfBuzz, not fontTools)",
    ),
}


def missing_packages() -> list[str]:
    """Debian packages whose libraries the loader cannot find, and without which nothing
    renders."""
    return [pkg for lib, pkg in REQUIRED.items() if ctypes.util.find_library(lib) is None]


def optional_package_notes() -> list[str]:
    """One line per optional library that is missing: what installing it would give."""
    return [
        f"{package} is not installed; {gain}:  sudo apt-get install -y {package}"
        for lib, (package, gain) in OPTIONAL.items()
        if ctypes.util.find_library(lib) is None
    ]


def main() -> int:
    for note in optional_package_notes():
        print(f"note: {note}", file=sys.stderr)
    missing = missing_packages()
    if not missing:
        return 0
    print(
        "WeasyPrint needs system libraries that are not installed.\n"
        f"Install them with:  sudo apt-get install -y {' '.join(missing)}\n"
        "(on macOS: brew install pango harfbuzz)",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
