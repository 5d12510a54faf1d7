"""``output/index.html`` in a real headless Chromium: links, images, keyboard, phone width, screenshots.

Drives Debian's ``/usr/bin/chromium`` through playwright (no browser download). Skipped, saying
why, when either is missing; ``make test`` installs Chromium where it can. Screenshots are saved
under the test's tmp_path and copied to /tmp/gallery-look/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import browser_support
import pytest
from browser_support import PageProblems, launch
from playwright.sync_api import Browser, Page
from test_gallery import build_gallery, bundled_pdfs

from packgen.catalogue.contact_links import tel_target
from packgen.web.gallery import GalleryEntry
from packgen.web.gallery_html import format_size

LOOK = Path("/tmp/gallery-look")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[GalleryEntry]]:
    output = tmp_path_factory.mktemp("browser") / "output"
    return output, build_gallery(output)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


def open_page(browser: Browser, output: Path, viewport: dict[str, int]) -> tuple[Page, PageProblems]:
    return browser_support.open_page(browser, output / "index.html", viewport["width"], viewport["height"])


def save_screenshot(page: Page, tmp_path: Path, name: str, *, full_page: bool = True) -> Path:
    return browser_support.save_screenshot(page, tmp_path, LOOK, name, full_page=full_page)


def test_links_resolve_images_load_and_nothing_fails(
        browser: Browser, gallery: tuple[Path, list[GalleryEntry]], tmp_path: Path) -> None:
    output, entries = gallery
    page, problems = open_page(browser, output, DESKTOP)
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        if href.startswith("#"):
            assert page.locator(f"[id='{href[1:]}']").count() == 1, href
        elif href.startswith("sms:"):
            assert any(href.split("?")[0] == f"sms:{s.sms}" for plan, _ in bundled_pdfs() for s in plan.services if s.sms)
        elif href.startswith(("https://", "tel:", "mailto:")):
            assert any(href in (s.url, tel_target(s.phone or ""), f"mailto:{s.email}")
                       for plan, _ in bundled_pdfs() for s in plan.services), href
        else:
            target = urlparse(urljoin(page.url, href))
            assert target.scheme == "file" and Path(unquote(target.path)).is_file(), href
    assert {e.file for e in entries} <= set(hrefs)
    images = page.evaluate("Array.from(document.images, i => ({src: i.getAttribute('src'), alt: i.alt, "
                           "ok: i.complete && i.naturalWidth > 0}))")
    assert len(images) == len([e for e in entries if not e.variant_of])
    assert all(image["ok"] and image["alt"].strip() for image in images), images
    shot = save_screenshot(page, tmp_path, "gallery-desktop.png")
    assert shot.stat().st_size > 10_000
    assert problems.found == []


def test_download_links_are_named_for_their_document(
        browser: Browser, gallery: tuple[Path, list[GalleryEntry]]) -> None:
    output, entries = gallery
    page, _ = open_page(browser, output, DESKTOP)
    cards = [e for e in entries if not e.variant_of]
    for entry in cards:
        name = f"Download {entry.title}, {entry.format} (PDF, {format_size(entry.bytes)})"
        link = page.get_by_role("link", name=name, exact=True)
        assert link.count() == 1, name
        assert link.get_attribute("href") == entry.file
    assert page.get_by_role("heading", level=1).count() == 1
    audiences = len({e.audience_id for e in entries})  # each with "Key messages" and "Where to get help"
    assert page.get_by_role("heading", level=3).count() == len(cards) + 2 * audiences


def test_the_keyboard_reaches_every_download_link_with_a_visible_focus(
        browser: Browser, gallery: tuple[Path, list[GalleryEntry]], tmp_path: Path) -> None:
    output, entries = gallery
    page, _ = open_page(browser, output, DESKTOP)
    script = """() => { const e = document.activeElement, s = getComputedStyle(e);
        return {text: e.textContent.trim(), href: e.getAttribute('href'),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""
    page.keyboard.press("Tab")
    first = page.evaluate(script)
    assert first["href"] == "#main" and first["outline"], first
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0  # moved into view when focused
    reached: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(script)
        if focused["href"] in reached or focused["href"] == "#main":
            break
        if (focused["href"] or "").endswith(".pdf"):
            assert focused["outline"], focused
            if not reached:
                save_screenshot(page, tmp_path, "gallery-focus.png", full_page=False)
            reached.append(focused["href"])
    assert reached == [e.file for e in ordered_like_page(page, entries)]


def ordered_like_page(page: Page, entries: list[GalleryEntry]) -> list[GalleryEntry]:
    order = page.eval_on_selector_all("a[href$='.pdf']", "links => links.map(a => a.getAttribute('href'))")
    return sorted(entries, key=lambda e: order.index(e.file))


def test_a_phone_sees_no_horizontal_scroll(
        browser: Browser, gallery: tuple[Path, list[GalleryEntry]], tmp_path: Path) -> None:
    output, _ = gallery
    page, problems = open_page(browser, output, PHONE)
    widths = page.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert widths["scroll"] <= widths["inner"], widths
    body_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    smallest = page.evaluate("""Math.min(...Array.from(document.querySelectorAll('main p, main li, main a, summary'),
                                e => parseFloat(getComputedStyle(e).fontSize)))""")
    assert body_px >= 16 and smallest >= 16, (body_px, smallest)
    page.get_by_text("more topics").first.click()  # a folded topic list opens and still fits
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save_screenshot(page, tmp_path, "gallery-phone.png")
    assert problems.found == []
