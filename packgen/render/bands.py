"""The coloured bands every kind draws: the title band, the key-message strip and the footer."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..plan import DocumentPlan, footer_text
from .blocks import styled, text
from .page import Sheet
from .styles import Styles


def band_contents(plan: DocumentPlan, styles: Styles) -> list[Flowable]:
    """What sits in the title band: who it is for (or the org's name), then the title."""
    kicker = plan.org.name if plan.org else plan.audience.label
    return [text(kicker.upper() if not plan.org else kicker, styles.band_small), styled(plan.title, styles.title)]


def draw_band(canvas: Canvas, sheet: Sheet, x: float, top: float, width: float, contents: list[Flowable],
              colour: str, pad: float, *, bleed_left: bool = True, bleed_right: bool = True,
              bleed_top: bool = True) -> float:
    """Fill a band behind ``contents`` (which start at ``top - pad``); return the band's bottom y.

    The fill runs into the bleed on the sides that touch the trim edge.
    """
    heights = [f.wrap(width - 2 * pad, 1e6)[1] for f in contents]
    gap = pad * 0.35
    bottom = top - pad * 2 - sum(heights) - gap * (len(contents) - 1)
    left = x - (sheet.bleed if bleed_left else 0)
    right = x + width + (sheet.bleed if bleed_right else 0)
    fill_top = top + (sheet.bleed if bleed_top else 0)
    canvas.saveState()
    canvas.setFillColor(HexColor(colour))
    canvas.rect(left, bottom, right - left, fill_top - bottom, stroke=0, fill=1)
    canvas.restoreState()
    y = top - pad
    for flowable, height in zip(contents, heights):
        y -= height
        flowable.drawOn(canvas, x + pad, y)
        y -= gap
    return bottom


def _footer_line(plan: DocumentPlan, styles: Styles, page_label: str) -> Flowable:
    return text(footer_text(plan, page_label), styles.small)


def footer_top(plan: DocumentPlan, styles: Styles, y: float, width: float) -> float:
    """Where content must stop above a footer whose text starts at ``y``."""
    _, height = _footer_line(plan, styles, "Page 1").wrap(width, 1e6)
    return y + height + 4 * mm


def draw_footer(canvas: Canvas, plan: DocumentPlan, styles: Styles, x: float, y: float, width: float,
                page_label: str = "") -> float:
    """A rule and one small line (publisher, review date, page); returns the top of the footer.

    Draw it after the page's content, so that text extraction reads the content in order.
    """
    line = _footer_line(plan, styles, page_label)
    _, height = line.wrap(width, 1e6)
    line.drawOn(canvas, x, y)
    rule = y + height + 2 * mm
    canvas.saveState()
    canvas.setStrokeColor(HexColor(plan.layout.theme.primary))
    canvas.setLineWidth(0.8)
    canvas.line(x, rule, x + width, rule)
    canvas.restoreState()
    return rule + 2 * mm
