"""What a document's text must contain, read off its model: ``verify``'s list and the tests'."""

from __future__ import annotations

from .nodes import BulletList, Contact, Contacts, Document, HelpBox, Paragraph, Section, ServiceEntry, Services, plain


def expected_texts(document: Document) -> list[str]:
    """Every text the document shows, as it reads, in reading order (page furniture aside)."""
    texts = [document.title]
    if document.key_message:
        texts.append(plain(document.key_message))
    if document.help_box:
        texts += help_box_texts(document.help_box)
    for section in document.sections:
        texts += section_texts(section)
    if document.services:
        texts += [entry.name for entry in document.services.entries]
        texts += [plain(entry.summary) for entry in document.services.entries if entry.summary]
        texts += [plain(entry.who_for) for entry in document.services.entries if entry.who_for]
        texts += [text for entry in document.services.entries for text in contact_texts(entry)]
    if document.identity:
        texts.append(document.identity.name)
    if document.contacts:
        texts += contacts_texts(document.contacts)
    return texts


def section_texts(section: Section) -> list[str]:
    texts = [section.heading]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            texts.append(plain(block.spans))
        elif isinstance(block, BulletList):
            texts += [plain(item) for item in block.items]
        elif isinstance(block, Services):
            texts += [entry.name for entry in block.entries]
        elif isinstance(block, Contacts):
            texts += contacts_texts(block)
    return texts


def contact_texts(entry: ServiceEntry) -> list[str]:
    """The entry's phone (with its hours), text number, email and printed web address, those it has."""
    contacts: list[Contact | None] = [entry.phone, entry.sms, entry.email, entry.web]
    return [text for contact in contacts if contact for text in (contact.link.text, contact.note) if text]


def contacts_texts(contacts: Contacts) -> list[str]:
    return [contacts.heading, *contacts.lines] if contacts.lines else []


def help_box_texts(box: HelpBox) -> list[str]:
    """The "Get help now" box: its heading, and each service's name, number (or address) and hours."""
    texts = [box.heading]
    for entry in box.entries:
        texts += [entry.name, entry.contact.link.text, *([entry.contact.note] if entry.contact.note else [])]
    return texts
