"""Tests for packgen.render.markup: escaping, **bold**, font fallback and links, in real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from packgen.render.fonts import MissingGlyphError, register_fonts
from packgen.render.markup import (
    check_link_url,
    escape_text,
    link_markup,
    paragraph_markup,
    split_bold_spans,
)
from packgen.verify import pdf_inspect

HOSTILE = ["a<b & c>d", "&copy", "<b>unclosed", "\"quotes\" 'single'", "&amp; &#169; &lt;i&gt;"]
MULTILINGUAL = [
    "Welsh: ŵ ŷ Ŵ Ŷ — Dŵr a thŷ",
    "Polish: ąęłżź Zażółć gęślą jaźń",
    "Greek: αβγ Ωμέγα",
]
TRICKY_URL = "https://example.org/?a=1&copy=2"


def build_pdf(path: Path, markups: list[str], *, font: str = "Atkinson") -> Path:
    """Build a one-column PDF with one Paragraph per markup string."""
    register_fonts()
    style = ParagraphStyle("body", fontName=font, fontSize=11, leading=14)
    doc = SimpleDocTemplate(str(path), initialFontName="Atkinson", invariant=1)
    doc.build([Paragraph(markup, style) for markup in markups])
    return path


def test_escape_text_escapes_markup_and_quotes() -> None:
    assert escape_text("a<b & c>d") == "a&lt;b &amp; c&gt;d"
    assert escape_text("&copy") == "&amp;copy"
    assert escape_text("\"q\" 's'") == "&quot;q&quot; &#x27;s&#x27;"


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("plain", [("plain", False)]),
        ("**bold** and **unclosed", [("bold", True), (" and **unclosed", False)]),
        ("a **b** c **d**", [("a ", False), ("b", True), (" c ", False), ("d", True)]),
        ("**", [("**", False)]),
        ("x **** y", [("x **** y", False)]),
        ("", []),
    ],
)
def test_split_bold_spans(text: str, spans: list[tuple[str, bool]]) -> None:
    assert split_bold_spans(text) == spans


def test_paragraph_markup_bold_and_unmatched_marker() -> None:
    assert paragraph_markup("**bold** and **unclosed") == "<b>bold</b> and **unclosed"
    assert paragraph_markup("<b>x</b> **y**") == "&lt;b&gt;x&lt;/b&gt; <b>y</b>"


def test_paragraph_markup_emits_exact_fallback_face_per_weight() -> None:
    assert paragraph_markup("Ŵy **ŵ**") == (
        '<font name="Fira">Ŵ</font>y <b><font name="Fira-Bold">ŵ</font></b>'
    )
    # A bold paragraph style: no <b> needed, fallback runs still bold.
    assert paragraph_markup("Tŷ **a**", bold=True) == 'T<font name="Fira-Bold">ŷ </font>a'
    assert paragraph_markup("ŵ", italic=True) == '<font name="Fira-Italic">ŵ</font>'


def test_paragraph_markup_raises_for_characters_in_no_font() -> None:
    with pytest.raises(MissingGlyphError) as caught:
        paragraph_markup("hi \U0001F600")
    assert caught.value.characters == ("\U0001F600",)


def test_hostile_strings_render_literally(tmp_path: Path) -> None:
    texts = [*HOSTILE, "**bold** and **unclosed"]
    pdf = build_pdf(tmp_path / "hostile.pdf", [paragraph_markup(t) for t in texts])
    (text,) = pdf_inspect.extract_text(pdf)
    for literal in [*HOSTILE, "bold and **unclosed"]:
        assert pdf_inspect.normalise_text(literal) in text
    assert "©" not in text and "\x00" not in text


def test_multilingual_text_survives_with_embedded_fonts_only(tmp_path: Path) -> None:
    markups = [paragraph_markup(t) for t in MULTILINGUAL]
    markups += [paragraph_markup(f"**{t}**") for t in MULTILINGUAL]
    pdf = build_pdf(tmp_path / "multi.pdf", markups)
    (text,) = pdf_inspect.extract_text(pdf)
    for expected in MULTILINGUAL:
        assert text.count(pdf_inspect.normalise_text(expected)) == 2
    assert "\x00" not in text
    assert pdf_inspect.unembedded_fonts(pdf) == set()
    fonts = pdf_inspect.embedded_fonts(pdf)
    assert not any("helvetica" in name.lower() for name in fonts)
    # Bold fallback really is Fira's bold face, not its regular one.
    assert fonts == {
        "AtkinsonHyperlegible-Regular",
        "AtkinsonHyperlegible-Bold",
        "FiraSans-Regular",
        "FiraSans-Bold",
    }


def test_link_markup_keeps_the_href_byte_exact(tmp_path: Path) -> None:
    urls = [TRICKY_URL, "https://example.org/a(b)?q=1&lt=2&quot=3#x", "mailto:help@example.org", "tel:+441234567890"]
    markups = [link_markup(url, f"Link ŵ {i} <here>") for i, url in enumerate(urls)]
    pdf = build_pdf(tmp_path / "links.pdf", markups)
    assert pdf_inspect.link_uris(pdf) == [urls]
    (text,) = pdf_inspect.extract_text(pdf)
    assert "Link ŵ 0 <here>" in text


def test_unescaped_href_is_the_trap_link_markup_avoids(tmp_path: Path) -> None:
    """Control: a hand-written href turns `&copy` into ©, so the link would differ from the QR."""
    pdf = build_pdf(tmp_path / "naive.pdf", [f'<a href="{TRICKY_URL}">naive</a>'])
    assert pdf_inspect.link_uris(pdf) == [["https://example.org/?a=1©=2"]]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "example.org/no-scheme",
        "https://exa mple.org",
        "https://example.org/\n",
        "https://exämple.org",
        "",
    ],
)
def test_link_markup_rejects_unsafe_urls(url: str) -> None:
    with pytest.raises(ValueError):
        link_markup(url, "label")


def test_link_markup_accepts_allowed_schemes_and_needs_a_label() -> None:
    for url in ("https://a.org", "HTTP://a.org", "mailto:a@b.org", "tel:+44123"):
        assert check_link_url(url) == url
    assert link_markup("https://a.org/?x=1&y=2", "a & b") == (
        '<a href="https://a.org/?x=1&amp;y=2">a &amp; b</a>'
    )
    with pytest.raises(ValueError):
        link_markup("https://a.org", "  ")


def test_contacts_in_running_text_become_links_and_the_rest_stays_escaped(tmp_path: Path) -> None:
    """Issue 10: a resolved phone number, text number, email or address is clickable in running text."""
    from packgen.catalogue.models import Service

    services = [
        Service(id="childline", name="Childline", summary="s", phone="0800 1111",
                url="https://www.childline.org.uk/", display_url="childline.org.uk", audiences=["a"]),
        Service(id="shout", name="Shout", summary="s", sms="85258", sms_text="SHOUT", audiences=["a"]),
        Service(id="sers", name="SERS", summary="s", email="report@phishing.gov.uk", audiences=["a"]),
    ]
    from packgen.model.build import spans_of
    from packgen.render.markup import spans_markup

    text = "<b>Call</b> **0800 1111** & text SHOUT to 85258, or see childline.org.uk; &copy report@phishing.gov.uk"
    markup = spans_markup(spans_of(text, services))
    assert "&lt;b&gt;Call&lt;/b&gt;" in markup and "&amp;copy" in markup
    pdf = build_pdf(tmp_path / "contacts.pdf", [markup])
    assert pdf_inspect.link_uris(pdf) == [["tel:+448001111", "sms:85258?body=SHOUT", "https://www.childline.org.uk/",
                                           "mailto:report@phishing.gov.uk"]]
    (printed,) = pdf_inspect.extract_text(pdf)
    assert pdf_inspect.normalise_text("<b>Call</b> 0800 1111 & text SHOUT to 85258") in printed
    assert "©" not in printed
    assert "<a " not in spans_markup(spans_of(text))  # no services, no links


def test_a_phone_number_in_running_text_never_breaks_across_lines() -> None:
    """At every width, "0800 1111" (a tel link) stays on one line; the words around it still wrap."""
    from packgen.model.nodes import Link, Text
    from packgen.render.markup import spans_markup

    register_fonts()
    style = ParagraphStyle("body", fontName="Atkinson", fontSize=11, leading=14)
    spans = (Text("Or talk to Childline for free on "),
             Link("tel", "tel:08001111", "0800 1111", "Call Childline on 0800 1111"),
             Text(", any time of the day or night, or see "),
             Link("web", "https://www.childline.org.uk/", "childline.org.uk", "Childline website"),
             Text(" for more."))
    broke_elsewhere = 0
    for width in range(60, 400, 3):
        paragraph = Paragraph(spans_markup(spans), style)
        paragraph.wrap(width, 1000)
        lines = ["".join(frag.text for frag in line.words) for line in paragraph.blPara.lines]
        assert any("0800\u00a01111" in line for line in lines), (width, lines)
        broke_elsewhere += len(lines) > 1
    assert broke_elsewhere > 50  # the text around the number wraps as before
