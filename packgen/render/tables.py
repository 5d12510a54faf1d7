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


class Table(_ReportLabTable):  # type: ignore[misc, unused-ignore]
    """A Table whose ``wrap`` at the size it was last wrapped at costs nothing."""

    _wrapped: tuple[float, float | None, tuple[float, float]] | None = None  # (width, height or None, size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self._wrapped
        if memo is not None and memo[0] == availWidth and memo[1] in (None, availHeight):
            return memo[2]
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, None if not self._spanCmds else availHeight, result)
        return result

    def split(self, availWidth: float, availHeight: float) -> Any:
        self._wrapped = None
        return super().split(availWidth, availHeight)

    def setStyle(self, tblstyle: Any) -> None:
        self._wrapped = None
        super().setStyle(tblstyle)
