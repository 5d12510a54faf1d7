"""Flowables shared by every layout kind, drawn from the document model: headings, advice items,
service entries, QR cells. Each flowable is tagged with the model node it draws
(:func:`packgen.render.tagging.tag`), which is all the structure tree needs to know of it."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, TableStyle

from packgen.model.nodes import BulletList, Contact, Document, Identity, Section, ServiceEntry, Span
from packgen.model.nodes import Paragraph as ParagraphNode
from packgen.plan.documents import DocumentPlan

from .balance import BalancedParagraph
from .markup import link_markup, paragraph_markup, spans_markup
from .paragraphs import Paragraph
from .qr import QrFlowable
from .styles import Styles
from .tables import Table
from .tagging import tag
from .urls import UrlParagraph


def text(value: str, style: object, *, bold: bool = False) -> Paragraph:
    """A paragraph of catalogue text (escaped; **bold** spans allowed)."""
    return Paragraph(paragraph_markup(value, bold=bold), style)


def is_bold(style: object) -> bool:
    return "Bold" in getattr(style, "fontName", "")


def styled(value: str, style: object) -> Paragraph:
    """Catalogue text in a style whose own face may be bold."""
    return text(value, style, bold=is_bold(style))


def balanced(value: str, style: object) -> Paragraph:
    """A heading, title or key message: like :func:`styled`, its lines balanced (render.balance)."""
    return BalancedParagraph(paragraph_markup(value, bold=is_bold(style)), style)


def spans(value: tuple[Span, ...], style: object) -> Paragraph:
    """The model's spans as a paragraph in ``style``."""
    return Paragraph(spans_markup(value, bold=is_bold(style)), style)


def link(url: str, label: str, style: object) -> Paragraph:
    return Paragraph(link_markup(url, label, bold=is_bold(style)), style)


def contact_link(contact: Contact, style: object) -> Flowable:
    """A phone number, email or web address, clickable, tagged as its Link."""
    return tag(link(contact.link.target, contact.link.text, style), contact.link,
               description=contact.link.description)


def web_address(contact: Contact, style: object) -> Flowable:
    """A printed web address, broken only at its separators (render.urls), tagged as its Link."""
    return tag(UrlParagraph(contact.link.target, contact.link.text, style), contact.link,
               description=contact.link.description)


def title(model: Document, style: object) -> Flowable:
    return tag(balanced(model.title, style), model, "title")


def key_message(model: Document, style: object) -> Flowable:
    assert model.key_message is not None
    return tag(BalancedParagraph(spans_markup(model.key_message, bold=is_bold(style)), style), model, "key_message")


def tag_identity(row: Flowable, identity: Identity | None) -> Flowable:
    """Tag an org's logo-and-name row: the logo is a Figure, the name a paragraph."""
    if identity is not None:
        tag(row.name, identity, "name")
        if row.logo is not None and identity.logo is not None:
            tag(row.logo, identity.logo)
    return row


def section_heading(section: Section, style: object) -> Flowable:
    return tag(balanced(section.heading, style), section, "heading")


def advice_in_full(section: Section, styles: Styles) -> list[Flowable]:
    """Title, every body paragraph and every point (leaflets, folded leaflets)."""
    flowables: list[Flowable] = [section_heading(section, styles.heading)]  # keepWithNext: see fit.flow
    for block in section.blocks:
        if isinstance(block, ParagraphNode):
            flowables.append(tag(spans(block.spans, styles.body), block))
        elif isinstance(block, BulletList):
            flowables += [tag(Paragraph(spans_markup(item), styles.bullet, bulletText="•"), block, index)
                          for index, item in enumerate(block.items)]
    return flowables


def advice_summary(section: Section) -> ParagraphNode | None:
    """What a poster shows under an advice title: its short line, else its body."""
    return next((block for block in section.blocks if isinstance(block, ParagraphNode)), None)


def qr_for(entry: ServiceEntry, plan: DocumentPlan, scale: float = 1.0) -> QrFlowable:
    assert entry.qr is not None and entry.qr.target is not None
    size = plan.layout.qr.size_mm * mm * max(scale, 1.0)
    code = QrFlowable(entry.qr.target, size, plan.layout.qr.error_correction, dark=HexColor(plan.layout.theme.text))
    tag(code, entry.qr)
    return code


def service_lines(entry: ServiceEntry, styles: Styles, *, show_url: bool = True) -> list[Flowable]:
    """Name, phone, email, printed URL, and the summary and who it is for where the kind shows them."""
    lines: list[Flowable] = [tag(styled(entry.name, styles.service_name), entry, "name")]
    if entry.summary:
        lines.append(tag(spans(entry.summary, styles.small), entry, "summary"))
    if entry.who_for:
        lines.append(tag(spans(entry.who_for, styles.small), entry, "who_for"))
    lines += reach_lines(entry, styles.phone, styles.small)
    if entry.email:  # the main way in when there is no number; else small, under the hours
        lines.append(contact_link(entry.email, styles.small if entry.phone or entry.sms else styles.service_name))
    if entry.web and show_url:
        lines.append(web_address(entry.web, styles.small))
    return lines


def reach_lines(entry: ServiceEntry, number_style: object, note_style: object) -> list[Flowable]:
    """The phone number and the text-message route ("Text SHOUT to 85258"), each a link, each with
    its note (the opening hours) printed right under it."""
    lines: list[Flowable] = []
    for contact in (entry.phone, entry.sms):
        if contact is not None:
            lines.append(contact_link(contact, number_style))
            if contact.note:
                lines.append(tag(styled(contact.note, note_style), contact, "note"))
    return lines


def service_entry(entry: ServiceEntry, plan: DocumentPlan, styles: Styles, width: float) -> Flowable:
    """A service with its QR code on the left (when it has a URL) and its details beside it."""
    details = service_lines(entry, styles)
    if entry.qr:
        code = qr_for(entry, plan)
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
