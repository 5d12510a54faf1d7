"""Plan -> document model: what one document says, decided once for every output.

The layout kind's spec (:mod:`packgen.catalogue.kinds`) says what the kind shows; this module turns that
into blocks, so the PDF renderers, the web and text versions and ``verify`` never decide it again.
"""

from __future__ import annotations

from packgen.catalogue.bold import split_bold_spans, strip_bold
from packgen.catalogue.models import Advice, Service
from ..i18n.words import Words
from packgen.catalogue.kinds import Shows, kind_spec
from packgen.plan.documents import DocumentPlan, footer_text, paragraphs
from .nodes import (Block, BulletList, Contact, Contacts, Document, Figure, Identity, Link, Paragraph, Section,
                    ServiceEntry, Services, Span, Strong, Text)


def document_model(plan: DocumentPlan) -> Document:
    """The document of ``plan``, in reading order, as its layout kind shows it."""
    shows = kind_spec(plan.layout.kind).shows
    words = plan.words
    org = plan.org
    return Document(
        id=plan.id,
        kind=plan.layout.kind,
        language=plan.pack.language,
        title=strip_bold(plan.title),  # titles, headings and names are bold already
        audience=plan.audience.label,
        identity=Identity(org.name, Figure("logo", words.logo_description.format(name=org.name)) if org.logo else None) if org else None,
        key_message=spans_of(plan.tagline) if plan.tagline else None,
        sections=tuple(advice_section(advice, shows) for advice in plan.advice),
        contacts=Contacts(org.contacts_heading, org.contacts) if org and org.contacts else None,
        services=services_block(plan.services, shows, words) if plan.services else None,
        footer=footer_text(plan),
        urls=plan.urls,
    )


def spans_of(text: str) -> tuple[Span, ...]:
    """Catalogue text as spans: ``**bold**`` becomes :class:`Strong`."""
    return tuple(Strong(chunk) if bold else Text(chunk) for chunk, bold in split_bold_spans(text))


def advice_section(advice: Advice, shows: Shows) -> Section:
    """An advice item: its title, and its body and points in full or its short line."""
    blocks: list[Block] = []
    if shows.advice_in_full:
        blocks += [Paragraph(spans_of(p)) for p in paragraphs(advice.body)]
        if advice.points:
            blocks.append(BulletList(tuple(spans_of(point) for point in advice.points)))
    elif shows.advice_summary:
        blocks.append(Paragraph(spans_of(advice.short or " ".join(paragraphs(advice.body)))))
    return Section(advice.id, strip_bold(advice.title), tuple(blocks))


def services_block(services: tuple[Service, ...], shows: Shows, words: Words) -> Services:
    heading = words.where_to_get_help if shows.advice_in_full else words.get_help
    return Services(heading, tuple(service_entry(s, shows, words) for s in services))


def service_entry(service: Service, shows: Shows, words: Words) -> ServiceEntry:
    """A service with the contacts its kind prints (every kind prints the phone and the QR code)."""
    name = strip_bold(service.name)
    phone = email = web = None
    if service.phone:
        phone = Contact(Link("tel", f"tel:{service.phone.replace(' ', '')}", service.phone,
                             words.call_description.format(name=name, phone=service.phone)))
    if service.email and shows.service_address:
        email = Contact(Link("mailto", f"mailto:{service.email}", service.email,
                             words.email_description.format(name=name, address=service.email)))
    if service.url and service.printed_url and shows.service_address:
        web = Contact(Link("web", service.url, service.printed_url,
                           words.website_description.format(name=name, address=service.printed_url)))
    qr = Figure("qr", words.qr_description.format(name=name, address=service.printed_url), service.url) if service.url else None
    return ServiceEntry(
        id=service.id,
        name=name,
        summary=spans_of(service.summary) if shows.service_summary else None,
        who_for=spans_of(service.who_for) if shows.service_summary and service.who_for else None,
        phone=phone, email=email, web=web, qr=qr,
    )
