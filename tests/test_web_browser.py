"""Every web page a build writes, in a real headless Chromium: axe-core finds no WCAG 2.1 A or AA
violation, every link leads somewhere real, nothing is fetched, and a 320 px phone needs no zoom.

Two packs are built for real: the bundled one, and a branded one (an org with a logo, brand
colours and contacts) with every layout kind. Screenshots at 390 px and 1280 px are copied to
/tmp/web-look/ for a person to look at.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import pytest
from browser_support import axe_violations, launch, open_page, save_screenshot
from playwright.sync_api import Browser, Page
from test_org_render import ORGS, write_pack

from packgen.build.documents import build_documents
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.contact_links import sms_target, tel_target
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.web.page import render_page
from packgen.web.view import web_view

LOOK = Path("/tmp/web-look")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


Built = dict[str, tuple[Path, list[DocumentPlan], set[str]]]


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled pack and a branded pack, each built into its own output folder, with the links
    their catalogue allows."""
    bundled_folder = bundled_catalogue()
    branded_folder = write_pack(tmp_path_factory.mktemp("branded"), {**ORGS["crest"],
                                                                       "email": "dsl@hillside.example"})
    built = {}
    for name, catalogue, org in (("bundled", bundled_folder, None),
                                 ("branded", branded_folder / "resources.yaml", branded_folder / "org.yaml")):
        project = load_project(catalogue, org)
        plans = plan_documents(project.catalogue, project.layouts, org=project.org)
        output = tmp_path_factory.mktemp(name) / "output"
        build_documents(plans, output, jobs=2)
        built[name] = (output, plans, catalogue_links(project.catalogue.services))
    # A right-to-left page (the language only; translations are another issue's): borders and
    # indents follow the direction, and numbers and addresses stay left to right.
    output, plans, links = built["bundled"]
    poster = next(plan for plan in plans if plan.id == "adults-poster")
    rtl = dataclasses.replace(poster, pack=poster.pack.model_copy(update={"language": "ar"}))
    (output.parent / "rtl").mkdir()
    (output.parent / "rtl" / "adults-poster.html").write_text(render_page(web_view(rtl)), encoding="utf-8")
    built["rtl"] = (output.parent / "rtl", [rtl], links)
    return built


def pages_of(packs: Built) -> list[tuple[str, Path, set[str]]]:
    """(name, page, the external links it may have) for each pack's index.html and web pages."""
    found = []
    for name, (output, plans, allowed) in packs.items():
        if (output / "index.html").exists():
            found.append((f"{name}/index", output / "index.html", allowed))
        found += [(f"{name}/{plan.id}", output / f"{plan.id}.html", allowed) for plan in plans]
    return found


def catalogue_links(services: Any) -> set[str]:
    """Every link the catalogue's services allow: their web addresses, phone and text numbers and
    email (running text may name a service the document does not list, 999 say)."""
    links = set()
    for service in services:
        links |= {service.url} if service.url else set()
        links |= {tel_target(service.phone)} if service.phone else set()
        links |= {f"mailto:{service.email}"} if service.email else set()
        sms = getattr(service, "sms", None)
        links |= {sms_target(sms)} if sms else set()  # check_links compares sms: links without ?body=
    return links


def check_links(page: Page, allowed: set[str]) -> list[str]:
    """Problems with the page's links: a local file missing, an anchor with no target, or an
    external link that is not one of the catalogue's services."""
    problems = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        if href.startswith("#"):
            if page.locator(f"[id='{href[1:]}']").count() != 1:
                problems.append(f"no target for {href}")
        elif re.match(r"^(https:|tel:|mailto:|sms:)", href):
            if (href.split("?")[0] if href.startswith("sms:") else href) not in allowed:
                problems.append(f"unexpected external link {href}")
        else:
            target = urlparse(urljoin(page.url, href))
            if target.scheme != "file" or not Path(unquote(target.path)).is_file():
                problems.append(f"missing file {href}")
    return problems


SCREENSHOTS = {"bundled/index", "bundled/parents-leaflet", "bundled/young-people-cards", "branded/index",
               "branded/poster", "rtl/adults-poster"}


@pytest.fixture(scope="module")
def seen(browser: Browser, packs: Built,
         tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Each page opened once: measured on a 320 px phone, checked by axe-core and for its links,
    then (some) photographed at 390 px and 1280 px."""
    shots = tmp_path_factory.mktemp("shots")
    results = {}
    for name, path, allowed in pages_of(packs):
        page, problems = open_page(browser, path, 320)
        result: dict[str, Any] = page.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
            inner: window.innerWidth,
            smallest: Math.min(...Array.from(document.querySelectorAll('main p, main li, main a, footer p'),
                                             e => parseFloat(getComputedStyle(e).fontSize))),
            viewport: document.querySelector('meta[name=viewport]').content,
            images: Array.from(document.images, i => i.complete && i.naturalWidth > 0 && !!i.alt)})""")
        result["links"] = check_links(page, allowed)
        result["axe"] = axe_violations(page)
        if name in SCREENSHOTS:
            result["shots"] = []
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": 800})
                shot = save_screenshot(page, shots, LOOK, f"{name.replace('/', '-')}-{width}.png")
                result["shots"].append(shot.stat().st_size)
        result["problems"] = problems.found
        results[name] = result
        page.close()
    return results


def test_axe_core_finds_no_wcag_21_a_or_aa_violation_on_any_page(seen: dict[str, dict[str, Any]]) -> None:
    assert len(seen) == 2 + 10 + 4 + 1  # two galleries, the bundled pack's ten documents, the branded pack's four,
    # and one page right to left
    assert {name: result["axe"] for name, result in seen.items() if result["axe"]} == {}


def test_every_link_leads_somewhere_and_nothing_is_fetched(seen: dict[str, dict[str, Any]]) -> None:
    assert {name: result["links"] + result["problems"] for name, result in seen.items()
            if result["links"] or result["problems"]} == {}
    assert {name: result["images"] for name, result in seen.items() if not all(result["images"])} == {}


def test_a_320_px_phone_reads_every_page_without_zoom_or_sideways_scrolling(seen: dict[str, dict[str, Any]]) -> None:
    for name, result in seen.items():
        assert result["scroll"] <= result["inner"], (name, result)
        assert result["smallest"] >= 16, (name, result)
        assert "width=device-width" in result["viewport"] and "user-scalable=no" not in result["viewport"]


def test_screenshots_were_taken_to_look_at(seen: dict[str, dict[str, Any]]) -> None:
    assert all(size > 10_000 for name in SCREENSHOTS for size in seen[name]["shots"])


def test_a_right_to_left_page_runs_right_to_left(browser: Browser, packs: Built) -> None:
    output, _, _ = packs["rtl"]
    page, _ = open_page(browser, output / "adults-poster.html", 390)
    found = page.evaluate("""() => {
        const h2 = document.querySelector('h2'), phone = document.querySelector('a[href^="tel:"] bdi');
        return {dir: getComputedStyle(document.body).direction, border: getComputedStyle(h2).borderRightWidth,
                phone: getComputedStyle(phone).direction, align: h2.getBoundingClientRect().right};
    }""")
    assert found["dir"] == "rtl" and found["phone"] == "ltr" and found["border"] != "0px", found
    assert found["align"] > 300  # headings start at the right
    page.close()


def test_axe_is_really_running(browser: Browser, tmp_path: Path) -> None:
    """The check can fail: a page with grey-on-white text, an image without alt and no lang fails it."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><main><p style="color:#aaa">'
                   'faint</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="9" height="9">'
                   "</main></body></html>", encoding="utf-8")
    page, _ = open_page(browser, bad, 390)
    assert {v["id"] for v in axe_violations(page)} >= {"color-contrast", "image-alt", "html-has-lang"}
    page.close()


def test_the_print_stylesheet_prints_black_on_white(
        browser: Browser, packs: Built) -> None:
    output, _, _ = packs["branded"]
    page, _ = open_page(browser, output / "leaflet.html", 1280)
    page.emulate_media(media="print")
    colours = page.evaluate("""() => [getComputedStyle(document.querySelector('.masthead')).backgroundColor,
        getComputedStyle(document.querySelector('h1')).color]""")
    assert colours == ["rgba(0, 0, 0, 0)", "rgb(0, 0, 0)"]
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()


def test_a_translated_urdu_page_and_its_gallery_card_read_right_to_left(browser: Browser, tmp_path: Path) -> None:
    """A web-only Urdu document (fixture translation) and the gallery listing it, at 390 px: no
    WCAG violation, no sideways scrolling, the page right to left with its numbers left to right."""
    from click.testing import CliRunner
    from translation_fixtures import CATALOGUE, URDU, URDU_DOCUMENT, WELSH, fill_po

    from packgen.cli import main

    catalogue = tmp_path / "resources.yaml"
    catalogue.write_text(CATALOGUE + URDU_DOCUMENT, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["translations", "update", "-c", str(catalogue)]).exit_code == 0
    fill_po(tmp_path / "translations" / "cy.po", WELSH)
    fill_po(tmp_path / "translations" / "ur.po", URDU)
    result = runner.invoke(main, ["build", "-c", str(catalogue)])
    assert result.exit_code == 0, result.output
    for name in ("poster-ur.html", "index.html"):
        page, problems = open_page(browser, tmp_path / "output" / name, 390)
        found = page.evaluate("""() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
            urdu: Array.from(document.querySelectorAll('[lang="ur"]'), e => getComputedStyle(e).direction),
            phones: Array.from(document.querySelectorAll('a[href^="tel:"] bdi'), e => getComputedStyle(e).direction)})""")
        assert found["scroll"] <= found["inner"], (name, found)
        assert found["urdu"] and set(found["urdu"]) == {"rtl"}, (name, found)
        assert set(found["phones"]) <= {"ltr"}, (name, found)
        assert axe_violations(page) == [] and problems.found == [], name
        save_screenshot(page, tmp_path, LOOK, f"urdu-{name.replace('.html', '')}-390.png")
        page.close()
