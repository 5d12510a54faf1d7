"""A school's local contacts on the bundled posters: one, two, three or six of them, long lines,
with a logo or none. A poster the usual arrangements cannot fit is tried with its key messages
closer together, then with the contacts in two columns or beside the codes (render/poster.py,
fit_poster's PHASES); every word and every code stays. What cannot fit still fails clearly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_org_render import squash, write_pack

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document
from packgen.render.fit import DocumentTooLong
from packgen.verify import pdf_inspect
from packgen.verify.documents import verify_document

# What schools write: a safeguarding lead, a deputy, the police; then more, up to the six allowed.
LONG = ["Mrs A Patel, Designated Safeguarding Lead - Room 14", "Mr J Okafor, Deputy DSL - Pastoral Office",
        "Derbyshire Police: 101 (999 in an emergency)"]
SIX = ["Mrs A Teacher 1, Designated Safeguarding Lead", "Mr B Deputy, Deputy DSL (main office)",
       "Local police: 101", "Ms C Head, Headteacher", "School nurse: Room 3", "Early Help: 01234 567890"]
MEDIUM_SIX = [*LONG, "Ms C Head, Headteacher - School Office", "Mrs D Singh, School Nurse - Medical Room",
              "Early Help Hub: 01629 533190"]
TOO_LONG = [f"Contact {n}: Mrs Alexandra Fitzgerald-Wainwright, Designated Safeguarding Lead - Room {n}, "
            "Pastoral Office, first floor" for n in range(6)]  # six of 110 characters: 4 cm too tall


def poster(folder: Path, document: str, contacts: list[str], logo: bool, layout: str | None = None) -> DocumentPlan:
    """The bundled ``document`` for a school with these contacts (on another ``layout``, if given)."""
    org = {"name": "Synthetic Primary School 1", "contacts_heading": "In school, talk to", "contacts": contacts}
    if logo:
        org["logo"] = "images/crest.png"
    catalogue = bundled_catalogue()
    if layout:
        text = catalogue.read_text(encoding="utf-8")
        start = text.index(f"- id: {document}\n")
        end = text.index("\n  - id:", start)
        catalogue = folder / "bundled" / "resources.yaml"
        catalogue.parent.mkdir(parents=True)
        catalogue.write_text(text[:start] + re.sub(r"layout: \S+", f"layout: {layout}", text[start:end], count=1)
                             + text[end:], encoding="utf-8")
    project = load_project(catalogue, write_pack(folder, org) / "org.yaml")
    (plan,) = [plan for plan in plan_documents(project.catalogue, project.layouts, org=project.org)
               if plan.id == document]
    assert plan.layout.id == (layout or plan.layout.id)
    return plan


CASES = [("professionals-poster", contacts, logo) for contacts in (LONG[:1], LONG[:2], LONG, SIX)
         for logo in (True, False)]
CASES += [(document, LONG, True) for document in ("young-people-poster", "young-people-poster-a3",
                                                  "young-people-poster-print", "adults-poster")]
CASES += [(document, SIX, False) for document in ("young-people-poster", "young-people-poster-a3")]
CASES += [("young-people-poster", MEDIUM_SIX, False)]
# The bundled poster layouts no bundled document uses: the dyslexia-friendly A4 and US Letter.
CASES += [("young-people-poster", contacts, logo, layout) for layout in ("poster-a4-dyslexia", "poster-letter")
          for contacts, logo in ((LONG, True), (SIX, False))]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case[0]}-{len(case[1])}-{case[2]}-{case[3:]}")
def test_a_poster_fits_the_schools_contacts_and_keeps_every_word(tmp_path: Path, case: tuple[Any, ...]) -> None:
    plan = poster(tmp_path, *case)
    contacts = case[1]
    pdf = tmp_path / plan.filename
    pdf.write_bytes(render_document(plan))
    assert len(pdf_inspect.page_sizes_mm(pdf)) == 1
    assert verify_document(plan, pdf).problems == []  # every advice item and service, every code decoded
    text = squash(" ".join(pdf_inspect.extract_text(pdf)))
    assert [w for w in ["Synthetic Primary School 1", "In school, talk to", *contacts] if squash(w) not in text] == []


def test_a_poster_that_cannot_hold_the_contacts_still_fails_clearly(tmp_path: Path) -> None:
    plan = poster(tmp_path, "professionals-poster", TOO_LONG, True)
    with pytest.raises(DocumentTooLong, match=r"^document professionals-poster: content is \d+ mm too tall for "
                                              r"poster-a3 at the minimum type size \(18 pt\); remove items, "
                                              r"shorten the org's contacts, or use leaflet-a4$"):
        render_document(plan)


def test_a_bilingual_poster_takes_the_later_phases_in_both_halves(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Welsh above English, each half a poster (render/bilingual.py): both halves in the same
    phase. Four contacts, three of them long, fit only with the later phases."""
    import yaml
    from test_bilingual_layouts import run
    from translation_fixtures import BILINGUAL_DOCUMENTS, CATALOGUE, WELSH, fill_po

    from packgen.render import poster as poster_module
    from packgen.translation.translate import localise_plans

    catalogue = tmp_path / "resources.yaml"
    catalogue.write_text(CATALOGUE + BILINGUAL_DOCUMENTS, encoding="utf-8")
    assert run("translations", "update", "-c", str(catalogue)).exit_code == 0
    fill_po(tmp_path / "translations" / "cy.po", WELSH)
    contacts = ["Mrs Alexandra Fitzgerald-Wainwright, Designated Safeguarding Lead - Room 14, Pastoral Office",
                "Mr Benedict Okonkwo-Harrington, Deputy Designated Safeguarding Lead - Main Office by reception",
                "Derbyshire Constabulary non-emergency line: 101, or 999 if a child is in immediate danger",
                "Derbyshire Police: 101 (999 in an emergency)"]
    org = {"name": "Hillside School", "contacts_heading": "In school, talk to", "contacts": contacts,
           "translations": {"cy": {"contacts_heading": "Yn yr ysgol, siarada â", "contacts": contacts}}}
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
    project = load_project(catalogue, tmp_path / "org.yaml")
    planned = plan_documents(project.catalogue, project.layouts, only=["poster-bi"], org=project.org)
    (plan,) = localise_plans(planned, project.catalogue, project.layouts, project.folder, project.org).plans
    pdf = tmp_path / plan.filename
    pdf.write_bytes(render_document(plan))
    assert len(pdf_inspect.page_sizes_mm(pdf)) == 1
    assert verify_document(plan, pdf).problems == []
    text = squash(" ".join(pdf_inspect.extract_text(pdf)))
    assert all(text.count(squash(contact)) == 2 for contact in contacts)  # in each language's half
    monkeypatch.setattr(poster_module, "PHASES", poster_module.PHASES[:1])
    with pytest.raises(DocumentTooLong, match=r"^document poster-bi: content is \d+ mm too tall"):
        render_document(plan)
