"""The HTML of ``output/index.html``: one self-contained, accessible page that helps on its own.

For each audience: its key messages and where to get help (phone numbers, addresses and web
links, clickable), then a card per document with its preview, what it covers, and links to its
web version, its PDF and its text version; a print-shop version of a document (bleed and crop
marks) is listed under that document instead of as a card of its own. With an org profile the
page carries the org's name, logo and colours.

Pure: values in, a string out; no scripts, nothing fetched (the logo is inline). Every catalogue,
org and spreadsheet string passes through :func:`html.escape`; every word of the page's own comes
from :mod:`packgen.i18n.words`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..i18n.direction import text_direction
from ..i18n.tags import same_language
from ..i18n.words import Words, month_year, words_for
from ..model.nodes import ServiceEntry
from .page import contact_lines, link

if TYPE_CHECKING:
    from .gallery import GalleryBrand, GalleryEntry

# Topics listed on a card before the rest fold away behind "Show N more topics".
TOPICS_SHOWN = 3
DEFAULT_PRIMARY = "#1b3a5c"
DEFAULT_ACCENT = "#b4232a"

CSS = """\
:root{--primary:%(primary)s;--accent:%(accent)s;--text:#16181d;--muted:#4a5563;
--line:#d5dbe2;--soft:#f2f4f7;color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%%;text-size-adjust:100%%}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--text);background:#fff}
a{color:var(--primary);text-underline-offset:.15em;overflow-wrap:anywhere}
:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip-link{position:absolute;left:1rem;top:-10rem;z-index:10;padding:.75rem 1.25rem;background:#fff;
color:var(--primary);font-weight:700;border-radius:.375rem;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.skip-link:focus{top:1rem}
#main:focus{outline:none}
.wrap{max-width:74rem;margin:0 auto;padding:0 1rem}
.masthead{background:var(--primary);color:#fff;border-bottom:6px solid var(--accent)}
.masthead .wrap{padding-top:2rem;padding-bottom:2rem}
.masthead :focus-visible{outline-color:#fff}
.logo{display:inline-block;margin:0 0 1rem;padding:.5rem;background:#fff;border-radius:.5rem}
.logo img{display:block;max-height:4.5rem;max-width:14rem;width:auto;height:auto}
.publisher{margin:0 0 .5rem;font-size:1rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase}
h1{margin:0 0 .75rem;font-size:clamp(1.75rem,3vw + 1rem,2.75rem);line-height:1.15}
.intro{margin:0;max-width:42rem;font-size:1.125rem}
.local{margin:1.25rem 0 0;padding:1rem 1.25rem;border-inline-start:6px solid var(--accent);background:var(--soft);
border-radius:.5rem}
.local h2{margin:0 0 .5rem;font-size:1.25rem;color:var(--primary)}
.local ul{margin:0;padding-inline-start:1.25rem}
.jump{padding:1.25rem 0 .25rem}
.jump h2{margin:0 0 .75rem;font-size:1rem;color:var(--muted)}
.jump ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0}
.jump a{display:inline-block;padding:.5rem 1rem;border:1px solid var(--line);border-radius:.5rem;
font-weight:600;text-decoration:none;background:#fff}
.jump a:hover{border-color:var(--primary);background:var(--soft)}
.audience{padding:1.75rem 0 .5rem}
.audience>h2{margin:0 0 1rem;font-size:clamp(1.5rem,1.5vw + 1rem,1.875rem);line-height:1.2;color:var(--primary);
padding-inline-start:.875rem;border-inline-start:6px solid var(--accent)}
.brief{display:grid;gap:1rem;margin:0 0 1.5rem;grid-template-columns:repeat(auto-fit,minmax(min(100%%,20rem),1fr))}
.brief>div{padding:1rem 1.25rem;border-radius:.75rem;background:var(--soft);border:1px solid var(--line)}
.brief h3{margin:0 0 .5rem;font-size:1.125rem}
.brief ul{margin:0;padding-inline-start:1.25rem}
.brief li+li{margin-top:.375rem}
.messages li{font-weight:600}
.help{list-style:none;padding:0!important}
.help li+li{margin-top:.625rem!important}
.help .name{display:block;font-weight:700}
.help .ways{display:flex;flex-wrap:wrap;gap:.125rem 1rem}
.help .ways a{font-weight:600}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem;
grid-template-columns:repeat(auto-fill,minmax(min(100%%,18rem),1fr))}
.card{height:100%%;display:grid;grid-template-rows:auto auto 1fr;grid-template-areas:"thumb" "head" "body";
background:#fff;border:1px solid var(--line);border-radius:.75rem;overflow:hidden;
box-shadow:0 1px 2px rgba(22,24,29,.05)}
.card.no-preview{grid-template-rows:auto 1fr;grid-template-areas:"head" "body"}
.thumb{grid-area:thumb;height:17.5rem;display:flex;align-items:center;justify-content:center;padding:1.25rem;
background:var(--soft);border-bottom:1px solid var(--line)}
.thumb img{display:block;width:auto;height:auto;max-width:100%%;max-height:15rem;background:#fff;
border:1px solid #c3cad3;box-shadow:0 2px 4px rgba(22,24,29,.10),0 8px 20px rgba(22,24,29,.10)}
.card-head{grid-area:head;display:flex;flex-direction:column;gap:.5rem;padding:1.25rem 1.25rem 0}
.card-body{grid-area:body;display:flex;flex-direction:column;gap:.75rem;padding:1rem 1.25rem 1.25rem}
.card h3{margin:0;font-size:1.25rem;line-height:1.3}
.tagline{margin:0;color:var(--accent);font-weight:600}
.no-pdf{margin:.5rem 0 0;padding:.4rem .6rem;border-inline-start:4px solid var(--primary);background:var(--soft)}
.out-of-date{margin:.5rem 0 0;padding:.4rem .6rem;border-inline-start:4px solid #b4232a;background:#fdecea;color:#111}
.facts{list-style:none;display:flex;flex-wrap:wrap;gap:.375rem;margin:0;padding:0}
.facts li{padding:.0625rem .5rem;border-radius:.375rem;background:var(--soft);color:var(--muted);font-size:1rem}
.label{margin:0 0 .25rem;font-size:1rem;font-weight:700}
.card ul.topics{margin:0;padding-inline-start:1.25rem;font-size:1rem;list-style:disc}
.card ul.topics li+li{margin-top:.25rem}
.card ul.topics li::marker{color:var(--accent)}
details{margin-top:.375rem;font-size:1rem}
summary{cursor:pointer;color:var(--primary);font-weight:600;padding:.25rem 0}
summary:hover{text-decoration:underline}
details ul.topics{margin-top:.25rem}
.actions{list-style:none;margin:auto 0 0;padding:0;display:flex;flex-direction:column;gap:.5rem}
.button{display:flex;align-items:center;justify-content:center;gap:.5rem;min-height:3rem;padding:.625rem 1rem;
border-radius:.5rem;font-size:1.0625rem;font-weight:700;text-decoration:none;text-align:center;
border:2px solid var(--primary)}
.read{background:var(--primary);color:#fff}
.read:hover{background:#fff;color:var(--primary)}
.download{background:#fff;color:var(--primary)}
.download:hover{background:var(--soft);text-decoration:underline}
.download svg{flex:none;width:1.25rem;height:1.25rem}
.size{font-weight:400}
.text-link{font-size:1rem;text-align:center}
.print-shop{margin:.25rem 0 0;padding:.75rem 0 0;border-top:1px solid var(--line);font-size:1rem}
.print-shop ul{margin:0;padding-inline-start:1.25rem}
footer{margin-top:2.5rem;padding:1.75rem 0 2.5rem;background:var(--soft);border-top:1px solid var(--line);
color:var(--muted);font-size:1rem}
footer p{margin:0 0 .375rem}
@media (max-width:35rem){
.card{grid-template-columns:6.75rem 1fr;grid-template-rows:auto 1fr;grid-template-areas:"thumb head" "body body"}
.card.no-preview{grid-template-columns:1fr;grid-template-areas:"head" "body"}
.thumb{height:auto;align-items:flex-start;justify-content:flex-start;padding:1.25rem 0 0 1.25rem;
background:none;border:0}
.thumb img{max-height:8rem}
.card-head{padding-inline-start:1rem}
}
@media print{.skip-link,.jump,.download svg,.actions{display:none}.masthead{background:none;color:var(--text)}
.card,.brief>div{break-inside:avoid}}
"""

ICON = ('<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        'stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round">'
        '<path d="M12 4v11m-5-5 5 5 5-5M5 20h14"/></svg>')


def render_gallery_html(pack_title: str, publisher: str, audiences: Sequence[tuple[str, str]],
                        entries: Sequence[GalleryEntry], thumbnail_sizes: Mapping[str, tuple[int, int]], *,
                        language: str = "en-GB", reviewed: dt.date | None = None,
                        brand: GalleryBrand | None = None) -> str:
    """The whole page; a card gets a thumbnail only when ``thumbnail_sizes`` has its id."""
    words = words_for(language)
    cards, variants = split_variants(entries)
    groups = group_by_audience(audiences, cards)
    intro = words.gallery_intro_one if len(cards) == 1 else words.gallery_intro.format(count=len(cards))
    colours = {"primary": (brand and brand.primary) or DEFAULT_PRIMARY,
               "accent": (brand and brand.accent) or DEFAULT_ACCENT}
    logo = []
    if brand and brand.logo:
        logo = [f'<p class="logo"><img src="{escape(brand.logo.data_uri())}" alt="{escape(brand.logo.alt)}"></p>']
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language)}" dir="{text_direction(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(pack_title)} | {escape(publisher)}</title>",
        f'<meta name="description" content="{escape(intro)}">',
        f"<style>\n{CSS % colours}</style>",
        "</head>",
        "<body>",
        f'<a class="skip-link" href="#main">{escape(words.skip_to_resources)}</a>',
        '<header class="masthead">',
        '<div class="wrap">',
        *logo,
        f'<p class="publisher">{escape(publisher)}</p>',
        f"<h1>{escape(pack_title)}</h1>",
        f'<p class="intro">{escape(intro)}</p>',
        "</div>",
        "</header>",
        '<main id="main" tabindex="-1">',
        '<div class="wrap">',
        *_local_contacts(brand),
        *_jump_links(groups, words),
        *[line for audience_id, label, group in groups
          for line in _section(audience_id, label, group, variants, thumbnail_sizes, words, language)],
        "</div>",
        "</main>",
        *_footer(publisher, reviewed, words),
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def split_variants(entries: Sequence[GalleryEntry]) -> tuple[list[GalleryEntry], dict[str, list[GalleryEntry]]]:
    """The entries that get a card, and the print-shop versions listed under each (by its id).

    A variant whose document is not in the gallery (left out of a build) gets a card of its own.
    """
    listed = {e.id for e in entries}
    variants: dict[str, list[GalleryEntry]] = {}
    cards = []
    for entry in entries:
        if entry.variant_of and entry.variant_of in listed and entry.variant_of != entry.id:
            variants.setdefault(entry.variant_of, []).append(entry)
        else:
            cards.append(entry)
    return cards, variants


def group_by_audience(audiences: Sequence[tuple[str, str]], entries: Sequence[GalleryEntry]
                      ) -> list[tuple[str, str, list[GalleryEntry]]]:
    """(audience id, label, entries) in audience order, skipping audiences without documents.

    Entries for an audience missing from ``audiences`` follow, grouped under their own label.
    """
    order = list(audiences) + [(e.audience_id, e.audience_label) for e in entries]
    labels = dict(reversed(order))  # the first label given for an id wins
    groups: dict[str, list[GalleryEntry]] = {}
    for audience_id, _ in order:
        groups.setdefault(audience_id, [])
    for entry in entries:
        groups[entry.audience_id].append(entry)
    return [(i, labels[i], group) for i, group in groups.items() if group]


def format_size(size: int) -> str:
    """Bytes as people read them: '212 kB', '1.4 MB' (decimal units, as file managers show)."""
    if size >= 999_500:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def _local_contacts(brand: GalleryBrand | None) -> list[str]:
    """The org's own people to talk to, first: for a school's parents, the first place to go."""
    if not brand or not brand.contacts:
        return []
    return ['<section class="local" aria-labelledby="local-heading">',
            f'<h2 id="local-heading">{escape(brand.contacts_heading)}</h2>', "<ul>",
            *[f"<li>{escape(line)}</li>" for line in brand.contacts], "</ul>", "</section>"]


def _jump_links(groups: list[tuple[str, str, list[GalleryEntry]]], words: Words) -> list[str]:
    if len(groups) < 2:
        return []
    items = [f'<li><a href="#for-{escape(i)}">{escape(label)}</a></li>' for i, label, _ in groups]
    return ['<nav class="jump" aria-labelledby="jump-heading">',
            f'<h2 id="jump-heading">{escape(words.who_is_it_for)}</h2>', "<ul>", *items, "</ul>", "</nav>"]


def _section(audience_id: str, label: str, entries: list[GalleryEntry], variants: dict[str, list[GalleryEntry]],
             sizes: Mapping[str, tuple[int, int]], words: Words, language: str = "en-GB") -> list[str]:
    anchor = f"for-{escape(audience_id)}"
    cards = [line for entry in entries for line in _card(entry, variants.get(entry.id, []), sizes.get(entry.id),
                                                         words, language)]
    return [f'<section class="audience" id="{anchor}" aria-labelledby="{anchor}-heading">',
            f'<h2 id="{anchor}-heading">{escape(label)}</h2>', *_brief(anchor, entries, words, language),
            '<ul class="cards">', *cards, "</ul>", "</section>"]


def _brief(anchor: str, entries: list[GalleryEntry], words: Words, language: str = "en-GB") -> list[str]:
    """The audience's key messages (its documents' taglines, each marked with its language) and every
    service its documents name, each with its website, phone number and email as links (from the
    documents in the page's language when there are any, so the list reads in one language)."""
    messages = list(dict.fromkeys((e.tagline, e.language) for e in entries if e.tagline))
    services: dict[str, ServiceEntry] = {}
    in_page_language = [e for e in entries if _same_language(e, language)] or entries
    for entry in in_page_language:
        for service in entry.help:
            services.setdefault(service.id, service)
    lines = []
    if messages:
        lines += ["<div>", f'<h3 id="{anchor}-messages">{escape(words.key_messages)}</h3>', '<ul class="messages">',
                  *[_message(m, tag, language) for m, tag in messages], "</ul>", "</div>"]
    if services:
        lines += ["<div>", f'<h3 id="{anchor}-help">{escape(words.where_to_get_help)}</h3>', '<ul class="help">',
                  *[_help(service, words) for service in services.values()], "</ul>", "</div>"]
    return ['<div class="brief">', *lines, "</div>"] if lines else []


def _message(message: str, tag: str, page_language: str) -> str:
    """A key message; one in another language is marked so, in a span (the bullet stays where the
    page's other bullets are, the text runs in its own direction)."""
    lang = _lang(tag, page_language)
    return f"<li><span{lang}>{escape(message)}</span></li>" if lang else f"<li>{escape(message)}</li>"


def _same_language(entry: GalleryEntry, language: str) -> bool:
    return not entry.language or same_language(entry.language, language)


def _lang(tag: str, page_language: str) -> str:
    """` lang="cy"` (and ` dir="rtl"` for right-to-left) on text in another language than the page's."""
    if not tag or same_language(tag, page_language):
        return ""
    direction = text_direction(tag)
    return f' lang="{escape(tag)}"' + (f' dir="{direction}"' if direction != text_direction(page_language) else "")


def _help(service: ServiceEntry, words: Words) -> str:
    """A service on one or two lines: its name, linked to its website when it has one (a long
    address would fill a phone's screen), then its numbers and email as links."""
    name = escape(service.name)
    ways = []
    for label, contact in contact_lines(service, words):
        if contact.link.kind == "web":
            name = f'<a href="{escape(contact.link.target)}">{name}</a>'
            continue
        note = f" ({escape(contact.note)})" if contact.note else ""
        shown = f"{escape(label)}: " if label else ""
        ways.append(f"<span>{shown}{link(contact.link)}{note}</span>")
    return f'<li><span class="name">{name}</span> <span class="ways">{" ".join(ways)}</span></li>'


def _card(entry: GalleryEntry, variants: list[GalleryEntry], size: tuple[int, int] | None,
          words: Words, language: str = "en-GB") -> list[str]:
    """One document: its heading first in reading order, though the stylesheet shows the preview above it.

    A web-only document (no PDF for its script) lists its web page and text version and says why
    there is no PDF to print."""
    heading = f"doc-{escape(entry.id)}"
    lang = _lang(entry.language, language)
    lines = [f'<li><article class="card{"" if size else " no-preview"}" aria-labelledby="{heading}">',
             '<div class="card-head">', f'<h3 id="{heading}"{lang}>{escape(entry.title)}</h3>']
    if entry.tagline:
        lines.append(f'<p class="tagline"{lang}>{escape(entry.tagline)}</p>')
    if entry.file:
        pages = words.one_page if entry.pages == 1 else words.pages.format(count=entry.pages)
        facts = [entry.format, pages, format_size(entry.bytes)]
    else:
        facts = [words.web_and_text]
    lines += ['<ul class="facts">', *[f"<li>{escape(fact)}</li>" for fact in facts], "</ul>"]
    if entry.no_pdf:
        note = words.no_pdf_yet.format(language=", ".join(entry.no_pdf))
        lines.append(f'<p class="no-pdf">{escape(note)}</p>')
    if entry.out_of_date:
        detail = escape(words.out_of_date_detail).replace("{command}", "<code>packgen build</code>")
        lines.append(f'<p class="out-of-date"><strong>{escape(words.out_of_date)}</strong> {detail}</p>')
    lines.append("</div>")
    if size:
        alt = escape(words.preview_of.format(title=entry.title))
        lines += ['<div class="thumb">',
                  f'<img src="previews/{escape(quote(entry.id))}.png" width="{size[0]}" height="{size[1]}" alt="{alt}">',
                  "</div>"]
    lines += ['<div class="card-body">', *_topics(entry.covers, words, lang), *_actions(entry, words),
              *_print_shop(entry, variants, words), "</div>", "</article></li>"]
    return lines


def _topics(covers: tuple[str, ...], words: Words, lang: str = "") -> list[str]:
    if not covers:
        return []
    shown, rest = (covers, ()) if len(covers) <= TOPICS_SHOWN + 1 else (covers[:TOPICS_SHOWN], covers[TOPICS_SHOWN:])
    lines = ["<div>", f'<p class="label">{escape(words.what_it_covers)}</p>', *_list(shown, lang)]
    if rest:
        more = words.show_more_topic if len(rest) == 1 else words.show_more_topics.format(count=len(rest))
        lines += ["<details>", f"<summary>{escape(more)}</summary>", *_list(rest, lang), "</details>"]
    return lines + ["</div>"]


def _list(items: Sequence[str], lang: str = "") -> list[str]:
    return [f'<ul class="topics"{lang}>', *[f"<li>{escape(item)}</li>" for item in items], "</ul>"]


def _actions(entry: GalleryEntry, words: Words) -> list[str]:
    """Read online, download the PDF, the plain text: each link named for its document, since a
    screen reader may list the page's links out of context ("Read online: <title>, <format>")."""
    shown_as = entry.format if entry.file else words.web_and_text  # a web-only document is no "A4 poster"
    hidden = f'<span class="visually-hidden">: {escape(entry.title)}, {escape(shown_as)}</span>'
    web = next((other for other in entry.others if other.media_type == "text/html"), None)
    text = next((other for other in entry.others if other.media_type == "text/plain"), None)
    lines = ['<ul class="actions">']
    if web:
        lines.append(f'<li><a class="button read" href="{escape(quote(web.file))}">'
                     f"{escape(words.read_online)}{hidden}</a></li>")
    if entry.file:  # a web-only document has no PDF to download
        lines.append(_download(entry, words))
    if text:
        lines.append(f'<li class="text-link"><a href="{escape(quote(text.file))}" type="text/plain">'
                     f"{escape(words.plain_text)}{hidden}</a></li>")
    return lines + ["</ul>"]


def _download(entry: GalleryEntry, words: Words) -> str:
    """A link named 'Download <title>, <format> (PDF, 212 kB)': unique even when documents share a title.

    Sighted readers see 'Download (PDF, 212 kB)' under the card's title and format.
    """
    hidden = escape(f" {entry.title}, {entry.format}")
    return (f'<li><a class="button download" href="{escape(quote(entry.file))}" type="application/pdf">{ICON}'
            f'<span>{escape(words.download)}<span class="visually-hidden">{hidden}</span> '
            f'<span class="size">{escape(words.pdf_size.format(size=format_size(entry.bytes)))}</span></span></a></li>')


def _print_shop(entry: GalleryEntry, variants: list[GalleryEntry], words: Words) -> list[str]:
    """The print-shop versions of this document: other documents with bleed and crop marks, and
    its own extra files (imposed booklet sheets, say): every output but its web and text versions."""
    extras = [other for other in entry.others if other.media_type not in ("text/html", "text/plain")]
    if not variants and not extras:
        return []
    items = [_print_link(v.file, v.format, "application/pdf", v.bytes, v.title, words) for v in variants]
    items += [_print_link(other.file, other.label, other.media_type, other.bytes, entry.title, words)
              for other in extras]
    return ['<div class="print-shop">', f'<p class="label">{escape(words.for_a_print_shop)}</p>', "<ul>", *items,
            "</ul>", "</div>"]


def _print_link(file: str, label: str, media_type: str, size: int, title: str, words: Words) -> str:
    shown = words.pdf_size.format(size=format_size(size)) if media_type == "application/pdf" \
        else f"({format_size(size)})"
    return (f'<li><a href="{escape(quote(file))}" type="{escape(media_type)}">{escape(label)}'
            f'<span class="visually-hidden">, {escape(title)}</span> {escape(shown)}</a></li>')


def _footer(publisher: str, reviewed: dt.date | None, words: Words) -> list[str]:
    lines = ["<footer>", '<div class="wrap">', f"<p>{escape(words.published_by.format(publisher=publisher))}</p>"]
    if reviewed:
        lines.append(f"<p>{escape(words.content_checked.format(date=month_year(reviewed, words)))}</p>")
    return lines + [f"<p>{escape(words.made_with)}</p>", "</div>", "</footer>"]
