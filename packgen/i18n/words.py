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
