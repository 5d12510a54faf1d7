"""The line memo (render/paragraphs.py): paragraphs share line breaks across documents in one
process, as a batch renders the same documents once per school. With it on, every PDF must be
the bytes it is with it off, whatever was rendered before (other schools' branding included), and
a paragraph must never take lines computed for anything that would break its lines differently."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as ReportLabParagraph
from test_org_render import ORGS, plans_for, write_pack

from packgen.render import paragraphs, render_document
from packgen.render.balance import BalancedParagraph
from packgen.render.fonts import register_fonts
from packgen.render.paragraphs import Paragraph
from packgen.render.urls import UrlParagraph


@pytest.fixture(autouse=True)
def fresh_memo() -> Iterator[None]:
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    yield
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)


def _digests(plans: dict[str, object]) -> dict[str, str]:
    return {name: hashlib.sha256(render_document(plan)).hexdigest() for name, plan in plans.items()}  # type: ignore[arg-type]


def test_branded_documents_are_the_same_bytes_with_and_without_the_memo(tmp_path: Path) -> None:
    """Two schools and no school, every kind, in one process: the second and third take most of
    their lines from the first's (the same advice), and nothing changes."""
    packs = {name: plans_for(write_pack(tmp_path / name, org)) for name, org in [*ORGS.items(), ("none", None)]}
    plans = {f"{name}/{kind}": plan for name, kinds in packs.items() for kind, plan in kinds.items()}
    paragraphs.set_line_memo(0)
    expected = _digests(plans)
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    first = _digests(plans)
    after_first = paragraphs.line_memo_info()
    again = _digests(dict(reversed(plans.items())))  # another order: each school after the others
    info = paragraphs.line_memo_info()
    assert first == expected and again == expected
    assert after_first["hits"] > 0  # the schools share lines already in the first round ...
    assert info["misses"] - after_first["misses"] <= 10  # ... and almost every line again in the second:
    assert info["entries"] <= info["misses"]  # those with a cut word are broken every time (the long name)


def _style(**changes: object) -> ParagraphStyle:
    base = {"fontName": register_fonts().main.faces.regular, "fontSize": 12, "leading": 15}
    return ParagraphStyle("body", **{**base, **changes})


MARKUP = ("Stop replying and <b>don't pay</b>. Keep the messages, then tell an adult you trust: "
          "<a href=\"https://www.childline.org.uk/\">childline.org.uk</a> or call 0800 1111, any time.")
PLAIN = "Stop replying and don't pay. Keep the messages, then tell an adult you trust, any time you can."

# Each changes how the lines break (or what they carry) against _style(): a key that left one out
# would hand the second paragraph the first one's lines.
VARIANTS: dict[str, dict[str, object]] = {
    "fontSize": {"fontSize": 13},
    "fontName": {"fontName": register_fonts().main.faces.bold},
    "leading": {"leading": 19},
    "leftIndent": {"leftIndent": 20},
    "rightIndent": {"rightIndent": 30},
    "firstLineIndent": {"firstLineIndent": 25},
    "textColor": {"textColor": HexColor("#9d174d")},
    "spaceShrinkage": {"spaceShrinkage": 0.6},
    "splitLongWords": {"splitLongWords": 0},
    "wordWrap": {"wordWrap": "CJK"},
    "autoLeading": {"autoLeading": "min"},
    "bulletFontSize": {"bulletFontSize": 20, "bulletIndent": 0},
}


def _lines(paragraph: ReportLabParagraph) -> list[tuple[object, ...]]:
    lines = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):
            lines.append((line[0], tuple(line[1])))
        else:
            lines.append((line.extraSpace, line.wordCount, tuple(
                (getattr(w, "text", ""), getattr(w, "fontName", ""), getattr(w, "fontSize", 0), getattr(w, "textColor", None))
                for w in line.words)))
    return [paragraph.width, paragraph.height, paragraph.blPara.kind, getattr(paragraph.blPara, "textColor", None),
            getattr(paragraph.blPara, "fontSize", None), *lines]


def _same_as_reportlab(make: type[Paragraph], markup: str, style: ParagraphStyle, width: float,
                       bullet: str | None = None) -> bool:
    ours, theirs = make(markup, style, bulletText=bullet), ReportLabParagraph(markup, style, bulletText=bullet)
    return ours.wrap(width, 1e6) == theirs.wrap(width, 1e6) and _lines(ours) == _lines(theirs)


@pytest.mark.parametrize("markup", [MARKUP, PLAIN])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_paragraph_never_takes_lines_broken_for_another_style(markup: str, variant: str) -> None:
    for width in (200.0, 160.0, 40.0):
        Paragraph(markup, _style(), bulletText="•").wrap(width, 1e6)  # the memo now holds the base style's lines
        assert _same_as_reportlab(Paragraph, markup, _style(**VARIANTS[variant]), width, bullet="•"), (variant, width)
    assert paragraphs.line_memo_info()["hits"] == 0


def test_every_variant_changes_the_lines_so_the_test_above_can_fail() -> None:
    """Each variant, given the base style's lines (what a key without it would do), is caught."""
    for variant, changes in VARIANTS.items():
        for markup, width in [(markup, width) for markup in (MARKUP, PLAIN) for width in (200.0, 160.0, 40.0)]:
            base = Paragraph(markup, _style(), bulletText="•")
            base.wrap(width, 1e6)
            other = ReportLabParagraph(markup, _style(**changes), bulletText="•")
            other.wrap(width, 1e6)
            if _lines(base) != _lines(other):
                break
        else:
            pytest.fail(f"{variant} does not change the lines: it tests nothing")


def test_a_key_that_omits_a_style_attribute_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    real = paragraphs._style_key
    monkeypatch.setattr(paragraphs, "_style_key",
                        lambda style: paragraphs._StyleKey(tuple(i for i in real(style).items if i[0] != "leftIndent")))
    caught = []
    for markup, width in [(markup, width) for markup in (MARKUP, PLAIN) for width in (200.0, 160.0)]:
        Paragraph(markup, _style(), bulletText="•").wrap(width, 1e6)
        caught.append(not _same_as_reportlab(Paragraph, markup, _style(leftIndent=20), width, bullet="•"))
    assert any(caught)
    assert paragraphs.line_memo_info()["hits"] == 4


def test_text_width_bullet_and_class_are_in_the_key() -> None:
    Paragraph(PLAIN, _style(), bulletText="•").wrap(200.0, 1e6)
    assert _same_as_reportlab(Paragraph, PLAIN + " More.", _style(), 200.0, bullet="•")
    assert _same_as_reportlab(Paragraph, PLAIN, _style(), 199.0, bullet="•")
    assert _same_as_reportlab(Paragraph, PLAIN, _style(), 200.0, bullet="10.")
    assert _same_as_reportlab(Paragraph, PLAIN, _style(), 200.0)
    balanced = BalancedParagraph(PLAIN, _style(), bulletText="•")  # the same text balanced: shorter lines
    balanced.wrap(200.0, 1e6)
    plain = Paragraph(PLAIN, _style(), bulletText="•")
    plain.wrap(200.0, 1e6)
    assert _lines(balanced) != _lines(plain)
    assert paragraphs.line_memo_info()["hits"] == 1  # only the last: the very same paragraph again


def test_a_hit_gives_exactly_the_state_a_line_breaking_leaves() -> None:
    for make in (Paragraph, BalancedParagraph):
        for markup in (MARKUP, PLAIN):
            paragraphs.set_line_memo(0)
            expected = make(markup, _style(), bulletText="•")
            expected.wrap(180.0, 1e6)
            paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
            make(markup, _style(), bulletText="•").wrap(180.0, 1e6)
            found = make(markup, _style(), bulletText="•")
            found.wrap(180.0, 1e6)
            assert paragraphs.line_memo_info()["hits"] == 1
            assert _lines(found) == _lines(expected)
            assert found._wrapWidths == expected._wrapWidths and found._wrapWidths is not expected._wrapWidths
            # What the split halves draw is the same too (they share the kept lines, never change them).
            for part, other in zip(found.split(180.0, 20), expected.split(180.0, 20), strict=True):
                assert part.wrap(180.0, 1e6) == other.wrap(180.0, 1e6) and _lines(part) == _lines(other)


def test_web_addresses_key_on_the_address_and_how_it_is_set() -> None:
    style = _style(fontSize=10, leading=12)
    UrlParagraph("https://www.childline.org.uk/a/", "childline.org.uk/info-advice/a", style).wrap(90.0, 1e6)
    other = UrlParagraph("https://www.childline.org.uk/b/", "childline.org.uk/info-advice/bullying-abuse", style)
    other.wrap(90.0, 1e6)
    assert "bullying" in "".join(other.getPlainText().split())
    bold = UrlParagraph("https://www.childline.org.uk/a/", "childline.org.uk/info-advice/a", style, bold=True)
    bold.wrap(90.0, 1e6)  # the bold face's fallback runs differ (none here: still its own entry)
    assert paragraphs.line_memo_info()["hits"] == 0


def test_a_paragraph_whose_word_was_cut_is_never_kept() -> None:
    narrow = 40.0  # narrower than "childline.org.uk": ReportLab cuts it
    Paragraph(MARKUP, _style()).wrap(narrow, 1e6)
    assert paragraphs.line_memo_info()["entries"] == 0
    assert _same_as_reportlab(Paragraph, MARKUP, _style(), narrow)


def test_the_memo_is_bounded() -> None:
    paragraphs.set_line_memo(8)
    for n in range(30):
        Paragraph(f"{PLAIN} {n}", _style()).wrap(200.0, 1e6)
    assert paragraphs.line_memo_info()["entries"] == 8
    paragraphs.set_line_memo(8)
    for n in range(30):
        Paragraph(f"<b>{n}</b> {PLAIN}", _style()).wrap(200.0, 1e6)
    assert paragraphs.line_memo_info()["parsed_entries"] == 8
    paragraphs.clear_line_memo()
    assert paragraphs.line_memo_info() == {"hits": 0, "misses": 0, "entries": 0, "size": 0,
                                           "parsed_hits": 0, "parsed_misses": 0, "parsed_entries": 0}


def _fragments(paragraph: Paragraph) -> list[dict[str, object]]:
    return [{name: value for name, value in vars(frag).items() if name != "link"} | {"link": repr(frag.link)}
            for frag in paragraph.frags]


def test_parsed_markup_is_shared_only_with_the_same_markup_and_style() -> None:
    paragraphs.set_line_memo(0)
    expected = {variant: _fragments(Paragraph(MARKUP, _style(**changes))) for variant, changes in VARIANTS.items()}
    plain = _fragments(Paragraph(MARKUP, _style()))
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    assert _fragments(Paragraph(MARKUP, _style())) == plain
    for variant, changes in VARIANTS.items():
        assert _fragments(Paragraph(MARKUP, _style(**changes))) == expected[variant], variant
    again = Paragraph(MARKUP, _style(textColor=HexColor("#9d174d")))
    assert _fragments(again) == expected["textColor"] and again.frags is not Paragraph(MARKUP, _style()).frags
    info = paragraphs.line_memo_info()
    assert (info["parsed_misses"], info["parsed_hits"]) == (1 + len(VARIANTS), 2)


def test_markup_that_sets_its_own_style_is_not_kept() -> None:
    markup = '<para leftIndent="30">Call <b>0800 1111</b> any time.</para>'
    first, second = Paragraph(markup, _style()), Paragraph(markup, _style())
    assert first.style is not second.style and first.style.leftIndent == 30
    assert paragraphs.line_memo_info()["parsed_entries"] == 0


def test_a_parse_key_that_omits_a_style_attribute_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs.set_line_memo(0)
    expected = _fragments(Paragraph(MARKUP, _style(textColor=HexColor("#9d174d"))))
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    real = paragraphs._style_key
    monkeypatch.setattr(paragraphs, "_style_key",
                        lambda style: paragraphs._StyleKey(tuple(i for i in real(style).items if i[0] != "textColor")))
    Paragraph(MARKUP, _style())
    assert _fragments(Paragraph(MARKUP, _style(textColor=HexColor("#9d174d")))) != expected


def test_a_style_changed_after_use_gets_a_new_key() -> None:
    style = _style()
    Paragraph(PLAIN, style).wrap(200.0, 1e6)
    style.leftIndent = 40  # as leaflet_styles sets gaps on fresh styles; never after use, but if it were
    assert _same_as_reportlab(Paragraph, PLAIN, style, 200.0)
    clone = style.clone("clone", fontSize=13)  # ReportLab copies the attributes, this one's cache too
    assert _same_as_reportlab(Paragraph, PLAIN, clone, 200.0)
    assert paragraphs.line_memo_info()["hits"] == 0


def test_the_memo_sleeps_until_a_process_draws_its_second_document(tmp_path: Path) -> None:
    plans = list(plans_for(write_pack(tmp_path / "crest", ORGS["crest"])).values())
    paragraphs.clear_line_memo()  # as a fresh process starts
    render_document(plans[0])
    assert paragraphs.line_memo_info() == {"hits": 0, "misses": 0, "entries": 0, "size": 0,
                                           "parsed_hits": 0, "parsed_misses": 0, "parsed_entries": 0}
    render_document(plans[1])
    render_document(plans[1])
    info = paragraphs.line_memo_info()
    assert info["size"] == paragraphs.LINE_MEMO_SIZE and info["entries"] > 0 and info["hits"] >= info["entries"]
    paragraphs.set_line_memo(0)
    paragraphs.clear_line_memo()
    for plan in plans:
        render_document(plan)
    assert paragraphs.line_memo_info()["size"] == 0  # turned off stays off


def test_what_is_used_again_stays_while_new_entries_pass_through() -> None:
    paragraphs.set_line_memo(4)
    shared = Paragraph(PLAIN, _style())
    shared.wrap(200.0, 1e6)
    for n in range(10):  # one school's own text after another; the shared paragraph used by each
        Paragraph(f"{PLAIN} {n}", _style()).wrap(200.0, 1e6)
        Paragraph(PLAIN, _style()).wrap(200.0, 1e6)
    info = paragraphs.line_memo_info()
    assert (info["hits"], info["misses"], info["entries"]) == (10, 11, 4)


def _wrapped_in_turn(make: type[Paragraph], markup: str, widths: tuple[float, ...]) -> Paragraph:
    paragraph = make(markup, _style(), bulletText="•")
    for width in widths:
        paragraph.wrap(width, 1e6)
    return paragraph


# A tri-fold measures at its narrowest panel and draws in each panel's frame (the same width give or
# take the last bit, or a wider panel); a leaflet's paragraph whose split dropped its lines is
# broken again at the same width.
TURNS = [(180.0, 180.0 - 3e-14), (180.0, 200.0), (200.0, 160.0, 180.0)]


@pytest.mark.parametrize("widths", TURNS)
def test_lines_broken_again_at_another_width_are_shared_and_the_same(widths: tuple[float, ...]) -> None:
    for make in (Paragraph, BalancedParagraph):
        for markup in (MARKUP, PLAIN):
            paragraphs.set_line_memo(0)
            expected = _wrapped_in_turn(make, markup, widths)
            paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
            _wrapped_in_turn(make, markup, widths)
            found = _wrapped_in_turn(make, markup, widths)
            info = paragraphs.line_memo_info()
            assert (info["hits"], info["misses"]) == (len(widths), len(widths)), (make, markup, widths)
            assert _lines(found) == _lines(expected) and repr(found.frags) == repr(expected.frags)
            assert found._wrapWidths == expected._wrapWidths
            for part, other in zip(found.split(widths[-1], 20), expected.split(widths[-1], 20), strict=True):
                assert part.wrap(widths[-1], 1e6) == other.wrap(widths[-1], 1e6) and _lines(part) == _lines(other)


def test_lines_broken_again_are_keyed_on_what_came_before() -> None:
    """The same paragraph at the same width, broken first at another width or not at all: an entry
    each, none taken for another (each breaks from the fragments its own earlier breaking left)."""
    turns = [(200.0,), (180.0, 200.0), (160.0, 200.0)]
    paragraphs.set_line_memo(0)
    expected = {widths: _lines(_wrapped_in_turn(Paragraph, MARKUP, widths)) for widths in turns}
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    for _ in range(2):
        for widths in turns:
            assert _lines(_wrapped_in_turn(Paragraph, MARKUP, widths)) == expected[widths]
    info = paragraphs.line_memo_info()
    assert (info["entries"], info["hits"]) == (5, 5)  # 200, 180, 200 after 180, 160, 200 after 160


def test_a_paragraph_broken_again_after_its_lines_were_dropped_takes_them_from_the_memo() -> None:
    paragraphs.set_line_memo(0)
    expected = Paragraph(MARKUP, _style())
    expected.wrap(180.0, 1e6)
    assert expected.split(180.0, 1.0) == [] and "blPara" not in expected.__dict__  # nothing fits: lines dropped
    expected.wrap(180.0, 1e6)
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    for _ in range(2):
        found = Paragraph(MARKUP, _style())
        found.wrap(180.0, 1e6)
        found.split(180.0, 1.0)
        found.wrap(180.0, 1e6)
        assert _lines(found) == _lines(expected)
    assert (paragraphs.line_memo_info()["hits"], paragraphs.line_memo_info()["misses"]) == (2, 2)


def test_a_chain_of_line_breakings_is_bounded() -> None:
    """Broken again and again at alternating widths: kept CHAIN_DEPTH breakings deep, then broken
    as ReportLab breaks them, the same lines either way."""
    widths = (180.0, 200.0) * 4
    paragraphs.set_line_memo(0)
    expected = _wrapped_in_turn(Paragraph, MARKUP, widths)
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    _wrapped_in_turn(Paragraph, MARKUP, widths)
    assert paragraphs.line_memo_info()["entries"] == paragraphs.CHAIN_DEPTH
    assert _lines(_wrapped_in_turn(Paragraph, MARKUP, widths)) == _lines(expected)
    assert paragraphs.line_memo_info()["hits"] == paragraphs.CHAIN_DEPTH


LONG = " ".join([PLAIN, MARKUP, PLAIN.replace("any time", "whatever happened")] * 2)


def _halves(make: type[Paragraph], markup: str, height: float, width: float = 180.0,
            again: float | None = None) -> list[list[tuple[object, ...]]]:
    """The lines of a paragraph's halves split at ``height`` (each wrapped at ``width``, then at
    ``again``), and the bytes they draw."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    paragraph = make(markup, _style(), bulletText="•")
    paragraph.wrap(width, 1e6)
    target = io.BytesIO()
    canvas = Canvas(target, invariant=1)
    found = []
    for part in paragraph.split(width, height):
        for at in (width,) if again is None else (width, again):
            part.wrap(at, 1e6)
            found.append(_lines(part))
        part.drawOn(canvas, 20, 400)
    canvas.save()
    return [*found, [target.getvalue()]]


SPLITS = [(Paragraph, markup, height, 180.0, again) for markup, heights in ((MARKUP, (31.0, 46.0)), (PLAIN, (31.0,)),
                                                                        (LONG, (31.0, 46.0, 76.0)))
          for height in heights for again in (None, 150.0)]


def test_a_split_s_halves_take_their_lines_from_the_memo_and_are_the_same() -> None:
    paragraphs.set_line_memo(0)
    expected = [_halves(*case) for case in SPLITS]
    assert all(len(found) >= 3 for found in expected)  # every case split in two
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    assert [_halves(*case) for case in SPLITS] == expected
    before = paragraphs.line_memo_info()
    assert [_halves(*case) for case in reversed(SPLITS)] == expected[::-1]
    after = paragraphs.line_memo_info()
    assert after["misses"] == before["misses"]  # the second time every half's lines came from the memo
    assert after["hits"] - before["hits"] >= len(SPLITS) * 3


def test_a_half_keyed_without_where_it_was_split_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above can fail: halves keyed on the lines they came from but not on where
    those were split take another split's lines."""
    paragraphs.set_line_memo(0)
    expected = [_halves(Paragraph, LONG, height) for height in (31.0, 46.0)]
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    real_split = Paragraph.split

    def split(self: Paragraph, width: float, height: float) -> list[object]:
        parts = real_split(self, width, height)
        for part in parts:
            if part._origin is not None:
                part._origin = part._origin[:2]
        return parts

    monkeypatch.setattr(Paragraph, "split", split)
    assert [_halves(Paragraph, LONG, height) for height in (31.0, 46.0)] != expected
