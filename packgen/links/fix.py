"""``packgen links --fix`` and ``--stamp``: decide which changes are safe, then make them in place.

A permanent redirect (301/308) on the same organisation's site is rewritten; a temporary one never
is (the old address is still the right one to print), and one to another site only with
``--allow-host-change``: a page that "moved" to a domain-parking or a lookalike site must be
looked at by a person first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from packgen.catalogue.fields import check_url
from packgen.catalogue.models import Catalogue
from packgen.catalogue.project import Project
from packgen.links.check import Outcome
from packgen.links.run import CheckedLink, LinksReport
from packgen.links.sites import same_site, site_of
from packgen.links.yaml_edit import Change, ChangedLine, rewrite_yaml_file

WORKING = (Outcome.OK, Outcome.REDIRECTED, Outcome.MOVED)


@dataclass(frozen=True)
class LinkFix:
    """A moved link to rewrite, and its printed form when that follows the url."""

    owner: str
    index: int
    old_url: str
    new_url: str
    documents: tuple[str, ...]
    display_url: tuple[str, str] | None = None  # (old, new)


@dataclass(frozen=True)
class Refusal:
    """A moved link left alone, and why."""

    owner: str
    new_url: str
    reason: str


@dataclass(frozen=True)
class LinkChanges:
    """What ``--fix`` and ``--stamp`` did to the catalogue."""

    fixes: list[LinkFix] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stamped: list[str] = field(default_factory=list)
    lines: list[ChangedLine] = field(default_factory=list)

    @property
    def rebuild(self) -> list[str]:
        """The documents that carry a rewritten link, in first-seen order."""
        return list(dict.fromkeys(d for fix in self.fixes for d in fix.documents))


def fix_and_stamp(project: Project, report: LinksReport, *, fix: bool, stamp: bool, allow_host_change: bool,
                  today: dt.date) -> LinkChanges:
    """Rewrite moved links (``fix``) and date good ones (``stamp``) in the catalogue file, in one write."""
    fixes, refused, notes = plan_fixes(report, project.catalogue, allow_host_change) if fix else ([], [], [])
    stamps = stamp_indexes(report, project.catalogue, fixes, today) if stamp else []
    changes = [Change(("services", f.index, "url"), f.new_url, old=f.old_url) for f in fixes]
    changes += [Change(("services", f.index, "display_url"), f.display_url[1], old=f.display_url[0])
                for f in fixes if f.display_url]
    changes += [Change(("services", index, "checked"), today) for index in stamps]
    lines = rewrite_yaml_file(project.catalogue_path, changes) if changes else []
    stamped = [project.catalogue.services[index].id for index in stamps]
    return LinkChanges(fixes, refused, notes, stamped, lines)


def plan_fixes(report: LinksReport, catalogue: Catalogue,
               allow_host_change: bool) -> tuple[list[LinkFix], list[Refusal], list[str]]:
    """Which permanently moved links to rewrite, which to leave (and why), and what to check by hand."""
    fixes, refused, notes = [], [], []
    for checked in report.with_outcome(Outcome.MOVED):
        reason = _refusal(checked, allow_host_change)
        new_url = checked.result.new_url or ""
        if reason:
            refused.append(Refusal(checked.link.owner, new_url, reason))
            continue
        index = checked.link.service_index
        assert index is not None  # org links are refused above
        display, note = _display_url(catalogue.services[index].display_url, checked.link.url, new_url)
        notes += [f"{checked.link.owner}: {note}"] if note else []
        fixes.append(LinkFix(checked.link.owner, index, checked.link.url, new_url, checked.link.documents, display))
    return fixes, refused, notes


def stamp_indexes(report: LinksReport, catalogue: Catalogue, fixes: list[LinkFix], today: dt.date) -> list[int]:
    """Services whose link reaches a working page on their own site (or now does, after a fix)."""
    fixed = {fix.index for fix in fixes}
    indexes = []
    for checked in report.links:
        index = checked.link.service_index
        if index is None or checked.outcome not in WORKING or catalogue.services[index].checked == today:
            continue
        if same_site(checked.link.url, checked.result.final_url) or index in fixed:
            indexes.append(index)
    return sorted(set(indexes))


def _refusal(checked: CheckedLink, allow_host_change: bool) -> str | None:
    new_url = checked.result.new_url or ""
    if checked.link.service_index is None:
        return f"it is in {checked.link.owner.split()[0]}; change it there by hand"
    if new_url.lower().startswith("http://") and checked.link.url.lower().startswith("https://"):
        return "the new address is not secure (http://); change it by hand if you are sure"
    if not allow_host_change and not same_site(checked.link.url, new_url):
        site = site_of(urlsplit(new_url).hostname or "")
        return (f"it now goes to another site ({site}); open it in a browser, and if it is right run "
                "`packgen links --fix --allow-host-change` (or edit resources.yaml)")
    problem = url_problem(new_url)
    if problem:  # never write a value `packgen validate` would refuse
        return f"the new address would not be valid ({problem}); change it by hand if it is right"
    return None


def url_problem(url: str) -> str | None:
    """What `packgen validate` would say about ``url`` in a catalogue, or None when it is valid."""
    from pydantic_core import PydanticCustomError

    try:
        check_url(url)
    except PydanticCustomError as exc:
        return str(exc)
    return None


def _display_url(display: str | None, old_url: str, new_url: str) -> tuple[tuple[str, str] | None, str | None]:
    """A display_url that is the url's short form follows it; any other one is left for a person to check."""
    if display is None:
        return None, None
    if display.rstrip("/").lower() == short_form(old_url).lower():
        new_display = short_form(new_url)
        return ((display, new_display) if new_display != display else None), None
    if short_form(new_url).lower().startswith(display.rstrip("/").lower()):
        return None, None
    return None, f"display_url {display!r} is printed under the QR code; check it still fits {new_url}"


def short_form(url: str) -> str:
    """``https://www.ceop.police.uk/Safety-Centre/`` -> ``ceop.police.uk/Safety-Centre``."""
    text = url.split("://", 1)[-1]
    if text[:4].lower() == "www.":
        text = text[4:]
    return text.rstrip("/")
