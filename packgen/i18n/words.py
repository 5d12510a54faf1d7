"""Every word a layout prints that does not come from the catalogue, in one place.

Renderers, the web and text versions and ``verify`` take these strings from :func:`words_for`,
never from literals of their own, so a translation can replace them all. Dates go through
:func:`month_year`, never ``strftime`` (whose month names follow the machine's locale).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """The printed words of one language. ``{placeholders}`` are filled by the caller."""

    language: str
    get_help: str = "Get help"
    where_to_get_help: str = "Where to get help"
    get_help_now: str = "Get help now"
    page: str = "Page {number}"
    checked: str = "Checked {date}"
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
    months: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                               "September", "October", "November", "December")

    def page_label(self, number: int) -> str:
        return self.page.format(number=number)

    def checked_on(self, date: dt.date) -> str:
        return self.checked.format(date=month_year(date, self))


ENGLISH = Words(language="en")


def words_for(language: str) -> Words:
    """The printed words for a BCP 47 language tag (English until translations arrive)."""
    return ENGLISH


def month_year(date: dt.date, words: Words = ENGLISH) -> str:
    """"November 2026": the month in the reader's language, whatever the machine's locale."""
    return f"{words.months[date.month - 1]} {date.year}"
