"""ReportLab's Paragraph, with its line breaks kept while nothing changed.

Platypus asks a paragraph for its size many times at the same width: a measure (``fit.height_of``),
then the frame that places it, then a table's cell geometry, again when the table draws, and once
more in every trial of the fitting. ReportLab breaks the lines again every time (``breakLines``,
a third of a poster's render time). :class:`Paragraph` remembers its last wrap: asked again at the
same width, with the same text, style and line breaks still in place, it returns the same size
without breaking the lines again. Anything that changes the paragraph makes it wrap afresh: another
width, new fragments or a new style (``UrlParagraph`` sets itself up again for each width), or
ReportLab dropping the line breaks (``split`` deletes ``blPara`` when nothing fits). A wrap that
cut a word longer than the line (or hyphenated one) is not kept: ReportLab breaking such lines a
second time gives other fragments (a space before the cut word), so those paragraphs are broken
again every time, as before. The lines drawn are the ones ReportLab would have computed again:
the PDFs are byte-identical (tests/test_render_paragraphs.py).

Subclasses change how the lines are broken by overriding :meth:`Paragraph.break_lines` (called
only when the memo does not hold), never ``wrap``.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph as _ReportLabParagraph


class Paragraph(_ReportLabParagraph):  # type: ignore[misc, unused-ignore]
    """A Paragraph whose ``wrap`` at the width it was last wrapped at costs nothing."""

    # (width, fragments, style, line breaks, result) of the last wrap; on the class: none yet
    _wrapped: tuple[float, Any, Any, Any, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self._wrapped
        if (memo is not None and memo[0] == availWidth and memo[1] is self.frags and memo[2] is self.style
                and memo[3] is self.__dict__.get("blPara")):
            return memo[4]
        result = self.break_lines(availWidth, availHeight)
        # ReportLab breaking its own broken lines again is not always the same: a word longer than
        # the line, cut in two, comes back with a space before it. Those are left to ReportLab.
        kept = not (getattr(self, "_splitLongWordCount", 0) or getattr(self, "_hyphenations", 0))
        self._wrapped = (availWidth, self.frags, self.style, self.__dict__.get("blPara"), result) if kept else None
        return result

    def break_lines(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the lines for ``availWidth`` (ReportLab's ``wrap``): the size taken."""
        return _ReportLabParagraph.wrap(self, availWidth, availHeight)  # type: ignore[no-any-return]
