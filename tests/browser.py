"""Debian's Chromium driven by Playwright, shared by the browser tests (gallery, studio).

Takes in: nothing; a test module imports it after its own ``pytest.importorskip`` of
Playwright. Gives out: ``CHROMIUM`` (where it must be), ``MISSING`` (the skip reason, with
the install command) and ``launched()``, a headless Chromium for a fixture to yield.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
MISSING = "Chromium is needed at /usr/bin/chromium (sudo apt-get install -y chromium)"


def launched() -> Iterator[Browser]:
    """A headless Debian Chromium (no browser download), closed when the fixture ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
