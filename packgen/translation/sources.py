"""The translatable strings: every string a document shows, with where it comes from.

Each :class:`Source` has a context naming its place in the catalogue (``advice/dont-pay/short``,
``service/childline/summary``, ``words/get_help``), the source-language text exactly as the
catalogue has it (placeholders such as ``{childline.phone}`` kept verbatim) and a comment for the
translator saying what it is and for whom. What a document shows follows its layout kind's spec,
the same one the document model follows, so a Welsh poster asks for its advice's short lines
and a Welsh leaflet for the full advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from packgen.catalogue.kinds import kind_spec
from packgen.catalogue.layouts import Layout
from packgen.catalogue.models import Advice, Catalogue, Document, Service
from packgen.i18n.tags import same_language
from packgen.i18n.words import word_sources
from packgen.plan.documents import select_advice, select_services

if TYPE_CHECKING:  # made only when a PO file is read or written (po.py is not needed to build in one language)
    from packgen.i18n.po import Source

PLACEHOLDER_NOTE = " Keep {placeholders} exactly as they are."


def source_text(text: str) -> str:
    """The msgid of a catalogue string: without the blank lines YAML block scalars leave around it."""
    return text.strip()


def document_languages(document: Document, catalogue: Catalogue) -> list[str]:
    """The document's languages, first shown first (default: the pack's language)."""
    return list(document.languages or [catalogue.pack.language])


def translated_languages(document: Document, catalogue: Catalogue) -> list[str]:
    """The document's languages that need a translation (those other than the pack's)."""
    return [tag for tag in document_languages(document, catalogue) if not same_language(tag, catalogue.pack.language)]


def document_sources(catalogue: Catalogue, layouts: dict[str, Layout], document: Document) -> list[Source]:
    """Every string ``document`` shows, in reading order, then the layouts' own words."""
    from packgen.i18n.po import Source

    kind = layouts[document.layout].kind
    shows = kind_spec(kind).shows
    audience = catalogue.audience(document.audience).label
    fmt = layouts[document.layout].format_label
    found = [Source(f"document/{document.id}/title", source_text(document.title),
                    f"Title of the {fmt} '{document.id}', for {audience}.")]
    if document.tagline:
        found.append(Source(f"document/{document.id}/tagline", source_text(document.tagline),
                            f"The key message under the title of the {fmt} '{document.id}', for {audience}; "
                            "**double asterisks** mark bold."))
    found.append(Source(f"audience/{document.audience}/label", source_text(audience),
                        "Who a document is for, as printed."))
    description = catalogue.audience(document.audience).description
    if kind == "trifold" and description:
        found.append(Source(f"audience/{document.audience}/description", source_text(description),
                            f"Who the readers '{audience}' are, printed on folded leaflets."))
    for advice in select_advice(catalogue, document):
        # Cards print an advice item's short line too, when the shorts fit.
        found += advice_sources(advice, catalogue, shows.advice_in_full, shows.advice_summary, kind == "cards")
    for service in select_services(catalogue, document):
        found += service_sources(service)  # the web and text versions show every service in full
    found.append(Source("pack/title", source_text(catalogue.pack.title),
                        "The pack's name, in the PDF's properties (shown by document viewers)."))
    found.append(Source("pack/publisher", source_text(catalogue.pack.publisher),
                        "Who publishes the pack, printed in every footer."))
    found += [Source(f"words/{key}", text, f"{comment}.") for key, text, comment in word_sources()]
    return found


def advice_sources(advice: Advice, catalogue: Catalogue, in_full: bool, summary: bool,
                   shorts: bool = False) -> list[Source]:
    from packgen.i18n.po import Source

    readers = ", ".join(catalogue.audience(a).label for a in advice.audiences if _known(catalogue, a))
    about = f"advice '{advice.id}' for {readers}"
    found = [Source(f"advice/{advice.id}/title", source_text(advice.title), f"Heading of the {about}.")]
    if in_full:
        found.append(Source(f"advice/{advice.id}/body", source_text(advice.body),
                            f"The full text of the {about}, on leaflets: paragraphs are separated by a blank "
                            "line; **double asterisks** mark bold." + PLACEHOLDER_NOTE))
        found += [Source(f"advice/{advice.id}/points/{n}", source_text(point),
                         f"Bullet point {n} of the {about}, on leaflets." + PLACEHOLDER_NOTE)
                  for n, point in enumerate(advice.points, start=1)]
    elif (summary or shorts) and advice.short:
        found.append(Source(f"advice/{advice.id}/short", source_text(advice.short),
                            f"The one-line form of the {about}, on posters." + PLACEHOLDER_NOTE))
    elif summary:
        found.append(Source(f"advice/{advice.id}/body", source_text(advice.body),
                            f"The text of the {about}, on posters (it has no short line)." + PLACEHOLDER_NOTE))
    return found


def service_sources(service: Service) -> list[Source]:
    from packgen.i18n.po import Source

    found = [Source(f"service/{service.id}/name", source_text(service.name),
                    f"The name of the service '{service.id}' as printed (many keep their English name)."),
             Source(f"service/{service.id}/summary", source_text(service.summary),
                    f"What the service '{service.id}' does, on leaflets and the web and text versions."
                    + PLACEHOLDER_NOTE)]
    if service.who_for:
        found.append(Source(f"service/{service.id}/who_for", source_text(service.who_for),
                            f"Who the service '{service.id}' is for, on leaflets and the web and text versions."
                            + PLACEHOLDER_NOTE))
    if service.hours:
        found.append(Source(f"service/{service.id}/hours", source_text(service.hours),
                            f"When the service '{service.id}' answers, printed beside its phone number "
                            "(e.g. 'Mon-Fri 10am-4pm')."))
    if service.sms_text:
        found.append(Source(f"service/{service.id}/sms_text", source_text(service.sms_text),
                            f"The word to text to the service '{service.id}' (keep it as the service asks: "
                            "it is what the reader must type)."))
    return found


def _known(catalogue: Catalogue, audience_id: str) -> bool:
    return any(a.id == audience_id for a in catalogue.audiences)


def language_sources(catalogue: Catalogue, layouts: dict[str, Layout], language: str,
                     documents: Iterable[Document] | None = None) -> dict[str, tuple[Source, list[str]]]:
    """Context -> (source, ids of the documents in ``language`` that show it), in first-shown order."""
    found: dict[str, tuple[Source, list[str]]] = {}
    for document in catalogue.documents if documents is None else documents:
        if not any(same_language(tag, language) for tag in translated_languages(document, catalogue)):
            continue
        for source in document_sources(catalogue, layouts, document):
            found.setdefault(source.context, (source, []))[1].append(document.id)
    return found


def languages_in_use(catalogue: Catalogue) -> list[str]:
    """Every language a document is in, other than the pack's, in first-use order."""
    found: dict[str, str] = {}
    for document in catalogue.documents:
        for tag in translated_languages(document, catalogue):
            found.setdefault(tag.lower(), tag)
    return list(found.values())
