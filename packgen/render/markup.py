"""Build ReportLab Paragraph markup from catalogue text, safely.

Paragraph text is XML-ish markup: a raw `a<b` raises, an unclosed `<b>` raises, unknown tags
vanish, and `&copy` without `;` becomes ©, inside an `href` too. So every catalogue string is
escaped and the only markup is built here: `**bold**` spans, `<font name>` for characters the
main font lacks, and links with an allowed scheme.

The markup assumes the paragraph style's `fontName` is the main family's face matching the
`bold`/`italic` arguments (e.g. "Atkinson" for body text, "Atkinson-Bold" with `bold=True`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from packgen.catalogue.bold import split_bold_spans
from packgen.model.nodes import Link, Span, Strong
from packgen.render.fonts import font_runs, register_fonts

ALLOWED_LINK_SCHEMES: frozenset[str] = frozenset({"https", "http", "mailto", "tel", "sms"})

# Any C0/C1 control character or whitespace: none belongs in a link target.
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def escape_text(s: str) -> str:
    """Escape `s` so ReportLab's paragraph parser renders it literally (quotes included)."""
    return html.escape(s, quote=True)


def check_link_url(url: str) -> str:
    """Return `url` if it is safe as a link target, else raise ValueError.

    Allowed schemes: https, http, mailto, tel, sms. Whitespace, control characters and non-ASCII
    characters are rejected (percent-encode them) so the link is exactly what is printed.
    """
    if not url or _BAD_URL_CHARS.search(url):
        raise ValueError(f"link {url!r} is empty or contains whitespace or control characters")
    if not url.isascii():
        raise ValueError(f"link {url!r} contains non-ASCII characters; percent-encode them")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_LINK_SCHEMES:
        allowed = ", ".join(f"{s}:" for s in sorted(ALLOWED_LINK_SCHEMES))
        raise ValueError(f"link {url!r} has scheme {scheme + ':' if scheme else 'none'}; allowed: {allowed}")
    return url


def _runs_markup(text: str, bold: bool, italic: bool) -> str:
    """Escape `text`, wrapping fallback-font runs in `<font name>` with the exact face.

    The exact face matters: `<font name="Fira">` inside `<b>` would reset to Fira's regular face.
    """
    main_faces = register_fonts().main.faces
    main_names = {main_faces.regular, main_faces.bold, main_faces.italic, main_faces.bold_italic}
    pieces: list[str] = []
    for font_name, chunk in font_runs(text, bold=bold, italic=italic):
        escaped = escape_text(chunk)
        if font_name in main_names:
            pieces.append(escaped)
        else:
            pieces.append(f'<font name="{escape_text(font_name)}">{escaped}</font>')
    return "".join(pieces)


def paragraph_markup(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """Convert catalogue text (only `**bold**` allowed) into safe Paragraph markup.

    `bold`/`italic` describe the paragraph style's own face. Raises `MissingGlyphError` when a
    character is in no font.
    """
    pieces: list[str] = []
    for chunk, span_bold in split_bold_spans(text):
        inner = _runs_markup(chunk, bold=bold or span_bold, italic=italic)
        pieces.append(f"<b>{inner}</b>" if span_bold and not bold else inner)
    return "".join(pieces)


def plain_markup(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """Paragraph markup for text that carries no markup of its own (the org profile's): every
    character, ``**`` included, prints as typed; fallback-font runs as in :func:`paragraph_markup`."""
    return _runs_markup(text, bold=bold, italic=italic)


def link_markup(url: str, label: str, *, bold: bool = False, italic: bool = False) -> str:
    """Return `<a href="url">label</a>` markup; the href stays byte-exact (`&copy` is literal).

    Raises ValueError for a scheme other than https, http, mailto, tel, sms, or an empty label.
    The label is plain text (no `**` markup) and gets the same font fallback as paragraphs.
    """
    check_link_url(url)
    if not label.strip():
        raise ValueError(f"link {url!r} has an empty label")
    return f'<a href="{escape_text(url)}">{_runs_markup(label, bold=bold, italic=italic)}</a>'


def spans_markup(spans: tuple[Span, ...], *, bold: bool = False) -> str:
    """Paragraph markup for the model's spans: text, ``Strong`` in ``<b>``, ``Link`` as a link.

    ``bold`` describes the paragraph style's own face, as in :func:`paragraph_markup`. A phone or
    text number in running text never breaks across lines ("0800" at a line's end, "1111" on the
    next is easy to misdial): its spaces are non-breaking.
    """
    pieces: list[str] = []
    for span in spans:
        if isinstance(span, Link):
            pieces.append(link_markup(span.target, _unbroken(span), bold=bold))
        elif isinstance(span, Strong):
            inner = _runs_markup(span.text, bold=True, italic=False)
            pieces.append(inner if bold else f"<b>{inner}</b>")
        else:
            pieces.append(_runs_markup(span.text, bold=bold, italic=False))
    return "".join(pieces)


def _unbroken(link: Link) -> str:
    """A link's printed text, with no-break spaces in a phone or text number (ActualText and text
    extraction still give ordinary spaces: the tagging joins the words it reads with them)."""
    return link.text.replace(" ", "\u00a0") if link.kind in ("tel", "sms") else link.text
