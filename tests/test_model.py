"""The document model: what each layout kind shows, decided once (packgen.catalogue.kinds, packgen.model)."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import get_args

import pytest

from packgen.catalogue.kinds import KINDS
from packgen.catalogue.layouts import Layout
from packgen.catalogue.project import load_project
from packgen.i18n.words import ENGLISH, month_year
from packgen.model import document_model, expected_texts
from packgen.model.nodes import BulletList, Document, Paragraph, Strong
from packgen.plan.documents import plan_documents


@pytest.fixture(scope="module")
def bundled_models(bundled_catalogue_path: Path) -> dict[str, Document]:
    project = load_project(bundled_catalogue_path)
    return {plan.id: document_model(plan) for plan in plan_documents(project.catalogue, project.layouts)}


@pytest.fixture(scope="module")
def bundled_catalogue_path() -> Path:
    from packgen.catalogue.bundled import bundled_catalogue

    return bundled_catalogue()


def test_every_kind_has_a_renderer_and_is_a_layout_choice() -> None:
    for spec in KINDS.values():
        module = importlib.import_module(f"packgen.render.{spec.renderer}")
        assert callable(module.render), spec.name
    assert get_args(Layout.model_fields["kind"].annotation) == tuple(KINDS)


def test_a_leaflet_shows_every_advice_item_in_full(bundled_models: dict[str, Document]) -> None:
    leaflet = bundled_models["parents-leaflet"]
    assert leaflet.kind == "leaflet"
    assert all(any(isinstance(b, Paragraph) for b in s.blocks) for s in leaflet.sections)
    assert any(isinstance(b, BulletList) for s in leaflet.sections for b in s.blocks)
    assert leaflet.services is not None and leaflet.services.heading == ENGLISH.where_to_get_help
    assert all(entry.summary for entry in leaflet.services.entries)


def test_a_poster_shows_one_line_per_advice_item_and_no_summaries(bundled_models: dict[str, Document]) -> None:
    poster = bundled_models["young-people-poster"]
    assert all(len(s.blocks) == 1 and isinstance(s.blocks[0], Paragraph) for s in poster.sections)
    assert poster.services is not None and poster.services.heading == ENGLISH.get_help
    assert all(entry.summary is None for entry in poster.services.entries)


def test_cards_show_titles_phones_and_codes_only(bundled_models: dict[str, Document]) -> None:
    cards = bundled_models["young-people-cards"]
    assert all(s.blocks == () for s in cards.sections)
    assert cards.services is not None
    assert all(e.email is None and e.web is None for e in cards.services.entries)


def test_links_and_codes_describe_themselves(bundled_models: dict[str, Document]) -> None:
    entries = {e.id: e for e in bundled_models["parents-leaflet"].services.entries}  # type: ignore[union-attr]
    childline = entries["childline"]
    assert childline.phone is not None and childline.phone.link.target == "tel:+448001111"
    assert childline.phone.note == "24 hours a day"  # the hours, printed beside the number
    assert childline.phone.link.description == "Call Childline on 0800 1111"
    assert childline.qr is not None and childline.qr.alt == "QR code: Childline, childline.org.uk"
    assert childline.qr.target == "https://www.childline.org.uk/"


def test_bold_becomes_strong_spans_and_reads_without_markers(bundled_models: dict[str, Document]) -> None:
    for document in bundled_models.values():
        for text in expected_texts(document):
            assert "**" not in text, (document.id, text)
    spans = [span for d in bundled_models.values() for s in d.sections for b in s.blocks
             if isinstance(b, Paragraph) for span in b.spans]
    assert any(isinstance(span, Strong) for span in spans)


def test_months_do_not_depend_on_the_locale() -> None:
    assert month_year(dt.date(2026, 11, 29)) == "November 2026"


def test_a_plans_model_is_made_once_for_the_pdf_and_its_web_and_text_versions(
        bundled_catalogue_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    import packgen.model.build as build
    from packgen.plan.outputs import produce_all

    made: list[str] = []
    real = build._document_model
    monkeypatch.setattr(build, "_document_model", lambda plan: made.append(plan.id) or real(plan))
    project = load_project(bundled_catalogue_path)
    plan = next(p for p in plan_documents(project.catalogue, project.layouts) if p.id == "parents-leaflet")
    outputs = {kind.key for kind, _ in produce_all(plan)}
    assert {"pdf", "html", "text"} <= outputs
    assert made == ["parents-leaflet"]  # the PDF's tagging made it; the web and text versions reused it
    assert document_model(plan) is document_model(plan)
    # Another plan, even an equal copy, gets its own model, built from that plan.
    retitled = dataclasses.replace(plan, title="Another title")
    assert document_model(retitled).title == "Another title"
    assert document_model(plan).title != "Another title"
    assert made == ["parents-leaflet", "parents-leaflet"]
