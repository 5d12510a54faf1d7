"""The "Get help now" box: the first numbers to ring, on the page a reader sees first.

What it shows is the document model's :class:`~packgen.model.nodes.HelpBox` (which services, in
which order, is decided there, once, for every output); which kinds show it is their spec's
``Shows.help_box``. Each part is tagged with its node: the heading (H2, read after the title and
the key message, before the advice), each service's name, its phone number as a Link with its
description ("Call Childline on 0800 1111"), its hours, or its web address when the document has
no phone number. The box's fill and rule are artifacts.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle

from packgen.model.nodes import HelpEntry
from packgen.plan.documents import DocumentPlan

from .blocks import contact_link, styled, text, web_address
from .branding import block_fill
from .styles import Styles
from .tables import Table
from .tagging import model_of, tag


def _phone_style(number: str, styles: Styles, width: float) -> ParagraphStyle:
    """The phone style, set smaller (never below the body size) where the number would otherwise
    break across lines in a narrow cell ("0808 800 | 5000")."""
    style = styles.phone
    needed = stringWidth(number, style.fontName, style.fontSize)
    if needed <= width:
        return style
    size = max(style.fontSize * width / needed, styles.body_pt)
    return style.clone("help-phone", fontSize=size, leading=style.leading * size / style.fontSize)


def _entry(entry: HelpEntry, styles: Styles, width: float) -> list[Flowable]:
    """A service's lines in a cell whose text is ``width`` wide."""
    name = styles.service_name.clone("help-name", spaceAfter=0)
    lines: list[Flowable] = [tag(styled(entry.name, name), entry, "name")]
    contact = entry.contact
    if contact.link.kind == "web":
        lines.append(web_address(contact, styles.small))
    else:
        lines.append(contact_link(contact, _phone_style(contact.link.text, styles, width)))
    if contact.note:
        lines.append(tag(text(contact.note, styles.small), contact, "note"))
    return lines


def _label_width(heading: str, font: str, size: float) -> float:
    """The heading's column: wide enough for all but its last word on one line ("Get help" / "now",
    "Cael help" / "nawr"), and for its longest word."""
    words = heading.split()
    return max([stringWidth(" ".join(words[:-1]), font, size)] + [stringWidth(w, font, size) for w in words])


def help_now_box(plan: DocumentPlan, styles: Styles, width: float, *, stacked: bool = False) -> Flowable | None:
    """The box, ``width`` wide: entries side by side (``stacked``: one under another)."""
    box = model_of(plan).help_box
    if box is None:
        return None
    theme = plan.layout.theme
    pad = styles.body_pt * 0.8
    heading = tag(styled(box.heading, styles.heading.clone("help-heading", spaceBefore=0, spaceAfter=0, keepWithNext=0)),
                  box, "heading")
    if stacked:
        entries = [_entry(entry, styles, width - pad * 1.5) for entry in box.entries]
        rows: list[list[object]] = [[heading]] + [[entry] for entry in entries]
        widths = [width]
    else:  # the heading in a column of its own, left of the entries: a line less on page 1
        label = min(width * 0.2, _label_width(box.heading, heading.style.fontName, heading.style.fontSize) + pad * 2.2)
        cell = (width - label) / len(box.entries)
        entries = [_entry(entry, styles, cell - pad * 1.5) for entry in box.entries]
        rows = [[heading, *entries]]
        widths = [label] + [cell] * len(entries)
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.body.fontName),  # else ReportLab references Helvetica
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(block_fill(theme))),
        ("LINEBEFORE", (0, 0), (0, -1), pad * 0.45, HexColor(theme.accent)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad * 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.25),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.25),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.6),
    ]))
    return table
