"""A document's web version: one self-contained, accessible HTML page, from its :class:`WebView`.

Pure: the view in, a string out. No scripts, fonts or images from elsewhere (the logo is inline);
every catalogue, org and spreadsheet value passes through :func:`html.escape`. Phone numbers,
email and web addresses sit in ``<bdi dir="ltr">`` so they read the right way round in
right-to-left text; the root carries the document's ``lang`` and ``dir``.
"""

from __future__ import annotations

import functools
from dataclasses import fields
from html import escape

from ..i18n.tags import ltr_runs
from ..i18n.words import Words
from ..model.nodes import (
    Block,
    BulletList,
    Contact,
    Contacts,
    HelpBox,
    Link,
    Paragraph,
    Section,
    ServiceEntry,
    Services,
    Span,
    Strong,
)
from .view import WebView

# Mobile first: one column at 320 px with body type at 18 px; print: black on white, URLs shown.
CSS = """\
:root{--primary:%(primary)s;--accent:%(accent)s;--text:#16181d;--muted:#454e5b;--line:#cfd6de;--soft:#f3f5f8;
color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%%;text-size-adjust:100%%}
body{margin:0;font:1.125rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--text);background:#fff}
a{color:var(--primary);text-underline-offset:.15em;overflow-wrap:anywhere}
a[href^="tel:"],a[href^="sms:"]{white-space:nowrap}
a:hover{text-decoration-thickness:.15em}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.wrap{max-width:46rem;margin:0 auto;padding:0 1rem}
.masthead{background:var(--primary);color:#fff;border-bottom:6px solid var(--accent)}
.masthead .wrap{padding-top:1.5rem;padding-bottom:1.75rem}
.masthead :focus-visible{outline-color:#fff}
.logo{display:inline-block;margin:0 0 1rem;padding:.5rem;background:#fff;border-radius:.5rem}
.logo img{display:block;max-height:4rem;max-width:12rem;width:auto;height:auto}
.source{margin:0 0 .5rem;font-size:1rem;font-weight:600;letter-spacing:.03em}
h1{margin:0;font-size:clamp(1.75rem,4vw + 1rem,2.5rem);line-height:1.2}
.key{margin:.875rem 0 0;font-size:1.25rem;font-weight:600}
main{padding:.5rem 0 2rem}
h2{margin:2rem 0 .75rem;font-size:1.5rem;line-height:1.25;color:var(--primary);padding-inline-start:.75rem;
border-inline-start:5px solid var(--accent)}
h3{margin:0 0 .5rem;font-size:1.25rem;line-height:1.3}
p{margin:0 0 .875rem}
ul{margin:0 0 .875rem;padding-inline-start:1.5rem}
li+li{margin-top:.375rem}
li::marker{color:var(--accent)}
.entries{list-style:none;padding:0;display:grid;gap:1rem}
.entries>li+li{margin-top:0}
.service{padding:1rem 1rem .25rem;border:1px solid var(--line);border-inline-start:5px solid var(--primary);
border-radius:.5rem;background:#fff}
.service p{margin-bottom:.625rem}
.who{color:var(--muted)}
.ways{list-style:none;padding:0;margin:0 0 .75rem}
.ways li+li{margin-top:.25rem}
.label{font-weight:700}
.ways a{font-weight:700}
.note{color:var(--muted)}
.help-now{margin:1.5rem 0 0;padding:.25rem 1rem .25rem;background:var(--soft);border-inline-start:5px solid var(--accent);
border-radius:.5rem}
.help-now h2{border:0;padding:0;margin:.75rem 0 .5rem}
.contacts ul{padding-inline-start:1.25rem}
.messages{margin:1.5rem 0 .5rem;font-size:1.25rem;font-weight:700}
footer{margin-top:1rem;padding:1.25rem 0 2rem;background:var(--soft);border-top:1px solid var(--line);
color:var(--muted);font-size:1rem}
footer p{margin:0}
@media (min-width:48rem){.wrap{padding:0 1.5rem}.masthead .wrap{padding-top:2.25rem;padding-bottom:2.25rem}}
@media print{
body{font-size:11pt;line-height:1.4}
.masthead{background:none;color:#000;border-bottom:2pt solid #000}
.logo{padding:0}
h2{color:#000;border-inline-start-color:#000;break-after:avoid}
a{color:#000;text-decoration:none}
.ways a[href^="http"]::after{content:" (" attr(href) ")";font-weight:400}
.service,li{break-inside:avoid}
footer{background:none}
}
"""


def render_page(view: WebView, *, logo_src: str | None = None) -> str:
    """The whole page. ``logo_src`` replaces the inline ``data:`` logo (an email's ``cid:``, say)."""
    document, words = view.document, view.words
    title = words.web_page_title.format(title=document.title, source=view.source)
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(document.language)}" dir="{view.direction}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{CSS % {'primary': view.primary, 'accent': view.accent}}</style>",
        "</head>",
        "<body>",
        *_content(view, logo_src),
        *(_second_language(view.companion) if view.companion else []),
        "<footer>",
        f'<div class="wrap"><p>{escape(document.footer)}</p></div>',
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _content(view: WebView, logo_src: str | None, main: str = "main") -> list[str]:
    """The masthead and the content of one language, the latter in ``main`` (the page has one <main>)."""
    document, words = view.document, view.words
    return [
        '<header class="masthead">',
        '<div class="wrap">',
        *_identity(view, logo_src),
        f"<h1>{escape(document.title)}</h1>",
        *([f'<p class="key">{spans(document.key_message)}</p>'] if document.key_message else []),
        "</div>",
        "</header>",
        f'<{main} id="main">',
        '<div class="wrap">',
        *(_help_box(document.help_box) if document.help_box else []),
        *_sections(document.sections, words),
        *(_services(document.services, words) if document.services else []),
        *(_contacts(document.contacts) if document.contacts else []),
        "</div>",
        f"</{main}>",
    ]


def _second_language(view: WebView) -> list[str]:
    """A bilingual document's second language: the whole document again, in its own language and
    direction, never mixed with the first within a block (ids kept apart with a language prefix)."""
    language = escape(view.document.language)
    lines = [line.replace(' id="', f' id="{language}-').replace(' aria-labelledby="', f' aria-labelledby="{language}-')
             for line in _content(view, None, main="div")]
    return [f'<div lang="{language}" dir="{view.direction}">', *lines, "</div>"]


def _identity(view: WebView, logo_src: str | None) -> list[str]:
    lines = []
    if view.logo:
        src = logo_src or view.logo.data_uri()
        lines.append(f'<p class="logo"><img src="{escape(src)}" alt="{escape(view.logo.alt)}"></p>')
    if view.document.identity:
        lines.append(f'<p class="source">{escape(view.document.identity.name)}</p>')
    return lines


def spans(items: tuple[Span, ...]) -> str:
    """Inline spans as HTML: bold, links; every text escaped."""
    out = []
    for span in items:
        if isinstance(span, Strong):
            out.append(f"<strong>{isolated(span.text)}</strong>")
        elif isinstance(span, Link):
            out.append(link(span))
        else:
            out.append(isolated(span.text))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def isolated(text: str) -> str:
    """Escaped text with each phone number and address in running text in ``<bdi dir="ltr">``,
    so "0800 1111" inside Urdu or Arabic does not read "1111 0800".

    Remembered (a pure function of its string): a batch has the same catalogue texts for every
    school, ~35 a document at ~10 µs each (the pattern); the 4,096 most recent are kept."""
    return "".join(f'<bdi dir="ltr">{escape(piece)}</bdi>' if ltr else escape(piece) for piece, ltr in ltr_runs(text))


def link(item: Link) -> str:
    """A clickable phone number, address or URL, isolated left to right, named for a screen reader."""
    label = f' aria-label="{escape(item.description)}"' if item.description else ""
    return f'<a href="{escape(item.target)}"{label}><bdi dir="ltr">{escape(item.text)}</bdi></a>'


def _sections(sections: tuple[Section, ...], words: Words) -> list[str]:
    """The advice. A kind that shows only each item's title (wallet cards) gets them as one list:
    headings with nothing under them would be an outline of nothing."""
    if sections and not any(section.blocks for section in sections):
        return ['<ul class="messages">', *[f"<li>{escape(s.heading)}</li>" for s in sections], "</ul>"]
    return [line for section in sections for line in _section(section, words)]


def _section(section: Section, words: Words) -> list[str]:
    level = min(max(section.level, 2), 6)
    anchor = f"advice-{escape(section.id)}"  # never the same as the page's own ids (help, main)
    lang = f' lang="{escape(section.lang)}"' if section.lang else ""
    return [f'<section id="{anchor}" aria-labelledby="{anchor}-h"{lang}>',
            f'<h{level} id="{anchor}-h">{escape(section.heading)}</h{level}>',
            *[line for block in section.blocks for line in _block(block, words)], "</section>"]


def _block(block: Block, words: Words) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"<p>{spans(block.spans)}</p>"]
    if isinstance(block, BulletList):
        return ["<ul>", *[f"<li>{spans(item)}</li>" for item in block.items], "</ul>"]
    if isinstance(block, Services):
        return _services(block, words)
    return _contacts(block)


def _help_box(box: HelpBox) -> list[str]:
    """The "Get help now" box, first in the page's main part: each service's number (or address)."""
    return ['<section class="help-now" id="help-now" aria-labelledby="help-now-h">',
            f'<h2 id="help-now-h">{escape(box.heading)}</h2>', '<ul class="ways">',
            *[_way(entry.name, entry.contact) for entry in box.entries], "</ul>", "</section>"]


def _services(services: Services, words: Words) -> list[str]:
    return ['<section class="help" id="help" aria-labelledby="help-h">',
            f'<h2 id="help-h">{escape(services.heading)}</h2>',
            '<ul class="entries">', *[line for entry in services.entries for line in _entry(entry, words)],
            "</ul>", "</section>"]


def _entry(entry: ServiceEntry, words: Words) -> list[str]:
    """A service: its name, what it does, who it is for, and each way to reach it on its own line."""
    lines = [f'<li class="service" id="service-{escape(entry.id)}">', f"<h3>{escape(entry.name)}</h3>"]
    if entry.summary:
        lines.append(f"<p>{spans(entry.summary)}</p>")
    if entry.who_for:
        lines.append(f'<p class="who"><span class="label">{escape(words.who_for)}:</span> {spans(entry.who_for)}</p>')
    ways = [(label, contact) for label, contact in contact_lines(entry, words)]
    if ways:
        lines += ['<ul class="ways">', *[_way(label, contact) for label, contact in ways], "</ul>"]
    return lines + ["</li>"]


def contact_lines(entry: ServiceEntry, words: Words) -> list[tuple[str, Contact]]:
    """The entry's ways to reach it, each with its label ("Phone", "Text", "Email", "Website"); the
    label is "" where the printed form says it already ("Text SHOUT to 85258")."""
    labels = {"tel": words.phone, "sms": words.text_message, "mailto": words.email, "web": words.website}
    # Every Contact field, in the model's order (phone first), so a new way to reach a service
    # (a text-message number, say) appears here without another change.
    contacts = [value for field in fields(entry) if isinstance(value := getattr(entry, field.name), Contact)]
    lines = []
    for contact in contacts:
        label = labels[contact.link.kind]
        lines.append(("" if contact.link.text.lower().startswith(label.lower() + " ") else label, contact))
    return lines


def labelled(label: str, text: str) -> str:
    """"Phone: 0800 1111", or the text alone when it needs no label."""
    return f"{label}: {text}" if label else text


def _way(label: str, contact: Contact) -> str:
    note = f' <span class="note">{escape(contact.note)}</span>' if contact.note else ""
    shown = f'<span class="label">{escape(label)}:</span> ' if label else ""
    return f"<li>{shown}{link(contact.link)}{note}</li>"


def _contacts(contacts: Contacts) -> list[str]:
    if not contacts.lines:
        return []
    return ['<section class="contacts" aria-labelledby="contacts-h">',
            f'<h2 id="contacts-h">{escape(contacts.heading)}</h2>',
            "<ul>", *[f"<li>{escape(line)}</li>" for line in contacts.lines], "</ul>", "</section>"]
