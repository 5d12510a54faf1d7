"""Rendering every bundled document, read back from the PDF: QR codes, text, fonts, pages, links.

Each bundled document is rendered once per module (:class:`RenderCache`) and inspected with
``packgen.verify.pdf_inspect``, which reads the PDF independently of how it was drawn. Small catalogues
written into ``tmp_path`` cover what the bundle does not: other scripts, missing glyphs, overflow,
long leaflets and hostile text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import Project, load_project
from packgen.model import document_model, expected_texts
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document
from packgen.render.fit import DocumentTooLong
from packgen.render.glyphs import MissingGlyphs
from packgen.verify import pdf_inspect
from packgen.verify.documents import verify_document

REPO_ROOT = Path(__file__).resolve().parent.parent
MM_PER_POINT = 25.4 / 72
PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "letter": (215.9, 279.4)}
ALLOWED_LINK_SCHEMES = {"https", "http", "mailto", "tel", "sms"}
CARDS_NOT_READY = ("the wallet-card renderer is not wired in yet (render_document raised KeyError 'cards'); "
                   "this test runs by itself once packgen/render/cards.py is registered")


# --- helpers -----------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Text without any whitespace (as packgen/verify.py compares), so line breaks do not matter."""
    return "".join(pdf_inspect.normalise_text(text).split())


def render_or_skip(plan: DocumentPlan) -> bytes:
    """Render ``plan``; skip (not fail) a cards document while the cards renderer is missing."""
    try:
        return render_document(plan)
    except KeyError as exc:
        if plan.layout.kind == "cards" and exc.args == ("cards",):
            pytest.skip(CARDS_NOT_READY)
        raise


@dataclass
class Rendered:
    """One rendered document and what reading it back found (each read done once, lazily)."""

    plan: DocumentPlan
    pdf: Path
    data: bytes

    @functools.cached_property
    def codes(self) -> list[list[pdf_inspect.DecodedCode]]:
        return pdf_inspect.scan_qr_codes(self.pdf)

    @functools.cached_property
    def pages(self) -> list[str]:
        return pdf_inspect.extract_text(self.pdf)

    @functools.cached_property
    def text(self) -> str:
        return " ".join(self.pages)

    @functools.cached_property
    def links(self) -> list[str]:
        return [uri for page in pdf_inspect.link_uris(self.pdf) for uri in page]

    @functools.cached_property
    def sizes(self) -> list[tuple[float, float]]:
        return pdf_inspect.page_sizes_mm(self.pdf)


class RenderCache:
    """Renders a plan the first time a test asks for it, then hands out the same result."""

    def __init__(self, project: Project, folder: Path) -> None:
        self.plans = {plan.id: plan for plan in plan_documents(project.catalogue, project.layouts)}
        self.folder = folder
        self._done: dict[str, Rendered | BaseException] = {}

    def __call__(self, document_id: str) -> Rendered:
        if document_id not in self._done:
            plan = self.plans[document_id]
            try:
                data = render_or_skip(plan)
            except BaseException as exc:  # a skip or a failure: every test of this document sees it
                self._done[document_id] = exc
            else:
                pdf = self.folder / plan.filename
                pdf.write_bytes(data)
                self._done[document_id] = Rendered(plan, pdf, data)
        result = self._done[document_id]
        if isinstance(result, BaseException):
            raise result
        return result


def _bundled_documents() -> list[tuple[str, str, str]]:
    """(id, layout id, layout kind) of every bundled document, for parametrising."""
    project = load_project(bundled_catalogue())
    return [(p.id, p.layout.id, p.layout.kind) for p in plan_documents(project.catalogue, project.layouts)]


BUNDLED = _bundled_documents()
DOCUMENT_IDS = [doc_id for doc_id, _, _ in BUNDLED]
KIND = {doc_id: kind for doc_id, _, kind in BUNDLED}


@pytest.fixture(scope="module")
def bundled_project() -> Project:
    return load_project(bundled_catalogue())


@pytest.fixture(scope="module")
def rendered(bundled_project: Project, tmp_path_factory: pytest.TempPathFactory) -> RenderCache:
    return RenderCache(bundled_project, tmp_path_factory.mktemp("bundled"))


def write_catalogue(folder: Path, advice: list[dict[str, Any]], services: list[dict[str, Any]],
                    documents: list[dict[str, Any]], audience_label: str = "Everyone") -> Project:
    """A one-audience catalogue in ``folder`` (layouts come from the bundle), loaded and validated."""
    data = {
        "version": 1,
        "pack": {"title": "Test pack", "publisher": "Test Publisher", "language": "en-GB",
                 "reviewed": dt.date.today().isoformat()},
        "audiences": [{"id": "everyone", "label": audience_label}],
        "services": services,
        "advice": advice,
        "documents": documents,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "resources.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_project(path)


def advice_item(item_id: str, title: str, body: str, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "title": title, "body": body, "audiences": ["everyone"], **extra}


def service(item_id: str, url: str | None = None, **extra: Any) -> dict[str, Any]:
    entry = {"id": item_id, "name": extra.pop("name", f"Service {item_id}"), "summary": "Help.",
             "audiences": ["everyone"], **extra}
    if url:
        entry["url"] = url
    return entry


def document(doc_id: str, layout: str, **extra: Any) -> dict[str, Any]:
    return {"id": doc_id, "audience": "everyone", "layout": layout, "title": extra.pop("title", f"Title of {doc_id}"),
            **extra}


def render_to(plan: DocumentPlan, folder: Path) -> Rendered:
    pdf = folder / plan.filename
    data = render_document(plan)
    pdf.write_bytes(data)
    return Rendered(plan, pdf, data)


def plan_by_id(project: Project, doc_id: str) -> DocumentPlan:
    return plan_documents(project.catalogue, project.layouts, only=[doc_id])[0]


# --- every bundled document --------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_qr_codes_decode_to_exactly_the_plans_urls(rendered: RenderCache, doc_id: str) -> None:
    doc = rendered(doc_id)
    codes = [code for page in doc.codes for code in page]
    assert doc.plan.urls, "every bundled document carries at least one QR code"
    assert {code.text for code in codes} == set(doc.plan.urls)
    assert {code.format for code in codes} == {"QR Code"}  # never Micro QR


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_the_build_checks_codes_on_pypdfium2s_own_pixels(rendered: RenderCache, doc_id: str) -> None:
    """The build's QR check draws each code's square with pdfium's raw calls: the pixels are byte for
    byte those of pypdfium2's ``page.render``, and the decoding of them is zxing-cpp's of its PIL image,
    for every square link of every page; with a crop box moved in memory too."""
    import pypdfium2
    import zxingcpp

    from packgen.verify import qr_codes

    formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    scale = qr_codes.DPI / 72
    document = pypdfium2.PdfDocument(rendered(doc_id).data)
    squares = 0
    try:
        for index in range(len(document)):
            for moved in (False, True):
                page = document[index]
                if moved:  # the page's origin away from 0, 0: the crops are taken from the crop box
                    left, bottom, right, top = page.get_mediabox()
                    page.set_cropbox(left + 7.3, bottom + 11.1, right - 5.2, top - 3.7)
                x0, y0, _, _ = page.get_cropbox()
                width, height = page.get_size()
                links = list(qr_codes._links(document.raw, page.raw))
                for _, (left, bottom, right, top) in links:
                    pad = qr_codes.MARGIN * (right - left)
                    crop = (max(0.0, left - x0 - pad), max(0.0, bottom - y0 - pad),
                            max(0.0, width - (right - x0) - pad), max(0.0, height - (top - y0) - pad))
                    bitmap = page.render(scale=scale, grayscale=True, crop=crop)
                    square = qr_codes._render_square(page.raw, scale, (math.ceil(width * scale),
                                                                       math.ceil(height * scale)), crop)
                    assert square == (bitmap.width, bitmap.height, bytes(bitmap.buffer))
                    assert bitmap.stride == bitmap.width
                    qr_codes.DECODED.clear()
                    expected = []
                    for code in zxingcpp.read_barcodes(bitmap.to_pil(), formats=formats):
                        p = code.position
                        corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
                        expected.append((str(code.format), code.text, sum(c.x for c in corners) / 4,
                                         sum(c.y for c in corners) / 4))
                    assert qr_codes._decode(square, formats) == tuple(expected)
                    squares += 1
                page.close()
    finally:
        document.close()
    assert squares >= 2 * len(rendered(doc_id).plan.urls)


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_qr_codes_are_at_least_the_layouts_size_and_level(rendered: RenderCache, doc_id: str) -> None:
    doc = rendered(doc_id)
    spec = doc.plan.layout.qr
    for code in (code for page in doc.codes for code in page):
        left, bottom, right, top = code.bounds
        width, height = (right - left) * MM_PER_POINT, (top - bottom) * MM_PER_POINT
        assert min(width, height) >= spec.size_mm - 0.5, f"{code.text}: {width:.1f} x {height:.1f} mm"
        assert code.ec_level == spec.error_correction


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_verify_finds_no_problem(rendered: RenderCache, doc_id: str) -> None:
    doc = rendered(doc_id)
    verdict = verify_document(doc.plan, doc.pdf)
    assert verdict.problems == []
    assert verdict.texts == len(expected_texts(document_model(doc.plan)))
    assert verdict.codes >= len(doc.plan.urls)


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_every_expected_text_is_extracted(rendered: RenderCache, doc_id: str) -> None:
    """Independently of verify: drop each page's closing footer line, then compare without whitespace."""
    doc = rendered(doc_id)
    footer = re.compile(re.escape(doc.plan.pack.publisher) + r" · Checked [A-Z][a-z]+ \d{4}( · Page \d+)?$")
    found = "".join(squash(footer.sub("", page)) for page in doc.pages)
    missing = [text for text in expected_texts(document_model(doc.plan)) if squash(text) not in found]
    assert missing == []


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_verify_reads_the_same_text_as_a_second_extractor(rendered: RenderCache, doc_id: str) -> None:
    """verify reads text with pdfium (pdf_inspect.scan_pages); these tests read it with pypdf. The
    two must agree, page for page, on every bundled document, and find no blank glyph."""
    doc = rendered(doc_id)
    scanned = pdf_inspect.scan_pages(doc.pdf)
    assert [squash(page.text) for page in scanned] == [squash(page) for page in doc.pages]
    assert [page.blank_glyphs for page in scanned] == [0] * len(scanned)


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_titles_and_service_names_appear_in_the_pdf(rendered: RenderCache, doc_id: str) -> None:
    """Straight from the plan's models, not through expected_texts."""
    doc = rendered(doc_id)
    found = squash(doc.text)
    wanted = [doc.plan.title] + [a.title for a in doc.plan.advice] + [s.name for s in doc.plan.services]
    wanted += [s.phone for s in doc.plan.services if s.phone]
    assert [w for w in wanted if squash(w) not in found] == []


# Phrases typed out by hand from resources.yaml, so these do not rely on plan.py at all.
CONCRETE_PHRASES = {
    "young-people-poster": ["Someone threatening to share your nudes?", "It's not your fault. Don't pay. Get help.",
                            "You're not in trouble", "0800 1111", "childline.org.uk",
                            "ceop.police.uk/Safety-Centre"],
    "young-people-cards": ["Being blackmailed online?", "Keep proof, then block", "0800 1111"],
    "parents-leaflet": ["Sextortion: what parents and carers need to know",
                        "a child is never to blame for being blackmailed", "Call 999 if your child is in immediate danger",
                        "takeitdown.ncmec.org", "Internet Matters has guides"],
    "parents-trifold": ["Sextortion: a guide for parents and carers", "If your child tells you", "CEOP Safety Centre"],
    "professionals-poster": ["Nude image or sextortion incident? What staff must do", "Tell the DSL straight away"],
    "adults-poster": ["Being blackmailed over intimate images?", "report@phishing.gov.uk", "0345 6000 459",
                      "0300 123 2040", "reportfraud.police.uk", "Revenge Porn Helpline"],
}

# The safeguarding points of the content review (issue 10), each in the documents that must print
# it, typed out by hand: a missing line is a failure, whatever plan.py or the layouts decide.
YOUNG_PEOPLE_PRINT = ["young-people-poster", "young-people-poster-a3", "young-people-poster-print"]
YOUNG_PEOPLE_ALL = YOUNG_PEOPLE_PRINT + ["young-people-cards"]
CONTENT_POINTS: list[tuple[str, list[str], list[str]]] = [
    ("999 on young people's posters and cards", YOUNG_PEOPLE_ALL, ["In danger now? Call 999", "Police \u2013 emergency"]),
    ("crisis line for young people", YOUNG_PEOPLE_ALL,
     ["Feeling like hurting yourself? Call 999, or Childline any time on 0800 1111."]),
    ("evidence before blocking", YOUNG_PEOPLE_ALL,
     ["Screenshot their name and messages (no nudes in shot). Don't delete the chat. Then block."]),
    ("already paid, young people", YOUNG_PEOPLE_PRINT, ["Already paid? Don't panic, and don't pay any more."]),
    ("already paid, parents", ["parents-leaflet", "parents-trifold"], ["Already paid? Don't panic, and don't pay any more"]),
    ("already paid, adults", ["adults-poster", "adults-leaflet"], ["already paid", "don't panic, and don't pay any more."]),
    ("fake or AI-made images", YOUNG_PEOPLE_PRINT, ["even if the picture is fake or AI-made"]),
    ("the audience is 11-17", YOUNG_PEOPLE_PRINT, ["Young people (11-17)"]),
    ("Take It Down works on the apps that take part", ["young-people-poster-a3"], ["Take It Down on apps that take part"]),
    ("CEOP's address for young people", YOUNG_PEOPLE_PRINT, ["report it to CEOP at ceop.police.uk/Safety-Centre"]),
    ("escalation rule", ["professionals-leaflet", "professionals-poster"],
     ["child sexual abuse", "refer it to the police"]),
    ("guidance per nation", ["professionals-leaflet"],
     ["applies to education settings in England", "Wales: the Welsh Government's guidance",
      "Scotland: the National Guidance for Child Protection in Scotland",
      "Northern Ireland: the Department of Education's"]),
    ("Revenge Porn Helpline hours and email", ["adults-poster", "adults-leaflet"],
     ["0345 6000 459", "Mon\u2013Fri 10am\u20134pm", "help@revengepornhelpline.org.uk"]),
    ("Report Fraud wording", ["adults-leaflet"],
     ["Adults in England, Wales or Northern Ireland who lost money or had an account hacked"]),
    ("scam emails and texts", ["adults-poster", "adults-leaflet"], ["report@phishing.gov.uk", "7726"]),
    ("Police Scotland on 101", ["adults-leaflet"], ["In Scotland, call Police Scotland on 101"]),
    ("crisis line for adults", ["adults-poster", "adults-leaflet"], ["116 123", "text SHOUT to 85258"]),
    ("NSPCC Helpline and Stop It Now", ["parents-leaflet", "professionals-leaflet"],
     ["0808 800 5000", "0808 1000 900"]),
    ("StopNCII.org for adults", ["adults-poster", "adults-leaflet"], ["StopNCII.org"]),
    ("figures say what they count", ["parents-leaflet", "professionals-leaflet"],
     ["26,718 reports of financial sextortion", "in 2023",
      "Sources: NCMEC (2024); Internet Watch Foundation (March 2024); National Crime Agency alert (April 2024)."]),
    ("CEOP is not anonymous, kindly", ["parents-leaflet", "professionals-leaflet", "parents-trifold"],
     ["Reports aren't anonymous: CEOP gets in touch to help."]),
]


@pytest.mark.parametrize(("point", "doc_id", "phrases"),
                         [pytest.param(point, doc_id, phrases, id=f"{doc_id}: {point}")
                          for point, doc_ids, phrases in CONTENT_POINTS for doc_id in doc_ids])
def test_content_points_are_printed(rendered: RenderCache, point: str, doc_id: str, phrases: list[str]) -> None:
    found = squash(rendered(doc_id).text).lower()  # the audience label prints in capitals
    assert [p for p in phrases if squash(p).lower() not in found] == []


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_no_packgen_name_on_the_page(rendered: RenderCache, doc_id: str) -> None:
    """A school's paper names the school (or the pack's real publisher line), never the tool."""
    assert "packgen" not in rendered(doc_id).text.lower()


@pytest.mark.parametrize("doc_id", sorted(CONCRETE_PHRASES))
def test_concrete_phrases_are_in_the_pdf(rendered: RenderCache, doc_id: str) -> None:
    if doc_id not in DOCUMENT_IDS:
        pytest.fail(f"{doc_id} is no longer a bundled document; update CONCRETE_PHRASES")
    found = squash(rendered(doc_id).text)
    assert [p for p in CONCRETE_PHRASES[doc_id] if squash(p) not in found] == []


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_no_blank_box_glyphs(rendered: RenderCache, doc_id: str) -> None:
    assert not any("\x00" in page for page in rendered(doc_id).pages)


@pytest.mark.parametrize("doc_id", [doc_id for doc_id, _, _ in BUNDLED])
def test_every_font_is_embedded_and_none_is_helvetica(rendered: RenderCache, doc_id: str) -> None:
    doc = rendered(doc_id)
    fonts = pdf_inspect.pdf_fonts(doc.pdf)
    assert pdf_inspect.unembedded_fonts(doc.pdf) == set()
    assert not [f.name for f in fonts if "helvetica" in f.name.lower()]
    assert any(name.startswith("AtkinsonHyperlegible") for name in pdf_inspect.embedded_fonts(doc.pdf))


def _expected_pages(kind: str, paper: str, orientation: str) -> tuple[tuple[float, float], Callable[[int], bool], str]:
    width, height = PAPER_MM[paper]
    if orientation == "landscape":
        width, height = height, width
    counts: dict[str, tuple[Callable[[int], bool], str]] = {
        "poster": (lambda n: n == 1, "exactly 1"),
        "trifold": (lambda n: n == 2, "exactly 2"),
        "cards": (lambda n: n == 2, "exactly 2"),
        "leaflet": (lambda n: n in (1, 2, 4), "1, 2 or 4"),
    }
    return (width, height), *counts[kind]


@pytest.mark.parametrize("doc_id", [doc_id for doc_id, layout, _ in BUNDLED if layout != "poster-a4-bleed"])
def test_page_size_and_count(rendered: RenderCache, doc_id: str) -> None:
    """Print-shop (bleed) posters: see test_bleed_poster_sets_trim_and_bleed_boxes."""
    doc = rendered(doc_id)
    layout = doc.plan.layout
    size, count_ok, count_text = _expected_pages(layout.kind, str(layout.page), layout.orientation)
    assert count_ok(len(doc.sizes)), f"{len(doc.sizes)} pages, expected {count_text}"
    for width, height in doc.sizes:
        assert width == pytest.approx(size[0], abs=0.5) and height == pytest.approx(size[1], abs=0.5)


def test_bundled_layouts_cover_every_paper_size_and_kind() -> None:
    """Guards the parametrised checks above: they must see each kind the bundle ships."""
    assert {kind for _, _, kind in BUNDLED} == {"poster", "leaflet", "trifold", "cards"}
    assert {"poster-a4", "poster-a3", "poster-a4-bleed", "leaflet-a4", "trifold-a4", "cards-a4"} <= {
        layout for _, layout, _ in BUNDLED}


def test_bleed_poster_sets_trim_and_bleed_boxes(rendered: RenderCache) -> None:
    print_ids = [doc_id for doc_id, layout, _ in BUNDLED if layout == "poster-a4-bleed"]
    assert print_ids, "the bundle has a poster-a4-bleed document"
    for doc_id in print_ids:
        doc = rendered(doc_id)
        page_boxes = pdf_inspect.boxes(doc.pdf)
        assert len(page_boxes) == 1
        media, trim, bleed = page_boxes[0].media, page_boxes[0].trim, page_boxes[0].bleed
        assert trim is not None and bleed is not None
        mm = [[v * MM_PER_POINT for v in box] for box in (media, trim, bleed)]
        media_mm, trim_mm, bleed_mm = mm
        assert trim_mm[2] - trim_mm[0] == pytest.approx(210.0, abs=0.5)
        assert trim_mm[3] - trim_mm[1] == pytest.approx(297.0, abs=0.5)
        assert media_mm[2] - media_mm[0] > 210.5 and media_mm[3] - media_mm[1] > 297.5
        for side in range(4):
            outward = -3.0 if side < 2 else 3.0
            assert bleed_mm[side] == pytest.approx(trim_mm[side] + outward, abs=0.1)
        assert media_mm[0] <= bleed_mm[0] and media_mm[1] <= bleed_mm[1]
        assert bleed_mm[2] <= media_mm[2] and bleed_mm[3] <= media_mm[3]


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_every_url_is_a_link_and_links_are_safe(rendered: RenderCache, doc_id: str) -> None:
    doc = rendered(doc_id)
    assert set(doc.plan.urls) <= set(doc.links)
    schemes = {urlsplit(uri).scheme for uri in doc.links}
    assert schemes <= ALLOWED_LINK_SCHEMES
    web_links = {uri for uri in doc.links if urlsplit(uri).scheme in ("http", "https")}
    services = {s.url for s in doc.plan.linked_services if s.url}
    assert web_links <= set(doc.plan.urls) | services, "a web link must point to a service the text names"


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_rendering_twice_gives_identical_bytes(rendered: RenderCache, doc_id: str) -> None:
    doc = rendered(doc_id)
    assert render_document(doc.plan) == doc.data


@pytest.mark.parametrize("doc_id", DOCUMENT_IDS)
def test_metadata(rendered: RenderCache, doc_id: str) -> None:
    from pypdf import PdfReader

    doc = rendered(doc_id)
    reader = PdfReader(doc.pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == doc.plan.title
    assert info.author == doc.plan.pack.publisher
    assert (info.creator or "").startswith("packgen")
    assert doc.plan.audience.label in (info.subject or "")
    assert reader.trailer["/Root"].get("/Lang") == doc.plan.pack.language


_CHILD_RENDER = """
import hashlib, json, sys
from packgen.catalogue.bundled import bundled_catalogue
from packgen.plan.documents import plan_documents
from packgen.catalogue.project import load_project
from packgen.render import render_document
project = load_project(bundled_catalogue())
digests = {}
for plan in plan_documents(project.catalogue, project.layouts):
    try:
        digests[plan.id] = hashlib.sha256(render_document(plan)).hexdigest()
    except KeyError as exc:
        if plan.layout.kind != "cards":
            raise
json.dump(digests, sys.stdout)
"""


def test_another_process_renders_identical_bytes(rendered: RenderCache) -> None:
    """A fresh interpreter (other hash seed) produces the same bytes: incremental builds rely on it."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.run([sys.executable, "-c", _CHILD_RENDER], capture_output=True, text=True, env=env,
                           cwd=REPO_ROOT, timeout=120, check=True)
    theirs = json.loads(child.stdout)
    ours = {}
    for doc_id in theirs:
        ours[doc_id] = hashlib.sha256(rendered(doc_id).data).hexdigest()
    assert theirs == ours
    assert set(theirs) >= {d for d in DOCUMENT_IDS if KIND[d] != "cards"}


def test_source_date_epoch_is_honoured_and_stays_reproducible(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO_ROOT)}
    script = ("import sys, io\nfrom packgen.catalogue.bundled import bundled_catalogue\nfrom packgen.plan.documents import plan_documents\n"
              "from packgen.catalogue.project import load_project\nfrom packgen.render import render_document\n"
              "p = load_project(bundled_catalogue())\n"
              "plan = plan_documents(p.catalogue, p.layouts, only=['adults-poster'])[0]\n"
              "sys.stdout.buffer.write(render_document(plan))\n")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, cwd=REPO_ROOT,
                           timeout=120, check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1]
    from pypdf import PdfReader

    (tmp_path / "a.pdf").write_bytes(runs[0])
    assert PdfReader(tmp_path / "a.pdf").metadata["/CreationDate"].startswith("D:20231114")


# --- small catalogues ----------------------------------------------------------------------------


def test_poster_letter_is_one_us_letter_page(tmp_path: Path) -> None:
    project = write_catalogue(
        tmp_path, [advice_item("a", "Don't pay", "Body.", short="Block them and keep the evidence.")],
        [service("help", "https://example.org/help", phone="0800 1111")],
        [document("letter-poster", "poster-letter")])
    doc = render_to(plan_by_id(project, "letter-poster"), tmp_path)
    assert len(doc.sizes) == 1
    assert doc.sizes[0] == pytest.approx(PAPER_MM["letter"], abs=0.5)
    assert [c.text for page in doc.codes for c in page] == ["https://example.org/help"]
    assert verify_document(doc.plan, doc.pdf).problems == []


WELSH = "Peidiwch â thalu"
WELSH_LETTERS = "ŵ ŷ Ŵ Ŷ"
POLISH = "Nie płać, zgłoś to"
GREEK = "Μην πληρώσετε"


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    folder = tmp_path_factory.mktemp("multilingual")
    project = write_catalogue(
        folder,
        [advice_item("cy", f"{WELSH} {WELSH_LETTERS}", f"{WELSH}. Mae'r ŵyn yn yr ŷd.", short=f"{WELSH}: {WELSH_LETTERS}"),
         advice_item("pl", POLISH, f"{POLISH}. Zażółć gęślą jaźń.", short=POLISH),
         advice_item("el", GREEK, f"{GREEK}. Αναφέρετέ το.", short=GREEK, points=[f"{GREEK} ŵ"])],
        [service("help", "https://example.org/cymorth", name="Llinell Gymorth ŵ", phone="0800 1111")],
        [document("multi-poster", "poster-a4", title=f"{WELSH} ŷ"),
         document("multi-leaflet", "leaflet-a4", title=f"{GREEK} Ŵ")])
    return {plan.id: render_to(plan, folder) for plan in plan_documents(project.catalogue, project.layouts)}


@pytest.mark.parametrize("doc_id", ["multi-poster", "multi-leaflet"])
def test_welsh_polish_greek_render_intact(multilingual: dict[str, Rendered], doc_id: str) -> None:
    doc = multilingual[doc_id]
    assert "\x00" not in doc.text
    for phrase in (WELSH, WELSH_LETTERS, POLISH, GREEK, "Llinell Gymorth ŵ"):
        assert phrase in doc.text, phrase
    assert verify_document(doc.plan, doc.pdf).problems == []
    embedded = pdf_inspect.embedded_fonts(doc.pdf)
    assert any(name.startswith("FiraSans") for name in embedded), "the fallback font drew ŵ/Greek"
    assert not pdf_inspect.unembedded_fonts(doc.pdf)


def test_multilingual_leaflet_keeps_points(multilingual: dict[str, Rendered]) -> None:
    assert f"{GREEK} ŵ" in multilingual["multi-leaflet"].text
    assert "Zażółć gęślą jaźń." in multilingual["multi-leaflet"].text


def test_character_in_no_font_is_refused_naming_document_and_code_point(tmp_path: Path) -> None:
    project = write_catalogue(
        tmp_path, [advice_item("smile", "Smile \U0001F600 please", "Body.", short="Short.")],
        [service("help", "https://example.org/")], [document("emoji-poster", "poster-a4")])
    with pytest.raises(MissingGlyphs) as raised:
        render_document(plan_by_id(project, "emoji-poster"))
    assert "emoji-poster" in str(raised.value)
    assert "U+1F600" in str(raised.value)


@pytest.mark.parametrize("layout, where", [
    ("leaflet-a4", "who_for"),
    ("cards-a4", "short"),
    ("poster-a4", "audience"),
])
def test_character_in_no_font_anywhere_drawn_is_a_user_error(tmp_path: Path, layout: str, where: str) -> None:
    short = "Short \U0001F600." if where == "short" else "Short."
    extra = {"who_for": "Anyone \U0001F600."} if where == "who_for" else {}
    label = "Everyone \U0001F600" if where == "audience" else "Everyone"
    project = write_catalogue(
        tmp_path, [advice_item("a", "Advice", "Body.", short=short)],
        [service("help", "https://example.org/", **extra)], [document("glyph-doc", layout)], audience_label=label)
    with pytest.raises(MissingGlyphs, match=r"glyph-doc.*U\+1F600"):
        render_or_skip(plan_by_id(project, "glyph-doc"))


LONG_SHORT = "Block the account, keep every message as evidence, and tell an adult you trust straight away today."


def test_overlong_poster_fails_with_id_and_overflow(tmp_path: Path) -> None:
    project = write_catalogue(
        tmp_path,
        [advice_item(f"item-{n}", f"Key message number {n}", "Body.", short=LONG_SHORT) for n in range(12)],
        [service("help", "https://example.org/help")], [document("crowded-poster", "poster-a4")])
    with pytest.raises(DocumentTooLong) as raised:
        render_document(plan_by_id(project, "crowded-poster"))
    message = str(raised.value)
    assert re.fullmatch(r"document \S+: content is \d+ mm too tall for poster-a4 at the minimum type size "
                        r"\(14 pt\); remove items or use leaflet-a4", message), message
    assert message.startswith("document crowded-poster: ")


def _prose(words: int, seed: int) -> str:
    vocabulary = ["keep", "calm", "talk", "to", "someone", "you", "trust", "about", "what", "is", "happening", "online", "and", "do", "not", "pay", "the", "people", "threatening", "you", "because", "paying", "rarely", "makes", "it", "stop"]
    return " ".join(vocabulary[(i * 7 + seed) % len(vocabulary)] for i in range(words)) + "."


def _long_catalogue(folder: Path, items: int, huge_words: int) -> Project:
    advice = [advice_item(f"item-{n}", f"Heading number {n} marker{n}a",
                          f"Opening marker{n}b {_prose(90, n)}\n\nSecond paragraph marker{n}c {_prose(60, n + 1)}",
                          points=[f"Point marker{n}p{k} {_prose(14, k)}" for k in range(4)])
              for n in range(items)]
    advice.append(advice_item("huge", "One enormous paragraph", f"Start hugemarker {_prose(huge_words, 3)} hugeend"))
    services = [service(f"svc-{n}", f"https://example.org/service/{n}", phone="0800 1111",
                        who_for="Anyone who needs it.") for n in range(10)]
    return write_catalogue(folder, advice, services, [document("long-leaflet", "leaflet-a4")])


@pytest.fixture(scope="module")
def long_leaflet(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """About 2,200 words, one paragraph of 400: more than two sides, within four."""
    folder = tmp_path_factory.mktemp("long-leaflet")
    return render_to(plan_by_id(_long_catalogue(folder, 6, 400), "long-leaflet"), folder)


def test_long_leaflet_takes_four_sides_and_drops_nothing(long_leaflet: Rendered) -> None:
    doc = long_leaflet
    assert len(doc.sizes) == 4
    assert all(size == pytest.approx(PAPER_MM["A4"], abs=0.5) for size in doc.sizes)
    found = squash(doc.text)
    markers = [f"marker{n}{part}" for n in range(6) for part in "abc"]
    markers += [f"marker{n}p{k}" for n in range(6) for k in range(4)] + ["hugemarker", "hugeend"]
    assert [m for m in markers if m not in found] == []
    assert verify_document(doc.plan, doc.pdf).problems == []
    assert {c.text for page in doc.codes for c in page} == set(doc.plan.urls)


def test_long_leaflet_pages_are_numbered_in_order(long_leaflet: Rendered) -> None:
    for number, page in enumerate(long_leaflet.pages, start=1):
        assert page.endswith(f"Page {number}"), page[-80:]


def test_leaflet_beyond_four_sides_fails_naming_the_overflow(tmp_path: Path) -> None:
    """About 6,000 words: a leaflet never goes to 5 or more sides; it fails like a poster."""
    project = _long_catalogue(tmp_path, 22, 1200)
    with pytest.raises(DocumentTooLong) as raised:
        render_document(plan_by_id(project, "long-leaflet"))
    message = str(raised.value)
    assert re.fullmatch(r"document long-leaflet: content is \d+ mm too tall for leaflet-a4 on 4 sides at the "
                        r"minimum type size \(12 pt\); .*booklet-a5.*fewer advice items or services", message), message


HOSTILE_TITLE = "a<b & c>d"
HOSTILE_BODY = "&copy; <b>unclosed **bold** and **unclosed"
HOSTILE_BODY_SHOWN = "&copy; <b>unclosed bold and **unclosed"  # the paired ** go, the unpaired one stays
HOSTILE_URL = "https://example.org/?a=1&copy=2"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    folder = tmp_path_factory.mktemp("hostile")
    project = write_catalogue(
        folder, [advice_item("odd", HOSTILE_TITLE, HOSTILE_BODY)],
        [service("odd-service", HOSTILE_URL, name="Odd & <i>service</i>")],
        [document("hostile-poster", "poster-a4"), document("hostile-leaflet", "leaflet-a4")])
    return {plan.id: render_to(plan, folder) for plan in plan_documents(project.catalogue, project.layouts)}


@pytest.mark.parametrize("doc_id", ["hostile-poster", "hostile-leaflet"])
def test_hostile_text_renders_literally(hostile: dict[str, Rendered], doc_id: str) -> None:
    doc = hostile[doc_id]
    for literal in (HOSTILE_TITLE, HOSTILE_BODY_SHOWN, "Odd & <i>service</i>"):
        assert literal in doc.text, literal
    assert "©" not in doc.text
    assert "\x00" not in doc.text


@pytest.mark.parametrize("doc_id", ["hostile-poster", "hostile-leaflet"])
def test_hostile_url_is_exact_in_qr_code_and_link(hostile: dict[str, Rendered], doc_id: str) -> None:
    doc = hostile[doc_id]
    codes = [code for page in doc.codes for code in page]
    assert [(c.text, c.format) for c in codes] == [(HOSTILE_URL, "QR Code")]
    web_links = [uri for uri in doc.links if urlsplit(uri).scheme in ("http", "https")]
    assert web_links and set(web_links) == {HOSTILE_URL}
    assert "example.org/?a=1&copy=2" in doc.text  # the printed form, literally
