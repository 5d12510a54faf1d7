"""packgen's Paragraph keeps its line breaks between wraps at the same width (render/paragraphs.py):
asked the same sequence of sizes, it must end up with exactly the lines ReportLab's own Paragraph
computes, whatever happened in between (another width, a split, a split that found no room, a
word too long for the line), while breaking the lines fewer times."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as ReportLabParagraph

from packgen.render.balance import BalancedParagraph
from packgen.render.fonts import register_fonts
from packgen.render.paragraphs import Paragraph
from packgen.render.urls import UrlParagraph

MARKUP = ("Stop replying and <b>don't pay</b>. Keep the messages, then tell an adult you trust: "
          "<a href=\"https://www.childline.org.uk/\">childline.org.uk</a> or call 0800 1111, any time.")
# 77.5 pt is narrower than "childline.org.uk": ReportLab cuts the word, and its later wraps differ.
WIDTHS = (300, 300, 120, 120, 300, 120, 120, 77.5, 77.5, 120, 300, 300)


def _style() -> ParagraphStyle:
    return ParagraphStyle("body", fontName=register_fonts().main.faces.regular, fontSize=12, leading=15)


def _state(paragraph: ReportLabParagraph) -> list[tuple[object, ...]]:
    """What drawing uses: every line's words (text, font, size) and spacing."""
    lines = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):
            lines.append((line[0], tuple(line[1])))
        else:
            words = tuple((getattr(w, "text", ""), getattr(w, "fontName", ""), getattr(w, "fontSize", 0))
                          for w in line.words)
            lines.append((line.extraSpace, line.wordCount, words))
    return lines


class Counting(Paragraph):
    calls = 0

    def break_lines(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        Counting.calls += 1
        return super().break_lines(availWidth, availHeight)


def test_the_same_wraps_leave_the_same_lines_as_reportlab_with_fewer_line_breakings() -> None:
    ours, theirs = Counting(MARKUP, _style()), ReportLabParagraph(MARKUP, _style())
    Counting.calls = 0
    cut = []
    for width in WIDTHS:
        assert ours.wrap(width, 1e6) == theirs.wrap(width, 1e6)
        assert _state(ours) == _state(theirs), width
        cut.append(theirs._splitLongWordCount > 0)
    assert cut == [width == 77.5 for width in WIDTHS]  # the narrowest wraps cut "childline.org.uk"
    # The second wraps at 300, 120 and 120 came from the memo; once a word was cut, none does.
    assert Counting.calls == len(WIDTHS) - 3


def test_a_split_that_finds_no_room_makes_the_next_wrap_break_the_lines_again() -> None:
    ours, theirs = Paragraph(MARKUP, _style()), ReportLabParagraph(MARKUP, _style())
    for paragraph in (ours, theirs):
        paragraph.wrap(120, 1e6)
        assert paragraph.split(120, 10) == []  # no room for two lines: ReportLab drops the line breaks
        assert "blPara" not in paragraph.__dict__
    assert ours.wrap(120, 1e6) == theirs.wrap(120, 1e6)
    assert _state(ours) == _state(theirs)


def test_split_parts_are_ours_and_wrap_like_reportlabs() -> None:
    ours, theirs = Paragraph(MARKUP, _style()), ReportLabParagraph(MARKUP, _style())
    _, height = ours.wrap(120, 1e6)
    theirs.wrap(120, 1e6)
    parts, expected = ours.split(120, height / 2), theirs.split(120, height / 2)
    assert len(parts) == len(expected) == 2 and all(isinstance(part, Paragraph) for part in parts)
    for part, other in zip(parts, expected):
        for _ in range(2):
            assert part.wrap(120, 1e6) == other.wrap(120, 1e6)
            assert _state(part) == _state(other)


def test_balanced_and_url_paragraphs_wrap_like_fresh_ones_at_alternating_widths() -> None:
    balanced = BalancedParagraph(MARKUP, _style())
    for width in (300, 140, 140, 300, 140):
        fresh = BalancedParagraph(MARKUP, _style())
        assert balanced.wrap(width, 1e6) == fresh.wrap(width, 1e6)
        assert _state(balanced) == _state(fresh)
    url = UrlParagraph("https://www.nspcc.org.uk/keeping-children-safe/online-safety/",
                       "nspcc.org.uk/keeping-children-safe/online-safety/", _style())
    sizes = {}
    for width in (60, 200, 200, 60, 200):
        fresh = UrlParagraph(url.url, url.printed, _style())
        sizes[width] = url.wrap(width, 1e6)
        assert sizes[width] == fresh.wrap(width, 1e6)
        assert _state(url) == _state(fresh)
    assert sizes[60][1] > sizes[200][1]


PLAIN_TEXTS = ["Stop replying and block them.", "  Spaces\n   and a line break  ", "Ŵ Welsh, naïve, Greek αβγ", "a > b, \"quoted\"",
               "x", "Don't pay", "Call 0800 1111 (free)."]


def _fragments(paragraph: ReportLabParagraph) -> list[dict[str, object]]:
    return [dict(vars(fragment)) for fragment in paragraph.frags]


def test_plain_text_gets_the_fragment_reportlabs_parser_makes() -> None:
    fonts = register_fonts().main.faces
    styles = [_style(), ParagraphStyle("bold", fontName=fonts.bold, fontSize=15.5, leading=18, textColor="#123456"),
              ParagraphStyle("upper", fontName=fonts.regular, fontSize=9, leading=11, textTransform="uppercase")]
    for style in styles:
        for text in PLAIN_TEXTS + ["with <b>bold</b> markup", "an &amp; entity"]:
            ours, theirs = Paragraph(text, style), ReportLabParagraph(text, style)
            assert _fragments(ours) == _fragments(theirs), (style.name, text)
            assert ours.text == theirs.text and ours.style is theirs.style
            assert ours.wrap(90, 1e6) == theirs.wrap(90, 1e6)
            assert _state(ours) == _state(theirs)
    one, two = Paragraph("one", styles[0]), Paragraph("two", styles[0])
    assert one.frags[0].link is not two.frags[0].link  # each paragraph its own lists, as parsed


def test_a_style_changed_after_use_is_parsed_afresh() -> None:
    style = _style()
    Paragraph("before", style)
    style.fontSize, style.textColor = 20, "#ff0000"
    assert _fragments(Paragraph("after", style)) == _fragments(ReportLabParagraph("after", style))


def test_styles_with_the_same_font_size_and_colour_share_a_fragment_but_keep_their_own_values() -> None:
    from reportlab.lib.colors import CMYKColor, Color

    regular = register_fonts().main.faces.regular
    rgb = ParagraphStyle("rgb", fontName=regular, fontSize=12, leading=15, textColor=Color(0, 0, 0))
    cmyk = ParagraphStyle("cmyk", fontName=regular, fontSize=12.0, leading=15, textColor=CMYKColor(0, 0, 0, 1))
    for style in (rgb, cmyk, rgb.clone("again")):
        ours, theirs = Paragraph("Tell someone", style), ReportLabParagraph("Tell someone", style)
        assert _fragments(ours) == _fragments(theirs)
        assert type(ours.frags[0].textColor) is type(style.textColor) and ours.frags[0].fontSize is style.fontSize


class ReportLabBalanced(ReportLabParagraph):
    """BalancedParagraph's line balancing on ReportLab's own Paragraph (no memo): the reference."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        from packgen.render.balance import NARROWEST, SEARCH_STEPS

        width, height = super().wrap(availWidth, availHeight)
        lines = len(self.blPara.lines)
        if lines < 2:
            return width, height
        low, high = availWidth * NARROWEST, availWidth
        for _ in range(SEARCH_STEPS):
            middle = (low + high) / 2
            ReportLabParagraph.wrap(self, middle, availHeight)
            if len(self.blPara.lines) == lines:
                high = middle
            else:
                low = middle
        _, height = ReportLabParagraph.wrap(self, high, availHeight)
        return availWidth, height


def test_a_balanced_heading_with_a_word_cut_wraps_like_reportlab_every_time() -> None:
    """A web address in a narrow band is cut by ReportLab, and each further wrap of such a paragraph
    changes its fragments: ours must wrap as often as ReportLab's, and end with the same lines."""
    style = ParagraphStyle("band", fontName=register_fonts().main.faces.bold, fontSize=18, leading=22)
    markup = "Report it: https://www.ceop.police.uk/Safety-Centre/ or tell someone"
    ours, theirs = BalancedParagraph(markup, style), ReportLabBalanced(markup, style)
    for width in (200, 200, 150, 200, 200):
        assert ours.wrap(width, 1e6) == theirs.wrap(width, 1e6)
        assert _state(ours) == _state(theirs), width
    assert ours._cut


def _broken(paragraph: ReportLabParagraph) -> tuple[object, ...]:
    bl = paragraph.blPara
    attributes = {name: value for name, value in vars(bl).items() if name != "lines"}
    lines = bl.lines if bl.kind == 0 else _state(paragraph)
    return (attributes, lines, paragraph._width_max, paragraph.width, paragraph.height, paragraph._wrapWidths,
            paragraph._splitLongWordCount, paragraph._hyphenations)


def test_the_simple_line_breaker_is_reportlabs_on_every_bundled_text_and_random_ones() -> None:
    """render/paragraphs._simple_lines against ReportLab's breakLines: the bundled catalogue's texts
    and 400 random word sequences (no-break spaces, empty words, very long words), at many widths,
    with and without a bullet, indents and space shrinkage: the same lines, widths and sizes."""
    import random

    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.catalogue.project import load_project
    from packgen.render import paragraphs

    catalogue = load_project(bundled_catalogue()).catalogue
    texts = [text for advice in catalogue.advice for text in (advice.title, advice.body, *advice.points)]
    texts += [service.summary or service.name for service in catalogue.services]
    rng = random.Random(14)
    vocabulary = ["a", "the", "blackmail", "0800\u00a01111", "tell", "someone", "you", "trust,", "",
                  "childline.org.uk/info-advice/bullying-abuse-safety", "Don't", "pay.", "—", "Ŵ"]
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 40))) for _ in range(400)]
    styles = [_style(), ParagraphStyle("bullet", parent=_style(), leftIndent=13, bulletIndent=2, bulletFontSize=12),
              ParagraphStyle("shrink", parent=_style(), spaceShrinkage=0.1, firstLineIndent=9, rightIndent=4)]
    simple = 0
    for text in texts:
        markup = text.replace("&", "&amp;").replace("<", "&lt;")
        for style in styles:
            bullet = "•" if style.name == "bullet" else None
            for width in (40.0, 95.5, 160.0, 233.3, 520.0):
                ours, theirs = Paragraph(markup, style, bulletText=bullet), ReportLabParagraph(markup, style, bulletText=bullet)
                ours.wrap(width, 1e6)
                theirs.wrap(width, 1e6)
                assert _broken(ours) == _broken(theirs), (text, style.name, width)
                simple += paragraphs._simple_lines(Paragraph(markup, style, bulletText=bullet), width) is not None
    assert simple > len(texts) * 5  # the fast path took most of them


def test_text_left_as_it_is_is_what_reportlabs_cleaner_makes_of_it() -> None:
    """render/paragraphs._cleaned skips ReportLab's cleanBlockQuotedText where it has nothing to do:
    on every bundled text and 3,000 random ones made of words and every kind of whitespace ReportLab
    or Python knows (tabs, newlines, no-break and zero-width spaces, runs and ends of them), the same
    string, and the short cut taken for most of the bundled texts."""
    import random

    from reportlab.platypus.paragraph import _wsc, cleanBlockQuotedText

    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.catalogue.project import load_project
    from packgen.render import paragraphs
    from packgen.render.markup import paragraph_markup

    catalogue = load_project(bundled_catalogue()).catalogue
    bundled = [text for advice in catalogue.advice for text in (advice.title, advice.body, *advice.points)]
    bundled += [paragraph_markup(text) for text in bundled]
    bundled += [text for service in catalogue.services for text in (service.name, service.summary or "")]
    rng = random.Random(17)
    spaces = sorted(set(_wsc) | {chr(c) for c in range(0x3001) if chr(c).isspace()} | {"\u00a0", "\ufeff"})
    words = ["Tell", "someone", "0800", "don't", "<b>pay</b>", "—", "Ŵ", ""]
    texts = ["", " ", "a", "a ", " a", "a  b", "a\nb", "a\u200bb", "\u200ba"]
    for _ in range(3000):
        parts = [rng.choice(words) if rng.random() < 0.6 else rng.choice([" ", " ", rng.choice(spaces)])
                 for _ in range(rng.randint(0, 12))]
        texts.append("".join(parts))
    kept = 0
    for text in bundled + texts:
        assert paragraphs._cleaned(text, cleanBlockQuotedText) == cleanBlockQuotedText(text), repr(text)
        kept += paragraphs._UNCLEAN[0].search(text) is None
    assert kept > len(bundled) // 2 and kept < len(bundled) + len(texts) // 2  # both ways are taken
