"""Which organisation's site a web address belongs to, without a public-suffix download.

``www.childline.org.uk`` and ``childline.org.uk`` are one site; ``reportfraud.police.uk`` and
``actionfraud.police.uk`` are two. The full Public Suffix List has ~10,000 rules and changes
monthly; a catalogue of UK help services needs the second-level suffixes below, which cover the
UK (``.org.uk``, ``.gov.uk``, ``.police.uk``, ``.nhs.uk``, ``.sch.uk`` …) and the common
country-code patterns elsewhere. An unknown suffix is treated as one label (``.org``, ``.com``),
which errs towards calling two addresses different sites: a moved link then waits for a person.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# Public suffixes of two labels. (Registrable domains sit one label below these.)
SECOND_LEVEL_SUFFIXES = frozenset({
    # United Kingdom
    "ac.uk", "co.uk", "gov.uk", "ltd.uk", "me.uk", "mod.uk", "net.uk", "nhs.uk", "nic.uk", "org.uk",
    "plc.uk", "police.uk", "sch.uk",
    # Elsewhere, the common shapes
    "com.au", "net.au", "org.au", "edu.au", "gov.au", "co.nz", "org.nz", "govt.nz", "ac.nz",
    "co.za", "org.za", "gov.za", "co.in", "org.in", "gov.in", "co.jp", "or.jp", "ac.jp", "go.jp",
    "com.br", "org.br", "gov.br", "co.ie", "gov.ie", "com.sg", "gov.sg", "org.sg",
})
# Under these, the next label is a local authority and the school is one below it.
THIRD_LEVEL_PARENTS = frozenset({"sch.uk"})


def site_of(host: str) -> str:
    """The registrable domain of ``host``: ``www.childline.org.uk`` -> ``childline.org.uk``."""
    host = host.lower().rstrip(".")
    if _is_ip(host) or "." not in host:
        return host
    labels = host.split(".")
    if labels[0] == "www" and len(labels) > 2:  # www. never names a different organisation
        labels = labels[1:]
    suffix_length = 2 if ".".join(labels[-2:]) in SECOND_LEVEL_SUFFIXES else 1
    if ".".join(labels[-2:]) in THIRD_LEVEL_PARENTS:
        suffix_length = 3
    if len(labels) <= suffix_length:  # the host is itself a suffix, such as gov.uk
        return ".".join(labels)
    return ".".join(labels[-suffix_length - 1:])


def same_site(first_url: str, second_url: str) -> bool:
    """Do both addresses belong to the same organisation's site?"""
    return site_of(urlsplit(first_url).hostname or "") == site_of(urlsplit(second_url).hostname or "")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
