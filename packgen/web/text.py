"""A document's text version: plain text for an email body or a school's parent app.

Pure: the :class:`WebView` in, a string out. Lines wrap at 72 columns and never inside a word, so
an address printed in running text stays whole; every web address (the service's own URL, not
its shortened printed form) stands whole on a line of its own, however long, so it survives any
mail client's wrapping and can be tapped or copied. Each way to reach a service is spelled out on
its own line ("Phone: 0800 1111", with its hours), and no markdown symbols appear: no ``*``,
``#``, ``_`` or ``-`` bullets, but a "•" and plain headings set off by blank lines.
"""

from __future__ import annotations

import functools
import re
import textwrap

from ..i18n.tags import isolate_ltr
from ..model.nodes import (
    Block,
    BulletList,
    Contacts,
    HelpBox,
    Link,
    Paragraph,
    Section,
    ServiceEntry,
    Services,
    Span,
    plain,
)
from .page import contact_lines, labelled
from .view import WebView

WIDTH = 72
_GLUE = "\u00a0"  # a no-break space: joins a number's digit groups while wrapping
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
BULLET = "• "


def render_text(view: WebView) -> str:
    """The whole text version, ending with one newline; blank lines separate its parts."""
    document = view.document
    parts = [wrap(document.title), wrap(document.identity.name) if document.identity else ""]
    if document.key_message:
        parts.append(paragraph(document.key_message))
    if document.help_box:
        parts.append(_help_box(document.help_box))
    for section in document.sections:
        parts.append(_section(section, view))
    if document.services:
        parts.append(_services(document.services, view))
    if document.contacts:
        parts.append(_contacts(document.contacts))
    parts.append(wrap(document.footer))
    text = "\n\n".join(part for part in parts if part) + "\n"
    text = isolated_lines(text) if view.direction == "rtl" else text
    return text + "\n" + render_text(view.companion) if view.companion else text  # a bilingual document


def isolated_lines(text: str) -> str:
    """Right-to-left text with its phone numbers and addresses in left-to-right isolates (U+2066 ...
    U+2069). A line that is only a web address is left bare, so it can still be tapped and copied."""
    return "\n".join(line if line.startswith(("https://", "http://")) and " " not in line else isolate_ltr(line)
                     for line in text.split("\n"))


@functools.lru_cache(maxsize=4096)
def wrap(text: str, indent: str = "", first: str | None = None) -> str:
    """``text`` wrapped at 72 columns; words longer than a line (a long address) stand whole, and so
    do words joined by no-break spaces (textwrap breaks only at ASCII whitespace), which are then
    printed as ordinary spaces.

    Remembered (a pure function of its strings): a batch wraps the same catalogue texts for every
    school, ~50 a document at ~10 µs each; the 4,096 most recent are kept (~2 MB at most)."""
    lines = textwrap.wrap(_ASCII_SPACE.sub(" ", text).strip(" "), WIDTH, initial_indent=indent if first is None else first,
                          subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace(_GLUE, " ")


def paragraph(items: tuple[Span, ...], indent: str = "", first: str | None = None) -> str:
    """Spans as wrapped text, a phone or text number never split over two lines; the URL of each
    web link in it follows on its own line."""
    glued = "".join(span.text.replace(" ", _GLUE) if isinstance(span, Link) and span.kind in ("tel", "sms")
                    else span.text for span in items)
    lines = [wrap(glued, indent, first)]
    lines += [span.target for span in items if isinstance(span, Link) and span.kind == "web"
              and span.target not in plain(items)]
    return "\n".join(line for line in lines if line)


def _section(section: Section, view: WebView) -> str:
    return "\n\n".join([wrap(section.heading), *[_block(block, view) for block in section.blocks]])


def _block(block: Block, view: WebView) -> str:
    if isinstance(block, Paragraph):
        return paragraph(block.spans)
    if isinstance(block, BulletList):
        return "\n".join(paragraph(item, " " * len(BULLET), BULLET) for item in block.items)
    if isinstance(block, Services):
        return _services(block, view)
    return _contacts(block)


def _help_box(box: HelpBox) -> str:
    """"Get help now", then one line per service: "Childline: 0800 1111 (hours)"; an address whole."""
    lines = [wrap(box.heading)]
    for entry in box.entries:
        contact = entry.contact
        if contact.link.kind == "web":
            lines += [f"{entry.name}:", contact.link.target]
        else:
            note = f" ({contact.note})" if contact.note else ""
            lines.append(wrap(labelled(entry.name, contact.link.text) + note))
    return "\n".join(lines)


def _services(services: Services, view: WebView) -> str:
    return "\n\n".join([wrap(services.heading), *[_entry(entry, view) for entry in services.entries]])


def _entry(entry: ServiceEntry, view: WebView) -> str:
    """Name, what it does, who it is for, then one line per way to reach it; a web address on the
    line after its label, whole."""
    lines = [wrap(entry.name)]
    if entry.summary:
        lines.append(paragraph(entry.summary))
    if entry.who_for:
        lines.append(wrap(f"{view.words.who_for}: {plain(entry.who_for)}"))
    for label, contact in contact_lines(entry, view.words):
        if contact.link.kind == "web":
            lines += [f"{label}:", contact.link.target]
        else:
            note = f" ({contact.note})" if contact.note else ""
            lines.append(wrap(labelled(label, contact.link.text) + note))
    return "\n".join(lines)


def _contacts(contacts: Contacts) -> str:
    if not contacts.lines:
        return ""
    return "\n".join([wrap(contacts.heading), *[wrap(line) for line in contacts.lines]])
