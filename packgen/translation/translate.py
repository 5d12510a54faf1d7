"""Plans in the documents' languages: catalogue strings swapped for their translations.

A document in another language than the pack's is planned from a translated copy of the
catalogue (every string it shows replaced by the PO file's translation, placeholders still as the
translator kept them, so whatever resolves them in planning resolves them after the swap) with
the layouts' own words from the same file. Then the document model, the PDF and the web and text
versions all follow from the plan. A document whose language has a missing, stale or wrong string
is refused, naming each with the PO file's line. A document in a script the PDF renderer cannot
shape yet gets no PDF, only its web and text versions (``DocumentPlan.pdf_refused`` says why).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from packgen.catalogue.layouts import Layout
from packgen.catalogue.models import Advice, Catalogue, Document, Pack
from packgen.errors import UserError
from packgen.i18n.tags import pdf_refusal, same_language
from packgen.i18n.words import translated_words
from packgen.plan.documents import DocumentPlan, plan_document

from .sources import document_languages

if TYPE_CHECKING:  # the PO files' status is read only for a document in another language than the pack's
    from packgen.catalogue.org import OrgBranding

    from .status import LanguageStatus


@dataclass(frozen=True)
class Refusal:
    """A document that is not built, and every reason why (one line each)."""

    id: str
    reasons: tuple[str, ...]

    @property
    def message(self) -> str:
        return f"{self.id}: not built:\n" + "\n".join(f"  {reason}" for reason in self.reasons)


@dataclass
class Localised:
    """The plans that can be built, in their languages, and the documents refused."""

    plans: list[DocumentPlan]
    refused: list[Refusal] = field(default_factory=list)
    statuses: dict[str, LanguageStatus] = field(default_factory=dict)
    web_only: list[DocumentPlan] = field(default_factory=list)   # in ``plans`` too: no PDF for its script
    # Refused documents as the gallery lists their older files: in their languages as far as the
    # translations go (a listing, never a document to build).
    listing: dict[str, DocumentPlan] = field(default_factory=dict)


def localise_plans(plans: Sequence[DocumentPlan], catalogue: Catalogue, layouts: dict[str, Layout], folder: Path,
                   org: OrgBranding | None = None, *, pdf: bool = True) -> Localised:
    """``plans`` (planned in the pack's language) in their documents' languages; the others refused.

    ``pdf``: the plans are for PDF layouts. A document in a script they cannot draw yet (Urdu,
    Arabic, Bengali, Gurmukhi), once translated and in step, is still built: web and text only,
    its plan's ``pdf_refused`` saying why (it is in ``plans`` and in ``web_only``). A document with
    a missing or stale string is refused, and named with every reason, its script's too.
    """
    result = Localised([])
    documents = {d.id: d for d in catalogue.documents}
    for plan in plans:
        document = documents[plan.id]
        languages = document_languages(document, catalogue)
        scripts = tuple(refusal for tag in languages if pdf and (refusal := pdf_refusal(tag)))
        if len(languages) == 1 and same_language(languages[0], catalogue.pack.language):
            _add(result, replace(plan, pdf_refused=scripts))
            continue
        reasons = [reason for tag in languages
                   for reason in _reasons(tag, document, catalogue, layouts, folder, result.statuses, org)]
        if reasons:
            result.refused.append(Refusal(plan.id, scripts + tuple(reasons)))
            result.listing[plan.id] = _listing(plan, languages, result, catalogue, layouts, document, org)
            continue
        localised = _in_languages(plan, languages, result, catalogue, layouts, document, org)
        _add(result, replace(localised, pdf_refused=scripts))
    return result


def _listing(plan: DocumentPlan, languages: list[str], result: Localised, catalogue: Catalogue,
             layouts: dict[str, Layout], document: Document, org: OrgBranding | None) -> DocumentPlan:
    """A refused document's plan for the gallery's card: in its languages where they are translated."""
    try:
        return _in_languages(plan, languages, result, catalogue, layouts, document, org)
    except (UserError, KeyError):  # an unreadable PO file, a placeholder the translation lost
        return plan


def _add(result: Localised, plan: DocumentPlan) -> None:
    result.plans.append(plan)
    if plan.web_only:
        result.web_only.append(plan)


def _in_languages(plan: DocumentPlan, languages: list[str], result: Localised, catalogue: Catalogue,
                  layouts: dict[str, Layout], document: Document, org: OrgBranding | None) -> DocumentPlan:
    parts = [plan if same_language(tag, catalogue.pack.language)
             else plan_in(tag, result.statuses[tag.lower()].table(), catalogue, layouts, document, org)
             for tag in languages]
    return replace(parts[0], companion=parts[1]) if len(parts) == 2 else parts[0]


def _reasons(tag: str, document: Document, catalogue: Catalogue, layouts: dict[str, Layout], folder: Path,
             statuses: dict[str, LanguageStatus], org: OrgBranding | None) -> list[str]:
    """Why ``document`` cannot be made in ``tag``: its missing, stale and wrong strings, and the org's
    own texts (contacts, their heading, the footer) with no version in that language."""
    if same_language(tag, catalogue.pack.language):
        return []
    if tag.lower() not in statuses:
        from .status import language_status

        statuses[tag.lower()] = language_status(folder, catalogue, layouts, tag)
    return statuses[tag.lower()].problems(document.id) + (org.untranslated(tag) if org else [])


def plan_in(language: str, table: Mapping[str, str], catalogue: Catalogue, layouts: dict[str, Layout],
            document: Document, org: OrgBranding | None) -> DocumentPlan:
    """The plan of ``document`` from the catalogue translated by ``table`` (context -> translation)."""
    translated = translate_catalogue(catalogue, language, table)
    doc = next(d for d in translated.documents if d.id == document.id)
    words = translated_words(language, _words_table(table))
    plan = plan_document(translated, layouts, doc, org.printed(words, language) if org else None)
    return replace(plan, translated_words=words)


def _words_table(table: Mapping[str, str]) -> dict[str, str]:
    return {context.removeprefix("words/"): text for context, text in table.items() if context.startswith("words/")}


def translate_catalogue(catalogue: Catalogue, language: str, table: Mapping[str, str]) -> Catalogue:
    """A copy of ``catalogue`` in ``language``: each string with a translation in ``table`` swapped."""
    def text(context: str, value: str | None) -> str | None:
        return table.get(context, value) if value is not None else None

    pack: Pack = catalogue.pack.model_copy(update={
        "language": language, "title": text("pack/title", catalogue.pack.title),
        "publisher": text("pack/publisher", catalogue.pack.publisher)})
    audiences = [a.model_copy(update={"label": text(f"audience/{a.id}/label", a.label),
                                      "description": text(f"audience/{a.id}/description", a.description)})
                 for a in catalogue.audiences]
    advice = [_advice(a, text) for a in catalogue.advice]
    services = [s.model_copy(update={"name": text(f"service/{s.id}/name", s.name),
                                     "summary": text(f"service/{s.id}/summary", s.summary),
                                     "who_for": text(f"service/{s.id}/who_for", s.who_for),
                                     "hours": text(f"service/{s.id}/hours", s.hours),
                                     "sms_text": text(f"service/{s.id}/sms_text", s.sms_text)})
                for s in catalogue.services]
    documents = [d.model_copy(update={"title": text(f"document/{d.id}/title", d.title),
                                      "tagline": text(f"document/{d.id}/tagline", d.tagline)})
                 for d in catalogue.documents]
    return catalogue.model_copy(update={"pack": pack, "audiences": audiences, "advice": advice,
                                        "services": services, "documents": documents})


def _advice(advice: Advice, text: Callable[[str, str | None], str | None]) -> Advice:
    points = [text(f"advice/{advice.id}/points/{n}", point) for n, point in enumerate(advice.points, start=1)]
    return advice.model_copy(update={"title": text(f"advice/{advice.id}/title", advice.title),
                                     "short": text(f"advice/{advice.id}/short", advice.short),
                                     "body": text(f"advice/{advice.id}/body", advice.body),
                                     "points": points})
