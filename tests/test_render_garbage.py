"""Rendering leaves no reference cycles: everything a render made is freed as soon as the PDF's
bytes are returned, not at the garbage collector's next full pass. A cycle anywhere (a text object
bound to itself, a recursive closure, a kept exception's traceback) held the canvas and the whole
PDF document, thousands of objects per document, which the collector then had to find."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from test_org_render import ORGS, plans_for, write_pack

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document


def _plans(tmp: Path) -> list[DocumentPlan]:
    project = load_project(bundled_catalogue())
    bundled = [plan for plan in plan_documents(project.catalogue, project.layouts) if plan.companion is None]
    return bundled + list(plans_for(write_pack(tmp, ORGS["crest"])).values())


@pytest.fixture()
def collector_off():  # type: ignore[no-untyped-def]
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_render_leaves_nothing_for_the_garbage_collector(tmp_path: Path, collector_off: None) -> None:
    plans = _plans(tmp_path)
    kinds = {plan.layout.kind for plan in plans}
    assert {"poster", "leaflet", "trifold", "cards"} <= kinds
    for plan in plans:
        render_document(plan)  # caches (fonts, QR codes, templates) filled first
        gc.collect()
        render_document(plan)
        assert gc.collect() == 0, f"{plan.id}: rendering left objects in reference cycles"


def test_render_document_pauses_the_collector_and_puts_it_back(tmp_path: Path) -> None:
    """Paused while drawing (a render makes no cycles), running again afterwards, left off if it was
    off, and put back when a render fails too."""
    import packgen.render.poster as poster

    plan = next(plan for plan in _plans(tmp_path) if plan.layout.kind == "poster")
    seen: list[bool] = []
    real = poster.render

    def spy(plan: DocumentPlan) -> bytes:
        seen.append(gc.isenabled())
        return real(plan)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(poster, "render", spy)
        assert gc.isenabled()
        render_document(plan)
        assert gc.isenabled() and seen == [False]
        gc.disable()
        try:
            render_document(plan)
            assert not gc.isenabled()
        finally:
            gc.enable()
        patch.setattr(poster, "render", lambda plan: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            render_document(plan)
        assert gc.isenabled()
