"""Shared by the browser tests: Debian's Chromium through playwright, and axe-core injected.

Importing this module skips the importing test module (with the reason) when playwright or
Chromium is missing; ``make test`` installs Chromium where it can.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: every rule axe-core tags with these.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytest.importorskip("playwright.sync_api",
                    reason="playwright is not installed: `pip install -e '.[test]'` to run the browser tests")
if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium` to run the browser tests",
                allow_module_level=True)

from playwright.sync_api import Browser, Page, Route, sync_playwright  # noqa: E402


def launch() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             chromium_sandbox=False)
        yield browser
        browser.close()


class PageProblems:
    """Console errors, uncaught exceptions, failed requests, and any request that left the machine."""

    def __init__(self, page: Page) -> None:
        self.found: list[str] = []
        page.on("console", lambda m: self.found.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.found.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.found.append(f"request failed: {r.url} ({r.failure})"))
        page.route("**/*", self._local_only)

    def _local_only(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.found.append(f"external request: {url}")
            route.abort()


def open_page(browser: Browser, path: Path, width: int, height: int = 800) -> tuple[Page, PageProblems]:
    page = browser.new_page(viewport={"width": width, "height": height})
    problems = PageProblems(page)
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now, each with its nodes."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [node["html"][:160] for node in v["nodes"][:5]]} for v in result["violations"]]


def save_screenshot(page: Page, folder: Path, look: Path, name: str, *, full_page: bool = True) -> Path:
    """A screenshot under ``folder``, copied to ``look`` (/tmp/...) for a person to open."""
    path = folder / name
    page.screenshot(path=str(path), full_page=full_page)
    look.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, look / name)
    return path
