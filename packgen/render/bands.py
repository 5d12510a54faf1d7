"""The coloured bands every kind draws: the title band, the key-message strip and the footer."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from packgen.plan.documents import DocumentPlan, footer_text

from .blocks import tag_identity, text, title
from .branding import identity_row, plain
from .page import Sheet
from .styles import Styles
from .tagging import model_of, tag

TOP_PAD_UNDER_ORG = 0.4


def band_contents(plan: DocumentPlan, styles: Styles, width: float) -> list[Flowable]:
    """What sits in the title band (``width`` inside its padding): the org's logo and name, or
    else who the document is for; then the title."""
    model = model_of(plan)
    if plan.org:
        head: Flowable = tag_identity(identity_row(plan.org, styles, plan.layout.theme, width, on_band=True),
                                      model.identity)
    else:
        head = tag(text(plan.audience.label, styles.band_small), model, "audience", text=plan.audience.label)  # no block capitals
    return [head, title(model, styles.title)]


def band_top_pad(plan: DocumentPlan, pad: float) -> float:
    """The title band's padding above its first line: less over the org's logo tile, which
    brings its own margin (and a crowded poster needs every millimetre)."""
    return pad * TOP_PAD_UNDER_ORG if plan.org else pad


def band_height(contents: list[Flowable], width: float, pad: float, top_pad: float | None = None) -> float:
    """How tall :func:`draw_band` makes a band of ``contents``, without drawing it."""
    top_pad = pad if top_pad is None else top_pad
    heights = [f.wrap(width - 2 * pad, 1e6)[1] for f in contents]
    return top_pad + pad + sum(heights) + pad * 0.35 * (len(contents) - 1)


def band_heights(contents: list[Flowable], width: float, pad: float) -> list[float]:
    """The heights :func:`draw_band` gives ``contents`` (pass them to it, so it need not measure again)."""
    return [f.wrap(width - 2 * pad, 1e6)[1] for f in contents]


def band_bottom(top: float, heights: list[float], pad: float, *, top_pad: float | None = None) -> float:
    """The bottom y :func:`draw_band` gives a band of contents ``heights`` tall starting at ``top``
    (the same arithmetic), without drawing."""
    return _bottom(top, heights, pad, pad if top_pad is None else top_pad)


def _bottom(top: float, heights: list[float], pad: float, top_pad: float) -> float:
    return top - top_pad - pad - sum(heights) - pad * 0.35 * (len(heights) - 1)


def draw_band(canvas: Canvas, sheet: Sheet, x: float, top: float, width: float, contents: list[Flowable],
              colour: str, pad: float, *, bleed_left: bool = True, bleed_right: bool = True,
              bleed_top: bool = True, top_pad: float | None = None, heights: list[float] | None = None) -> float:
    """Fill a band behind ``contents`` (which start at ``top - top_pad``, by default ``pad``);
    return the band's bottom y.

    The fill runs into the bleed on the sides that touch the trim edge.
    """
    top_pad = pad if top_pad is None else top_pad
    heights = band_heights(contents, width, pad) if heights is None else heights
    gap = pad * 0.35
    bottom = _bottom(top, heights, pad, top_pad)
    left = x - (sheet.bleed if bleed_left else 0)
    right = x + width + (sheet.bleed if bleed_right else 0)
    fill_top = top + (sheet.bleed if bleed_top else 0)
    canvas.saveState()
    canvas.setFillColor(HexColor(colour))
    canvas.rect(left, bottom, right - left, fill_top - bottom, stroke=0, fill=1)
    canvas.restoreState()
    y = top - top_pad
    for flowable, height in zip(contents, heights):
        y -= height
        flowable.drawOn(canvas, x + pad, y)
        y -= gap
    return bottom


def _footer_line(plan: DocumentPlan, styles: Styles, page_label: str) -> Flowable:
    if plan.org and plan.org.footer:  # the org's words print as typed, ** and all
        return plain(footer_text(plan, page_label), styles.small)
    return text(footer_text(plan, page_label), styles.small)


def footer_top(plan: DocumentPlan, styles: Styles, y: float, width: float, *, numbered: bool = True) -> float:
    """Where content must stop above a footer whose text starts at ``y`` (``numbered``: with a page number)."""
    _, height = _footer_line(plan, styles, plan.words.page_label(1) if numbered else "").wrap(width, 1e6)
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
