"""Every layout kind drawing an org profile, read back from the PDF: the org's name, contacts
heading and contacts are in the extracted text, every QR code still decodes, the logo is embedded
contained and downsampled, brand colours reach the page, and org text prints literally.

Two orgs cover the brief: ``crest`` (a logo, three contacts, a normal name, brand colours) and
``long`` (no logo, the longest school name we know, two contacts).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from packgen.catalogue.project import load_project
from packgen.cli import main
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document
from packgen.render.fit import DocumentTooLong
from packgen.render.glyphs import MissingGlyphs
from packgen.render.logo import MAX_PX, pixels_needed
from packgen.verify import pdf_inspect
from packgen.verify.documents import verify_document

LONG_NAME = "St Mary and St John's Catholic Voluntary Academy Primary and Nursery"
ORGS: dict[str, dict[str, Any]] = {
    "crest": {"name": "Hillside Academy", "logo": "images/crest.png", "primary": "#14532d", "accent": "#9d174d",
              "contacts_heading": "In school, talk to",
              "contacts": ["Mrs A Patel, Designated Safeguarding Lead - Room 14",
                           "Mr J Okafor, Head of Year 9 - Pastoral Office", "Derbyshire Police: 101"]},
    "long": {"name": LONG_NAME, "contacts": ["Miss R O'Connor, Designated Safeguarding Lead - School Office",
                                             "Derbyshire Police: 101"]},
}
KINDS = {"poster": "poster-a4", "leaflet": "leaflet-a4", "trifold": "trifold-a4", "cards": "cards-a4"}


def squash(text: str) -> str:
    return "".join(pdf_inspect.normalise_text(text).split())


def write_crest(path: Path, size: tuple[int, int] = (360, 420)) -> None:
    """A small transparent shield: enough to test containment, alpha and embedding."""
    from PIL import ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    width, height = size
    ImageDraw.Draw(image).polygon([(0, 0), (width, 0), (width, height * 0.6), (width / 2, height),
                                   (0, height * 0.6)], fill=(20, 83, 45, 255))
    image.save(path)


def write_pack(folder: Path, org: dict[str, Any] | None, documents: list[dict[str, Any]] | None = None) -> Path:
    """A small catalogue (three advice items, two services with codes) and, if given, its org.yaml."""
    data = {
        "version": 1,
        "pack": {"title": "Test pack", "publisher": "Test Publisher", "language": "en-GB",
                 "reviewed": dt.date.today().isoformat()},
        "audiences": [{"id": "everyone", "label": "Everyone"}],
        "services": [
            {"id": "childline", "name": "Childline", "summary": "Free, confidential help.", "phone": "0800 1111",
             "url": "https://www.childline.org.uk/", "display_url": "childline.org.uk", "audiences": ["everyone"]},
            {"id": "ceop", "name": "CEOP Safety Centre", "summary": "Report to the police.",
             "url": "https://www.ceop.police.uk/Safety-Centre/", "audiences": ["everyone"]},
        ],
        "advice": [
            {"id": f"a{n}", "title": title, "short": short, "body": f"{short} More about it.\n\nAnd more.",
             "points": ["Keep the evidence."], "audiences": ["everyone"], "priority": n}
            for n, (title, short) in enumerate([("It's not your fault", "You're not in trouble."),
                                                ("Don't pay", "Stop replying and block them."),
                                                ("Tell someone you trust", "Tell an adult you trust.")])],
        "documents": documents or [{"id": kind, "audience": "everyone", "layout": layout, "title": "Being blackmailed?",
                                    "tagline": "It's not your fault."} for kind, layout in KINDS.items()],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "resources.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    if org is not None:
        (folder / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False, allow_unicode=True), encoding="utf-8")
        if org.get("logo"):
            write_crest(folder / org["logo"])
    return folder


def plans_for(folder: Path) -> dict[str, DocumentPlan]:
    org = folder / "org.yaml"
    project = load_project(folder / "resources.yaml", org if org.exists() else None)
    return {plan.id: plan for plan in plan_documents(project.catalogue, project.layouts, org=project.org)}


def render_to(plan: DocumentPlan, folder: Path) -> Path:
    pdf = folder / plan.filename
    pdf.write_bytes(render_document(plan))
    return pdf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[DocumentPlan, Path]]:
    """Every kind for both orgs, rendered once."""
    done = {}
    for org_id, org in ORGS.items():
        folder = write_pack(tmp_path_factory.mktemp(org_id), org)
        for kind, plan in plans_for(folder).items():
            done[(org_id, kind)] = (plan, render_to(plan, folder))
    return done


CASES = [(org_id, kind) for org_id in ORGS for kind in KINDS]


@pytest.mark.parametrize("org_id, kind", CASES)
def test_every_kind_shows_the_org_and_its_codes_still_decode(rendered: dict, org_id: str, kind: str) -> None:
    plan, pdf = rendered[(org_id, kind)]
    assert verify_document(plan, pdf).problems == []
    org = ORGS[org_id]
    text = squash(" ".join(pdf_inspect.extract_text(pdf)))
    wanted = [org["name"], org.get("contacts_heading", "Locally, contact"), *org["contacts"]]
    assert [w for w in wanted if squash(w) not in text] == []
    codes = {code.text for page in pdf_inspect.scan_qr_codes(pdf) for code in page}
    assert codes == set(plan.urls)


def _images(pdf: Path) -> list[tuple[int, int]]:
    """(width, height) in pixels of every image XObject in the file, each once."""
    from pypdf import PdfReader

    seen: dict[int, tuple[int, int]] = {}
    for page in PdfReader(pdf).pages:
        resources: Any = page["/Resources"]
        xobjects: Any = resources.get("/XObject", {})
        for ref in xobjects.values():
            image: Any = ref.get_object()
            if image.get("/Subtype") == "/Image":
                seen[ref.idnum] = (int(image["/Width"]), int(image["/Height"]))
    return list(seen.values())


@pytest.mark.parametrize("kind", KINDS)
def test_the_logo_is_embedded_once_per_file_with_its_proportions(rendered: dict, kind: str) -> None:
    (width, height), = _images(rendered[("crest", kind)][1])  # one image, however many cards show it
    assert width <= 360 and abs(width / height - 360 / 420) < 0.02
    assert _images(rendered[("long", kind)][1]) == []


def test_a_large_logo_is_embedded_at_print_resolution_not_its_own(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {**ORGS["crest"]}, [{"id": "poster", "audience": "everyone",
                                                     "layout": "poster-a4", "title": "Being blackmailed?"}])
    write_crest(folder / "images" / "crest.png", (3000, 1000))
    pdf = render_to(plans_for(folder)["poster"], tmp_path)
    (width, height), = _images(pdf)
    assert width <= MAX_PX and abs(width / height - 3) < 0.02


def test_print_resolution_follows_the_drawn_size() -> None:
    assert pixels_needed(72, 24) == 300  # an inch wide: 300 pixels
    assert pixels_needed(73, 10) == 350  # rounded up to the next step, never below 300 dpi
    assert pixels_needed(2000, 500) == MAX_PX


def test_brand_colours_reach_the_page(rendered: dict) -> None:
    import pypdfium2

    _, pdf = rendered[("crest", "poster")]
    page = pypdfium2.PdfDocument(str(pdf))[0]
    image = page.render(scale=0.5).to_pil().convert("RGB")
    band = image.getpixel((image.width - 4, 4))  # the title band's top-right corner: no text there
    assert band == (0x14, 0x53, 0x2D)


def test_rendering_is_reproducible_wherever_the_logo_lies(rendered: dict, tmp_path: Path) -> None:
    plan, pdf = rendered[("crest", "poster")]
    assert render_document(plan) == pdf.read_bytes()
    moved = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(pdf.parent, moved)
    assert render_document(plans_for(moved)["poster"]) == pdf.read_bytes()


HOSTILE: dict[str, Any] = {"name": "Hill & <b>Dale</b> **Academy**", "contacts": ["Ms O'Brien <DSL> & co: 101 **now**"],
           "footer": "Printed by Hill & Dale <office>"}


@pytest.mark.parametrize("kind", ["poster", "cards"])
def test_org_text_prints_literally(tmp_path: Path, kind: str) -> None:
    folder = write_pack(tmp_path, HOSTILE)
    plan = plans_for(folder)[kind]
    pdf = render_to(plan, tmp_path)
    text = " ".join(pdf_inspect.extract_text(pdf))
    for literal in (HOSTILE["name"], HOSTILE["contacts"][0]):
        assert squash(literal) in squash(text), literal
    assert verify_document(plan, pdf).problems == []


def test_a_character_no_font_has_in_a_contact_is_refused(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, {"name": "Hillside", "contacts": ["Text us \U0001F4F1 07700 900123"]})
    with pytest.raises(MissingGlyphs, match=r"poster.*U\+1F4F1"):
        render_document(plans_for(folder)["poster"])


def test_cards_fail_clearly_rather_than_drop_a_contact(tmp_path: Path) -> None:
    contacts = [f"Contact number {n}: Mrs A Patel, Designated Safeguarding Lead, Room {n}, main building" for n in
                range(6)]
    folder = write_pack(tmp_path, {"name": "Hillside", "contacts": contacts})
    with pytest.raises(DocumentTooLong, match=r"^document cards: content is \d+ mm too tall for cards-a4"):
        render_document(plans_for(folder)["cards"])


def test_a_leaflet_with_six_contacts_keeps_them_all(tmp_path: Path) -> None:
    contacts = [f"Contact number {n}: Mrs A Patel, Designated Safeguarding Lead, Room {n}" for n in range(6)]
    folder = write_pack(tmp_path, {"name": "Hillside", "contacts": contacts})
    plan = plans_for(folder)["leaflet"]
    pdf = render_to(plan, tmp_path)
    assert verify_document(plan, pdf).problems == []


def test_changing_the_org_rebuilds_what_shows_it_and_nothing_else(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, ORGS["crest"], [{"id": "poster", "audience": "everyone", "layout": "poster-a4",
                                                  "title": "Being blackmailed?"}])
    runner = CliRunner(env={"NO_COLOR": "1"})

    def build() -> str:
        result = runner.invoke(main, ["build", "--catalogue", str(folder / "resources.yaml")])
        assert result.exit_code == 0, result.output
        return re.sub(r", in .*", "", result.stdout.splitlines()[-1])

    assert build() == "1 built, 0 unchanged"
    assert build() == "0 built, 1 unchanged"
    org = folder / "org.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("Hillside Academy", "Hillside School"), encoding="utf-8")
    assert build() == "1 built, 0 unchanged"
    write_crest(folder / "images" / "crest.png", (400, 420))  # new logo bytes, same file name
    assert build() == "1 built, 0 unchanged"
    shutil.copy(folder / "images" / "crest.png", folder / "images" / "copy.png")  # an unrelated file
    assert build() == "0 built, 1 unchanged"


def test_the_bundled_young_people_poster_takes_a_long_name_a_logo_and_three_contacts(tmp_path: Path) -> None:
    """The issue's acceptance case, on the bundled catalogue: it must fit on one A4 page."""
    from packgen.catalogue.bundled import bundled_catalogue

    shutil.copy(bundled_catalogue(), tmp_path / "resources.yaml")
    org = {"name": LONG_NAME, "logo": "images/crest.png", "contacts_heading": "In school, talk to",
           "contacts": ["Mrs A Patel, Designated Safeguarding Lead - Room 14",
                        "Mr J Okafor, Deputy Safeguarding Lead - School Office",
                        "Derbyshire Police: 101 (999 in an emergency)"]}
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False), encoding="utf-8")
    write_crest(tmp_path / "images" / "crest.png")
    plan = plans_for(tmp_path)["young-people-poster"]
    pdf = render_to(plan, tmp_path)
    assert len(pdf_inspect.page_sizes_mm(pdf)) == 1
    assert verify_document(plan, pdf).problems == []
