"""Warnings about content that may have gone out of date, or links that are merely http://."""

from __future__ import annotations

import datetime as dt

from .catalogue import Catalogue
from .errors import Problem
from .yaml_source import YamlDocument


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def freshness_warnings(catalogue: Catalogue, document: YamlDocument, today: dt.date) -> list[Problem]:
    """Stale or future review date, links checked too long ago, http:// links."""
    limit = catalogue.pack.review_every_months
    warnings = []
    if catalogue.pack.reviewed > today:
        warnings.append(document.problem(("pack", "reviewed"), f"the review date {catalogue.pack.reviewed} is in "
                                         "the future", "warning"))
    elif months_between(catalogue.pack.reviewed, today) >= limit:
        warnings.append(document.problem(
            ("pack", "reviewed"), f"content last reviewed {catalogue.pack.reviewed}, more than {limit} months ago; "
            "check it and update the date", "warning"))
    for index, service in enumerate(catalogue.services):
        if service.url and service.url.lower().startswith("http://"):
            warnings.append(document.problem(("services", index, "url"), "http:// link; use https:// if the "
                                             "site supports it", "warning"))
        if service.checked and months_between(service.checked, today) >= limit:
            warnings.append(document.problem(("services", index, "checked"), f"link last checked {service.checked}, "
                                             f"more than {limit} months ago", "warning"))
    return warnings
