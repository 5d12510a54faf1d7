"""ReportLab's Table, not measured again at the width it was last measured at.

A table is asked for its size at the same width several times: measured for fitting
(``fit.height_of``), then by the frame that places it, by the keep-with-next check, and by the
band or box that draws it. ReportLab computes every cell's geometry again each time (``Table._calc``:
0.2-0.4 ms for a service entry with its QR code; 15 times for a leaflet). :class:`Table` keeps the
result of its last wrap and returns it when asked again at the same width.

Without row or column spans, ReportLab's table height does not depend on the height offered (the
"long table" shortcut that stops measuring rows once they overflow applies to spans only), so
the width is the key; a table with spans is keyed on both. Splitting forgets the memo, and a new
style (``setStyle``) does too. The geometry kept is the one ReportLab computed at that width, and
the PDFs are byte-identical.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table as _ReportLabTable

from .paragraphs import cuts


class Table(_ReportLabTable):  # type: ignore[misc, unused-ignore]
    """A Table whose ``wrap`` at the size it was last wrapped at costs nothing."""

    _wrapped: tuple[float, float | None, tuple[float, float]] | None = None  # (width, height or None, size)
    _probed: tuple[tuple[float, float], tuple[float, float]] | None = None  # see probe()
    _cut = False  # a paragraph in it had a word cut: measured afresh every time (render/paragraphs.py)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        probed = self._probed
        if probed is not None:
            self._probed = None
            if probed[0] == (availWidth, availHeight):
                return probed[1]
        memo = self._wrapped
        if memo is not None and memo[0] == availWidth and memo[1] in (None, availHeight) and not self._cut:
            return memo[2]
        before = cuts()
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        if cuts() != before:
            self._cut = True
        self._wrapped = None if self._cut else (availWidth, None if not self._spanCmds else availHeight, result)
        return result

    def probe(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Wrap now for a wrap with the same arguments that is sure to follow (a fitting test ahead
        of the frame's own): that next wrap returns this result instead of measuring again, even
        when the memo would not hold, so the table is measured as many times as without the test."""
        result = self.wrap(availWidth, availHeight)
        self._probed = ((availWidth, availHeight), result)
        return result

    def split(self, availWidth: float, availHeight: float) -> Any:
        self._wrapped = None
        return super().split(availWidth, availHeight)

    def setStyle(self, tblstyle: Any) -> None:
        self._wrapped = None
        super().setStyle(tblstyle)
