"""Flowables shared by every layout kind: headings, advice items, service entries, QR cells."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from packgen.catalogue.models import Advice, Service
from packgen.plan.documents import DocumentPlan, paragraphs
from .markup import link_markup, paragraph_markup
from .qr import QrFlowable
from .styles import Styles


def text(value: str, style: object, *, bold: bool = False) -> Paragraph:
    """A paragraph of catalogue text (escaped; **bold** spans allowed)."""
    return Paragraph(paragraph_markup(value, bold=bold), style)


def is_bold(style: object) -> bool:
    return "Bold" in getattr(style, "fontName", "")


def styled(value: str, style: object) -> Paragraph:
    """Catalogue text in a style whose own face may be bold."""
    return text(value, style, bold=is_bold(style))


def link(url: str, label: str, style: object) -> Paragraph:
    return Paragraph(link_markup(url, label, bold=is_bold(style)), style)


def advice_in_full(advice: Advice, styles: Styles) -> list[Flowable]:
    """Title, every body paragraph and every point (leaflets, folded leaflets)."""
    flowables: list[Flowable] = [styled(advice.title, styles.heading)]  # keepWithNext: see fit.flow
    flowables += [text(p, styles.body) for p in paragraphs(advice.body)]
    flowables += [Paragraph(paragraph_markup(point), styles.bullet, bulletText="•") for point in advice.points]
    return flowables


def advice_summary(advice: Advice) -> str:
    """What a poster shows under an advice title: its short line, else its body."""
    return advice.short or " ".join(paragraphs(advice.body))


def qr_for(service: Service, plan: DocumentPlan, scale: float = 1.0) -> QrFlowable:
    assert service.url is not None
    size = plan.layout.qr.size_mm * mm * max(scale, 1.0)
    return QrFlowable(service.url, size, plan.layout.qr.error_correction, dark=HexColor(plan.layout.theme.text))


def service_lines(service: Service, styles: Styles, *, full: bool, show_url: bool = True) -> list[Flowable]:
    """Name, phone, email, printed URL; with ``full`` also the summary and who it is for."""
    lines: list[Flowable] = [styled(service.name, styles.service_name)]
    if full:
        lines.append(text(service.summary, styles.small))
        if service.who_for:
            lines.append(text(service.who_for, styles.small))
    if service.phone:
        lines.append(link(f"tel:{service.phone.replace(' ', '')}", service.phone, styles.phone))
    if service.email:
        lines.append(link(f"mailto:{service.email}", service.email, styles.service_name))
    if service.url and show_url and service.printed_url:
        lines.append(link(service.url, service.printed_url, styles.small))
    return lines


def service_entry(service: Service, plan: DocumentPlan, styles: Styles, width: float, *, full: bool) -> Flowable:
    """A service with its QR code on the left (when it has a URL) and its details beside it."""
    details = service_lines(service, styles, full=full)
    if service.url:
        code = qr_for(service, plan)
        gap = 3 * mm
        table = Table([[code, details]], colWidths=[code.width + gap, width - code.width - gap])
    else:  # a one-row table keeps the lines together, like the entries with a code
        table = Table([[details]], colWidths=[width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.body.fontName),  # else ReportLab references Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.body_pt * 0.6),
    ]))
    return table
