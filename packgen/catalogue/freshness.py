"""Warnings about content that may have gone out of date, or links that are merely http://."""

from __future__ import annotations

import datetime as dt

from packgen.catalogue.models import Catalogue
from packgen.catalogue.yaml_source import YamlDocument
from packgen.errors import Problem


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def freshness_warnings(catalogue: Catalogue, document: YamlDocument, today: dt.date) -> list[Problem]:
    """Stale or future review date, links checked too long ago (or never), http:// links."""
    warnings = _review_warnings(catalogue, document, today)
    limit = catalogue.pack.review_every_months
    for index, service in enumerate(catalogue.services):
        if service.url and service.url.lower().startswith("http://"):
            warnings.append(document.problem(("services", index, "url"), "http:// link; use https:// if the "
                                             "site supports it", "warning"))
        if service.checked and service.checked > today:
            warnings.append(document.problem(("services", index, "checked"), f"the link check date {service.checked} "
                                             "is in the future", "warning"))
        elif service.checked and months_between(service.checked, today) >= limit:
            warnings.append(document.problem(("services", index, "checked"), f"link last checked {service.checked}, "
                                             f"more than {limit} months ago; run `packgen links --stamp`", "warning"))
    warnings += _unchecked_warning(catalogue, document)
    return warnings


def _review_warnings(catalogue: Catalogue, document: YamlDocument, today: dt.date) -> list[Problem]:
    limit = catalogue.pack.review_every_months
    if catalogue.pack.reviewed > today:
        return [document.problem(("pack", "reviewed"), f"the review date {catalogue.pack.reviewed} is in the future",
                                 "warning")]
    if months_between(catalogue.pack.reviewed, today) >= limit:
        return [document.problem(("pack", "reviewed"), f"content last reviewed {catalogue.pack.reviewed}, more than "
                                 f"{limit} months ago; check it and update the date", "warning")]
    return []


def _unchecked_warning(catalogue: Catalogue, document: YamlDocument) -> list[Problem]:
    """One warning for all the linked services without a `checked:` date, at the first of them.

    One line, not one per service: a catalogue that was never stamped (like a fresh `packgen
    init`) gets a single nudge to check its links before printing, not a wall of warnings.
    """
    linked = [(index, s) for index, s in enumerate(catalogue.services) if s.url]
    unchecked = [index for index, s in linked if s.checked is None]
    if not unchecked:
        return []
    count = len(unchecked)
    if count == len(linked):
        message = (f"no service has a `checked:` date yet ({count} with a link); before printing, run "
                   f"`packgen links --stamp` to check {'its link and date it' if count == 1 else 'the links and date them'}")
    else:
        first = " (this is the first)" if count > 1 else ""
        verb, pronoun = ("has", "its link and date it") if count == 1 else ("have", "their links and date them")
        message = (f"{count} of {len(linked)} services with a link {verb} no `checked:` date{first}; "
                   f"run `packgen links --stamp` to check {pronoun}")
    return [document.problem(("services", unchecked[0]), message, "warning")]
