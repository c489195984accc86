"""Check that the system libraries WeasyPrint needs are installed.

Takes in: nothing; looks the libraries up the way the dynamic loader does.
Gives out: exit code 0, or 1 with the exact command that installs what is missing.
Run as ``python -m toolkit.builder.system`` (the Makefile does, before building or testing).
"""

from __future__ import annotations

import ctypes.util
import sys

# library name for ctypes -> Debian/Ubuntu package that provides it
REQUIRED = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz-subset": "libharfbuzz-subset0",
}


def missing_packages() -> list[str]:
    """Debian packages whose libraries the loader cannot find."""
    return [pkg for lib, pkg in REQUIRED.items() if ctypes.util.find_library(lib) is None]


def main() -> int:
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
