"""Plan -> document model: what one document says, decided once for every output.

The layout kind's spec (:mod:`packgen.catalogue.kinds`) says what the kind shows; this module turns that
into blocks, so the PDF renderers, the web and text versions and ``verify`` never decide it again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from packgen.catalogue.bold import split_bold_spans, strip_bold
from packgen.catalogue.contact_links import ContactLinker, sms_target, tel_target
from packgen.catalogue.contact_links import Span as ContactSpan
from packgen.catalogue.kinds import Shows, kind_spec
from packgen.i18n.words import Words, sms_label, words_for
from packgen.plan.documents import DocumentPlan, footer_text, paragraphs

from .nodes import (
    Block,
    BulletList,
    Contact,
    Contacts,
    Document,
    Figure,
    HelpBox,
    HelpEntry,
    Identity,
    Link,
    Paragraph,
    Section,
    ServiceEntry,
    Services,
    Span,
    Strong,
    Text,
)

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.models import Advice, Service

HELP_BOX_ENTRIES = 3   # the "Get help now" box shows at most this many services


_MODELS: dict[int, tuple[DocumentPlan, Document]] = {}
_MODELS_LOCK = threading.Lock()
_MAX_MODELS = 32


def document_model(plan: DocumentPlan) -> Document:
    """The document of ``plan``, in reading order, as its layout kind shows it.

    Made once per plan and shared (~1 ms a document): the PDF's tagging and the web and text
    versions of one document all read the same instance. Plans and models are immutable, and an
    entry keeps its plan alive, so a plan's ``id`` cannot be reused while its model is cached.
    """
    with _MODELS_LOCK:
        cached = _MODELS.get(id(plan))
        if cached is not None and cached[0] is plan:
            return cached[1]
    model = _document_model(plan)
    with _MODELS_LOCK:
        if len(_MODELS) >= _MAX_MODELS:
            _MODELS.pop(next(iter(_MODELS)))
        _MODELS[id(plan)] = (plan, model)
    return model


def _document_model(plan: DocumentPlan) -> Document:
    shows = kind_spec(plan.layout.kind).shows
    words = plan.words
    org = plan.org
    linker = ContactLinker(plan.linked_services) if plan.linked_services else None  # one for every text
    return Document(
        id=plan.id,
        kind=plan.layout.kind,
        language=plan.pack.language,
        title=strip_bold(plan.title),  # titles, headings and names are bold already
        audience=plan.audience.label,
        identity=Identity(org.name, Figure("logo", words.logo_description.format(name=org.name)) if org.logo else None) if org else None,
        key_message=spans_of(plan.tagline, plan.linked_services, words, linker) if plan.tagline else None,
        sections=tuple(advice_section(advice, shows, plan.linked_services, words, linker) for advice in plan.advice),
        contacts=Contacts(org.contacts_heading, org.contacts) if org and org.contacts else None,
        services=services_block(plan.services, shows, words) if plan.services else None,
        footer=footer_text(plan),
        urls=plan.urls,
        help_box=help_box(plan.services, words) if shows.help_box else None,
    )


def is_emergency(service: Service) -> bool:
    """The police emergency number (999)."""
    return (service.phone or "").replace(" ", "") == "999"


def help_now_services(services: Sequence[Service]) -> list[Service]:
    """The services the "Get help now" box shows, in the order it shows them: the first services
    with a phone number (in the document's order), then 999 last when the services include it; a
    document without any phone number shows its first services with a web address instead."""
    phones = [s for s in services if s.phone and not is_emergency(s)]
    emergency = [s for s in services if is_emergency(s)][:1]
    if phones or emergency:
        return phones[:HELP_BOX_ENTRIES - len(emergency)] + emergency
    return [s for s in services if s.url and s.printed_url][:HELP_BOX_ENTRIES]


def help_box(services: Sequence[Service], words: Words) -> HelpBox | None:
    """The box: each service's phone number (a described link, described as its entry's is, with
    its hours in the note), else its printed web address; None when no service has either."""
    entries = []
    for service in help_now_services(services):
        name = strip_bold(service.name)
        if service.phone:
            contact = Contact(Link("tel", tel_target(service.phone), service.phone,
                                   words.call_description.format(name=name, phone=service.phone)),
                              getattr(service, "hours", None))
        else:
            assert service.url and service.printed_url
            contact = Contact(Link("web", service.url, service.printed_url,
                                   words.website_description.format(name=name, address=service.printed_url)))
        entries.append(HelpEntry(service.id, name, contact))
    return HelpBox(words.get_help_now, tuple(entries)) if entries else None


def spans_of(text: str, services: Sequence[Service] = (), words: Words | None = None,
             linker: ContactLinker | None = None) -> tuple[Span, ...]:
    """Catalogue text as spans: ``**bold**`` becomes :class:`Strong`, and each of the ``services``'
    phone numbers, text numbers, emails and addresses in it a :class:`Link`
    (:func:`packgen.catalogue.contact_links.contact_spans` finds them; ``linker``, that of the same
    ``services``, prepared once for many texts)."""
    spans: list[Span] = []
    if services and linker is None:
        linker = ContactLinker(services)
    for chunk, bold in split_bold_spans(text):
        for part in linker(chunk) if services and linker is not None else [ContactSpan(chunk)]:
            if part.href and part.kind:
                spans.append(Link(part.kind, part.href, part.text, _describe(part, services, words or words_for(""))))
            else:
                spans.append(Strong(part.text) if bold else Text(part.text))
    return tuple(spans)


def _describe(part: ContactSpan, services: Sequence[Service], words: Words) -> str:
    """What a screen reader says of a link in running text: "Call Childline on 0800 1111"."""
    name = next((strip_bold(s.name) for s in services if s.id == part.service), "")
    if part.kind == "tel":
        return words.call_description.format(name=name, phone=part.text)
    if part.kind == "sms":
        return words.text_description.format(name=name, number=part.text)
    if part.kind == "mailto":
        return words.email_description.format(name=name, address=part.text)
    return words.website_description.format(name=name, address=part.text)


def advice_section(advice: Advice, shows: Shows, services: Sequence[Service] = (),
                   words: Words | None = None, linker: ContactLinker | None = None) -> Section:
    """An advice item: its title, and its body and points in full or its short line; the
    ``services``' contacts in the text are links."""
    blocks: list[Block] = []
    if shows.advice_in_full:
        blocks += [Paragraph(spans_of(p, services, words, linker)) for p in paragraphs(advice.body)]
        if advice.points:
            blocks.append(BulletList(tuple(spans_of(point, services, words, linker) for point in advice.points)))
    elif shows.advice_summary:
        blocks.append(Paragraph(spans_of(advice.short or " ".join(paragraphs(advice.body)), services, words, linker)))
    return Section(advice.id, strip_bold(advice.title), tuple(blocks))


def services_block(services: tuple[Service, ...], shows: Shows, words: Words) -> Services:
    heading = words.where_to_get_help if shows.advice_in_full else words.get_help
    return Services(heading, tuple(service_entry(s, shows, words) for s in services))


def service_entry(service: Service, shows: Shows, words: Words) -> ServiceEntry:
    """A service with the contacts its kind prints (every kind prints the phone and the QR code)."""
    name = strip_bold(service.name)
    phone = sms = email = web = None
    if service.phone:
        phone = Contact(Link("tel", tel_target(service.phone), service.phone, words.call_description.format(name=name, phone=service.phone)),
                        service.hours)
    if service.sms:
        label = sms_label(words, service.sms, service.sms_text)
        sms = Contact(Link("sms", sms_target(service.sms, service.sms_text), label,
                           words.sms_description.format(label=label, name=name)), None if service.phone else service.hours)
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
        phone=phone, sms=sms, email=email, web=web, qr=qr,
    )
