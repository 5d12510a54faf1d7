"""Sheets: trim, bleed and slug geometry, canvas metadata, print boxes and crop marks.

For print-shop layouts (``bleed_mm > 0``) the media is the trim plus bleed plus a slug for the
crop marks; TrimBox and BleedBox are set on every page and the marks drawn outside the bleed.
ReportLab's own ``cropMarks=`` scales the page non-uniformly, which would distort QR codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from reportlab import rl_config
from reportlab.lib.colors import black
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from packgen.model import Document
from packgen.model.nodes import BulletList, Link, Paragraph
from packgen.plan.documents import DocumentPlan

from .. import __version__
from .tagging import TaggedCanvas, model_of
from .tagging.canvas import LinkCanvas, is_disabled
from .tagging.tree import contacts_of

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.layouts import Layout

SLUG_MM = 10.0
CROP_MARK_MM = 6.0

@dataclass(frozen=True)
class Sheet:
    """One page's geometry in points: the media and where the trimmed page sits on it."""

    media_width: float
    media_height: float
    trim_x: float
    trim_y: float
    trim_width: float
    trim_height: float
    bleed: float

    @property
    def trim_top(self) -> float:
        return self.trim_y + self.trim_height

    @property
    def trim_right(self) -> float:
        return self.trim_x + self.trim_width


def sheet_for(layout: Layout) -> Sheet:
    width, height = (side * mm for side in layout.trim_size_mm)
    bleed = layout.bleed_mm * mm
    offset = bleed + SLUG_MM * mm if bleed else 0.0
    return Sheet(width + 2 * offset, height + 2 * offset, offset, offset, width, height, bleed)


def open_canvas(target: BinaryIO, plan: DocumentPlan, sheet: Sheet, initial_font: str) -> Canvas:
    """A deterministic canvas carrying the document's metadata."""
    # Binary streams: ReportLab's default ASCII85 layer makes every stream a quarter bigger, and
    # costs time, for the sake of 7-bit mail transports that no longer exist.
    rl_config.useA85 = 0
    options = dict(pagesize=(sheet.media_width, sheet.media_height), invariant=1, initialFontName=initial_font,
                   lang=plan.pack.language, pageCompression=1)
    if is_disabled():
        canvas = LinkCanvas(target, **options)
    else:  # tagged: see packgen.render.tagging
        model = model_of(plan)
        canvas = TaggedCanvas(target, model=model, describe=descriptions_of(model), **options)
    canvas.setTitle(plan.title)
    canvas.setAuthor(plan.org.name if plan.org else plan.pack.publisher)
    canvas.setSubject(f"{plan.pack.title}. For: {plan.audience.label}.")
    canvas.setKeywords(["sextortion", "online safety", plan.audience.label])
    canvas.setCreator(f"packgen {__version__}")
    canvas.setProducer(f"packgen {__version__}")
    background = plan.layout.theme.background.lower()
    canvas._packgen_background = None if background in ("#fff", "#ffffff") else background  # see finish_page
    return canvas


def _paint_background(canvas: Canvas, sheet: Sheet) -> None:
    """A page colour other than white (a cream page for dyslexia-friendly layouts) under everything
    already drawn on this page: put first in its content stream, marked as an artifact."""
    colour = getattr(canvas, "_packgen_background", None)
    if not colour:
        return
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    b = sheet.bleed
    box = (sheet.trim_x - b, sheet.trim_y - b, sheet.trim_width + 2 * b, sheet.trim_height + 2 * b)
    canvas._code.insert(0, "/Artifact BMC q %s %s %s rg %s %s %s %s re f Q EMC" % (
        *(fp_str(v) for v in (red, green, blue)), *(fp_str(v) for v in box)))


_DESCRIPTIONS: dict[int, tuple[Document, dict[str, str]]] = {}


def descriptions_of(model: Document) -> dict[str, str]:
    """:func:`link_descriptions`, once per model (a document's trial layouts share it)."""
    cached = _DESCRIPTIONS.get(id(model))
    if cached is None or cached[0] is not model:
        if len(_DESCRIPTIONS) >= 32:
            _DESCRIPTIONS.pop(next(iter(_DESCRIPTIONS)), None)
        cached = _DESCRIPTIONS[id(model)] = (model, link_descriptions(model))
    return cached[1]


def link_descriptions(model: Document) -> dict[str, str]:
    """What each URL a document links to is, for its link annotations' descriptions: the services'
    contacts and QR codes, and any link in running text (the model's Link spans)."""
    found: dict[str, str] = {}
    for entry in model.services.entries if model.services else ():
        for contact in contacts_of(entry):
            found.setdefault(contact.link.target, contact.link.description)
        if entry.qr is not None and entry.qr.target:
            found.setdefault(entry.qr.target, entry.web.link.description if entry.web else entry.qr.alt)
    runs = [model.key_message or ()]
    for section in model.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                runs.append(block.spans)
            elif isinstance(block, BulletList):
                runs += block.items
    for spans in runs:
        for span in spans:
            if isinstance(span, Link):
                found.setdefault(span.target, span.description)
    return found


def finish_page(canvas: Canvas, sheet: Sheet) -> None:
    """Paint a coloured page, set the print boxes and crop marks (print-shop sheets only), then end the page."""
    _paint_background(canvas, sheet)
    if sheet.bleed:
        trim = (sheet.trim_x, sheet.trim_y, sheet.trim_right, sheet.trim_top)
        b = sheet.bleed
        canvas.setTrimBox(trim)
        canvas.setBleedBox((trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b))
        draw_crop_marks(canvas, [(sheet.trim_x, sheet.trim_y, sheet.trim_width, sheet.trim_height)], gap=b + 1 * mm)
    canvas.showPage()


def draw_crop_marks(canvas: Canvas, rects: list[tuple[float, float, float, float]], gap: float) -> None:
    """Corner marks for each (x, y, w, h) trim rectangle, starting ``gap`` outside it."""
    length = CROP_MARK_MM * mm
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.25)
    path = canvas.beginPath()
    for x, y, w, h in rects:
        for cx, sx in ((x, -1), (x + w, 1)):
            for cy, sy in ((y, -1), (y + h, 1)):
                path.moveTo(cx + sx * gap, cy)
                path.lineTo(cx + sx * (gap + length), cy)
                path.moveTo(cx, cy + sy * gap)
                path.lineTo(cx, cy + sy * (gap + length))
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
