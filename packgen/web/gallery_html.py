"""The HTML of ``output/index.html``: one self-contained, accessible page, no scripts or external assets.

Pure: strings in, a string out. Every catalogue string passes through :func:`html.escape`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from packgen.i18n.words import month_year

if TYPE_CHECKING:
    from packgen.web.gallery import GalleryEntry, GalleryFile

# Topics listed on a card before the rest fold away behind "Show N more topics".
TOPICS_SHOWN = 3

CSS = """\
:root{--primary:#1b3a5c;--primary-dark:#122a44;--accent:#b4232a;--text:#16181d;--muted:#4a5563;
--line:#d5dbe2;--soft:#f2f4f7;color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--text);background:#fff}
a{color:var(--primary);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip-link{position:absolute;left:1rem;top:-10rem;z-index:10;padding:.75rem 1.25rem;background:#fff;
color:var(--primary);font-weight:700;border-radius:.375rem;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.skip-link:focus{top:1rem}
#main:focus{outline:none}
.wrap{max-width:74rem;margin:0 auto;padding:0 1.25rem}
.masthead{background:var(--primary);color:#fff;border-bottom:6px solid var(--accent)}
.masthead .wrap{padding-top:2.75rem;padding-bottom:2.5rem}
.masthead :focus-visible{outline-color:#fff}
.publisher{margin:0 0 .5rem;font-size:1rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;opacity:.9}
h1{margin:0 0 .75rem;font-size:clamp(1.875rem,3vw + 1rem,2.75rem);line-height:1.15}
.intro{margin:0;max-width:42rem;font-size:1.125rem}
.jump{padding:1.5rem 0 .5rem}
.jump h2{margin:0 0 .75rem;font-size:1rem;color:var(--muted);border:0;padding:0}
.jump ul{list-style:none;display:flex;flex-wrap:wrap;gap:.625rem;margin:0;padding:0}
.jump a{display:inline-block;padding:.5rem 1rem;border:1px solid var(--line);border-radius:.5rem;
font-weight:600;text-decoration:none;background:#fff}
.jump a:hover{border-color:var(--primary);background:var(--soft)}
.audience{padding:2rem 0 1rem}
.audience>h2{margin:0 0 1.5rem;font-size:clamp(1.5rem,1.5vw + 1rem,1.875rem);line-height:1.2;color:var(--primary);
padding-left:.875rem;border-left:6px solid var(--accent)}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:1.5rem;
grid-template-columns:repeat(auto-fill,minmax(min(100%,18rem),1fr))}
.card{height:100%;display:grid;grid-template-rows:auto auto 1fr;grid-template-areas:"thumb" "head" "body";
background:#fff;border:1px solid var(--line);border-radius:.75rem;overflow:hidden;
box-shadow:0 1px 2px rgba(22,24,29,.05)}
.card.no-preview{grid-template-rows:auto 1fr;grid-template-areas:"head" "body"}
.thumb{grid-area:thumb;height:17.5rem;display:flex;align-items:center;justify-content:center;padding:1.25rem;
background:var(--soft);border-bottom:1px solid var(--line)}
.thumb img{display:block;width:auto;height:auto;max-width:100%;max-height:15rem;background:#fff;
border:1px solid #c3cad3;box-shadow:0 2px 4px rgba(22,24,29,.10),0 8px 20px rgba(22,24,29,.10)}
.card-head{grid-area:head;display:flex;flex-direction:column;gap:.625rem;padding:1.25rem 1.25rem 0}
.card-body{grid-area:body;display:flex;flex-direction:column;gap:.875rem;padding:1rem 1.25rem 1.5rem}
.card h3{margin:0;font-size:1.25rem;line-height:1.3}
.tagline{margin:0;color:var(--accent);font-weight:600}
.out-of-date{margin:.5rem 0 0;padding:.4rem .6rem;border-left:4px solid #b4232a;background:#fdecea;color:#111}
.facts{list-style:none;display:flex;flex-wrap:wrap;gap:.375rem;margin:0;padding:0}
.facts li{padding:.0625rem .5rem;border-radius:.375rem;background:var(--soft);color:var(--muted);font-size:1rem}
.label{margin:0 0 .25rem;font-size:1rem;font-weight:700}
.card ul.topics{margin:0;padding-left:1.25rem;font-size:1rem;list-style:disc}
.card ul.topics li+li{margin-top:.25rem}
.card ul.topics li::marker{color:var(--accent)}
details{margin-top:.375rem;font-size:1rem}
summary{cursor:pointer;color:var(--primary);font-weight:600;padding:.25rem 0}
summary:hover{text-decoration:underline}
details ul.topics{margin-top:.25rem}
.download{margin-top:auto;display:flex;align-items:center;justify-content:center;gap:.5rem;min-height:3rem;
padding:.75rem 1rem;border-radius:.5rem;background:var(--primary);color:#fff;font-size:1.125rem;font-weight:700;
text-decoration:none;text-align:center}
.download:hover{background:var(--primary-dark);text-decoration:underline}
.download svg{flex:none;width:1.25rem;height:1.25rem}
.download .size{font-weight:400}
footer{margin-top:2.5rem;padding:1.75rem 0 2.5rem;background:var(--soft);border-top:1px solid var(--line);
color:var(--muted);font-size:1rem}
footer p{margin:0 0 .375rem}
@media (max-width:35rem){
.card{grid-template-columns:6.75rem 1fr;grid-template-rows:auto 1fr;grid-template-areas:"thumb head" "body body"}
.card.no-preview{grid-template-columns:1fr;grid-template-areas:"head" "body"}
.thumb{height:auto;align-items:flex-start;justify-content:flex-start;padding:1.25rem 0 0 1.25rem;
background:none;border:0}
.thumb img{max-height:8rem}
.card-head{padding-left:1rem}
}
@media print{.skip-link,.jump,.download svg{display:none}.masthead{background:none;color:var(--text)}
.card{break-inside:avoid}}
"""

ICON = ('<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        'stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round">'
        '<path d="M12 4v11m-5-5 5 5 5-5M5 20h14"/></svg>')


def render_gallery_html(pack_title: str, publisher: str, audiences: Sequence[tuple[str, str]],
                        entries: Sequence[GalleryEntry], thumbnail_sizes: Mapping[str, tuple[int, int]], *,
                        language: str = "en-GB", reviewed: dt.date | None = None) -> str:
    """The whole page; a card gets a thumbnail only when ``thumbnail_sizes`` has its id."""
    groups = group_by_audience(audiences, entries)
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(pack_title)} | {escape(publisher)}</title>",
        f'<meta name="description" content="{escape(_intro(len(entries)))}">',
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        '<a class="skip-link" href="#main">Skip to the resources</a>',
        '<header class="masthead">',
        '<div class="wrap">',
        f'<p class="publisher">{escape(publisher)}</p>',
        f"<h1>{escape(pack_title)}</h1>",
        f'<p class="intro">{escape(_intro(len(entries)))}</p>',
        "</div>",
        "</header>",
        '<main id="main" tabindex="-1">',
        '<div class="wrap">',
        *_jump_links(groups),
        *[line for audience_id, label, group in groups for line in _section(audience_id, label, group,
                                                                              thumbnail_sizes)],
        "</div>",
        "</main>",
        *_footer(publisher, reviewed),
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


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


def _intro(count: int) -> str:
    what = "one resource" if count == 1 else f"{count} resources"
    return f"Free to download, print and share: {what}, each a print-ready PDF, grouped by who it is for."


def _jump_links(groups: list[tuple[str, str, list[GalleryEntry]]]) -> list[str]:
    if len(groups) < 2:
        return []
    items = [f'<li><a href="#for-{escape(i)}">{escape(label)}</a></li>' for i, label, _ in groups]
    return ['<nav class="jump" aria-labelledby="jump-heading">',
            '<h2 id="jump-heading">Who is it for?</h2>', "<ul>", *items, "</ul>", "</nav>"]


def _section(audience_id: str, label: str, entries: list[GalleryEntry],
             sizes: Mapping[str, tuple[int, int]]) -> list[str]:
    anchor = f"for-{escape(audience_id)}"
    cards = [line for entry in entries for line in _card(entry, sizes.get(entry.id))]
    return [f'<section class="audience" id="{anchor}" aria-labelledby="{anchor}-heading">',
            f'<h2 id="{anchor}-heading">{escape(label)}</h2>',
            '<ul class="cards">', *cards, "</ul>", "</section>"]


def _card(entry: GalleryEntry, size: tuple[int, int] | None) -> list[str]:
    """One document: its heading first in reading order, though the stylesheet shows the preview above it."""
    heading = f"doc-{escape(entry.id)}"
    pages = "1 page" if entry.pages == 1 else f"{entry.pages} pages"
    lines = [f'<li><article class="card{"" if size else " no-preview"}" aria-labelledby="{heading}">',
             '<div class="card-head">', f'<h3 id="{heading}">{escape(entry.title)}</h3>']
    if entry.tagline:
        lines.append(f'<p class="tagline">{escape(entry.tagline)}</p>')
    lines += ['<ul class="facts">', f"<li>{escape(entry.format)}</li>", f"<li>{pages}</li>",
              f"<li>{format_size(entry.bytes)}</li>", "</ul>"]
    if entry.out_of_date:
        lines.append('<p class="out-of-date"><strong>Out of date: the last build failed.</strong> '
                     "This is the older version; run <code>packgen build</code> to see why.</p>")
    lines.append("</div>")
    if size:
        alt = escape(f"Preview of the first page of {entry.title}")
        lines += ['<div class="thumb">',
                  f'<img src="previews/{escape(quote(entry.id))}.png" width="{size[0]}" height="{size[1]}" alt="{alt}">',
                  "</div>"]
    lines += ['<div class="card-body">', *_topics(entry.covers), *_services(entry.services), _download(entry),
              *[_other_download(entry, other) for other in entry.others], "</div>", "</article></li>"]
    return lines


def _topics(covers: tuple[str, ...]) -> list[str]:
    if not covers:
        return []
    shown, rest = (covers, ()) if len(covers) <= TOPICS_SHOWN + 1 else (covers[:TOPICS_SHOWN], covers[TOPICS_SHOWN:])
    lines = ["<div>", '<p class="label">What it covers</p>', *_list(shown)]
    if rest:
        more = "1 more topic" if len(rest) == 1 else f"{len(rest)} more topics"
        lines += ["<details>", f"<summary>Show {more}</summary>", *_list(rest), "</details>"]
    return lines + ["</div>"]


def _services(services: tuple[str, ...]) -> list[str]:
    if not services:
        return []
    return ["<div>", '<p class="label">Where to get help</p>', *_list(services), "</div>"]


def _list(items: Sequence[str]) -> list[str]:
    return ['<ul class="topics">', *[f"<li>{escape(item)}</li>" for item in items], "</ul>"]


def _download(entry: GalleryEntry) -> str:
    """A link named 'Download <title>, <format> (PDF, 212 kB)': unique even when documents share a title.

    Sighted readers see 'Download (PDF, 212 kB)' under the card's title and format.
    """
    hidden = escape(f" {entry.title}, {entry.format}")
    return (f'<a class="download" href="{escape(quote(entry.file))}" type="application/pdf">{ICON}'
            f'<span>Download<span class="visually-hidden">{hidden}</span> '
            f'<span class="size">(PDF, {format_size(entry.bytes)})</span></span></a>')


def _other_download(entry: GalleryEntry, other: GalleryFile) -> str:
    """A plain link to one of the document's other outputs: 'Open the web page (12 kB)'."""
    hidden = escape(f" of {entry.title}")
    return (f'<a class="other" href="{escape(quote(other.file))}" type="{escape(other.media_type)}">'
            f'Open the {escape(other.label)}<span class="visually-hidden">{hidden}</span> '
            f'<span class="size">({format_size(other.bytes)})</span></a>')


def _footer(publisher: str, reviewed: dt.date | None) -> list[str]:
    lines = ["<footer>", '<div class="wrap">', f"<p>Published by {escape(publisher)}.</p>"]
    if reviewed:
        lines.append(f"<p>Content last checked {month_year(reviewed)}.</p>")
    return lines + ["<p>Made with packgen.</p>", "</div>", "</footer>"]
