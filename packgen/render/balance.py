"""Balanced line breaks for headings, bands and taglines: no lone word on a last line.

A greedy line breaker fills each line and leaves the rest to the last ("Your child is never to
blame, and this can be sorted" ending on "sorted."). :class:`BalancedParagraph` keeps the
number of lines the full width needs, then narrows the measure as far as that number allows
(a short search), so the lines come out about equally long. Drawn left aligned at the same x.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _ReportLabParagraph

from .paragraphs import Paragraph

SEARCH_STEPS = 7          # bisection steps: the measure found to within 1/128 of its range
NARROWEST = 0.45          # never narrower than this share of the width offered


class BalancedParagraph(Paragraph):  # type: ignore[misc, unused-ignore]
    """A Paragraph whose lines are balanced when it takes more than one."""

    def break_lines(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = _ReportLabParagraph.wrap(self, availWidth, availHeight)
        lines = len(self.blPara.lines)
        if lines < 2:
            return width, height
        low, high = availWidth * NARROWEST, availWidth
        for _ in range(SEARCH_STEPS):
            middle = (low + high) / 2
            _ReportLabParagraph.wrap(self, middle, availHeight)
            if len(self.blPara.lines) == lines:
                high = middle
            else:
                low = middle
        _, height = _ReportLabParagraph.wrap(self, high, availHeight)
        return availWidth, height  # takes the width offered; its lines are just shorter

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        return []  # a heading or a band's line moves whole
