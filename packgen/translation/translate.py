"""Plans in the documents' languages: catalogue strings swapped for their translations.

A document in another language than the pack's is planned from a translated copy of the
catalogue (every string it shows replaced by the PO file's translation, placeholders still as the
translator kept them, so whatever resolves them in planning resolves them after the swap) with
the layouts' own words from the same file. Then the document model, the PDF and the web and text
versions all follow from the plan. A document whose language has a missing, stale or wrong string
is refused, naming each with the PO file's line; so is a PDF of a script the renderer cannot shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from packgen.catalogue.layouts import Layout
from packgen.catalogue.models import Advice, Catalogue, Document, Pack
from packgen.catalogue.org import OrgBranding
from packgen.i18n.tags import pdf_refusal, same_language
from packgen.i18n.words import translated_words
from packgen.plan.documents import DocumentPlan, plan_document

from .sources import document_languages
from .status import LanguageStatus, language_status


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
    web_only: list[DocumentPlan] = field(default_factory=list)   # refused a PDF for its script alone


def localise_plans(plans: Sequence[DocumentPlan], catalogue: Catalogue, layouts: dict[str, Layout], folder: Path,
                   org: OrgBranding | None = None, *, pdf: bool = True) -> Localised:
    """``plans`` (planned in the pack's language) in their documents' languages; the others refused.

    ``pdf``: the plans are for PDF layouts, which refuse scripts they cannot shape.
    """
    result = Localised([])
    documents = {d.id: d for d in catalogue.documents}
    for plan in plans:
        document = documents[plan.id]
        languages = document_languages(document, catalogue)
        if len(languages) == 1 and same_language(languages[0], catalogue.pack.language):
            result.plans.append(plan)
            continue
        reasons = [reason for tag in languages for reason in _reasons(tag, document, catalogue, layouts, folder,
                                                                      result.statuses, pdf)]
        scripts = [refusal for tag in languages if pdf and (refusal := pdf_refusal(tag))]
        if reasons:
            result.refused.append(Refusal(plan.id, tuple(reasons)))
            if len(reasons) == len(scripts):  # translated and in step: its web and text versions can be made
                result.web_only.append(_in_languages(plan, languages, result, catalogue, layouts, document, org))
            continue
        result.plans.append(_in_languages(plan, languages, result, catalogue, layouts, document, org))
    return result


def _in_languages(plan: DocumentPlan, languages: list[str], result: Localised, catalogue: Catalogue,
                  layouts: dict[str, Layout], document: Document, org: OrgBranding | None) -> DocumentPlan:
    parts = [plan if same_language(tag, catalogue.pack.language)
             else plan_in(tag, result.statuses[tag.lower()].table(), catalogue, layouts, document, org)
             for tag in languages]
    return replace(parts[0], companion=parts[1]) if len(parts) == 2 else parts[0]


def _reasons(tag: str, document: Document, catalogue: Catalogue, layouts: dict[str, Layout], folder: Path,
             statuses: dict[str, LanguageStatus], pdf: bool) -> list[str]:
    reasons = []
    refusal = pdf_refusal(tag) if pdf else None
    if refusal:
        reasons.append(refusal)
    if same_language(tag, catalogue.pack.language):
        return reasons
    if tag.lower() not in statuses:
        statuses[tag.lower()] = language_status(folder, catalogue, layouts, tag)
    return reasons + statuses[tag.lower()].problems(document.id)


def plan_in(language: str, table: Mapping[str, str], catalogue: Catalogue, layouts: dict[str, Layout],
            document: Document, org: OrgBranding | None) -> DocumentPlan:
    """The plan of ``document`` from the catalogue translated by ``table`` (context -> translation)."""
    translated = translate_catalogue(catalogue, language, table)
    doc = next(d for d in translated.documents if d.id == document.id)
    plan = plan_document(translated, layouts, doc, org)
    return replace(plan, translated_words=translated_words(language, _words_table(table)))


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
