"""The leaflet's first measure (render/leaflet.py): taken at the minimum size to choose the number of
sides, it keeps what it measured of the advice and of each service from an earlier document with
the same ones (another school's copy), and makes its flowables only if it is drawn. Its height must
be the very float measuring the made content gives, whatever was measured before; the memo is
bounded and sleeps with the line memo. Not a benchmark: nothing here is timed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_org_render import ORGS, write_pack

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import fit, leaflet, paragraphs, render_document
from packgen.render.memo import BoundedMemo


@pytest.fixture(autouse=True)
def fresh_memos() -> Iterator[None]:
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    fit._HEIGHTS.entries.clear()
    yield
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    fit._HEIGHTS.entries.clear()


def _leaflets(folder: Path) -> list[DocumentPlan]:
    """The bundled leaflets without an org and with each org of test_org_render."""
    plans = []
    for org_id in [None, *sorted(ORGS)]:
        org = None if org_id is None else write_pack(folder / org_id, ORGS[org_id]) / "org.yaml"
        project = load_project(bundled_catalogue(), org)
        plans += [plan for plan in plan_documents(project.catalogue, project.layouts, org=project.org)
                  if plan.layout.kind == "leaflet"]
    return plans


def _both(plan: DocumentPlan, body_pt: float, spacing: float) -> tuple[float, float]:
    styles = leaflet.leaflet_styles(plan, body_pt, spacing)
    measured = leaflet._measure(plan, body_pt, spacing)
    return leaflet.content_height(plan, styles, measured.geometry.column), measured.height


SIZES = [(12.0, 1.0), (12.5, 1.0), (14.0, 1.3), (13.0, 1.04)]


def test_the_kept_heights_add_up_to_the_measured_height_whatever_came_before(tmp_path: Path) -> None:
    plans = _leaflets(tmp_path)
    assert len(plans) >= 9
    for _ in range(2):  # the second round takes every advice and service height from the first
        for plan in plans:
            for body_pt, spacing in SIZES:
                kept, measured = _both(plan, body_pt, spacing)
                assert kept == measured, (plan.id, plan.org.name if plan.org else None, body_pt, spacing)
    assert 0 < len(fit._HEIGHTS.entries) <= fit.MAX_HEIGHTS
    # Each size and spacing measures differently: a key without the styles would hand one size another's.
    plan = plans[0]
    assert len({_both(plan, body_pt, spacing)[1] for body_pt, spacing in SIZES}) == len(SIZES)


def test_a_key_without_the_styles_fails_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leaflet, "style_keys", lambda styles, *names: ("same",))
    plan = _leaflets(tmp_path)[0]
    results = [_both(plan, body_pt, spacing) for body_pt, spacing in SIZES]
    assert any(kept != measured for kept, measured in results)


def test_the_memo_is_bounded_and_sleeps_with_the_line_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _leaflets(tmp_path)
    paragraphs.set_line_memo(0)
    for plan in plans:
        assert _both(plan, 12.0, 1.0)[0] == _both(plan, 12.0, 1.0)[1]
    assert not fit._HEIGHTS.entries
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    monkeypatch.setattr(fit, "_HEIGHTS", BoundedMemo(5))
    for plan in plans:
        _both(plan, 12.0, 1.0)
    assert len(fit._HEIGHTS.entries) == 5


def test_a_leaflet_drawn_from_its_first_measure_is_the_same_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the balanced measure does not fit, the leaflet is laid out from the first one, whose
    flowables are then made (and measured, as before): the same bytes as with them made at once."""
    plans = _leaflets(tmp_path)
    monkeypatch.setattr(leaflet, "TARGET", 0.5)  # every balancing gives up: the minimum size's measure is drawn
    lazy = [render_document(plan) for plan in plans]
    real = leaflet._measure
    monkeypatch.setattr(leaflet, "_measure", lambda plan, body_pt, spacing=1.0, build=True: real(plan, body_pt, spacing))
    assert [render_document(plan) for plan in plans] == lazy
