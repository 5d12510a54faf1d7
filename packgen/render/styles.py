"""Paragraph styles for one layout at one body size: everything scales with the body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .fonts import FontSet

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.layouts import Layout


@dataclass(frozen=True)
class Styles:
    """The styles a renderer uses, all derived from the layout's type scale."""

    body_pt: float
    scale: float
    title: ParagraphStyle
    tagline: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    lead: ParagraphStyle
    service_name: ParagraphStyle
    phone: ParagraphStyle
    small: ParagraphStyle
    band_small: ParagraphStyle


def make_styles(layout: Layout, fonts: FontSet, body_pt: float, *, line_spacing: float | None = None,
                spacing: float = 1.0) -> Styles:
    """Styles at ``body_pt`` (between the layout's min_body_pt and body_pt).

    ``line_spacing`` is the body's leading as a multiple of its size (default: the layout's, else
    1.32); ``spacing`` opens up leading and the gaps between blocks together (a leaflet balancing
    its pages), never closes them below the layout's own.
    """
    scale = body_pt / layout.type.body_pt
    theme = layout.theme
    text, primary, accent = HexColor(theme.text), HexColor(theme.primary), HexColor(theme.accent)
    white = HexColor(theme.background)
    title_pt = layout.type.title_pt * scale
    heading_pt = layout.type.heading_pt * scale
    small_scale = layout.type.small_scale
    small_pt = body_pt if small_scale >= 1 else max(layout.type.min_body_pt * 0.8, body_pt * small_scale)
    body_leading = (line_spacing or layout.type.line_spacing or 1.32) * spacing
    gap = body_pt * spacing  # paragraph and heading gaps grow with the spacing

    def style(name: str, size: float, font: str, colour: object, leading: float = 1.25, **extra: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, textColor=colour,
                              alignment=TA_LEFT, **extra)

    return Styles(
        body_pt=body_pt,
        scale=scale,
        title=style("title", title_pt, fonts.main.faces.bold, white, 1.08),
        tagline=style("tagline", heading_pt * 1.05, fonts.main.faces.bold, white, 1.2),
        heading=style("heading", heading_pt, fonts.main.faces.bold, primary, 1.15, spaceBefore=gap * 0.9,
                      spaceAfter=gap * 0.3, keepWithNext=1),
        body=style("body", body_pt, fonts.main.faces.regular, text, body_leading, spaceAfter=gap * 0.5),
        bullet=style("bullet", body_pt, fonts.main.faces.regular, text, body_leading - 0.02 * spacing,
                     leftIndent=body_pt * 1.1, bulletIndent=body_pt * 0.15, spaceAfter=gap * 0.25,
                     bulletFontName=fonts.main.faces.bold, bulletFontSize=body_pt, bulletColor=accent),
        lead=style("lead", body_pt * 1.08, fonts.main.faces.regular, text, body_leading - 0.02 * spacing,
                   spaceAfter=gap * 0.5),
        service_name=style("service-name", body_pt * 1.15, fonts.main.faces.bold, primary, 1.15, spaceAfter=body_pt * 0.1),
        phone=style("phone", body_pt * 1.45, fonts.main.faces.bold, accent, 1.1, spaceAfter=body_pt * 0.1),
        small=style("small", small_pt, fonts.main.faces.regular, text, 1.25, spaceAfter=small_pt * 0.2),
        band_small=style("band-small", small_pt, fonts.main.faces.regular, white, 1.25),
    )
