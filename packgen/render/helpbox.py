"""The "Get help now" box: the first numbers to ring, on the page a reader sees first.

Which services: the document's first services with a phone number (in the document's order), with
their hours when the catalogue has them, and the police emergency number (999) last when the
document's services include it. A document without any phone number shows its first services'
web addresses instead, so the box is never empty.

The box repeats what the services section says in full (with the links), so it is drawn as plain
text: in a tagged PDF it is an artifact, and a screen reader meets each service once.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from packgen.catalogue.models import Service
from packgen.plan.documents import DocumentPlan

from .blocks import styled, text
from .branding import block_fill
from .styles import Styles
from .urls import UrlParagraph

MAX_ENTRIES = 3


def is_emergency(service: Service) -> bool:
    return bool(service.phone) and (service.phone or "").replace(" ", "") == "999"


def help_now_services(plan: DocumentPlan) -> list[Service]:
    """The services the box shows, in the order it shows them."""
    phones = [s for s in plan.services if s.phone and not is_emergency(s)]
    emergency = [s for s in plan.services if is_emergency(s)][:1]
    if phones or emergency:
        return phones[:MAX_ENTRIES - len(emergency)] + emergency
    return [s for s in plan.services if s.url][:MAX_ENTRIES]


def _entry(service: Service, styles: Styles) -> list[Flowable]:
    name = styles.service_name.clone("help-name", spaceAfter=0)
    lines: list[Flowable] = [styled(service.name, name)]
    if service.phone:
        lines.append(styled(service.phone, styles.phone))
        hours = getattr(service, "hours", None)  # issue 10 adds opening hours to services
        if hours:
            lines.append(text(hours, styles.small))
    elif service.url and service.printed_url:
        lines.append(UrlParagraph(service.url, service.printed_url, styles.small, linked=False))
    return lines


def help_now_box(plan: DocumentPlan, styles: Styles, width: float, *, stacked: bool = False) -> Flowable | None:
    """The box, ``width`` wide: entries side by side (``stacked``: one under another)."""
    services = help_now_services(plan)
    if not services:
        return None
    theme = plan.layout.theme
    pad = styles.body_pt * 0.8
    heading = styled(plan.words.get_help_now, styles.heading.clone("help-heading", spaceBefore=0, spaceAfter=0, keepWithNext=0))
    entries = [_entry(s, styles) for s in services]
    if stacked:
        rows: list[list[object]] = [[heading]] + [[entry] for entry in entries]
        widths = [width]
    else:  # the heading in a column of its own, left of the entries: a line less on page 1
        label = min(width * 0.2, stringWidth("Get help", heading.style.fontName, heading.style.fontSize) + pad * 2.2)
        rows = [[heading, *entries]]
        widths = [label] + [(width - label) / len(entries)] * len(entries)
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
