"""Models of ``resources.yaml``: the pack, its audiences, services, advice and documents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from packgen.catalogue.fields import Email, Id, Phone, StrictModel, Text, Url
from packgen.catalogue.records import ServiceMethods
from packgen.i18n.tags import BCP47_PATTERN, same_language

LanguageTag = Annotated[str, Field(pattern=BCP47_PATTERN)]


class Pack(StrictModel):
    """What the whole pack is and when a person last checked it."""

    title: Text = Field(description="The pack's name, e.g. 'Sextortion: where to get help'.")
    publisher: Text = Field(description="Who publishes the pack; printed as the PDFs' author.")
    language: LanguageTag = Field(
        "en-GB", description="BCP 47 language tag of the catalogue's text (the source language), e.g. en-GB.")
    reviewed: dt.date = Field(description="When a person last checked the content (YYYY-MM-DD).")
    review_every_months: int = Field(
        6, ge=1, le=60, description="`packgen validate` warns once `reviewed` is older than this.")


class Audience(StrictModel):
    """A group of readers that documents are written for."""

    id: Id
    label: Text = Field(description="Name shown to people, e.g. 'Parents and carers'.")
    description: str | None = Field(None, description="Who exactly this audience is.")


class Service(StrictModel, ServiceMethods):
    """A place to get help: what QR codes, phone numbers and links point to."""

    id: Id
    name: Text = Field(description="The service's name as printed, e.g. Childline.")
    summary: Text = Field(description="One sentence on what the service does.")
    who_for: str | None = Field(None, description="One sentence on who should use it (and who should not).")
    phone: Phone | None = Field(None, description="Phone number as printed, e.g. '0800 1111'.")
    hours: Annotated[str, StringConstraints(min_length=1, max_length=60)] | None = Field(
        None, description="When the phone (or text) line is open, printed next to the number, e.g. "
                          "'Mon\u2013Fri 10am\u20134pm' or '24 hours a day'. A service closed evenings or "
                          "weekends must say so.")
    sms: Phone | None = Field(None, description="Number to send a text message to, e.g. '85258' (printed "
                                                "as 'Text SHOUT to 85258' and linked as sms:).")
    sms_text: Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9]+$")] | None = \
        Field(None, description="The word to text to `sms`, e.g. 'SHOUT'; leave out when any message will do.")
    email: Email | None = Field(None, description="Email address, e.g. report@phishing.gov.uk.")
    url: Url | None = Field(None, description="Web address; only services with a url get a QR code.")
    display_url: str | None = Field(None, description="Short printed form of the url, e.g. childline.org.uk.")
    audiences: list[Id] = Field(min_length=1, description="Ids of the audiences this service is for.")
    checked: dt.date | None = Field(None, description="When the link was last checked (`packgen links --stamp`).")

    @model_validator(mode="after")
    def _reachable(self) -> Service:
        if not (self.url or self.phone or self.email or self.sms):
            raise PydanticCustomError("no_contact", "a service needs at least one of url, phone, sms or email")
        if self.sms_text and not self.sms:
            raise PydanticCustomError("sms_text_alone", "sms_text needs sms: the number to send the word to")
        if self.hours and not (self.phone or self.sms):
            raise PydanticCustomError("hours_alone", "hours are printed next to the phone number or the text "
                                                     "number, and this service has neither")
        return self


class Advice(StrictModel):
    """One piece of advice, shown in full on leaflets and as title + short line on posters."""

    id: Id
    title: Text = Field(description="Heading, a few words.")
    short: str | None = Field(None, description="One line for posters and cards.")
    body: Text = Field(description="Paragraphs separated by a blank line; **bold** allowed.")
    points: list[Text] = Field(default_factory=list, description="Optional bullet points.")
    audiences: list[Id] = Field(min_length=1, description="Ids of the audiences this advice is for.")
    priority: int = Field(100, ge=0, description="Lower comes first; default 100.")


class Document(StrictModel):
    """A PDF that `packgen build` makes: one audience, one layout."""

    id: Id
    audience: Id = Field(description="Id of the audience the document is for.")
    layout: Id = Field(description="Id of a layout (bundled or in the catalogue's layouts/ folder).")
    title: Text = Field(description="Title printed on the document.")
    tagline: str | None = Field(None, description="The most important message, printed under the title.")
    advice: list[Id] | None = Field(None, description="Explicit advice ids, in order; default: by audience.")
    services: list[Id] | None = Field(None, description="Explicit service ids, in order; default: by audience.")
    languages: list[LanguageTag] | None = Field(
        None, min_length=1, max_length=2,
        description="The document's language (e.g. [cy]), or two for a bilingual document, the first shown "
                    "first (e.g. [cy, en-GB]); default: the pack's language. Other languages than the pack's "
                    "come from translations/<tag>.po.")

    @model_validator(mode="after")
    def _distinct_languages(self) -> Document:
        if self.languages and len(self.languages) == 2 and same_language(*self.languages):
            raise PydanticCustomError("same_language", "a bilingual document needs two different languages")
        return self


class Catalogue(StrictModel):
    """The whole of ``resources.yaml``."""

    version: int = Field(description="Format version; must be 1.", ge=1, le=1)
    pack: Pack = Field(description="What the whole pack is and when it was last reviewed.")
    audiences: list[Audience] = Field(min_length=1, description="The groups of readers documents are written for.")
    services: list[Service] = Field(default_factory=list, description="Places to get help: QR codes, phones, links.")
    advice: list[Advice] = Field(default_factory=list, description="The advice items, each for some audiences.")
    documents: list[Document] = Field(default_factory=list, description="The PDFs `packgen build` makes.")

    def audience(self, audience_id: str) -> Audience:
        return next(a for a in self.audiences if a.id == audience_id)
