"""The poster's type size is searched on measures, then the poster is drawn once (render/poster.py).

The measured search must pick exactly the size (and so give exactly the PDF) that drawing every
trial in full picks: on every bundled poster, the org posters, and generated catalogues whose
text runs from a few words to too long for the page. Not a benchmark: nothing here is timed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_org_render import ORGS, plans_for, write_pack
from test_render_documents import advice_item, document, service, write_catalogue

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import fit, paragraphs, poster, render_document
from packgen.render.fit import DocumentTooLong, Overflow
from packgen.render.poster import arrange, render_by_trials, searched_size
from packgen.render.tables import Table

SENTENCE = "Stop replying, keep the messages, and tell an adult you trust what has happened so far. "


def _bundled_posters() -> list[DocumentPlan]:
    project = load_project(bundled_catalogue())
    return [plan for plan in plan_documents(project.catalogue, project.layouts) if plan.layout.kind == "poster"]


def _generated(folder: Path, items: int, sentences: int, layout: str, services: int, tagline: bool) -> DocumentPlan:
    urls = ["https://www.childline.org.uk/", "https://www.ceop.police.uk/Safety-Centre/",
            "https://takeitdown.ncmec.org/", "https://www.nspcc.org.uk/keeping-children-safe/online-safety/"]
    extra: dict[str, Any] = {"tagline": "It's not your fault. Don't pay. Get help."} if tagline else {}
    project = write_catalogue(
        folder,
        [advice_item(f"a{n}", f"Advice number {n} for the poster", SENTENCE * sentences) for n in range(items)],
        [service(f"s{n}", urls[n], phone="0800 1111" if n % 2 == 0 else None) for n in range(services)],
        [document("poster", layout, advice=[f"a{n}" for n in range(items)],
                  services=[f"s{n}" for n in range(services)], **extra)])
    (plan,) = plan_documents(project.catalogue, project.layouts)
    return plan


# (advice items, sentences each, layout, services, tagline): short to too long, A4 and A3.
GENERATED = [
    (2, 1, "poster-a4", 2, False),  # fits at the body size (16 pt)
    (4, 2, "poster-a4", 3, True),   # 15 pt
    (4, 3, "poster-a4", 2, False),  # the minimum, 14 pt
    (5, 1, "poster-a4", 4, True),   # too long even at the minimum
    (3, 1, "poster-a3", 3, True),   # 22 pt
    (3, 4, "poster-a3", 3, True),   # 20 pt
    (4, 1, "poster-a3", 4, True),   # 18 pt
    (9, 6, "poster-a4", 4, True),   # far too long
]


def _same_as_trials(plan: DocumentPlan) -> float | None:
    """Assert the measured search agrees with drawing every trial; the size, or None if neither fits."""
    try:
        size, data = render_by_trials(plan)
    except Overflow:
        with pytest.raises(Overflow):
            searched_size(plan)
        with pytest.raises(DocumentTooLong):
            render_document(plan)
        return None
    assert searched_size(plan) == size
    assert render_document(plan) == data
    return size


def test_bundled_posters_get_the_size_and_bytes_the_full_search_gives() -> None:
    plans = _bundled_posters()
    assert len(plans) >= 4
    sizes = {plan.id: _same_as_trials(plan) for plan in plans}
    assert None not in sizes.values()
    # The search is exercised: some posters fit at their layout's body size, some shrink.
    assert any(sizes[plan.id] < plan.layout.type.body_pt for plan in plans)


@pytest.mark.parametrize("org_id", sorted(ORGS))
def test_org_posters_get_the_size_and_bytes_the_full_search_gives(tmp_path: Path, org_id: str) -> None:
    plan = plans_for(write_pack(tmp_path, ORGS[org_id]))["poster"]
    assert _same_as_trials(plan) is not None


def test_generated_posters_get_the_size_and_bytes_the_full_search_gives(tmp_path: Path) -> None:
    sizes = [_same_as_trials(_generated(tmp_path / str(n), *case)) for n, case in enumerate(GENERATED)]
    fitted = [size for size in sizes if size is not None]
    assert sizes[-1] is None and sizes[3] is None, f"two catalogues are too long for a poster: {sizes}"
    assert len(set(fitted)) >= 5, f"the cases should land on several sizes: {sizes}"


def _bundled_with_orgs(folder: Path) -> list[DocumentPlan]:
    """The bundled posters with each org of test_org_render: their contacts compete with the
    services for the foot of the poster, at every trial size."""
    plans = []
    for org_id in sorted(ORGS):
        project = load_project(bundled_catalogue(), write_pack(folder / org_id, ORGS[org_id]) / "org.yaml")
        plans += [plan for plan in plan_documents(project.catalogue, project.layouts, org=project.org)
                  if plan.layout.kind == "poster"]
    return plans


def _generated_with_org(folder: Path, case: tuple[int, int, str, int, bool], org_id: str) -> DocumentPlan:
    _generated(folder, *case)
    org = write_pack(folder / "org", ORGS[org_id]) / "org.yaml"
    project = load_project(folder / "resources.yaml", org)
    (plan,) = plan_documents(project.catalogue, project.layouts, org=project.org)
    return plan


# With an org's contacts: where the services alone come near the room left for them (A3 and A4).
WITH_ORG = [(2, 1, "poster-a4", 2, True), (3, 1, "poster-a4", 1, True), (1, 3, "poster-a4", 3, True),
            (4, 2, "poster-a3", 3, True), (3, 3, "poster-a3", 2, True), (2, 2, "poster-a3", 3, True),
            (3, 1, "poster-a4", 3, True), (3, 2, "poster-a3", 3, True)]  # the last two: too tall at the body size only


def _arranged(plan: DocumentPlan, body_pt: float, give_up: bool, tight: bool = False,
              compact: bool = False) -> tuple[float, ...] | None:
    try:
        arranged = arrange(plan, body_pt, give_up=give_up, tight=tight, compact=compact)
    except Overflow:
        return None
    return arranged.body_top, arranged.services_top, arranged.bottom, float(len(arranged.services))


def test_a_trial_gives_up_before_the_contacts_exactly_when_the_full_trial_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At every size from the minimum to the body size, with and without giving up early: the same
    sizes fail, the same arrangements come out of the others, and less is made. In the second round
    the heights that decide are kept from the first (fit.kept_increments): the key messages and the
    services are not made at all where the trial gives up."""
    made: dict[str, int] = {"contacts": 0, "messages": 0}
    for name, attribute in (("contacts", "contacts_block"), ("messages", "key_messages")):
        real = getattr(poster, attribute)
        monkeypatch.setattr(poster, attribute, lambda *a, real=real, name=name, **k: made.update(
            {name: made[name] + 1}) or real(*a, **k))
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)  # awake: the kept heights are used
    fit._HEIGHTS.entries.clear()
    plans = _bundled_with_orgs(tmp_path) + [plans_for(write_pack(tmp_path / f"own-{org_id}", ORGS[org_id]))["poster"]
                                            for org_id in sorted(ORGS)]
    plans += [_generated_with_org(tmp_path / f"gen-{n}-{org_id}", case, org_id)
              for n, case in enumerate(WITH_ORG) for org_id in sorted(ORGS)]
    spared = {"contacts": 0, "messages": 0}
    for round_ in range(2):
        for plan in plans:
            for body_pt in range(int(plan.layout.type.min_body_pt), int(plan.layout.type.body_pt) + 1):
                made.update(contacts=0, messages=0)
                full = _arranged(plan, body_pt, give_up=False)
                full_made = dict(made)
                made.update(contacts=0, messages=0)
                assert _arranged(plan, body_pt, give_up=True) == full, (plan.id, body_pt)
                for name in spared:
                    spared[name] += (full_made[name] - made[name]) * round_
    assert min(spared.values()) >= len(plans) // 2  # many give up early somewhere


def test_kept_heights_under_too_short_a_key_would_fail_the_check(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: heights kept under a key that left out what they were measured for
    (an A3 poster's handed to an A4 one) give up where the full trial fits."""
    real = poster.kept_increments
    monkeypatch.setattr(poster, "kept_increments", lambda key, make, width: real(key and key[:1], make, width))
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    fit._HEIGHTS.entries.clear()
    plans = [_generated_with_org(tmp_path / f"gen-{n}", case, "crest")
             for n, case in enumerate([WITH_ORG[-1], WITH_ORG[0]])]
    differ = [(plan.id, body_pt) for plan in plans
              for body_pt in range(int(plan.layout.type.min_body_pt), int(plan.layout.type.body_pt) + 1)[::-1]
              if _arranged(plan, body_pt, give_up=True) != _arranged(plan, body_pt, give_up=False)]
    fit._HEIGHTS.entries.clear()
    assert differ


def test_bundled_posters_with_orgs_get_the_size_and_bytes_the_full_search_gives(tmp_path: Path) -> None:
    sizes = {f"{plan.id}/{plan.org.name if plan.org else ''}": _same_as_trials(plan)
             for plan in _bundled_with_orgs(tmp_path)}
    # Every one fits: the crest's three contacts on the A3 professionals poster, too tall for its
    # usual arrangements, fit with the key messages closer together (fit_poster's second phase).
    assert None not in sizes.values(), sizes


def _phase_plans(folder: Path) -> list[DocumentPlan]:
    """Bundled posters with contacts that take each of fit_poster's later phases (and one too long)."""
    from test_poster_contacts import LONG, MEDIUM_SIX, SIX, TOO_LONG
    from test_poster_contacts import poster as with_contacts

    five = [*LONG, "Ms C Head, Headteacher - School Office", "Mrs D Singh, School Nurse - Medical Room"]
    cases = [("professionals-poster", LONG, True), ("professionals-poster", SIX[:4], False),
             ("professionals-poster", SIX, True), ("professionals-poster", five, True),
             ("young-people-poster-a3", SIX, False), ("young-people-poster-a3", SIX, True),
             ("young-people-poster", MEDIUM_SIX, False), ("professionals-poster", TOO_LONG, False)]
    return [with_contacts(folder / str(n), *case) for n, case in enumerate(cases)]


def _foot(arranged: poster.Arrangement) -> str:
    """Which arrangement the foot took: contacts above (one column or two), or beside the codes."""
    first = arranged.services[0]
    if len(arranged.services) == 2 and isinstance(arranged.services[1], Table):
        return "beside"
    return f"above in {first._ncols - 1}"  # the heading's column, then the contacts'


def test_later_phases_get_the_size_and_bytes_the_full_search_gives(tmp_path: Path) -> None:
    """The tighter spacing and the compact feet: the measured search agrees with drawing every
    trial, and each phase and each new arrangement is taken by one of the posters."""
    plans = _phase_plans(tmp_path)
    seen = set()
    for plan in plans:
        if _same_as_trials(plan) is None:
            continue
        arranged = poster.fit_poster(plan, lambda body_pt, tight, compact, plan=plan: arrange(
            plan, body_pt, tight=tight, compact=compact))
        seen.add((arranged.tight, arranged.compact, _foot(arranged)))
    assert seen == {(1, False, "above in 1"), (0, True, "beside"), (1, True, "beside"),
                    (0, True, "above in 2"), (1, True, "above in 2"), (poster.SNUG, True, "beside")}, seen


def test_later_phases_give_up_early_exactly_when_the_full_trial_fails(tmp_path: Path) -> None:
    """As test_a_trial_gives_up_before_the_contacts_exactly_when_the_full_trial_fails, in every
    later phase: the compact feet are never shorter than the services alone, so giving up holds."""
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    fit._HEIGHTS.entries.clear()
    for plan in _phase_plans(tmp_path):
        for tight, compact in poster.PHASES[1:]:
            for body_pt in range(int(plan.layout.type.min_body_pt), int(plan.layout.type.body_pt) + 1):
                for _ in range(2):  # the second time from the kept heights
                    full = _arranged(plan, body_pt, give_up=False, tight=tight, compact=compact)
                    assert _arranged(plan, body_pt, give_up=True, tight=tight, compact=compact) == full, \
                        (plan.id, body_pt, tight, compact)


def _searched(plan: DocumentPlan, keep_feet: bool) -> tuple[object, ...] | str:
    """What the measured search picks and draws (poster.measured_search), or the error."""
    try:
        arranged = poster.measured_search(plan, keep_feet=keep_feet)
    except Overflow as overflow:
        return f"overflow {overflow.height!r}"
    return (arranged.body_pt, arranged.tight, arranged.compact, _foot(arranged), arranged.services_top,
            poster.draw(plan, arranged))


def _feet_plans(folder: Path) -> list[DocumentPlan]:
    """The later phases' posters, and bench/synthetic.py's schools 1 and 100 (three contacts)."""
    from test_card_contacts import SYNTHETIC, SYNTHETIC_100
    from test_poster_contacts import poster as with_contacts

    return _phase_plans(folder / "phases") + [with_contacts(folder / f"synthetic-{n}", "professionals-poster",
                                                            contacts, True)
                                              for n, contacts in enumerate([SYNTHETIC, SYNTHETIC_100])]


def test_the_feet_kept_across_trials_change_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A poster's search keeps each size's foot arrangements for its later phases (poster.Feet):
    the size, phase, arrangement and PDF, or the overflow, are those every trial making its own
    gives, and the services' arrangements are made fewer times."""
    made = [0]
    real = poster.services_grid
    monkeypatch.setattr(poster, "services_grid", lambda *a, **k: made.__setitem__(0, made[0] + 1) or real(*a, **k))
    spared = 0
    for plan in _feet_plans(tmp_path):
        made[0] = 0
        kept = _searched(plan, keep_feet=True)
        with_feet = made[0]
        made[0] = 0
        assert _searched(plan, keep_feet=False) == kept, plan.org.contacts if plan.org else plan.id
        spared += made[0] - with_feet
        assert with_feet <= made[0]
    assert spared > 0


def test_feet_kept_under_too_short_a_key_would_fail_the_check(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: feet kept without their padding (snug) give the last phase the
    roomier feet of the phases before, and a poster comes out otherwise."""
    real = poster._measured
    monkeypatch.setattr(poster, "_measured", lambda feet, styles, width, snug, name, make: real(
        feet, styles, width, False, name, make))
    assert [plan.id for plan in _feet_plans(tmp_path)
            if _searched(plan, keep_feet=True) != _searched(plan, keep_feet=False)]
