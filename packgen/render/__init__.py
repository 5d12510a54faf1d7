"""Renderers: the only package that imports ReportLab. One module per layout kind, named by the
kind's spec (:mod:`packgen.catalogue.kinds`), each with a ``render(plan) -> bytes`` function."""

from __future__ import annotations

import gc
import importlib
import re
from typing import TYPE_CHECKING

from packgen.catalogue.kinds import KINDS, kind_spec
from packgen.plan.outputs import Produced

if TYPE_CHECKING:  # not at run time: packgen.render.fonts is read by no-op builds, which load no model
    from packgen.plan.documents import DocumentPlan


def render_pdf(plan: DocumentPlan, made: object = None) -> Produced | None:
    """The PDF output of one document: its bytes and the number of pages drawn (the ``pdf`` producer).

    None for a web-only document (``plan.pdf_refused``: a script the PDF cannot draw yet); a plan
    in such a script that does not say so is refused by :func:`check_document`, never drawn.
    """
    if plan.pdf_refused:
        return None
    if plan.companion is not None:  # bilingual: put together from each language's pages by pypdf
        import io

        from pypdf import PdfReader

        data = render_document(plan)
        return Produced(data, pages=len(PdfReader(io.BytesIO(data)).pages))
    data = render_document(plan)
    return Produced(data, pages=page_count(data))


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")  # "/Type /Pages" is the page tree


def page_count(data: bytes) -> int:
    """Pages of a PDF that packgen drew (ReportLab writes every page object uncompressed): read from
    the bytes returned, so trial layouts made on the way to them never count."""
    return len(_PAGE_OBJECT.findall(data))


def render_document(plan: DocumentPlan) -> bytes:
    """The PDF bytes of one planned document, laid out by its layout's kind (both languages of a
    bilingual one, by :mod:`.bilingual`).

    The garbage collector is paused while it draws and collects the young generation once at the
    end (only if it was running): a render makes no reference cycles (tests/test_render_garbage.py),
    so the dozen or so young collections its ~50,000 short-lived objects would set off find nothing,
    and each walks every young object still alive (the flowables, the canvas). Charged here, in the
    render, not left to the caller's next allocation.
    """
    from .paragraphs import document_started

    document_started()  # the line memo wakes up at a process's second document
    enabled = gc.isenabled()
    gc.disable()
    try:
        check_document(plan)
        if plan.companion is not None:
            from .bilingual import render_bilingual

            return render_bilingual(plan)
        renderer = importlib.import_module(f"{__name__}.{kind_spec(plan.layout.kind).renderer}")
        data: bytes = renderer.render(plan)
        return data
    finally:
        if enabled:
            gc.enable()
            gc.collect(0)


def check_document(plan: DocumentPlan) -> None:
    """Refuse, before drawing, a language whose script the PDF cannot shape, a character no font
    has, or a QR code too dense for its size."""
    from packgen.errors import UserError
    from packgen.i18n.tags import pdf_refusal

    from .glyphs import check_glyphs
    from .qr import check_module_size

    for part in (plan, plan.companion):
        refusal = pdf_refusal(part.language) if part else None
        if refusal:
            raise UserError(f"document {plan.id}: {refusal}")
    check_glyphs(plan)
    check_module_size(plan.urls, plan.layout.id, plan.layout.qr.size_mm, plan.layout.qr.error_correction)


def load_renderers() -> None:
    """Import every kind's renderer (before forking workers, so each does not import its own)."""
    for spec in KINDS.values():
        importlib.import_module(f"{__name__}.{spec.renderer}")
