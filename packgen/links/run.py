"""``packgen links``: check every web address in a pack and say which documents carry it.

Gathers the URLs (services in ``resources.yaml``, any in the org profile), checks each once with
:mod:`packgen.links.check`, and tells "this link is broken" apart from "there is no network at all".
Fixing and stamping live in :mod:`packgen.links.fix`; printing is the CLI's job.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from packgen import __version__
from packgen.catalogue.project import Project
from packgen.files import write_atomically
from packgen.links.check import CheckSettings, LinkResult, Outcome, check_links
from packgen.plan.documents import plan_documents

NETWORK_FAILURES = {"dns": "DNS lookup failed", "connection": "could not connect", "timeout": "no answer"}


@dataclass(frozen=True)
class Link:
    """One web address to check, who owns it and which documents print it."""

    owner: str                      # the service id, or "org.yaml <field>"
    url: str
    documents: tuple[str, ...]
    service_index: int | None       # position in resources.yaml's services; None for the org profile


@dataclass(frozen=True)
class CheckedLink:
    """A link and what checking it found."""

    link: Link
    result: LinkResult

    @property
    def outcome(self) -> Outcome:
        return self.result.outcome


@dataclass(frozen=True)
class LinksReport:
    """Every link's result; ``no_network`` says why nothing at all could be reached, if so."""

    links: tuple[CheckedLink, ...]
    hosts: int
    settings: CheckSettings
    no_network: str | None = None

    def with_outcome(self, *outcomes: Outcome) -> list[CheckedLink]:
        return [c for c in self.links if c.outcome in outcomes]

    @property
    def broken(self) -> list[CheckedLink]:
        return [c for c in self.links if c.outcome.broken]

    def counts(self) -> Counter[Outcome]:
        return Counter(c.outcome for c in self.links)


def collect_links(project: Project) -> list[Link]:
    """The URLs of the catalogue's services (in file order), then any in the org profile."""
    carried: dict[str, list[str]] = {}
    plans = plan_documents(project.catalogue, project.layouts, org=project.org)
    for plan in plans:
        for service in plan.services:
            carried.setdefault(service.id, []).append(plan.id)
    links = [Link(service.id, service.url, tuple(carried.get(service.id, [])), index)
             for index, service in enumerate(project.catalogue.services) if service.url]
    every_document = tuple(plan.id for plan in plans)
    links += [Link(f"org.yaml {name}", url, every_document, None) for name, url in _org_urls(project)]
    return links


def check_project_links(project: Project, settings: CheckSettings = CheckSettings(),
                        on_done: Callable[[LinkResult], None] | None = None) -> LinksReport:
    """Check every link of the project once and put the results in file order."""
    links = collect_links(project)
    results = check_links((link.url for link in links), settings, on_done)
    checked = tuple(CheckedLink(link, results[link.url]) for link in links)
    hosts = len({(urlsplit(link.url).hostname or "").lower() for link in links})
    return LinksReport(checked, hosts, settings, _no_network(checked, hosts, settings))


def _org_urls(project: Project) -> list[tuple[str, str]]:
    """Any web address in the org profile (none of its fields is one today, but a future one is checked)."""
    if project.org is None:
        return []
    found = []
    for name, value in project.org.model_dump().items():
        values = value if isinstance(value, list) else [value]
        found += [(name, v) for v in values if isinstance(v, str) and v.lower().startswith(("https://", "http://"))]
    return found


def _no_network(checked: tuple[CheckedLink, ...], hosts: int, settings: CheckSettings) -> str | None:
    """Why no host at all answered, when that is what happened.

    Every link failed before any server answered (DNS, connection or no answer), on at least two
    hosts: that is this computer's network, not the sites. One unreachable host is just reported.
    """
    if hosts < 2 or not checked:
        return None
    if any(c.result.hops or c.result.failure not in NETWORK_FAILURES for c in checked):
        return None
    kinds = {c.result.failure for c in checked}
    reasons = [NETWORK_FAILURES[kind] for kind in ("dns", "connection", "timeout") if kind in kinds]
    if reasons == ["no answer"]:
        reasons = [f"no answer within {settings.timeout:g} s"]
    return (f"no network: could not reach any of the {hosts} hosts ({' / '.join(reasons)}); "
            "check your connection and try again")


def report_json(report: LinksReport, catalogue: str, now: dt.datetime | None = None) -> str:
    """The machine-readable report that ``--report FILE`` writes."""
    counts = report.counts()
    data = {
        "generator": f"packgen {__version__}",
        "catalogue": catalogue,
        "checked_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "timeout_s": report.settings.timeout,
        "no_network": report.no_network,
        "summary": {"links": len(report.links), "broken": len(report.broken),
                    **{outcome.value: counts.get(outcome, 0) for outcome in Outcome}},
        "links": [_link_json(c) for c in report.links],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _link_json(checked: CheckedLink) -> dict[str, object]:
    result = checked.result
    return {
        "service" if checked.link.service_index is not None else "org": checked.link.owner,
        "url": result.url,
        "outcome": result.outcome.value,
        "broken": result.outcome.broken,
        "status": result.status,
        "detail": result.detail,
        "new_url": result.new_url,
        "final_url": result.final_url,
        "chain": [{"url": hop.url, "status": hop.status, "method": hop.method} for hop in result.hops],
        "documents": list(checked.link.documents),
        "seconds": result.seconds,
    }


def write_links_report(report: LinksReport, path: Path, catalogue: str) -> None:
    """Write :func:`report_json` to ``path`` atomically."""
    write_atomically(path, report_json(report, catalogue).encode("utf-8"))
