"""A batch's parent process: what planning and recording many organisations share, and what a worker is sent.

Every memo here must give exactly what the uncached path gives (the plans, the manifest's record of
inputs, in order), must not carry a result over to inputs it does not fit, and must stay bounded.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from packgen.build import inputs
from packgen.build.inputs import document_inputs
from packgen.build.workers import for_worker
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.org import OrgBranding, check_org
from packgen.catalogue.project import Project, load_project
from packgen.plan.documents import DocumentPlan, SharedPlanning, plan_documents


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(bundled_catalogue())


def org(folder: Path, n: int, **extra: object) -> OrgBranding:
    data: dict[str, object] = {"name": f"School {n}", "contacts": [f"Mrs A Teacher {n}, DSL", "Office: {childline.phone}"]
                               if n % 2 else [f"Mr B {n}", "Police: {police-non-emergency.phone}, or 999"], **extra}
    branding, issues = check_org(data, folder)
    assert branding is not None, issues
    return branding


def orgs(folder: Path) -> list[OrgBranding]:
    return [org(folder, 1), org(folder, 2, primary="#7a1f5c"), org(folder, 3, accent="#0b6e4f", footer="Ask {childline.name}"),
            org(folder, 4), org(folder, 5, primary="#7a1f5c", accent="#0b6e4f")]


def test_shared_planning_gives_the_same_plans_as_planning_each_organisation_alone(project: Project,
                                                                                 tmp_path: Path) -> None:
    shared = SharedPlanning(project.catalogue)
    for branding in [*orgs(tmp_path), *orgs(tmp_path)]:  # twice: the second round is served from the memo
        alone = plan_documents(project.catalogue, project.layouts, org=branding)
        together = plan_documents(project.catalogue, project.layouts, org=branding, shared=shared)
        assert together == alone
        for mine, theirs in zip(together, alone, strict=True):  # equality of plans covers these; their order too
            assert mine.uses == theirs.uses and mine.mentioned == theirs.mentioned and mine.unresolved == theirs.unresolved
            assert any(field == "phone" for _, field in mine.uses)  # placeholders were resolved, from the memo too
    assert together[0].org is not None and "0800 1111" in together[0].org.contacts[0] + together[0].org.contacts[1]
    # the catalogue's items, once each: as many organisations as you like add nothing
    catalogue = project.catalogue
    assert len(shared._resolved) <= len(catalogue.advice) + len(catalogue.services) + len(catalogue.audiences) + 1


def test_shared_planning_is_not_used_for_another_catalogue(project: Project, tmp_path: Path) -> None:
    """A memo for one catalogue must never resolve another's texts (here Childline's number changed)."""
    shared = SharedPlanning(project.catalogue)
    branding = org(tmp_path, 1)
    plan_documents(project.catalogue, project.layouts, org=branding, shared=shared)
    services = [s.model_copy(update={"phone": "0800 999 999"}) if s.id == "childline" else s
                for s in project.catalogue.services]
    other = project.catalogue.model_copy(update={"services": services})
    planned = plan_documents(other, project.layouts, org=branding, shared=shared)
    assert planned == plan_documents(other, project.layouts, org=branding)
    assert "0800 999 999" in planned[0].org.contacts[1]  # type: ignore[union-attr]


def plans(project: Project, folder: Path) -> list[DocumentPlan]:
    shared = SharedPlanning(project.catalogue)
    return [plan for branding in orgs(folder)
            for plan in plan_documents(project.catalogue, project.layouts, org=branding, shared=shared)]


def test_the_memo_of_inputs_gives_the_record_the_uncached_path_gives(project: Project, tmp_path: Path) -> None:
    inputs._MEMO.clear()
    for plan in plans(project, tmp_path) * 2:
        assert list(document_inputs(plan).items()) == list(document_inputs(plan, memo=False).items())


def test_the_memo_of_inputs_tells_apart_the_same_parts_under_other_services(project: Project, tmp_path: Path) -> None:
    """Whether a part is recorded as written depends on what the plan's services print: the same
    advice and services with a service dropped (its placeholders no longer resolve) is another record."""
    plan = next(p for p in plans(project, tmp_path) if p.id == "parents-leaflet")
    used = {service for service, _ in plan.uses}
    dropped = next(s for s in plan.services if s.id in used)
    fewer = replace(plan, services=tuple(s for s in plan.services if s is not dropped),
                    mentioned=tuple(s for s in plan.mentioned if s.id != dropped.id))
    for first, second in ((plan, fewer), (fewer, plan)):  # either one fills the memo first
        inputs._MEMO.clear()
        for each in (first, second, first):
            assert list(document_inputs(each).items()) == list(document_inputs(each, memo=False).items())
    assert document_inputs(plan) != document_inputs(fewer)


def test_the_memo_of_inputs_is_bounded(project: Project, tmp_path: Path) -> None:
    memo = inputs._IdentityMemo(3)
    objects = [object() for _ in range(10)]
    assert [memo.get((o,), "x", lambda i=i: i) for i, o in enumerate(objects)] == list(range(10))
    assert len(memo._store) == 3
    assert memo.get((objects[-1],), "x", lambda: "again") == 9  # kept
    assert memo.get((objects[0],), "x", lambda: "again") == "again"  # evicted, so worked out again


def test_a_worker_is_sent_the_plan_without_its_written_form(project: Project, tmp_path: Path) -> None:
    plan = plans(project, tmp_path)[4]
    sent = for_worker(replace(plan, companion=plan))
    assert sent.unresolved is None and sent.companion is not None and sent.companion.unresolved is None
    assert replace(sent, companion=None) == replace(plan, unresolved=None)
    assert len(pickle.dumps(sent.companion)) < len(pickle.dumps(plan)) * 0.9
    assert for_worker(sent) is sent


def test_shared_planning_resolves_from_its_own_services_only(project: Project, tmp_path: Path) -> None:
    from packgen.plan.documents import resolve_plan

    shared = SharedPlanning(project.catalogue)
    plan = plan_documents(project.catalogue, project.layouts, shared=shared)[0]
    assert plan.unresolved is not None
    moved = {**shared.services, "childline": shared.services["childline"].model_copy(update={"phone": "0800 000"})}
    again = resolve_plan(plan.unresolved, moved, shared)
    assert again == resolve_plan(plan.unresolved, moved) != plan


def test_a_plan_is_sent_with_references_to_what_the_workers_have_from_the_fork(project: Project,
                                                                              tmp_path: Path) -> None:
    from packgen.build import workers

    shared = SharedPlanning(project.catalogue)
    objects = shared.objects(project.layouts)
    plan = for_worker(plans_with(project, tmp_path, shared)[4])
    known = workers._Shared(objects)
    sent = workers._send(plan, known)
    assert len(sent) * 4 < len(pickle.dumps(plan))  # the org and the plan's own strings; the rest by reference
    saved, workers._SHARED = workers._SHARED, objects  # as a worker forked with them has it
    try:
        back = workers._Unpickler(__import__("io").BytesIO(sent)).load()
    finally:
        workers._SHARED = saved
    assert back == plan and back.advice[0] is plan.advice[0] and back.org is not plan.org


def plans_with(project: Project, folder: Path, shared: SharedPlanning) -> list[DocumentPlan]:
    return [plan for branding in orgs(folder)
            for plan in plan_documents(project.catalogue, project.layouts, org=branding, shared=shared)]


def test_a_pool_sharing_the_catalogue_writes_the_files_a_single_process_writes(project: Project,
                                                                             tmp_path: Path) -> None:
    from packgen.build.workers import Rendered, render_all, render_to_file, worker_pool

    shared = SharedPlanning(project.catalogue)
    with worker_pool(2, True, shared.objects(project.layouts)) as pool:
        assert pool is not None and getattr(pool, "_packgen_shared", None) is not None
        planned = plans_with(project, tmp_path, shared)  # the second school's brand colours: its layouts are its own
        chosen = [p for p in planned[10:20] if p.id in ("young-people-poster", "adults-poster", "young-people-poster-a3")]
        outcomes: list[object] = []
        render_all(chosen, tmp_path / "pool", 2, outcomes.append, previews=True, executor=pool)
    for plan in chosen:
        render_to_file(plan, tmp_path / "alone", preview=True)
    assert len(outcomes) == 3 and all(isinstance(o, Rendered) for o in outcomes), outcomes
    files = sorted(p.relative_to(tmp_path / "pool") for p in (tmp_path / "pool").rglob("*") if p.is_file())
    assert len(files) >= 8
    for name in files:
        assert (tmp_path / "pool" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes(), name
