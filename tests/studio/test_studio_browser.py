"""The studio in a real browser: headless Chromium (Debian's) driven by Playwright.

One organizer's first visit, end to end: name, logo, a pale colour refused with a
suggestion, the suggestion taken, the preview redrawn, save, build, download; then the zip's
tip sheet names the organization and ``check`` passes on the saved brand. The studio runs
in uvicorn on a free loopback port with a copy of the fixture content (one topic, one
series, English only), so the build is six documents. Screenshots go to the test's
``tmp_path`` (their paths are printed: ``pytest -s``). Waits are Playwright's ``expect``
(retrying until the state holds), never sleeps.
"""

from __future__ import annotations

import io
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from tests.browser import CHROMIUM, MISSING, launched
from tests.studio.conftest import TOKEN
from toolkit.cli import main
from toolkit.studio.app import StudioSettings, create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is needed")
uvicorn = pytest.importorskip("uvicorn")

if not CHROMIUM.exists():
    pytest.skip(MISSING, allow_module_level=True)
NAME = "Lakeside Family Center"
SLUG = "lakeside-family-center"
UP_TO_DATE = "The preview shows your latest changes."
WAITING = "The preview will show your changes once the problems marked on the left are fixed."


@pytest.fixture
def studio(content: Path, tmp_path: Path) -> Iterator[str]:
    """The studio's address (with its token), served from a thread."""
    settings = StudioSettings(TOKEN, content, tmp_path / "out", work=tmp_path / "work", jobs=2)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started:  # uvicorn says when it is listening
        time.sleep(0.05)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/?token={TOKEN}"
    server.should_exit = True
    thread.join()


@pytest.fixture
def browser() -> Iterator[Browser]:
    yield from launched()


@pytest.fixture
def page(browser: Browser, studio: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(studio)
    yield tab
    context.close()
    assert errors == []


def _preview_version(page: Page) -> int:
    return int(page.get_attribute("#preview-tip-sheet", "data-version") or 0)


def test_an_organizer_brands_builds_and_downloads(
    page: Page, content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = playwright.expect
    expect(page.locator("#preview-tip-sheet")).to_have_attribute(
        "data-version", "1", timeout=60_000
    )
    page.fill("#f-organization", NAME)
    page.set_input_files("[data-upload=logo]", str(content / "brands" / "acme" / "logo.svg"))
    expect(page.locator("[data-current='logo.file']")).to_have_text("Now: logo.svg")
    page.fill("[id='f-logo.alt']", f"{NAME} logo")

    page.fill("[id='f-colours.primary']", "#AACCEE")
    contrast = page.locator("[data-contrast=primary]")
    expect(contrast).to_contain_text("white card text on the primary colour: contrast 1.67:1")
    expect(contrast).to_contain_text("too pale, needs at least 4.5:1")
    suggestion = contrast.get_by_role("button", name="Use #256FB9 instead")
    expect(suggestion).to_be_visible()
    messages = page.locator("[data-field='colours.primary'] .messages")
    expect(messages).to_contain_text("Problem: white card text on the primary colour")
    expect(page.locator("#preview-status")).to_have_text(WAITING, timeout=60_000)
    page.screenshot(path=tmp_path / "studio-pale.png", full_page=True)

    before = _preview_version(page)
    shown_before = page.get_attribute("#preview-tip-sheet", "src")
    suggestion.click()
    expect(page.locator("[id='f-colours.primary']")).to_have_value("#256FB9")
    expect(contrast.locator(".fail")).to_have_count(0)
    expect(messages).to_be_empty()
    page.wait_for_function(
        "v => Number(document.querySelector('#preview-tip-sheet').dataset.version) > v",
        arg=before,
        timeout=60_000,
    )
    assert page.get_attribute("#preview-tip-sheet", "src") != shown_before
    expect(page.locator("#preview-status")).to_have_text(UP_TO_DATE, timeout=60_000)
    page.screenshot(path=tmp_path / "studio-suggestion-taken.png", full_page=True)

    page.click("#save")
    expect(page.locator("#save-result")).to_have_text(
        f"Saved: content/brands/{SLUG}/brand.yaml. You can build it now."
    )
    page.click("#build")
    expect(page.locator("#build-status")).to_have_text("Done: 6 documents built.", timeout=300_000)
    with page.expect_download() as download:
        page.click(".download-both")
    archive = zipfile.ZipFile(download.value.path())
    names = sorted(archive.namelist())
    assert f"{SLUG}/en/tip-sheets/test-topic.pdf" in names
    assert f"{SLUG}/en/tip-sheets/test-topic.print.pdf" in names
    assert len(names) == 6
    sheet = PdfReader(io.BytesIO(archive.read(f"{SLUG}/en/tip-sheets/test-topic.pdf")))
    assert NAME in sheet.pages[0].extract_text()
    expect(page.get_by_role("link", name="Open the gallery of everything built")).to_be_visible()
    page.screenshot(path=tmp_path / "studio-built.png", full_page=True)
    _picture_for_the_readme(page, tmp_path / "studio-brand.png")

    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 0
    assert "3 brands" in capsys.readouterr().out
    with capsys.disabled():
        print(f"\nscreenshots: {tmp_path}/studio-*.png")


def _picture_for_the_readme(page: Page, path: Path) -> None:
    """The brand page as docs/images/studio-brand.png shows it: a pale second colour with
    its suggestion, beside the preview of the saved brand."""
    page.fill("[id='f-colours.accent']", "#F2B705")
    accent = page.locator("[data-contrast=accent]")
    playwright.expect(accent.get_by_role("button", name="Use #967103 instead")).to_be_visible()
    playwright.expect(page.locator("#preview-status")).to_have_text(WAITING, timeout=60_000)
    page.locator("h2", has_text="2. Logo").evaluate("h => h.scrollIntoView()")
    page.screenshot(path=path)
