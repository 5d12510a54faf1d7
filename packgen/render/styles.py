"""Paragraph styles for one layout at one body size: everything scales with the body."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from packgen.catalogue.layouts import Layout
from .fonts import FontSet


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


def make_styles(layout: Layout, fonts: FontSet, body_pt: float) -> Styles:
    """Styles at ``body_pt`` (between the layout's min_body_pt and body_pt)."""
    scale = body_pt / layout.type.body_pt
    theme = layout.theme
    text, primary, accent = HexColor(theme.text), HexColor(theme.primary), HexColor(theme.accent)
    white = HexColor(theme.background)
    title_pt = layout.type.title_pt * scale
    heading_pt = layout.type.heading_pt * scale
    small_pt = max(layout.type.min_body_pt * 0.8, body_pt * 0.78)

    def style(name: str, size: float, font: str, colour: object, leading: float = 1.25, **extra: object) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * leading, textColor=colour,
                              alignment=TA_LEFT, **extra)

    return Styles(
        body_pt=body_pt,
        scale=scale,
        title=style("title", title_pt, fonts.main.faces.bold, white, 1.08),
        tagline=style("tagline", heading_pt * 1.05, fonts.main.faces.bold, white, 1.2),
        heading=style("heading", heading_pt, fonts.main.faces.bold, primary, 1.15, spaceBefore=body_pt * 0.9,
                      spaceAfter=body_pt * 0.3, keepWithNext=1),
        body=style("body", body_pt, fonts.main.faces.regular, text, 1.32, spaceAfter=body_pt * 0.5),
        bullet=style("bullet", body_pt, fonts.main.faces.regular, text, 1.3, leftIndent=body_pt * 1.1,
                     bulletIndent=body_pt * 0.15, spaceAfter=body_pt * 0.25, bulletFontName=fonts.main.faces.bold,
                     bulletColor=accent),
        lead=style("lead", body_pt * 1.08, fonts.main.faces.regular, text, 1.3, spaceAfter=body_pt * 0.5),
        service_name=style("service-name", body_pt * 1.15, fonts.main.faces.bold, primary, 1.15, spaceAfter=body_pt * 0.1),
        phone=style("phone", body_pt * 1.45, fonts.main.faces.bold, accent, 1.1, spaceAfter=body_pt * 0.1),
        small=style("small", small_pt, fonts.main.faces.regular, text, 1.25, spaceAfter=small_pt * 0.2),
        band_small=style("band-small", small_pt, fonts.main.faces.regular, white, 1.25),
    )
