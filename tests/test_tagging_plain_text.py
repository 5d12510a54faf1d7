"""The ActualText of a drawn paragraph comes from ``tagging.canvas.plain_text``, a faster equivalent
of ReportLab's ``Paragraph.getPlainText()`` (issue 14's render-time budget). It must give exactly
what ReportLab gives, for whole paragraphs and for every piece of a split one, whatever the text:
markup, entities, non-breaking and soft hyphens, line breaks, words longer than the line, a
hyphenating style, non-ASCII and astral characters."""

from __future__ import annotations

import random

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import Paragraph as ReportLabParagraph
from reportlab.platypus.paragraph import _processed_frags

from packgen.render.paragraphs import Paragraph
from packgen.render.tagging.canvas import actual_text, plain_text
from packgen.render.tagging.marks import Tag, tag

HOSTILE = [
    "Call Childline on 0800\u00a01111, any time.",
    "<b>Don't</b> pay. <i>Don't</i> reply &amp; don't delete the chat &lt;ever&gt;.",
    "A <font color='#ff0000'>red</font><b>bold</b>join and <a href='https://www.childline.org.uk'>a link</a> here",
    "one<br/>two<br/>  three   spaced    out",
    "sextortion\u00adblackmail soft\u00adhyphens and a https://www.ceop.police.uk/Safety-Centre/Should-I-make-a-report-to-CEOP-YP/",
    "Supercalifragilisticexpialidociousandlongerthananylinecouldeverhold word",
    "Caf\u00e9 na\u00efve \u0174elsh \u2014 \u201cquoted\u201d \u2019 emoji \U0001F600 tab\tnewline\n end",
    "",
    "   ",
    "(brackets) and a \\ backslash",
]


def _words(rng: random.Random) -> str:
    pieces = ["help", "Childline", "0800\u00a01111", "<b>bold</b>", "&amp;", "caf\u00e9", "a\u00adb",
              "https://www.iwf.org.uk/report", "<i>it</i>", "\u201cquote\u201d", "x" * 40, "<br/>"]
    return " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))


TEXTS = HOSTILE + [_words(random.Random(seed)) for seed in range(16)]
STYLES = [ParagraphStyle("plain", fontName="Helvetica", fontSize=11, leading=13),
          ParagraphStyle("hyphenating", fontName="Helvetica", fontSize=11, leading=13, hyphenationLang="en_GB",
                         embeddedHyphenation=1, uriWasteReduce=0.3, splitLongWords=1)]


def _pieces(paragraph: ReportLabParagraph, width: float) -> list[ReportLabParagraph]:
    """The paragraph and every piece of it split into frames two lines high."""
    found = [paragraph]
    rest = paragraph
    for _ in range(40):
        rest.wrap(width, 10_000)
        parts = rest.split(width, 28)
        if len(parts) < 2:
            break
        found += parts
        rest = parts[-1]
    return found


@pytest.mark.parametrize("kind", [ReportLabParagraph, Paragraph])
@pytest.mark.parametrize("style", STYLES, ids=lambda style: style.name)
def test_plain_text_is_reportlabs_for_whole_and_split_paragraphs(kind: type, style: ParagraphStyle) -> None:
    processed = 0
    for text in TEXTS:
        for width in (40, 160):
            for piece in _pieces(kind(text, style), width):
                assert plain_text(piece) == piece.getPlainText(), (text, width)
                processed += bool(piece.frags) and _processed_frags(piece.frags)
    assert processed > 50  # the fast path (pieces broken into words) was exercised


def test_actual_text_uses_the_fast_path_only_for_reportlabs_own_plain_text() -> None:
    class Custom(ReportLabParagraph):  # type: ignore[misc]
        def getPlainText(self, identify: object = None) -> str:
            return "what  the subclass\u00a0says"

    style = STYLES[0]
    custom = tag(Custom("ignored text", style), object())
    assert actual_text(custom._pdf_tag, custom) == "what the subclass says"
    for text in TEXTS:
        paragraph = tag(Paragraph(text, style), object())
        for piece in _pieces(paragraph, 90):
            expected = " ".join(piece.getPlainText().split())
            if expected:  # else: the words ReportLab kept in its lines, or None
                assert actual_text(Tag(object()), piece) == expected
