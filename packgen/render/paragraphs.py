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

Line breaks shared between paragraphs (the *line memo*). A batch renders the same documents once
per school: the same advice text, in the same style, at the same width, is broken into the same
lines in every copy. A paragraph still as :meth:`_setup` made it (its fragments untouched by any
line breaking) is looked up by everything its line breaking reads: its class, its markup, bullet,
parser settings, every attribute of its style (name included, parent excluded: ReportLab copies
the parent's values in), its own leading override, what a subclass adds (:meth:`memo_key`) and
the width. On a hit it takes the state a line breaking left on the first paragraph (its lines,
its broken fragments, width and height: the attributes ``break_lines`` set or changed), shared and
never changed afterwards: ReportLab's drawing and splitting only read them (splitting copies the
lines it hands on; the cases that change a fragment in place are a cut or hyphenated word, which
is never kept). A paragraph whose line breaking cut a word, a style or key that cannot be hashed,
and fragments given directly (a split's halves) are broken as before. A paragraph broken again
(at another width, as a tri-fold measures at its narrowest panel and draws in each panel's frame, or
at the same width after a split dropped its lines) breaks from the word list its earlier breaking
left: it is keyed as above plus that breaking's key (``Paragraph._line_memo_key``), up to
:data:`CHAIN_DEPTH` breakings deep. The halves of a split (a leaflet's paragraph across a column
or page) are made from the lines they split, so each is keyed on the key of the line breaking it
was split from, which half it is and where the lines were split (``Paragraph.split``), in place of
its markup. The memo is bounded
(:data:`LINE_MEMO_SIZE` entries, oldest dropped first) and lives for the process: a batch worker
keeps it from one school to the next. It wakes up at the process's second document
(:func:`document_started`): a process that draws one document never pays for it. The markup of a paragraph with tags (a link, bold words) is
kept parsed the same way, by its text and every style attribute (:func:`_parsed`). ``set_line_memo(0)``
turns both off; the PDFs are the same bytes either way (tests/test_render_line_memo.py).
"""

from __future__ import annotations

import copy
import re
import threading
from typing import Any

from reportlab.lib.rl_accel import instanceStringWidthTTF as _ttf_string_width
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.pdfbase.ttfonts import TTFont as _TTFont
from reportlab.platypus import Paragraph as _ReportLabParagraph
from reportlab.platypus.paragraph import (
    _handleBulletWidth,
    _processed_frags,
    _wsc,
    cleanBlockQuotedText,
    textTransformFrags,
)
from reportlab.platypus.paragraph import split as _rl_split
from reportlab.platypus.paragraph import strip as _rl_strip
from reportlab.platypus.paraparser import ParaParser

from .memo import BoundedMemo

_CUTS = threading.local()  # .count: how many line breakings cut a word, in this thread (render/tables.py)


def cuts() -> int:
    """How many times a paragraph's line breaking cut a word in this thread, so far."""
    return int(getattr(_CUTS, "count", 0))


_UNCLEAN: list[re.Pattern[str]] = []  # made on first use (no work at import time)


def _cleaned(text: str, cleaner: Any) -> str:
    """``cleaner(text)``; ``text`` itself, without the call, when ReportLab's own cleaner
    (``cleanBlockQuotedText``: each line's whitespace runs made one space, the lines joined by one)
    has nothing to do: no whitespace but single spaces between words, and none of the characters
    ReportLab strips from the ends (a zero-width space). tests/test_render_paragraphs.py compares the
    two on the bundled texts and random ones."""
    if cleaner is not cleanBlockQuotedText:
        return str(cleaner(text))
    if not _UNCLEAN:  # any whitespace but a space (``\s`` is ``str.isspace``), what ReportLab strips, two spaces, a space at an end
        _UNCLEAN.append(re.compile(r"[^\S ]|[%s]|  |^ | $" % re.escape(_wsc.replace(" ", ""))))
    return text if _UNCLEAN[0].search(text) is None else str(cleanBlockQuotedText(text))


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


CHAIN_DEPTH = 3  # line breakings of one paragraph kept one after another (see Paragraph._line_memo_key)
LINE_MEMO_SIZE = 2048  # each; a batch of the bundled pack uses ~1,400 line breaks and ~700 markups again and again
_MISSING = object()
# Attributes a line breaking sets even when the value it sets is the one already there. Not the
# fragments: a breaking that leaves them as they were (one fragment) leaves each paragraph its own
# (made from the same markup and style), so that breaking it again at another width is keyed as a
# first breaking is; one that replaces them (ReportLab's word list) hands its list on.
_ALWAYS = ("width", "height", "blPara", "_wrapWidths", "_width_max", "_splitLongWordCount", "_hyphenations")


# Dormant (size 0) until the process starts its second document: a process that draws one document
# (a one-document build, a fresh process) would only pay for keys and entries it never uses.
_LINES = BoundedMemo(0)   # line breaks: key -> (the state a line breaking left, its result)
_PARSED = BoundedMemo(0)  # markup -> ReportLab's parse of it (fragments, bullet fragments)
_CONFIGURED = LINE_MEMO_SIZE
_DOCUMENTS = 0


def set_line_memo(size: int) -> None:
    """Keep at most ``size`` paragraphs' line breaks (and as many parsed markups) for later
    paragraphs, from now on (0: none, every paragraph parsed and broken itself); forgets what is kept."""
    global _LINES, _PARSED, _CONFIGURED
    _CONFIGURED = max(0, size)
    _LINES, _PARSED = BoundedMemo(_CONFIGURED), BoundedMemo(_CONFIGURED)


def clear_line_memo() -> None:
    """Back to what a fresh process starts with: nothing kept, and the memo dormant until the
    process's second document (the size set stays)."""
    global _LINES, _PARSED, _DOCUMENTS
    _DOCUMENTS = 0
    _LINES, _PARSED = BoundedMemo(0), BoundedMemo(0)


def document_started() -> None:
    """Count a document (``render_document`` calls this): the second one wakes the memo up."""
    global _DOCUMENTS, _LINES, _PARSED
    _DOCUMENTS += 1
    if _DOCUMENTS == 2 and _CONFIGURED and not _LINES.size:
        _LINES, _PARSED = BoundedMemo(_CONFIGURED), BoundedMemo(_CONFIGURED)


def line_memo_awake() -> bool:
    """Whether the line memo is keeping line breaks now (from a process's second document on, unless
    turned off): what others that keep per-paragraph work alongside it (the tagging's ActualText) ask."""
    return _LINES.size > 0


def line_memo_info() -> dict[str, int]:
    """How the line memo has done since it was last set or cleared: hits, misses, entries, size
    (line breaks), and the same for the parsed markups (``parsed_hits`` ...)."""
    lines, parsed = _LINES, _PARSED
    return {"hits": lines.hits, "misses": lines.misses, "entries": len(lines.entries), "size": lines.size,
            "parsed_hits": parsed.hits, "parsed_misses": parsed.misses, "parsed_entries": len(parsed.entries)}


_TTF_STRING_WIDTH = _TTFont.stringWidth


def _simple_lines(paragraph: Any, width: Any) -> Any | None:
    """ReportLab's ``breakLines`` for its simplest case, one plain fragment of text with no word that
    could be cut, hyphenated or shaped: the same loop and the same arithmetic in the same order,
    without what that case never uses (popping words off the front of a list, soft-hyphen and
    split-word checks, a font lookup per word). None for anything else: ReportLab breaks those.
    tests/test_render_paragraphs.py compares the two on the bundled texts and random ones."""
    style = paragraph.style
    frags = paragraph.frags
    if len(frags) != 1 or style.endDots or style.uriWasteReduce or style.embeddedHyphenation:
        return None
    if getattr(style, "hyphenationLang", "") or (style.wordWrap and style.wordWrap.upper() in ("RTL", "LTR")):
        return None
    frag = frags[0]
    if (hasattr(frag, "cbDefn") or hasattr(frag, "backColor") or not hasattr(frag, "text")
            or _processed_frags(frags)):
        return None
    font_name, font_size = frag.fontName, frag.fontSize
    if style.shaping and getFont(style.fontName).shapable:
        return None
    text = _rl_strip(frag.text)
    if not text or "\xad" in text:  # nothing to draw, or soft hyphens: ReportLab's own path
        return None
    given = width if isinstance(width, list) else None
    if given is None and isinstance(width, tuple):
        return None
    max_widths = list(given) if given is not None else [width]
    _handleBulletWidth(paragraph.bulletText, style, max_widths)  # on a copy until this path is sure
    encoding = paragraph.encoding
    font = getFont(font_name)
    measure = font.stringWidth
    words = _rl_split(text)
    if type(font).stringWidth is _TTF_STRING_WIDTH:  # what TTFont.stringWidth calls, without its frame
        widths = [_ttf_string_width(font, word, font_size, encoding) for word in words]
    else:
        widths = [measure(word, font_size, encoding) for word in words]
    if style.splitLongWords and max(widths) > min(max_widths):  # a word ReportLab might cut
        return None
    if given is not None:
        given[:] = max_widths  # ReportLab narrows the caller's first width for a bullet, in place
    paragraph._width_max = 0
    paragraph.height = 0
    paragraph._splitLongWordCount = paragraph._hyphenations = 0
    ascent, descent = getAscentDescent(font_name, font_size)
    space = measure(" ", font_size, encoding)
    shrink = style.spaceShrinkage * space
    last = len(max_widths) - 1
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    current = -space
    number = 0
    max_width = max_widths[0]
    widest = 0
    for word, word_width in zip(words, widths):
        new = current + space + word_width
        if new <= max_width + shrink * len(line) or not line:
            if word:  # ReportLab keeps an empty word's width, not the word
                line.append(word)
            current = new
        else:
            if current > widest:
                widest = current
            lines.append((max_width - current, line))
            line = [word]
            current = word_width
            number += 1
            max_width = max_widths[min(last, number)]
    if line:
        if current > widest:
            widest = current
        lines.append((max_width - current, line))
    paragraph._width_max = widest
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=font_size)


class _StyleKey:
    """A style's attributes as a memo key part: hashed once; equal styles share one instance."""

    __slots__ = ("hash", "items")

    def __init__(self, items: tuple[tuple[str, Any], ...]) -> None:
        self.items, self.hash = items, hash(items)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, _StyleKey) and self.hash == other.hash and self.items == other.items)


_STYLE_KEYS: dict[int, tuple[Any, dict[str, Any], _StyleKey | None]] = {}  # id(style) -> (style, its attributes then, key)
_INTERNED: dict[_StyleKey, _StyleKey] = {}
_MAX_STYLES = 512


def _style_key(style: Any) -> _StyleKey | None:
    """Every attribute of a style but its parent, in the style's own order (unsorted: two equal
    styles whose attributes were set in another order only miss each other); None when one cannot
    be hashed. Worked out once per style object, and again whenever any attribute has changed
    since (the attributes are compared, value for value, at every call)."""
    attributes = style.__dict__
    found = _STYLE_KEYS.get(id(style))
    if found is not None and found[0] is style and found[1] == attributes:
        return found[2]
    items = attributes.copy()
    items.pop("parent", None)
    key: _StyleKey | None = None
    try:
        made = _StyleKey(tuple(items.items()))
    except TypeError:  # a value that cannot be hashed
        pass
    else:
        if len(_INTERNED) > _MAX_STYLES * 4:
            _INTERNED.clear()
        key = _INTERNED.setdefault(made, made)
    if len(_STYLE_KEYS) >= _MAX_STYLES:
        _STYLE_KEYS.clear()
    _STYLE_KEYS[id(style)] = (style, attributes.copy(), key)
    return key


def _parsed(text: str, style: Any, case_sensitive: int) -> tuple[Any, list[Any], Any] | None:
    """ReportLab's parse of cleaned markup in ``style`` (the style it returns, the fragments after
    ``textTransformFrags``, the bullet fragments), or None when it fails (ReportLab then parses
    again and raises its own error). Kept in the memo by the markup, parser setting and every style
    attribute, unless the markup sets a style of its own (``<para>``); each paragraph gets its own
    lists of the shared fragments, which nothing changes afterwards (line breaking clones them)."""
    memo = _PARSED
    key: tuple[object, ...] | None = None
    style_key = _style_key(style) if memo.size else None
    if style_key is not None:
        key = (text, case_sensitive, style_key)
        found = memo.get(key)
        if found is not None:
            frags, bullet = found
            return style, list(frags), list(bullet) if bullet else bullet
        memo.misses += 1
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parsed_style, frags, bullet = parser.parse(text, style)
    if frags is None:
        return None
    textTransformFrags(frags, parsed_style)
    if key is not None and parsed_style is style:
        memo.store(key, (tuple(frags), tuple(bullet) if bullet else bullet))
    return parsed_style, frags, bullet


class Paragraph(_ReportLabParagraph):  # type: ignore[misc, unused-ignore]
    """A Paragraph whose ``wrap`` at the width it was last wrapped at costs nothing."""

    # (width, fragments, style, line breaks, result) of the last wrap; on the class: none yet
    _wrapped: tuple[float, Any, Any, Any, tuple[float, float]] | None = None

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        given = frags is not None
        if frags is None and isinstance(text, str):
            cleaned = _cleaned(text, cleaner)
            if self.caseSensitive == 1 and cleaned and "<" not in cleaned and "&" not in cleaned:
                template = _template(style)
                if template is not None:
                    fragment = copy.copy(template)
                    fragment.text, fragment.fontSize, fragment.textColor = cleaned, style.fontSize, style.textColor
                    fragment.link, fragment.us_lines = [], []  # the parser gives each paragraph its own
                    frags = [fragment]
                    textTransformFrags(frags, style)
            if frags is None:
                made = _parsed(cleaned, style, self.caseSensitive)
                if made is not None:
                    style, frags, bullet = made
                    if bullet:
                        bulletText = bullet
            if frags is not None:
                text = cleaned
        super()._setup(text, style, bulletText, frags, cleaner)
        # The fragments as made from the markup: while the paragraph holds these, its line breaks
        # depend on the markup and style alone (the line memo's condition). None: given, not made.
        self._fresh = None if given else self.frags

    _fresh: Any = None

    def memo_key(self) -> tuple[object, ...]:
        """What else than the markup, style and width decides this paragraph's line breaks (a
        subclass that reads attributes of its own in ``break_lines`` adds them here)."""
        return ()

    # (the key of the line breaking that left this paragraph's fragments, those fragments, how many
    # line breakings that key chains): see _line_memo_key. On the class: none yet.
    _chain: tuple[tuple[object, ...], Any, int] | None = None

    def _line_memo_key(self, width: float) -> tuple[object, ...] | None:
        """The paragraph's line memo key at ``width``, or None when it must break its lines itself.

        A paragraph still holding the fragments its markup made is keyed on what its line breaking
        reads. One that was broken already (with more than one fragment, ReportLab's line breaking
        replaces the fragments by its word list) and is broken again, at another width (a tri-fold
        measures at its narrowest panel, then draws in each panel's frame) or after a split dropped
        its lines, breaks from the fragments that earlier breaking left: the same for every
        paragraph with that earlier breaking's key, which its key then carries (``after``). Only
        while it holds exactly those fragments, and at most CHAIN_DEPTH breakings deep.
        """
        origin = self._origin
        if self._fresh is None or self._cut or not (origin is not None or isinstance(self.text, str)):
            return None
        after: tuple[object, ...] | None = None
        frags = self.frags
        if frags is not self._fresh:
            chain = self._chain
            if chain is None or frags is not chain[1] or chain[2] >= CHAIN_DEPTH:
                return None
            after = chain[0]
        style_key = _style_key(self.style)
        if style_key is None:  # a style value that cannot be hashed: break the lines
            return None
        key: tuple[object, ...] = (type(self), self.text if origin is None else origin, self.bulletText, self.caseSensitive, self.encoding,
                                   self.__dict__.get("autoLeading", _MISSING), style_key, self.memo_key(), width)
        if after is not None:
            key += (after,)
        try:
            hash(key)
        except TypeError:  # a bullet or subclass value that cannot be hashed
            return None
        return key

    # A split's half: (the key of the line breaking it was split from, 0 or 1 for the first or second
    # half, the lines in the first, the lines in all), in place of its markup; see split.
    _origin: tuple[object, ...] | None = None
    # (the key of the line breaking that left the lines held now, those lines): see split.
    _broken: tuple[tuple[object, ...], Any] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """ReportLab's ``split``; each half, when the lines split were a keyed line breaking's, is
        keyed on that key, which half and where (its fragments are those lines' words, made by
        ReportLab from them and nothing else) so that its own line breaking is shared too."""
        parts: list[Any] = super().split(availWidth, availHeight)
        broken = self._broken
        if (len(parts) != 2 or broken is None or self.__dict__.get("blPara") is not broken[1]
                or not all(isinstance(part, Paragraph) for part in parts)):
            return parts
        split_lines: Any = broken[1]
        lines, first = len(split_lines.lines), len(parts[0].blPara.lines)
        for half, part in enumerate(parts):
            part._fresh, part._origin = part.frags, (broken[0], half, first, lines)
        return parts

    def _chained(self, key: tuple[object, ...]) -> None:
        """Remember that this paragraph's fragments are what the line breaking under ``key`` left."""
        chain = self._chain
        depth = chain[2] + 1 if chain is not None and key[-1] is chain[0] else 1
        self._chain = (key, self.frags, depth)

    # Set for good once ReportLab cut a word longer than the line (or hyphenated): breaking such
    # lines again is not the same in ReportLab (the cut piece comes back with a space before it,
    # more with every wrap), so from then on every wrap breaks the lines, as ReportLab's own would.
    _cut = False

    def breakLines(self, width: Any) -> Any:
        lines = _simple_lines(self, width)
        if lines is not None:
            return lines
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
        result = self._break_lines_shared(availWidth, availHeight)
        self._wrapped = None if self._cut else (availWidth, self.frags, self.style, self.__dict__.get("blPara"), result)
        return result

    def _break_lines_shared(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """:meth:`break_lines`, or the state it left on an earlier paragraph with the same key."""
        memo = _LINES
        key = self._line_memo_key(availWidth) if memo.size else None
        self._broken = None
        if key is None:
            return self.break_lines(availWidth, availHeight)
        found = memo.get(key)
        if found is not None:
            state, result = found
            self.__dict__.update(state)
            if "_wrapWidths" in state:  # a list ReportLab's next line breaking may change in place
                self._wrapWidths = list(state["_wrapWidths"])
            self._chained(key)
            self._broken = (key, self.__dict__.get("blPara"))
            return result
        memo.misses += 1
        before = self.__dict__.copy()
        result = self.break_lines(availWidth, availHeight)
        after = self.__dict__
        if not self._cut and before.keys() <= after.keys():
            state = {name: value for name, value in after.items()
                     if name in _ALWAYS or before.get(name, _MISSING) is not value}
            if "_wrapWidths" in state:
                state["_wrapWidths"] = list(state["_wrapWidths"])
            memo.store(key, (state, result))
            self._chained(key)
            self._broken = (key, self.__dict__.get("blPara"))
        return result

    def break_lines(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the lines for ``availWidth`` (ReportLab's ``wrap``): the size taken."""
        return _ReportLabParagraph.wrap(self, availWidth, availHeight)  # type: ignore[no-any-return]
