"""Running text split into plain runs and contact links: phone numbers, text numbers, emails, addresses.

One pure function, :func:`contact_spans`, serves every output: today's PDF renderers (through
:mod:`packgen.render.markup`) and the document model's spans. It finds, in text whose placeholders
the plan has already resolved, each of the document's services' phone number, text (sms) number,
email and web address (as the full url or as printed), and says where each should link:

- a phone number: ``tel:+44...`` for a UK number that starts with 0, ``tel:999`` for a short one;
- a text number: ``sms:85258``, with ``?body=SHOUT`` when the service says what to text;
- an email: ``mailto:``; an address: the service's own ``https://`` url, whatever form is printed.

No ReportLab, no I/O: text in, spans out. Escaping is the renderer's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .placeholders import contact_patterns, field_values

LinkKind = Literal["tel", "sms", "mailto", "web"]


@dataclass(frozen=True)
class Span:
    """A run of text; ``href`` is None for plain text, else the link target of a contact."""

    text: str
    href: str | None = None
    kind: LinkKind | None = None
    service: str | None = None


def tel_target(number: str) -> str:
    """``tel:`` link for a printed number: UK numbers starting 0 as +44, short ones as dialled."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("0") and len(digits) >= 8:
        return f"tel:+44{digits[1:]}"
    return f"tel:{digits}"


def sms_target(number: str, body: str | None = None) -> str:
    """``sms:`` link (RFC 5724): ``sms:85258?body=SHOUT``; the body is letters and digits only."""
    digits = "".join(ch for ch in number if ch.isdigit())
    prefix = "+" if number.strip().startswith("+") else ""
    return f"sms:{prefix}{digits}" + (f"?body={body}" if body and body.isalnum() and body.isascii() else "")


def _target(field: str, values: dict[str, str]) -> tuple[str, LinkKind] | None:
    if field == "phone":
        return tel_target(values["phone"]), "tel"
    if field == "sms":
        return sms_target(values["sms"], values.get("sms_text")), "sms"
    if field == "email":
        return f"mailto:{values['email']}", "mailto"
    url = values.get("url")
    return (url, "web") if url else None


def contact_spans(text: str, services: Iterable[Any]) -> list[Span]:
    """Split resolved ``text`` into plain runs and links to the ``services``' contacts, in order.

    ``services`` are :class:`~packgen.catalogue.Service` models (or mappings with the same keys).
    The spans' texts joined give back ``text`` exactly. Where two contacts overlap, the longer wins.
    Many texts with the same services: make one :class:`ContactLinker` and call it on each.
    """
    return ContactLinker(services)(text)


class ContactLinker:
    """:func:`contact_spans` for one set of services, their values and patterns prepared once
    (a document links every paragraph to the same services)."""

    def __init__(self, services: Iterable[Any]) -> None:
        by_id: dict[str, Any] = {}
        for service in services:
            service_id = service.get("id") if isinstance(service, dict) else getattr(service, "id", None)
            if isinstance(service_id, str):
                by_id.setdefault(service_id, service)
        self.values = {service_id: field_values(service) for service_id, service in by_id.items()}
        self.patterns = contact_patterns(self.values)  # each skips texts without its needle

    def __call__(self, text: str) -> list[Span]:
        values = self.values
        links: list[tuple[int, int, str, LinkKind, str]] = []
        for pattern, service_id, field in self.patterns:
            for match in pattern.finditer(text):
                if any(match.start() < end and start < match.end() for start, end, *_ in links):
                    continue
                target = _target(field, values[service_id])
                if target:
                    links.append((match.start(), match.end(), target[0], target[1], service_id))
        spans: list[Span] = []
        position = 0
        for start, end, href, kind, service_id in sorted(links):
            if start > position:
                spans.append(Span(text[position:start]))
            spans.append(Span(text[start:end], href, kind, service_id))
            position = end
        if position < len(text) or not spans:
            spans.append(Span(text[position:]))
        return spans

