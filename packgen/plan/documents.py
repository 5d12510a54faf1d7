"""Pure planning: catalogue + layouts + filters -> one :class:`DocumentPlan` per document.

The plan says which content each document carries; the document model (:mod:`packgen.model`)
says how its layout kind shows it, and ``verify`` checks the model's texts and the plan's URLs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from packgen.catalogue.models import Advice, Audience, Catalogue, Document, Pack, Service
from packgen.errors import UserError
from packgen.i18n.words import Words, words_for
from packgen.catalogue.layouts import Layout
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
    translated_words: Words | None = None   # the layouts' own words from the PO file (None: source language)
    companion: DocumentPlan | None = None    # a bilingual document's second language, shown after this one

    @property
    def language(self) -> str:
        """The document's (first) language: BCP 47."""
        return self.pack.language

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
    return DocumentPlan(
        id=document.id,
        title=document.title,
        tagline=document.tagline,
        audience=catalogue.audience(document.audience),
        layout=branded_layout(layouts[document.layout], org),
        pack=catalogue.pack,
        advice=select_advice(catalogue, document),
        services=select_services(catalogue, document),
        org=org,
    )


def plan_documents(catalogue: Catalogue, layouts: dict[str, Layout], *, only: Iterable[str] = (),
                   audience: str | None = None, layout: str | None = None,
                   org: OrgBranding | None = None) -> list[DocumentPlan]:
    """Plans for the documents that pass the filters; an unknown id in ``only`` is a user error."""
    wanted = list(only)
    known = {d.id for d in catalogue.documents}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise UserError(f"unknown document {', '.join(map(repr, unknown))} "
                        f"(expected one of: {', '.join(sorted(known))})")
    return [
        plan_document(catalogue, layouts, d, org)
        for d in catalogue.documents
        if (not wanted or d.id in wanted)
        and (audience is None or d.audience == audience)
        and (layout is None or d.layout == layout)
    ]


def drawn_texts(plan: DocumentPlan) -> list[str]:
    """Every catalogue string a renderer may draw for this plan, for the glyph check."""
    texts = [plan.title, plan.tagline or "", plan.pack.publisher, plan.audience.label,
             plan.audience.description or ""]
    for advice in plan.advice:
        texts += [advice.title, advice.short or "", advice.body, *advice.points]
    for service in plan.services:
        texts += [service.name, service.summary, service.who_for or "", service.phone or "", service.email or "",
                  service.printed_url or ""]
    if plan.org:
        texts += [plan.org.name, plan.org.footer or "", plan.org.contacts_heading, *plan.org.contacts]
    if plan.companion:
        texts += drawn_texts(plan.companion)
    return texts


def footer_text(plan: DocumentPlan, page_label: str = "") -> str:
    """The small print at the foot of each page (verify strips it so text may run across pages)."""
    words = plan.words
    source = plan.org.footer if plan.org and plan.org.footer else plan.pack.publisher
    parts = [source, words.checked_on(plan.pack.reviewed)] + ([page_label] if page_label else [])
    return words.footer_separator.join(parts)


def paragraphs(body: str) -> list[str]:
    """Paragraphs of a body: separated by blank lines, inner line breaks joined with spaces."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in body.split("\n\n")]
    return [b.strip() for b in blocks if b.strip()]
