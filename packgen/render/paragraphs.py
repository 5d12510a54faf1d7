"""ReportLab's Paragraph, with its line breaks kept while nothing changed.

Platypus asks a paragraph for its size many times at the same width: a measure (``fit.height_of``),
then the frame that places it, then a table's cell geometry, again when the table draws, and once
more in every trial of the fitting. ReportLab breaks the lines again every time (``breakLines``,
a third of a poster's render time). :class:`Paragraph` remembers its last wrap: asked again at the
same width, with the same text, style and line breaks still in place, it returns the same size
without breaking the lines again. Anything that changes the paragraph makes it wrap afresh: another
width, new fragments or a new style (``UrlParagraph`` sets itself up again for each width), or
ReportLab dropping the line breaks (``split`` deletes ``blPara`` when nothing fits). A paragraph
in which ReportLab ever cut a word longer than the line (or hyphenated one) is not kept: breaking
such lines again gives other fragments in ReportLab (a space before the cut piece, one more each
time), so those paragraphs are broken again at every wrap, as before. The lines drawn are the ones ReportLab would have computed again:
the PDFs are byte-identical (tests/test_render_paragraphs.py).

Plain text is not parsed. ReportLab feeds every paragraph's markup through an HTML parser (a
leaflet has sixty paragraphs without a single tag). The fragment that parser makes for text with
no tag and no entity depends on the style's font, size and colour alone, so it is made once per
font, size and colour, by ReportLab's own parser, and copied with each paragraph's text: the same
fragment, attribute for attribute (tests/test_render_paragraphs.py compares them).

Subclasses change how the lines are broken by overriding :meth:`Paragraph.break_lines` (called
only when the memo does not hold), never ``wrap``.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from reportlab.platypus import Paragraph as _ReportLabParagraph
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser

_CUTS = threading.local()  # .count: how many line breakings cut a word, in this thread (render/tables.py)


def cuts() -> int:
    """How many times a paragraph's line breaking cut a word in this thread, so far."""
    return int(getattr(_CUTS, "count", 0))


_TEMPLATES: dict[tuple[object, ...], Any] = {}  # what the parser copies from a style -> its fragment
_TEMPLATES_LOCK = threading.Lock()
_MAX_TEMPLATES = 256
_SAMPLE = "x"


def _template(style: Any) -> Any | None:
    """The fragment ReportLab's parser makes of plain text in ``style`` (its text a sample), or None
    when that is not a single plain fragment of the same style (then every paragraph is parsed).

    The parser takes three things from the style for plain text: its font (as a family, bold and
    italic, and back), size and text colour. So the fragment is kept per those values, whichever
    style object carries them (every render makes its styles afresh); the size and colour objects
    are then set from the paragraph's own style.
    """
    try:
        key = (style.fontName, style.fontSize, type(style.textColor), style.textColor)
        found = _TEMPLATES.get(key, False)
    except TypeError:  # an unhashable colour: parse
        return None
    if found is not False:
        return found
    parser = ParaParser()
    parser.caseSensitive = 1
    parsed_style, frags, bullet_frags = parser.parse(_SAMPLE, style)
    fragment = frags[0] if (frags and len(frags) == 1 and parsed_style is style and not bullet_frags
                            and getattr(frags[0], "text", None) == _SAMPLE and not frags[0].greek
                            and not frags[0].link and not frags[0].us_lines) else None
    with _TEMPLATES_LOCK:
        if len(_TEMPLATES) >= _MAX_TEMPLATES:
            _TEMPLATES.pop(next(iter(_TEMPLATES)))
        _TEMPLATES[key] = fragment
    return fragment


class Paragraph(_ReportLabParagraph):  # type: ignore[misc, unused-ignore]
    """A Paragraph whose ``wrap`` at the width it was last wrapped at costs nothing."""

    # (width, fragments, style, line breaks, result) of the last wrap; on the class: none yet
    _wrapped: tuple[float, Any, Any, Any, tuple[float, float]] | None = None

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        if frags is None and self.caseSensitive == 1 and isinstance(text, str):
            cleaned = cleaner(text)
            if cleaned and "<" not in cleaned and "&" not in cleaned:
                template = _template(style)
                if template is not None:
                    fragment = copy.copy(template)
                    fragment.text, fragment.fontSize, fragment.textColor = cleaned, style.fontSize, style.textColor
                    fragment.link, fragment.us_lines = [], []  # the parser gives each paragraph its own
                    frags = [fragment]
                    textTransformFrags(frags, style)
                    text = cleaned
        super()._setup(text, style, bulletText, frags, cleaner)

    # Set for good once ReportLab cut a word longer than the line (or hyphenated): breaking such
    # lines again is not the same in ReportLab (the cut piece comes back with a space before it,
    # more with every wrap), so from then on every wrap breaks the lines, as ReportLab's own would.
    _cut = False

    def breakLines(self, width: Any) -> Any:
        lines = super().breakLines(width)
        if getattr(self, "_splitLongWordCount", 0) or getattr(self, "_hyphenations", 0):
            self._cut = True
            _CUTS.count = getattr(_CUTS, "count", 0) + 1
        return lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self._wrapped
        if (memo is not None and memo[0] == availWidth and memo[1] is self.frags and memo[2] is self.style
                and memo[3] is self.__dict__.get("blPara") and not self._cut):
            return memo[4]
        result = self.break_lines(availWidth, availHeight)
        self._wrapped = None if self._cut else (availWidth, self.frags, self.style, self.__dict__.get("blPara"), result)
        return result

    def break_lines(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the lines for ``availWidth`` (ReportLab's ``wrap``): the size taken."""
        return _ReportLabParagraph.wrap(self, availWidth, availHeight)  # type: ignore[no-any-return]
