"""packgen's Table keeps its geometry between wraps at the same width (render/tables.py): asked
the same sizes in the same order, it ends with what ReportLab's own Table computes, measuring
fewer times."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table as ReportLabTable

from packgen.render.fonts import register_fonts
from packgen.render.paragraphs import Paragraph
from packgen.render.tables import Table

TEXT = "Childline: free, confidential help from trained counsellors, day or night, by phone or online chat."


def _rows() -> list[list[object]]:
    style = ParagraphStyle("body", fontName=register_fonts().main.faces.regular, fontSize=11, leading=14)
    return [[Paragraph(TEXT, style), [Paragraph("Call 0800 1111", style), Paragraph(TEXT, style)]],
            [Paragraph("Short", style), Paragraph(TEXT + " " + TEXT, style)]]


def _geometry(table: ReportLabTable) -> tuple[object, ...]:
    return (table._width, table._height, tuple(table._rowHeights), tuple(table._rowpositions),
            tuple(table._colpositions))


class Counting(Table):
    calls = 0

    def _calc(self, availWidth: float, availHeight: float) -> None:
        Counting.calls += 1
        super()._calc(availWidth, availHeight)


SIZES = [(300, 1e6), (300, 120.5), (300, 400), (200, 1e6), (200, 1e6), (300, 80), (300, 1e6)]


def test_the_same_wraps_leave_the_geometry_reportlab_computes_with_fewer_measures() -> None:
    ours, theirs = Counting(_rows(), colWidths=["40%", "60%"]), ReportLabTable(_rows(), colWidths=["40%", "60%"])
    Counting.calls = 0
    for width, height in SIZES:
        assert ours.wrap(width, height) == theirs.wrap(width, height)
        assert _geometry(ours) == _geometry(theirs)
    assert Counting.calls == 3  # 300, 200, 300: the other wraps came from the memo


def test_a_split_and_a_new_style_measure_again() -> None:
    ours, theirs = Counting(_rows(), colWidths=[120, 180]), ReportLabTable(_rows(), colWidths=[120, 180])
    for table in (ours, theirs):
        table.wrap(300, 1e6)
    room = theirs._rowHeights[0] + 1  # the first row fits, the second does not
    first, second = ours.split(300, room), theirs.split(300, room)
    assert len(first) == len(second) == 2
    for mine, other in zip(first, second):
        assert mine.wrap(300, 1e6) == other.wrap(300, 1e6)
    Counting.calls = 0
    assert ours.wrap(300, 1e6) == theirs.wrap(300, 1e6) and Counting.calls == 1
    ours.setStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 9)])
    theirs.setStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 9)])
    assert ours.wrap(300, 1e6) == theirs.wrap(300, 1e6) and Counting.calls == 2
    assert _geometry(ours) == _geometry(theirs)


def test_a_table_with_spans_is_keyed_on_the_height_too() -> None:
    ours = Counting(_rows(), colWidths=[120, 180], style=[("SPAN", (0, 0), (0, 1))])
    Counting.calls = 0
    ours.wrap(300, 1e6)
    ours.wrap(300, 50)
    ours.wrap(300, 50)
    assert Counting.calls == 2


def test_a_table_whose_paragraph_had_a_word_cut_is_measured_every_time() -> None:
    style = ParagraphStyle("body", fontName=register_fonts().main.faces.regular, fontSize=11, leading=14)
    long_word = "https://www.ceop.police.uk/Safety-Centre/report-abuse/"
    ours = Counting([[Paragraph(long_word, style)]], colWidths=[60])
    Counting.calls = 0
    for _ in range(3):
        ours.wrap(60, 1e6)
    assert ours._cut and Counting.calls == 3


def test_a_probe_answers_the_next_wrap_with_the_same_arguments_once() -> None:
    ours = Counting(_rows(), colWidths=[120, 180])
    Counting.calls = 0
    size = ours.probe(300, 500)
    assert ours.wrap(300, 500) == size and Counting.calls == 1  # the frame's wrap after a fitting test
    ours._wrapped = None
    ours.wrap(300, 500)
    assert Counting.calls == 2  # the probe answered once only
    ours.probe(300, 400)
    ours.wrap(300, 1e6)  # other arguments: measured (here from the memo, the height does not matter)
    assert ours._probed is None
