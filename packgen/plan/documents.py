"""Pure planning: catalogue + layouts + filters -> one :class:`DocumentPlan` per document.

The plan says which content each document carries; the document model (:mod:`packgen.model`)
says how its layout kind shows it, and ``verify`` checks the model's texts and the plan's URLs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from packgen.catalogue.placeholders import placeholders, resolve_text
from packgen.errors import UserError
from packgen.i18n.words import Words, sms_label, words_for

if TYPE_CHECKING:  # annotations only: a process that only draws never imports pydantic (the early worker)
    from packgen.catalogue.layouts import Layout
    from packgen.catalogue.models import Advice, Audience, Catalogue, Document, Pack, Service
    from packgen.catalogue.org import OrgBranding


@dataclass(frozen=True)
class DocumentPlan:
    """Everything a renderer needs for one document, and nothing it has to look up."""

    id: str
    title: str
    tagline: str | None
    audience: Audience
    layout: Layout
    pack: Pack
    advice: tuple[Advice, ...]
    services: tuple[Service, ...]
    org: OrgBranding | None = None
    # Placeholders: which (service id, field) the document's text uses, the services they name
    # that the document does not list itself (for their links), and the plan as written.
    uses: tuple[tuple[str, str], ...] = ()
    mentioned: tuple[Service, ...] = ()
    unresolved: DocumentPlan | None = None
    translated_words: Words | None = None   # the layouts' own words from the PO file (None: source language)
    companion: DocumentPlan | None = None    # a bilingual document's second language, shown after this one
    # Why no PDF is made (its language's script cannot be drawn yet, one reason per language):
    # the document is web and text only. Empty: a PDF is made.
    pdf_refused: tuple[str, ...] = ()

    @property
    def linked_services(self) -> tuple[Service, ...]:
        """Every service whose numbers and addresses may appear in the text: listed, then mentioned."""
        return self.services + self.mentioned

    @property
    def language(self) -> str:
        """The document's (first) language: BCP 47."""
        return self.pack.language

    @property
    def web_only(self) -> bool:
        """No PDF for this document, only its web and text versions (see ``pdf_refused``)."""
        return bool(self.pdf_refused)

    @property
    def words(self) -> Words:
        """The layouts' own printed words, in the document's language."""
        return self.translated_words or words_for(self.pack.language)

    @property
    def urls(self) -> tuple[str, ...]:
        """The URLs that get a QR code, in order, each once."""
        return tuple(dict.fromkeys(s.url for s in self.services if s.url))

    @property
    def filename(self) -> str:
        return f"{self.id}.pdf"


def select_advice(catalogue: Catalogue, document: Document) -> tuple[Advice, ...]:
    """The document's explicit list, else every item for its audience by priority then file order."""
    if document.advice is not None:
        by_id = {a.id: a for a in catalogue.advice}
        return tuple(by_id[i] for i in document.advice)
    chosen = [a for a in catalogue.advice if document.audience in a.audiences]
    return tuple(sorted(chosen, key=lambda a: a.priority))  # sorted() is stable: file order breaks ties


def select_services(catalogue: Catalogue, document: Document) -> tuple[Service, ...]:
    """The document's explicit list, else every service for its audience in file order."""
    if document.services is not None:
        by_id = {s.id: s for s in catalogue.services}
        return tuple(by_id[i] for i in document.services)
    return tuple(s for s in catalogue.services if document.audience in s.audiences)


def branded_layout(layout: Layout, org: OrgBranding | None) -> Layout:
    """The layout with the org's brand colours (when it has any) in place of the theme's own."""
    colours = {role: getattr(org, role) for role in ("primary", "accent") if org and getattr(org, role)}
    if not colours:
        return layout
    return layout.model_copy(update={"theme": layout.theme.model_copy(update=colours)})


def plan_document(catalogue: Catalogue, layouts: dict[str, Layout], document: Document,
                  org: OrgBranding | None = None) -> DocumentPlan:
    """The document's plan with every placeholder resolved (see :func:`resolve_plan`)."""
    return resolve_plan(written_plan(catalogue, layouts, document, org), {s.id: s for s in catalogue.services})


def written_plan(catalogue: Catalogue, layouts: dict[str, Layout], document: Document,
                 org: OrgBranding | None = None, *, shared: SharedPlanning | None = None,
                 printed: OrgBranding | None = None) -> DocumentPlan:
    """The document's plan as the files say it, placeholders and all.

    ``printed`` is ``org`` as printed, when the caller made it already (one org's documents share it).
    """
    advice, services = (shared.selection(document) if shared is not None and shared.catalogue is catalogue
                        else (select_advice(catalogue, document), select_services(catalogue, document)))
    return DocumentPlan(
        id=document.id,
        title=document.title,
        tagline=document.tagline,
        audience=catalogue.audience(document.audience),
        layout=branded_layout(layouts[document.layout], org),
        pack=catalogue.pack,
        advice=advice,
        services=services,
        org=(printed or org.printed(words_for(catalogue.pack.language))) if org else None,
    )


def plan_documents(catalogue: Catalogue, layouts: dict[str, Layout], *, only: Iterable[str] = (),
                   audience: str | None = None, layout: str | None = None,
                   org: OrgBranding | None = None, shared: SharedPlanning | None = None) -> list[DocumentPlan]:
    """Plans for the documents that pass the filters; an unknown id in ``only`` is a user error.

    ``shared`` (a batch's, for this catalogue) resolves each catalogue item once for every
    organisation instead of once per document; the plans are equal either way.
    """
    wanted = list(only)
    known = {d.id for d in catalogue.documents}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise UserError(f"unknown document {', '.join(map(repr, unknown))} "
                        f"(expected one of: {', '.join(sorted(known))})")
    chosen = [d for d in catalogue.documents
              if (not wanted or d.id in wanted)
              and (audience is None or d.audience == audience)
              and (layout is None or d.layout == layout)]
    if shared is None or shared.catalogue is not catalogue:
        return [plan_document(catalogue, layouts, d, org) for d in chosen]
    printed = org.printed(words_for(catalogue.pack.language)) if org else None
    return [resolve_plan(written_plan(catalogue, layouts, d, org, shared=shared, printed=printed), shared.services,
                         shared) for d in chosen]


class SharedPlanning:
    """What planning one catalogue's documents has in common across organisations (a batch plans the
    same documents once per row): each document's choice of advice and services, and each catalogue
    item (advice, service, audience, the pack) resolved once, with the placeholders it uses.

    It holds only the catalogue's own items, resolved against the catalogue's own services (its
    translated copies are planned without it), so it stays the size of the catalogue however many
    organisations are planned. The items are frozen models, so a plan may share them.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.services: dict[str, Service] = {s.id: s for s in catalogue.services}
        # Keyed by id(): the catalogue keeps every one of these alive, so no id is reused while it lives.
        self._own = {id(item) for item in (*catalogue.advice, *catalogue.services, *catalogue.audiences,
                                            catalogue.pack)}
        self._resolved: dict[int, tuple[Any, tuple[tuple[str, str], ...]]] = {}
        self._selections: dict[str, tuple[tuple[Advice, ...], tuple[Service, ...]]] = {}

    def objects(self, layouts: dict[str, Layout]) -> list[object]:
        """Every item the plans of any organisation share: the catalogue's and ``layouts``' own, and each
        catalogue item resolved (all of them resolved now, so that a pool of workers forked next has them)."""
        plan_documents(self.catalogue, layouts, shared=self)
        catalogue = self.catalogue
        return [*catalogue.advice, *catalogue.services, *catalogue.audiences, catalogue.pack, *layouts.values(),
                *(done for done, _ in self._resolved.values())]

    def selection(self, document: Document) -> tuple[tuple[Advice, ...], tuple[Service, ...]]:
        """:func:`select_advice` and :func:`select_services` of ``document`` (one of the catalogue's)."""
        found = self._selections.get(document.id)
        if found is None:
            found = self._selections[document.id] = (select_advice(self.catalogue, document),
                                                     select_services(self.catalogue, document))
        return found

    def resolved(self, item: Any, resolve: Callable[[Any, Fix], Any],
                 services: Mapping[str, Service]) -> tuple[Any, tuple[tuple[str, str], ...]]:
        """``resolve(item, fix)`` against ``services``, and the (service, field) placeholders it used, in order."""
        used: dict[tuple[str, str], None] = {}

        def fix(text: str) -> str:
            for found in placeholders(text):
                used[(found.service, found.field)] = None
            return resolve_text(text, services)

        if services is not self.services or id(item) not in self._own:
            return resolve(item, fix), tuple(used)
        key = id(item)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = (resolve(item, fix), tuple(used))
        return found


Fix = Callable[[str], str]


def resolve_plan(plan: DocumentPlan, services: Mapping[str, Service],
                 shared: SharedPlanning | None = None) -> DocumentPlan:
    """``plan`` with ``{service.field}`` placeholders replaced in every text it carries; pure.

    The result remembers which placeholders it used (``uses``), the services they name that the
    plan does not list (``mentioned``), and the plan as written (``unresolved``), so the manifest
    can say ``service childline phone changed`` for a document whose text only *mentions* it.
    ``shared`` resolves the catalogue's own items once for every plan (the same result).
    """
    used: dict[tuple[str, str], None] = {}

    def fix(text: str) -> str:
        for found in placeholders(text):
            used[(found.service, found.field)] = None
        return resolve_text(text, services)

    def item(part: Any, resolve: Callable[[Any, Fix], Any]) -> Any:
        if shared is None:
            return resolve(part, fix)
        done, uses = shared.resolved(part, resolve, services)
        used.update(dict.fromkeys(uses))  # in the order the texts were resolved, as fix records them
        return done

    advice = tuple(item(a, resolve_advice) for a in plan.advice)
    listed = tuple(item(s, resolve_service) for s in plan.services)
    org = resolve_org(plan.org, fix) if plan.org else None
    listed_ids = {s.id for s in plan.services}
    title, tagline = resolve_titles(plan, fix)
    pack, audience = item(plan.pack, resolve_pack), item(plan.audience, resolve_audience)
    mentioned = tuple(services[i] for i in dict.fromkeys(sid for sid, _ in used) if i not in listed_ids)
    return replace(plan, title=title, tagline=tagline, audience=audience, pack=pack, advice=advice,
                   services=listed, org=org, uses=tuple(used), mentioned=mentioned, unresolved=plan)


def _opt(fix: Fix, text: str | None) -> str | None:
    return fix(text) if text is not None else None


def resolve_titles(plan: DocumentPlan, fix: Fix) -> tuple[str, str | None]:
    return fix(plan.title), _opt(fix, plan.tagline)


def resolve_advice(advice: Advice, fix: Fix) -> Advice:
    return advice.model_copy(update={"title": fix(advice.title), "short": _opt(fix, advice.short),
                                     "body": fix(advice.body), "points": [fix(p) for p in advice.points]})


def resolve_service(service: Service, fix: Fix) -> Service:
    return service.model_copy(update={"summary": fix(service.summary), "who_for": _opt(fix, service.who_for)})


def resolve_pack(pack: Pack, fix: Fix) -> Pack:
    return pack.model_copy(update={"title": fix(pack.title), "publisher": fix(pack.publisher)})


def resolve_audience(audience: Audience, fix: Fix) -> Audience:
    return audience.model_copy(update={"label": fix(audience.label), "description": _opt(fix, audience.description)})


def resolve_org(org: OrgBranding, fix: Fix) -> OrgBranding:
    return org.model_copy(update={"name": fix(org.name), "contacts_heading": fix(org.contacts_heading),
                                  "contacts": tuple(fix(c) for c in org.contacts), "footer": _opt(fix, org.footer)})


def drawn_texts(plan: DocumentPlan) -> list[str]:
    """Every catalogue string a renderer may draw for this plan, for the glyph check."""
    texts = [plan.title, plan.tagline or "", plan.pack.publisher, plan.audience.label,
             plan.audience.description or ""]
    for advice in plan.advice:
        texts += [advice.title, advice.short or "", advice.body, *advice.points]
    for service in plan.services:
        texts += [service.name, service.summary, service.who_for or "", service.phone or "", service.email or "",
                  service.printed_url or "", service.hours or "",
                  sms_label(plan.words, service.sms, service.sms_text) if service.sms else ""]
    if plan.org:
        texts += [plan.org.name, plan.org.footer or "", plan.org.contacts_heading, *plan.org.contacts]
    if plan.companion:
        texts += drawn_texts(plan.companion)
    return texts


def footer_text(plan: DocumentPlan, page_label: str = "") -> str:
    """The small print at the foot of each page (verify strips it so text may run across pages)."""
    words = plan.words
    # With an org profile the paper names the school or organisation, unless it says otherwise.
    source = (plan.org.footer or plan.org.name) if plan.org else plan.pack.publisher
    parts = [source, words.checked_on(plan.pack.reviewed)] + ([page_label] if page_label else [])
    return words.footer_separator.join(parts)


def paragraphs(body: str) -> list[str]:
    """Paragraphs of a body: separated by blank lines, inner line breaks joined with spaces."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in body.split("\n\n")]
    return [b.strip() for b in blocks if b.strip()]
