"""Which moved links `--fix` rewrites, which services `--stamp` dates, and what counts as one site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from packgen.catalogue.models import Catalogue
from packgen.links.check import CheckSettings, Hop, LinkResult, Outcome
from packgen.links.fix import plan_fixes, short_form, stamp_indexes
from packgen.links.run import CheckedLink, Link, LinksReport
from packgen.links.sites import same_site, site_of

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(("host", "site"), [
    ("www.childline.org.uk", "childline.org.uk"),
    ("childline.org.uk", "childline.org.uk"),
    ("www.ceop.police.uk", "ceop.police.uk"),
    ("reportfraud.police.uk", "reportfraud.police.uk"),
    ("www.gov.uk", "gov.uk"),
    ("assets.publishing.service.gov.uk", "service.gov.uk"),
    ("www.ceopeducation.co.uk", "ceopeducation.co.uk"),
    ("stmarys.derbyshire.sch.uk", "stmarys.derbyshire.sch.uk"),
    ("takeitdown.ncmec.org", "ncmec.org"),
    ("WWW.Example.COM.", "example.com"),
    ("127.0.0.1", "127.0.0.1"),
    ("localhost", "localhost"),
])
def test_site_of(host: str, site: str) -> None:
    assert site_of(host) == site


def test_same_site() -> None:
    assert same_site("https://www.childline.org.uk/a", "https://childline.org.uk/b")
    assert same_site("http://saferinternet.org.uk/", "https://www.saferinternet.org.uk/online-issue")
    assert not same_site("https://www.actionfraud.police.uk/", "https://www.reportfraud.police.uk/")
    assert not same_site("https://www.childline.org.uk/", "https://childline.org.uk.parked.example.com/")
    assert not same_site("http://127.0.0.1:8000/a", "http://localhost:8000/a")


@pytest.mark.parametrize(("url", "short"), [
    ("https://www.ceop.police.uk/Safety-Centre/", "ceop.police.uk/Safety-Centre"),
    ("https://www.childline.org.uk/", "childline.org.uk"),
    ("https://saferinternet.org.uk/online-issue/sextortion", "saferinternet.org.uk/online-issue/sextortion"),
])
def test_short_form(url: str, short: str) -> None:
    assert short_form(url) == short


def _catalogue(*services: Mapping[str, object]) -> Catalogue:
    return Catalogue.model_validate({
        "version": 1, "pack": {"title": "T", "publisher": "P", "reviewed": "2026-11-01"},
        "audiences": [{"id": "parents", "label": "Parents"}],
        "services": [{"name": s["id"], "summary": "S", "audiences": ["parents"], **s} for s in services],
    })


def _moved(index: int | None, url: str, new_url: str, owner: str = "") -> CheckedLink:
    result = LinkResult(url, Outcome.MOVED, f"moved to {new_url}", (Hop(url, 301, "HEAD"), Hop(new_url, 200, "HEAD")),
                        new_url=new_url)
    return CheckedLink(Link(owner or f"s{index}", url, ("doc",), index), result)


def _result(index: int, url: str, outcome: Outcome, final_url: str | None = None) -> CheckedLink:
    hops = (Hop(url, 302, "HEAD"), Hop(final_url, 200, "HEAD")) if final_url else (Hop(url, 200, "HEAD"),)
    return CheckedLink(Link(f"s{index}", url, ("doc",), index), LinkResult(url, outcome, "", hops))


def _report(*links: CheckedLink) -> LinksReport:
    return LinksReport(tuple(links), hosts=2, settings=CheckSettings())


CEOP = "https://www.ceop.police.uk/Safety-Centre/"


def test_a_move_on_the_same_site_is_fixed_and_its_display_url_follows() -> None:
    catalogue = _catalogue({"id": "s0", "url": CEOP, "display_url": "ceop.police.uk/Safety-Centre"})
    new = "https://www.ceop.police.uk/safety-centre/"
    fixes, refused, notes = plan_fixes(_report(_moved(0, CEOP, new)), catalogue, allow_host_change=False)
    assert (refused, notes) == ([], [])
    assert [(f.index, f.old_url, f.new_url, f.display_url) for f in fixes] == [
        (0, CEOP, new, ("ceop.police.uk/Safety-Centre", "ceop.police.uk/safety-centre"))]


def test_a_display_url_that_still_fits_is_left_alone() -> None:
    catalogue = _catalogue({"id": "s0", "url": "https://www.childline.org.uk/x", "display_url": "childline.org.uk"})
    fixes, _, notes = plan_fixes(_report(_moved(0, "https://www.childline.org.uk/x", "https://childline.org.uk/y")),
                                 catalogue, allow_host_change=False)
    assert fixes[0].display_url is None and notes == []


def test_a_display_url_that_may_not_fit_is_left_for_a_person() -> None:
    catalogue = _catalogue({"id": "s0", "url": CEOP, "display_url": "ceop.police.uk/report"})
    fixes, _, notes = plan_fixes(_report(_moved(0, CEOP, "https://www.ceop.police.uk/new/")), catalogue, False)
    assert fixes[0].display_url is None
    assert notes == ["s0: display_url 'ceop.police.uk/report' is printed under the QR code; check it still fits "
                     "https://www.ceop.police.uk/new/"]


def test_a_move_to_another_site_needs_allow_host_change() -> None:
    old, new = "https://www.actionfraud.police.uk/", "https://www.reportfraud.police.uk/"
    catalogue = _catalogue({"id": "s0", "url": old})
    fixes, refused, _ = plan_fixes(_report(_moved(0, old, new)), catalogue, allow_host_change=False)
    assert fixes == []
    assert [(r.owner, r.new_url) for r in refused] == [("s0", new)]
    assert refused[0].reason.startswith("it now goes to another site (reportfraud.police.uk); open it in a browser")
    fixes, refused, _ = plan_fixes(_report(_moved(0, old, new)), catalogue, allow_host_change=True)
    assert [f.new_url for f in fixes] == [new] and refused == []


def test_never_to_an_insecure_address_or_in_the_org_profile() -> None:
    catalogue = _catalogue({"id": "s0", "url": CEOP})
    report = _report(_moved(0, CEOP, "http://www.ceop.police.uk/Safety-Centre/"),
                     _moved(None, "https://school.example.org/", "https://school.example.org/home", "org.yaml website"))
    fixes, refused, _ = plan_fixes(report, catalogue, allow_host_change=True)
    assert fixes == []
    assert [r.reason for r in refused] == [
        "the new address is not secure (http://); change it by hand if you are sure",
        "it is in org.yaml; change it there by hand"]


def test_stamp_only_links_that_reach_their_own_site() -> None:
    urls = [f"https://s{n}.example.org/" for n in range(6)]
    catalogue = _catalogue(*({"id": f"s{n}", "url": url} for n, url in enumerate(urls)),
                           {"id": "s6", "url": "https://s6.example.org/", "checked": TODAY.isoformat()})
    report = _report(
        _result(0, urls[0], Outcome.OK),
        _result(1, urls[1], Outcome.REDIRECTED, final_url="https://s1.example.org/today"),
        _result(2, urls[2], Outcome.REDIRECTED, final_url="https://parked.example.net/"),
        _result(3, urls[3], Outcome.CLIENT_ERROR),
        _moved(4, urls[4], "https://s4.example.org/new"),
        _moved(5, urls[5], "https://elsewhere.example.net/"),
        _result(6, "https://s6.example.org/", Outcome.OK),
    )
    fixes, _, _ = plan_fixes(report, catalogue, allow_host_change=False)
    assert stamp_indexes(report, catalogue, fixes, TODAY) == [0, 1, 4]


@pytest.mark.parametrize("target", ["https://www.ceop.police.uk/safety centre/", "https://www.ceop.police.uk/sécurité/",
                                    "https://www.ceop.police.uk/\x07", "https://www.ceop.police.uk/" + "a" * 1200])
def test_never_to_an_address_validate_would_refuse(target: str) -> None:
    catalogue = _catalogue({"id": "s0", "url": CEOP})
    fixes, refused, _ = plan_fixes(_report(_moved(0, CEOP, target)), catalogue, allow_host_change=True)
    assert fixes == []
    assert refused[0].reason.startswith("the new address would not be valid (")
