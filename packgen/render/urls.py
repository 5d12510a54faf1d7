"""Printed web addresses that break cleanly: never inside a word, nothing inserted.

An address may break after ``/`` or before ``?``, ``&``, ``.`` or ``-`` (the places a reader
expects a URL to continue on the next line); no hyphen is added, so text extraction gives the
exact printed form back once the line breaks are removed. ReportLab's own ``splitLongWords``
would cut anywhere (``info-advic|e``), so an address is set as lines chosen here and joined with
``<br/>`` inside one link.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as _ReportLabParagraph

from .markup import check_link_url, escape_text, plain_markup
from .paragraphs import Paragraph

# A break is allowed after "/" and before "?", "&", ".", "-" (never at the very start).
_BREAKS = re.compile(r"(?<=/)(?=.)|(?<=.)(?=[?&.\-])")
SHRINK_FLOOR = 0.8  # an unbreakable piece wider than the line may shrink the address to 80% of its size


def url_pieces(printed: str) -> list[str]:
    """The printed address cut at every allowed break point."""
    return [piece for piece in _BREAKS.split(printed) if piece]


def url_lines(printed: str, font: str, size: float, width: float) -> list[str]:
    """Greedy lines of ``printed`` no wider than ``width`` (a piece wider than that has a line of its own)."""
    lines: list[str] = []
    current = ""
    for piece in url_pieces(printed):
        if current and stringWidth(current + piece, font, size) > width:
            lines.append(current)
            current = piece
        else:
            current += piece
    return lines + ([current] if current else [])


class UrlParagraph(Paragraph):  # type: ignore[misc, unused-ignore]
    """A linked, printed address, broken only where :func:`url_pieces` allows, at any width."""

    def __init__(self, url: str, printed: str, style: object, *, bold: bool = False, linked: bool = True) -> None:
        check_link_url(url)
        self.url, self.printed, self.bold, self.linked = url, printed, bold, linked
        self._laid_width: float | None = None
        super().__init__(self._markup([printed]), style)

    def _markup(self, lines: list[str]) -> str:
        joined = "<br/>".join(plain_markup(line, bold=self.bold) for line in lines)
        return f'<a href="{escape_text(self.url)}">{joined}</a>' if self.linked else joined

    def _relayout(self, width: float) -> None:
        style = self.style
        font, size = style.fontName, style.fontSize
        widest = max(stringWidth(piece, font, size) for piece in url_pieces(self.printed))
        if widest > width and widest * SHRINK_FLOOR <= width:
            factor = width / widest
            style = style.clone(style.name + "-fitted", fontSize=size * factor, leading=style.leading * factor)
            size = style.fontSize
        lines = url_lines(self.printed, font, size, width)
        _ReportLabParagraph.__init__(self, self._markup(lines), style)
        self._laid_width = width

    def memo_key(self) -> tuple[object, ...]:
        """The address and how it is set decide its lines too (render/paragraphs.py's line memo)."""
        return (self.url, self.printed, self.bold, self.linked, self._laid_width)

    def break_lines(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._laid_width != availWidth:
            self._relayout(availWidth)
        return super().break_lines(availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        return []  # an address stays in one piece

    def minWidth(self) -> float:
        pieces = url_pieces(self.printed)
        return max(stringWidth(p, self.style.fontName, self.style.fontSize) for p in pieces) * SHRINK_FLOOR
