"""The document model's values: what a document says, in reading order, with roles.

Plain frozen dataclasses, no behaviour beyond reading their own text. Every output walks the same
tree: the PDF renderers lay it out and tag it (each node's type is its role), the HTML and text
versions write it out, and ``verify`` reads its expected texts from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LinkKind = Literal["web", "tel", "mailto", "sms"]


# --- inline spans -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Link:
    """A clickable phone number, email, text-message number or web address, printed as ``text``."""

    kind: LinkKind
    target: str        # the href: https://…, tel:…, mailto:…, sms:…
    text: str
    description: str   # what a screen reader says of it: "Call Childline on 0800 1111"


Span = Text | Strong | Link


def plain(spans: tuple[Span, ...]) -> str:
    """The spans as they read: their texts joined."""
    return "".join(span.text for span in spans)


# --- figures and entries ----------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """A drawn image with a meaning: a QR code (``target`` is its URL) or a logo."""

    kind: Literal["qr", "logo"]
    alt: str                  # "QR code: Childline, childline.org.uk"; "Hillside Academy logo"
    target: str | None = None


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: the printed form and the link behind it."""

    link: Link
    note: str | None = None   # e.g. the opening hours printed beside a phone number


@dataclass(frozen=True)
class ServiceEntry:
    """A place to get help, with what the document's kind shows of it."""

    id: str
    name: str
    summary: tuple[Span, ...] | None   # None where the kind does not show it
    who_for: tuple[Span, ...] | None
    phone: Contact | None      # its note: the opening hours
    sms: Contact | None        # a number to text ("Text SHOUT to 85258"); the hours when there is no phone
    email: Contact | None
    web: Contact | None        # the printed web address (display_url or the url shortened)
    qr: Figure | None          # only services with a url, on every kind


# --- blocks -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True)
class Services:
    """The services, under a heading ("Where to get help", "Get help")."""

    heading: str
    entries: tuple[ServiceEntry, ...]


@dataclass(frozen=True)
class Contacts:
    """The organisation's local contacts, under their heading."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class HelpEntry:
    """One line of the help box: a service and the one way to reach it the box shows (its phone
    number, with the hours in its note; its web address when the document has no number)."""

    id: str
    name: str
    contact: Contact


@dataclass(frozen=True)
class HelpBox:
    """The "Get help now" box on page 1: the first numbers to ring, read after the key message.

    It repeats what the services say in full; its links are its own nodes (a screen reader hears
    them here, where a sighted reader sees them first, and again with each service)."""

    heading: str
    entries: tuple[HelpEntry, ...]


Block = Paragraph | BulletList | Services | Contacts


@dataclass(frozen=True)
class Section:
    """An advice item: a heading (level 2; 3 below a section) and what the kind shows of it."""

    id: str
    heading: str
    blocks: tuple[Block, ...]
    level: int = 2
    lang: str | None = None   # set where it differs from the document's language


@dataclass(frozen=True)
class Identity:
    """Who the document is from: the organisation's name and logo (None without an org profile)."""

    name: str
    logo: Figure | None


@dataclass(frozen=True)
class Document:
    """One document, in reading order."""

    id: str
    kind: str                          # the layout kind (packgen.catalogue.kinds)
    language: str                      # BCP 47, e.g. en-GB
    title: str
    audience: str                      # who it is for, e.g. "Parents and carers"
    identity: Identity | None
    key_message: tuple[Span, ...] | None
    sections: tuple[Section, ...]
    contacts: Contacts | None
    services: Services | None
    footer: str                        # publisher (or the org's footer) and the review date: furniture
    urls: tuple[str, ...] = field(default=())   # every QR code's URL, in order, each once
    help_box: HelpBox | None = None    # where the kind shows one (catalogue.kinds Shows.help_box)
