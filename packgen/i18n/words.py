"""Every word a layout prints that does not come from the catalogue, in one place.

Renderers, the web and text versions and ``verify`` take these strings from :func:`words_for`,
never from literals of their own, so a translation can replace them all. Dates go through
:func:`month_year`, never ``strftime`` (whose month names follow the machine's locale).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Words:
    """The printed words of one language. ``{placeholders}`` are filled by the caller."""

    language: str
    get_help: str = "Get help"
    where_to_get_help: str = "Where to get help"
    get_help_now: str = "Get help now"
    page: str = "Page {number}"
    checked: str = "Checked {date}"
    contacts_heading: str = "Locally, contact"
    footer_separator: str = "  ·  "
    # The web page, the text version and the email draft (packgen.web)
    phone: str = "Phone"
    text_message: str = "Text"
    email: str = "Email"
    website: str = "Website"
    who_for: str = "Who it is for"
    from_org: str = "From {org}"
    web_page_title: str = "{title} | {source}"
    # The gallery page, output/index.html (packgen.web.gallery_html)
    skip_to_resources: str = "Skip to the resources"
    gallery_intro_one: str = ("Free to read online, download, print and share: one resource, grouped by who "
                              "it is for.")
    gallery_intro: str = ("Free to read online, download, print and share: {count} resources, grouped by who "
                          "it is for.")
    who_is_it_for: str = "Who is it for?"
    key_messages: str = "Key messages"
    what_it_covers: str = "What it covers"
    show_more_topic: str = "Show 1 more topic"
    show_more_topics: str = "Show {count} more topics"
    one_page: str = "1 page"
    pages: str = "{count} pages"
    read_online: str = "Read online"
    download: str = "Download"
    plain_text: str = "Plain text, for email or a parent app"
    for_a_print_shop: str = "For a print shop"
    preview_of: str = "Preview of the first page of {title}"
    published_by: str = "Published by {publisher}."
    content_checked: str = "Content last checked {date}."
    made_with: str = "Made with packgen."
    out_of_date: str = "Out of date: the last build failed."
    out_of_date_detail: str = "This is the older version; run {command} to see why."
    web_and_text: str = "Web page and plain text"
    no_pdf_yet: str = ("No printable PDF yet: packgen cannot draw {language} letters correctly in a PDF, so "
                       "this one is to read online or as plain text.")
    pdf_size: str = "(PDF, {size})"
    months: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                               "September", "October", "November", "December")
    # What a screen reader says of a link or a figure (the document model's descriptions and alt texts)
    call_description: str = "Call {name} on {phone}"
    sms_description: str = "{label}, to reach {name}"
    text_description: str = "Text {name} on {number}"
    text_word_to: str = "Text {word} to {number}"
    text_number: str = "Text {number}"
    email_description: str = "Email {name} at {address}"
    website_description: str = "{name} website, {address}"
    qr_description: str = "QR code: {name}, {address}"
    logo_description: str = "{name} logo"

    def page_label(self, number: int) -> str:
        return self.page.format(number=number)

    def checked_on(self, date: dt.date) -> str:
        return self.checked.format(date=month_year(date, self))


ENGLISH = Words(language="en")

# What each word is, for the translator (the PO file's comment); ``footer_separator`` is punctuation.
WORD_COMMENTS = {
    "get_help": "Heading above the places to get help on posters, and the title of a wallet card's back",
    "where_to_get_help": "Heading above the places to get help on leaflets and folded leaflets",
    "get_help_now": "Short call to action beside the places to get help",
    "page": "Page number in a leaflet's footer; keep {number}",
    "checked": "In every footer: when the content was last checked; {date} becomes a month and year",
    "contacts_heading": "Heading above the school's or organisation's own people to talk to (when it gives none)",
    "text_word_to": "How to reach a service by text message, e.g. 'Text SHOUT to 85258'; keep {word} and {number}",
    "text_number": "How to reach a service by text message when no word is needed; keep {number}",
    "sms_description": "Read aloud by screen readers for a text message link; keep {label} and {name}",
    "text_description": "Read aloud by screen readers for a text number link; keep {name} and {number}",
    "phone": "Label before a phone number on the web page and in the text version",
    "text_message": "Label before a number to send a text message to, on the web page and in the text version",
    "email": "Label before an email address on the web page and in the text version",
    "website": "Label before a web address on the web page and in the text version",
    "who_for": "Label before who a service is for, on the web page and in the text version",
    "from_org": "Who an emailed document is from; keep {org}",
    "web_page_title": "The web page's title in the browser tab; keep {title} and {source}",
    "call_description": "Read aloud by screen readers for a phone number link; keep {name} and {phone}",
    "email_description": "Read aloud by screen readers for an email link; keep {name} and {address}",
    "website_description": "Read aloud by screen readers for a web address link; keep {name} and {address}",
    "qr_description": "Description of a QR code for screen readers; keep {name} and {address}",
    "logo_description": "Description of an organisation's logo for screen readers; keep {name}",
}


def word_sources() -> list[tuple[str, str, str]]:
    """(key, English text, translator comment) for every translatable word: ``months/1`` ... ``months/12`` too."""
    found = [(key, getattr(ENGLISH, key), comment) for key, comment in WORD_COMMENTS.items()]
    found += [(f"months/{n}", name, "Month name, in the footer's 'checked' date")
              for n, name in enumerate(ENGLISH.months, start=1)]
    return found


def translated_words(language: str, table: Mapping[str, str]) -> Words:
    """The words of ``language`` from ``table`` (key -> translation, keys as in :func:`word_sources`)."""
    known = {f.name for f in fields(Words)}
    values = {key: text for key, text in table.items() if key in known and key not in ("language", "months")}
    months = tuple(table.get(f"months/{n}", name) for n, name in enumerate(ENGLISH.months, start=1))
    return replace(ENGLISH, language=language, months=months, **values)


def words_for(language: str) -> Words:
    """The printed words for a BCP 47 language tag (English until translations arrive)."""
    return ENGLISH


def month_year(date: dt.date, words: Words = ENGLISH) -> str:
    """"November 2026": the month in the reader's language, whatever the machine's locale."""
    return f"{words.months[date.month - 1]} {date.year}"


def sms_label(words: Words, number: str, word: str | None) -> str:
    """How a text-message route prints: 'Text SHOUT to 85258', or 'Text 7726'."""
    return words.text_word_to.format(word=word, number=number) if word else words.text_number.format(number=number)
