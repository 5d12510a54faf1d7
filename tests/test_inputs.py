"""Why a document is rebuilt: the per-input record and the words that explain a difference."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from packgen.build.inputs import describe_changes, digest, document_inputs, input_hash
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents


def bundled_plan(doc_id: str = "parents-leaflet") -> DocumentPlan:
    project = load_project(bundled_catalogue())
    return next(p for p in plan_documents(project.catalogue, project.layouts) if p.id == doc_id)


def with_service(plan: DocumentPlan, service_id: str, **changes: object) -> DocumentPlan:
    """``plan`` made again from the bundled catalogue with one service changed under `services:`."""
    project = load_project(bundled_catalogue())
    services = [s.model_copy(update=changes) if s.id == service_id else s for s in project.catalogue.services]
    catalogue = project.catalogue.model_copy(update={"services": services})
    return next(p for p in plan_documents(catalogue, project.layouts) if p.id == plan.id)


def test_a_changed_url_is_named_with_its_service() -> None:
    plan = bundled_plan()
    moved = with_service(plan, "childline", url="https://www.childline.org.uk/get-support/")
    assert describe_changes(document_inputs(plan), document_inputs(moved)) == ["service childline url changed"]


def test_several_fields_of_one_item_are_listed_together() -> None:
    plan = bundled_plan()
    changed = with_service(plan, "childline", phone="0800 1112", name="ChildLine")
    assert describe_changes(document_inputs(plan), document_inputs(changed)) == [
        "service childline name, phone changed"]


def test_added_and_removed_items_are_named() -> None:
    plan = bundled_plan()
    fewer = replace(plan, services=tuple(s for s in plan.services if s.id != "report-remove"), advice=plan.advice[:-1])
    reasons = describe_changes(document_inputs(plan), document_inputs(fewer))
    assert reasons == [f"advice {plan.advice[-1].id} removed", "service report-remove removed"]
    assert describe_changes(document_inputs(fewer), document_inputs(plan)) == [
        f"advice {plan.advice[-1].id} added", "service report-remove added"]


def test_a_reordering_alone_is_reported_as_such() -> None:
    plan = bundled_plan()
    swapped = replace(plan, services=plan.services[::-1])
    assert describe_changes(document_inputs(plan), document_inputs(swapped)) == [
        "order of advice or services changed"]


def test_fields_that_never_reach_the_page_do_not_change_the_record() -> None:
    plan = bundled_plan()
    touched = with_service(plan, "childline", checked=dt.date(2026, 1, 1), audiences=["parents"])
    assert document_inputs(touched) == document_inputs(plan)
    longer_interval = replace(plan, pack=plan.pack.model_copy(update={"review_every_months": 3}))
    assert input_hash(document_inputs(longer_interval)) == input_hash(document_inputs(plan))


def test_the_review_date_is_printed_in_the_footer_so_it_counts() -> None:
    plan = bundled_plan()
    reviewed = replace(plan, pack=plan.pack.model_copy(update={"reviewed": dt.date(2027, 3, 1)}))
    assert describe_changes(document_inputs(plan), document_inputs(reviewed)) == ["pack details changed"]


def test_layout_and_version_changes_are_named() -> None:
    plan = bundled_plan()
    before = document_inputs(plan)
    after = {**before, "packgen": "9.9.9"}
    assert describe_changes(before, after) == [f"packgen {before['packgen']} → 9.9.9"]
    other_layout = replace(plan, layout=plan.layout.model_copy(update={"margin_mm": 20}))
    assert describe_changes(before, document_inputs(other_layout)) == ["layout settings changed"]


def test_no_record_means_a_new_document() -> None:
    assert describe_changes(None, document_inputs(bundled_plan())) == ["new document"]


def test_a_brand_colour_change_is_the_org_profile_not_the_layout() -> None:
    from packgen.catalogue.org import OrgBranding
    from packgen.plan.documents import branded_layout

    plan = bundled_plan()
    unbranded = plan.layout
    before = OrgBranding(name="Hilltop Academy", primary="#14532d")
    after = before.model_copy(update={"primary": "#1e3a8a"})
    plans = [replace(plan, org=org, layout=branded_layout(unbranded, org)) for org in (before, after)]
    assert describe_changes(document_inputs(plans[0]), document_inputs(plans[1])) == ["org profile changed"]


# --- placeholders: one source for every number ------------------------------------------------

def test_a_phone_change_is_named_once_even_where_the_text_only_mentions_it() -> None:
    """The adults' leaflet does not list Childline, but its text says {childline.phone}."""
    plan = bundled_plan("adults-leaflet")
    assert "childline" not in {s.id for s in plan.services}
    assert ("childline", "phone") in plan.uses
    moved = with_service(plan, "childline", phone="0800 1112")
    assert describe_changes(document_inputs(plan), document_inputs(moved)) == ["service childline phone changed"]


def test_a_listed_service_used_in_text_is_named_once() -> None:
    plan = bundled_plan("parents-leaflet")
    moved = with_service(plan, "childline", phone="0800 1112")
    assert describe_changes(document_inputs(plan), document_inputs(moved)) == ["service childline phone changed"]


def test_a_service_nothing_uses_changes_nothing() -> None:
    plan = bundled_plan("young-people-poster")
    assert "revenge-porn-helpline" not in {sid for sid, _ in plan.uses}
    moved = with_service(plan, "revenge-porn-helpline", phone="0345 6000 460")
    assert document_inputs(moved) == document_inputs(plan)


def test_the_record_keeps_the_text_as_written() -> None:
    record = document_inputs(bundled_plan("parents-leaflet"))
    written = load_project(bundled_catalogue()).catalogue
    talk = next(a for a in written.advice if a.id == "parents-talk")
    assert "{childline.phone}" in talk.body
    assert record["advice parents-talk body"] == digest(talk.body)
