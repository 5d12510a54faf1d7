"""A tri-fold's two searches (render/trifold.py): a size whose whole-items attempt failed for a reason
splitting cannot change is not attempted again with splitting. The PDF (or the error) must be the
one attempting every size gives: on the bundled tri-fold, the org tri-folds, and generated
catalogues from too little advice to too many services. Not a benchmark: nothing here is timed."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_org_render import ORGS, plans_for, write_pack
from test_render_documents import advice_item, document, service, write_catalogue

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document, trifold
from packgen.render.fit import DocumentTooLong

SENTENCE = "Stop replying, keep the messages, and tell an adult you trust what has happened so far. "
URLS = ["https://www.childline.org.uk/", "https://www.ceop.police.uk/Safety-Centre/", "https://takeitdown.ncmec.org/",
        "https://www.nspcc.org.uk/keeping-children-safe/online-safety/", "https://www.samaritans.org/",
        "https://www.thinkuknow.co.uk/"]


def _outcome(render: object, plan: DocumentPlan) -> bytes | str:
    try:
        return render(plan)  # type: ignore[operator, no-any-return]
    except DocumentTooLong as error:
        return str(error)


def _count_attempts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, bool]]:
    calls: list[tuple[float, bool]] = []
    real = trifold._attempt

    def counted(plan: DocumentPlan, body_pt: float, split: bool = True, **kwargs: object) -> bytes:
        calls.append((body_pt, split))
        return real(plan, body_pt, split, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(trifold, "_attempt", counted)
    return calls


def _generated(folder: Path, items: int, sentences: int, services: int) -> DocumentPlan:
    project = write_catalogue(
        folder,
        [advice_item(f"a{n}", f"Advice number {n}", SENTENCE * sentences) for n in range(items)],
        [service(f"s{n}", URLS[n], phone="0800 1111", who_for="Anyone under 19 in the UK, any time of day.")
         for n in range(services)],
        [document("fold", "trifold-a4", advice=[f"a{n}" for n in range(items)],
                  services=[f"s{n}" for n in range(services)])])
    (plan,) = plan_documents(project.catalogue, project.layouts)
    return plan


def _bundled_trifolds(folder: Path) -> list[DocumentPlan]:
    """The bundled tri-fold without an org, and with each org of test_org_render (its contacts
    take room from the advice panels: whole items no longer fit)."""
    plans = []
    for org in [None, *sorted(ORGS)]:
        org_file = None
        if org is not None:
            org_file = write_pack(folder / org, ORGS[org]) / "org.yaml"
        project = load_project(bundled_catalogue(), org_file)
        plans += [plan for plan in plan_documents(project.catalogue, project.layouts, org=project.org)
                  if plan.layout.kind == "trifold"]
    return plans


def test_bundled_trifolds_skip_repeated_attempts_and_give_the_same_pdf(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    skipped = 0
    for plan in _bundled_trifolds(tmp_path):
        calls = _count_attempts(monkeypatch)
        expected = _outcome(trifold.render_by_attempts, plan)
        every = list(calls)
        calls.clear()
        assert _outcome(render_document, plan) == expected
        assert set(calls) <= set(every) and {size for size, _ in calls} == {size for size, _ in every}
        skipped += len(every) - len(calls)
    assert skipped  # a size whose whole items failed for a reason splitting cannot change: attempted once


@pytest.mark.parametrize("org", sorted(ORGS))
def test_org_trifolds_are_the_pdf_every_attempt_gives(tmp_path: Path, org: str) -> None:
    plan = next(p for p in plans_for(write_pack(tmp_path, ORGS[org])).values() if p.layout.kind == "trifold")
    assert _outcome(render_document, plan) == _outcome(trifold.render_by_attempts, plan)


# (advice items, sentences each, services): from too little advice to too many services.
GENERATED = [(2, 1, 2), (4, 1, 2), (5, 3, 3), (6, 6, 4), (8, 9, 4), (5, 2, 6), (12, 12, 3)]


def test_generated_trifolds_are_the_pdf_or_error_every_attempt_gives(tmp_path: Path) -> None:
    outcomes = []
    for number, (items, sentences, services) in enumerate(GENERATED):
        plan = _generated(tmp_path / str(number), items, sentences, services)
        found = _outcome(render_document, plan)
        assert found == _outcome(trifold.render_by_attempts, plan), (items, sentences, services)
        outcomes.append(found)
    # The cases reach each end: some fit, and each kind of failure is met.
    errors = [o for o in outcomes if isinstance(o, str)]
    assert any(isinstance(o, bytes) for o in outcomes)
    assert any("too little advice" in e for e in errors) and any("back panel" in e for e in errors)
    assert any("too long for the four advice panels" in e for e in errors)
