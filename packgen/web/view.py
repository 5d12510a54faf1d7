"""Plan -> what the web page and the text version show.

A poster or a card shows a few lines of each service; on a screen or in an email there is room
for all of it, so the web view is the document model with its services in full: the same
:func:`packgen.model.build.services_block` the leaflet uses, with the leaflet's view of a service.
Everything else (title, key message, advice, the org's contacts, the footer) is the model as is.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass

from packgen.catalogue.contrast import contrast_ratio, nearest_passing_shade
from packgen.catalogue.kinds import Shows
from packgen.plan.documents import DocumentPlan

from ..i18n.direction import text_direction
from ..i18n.words import Words, words_for
from ..model import Document, document_model
from ..model.build import services_block
from ..model.nodes import ServiceEntry

# What the web and text versions show of every service, whatever the kind: all of it.
EVERY_DETAIL = Shows(advice_in_full=True, advice_summary=False, service_summary=True, service_address=True)
WHITE = "#ffffff"
AA = 4.5


@dataclass(frozen=True)
class Logo:
    """The org's logo as the page embeds it."""

    media_type: str    # image/png or image/jpeg
    data: bytes
    alt: str

    def data_uri(self) -> str:
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True)
class WebView:
    """One document as its web page and text version show it."""

    document: Document           # services in full
    words: Words
    direction: str               # "ltr" or "rtl"
    source: str                  # who it is from: the org's name, else the pack's publisher
    primary: str                 # #rrggbb, white text on it reaches 4.5:1
    accent: str                  # #rrggbb, reaches 4.5:1 on white
    logo: Logo | None


def full_services(plan: DocumentPlan, words: Words) -> tuple[ServiceEntry, ...]:
    """The plan's services with everything the model knows of them (the leaflet's view)."""
    return services_block(plan.services, EVERY_DETAIL, words).entries if plan.services else ()


def org_logo(plan: DocumentPlan) -> Logo | None:
    """The org's logo file, read, or None without one."""
    logo = plan.org.logo if plan.org else None
    if plan.org is None or logo is None:
        return None
    media_type = "image/png" if logo.format == "PNG" else "image/jpeg"
    return Logo(media_type, logo.path.read_bytes(), f"{plan.org.name} logo")


def web_view(plan: DocumentPlan) -> WebView:
    """The web view of ``plan``; reads the org's logo file (checked when the profile was loaded)."""
    words = words_for(plan.pack.language)
    document = document_model(plan)
    if plan.services:
        full = services_block(plan.services, EVERY_DETAIL, words)
        document = dataclasses.replace(document, services=dataclasses.replace(full, heading=words.where_to_get_help))
    logo = org_logo(plan)
    if logo and document.identity and document.identity.logo:
        logo = dataclasses.replace(logo, alt=document.identity.logo.alt)
    theme = plan.layout.theme
    return WebView(
        document=document, words=words, direction=text_direction(document.language),
        source=plan.org.name if plan.org else plan.pack.publisher,
        primary=readable_on(theme.primary, WHITE), accent=readable_on(theme.accent, WHITE), logo=logo)


def readable_on(colour: str, background: str) -> str:
    """``colour``, or its nearest shade reaching AA contrast (4.5:1) with ``background``."""
    if contrast_ratio(colour, background) >= AA:
        return colour.lower()
    return nearest_passing_shade(colour, background, AA) or "#000000"
