"""The gallery in a real browser: headless Chromium (Debian's) driven by Playwright.

The gallery is served by ``make_server`` on a free loopback port. Screenshots of the desktop and
phone layouts are saved under the test's ``tmp_path`` and their paths printed (``pytest -s``).
After an action, tests wait for the state they assert with Playwright's ``expect``, which
retries until it holds (the gallery filters on the next tick after "Show all"), never on time.
"""

from __future__ import annotations

import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import CHROMIUM, MISSING, launched
from toolkit.builder.pipeline import BuiltDocument
from toolkit.views.gallery import make_server, write_gallery

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is needed")

if not CHROMIUM.exists():
    pytest.skip(MISSING, allow_module_level=True)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
KINDS = ("tip-sheet", "youth-cards", "episode-guide")
"""The fixture's document kinds, in the gallery's order."""
Built = tuple[Path, list[BuiltDocument]]

# Relative luminance contrast of an element's text against the first opaque background
# behind it (WCAG 2.1), computed in the page.
CONTRAST = """element => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = element, background = null;
  while (node && !background) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || c[3] === 1) background = c;
    node = node.parentElement;
  }
  const [a, b] = [lum(rgb(getComputedStyle(element).color)), lum(background || [255, 255, 255])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.fixture(scope="module")
def out(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("gallery") / "out"
    shutil.copytree(built[0], target)
    write_gallery(target, TEMPLATES)
    return target


@pytest.fixture(scope="module")
def base_url(out: Path) -> Iterator[str]:
    server = make_server(out, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launched()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text))
    tab.goto(base_url + "index.html")
    yield tab
    context.close()
    assert errors == []


SHOWN = "#documents > li:not([hidden])"


def _visible(page: Page) -> list[str]:
    """``brand/language/kind`` of each card on show."""
    cards: list[str] = page.eval_on_selector_all(
        SHOWN,
        "cards => cards.map(c => [c.dataset.brand, c.dataset.language, c.dataset.kind].join('/'))",
    )
    return cards


def _cards(page: Page, names: list[str]) -> Locator:
    """A locator matching exactly the cards ``brand/language/kind`` in ``names``, in order."""
    return page.locator(SHOWN).and_(
        page.locator(
            ", ".join(
                f"[data-brand='{b}'][data-language='{lang}'][data-kind='{k}']"
                for b, lang, k in (name.split("/") for name in names)
            )
        )
    )


def _expect_shown(page: Page, names: list[str]) -> None:
    """Wait (retrying, up to Playwright's time-out) until exactly ``names`` are on show."""
    playwright.expect(page.locator(SHOWN)).to_have_count(len(names))
    playwright.expect(_cards(page, names)).to_have_count(len(names))
    assert _visible(page) == names


def _natural_widths(page: Page) -> list[int]:
    widths: list[int] = page.eval_on_selector_all(
        "img", "images => images.map(i => i.complete ? i.naturalWidth : 0)"
    )
    return widths


def test_gallery_loads_with_every_thumbnail_decoded(page: Page) -> None:
    assert page.title() == "Online-safety toolkit: the built documents"
    assert page.locator("#documents > li").count() == 6
    widths = _natural_widths(page)
    assert len(widths) == 6
    assert all(width == 240 for width in widths), widths


def test_every_pdf_link_answers_200_with_a_pdf(page: Page, base_url: str) -> None:
    hrefs = page.eval_on_selector_all("a[href$='.pdf']", "links => links.map(a => a.href)")
    assert len(hrefs) == 12
    for href in hrefs:
        assert href.startswith(base_url), href
        with urllib.request.urlopen(href) as response:
            assert response.status == 200, href
            assert response.headers["Content-Type"] == "application/pdf", href
            assert response.read(5) == b"%PDF-", href


def test_filters_hide_and_show_the_right_cards(page: Page) -> None:
    everything = _visible(page)
    assert len(everything) == 6
    status = page.locator("#status")
    playwright.expect(status).to_have_text("Showing all 6 documents")

    page.select_option("#filter-brand", "acme")
    _expect_shown(page, [card for card in everything if card.startswith("acme/")])
    playwright.expect(status).to_have_text("Showing 3 of 6 documents")

    page.select_option("#filter-kind", "tip-sheet")
    _expect_shown(page, ["acme/en/tip-sheet"])

    page.get_by_role("button", name="Show all").click()  # the form resets, then filters
    _expect_shown(page, everything)
    playwright.expect(status).to_have_text("Showing all 6 documents")

    page.select_option("#filter-language", "en")
    _expect_shown(page, everything)
    page.select_option("#filter-kind", "episode-guide")
    _expect_shown(page, ["acme/en/episode-guide", "default/en/episode-guide"])


def test_filters_work_from_the_keyboard(page: Page) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the documents"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-brand"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus is visible
    page.keyboard.press("ArrowDown")  # a closed <select> changes value with the arrow keys
    acme = [card for card in _visible_when_unfiltered() if card.startswith("acme/")]
    _expect_shown(page, acme)


def _visible_when_unfiltered() -> list[str]:
    return [f"{brand}/en/{kind}" for brand in ("acme", "default") for kind in KINDS]


def test_no_javascript_shows_everything(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base_url)
    assert tab.locator("#documents > li:visible").count() == 6
    assert not tab.locator("#filters").is_visible()
    context.close()


def test_works_from_a_file_url(browser: Browser, out: Path) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((out / "index.html").as_uri())
    assert _natural_widths(tab) == [240] * 6
    tab.select_option("#filter-brand", "default")
    _expect_shown(tab, [f"default/en/{kind}" for kind in KINDS])
    context.close()


def test_text_contrast_is_at_least_aa(page: Page) -> None:
    selectors = "h1, .summary, label, select, button, #status, .kind, h2, .org, dt, dd, .button"
    ratios = page.eval_on_selector_all(
        selectors, f"els => els.map(e => [e.className || e.tagName, ({CONTRAST})(e)])"
    )
    low = [(name, round(ratio, 2)) for name, ratio in ratios if ratio < 4.5]
    assert low == []


def test_screenshots_desktop_and_phone(browser: Browser, base_url: str, tmp_path: Path) -> None:
    shots = {"gallery.png": 1280, "gallery-phone.png": 390}
    for name, width in shots.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        tab.goto(base_url)
        assert tab.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
        columns = tab.eval_on_selector_all("#documents > li", "cs => cs.map(c => c.offsetLeft)")
        assert (len(set(columns)) == 1) == (width < 600)  # one column on a phone only
        tab.screenshot(path=tmp_path / name, full_page=True)
        context.close()
        print(f"gallery screenshot ({width} px wide): {tmp_path / name}")
        assert (tmp_path / name).stat().st_size > 10_000
