"""The org on the page: its logo and name at the head, and its local contacts in a block.

Both are drawn from the plan's :class:`~packgen.catalogue.org.OrgBranding`; its text is plain (escaped,
``**`` printed as typed) and sized from the document's styles, so it shrinks with the body text
when content must fit. The name never runs past two lines while it can shrink (a long school
name), and the logo keeps its proportions inside a box beside it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle

from packgen.catalogue.contrast import contrast_ratio
from packgen.model.nodes import Contacts

from .logo import LogoFlowable
from .markup import plain_markup
from .paragraphs import Paragraph
from .styles import Styles
from .tables import Table
from .tagging import tag

if TYPE_CHECKING:  # annotations only: the org profile's models are built only when a pack has one
    from packgen.catalogue.layouts import Theme
    from packgen.catalogue.org import OrgBranding

NAME_LINES = 2
ONE_LINE_SHRINK = 0.85  # how much smaller a name may be set to keep it on one line
LOGO_HEIGHT = 1.65  # a logo's tile, in heading sizes: a little taller than a line of the name
LOGO_ASPECT = 3.0   # a logo box is at most three times as wide as it is high
TILE_PAD = 0.12     # the logo's tile: this much of its height as padding on each side
NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d)")  # a space inside a number written in groups: 01629 533190
TINT = 0.07         # the contacts block's fill: this much of the primary colour over the background


def unbroken_numbers(contact: str) -> str:
    """A contact as printed: a number written in groups (01629 533190) is never broken across lines
    (no-break spaces; ReportLab draws them as spaces, and the tagged text is the contact as typed)."""
    return NUMBER_SPACE.sub("\u00a0", contact)


def plain(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of org text in ``style`` (bold when the style's face is)."""
    return Paragraph(plain_markup(value, bold="Bold" in style.fontName), style)


def fitted_name(name: str, style: ParagraphStyle, width: float, floor: float,
                max_lines: int = NAME_LINES) -> Paragraph:
    """The name at the largest size from ``style``'s down to ``floor`` that wraps to ``max_lines`` at most.

    A name that would leave a word or two alone on a second line is set a little smaller on one
    line instead (down to ``ONE_LINE_SHRINK`` of the size).
    """
    size = style.fontSize
    paragraph = _sized(name, style, size)
    if _line_count(paragraph, width) > 1 and _line_count(_sized(name, style, size * ONE_LINE_SHRINK), width) == 1:
        while _line_count(paragraph, width) > 1:
            size -= 0.25
            paragraph = _sized(name, style, size)
        return paragraph
    while _line_count(paragraph, width) > max_lines and size > floor:
        size = max(floor, size - 0.5)
        paragraph = _sized(name, style, size)
    return paragraph


def _sized(name: str, style: ParagraphStyle, size: float) -> Paragraph:
    return plain(name, style.clone("org-name-fitted", fontSize=size, leading=size * style.leading / style.fontSize))


def _line_count(paragraph: Paragraph, width: float) -> int:
    paragraph.wrap(width, 1e6)
    return len(paragraph.blPara.lines)


class IdentityRow(Flowable):  # type: ignore[misc, unused-ignore]
    """The logo (when there is one) and the org's name beside it, centred on each other.

    On a coloured band the logo sits on a rounded ``tile`` of the page colour: logos are made for
    white paper (a JPEG's white box, a dark crest) and would clash with the band itself.
    """

    def __init__(self, org: OrgBranding, name_style: ParagraphStyle, width: float, logo_height: float,
                 floor: float, tile: str | None = None) -> None:
        super().__init__()
        self.tile, self.pad = tile, (logo_height * TILE_PAD if tile else 0.0)
        inner = logo_height - 2 * self.pad
        self.logo = LogoFlowable(org.logo, inner * LOGO_ASPECT, inner) if org.logo else None
        self.logo_box = (self.logo.width + 2 * self.pad, self.logo.height + 2 * self.pad) if self.logo else (0.0, 0.0)
        self.gap = logo_height * 0.3 if self.logo else 0.0
        text_width = width - self.logo_box[0] - self.gap
        self.name = fitted_name(org.name, name_style, text_width, floor)
        _, self.name_height = self.name.wrap(text_width, 1e6)
        self.width = width
        self.height = max(self.name_height, self.logo_box[1])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.logo:
            box_width, box_height = self.logo_box
            bottom = (self.height - box_height) / 2
            if self.tile:
                self.canv.saveState()
                self.canv.setFillColor(HexColor(self.tile))
                self.canv.roundRect(0, bottom, box_width, box_height, self.pad * 0.8, stroke=0, fill=1)
                self.canv.restoreState()
            self.logo.drawOn(self.canv, self.pad, bottom + self.pad)
        self.name.drawOn(self.canv, self.logo_box[0] + self.gap, (self.height - self.name_height) / 2)


def identity_row(org: OrgBranding, styles: Styles, theme: Theme, width: float, *, on_band: bool,
                 size: float | None = None) -> IdentityRow:
    """The org's logo and name for the head of a page or panel, at ``size`` (default: the heading's).

    ``on_band``: in the title band (name in the page colour, logo on a tile); otherwise on the page
    (name in the primary colour). The name may shrink to the body size to stay within two lines.
    """
    size = size or styles.heading.fontSize
    colour = theme.background if on_band else theme.primary
    style = styles.heading.clone("org-name", fontSize=size, leading=size * 1.15, textColor=HexColor(colour),
                                 spaceBefore=0, spaceAfter=0, keepWithNext=0)
    return IdentityRow(org, style, width, size * LOGO_HEIGHT, floor=min(size, styles.body_pt),
                       tile=theme.background if on_band else None)


def block_fill(theme: Theme) -> str:
    """A light tint of the primary colour, or the plain background if the tint would cost contrast."""
    channels = [round(int(theme.background[i:i + 2], 16) * (1 - TINT) + int(theme.primary[i:i + 2], 16) * TINT)
                for i in (1, 3, 5)]
    tint = "#" + "".join(f"{c:02x}" for c in channels)
    readable = all(contrast_ratio(colour, tint) >= 4.5 for colour in (theme.primary, theme.text))
    return tint if readable else theme.background


def contacts_block(org: OrgBranding, styles: Styles, theme: Theme, width: float, *, side: bool = False,
                   heading_size: float | None = None, model: Contacts | None = None, columns: int = 1,
                   snug: bool = False) -> Flowable:
    """The local contacts under their heading ("Locally, contact"), in a tinted box with a bar.

    One row per contact, so on a leaflet the block may break between contacts like other text.
    ``side`` puts the heading in a column left of the contacts: a row less, for a crowded poster;
    with ``columns`` 2 too, the contacts fill two columns beside it, row by row: half the rows, for
    a poster that has no other room. ``snug``: less padding, for the same poster.
    """
    pad = styles.body_pt * 0.8
    size = heading_size or styles.heading.fontSize
    heading = plain(org.contacts_heading, styles.heading.clone("contacts-heading", fontSize=size, leading=size * 1.2,
                                                               spaceBefore=0, spaceAfter=0, keepWithNext=0))
    line = styles.body.clone("contact", spaceAfter=0, leading=styles.body_pt * 1.3)
    contacts = [plain(unbroken_numbers(contact), line) for contact in org.contacts]
    if model is not None:  # tagged: the model's contacts are the org's, in the same order
        tag(heading, model, "heading")
        for index, contact in enumerate(contacts):
            tag(contact, model, index)
    if side:
        natural = stringWidth(org.contacts_heading, heading.style.fontName, size) + pad * 2.4
        label = min(max(natural, width * 0.2), width * 0.36)
        rows: list[list[object]] = [[heading if index == 0 else "", *contacts[index:index + columns]]
                                    for index in range(0, len(contacts), columns)]
        rows[-1] += [""] * (columns + 1 - len(rows[-1]))
        table = Table(rows, colWidths=[label] + [(width - label) / columns] * columns, hAlign="LEFT")
        extra: list[tuple[Any, ...]] = [("SPAN", (0, 0), (0, -1)), ("VALIGN", (0, 0), (0, -1), "MIDDLE")]
    else:
        table = Table([[heading]] + [[contact] for contact in contacts], colWidths=[width], hAlign="LEFT")
        extra = [("BOTTOMPADDING", (0, 0), (-1, 0), styles.body_pt * 0.35),
                 ("NOSPLIT", (0, 0), (0, min(1, len(contacts))))]  # the heading never ends a column alone
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.body.fontName),  # else ReportLab references Helvetica
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(block_fill(theme))),
        ("LINEBEFORE", (0, 0), (0, -1), pad * 0.35, HexColor(theme.primary)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.2),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), styles.body_pt * (0.08 if snug else 0.15)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.body_pt * (0.08 if snug else 0.15)),
        ("TOPPADDING", (0, 0), (-1, 0), pad * (0.45 if snug else 0.7)),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * (0.45 if snug else 0.7)),
        *extra,
    ]))
    return table
