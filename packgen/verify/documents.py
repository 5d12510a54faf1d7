"""Check built PDFs against their plans: every QR code decodes to exactly the planned URLs,
every piece of text the layout kind shows is there, no glyph came out as a blank box, and the
PDF is tagged as packgen promises (see :func:`packgen.verify.tagged.structure_problems`); a
booklet's imposed print file too."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from packgen.files import is_regular_file
from packgen.model import document_model, expected_texts
from packgen.plan.documents import DocumentPlan, footer_text
from packgen.plan.outputs import kind as output_kind
from packgen.verify.pdf_inspect import normalise_text, scan_pages
from packgen.verify.tagged import read_tagged, structure_problems, tagging_problems


@dataclass
class Verdict:
    """What verify found for one document: an empty ``problems`` list means it passed."""

    id: str
    codes: int = 0
    texts: int = 0
    elements: int = 0   # structure elements in the tagged PDF's tree
    problems: list[str] = field(default_factory=list)


def _squash(text: str) -> str:
    """Text without any whitespace, so line breaks in the PDF do not matter."""
    return "".join(normalise_text(text).split())


def _without(text: str, pieces: list[str]) -> str:
    for piece in pieces:
        text = text.replace(piece, "")
    return text


def verify_document(plan: DocumentPlan, pdf: Path) -> Verdict:
    verdict = Verdict(plan.id)
    if not is_regular_file(pdf):  # never through a link, never a FIFO or a device
        what = "is not a file packgen wrote" if pdf.exists() or pdf.is_symlink() else "is missing"
        verdict.problems.append(f"{pdf} {what}; run `packgen build`")
        return verdict
    scanned = scan_pages(pdf)
    codes = [code for page in scanned for code in page.codes]
    verdict.codes = len(codes)
    decoded = {code.text for code in codes}
    for code in codes:
        if code.format != "QR Code":
            verdict.problems.append(f"{code.text!r} is a {code.format}, which many phones cannot read")
    for url in plan.urls:
        if url not in decoded:
            verdict.problems.append(f"no QR code decodes to {url}")
    for text in sorted(decoded - set(plan.urls)):
        verdict.problems.append(f"unexpected QR code {text!r}")
    pages = [page.text for page in scanned]
    if any(page.blank_glyphs for page in scanned):
        verdict.problems.append("a character was drawn as a blank box (.notdef)")
    # Page furniture would interrupt a paragraph that runs on to the next page.
    parts = [plan, *([plan.companion] if plan.companion else [])]  # a bilingual document: both languages
    furniture = [_squash(footer_text(part, part.words.page_label(n)))
                 for part in parts for n in range(len(pages), 0, -1)]
    furniture += [_squash(footer_text(part)) for part in parts]
    found = "".join(_without(_squash(page), furniture) for page in pages)
    expected = [text for part in parts for text in expected_texts(document_model(part))]
    verdict.texts = len(expected)
    for text in expected:
        if _squash(text) not in found:
            verdict.problems.append(f"text missing: {text[:70]!r}")
    tagged = read_tagged(pdf)
    problems, verdict.elements = tagging_problems(tagged, expected)
    verdict.problems += problems
    if tagged.lang is not None and tagged.lang != plan.language:
        verdict.problems.append(f"the PDF's language is {tagged.lang!r}, expected {plan.language!r}")
    imposed = output_kind("imposed")
    if plan.layout.kind == "booklet" and imposed is not None:  # the print file is tagged too
        sheets = pdf.with_name(imposed.filename(plan.id))
        if is_regular_file(sheets):
            verdict.problems += [f"{sheets.name}: {problem}" for problem in structure_problems(sheets, expected)]
        else:
            verdict.problems.append(f"{sheets} is missing; run `packgen build`")
    return verdict


def verify_web_only(plan: DocumentPlan, output: Path) -> Verdict:
    """A document with no PDF (its script cannot be drawn yet): its web page and text version.

    Both are files packgen could have written; the page carries the document's language and
    direction; every text the document shows is in the text version; in right-to-left text every
    phone number is isolated left to right (U+2066 ... U+2069 in the text, ``<bdi dir="ltr">`` on
    the page), so "0800 1111" never reads "1111 0800". There are no QR codes to decode.
    """
    from packgen.files import read_owned
    from packgen.i18n.direction import text_direction
    from packgen.i18n.tags import LRI, PDI

    verdict = Verdict(plan.id)
    found: dict[str, str] = {}
    for key in ("html", "text"):
        kind = output_kind(key)
        path = output / (kind.filename(plan.id) if kind else f"{plan.id}.{key}")
        data = read_owned(path) if is_regular_file(path) else None
        if data is None:
            verdict.problems.append(f"{path} is missing; run `packgen build`")
            continue
        try:
            found[key] = data.decode("utf-8")
        except UnicodeDecodeError:
            verdict.problems.append(f"{path} is not UTF-8 text; run `packgen build --force`")
    page, text = found.get("html"), found.get("text")
    direction = text_direction(plan.language)
    if page is not None and f'<html lang="{plan.language}" dir="{direction}">' not in page:
        verdict.problems.append(f"{plan.id}.html does not say its language and direction "
                                f'(<html lang="{plan.language}" dir="{direction}">)')
    if text is not None:
        plain_text = _squash(text.replace(LRI, "").replace(PDI, ""))
        parts = [plan, *([plan.companion] if plan.companion else [])]
        expected = [t for part in parts for t in expected_texts(document_model(part))]
        verdict.texts = len(expected)
        verdict.problems += [f"text missing from {plan.id}.txt: {t[:70]!r}" for t in expected
                             if _squash(t) not in plain_text]
    if direction == "rtl":
        for phone in dict.fromkeys(s.phone for s in plan.services if s.phone):
            if text is not None and f"{LRI}{phone}{PDI}" not in text:
                verdict.problems.append(f"{plan.id}.txt: {phone} is not isolated left to right (U+2066 ... U+2069)")
            if page is not None and f'<bdi dir="ltr">{phone}</bdi>' not in page:
                verdict.problems.append(f'{plan.id}.html: {phone} is not isolated left to right (<bdi dir="ltr">)')
    return verdict


def verify_documents(plans: list[DocumentPlan], output: Path) -> list[Verdict]:
    return [verify_web_only(plan, output) if plan.web_only else verify_document(plan, output / plan.filename)
            for plan in plans]
