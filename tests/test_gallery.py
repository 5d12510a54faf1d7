"""Previews (``output/previews/*.png``) and the gallery page (``output/index.html``).

The bundled catalogue's documents are rendered once per session (:func:`bundled_pdfs`) and copied
into each test's own output folder, so the tests stay fast and never touch the repository.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.i18n.words import words_for
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.web.gallery import (
    LONG_SIDE_PX,
    GalleryEntry,
    GalleryFile,
    png_size,
    print_variants,
    render_preview,
    update_previews,
    write_gallery,
)
from packgen.web.gallery_html import format_size, group_by_audience
from packgen.web.view import full_services

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
_PAGE = re.compile(rb"/Type /Page\b(?!s)")
FORMATS = {
    "poster-a4": "A4 poster", "poster-a3": "A3 poster", "poster-letter": "US Letter poster",
    "poster-a4-bleed": "A4 poster with bleed, for a print shop", "leaflet-a4": "A4 leaflet",
    "trifold-a4": "A4 leaflet, folds to DL", "cards-a4": "Wallet cards (10 per A4 sheet)",
}
PACK_TITLE = "Sextortion: where to get help"
PUBLISHER = "Test Cyber Protect"


# --- helpers shared with test_gallery_browser.py ---------------------------------------------------


@functools.cache
def bundled_pdfs() -> tuple[tuple[DocumentPlan, bytes], ...]:
    """Every bundled document and its PDF bytes, rendered once per session."""
    from packgen.render import render_document

    project = load_project(bundled_catalogue())
    return tuple((plan, render_document(plan)) for plan in plan_documents(project.catalogue, project.layouts))


def bundled_audiences() -> list[tuple[str, str]]:
    project = load_project(bundled_catalogue())
    return [(a.id, a.label) for a in project.catalogue.audiences]


def entry_for(plan: DocumentPlan, data: bytes, others: tuple[GalleryFile, ...] = (),
              variant_of: str | None = None) -> GalleryEntry:
    return GalleryEntry(
        id=plan.id, title=plan.title, tagline=plan.tagline, audience_id=plan.audience.id,
        audience_label=plan.audience.label, format=FORMATS.get(plan.layout.id, plan.layout.kind),
        pages=len(_PAGE.findall(data)), file=plan.filename, bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(), covers=tuple(a.title for a in plan.advice),
        services=tuple(s.name for s in plan.services), others=others,
        help=full_services(plan, words_for(plan.pack.language)), variant_of=variant_of)


def write_pdfs(output: Path, ids: Sequence[str] | None = None) -> list[GalleryEntry]:
    """Copy the bundled PDFs (all, or those named) into ``output`` with their web and text
    versions; their gallery entries, print-shop versions marked as the build marks them."""
    from packgen.web.produce import produce_html, produce_text

    output.mkdir(parents=True, exist_ok=True)
    entries = []
    variants = print_variants([plan for plan, _ in bundled_pdfs()])
    for plan, data in bundled_pdfs():
        if ids is None or plan.id in ids:
            (output / plan.filename).write_bytes(data)
            others = []
            for suffix, label, media_type, produce in ((".html", "web page", "text/html", produce_html),
                                                       (".txt", "plain text", "text/plain", produce_text)):
                made = produce(plan, {}).data
                (output / f"{plan.id}{suffix}").write_bytes(made)
                others.append(GalleryFile(f"{plan.id}{suffix}", label, media_type, len(made)))
            entries.append(entry_for(plan, data, tuple(others), variants.get(plan.id)))
    return entries


def build_gallery(output: Path) -> list[GalleryEntry]:
    """A complete output folder: PDFs, previews and index.html, as a build leaves it."""
    entries = write_pdfs(output)
    update_previews(output, entries)
    write_gallery(output, PACK_TITLE, PUBLISHER, bundled_audiences(), entries)
    return entries


class PageOutline(HTMLParser):
    """The parts of a page the tests check: tags with attributes, heading texts, link texts."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, str | None, list[str]]] = []  # (tag, href, text so far)
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3", "a"):
            self._open.append((tag, dict(attrs).get("href"), []))

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, href, text = self._open.pop()
            joined = " ".join("".join(text).split())
            if tag == "a":
                self.links.append((href or "", joined))
            else:
                self.headings.append((tag, joined))

    def handle_data(self, data: str) -> None:
        for _, _, text in self._open:
            text.append(data)

    def attrs(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "output"


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir())}


# --- previews --------------------------------------------------------------------------------------


def test_previews_are_written_for_every_entry(output: Path) -> None:
    entries = write_pdfs(output)
    assert len(entries) >= 8

    redrawn = update_previews(output, entries)

    assert redrawn == [e.id for e in entries]
    assert sorted(p.name for p in (output / "previews").iterdir()) == sorted(
        [f"{e.id}.png" for e in entries] + ["previews.json"])
    for entry in entries:
        with Image.open(output / "previews" / f"{entry.id}.png") as image:
            image.load()
            assert image.format == "PNG"
            assert max(image.size) == LONG_SIDE_PX
            assert png_size(output / "previews" / f"{entry.id}.png") == image.size
    record = json.loads((output / "previews" / "previews.json").read_text())
    assert record["pdf_sha256"] == {e.id: e.sha256 for e in entries}
    assert list(output.glob("previews/.*.tmp")) == []


def test_previews_show_the_trimmed_page_in_its_orientation(output: Path) -> None:
    entries = {e.id: e for e in write_pdfs(output, ["parents-trifold", "young-people-poster-print"])}
    update_previews(output, list(entries.values()))
    # A4 landscape and (bleed and crop marks trimmed off) A4 portrait: 297:210 on the long side.
    assert png_size(output / "previews" / "parents-trifold.png") == (480, 340)
    assert png_size(output / "previews" / "young-people-poster-print.png") == (340, 480)


def test_previews_are_small_and_deterministic(output: Path) -> None:
    entries = write_pdfs(output, ["parents-leaflet"])
    first = render_preview(output / entries[0].file)
    assert first == render_preview(output / entries[0].file)
    assert len(first) < 60_000


def _truecolour_render(pdf: bytes, draw_annots: bool = True) -> Image.Image:
    """Page 1's trim box at the preview's size, as pdfium draws it (RGB, no palette)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        page.set_cropbox(*page.get_trimbox())
        scale = LONG_SIDE_PX / max(page.get_size()) * (1 - 1e-9)
        image: Image.Image = page.render(scale=scale, may_draw_forms=False, draw_annots=draw_annots,
                                         rev_byteorder=True).to_pil()
        page.close()
        return image
    finally:
        document.close()


def _colour_error(expected: Image.Image, actual: Image.Image) -> tuple[float, int]:
    """Per pixel, the largest of its three channels' differences: (mean, 99th percentile)."""
    from PIL import ImageChops

    red, green, blue = ImageChops.difference(expected, actual.convert("RGB")).split()
    histogram = ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()
    pixels = sum(histogram)
    mean = sum(value * count for value, count in enumerate(histogram)) / pixels
    seen = 0
    for value, count in enumerate(histogram):
        seen += count
        if seen >= 0.99 * pixels:
            return mean, value
    return mean, 255


def test_a_preview_is_its_page_in_at_most_256_colours_close_to_the_render() -> None:
    """The palette (an octree on a sample of the pixels, each pixel its nearest colour) keeps every
    bundled document within the error today's previews were measured at (docs/performance.md,
    2026-12-02: max-channel error mean 1.17, 99th percentile 7 at most), with a margin."""
    import io

    for plan, pdf in bundled_pdfs():
        render = _truecolour_render(pdf)
        # Links have no appearance: the preview leaves annotations out and loses no pixel by it.
        assert render.tobytes() == _truecolour_render(pdf, draw_annots=False).tobytes(), plan.id
        with Image.open(io.BytesIO(render_preview(pdf))) as preview:
            preview.load()
            assert preview.mode == "P" and preview.size == render.size, plan.id
            # The PLTE holds the colours the octree found (~90), not 256 with the rest black.
            assert 3 <= len(preview.getpalette() or []) < 3 * 256, plan.id
            mean, p99 = _colour_error(render, preview)
        assert mean <= 1.5 and p99 <= 9, (plan.id, mean, p99)


def test_a_preview_is_the_same_bytes_in_another_process(output: Path) -> None:
    entries = write_pdfs(output, ["parents-leaflet", "young-people-cards"])
    script = ("import hashlib, sys\n"
              "from pathlib import Path\n"
              "from packgen.web.gallery import render_preview\n"
              "for name in sys.argv[1:]:\n"
              "    print(hashlib.sha256(render_preview(Path(name))).hexdigest())\n")
    pdfs = [str(output / e.file) for e in entries]
    completed = subprocess.run([sys.executable, "-c", script, *pdfs], capture_output=True, text=True, timeout=60,
                               env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)})
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [hashlib.sha256(render_preview(Path(p))).hexdigest() for p in pdfs]


def test_an_unchanged_pdf_is_not_redrawn_and_nothing_is_imported(output: Path) -> None:
    entries = write_pdfs(output)
    update_previews(output, entries)
    write_gallery(output, PACK_TITLE, PUBLISHER, bundled_audiences(), entries)
    before = mtimes(output / "previews")
    script = (
        "import base64, json, pickle, sys\n"
        "from pathlib import Path\n"
        "from packgen.web.gallery import GalleryEntry, update_previews, write_gallery\n"
        "args = json.loads(sys.argv[1])\n"
        "entries = pickle.loads(base64.b64decode(args['entries']))\n"
        "output = Path(args['output'])\n"
        "redrawn = update_previews(output, entries)\n"
        "written = write_gallery(output, args['title'], args['publisher'], args['audiences'], entries)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pypdfium2', 'PIL', 'reportlab'))\n"
        "print(json.dumps({'redrawn': redrawn, 'written': written, 'heavy': heavy}))\n"
    )
    payload = json.dumps({"output": str(output), "title": PACK_TITLE, "publisher": PUBLISHER,
                          "audiences": bundled_audiences(),
                          "entries": base64.b64encode(pickle.dumps(entries)).decode()})
    completed = subprocess.run([sys.executable, "-c", script, payload], capture_output=True, text=True, timeout=60,
                               env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}, cwd=output)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {"redrawn": [], "written": False, "heavy": []}
    assert mtimes(output / "previews") == before


def test_a_changed_pdf_redraws_only_its_preview(output: Path) -> None:
    entries = write_pdfs(output)
    update_previews(output, entries)
    before = mtimes(output / "previews")
    donor = next(e for e in entries if e.id == "young-people-poster")
    changed = next(e for e in entries if e.id == "adults-poster")
    (output / changed.file).write_bytes((output / donor.file).read_bytes())
    entries = [dataclasses.replace(e, sha256=donor.sha256) if e is changed else e for e in entries]

    assert update_previews(output, entries) == ["adults-poster"]

    after = mtimes(output / "previews")
    assert {name for name in after if after[name] != before[name]} == {"adults-poster.png", "previews.json"}
    previews = output / "previews"
    assert (previews / "adults-poster.png").read_bytes() == (previews / "young-people-poster.png").read_bytes()
    assert json.loads((previews / "previews.json").read_text())["pdf_sha256"]["adults-poster"] == donor.sha256


def test_a_missing_preview_is_redrawn(output: Path) -> None:
    entries = write_pdfs(output, ["adults-poster", "parents-leaflet"])
    update_previews(output, entries)
    (output / "previews" / "parents-leaflet.png").unlink()
    assert update_previews(output, entries) == ["parents-leaflet"]
    assert (output / "previews" / "parents-leaflet.png").is_file()


def test_an_unreadable_record_redraws_everything(output: Path) -> None:
    entries = write_pdfs(output, ["adults-poster", "parents-leaflet"])
    update_previews(output, entries)
    (output / "previews" / "previews.json").write_text("{not json", encoding="utf-8")
    assert update_previews(output, entries) == [e.id for e in entries]
    assert update_previews(output, entries) == []


def test_previews_of_documents_no_longer_listed_are_removed(output: Path) -> None:
    entries = write_pdfs(output, ["adults-poster", "parents-leaflet", "parents-trifold"])
    update_previews(output, entries)
    kept = [e for e in entries if e.id != "parents-trifold"]

    assert update_previews(output, kept) == []

    assert sorted(p.name for p in (output / "previews").iterdir()) == [
        "adults-poster.png", "parents-leaflet.png", "previews.json"]
    record = json.loads((output / "previews" / "previews.json").read_text())
    assert set(record["pdf_sha256"]) == {"adults-poster", "parents-leaflet"}


# --- index.html ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[GalleryEntry]]:
    output = tmp_path_factory.mktemp("gallery") / "output"
    return output, build_gallery(output)


def read_page(output: Path) -> str:
    return (output / "index.html").read_text(encoding="utf-8")


def test_the_page_lists_every_document_with_its_link_and_preview(gallery: tuple[Path, list[GalleryEntry]]) -> None:
    output, entries = gallery
    page = PageOutline(read_page(output))
    images = {attrs["src"]: attrs for attrs in page.attrs("img")}
    links = dict(page.links)
    cards = [e for e in entries if not e.variant_of]
    for entry in cards:
        assert ("h3", entry.title) in page.headings
        size = format_size(entry.bytes)
        assert links[entry.file] == f"Download {entry.title}, {entry.format} (PDF, {size})"
        assert links[f"{entry.id}.html"] == f"Read online: {entry.title}, {entry.format}"
        assert links[f"{entry.id}.txt"] == f"Plain text, for email or a parent app: {entry.title}, {entry.format}"
        image = images[f"previews/{entry.id}.png"]
        assert image["alt"] == f"Preview of the first page of {entry.title}"
        width, height = png_size(output / "previews" / f"{entry.id}.png") or (0, 0)
        assert (image["width"], image["height"]) == (str(width), str(height))
    assert len(page.attrs("img")) == len(cards)


def test_a_print_shop_version_is_listed_under_its_document(gallery: tuple[Path, list[GalleryEntry]]) -> None:
    output, entries = gallery
    (variant,) = [e for e in entries if e.variant_of]
    assert (variant.id, variant.variant_of) == ("young-people-poster-print", "young-people-poster")
    page = read_page(output)
    card = page.split('<h3 id="doc-young-people-poster">', 1)[1].split("</article>", 1)[0]
    assert '<p class="label">For a print shop</p>' in card
    assert f'<a href="{variant.file}" type="application/pdf">{variant.format}' in card
    assert ("h3", variant.title) in PageOutline(page).headings  # the original's card, same title
    assert f'src="previews/{variant.id}.png"' not in page and f'href="{variant.id}.html"' not in page
    links = dict(PageOutline(page).links)
    assert links[variant.file] == f"{variant.format}, {variant.title} (PDF, {format_size(variant.bytes)})"


def test_the_page_is_structured_by_audience(gallery: tuple[Path, list[GalleryEntry]]) -> None:
    output, entries = gallery
    page = PageOutline(read_page(output))
    assert page.attrs("html") == [{"lang": "en-GB", "dir": "ltr"}]
    assert [text for tag, text in page.headings if tag == "h1"] == [PACK_TITLE]
    used = {e.audience_id for e in entries}
    expected = [label for audience_id, label in bundled_audiences() if audience_id in used]
    assert [text for tag, text in page.headings if tag == "h2"] == ["Who is it for?", *expected]
    # Under each audience: its key messages, where to get help, then its documents.
    current = None
    by_title = {e.title: e for e in entries}
    seen: dict[str, list[str]] = {}
    for tag, text in page.headings:
        if tag == "h2":
            current = text
        elif tag == "h3":
            seen.setdefault(current or "", []).append(text)
            assert text in ("Key messages", "Where to get help") or by_title[text].audience_label == current
    for label in expected:
        assert seen[label][:2] == ["Key messages", "Where to get help"]
    assert page.links[0] == ("#main", "Skip to the resources")
    assert any(attrs.get("name") == "viewport" for attrs in page.attrs("meta"))


def test_each_audience_shows_its_key_messages_and_help_numbers(gallery: tuple[Path, list[GalleryEntry]]) -> None:
    output, _ = gallery
    page = read_page(output)
    parents = page.split('id="for-parents"', 1)[1].split("</section>", 1)[0]
    assert "<li>Your child is never to blame, and this can be sorted.</li>" in parents
    for number, service in (("+448001111", "Childline"), ("999", "Police – emergency"), ("101", "Police – non-emergency")):
        assert f'<a href="tel:{number}" aria-label="Call {service} on' in parents
    assert '<span class="name"><a href="https://www.ceop.police.uk/Safety-Centre/">CEOP Safety Centre</a></span>' in parents
    adults = page.split('id="for-adults"', 1)[1].split("</section>", 1)[0]
    assert '<a href="mailto:report@phishing.gov.uk"' in adults and "tel:+448001111" not in adults
    # Each service once per audience, however many of its documents name it.
    young = page.split('id="for-young-people"', 1)[1].split("</section>", 1)[0]
    assert young.count('<span class="name"><a href="https://www.childline.org.uk/">Childline</a></span>') == 1


def test_the_page_is_self_contained(gallery: tuple[Path, list[GalleryEntry]]) -> None:
    output, _ = gallery
    page = PageOutline(read_page(output))
    assert not page.attrs("script") and not page.attrs("link") and not page.attrs("iframe")
    for _, attrs in page.tags:
        if attrs.get("src"):
            source = attrs["src"] or ""
            assert not re.match(r"^([a-z]+:|//)", source) and (output / source).is_file(), source
    for href, _ in page.links:  # local files exist; elsewhere only the services' own links
        if re.match(r"^(https://|tel:|mailto:|sms:)", href):
            continue
        assert not re.match(r"^([a-z]+:|//)", href), href
        assert href.startswith("#") or (output / href).is_file(), href
    assert "url(" not in read_page(output) and "@import" not in read_page(output)


def test_every_topic_and_service_is_on_the_page(gallery: tuple[Path, list[GalleryEntry]]) -> None:
    output, entries = gallery
    page = read_page(output)
    from html import escape

    for entry in entries:
        for text in entry.covers:
            assert f"<li>{escape(text)}</li>" in page
        for text in entry.services:  # each service named, linked to its website when it has one
            assert re.search(f'<span class="name">(<a href="https://[^"]+">)?{re.escape(escape(text))}(</a>)?</span>',
                             page), text
    leaflet = next(e for e in entries if e.id == "professionals-leaflet")
    assert len(leaflet.covers) > 4
    assert f"<summary>Show {len(leaflet.covers) - 3} more topics</summary>" in page


def test_strings_are_escaped(output: Path) -> None:
    entry = dataclasses.replace(write_pdfs(output, ["adults-poster"])[0],
                                title='<script>alert("x")</script> & co', covers=("<b>bold</b>",),
                                services=('"quoted" & <i>',), tagline="<img src=x onerror=alert(1)>")
    write_gallery(output, "<h1>Pack</h1>", "A & B <Council>", [("adults", "<Adults>")], [entry])
    page = read_page(output)
    assert "<script" not in page and "<b>" not in page and "<i>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "A &amp; B &lt;Council&gt;" in page and "&lt;Adults&gt;" in page and "&lt;h1&gt;Pack&lt;/h1&gt;" in page


def test_the_page_is_reproducible_and_not_rewritten_when_unchanged(
        gallery: tuple[Path, list[GalleryEntry]], tmp_path: Path) -> None:
    output, entries = gallery
    again = tmp_path / "again"
    build_gallery(again)
    assert (again / "index.html").read_bytes() == (output / "index.html").read_bytes()
    before = (again / "index.html").stat().st_mtime_ns

    assert write_gallery(again, PACK_TITLE, PUBLISHER, bundled_audiences(), entries) is False
    assert (again / "index.html").stat().st_mtime_ns == before

    assert write_gallery(again, "Another title", PUBLISHER, bundled_audiences(), entries) is True
    assert "<h1>Another title</h1>" in read_page(again)
    assert list(again.glob(".*.tmp")) == []


def test_a_card_without_a_preview_has_no_image(output: Path) -> None:
    entries = write_pdfs(output, ["adults-poster"])
    write_gallery(output, PACK_TITLE, PUBLISHER, [("adults", "Adults")], entries)
    page = PageOutline(read_page(output))
    assert page.attrs("img") == [] and ("h3", entries[0].title) in page.headings


def test_the_footer_names_the_publisher_and_review_month(output: Path) -> None:
    import datetime as dt

    entries = write_pdfs(output, ["adults-poster"])
    write_gallery(output, PACK_TITLE, PUBLISHER, [], entries, language="cy-GB", reviewed=dt.date(2026, 11, 1))
    page = read_page(output)
    assert '<html lang="cy-GB" dir="ltr">' in page
    assert f"Published by {PUBLISHER}." in page and "Content last checked November 2026." in page
    assert "Made with packgen." in page


def make_entry(doc_id: str, audience_id: str, label: str) -> GalleryEntry:
    return GalleryEntry(doc_id, doc_id.title(), None, audience_id, label, "A4 poster", 1, f"{doc_id}.pdf", 1000,
                        "0" * 64, (), ())


def test_audiences_keep_the_given_order_skip_empty_ones_and_keep_strays() -> None:
    entries = [make_entry("a", "adults", "Adults"), make_entry("s", "staff", "Staff"),
               make_entry("p", "parents", "Parents"), make_entry("x", "other", "Other people")]
    groups = group_by_audience([("parents", "Parents and carers"), ("young", "Young people"), ("adults", "Adults")],
                               entries)
    assert [(i, label, [e.id for e in group]) for i, label, group in groups] == [
        ("parents", "Parents and carers", ["p"]), ("adults", "Adults", ["a"]), ("staff", "Staff", ["s"]),
        ("other", "Other people", ["x"])]


@pytest.mark.parametrize(("size", "text"), [(1, "1 kB"), (499, "1 kB"), (1500, "2 kB"), (212_345, "212 kB"),
                                            (999_499, "999 kB"), (999_500, "1.0 MB"), (1_450_000, "1.4 MB")])
def test_sizes_read_as_people_expect(size: int, text: str) -> None:
    assert format_size(size) == text


def test_an_org_gallery_carries_its_name_logo_colours_and_contacts(tmp_path: Path) -> None:
    from test_org_render import ORGS, plans_for, write_pack

    from packgen.build.documents import build_documents

    folder = write_pack(tmp_path / "pack", {**ORGS["crest"], "contacts": ["<b>Mrs A Patel</b>, DSL & Head"]})
    build_documents(list(plans_for(folder).values()), folder / "output", jobs=1)
    page = read_page(folder / "output")
    outline = PageOutline(page)
    (logo, *_) = outline.attrs("img")
    assert logo["alt"] == "Hillside Academy logo" and (logo["src"] or "").startswith("data:image/png;base64,")
    assert "--primary:#14532d" in page and "--accent:#9d174d" in page
    assert '<p class="publisher">Hillside Academy</p>' in page
    assert ("h2", "In school, talk to") in outline.headings
    assert "<li>&lt;b&gt;Mrs A Patel&lt;/b&gt;, DSL &amp; Head</li>" in page
