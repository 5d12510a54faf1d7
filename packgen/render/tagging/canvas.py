"""A canvas that writes marked content: each tagged flowable's drawing between ``BDC`` and ``EMC``
with a marked-content id (MCID), everything else as ``/Artifact``.

Everything drawn is inside exactly one marked-content sequence: a tagged element's while a tagged
flowable draws, else an artifact. Artifacts open lazily: what was drawn between two tagged
flowables is wrapped in ``/Artifact BMC`` … ``EMC`` when the next one begins (or the page ends),
and nothing is written when nothing was drawn. A tagged flowable drawn inside another (a logo in
the org's row) closes its parent's sequence and reopens it afterwards with a new MCID, so
sequences never nest. A flowable object drawn a second time on the same canvas is a repeat (the
ten cards of a sheet): it is drawn as an artifact, so a screen reader reads one card.

What is recorded, per element key: every (page, MCID) it drew and every link annotation made while
it drew (the annotation gets its ``/Contents`` and ``/StructParent`` here). :mod:`.tree` turns the
record into the structure tree when the canvas is saved.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Iterator
from operator import is_
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFString,
    pdfdocEnc,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format
from reportlab.pdfgen.canvas import Canvas, _annFormat
from reportlab.platypus.paragraph import Paragraph, _HSFrag, _processed_frags
from reportlab.platypus.paraparser import ParaFrag

from packgen.model import Document
from packgen.render.paragraphs import line_memo_awake
from packgen.render.same_code import same_code

from .marks import Tag

OPEN_ARTIFACT = "/Artifact BMC"
CLOSE = "EMC"


class _Pending(str):
    """Where an artifact that may stay empty starts: a blank line in the content until resolved."""


PENDING = _Pending("")
_PAGE_KEYS = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]

_state = threading.local()


@contextlib.contextmanager
def tagging_disabled() -> Iterator[None]:
    """Draw on plain canvases (for measuring what tagging costs; never for output)."""
    _state.disabled = True
    try:
        yield
    finally:
        _state.disabled = False


def is_disabled() -> bool:
    return bool(getattr(_state, "disabled", False))


class Annotation:
    """A link annotation made while an element drew: its reference, page, URL and parent key."""

    __slots__ = ("description", "key", "page", "ref", "struct_parent", "url")

    def __init__(self, ref: PDFObjectReference, page: int, url: str, struct_parent: int, key: tuple[int, object],
                 description: str) -> None:
        self.ref, self.page, self.url, self.struct_parent, self.key, self.description = \
            ref, page, url, struct_parent, key, description


class Recording:
    """What one element drew: (page, MCID) pairs, of its body and (list items) its label."""

    __slots__ = ("annotations", "content", "label", "tag")

    def __init__(self, tag: Tag) -> None:
        self.tag = tag
        self.content: list[tuple[int, int]] = []
        self.label: list[tuple[int, int]] = []
        self.annotations: list[Annotation] = []


class _Open:
    """An open marked-content sequence: whose (``recording``; None: an artifact, decoration or a
    repeat), whether a list item's bullet is still to be drawn (``labelled``), whose links these
    are (``owner``: a repeat's links belong to its original) and the ActualText for the first
    sequence it opens (then None)."""

    __slots__ = ("actual", "labelled", "owner", "recording")

    def __init__(self, recording: Recording | None, labelled: bool = False, owner: Recording | None = None,
                 actual: str | None = None) -> None:
        self.recording, self.labelled, self.owner, self.actual = recording, labelled, owner, actual


class Marks:
    """The marked-content record of one canvas."""

    def __init__(self, canvas: TaggedCanvas, model: Document, describe: dict[str, str]) -> None:
        # A weak reference: the canvas holds its marks, and a cycle between the two would keep every
        # object of the document alive until the garbage collector found it (a leaflet's 3,700).
        self.canvas = weakref.proxy(canvas)
        self.canvas_ref = weakref.ref(canvas)
        self.labels = 0                           # list items on the stack whose bullet is still to be drawn
        self.model = model
        self.describe = describe                  # URL -> link description, from the model
        self.recordings: dict[tuple[int, object], Recording] = {}
        self.page = 0                             # 0-based page being drawn
        self.mcids: list[int] = [0]               # per page: how many MCIDs it has
        self.stack: list[_Open] = [_Open(None)]
        self.drawn: dict[int, object] = {}        # id -> flowable drawn (kept alive: ids stay unique)
        self.next_key = 0                         # ParentTree keys, pages and annotations alike
        self.page_keys: list[int] = []
        self.annotations: list[Annotation] = []
        self.pages: list[PDFObjectReference] = []
        # The content list holding PENDING while an artifact is open (see resolve()), and where in it
        # PENDING was put. Code others put first in a page (a page colour) needs no adjustment:
        # PENDING is found by identity when it is no longer where it was put.
        self.artifact_in: list[str] | None = None
        self.artifact_at = 0

    # --- marked content -----------------------------------------------------------------------

    def _open(self, current: _Open, kind: str = "") -> None:
        """Open ``current``'s sequence: BDC with a new MCID (an artifact opens lazily, see below)."""
        code = self.canvas._code
        recording = current.recording
        if recording is None:
            self.artifact_at = len(code)
            code.append(PENDING)
            self.artifact_in = code
            return
        page = self.page
        mcid = self.mcids[page]
        self.mcids[page] = mcid + 1
        if kind == "label":
            recording.label.append((page, mcid))
            code.append("/Lbl <</MCID %d>> BDC" % mcid)
            return
        recording.content.append((page, mcid))
        actual = current.actual
        if not actual:
            code.append("/Span <</MCID %d>> BDC" % mcid)
            return
        code.append("/Span <</MCID %d /ActualText %s>> BDC" % (mcid, actual_token(actual)))
        current.actual = None

    def resolve(self) -> None:
        """Close the open artifact: wrap what was drawn since its PENDING in ``/Artifact BMC`` …
        ``EMC``, or write nothing if nothing was (most gaps between two tagged flowables)."""
        code = self.artifact_in
        if code is None:
            return
        self.artifact_in = None
        if code and code[-1] is PENDING:  # nothing drawn since
            code.pop()
            return
        self._wrap_artifact(code)

    def _wrap_artifact(self, code: list[str]) -> None:
        """Wrap what was drawn since the open artifact's PENDING in ``/Artifact BMC`` … ``EMC``."""
        at = self.artifact_at
        if at < len(code) and code[at] is PENDING:  # where it was put (nothing inserted before it)
            code[at] = OPEN_ARTIFACT
            code.append(CLOSE)
            return
        for index in range(len(code) - 1, -1, -1):  # by identity: others may insert before it
            if code[index] is PENDING:
                code[index] = OPEN_ARTIFACT
                code.append(CLOSE)
                return
        raise AssertionError("the artifact's start is no longer in the content stream")

    def _close(self, entry: _Open) -> None:
        if entry.recording is None:
            self.resolve()
        elif not entry.labelled:  # a list item that drew no text yet has nothing open
            self.canvas._code.append(CLOSE)

    def begin(self, mark: Tag, flowable: object, *, label: bool = False) -> None:
        """A tagged flowable starts drawing (see the module docstring for repeats)."""
        stack = self.stack
        top = stack[-1]
        drawn = self.drawn
        identity = id(flowable)
        recordings = self.recordings
        key = mark.key
        if identity in drawn or (top.recording is None and len(stack) > 1):  # a repeat (or inside one)
            drawn[identity] = flowable
            recording = recordings.get(key)
            if recording is None:
                recording = recordings[key] = Recording(mark)
            entry = _Open(None, False, recording)  # not kept on the recording: that is a reference cycle
            stack.append(entry)
            if top.recording is not None:  # an artifact inside a tagged element
                self._close(top)
                self._open(entry)
            return  # else: an artifact inside an artifact, still open
        drawn[identity] = flowable
        recording = recordings.get(key)
        if recording is None:
            recording = recordings[key] = Recording(mark)
        # What _close(top) and then _open(entry) do, inline: this runs for every tagged flowable.
        if top.recording is None:
            code = self.artifact_in  # what resolve() does, inline
            if code is not None:
                self.artifact_in = None
                if code and code[-1] is PENDING:  # nothing drawn since
                    code.pop()
                else:
                    self._wrap_artifact(code)
        elif not top.labelled:
            self.canvas._code.append(CLOSE)
        actual = mark.text if mark.text is not None else actual_text(mark, flowable)
        if label:  # opened when its bullet is drawn (_LabelText), with its ActualText
            stack.append(_Open(recording, True, recording, actual))
            self.labels += 1
            if self.labels == 1:  # the canvas's drawText watches for the bullet until it is drawn
                self.canvas.drawText = _LabelText(self.canvas_ref)  # type: ignore[attr-defined]
            return
        stack.append(_Open(recording, False, recording))
        page = self.page
        mcids = self.mcids
        mcid = mcids[page]
        mcids[page] = mcid + 1
        recording.content.append((page, mcid))
        if actual:
            self.canvas._code.append("/Span <</MCID %d /ActualText %s>> BDC" % (mcid, actual_token(actual)))
        else:
            self.canvas._code.append("/Span <</MCID %d>> BDC" % mcid)

    def end(self) -> None:
        stack = self.stack
        entry = stack.pop()
        top = stack[-1]
        # What _close(entry) and then _open(top) do, inline: this runs for every tagged flowable.
        if entry.recording is None:
            if top.recording is None:
                return  # an artifact ends inside an artifact: still open
            if self.artifact_in is not None:
                self.resolve()
        elif not entry.labelled:
            self.canvas._code.append(CLOSE)
        else:  # a list item that drew no text: nothing is open, no bullet to watch for
            self.label_drawn()
        if top.recording is None:  # back in an artifact: it opens lazily
            code = self.canvas._code
            self.artifact_at = len(code)
            code.append(PENDING)
            self.artifact_in = code
        else:
            self._open(top)

    def end_of_page(self) -> None:
        self._close(self.stack[-1])

    def start_of_page(self) -> None:
        self._open(self.stack[-1])

    def text_object(self) -> tuple[bool, _Open]:
        """Before a text object is drawn: a list item's first one is its bullet, its label."""
        entry = self.stack[-1]
        if entry.labelled:
            entry.labelled = False
            self._open(entry, "label")
            return True, entry
        return False, entry

    def label_drawn(self) -> None:
        """A list item's bullet was drawn (or the item ended without one): when no other waits for
        its bullet, the canvas's drawText is its class's again."""
        self.labels -= 1
        if not self.labels:
            del self.canvas.drawText

    # --- pages and annotations ----------------------------------------------------------------

    def annotation(self, ref: PDFObjectReference, url: str) -> Annotation:
        """A link annotation was made: record it under the element drawing (its StructParent is
        ``struct_parent``, its description ``description``)."""
        stack = self.stack
        recording = stack[-1].owner  # nearly always: the flowable drawing it
        if recording is None:
            for entry in reversed(stack):
                if entry.owner is not None:
                    recording = entry.owner
                    break
        if recording is None:  # drawn by an untagged flowable: still in the tree, after the rest
            recording = self.recordings.get((id(self.model), "links"))
            if recording is None:
                recording = self.recordings[(id(self.model), "links")] = Recording(Tag(self.model, "links"))
        key = self.next_key
        self.next_key += 1
        description = recording.tag.description or self.describe.get(url) or url
        annotation = Annotation(ref, self.page, url, key, recording.tag.key, description)
        recording.annotations.append(annotation)
        self.annotations.append(annotation)
        return annotation

    def end_page(self, page_ref: PDFObjectReference) -> int:
        key = self.next_key
        self.next_key += 1
        self.page_keys.append(key)
        self.pages.append(page_ref)
        return key

    def next_page(self) -> None:
        self.page += 1
        self.mcids.append(0)


class _LabelText:
    """The canvas's ``drawText`` while a list item's bullet is still to be drawn (set on the canvas
    itself by :meth:`Marks.begin`, removed once it is drawn): the first text object the item draws
    is its bullet, marked as its label (Lbl); the rest is its body. Every other text object, which
    is nearly all of them, goes straight to the class's ``drawText`` with no check. Holds the
    canvas weakly: it is stored on the canvas."""

    __slots__ = ("canvas",)

    def __init__(self, canvas: weakref.ReferenceType[TaggedCanvas]) -> None:
        self.canvas = canvas

    def __call__(self, text: Any) -> None:
        canvas = self.canvas()
        assert canvas is not None  # it is calling
        marks = canvas.marks
        labelled, entry = marks.text_object()
        LinkCanvas.drawText(canvas, text)
        if labelled:  # the bullet is drawn: the rest of the item is its body
            canvas._code.append(CLOSE)
            marks._open(entry)
            marks.label_drawn()


def actual_text(mark: Tag, flowable: object) -> str | None:
    """What a drawn paragraph says, words separated where its lines break (ReportLab writes no
    space there, so text extraction would join the last word of a line to the next)."""
    if mark.text is not None:
        return mark.text
    if getattr(type(flowable), "getPlainText", None) is _PARAGRAPH_PLAIN_TEXT:  # ReportLab's own
        frags = getattr(flowable, "frags", None)
        if frags and type(frags[0]) is not ParaFrag and line_memo_awake():
            key = (id(frags[0]), id(frags[-1]), len(frags))
            found = _WORDS_TEXT.get(key)
            if found is not None and all(map(is_, found[0], frags)):  # the very same words: the same text
                return found[1]
            text = " ".join(plain_text(flowable).split())
            if text and _PLAIN_WORDS.issuperset(map(type, frags)):
                _keep(_WORDS_TEXT, key, (list(frags), text), WORDS_TEXT_SIZE)
            return text or _lines_text(flowable) or None
        plain = plain_text(flowable)
        spaced = _SPACED.get(plain) if line_memo_awake() else None  # a pure function of the string
        if spaced is None:
            spaced = " ".join(plain.split())
            if line_memo_awake():
                _keep(_SPACED, plain, spaced, STRINGS_SIZE)
        text = spaced
    else:
        method = getattr(flowable, "getPlainText", None)
        text = "" if method is None else " ".join(method().split())
    return text or _lines_text(flowable) or None


_PARAGRAPH_PLAIN_TEXT = Paragraph.getPlainText

# The ActualText of a split paragraph's piece, kept by the identity of its words while the line memo
# is awake (a batch worker, packgen.render.paragraphs). A piece's fragments are its words, slices of
# its paragraph's broken fragments; on a line memo hit those are the memo's own, shared and never
# changed, so the next document's piece holds the very same word objects and says the same. The key
# is the ids of its first and last words and their number; the entry holds the words themselves, so
# no id in a key can belong to another object while the entry is kept, and a hit is taken only when
# every word is the very object kept (compared by identity, never by value). Only pieces made of
# plain words (``_HSFrag`` and list: no cut, hyphenated or shaped word, the kinds ReportLab changes
# in place) are kept; oldest entries go first. Pieces of a paragraph broken afresh are new objects:
# they miss and pass through.
WORDS_TEXT_SIZE = 512
_WORDS_TEXT: dict[tuple[int, int, int], tuple[list[object], str]] = {}
_PLAIN_WORDS = frozenset((_HSFrag, list))
_KEEP_LOCK = threading.Lock()  # for storing in these memos (lookups need none)


def plain_text(paragraph: Any) -> str:
    """What ReportLab's ``Paragraph.getPlainText()`` returns, faster on a paragraph whose fragments
    are already broken into words (every piece of a split paragraph; a long one has hundreds): one
    pass over the words, without a slice and a loop per word."""
    frags = getattr(paragraph, "frags", None)
    if not frags:
        return ""
    # A ParaFrag (not yet broken into words) cannot be indexed: _processed_frags finds that out by
    # catching the TypeError, which costs more than the rest for a short paragraph.
    if type(frags[0]) is ParaFrag or not _processed_frags(frags):
        if len(frags) == 1:  # most paragraphs: one run of text
            return getattr(frags[0], "text", "")  # type: ignore[no-any-return]
        return "".join([frag.text for frag in frags if hasattr(frag, "text")])
    out: list[str] = []
    add = out.append
    for word in frags:
        if len(word) == 2:
            add(word[1][1])
        else:
            out += [part[1] for part in word[1:]]
        if isinstance(word, _HSFrag):  # a word followed by a space
            add(" ")
    return "".join(out)


def _lines_text(flowable: object) -> str:
    """The words of a paragraph that ReportLab split in one font (its parts keep their words only in
    ``blPara.lines``, as ``(extra space, words)`` tuples, and ``getPlainText`` returns nothing)."""
    lines = getattr(getattr(flowable, "blPara", None), "lines", None) or []
    texts = [" ".join(line[1]) if isinstance(line, tuple)  # one font: the line's words
             else "".join(getattr(frag, "text", "") for frag in getattr(line, "words", []))  # fragments
             for line in lines]
    return " ".join(" ".join(texts).split())


def text_hex(text: str) -> str:
    """A PDF text string in UTF-16BE with its byte order mark, as hex (safe in a content stream)."""
    return (b"\xfe\xff" + text.encode("utf-16-be")).hex().upper()


# While the line memo is awake (a batch worker), two pure functions of a string are kept by the
# string, as the line breaks are: a paragraph's plain text with its words single-spaced, and the
# ActualText's PDF token (bounded, oldest first). A fresh process never keeps them.
STRINGS_SIZE = 1024
_SPACED: dict[str, str] = {}
_TOKENS: dict[str, str] = {}


def _keep(memo: dict[Any, Any], key: Any, value: Any, size: int) -> None:
    """Store ``value`` in ``memo``, dropping the oldest entries beyond ``size``; threads may render
    side by side, so evicting and storing are one step."""
    with _KEEP_LOCK:
        while memo and len(memo) >= size:
            del memo[next(iter(memo))]
        memo[key] = value


def actual_token(text: str) -> str:
    """``pdf_string(text)``, kept by the text while the line memo is awake."""
    if not line_memo_awake():
        return pdf_string(text)
    token = _TOKENS.get(text)
    if token is None:
        token = pdf_string(text)
        _keep(_TOKENS, text, token, STRINGS_SIZE)
    return token


def pdf_string(text: str) -> str:
    """A PDF text string token: literal for printable ASCII (escaped), else UTF-16BE hex."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return f"<{text_hex(text)}>"


class LinkDictionary(PDFDictionary):  # type: ignore[misc, unused-ignore]
    """A link annotation's dictionary, written byte for byte as ReportLab's PDFDictionary writes it
    (keys sorted, a line break every six entries, arrays broken every ten items), without its
    generic dispatch for every key and value: a sheet of cards has seventy links, a leaflet thirty,
    and each cost about 45 µs. Anything unusual (another encryption, multi-line output, a value of
    another type) goes through ReportLab's own formatting."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        if (rl_config.pdfMultiLine or self.multiline == "forced" or type(self.dict) is not dict
                or type(document.encrypt) is not NoEncryption):
            return super().format(document, IND)  # type: ignore[no-any-return]
        entries = self.dict
        if len(entries) == 7:
            found = _link(entries, document)
            if found is not None:
                return found
        return _dictionary(entries, document)


# A link's action and its description, written once per text while the line memo is awake (a batch
# worker writes the same few dozen links in every document): what _formatted writes for them, kept
# by everything that writes them differently (the value's kind and, for a string, its text, escape
# and encoding). Bounded; oldest first.
LINK_PARTS_SIZE = 512
_LINK_PARTS: dict[tuple[object, ...], bytes] = {}


def _link(entries: dict[str, Any], document: Any) -> bytes | None:
    """The bytes of the link annotation ``canvas.linkURL`` and ``TaggedCanvas`` make (an action, no
    border, a rectangle, a description and a parent key), written straight into the shape
    :func:`_dictionary` gives its seven keys; None for any other dictionary. The same bytes
    (``tests/test_render_pdf_objects.py``), about a third of the time: a leaflet has thirty links."""
    action: Any = entries.get("A")
    rect: Any = entries.get("Rect")
    border: Any = entries.get("Border")
    contents, key = entries.get("Contents"), entries.get("StructParent")
    if (type(action) is not PDFDictionary or type(rect) is not PDFArray or type(border) is not PDFArray
            or type(contents) is not PDFString or type(key) is not int or entries.get("Subtype") != "/Link"
            or entries.get("Type") != "/Annot" or type(entries["Type"]) is not str
            or type(entries["Subtype"]) is not str or rect.multiline == "forced" or border.multiline == "forced"):
        return None
    numbers = rect.sequence
    if len(numbers) != 4 or not _NUMBERS.issuperset(map(type, numbers)):
        return None
    # what _formatted writes for each of four numbers, joined: fp_str joins them itself
    written_rect = b"[ " + fp_str(*numbers).encode("ascii") + b" ]"
    return b"".join((b"<<\n/A ", _link_part(action, document), b" /Border ", _formatted(border, document),
                     b" /Contents ", _link_part(contents, document), b" /Rect ", written_rect,
                     b" /StructParent %d /Subtype /Link \n  /Type /Annot\n>>" % key))


_NUMBERS = frozenset((int, float))


def _link_part(value: Any, document: Any) -> bytes:
    """``_formatted(value, document)`` for a link's action or description, kept while the line memo
    is awake."""
    if not line_memo_awake():
        return _formatted(value, document)
    if type(value) is PDFString:
        key: tuple[object, ...] = (PDFString, value.s, value.escape, value.enc)
    else:  # an action: the dictionary ReportLab's linkURL makes, of names and one string
        entries = value.dict
        target = entries.get("URI")
        if (value.multiline == "forced" or type(entries) is not dict or len(entries) != 3 or type(target) is not PDFString
                or type(entries.get("S")) is not str or type(entries.get("Type")) is not str):
            return _formatted(value, document)
        key = (PDFDictionary, entries["S"], entries["Type"], target.s, target.escape, target.enc)
    found = _LINK_PARTS.get(key)
    if found is None:
        found = _formatted(value, document)
        _keep(_LINK_PARTS, key, found, LINK_PARTS_SIZE)
    return found


_KEY_BYTES: dict[str, bytes] = {}
_STR_BYTES: dict[str, bytes] = {}
_ESCAPED = frozenset("()\\")


def _dictionary(entries: dict[str, Any], document: Any) -> bytes:
    items = []
    for key in sorted(entries):
        prefix = _KEY_BYTES.get(key)
        if prefix is None:
            prefix = _KEY_BYTES[key] = pdfdocEnc(PDFName(key)) + b" "
        items.append(prefix + _formatted(entries[key], document))
    for index in reversed(range(6, len(items), 6)):
        items.insert(index, b"\n ")
    return b"<<\n" + b" ".join(items) + b"\n>>"


def _formatted(value: Any, document: Any) -> bytes:
    kind = type(value)
    if kind is PDFObjectReference:  # what its format() writes (a reference is never RefOnly)
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is bytes:  # written as it is, as ReportLab's format() writes bytes
        return value  # type: ignore[no-any-return]
    if kind is str:  # a name ("/URI", "/Link"): a handful, each written many times
        found = _STR_BYTES.get(value)
        if found is None:
            found = pdfdocEnc(value)
            if len(_STR_BYTES) < 256:
                _STR_BYTES[value] = found
        return found  # type: ignore[no-any-return]
    if kind is int and -1_000_000 < value < 1_000_000:  # what fp_str writes for it (tested), without the encoding
        return b"%d" % value
    if kind is int or kind is float:
        return pdfdocEnc(fp_str(value))  # type: ignore[no-any-return]
    if kind is PDFString and value.escape == 1 and value.enc == "auto" and type(value.s) is str \
            and value.s.isascii() and value.s.isprintable() and not _ESCAPED.intersection(value.s):
        return b"(" + value.s.encode("ascii") + b")"  # what escapePDF leaves of printable ASCII
    if kind is PDFDictionary and value.multiline != "forced" and type(value.dict) is dict:
        return _dictionary(value.dict, document)
    if kind is PDFArray and value.multiline != "forced":
        items = [_formatted(item, document) for item in value.sequence]
        for index in reversed(range(10, len(items), 10)):
            items.insert(index, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"
    return pdf_format(value, document)  # type: ignore[no-any-return]


class Catalog(PDFCatalog):  # type: ignore[misc, unused-ignore]
    """The document catalog, written as ReportLab's ``PDFCatalog.format`` writes it (its entries,
    references made in the same order, so objects are numbered alike), through the annotations'
    dictionary writer rather than ReportLab's generic one: a tagged catalog has ten entries. Anything
    unusual (another encryption, multi-line output, a changed ReportLab) goes through ReportLab's."""

    def format(self, document: Any) -> bytes:
        if (rl_config.pdfMultiLine or type(document.encrypt) is not NoEncryption
                or not _CATALOG_UNCHANGED):
            return super().format(document)  # type: ignore[no-any-return]
        self.check_format(document)
        entries: dict[str, Any] = {}
        for key, value in self.__Defaults__.items():
            value = getattr(self, key, value)
            if value is not None:
                entries[key] = value
        for key in self.__NoDefault__:
            value = getattr(self, key, None)
            if value is not None:
                entries[key] = value
        for key in self.__Refs__:
            if key in entries:
                entries[key] = document.Reference(entries[key])
        return _dictionary(entries, document)


# The names ReportLab 5.1.0's PDFCatalog.format uses: Catalog.format is that method, and runs only
# while ReportLab's is still this one.
_CATALOG_NAMES = ('check_format', '__Defaults__', '__Refs__', 'items', 'getattr', '__NoDefault__', 'Reference',
                  'PDFDictionary', 'format')
_CATALOG_UNCHANGED = same_code(PDFCatalog.format, _CATALOG_NAMES)


# The names and constants of ReportLab 5.1.0's Canvas.linkURL and the _annFormat it calls:
# LinkCanvas.linkURL makes their dictionary itself only while ReportLab's are still these.
_LINK_URL_NAMES = ('reportlab.pdfbase.pdfdoc', 'PDFDictionary', 'PDFName', 'PDFArray', 'PDFString', '_absRect',
                   'ValueError', '_annFormat', '_addAnnotation')
_LINK_URL_CONSTANTS = (0, ('PDFDictionary', 'PDFName', 'PDFArray', 'PDFString'), ('dict',), 'Annot', 'Type', 'Link',
                       'Subtype', 'Rect', 'Action', 'S', 'URI', 'GoToR', 'F', '[ 0 /XYZ null null null ]', 'D',
                       "Unknown linkURI kind '%s'", 'A', None)
_ANN_FORMAT_NAMES = ('reportlab.pdfbase.pdfdoc', 'PDFArray', 'red', 'green', 'blue', 'append')
_ANN_FORMAT_CONSTANTS = (0, ('PDFArray',), 'C', 'Border')
_LINK_URL_UNCHANGED = (same_code(Canvas.linkURL, _LINK_URL_NAMES, _LINK_URL_CONSTANTS)
                       and same_code(_annFormat, _ANN_FORMAT_NAMES, _ANN_FORMAT_CONSTANTS))
_new_dictionary = object.__new__  # a dictionary without PDFDictionary.__init__'s copy (its dict is set at once)


class LinkCanvas(Canvas):  # type: ignore[misc, unused-ignore]
    """A ReportLab canvas whose link annotations are :class:`LinkDictionary` objects, whose document
    is formatted by :class:`~.tree.TaggedDocument` and its catalog by :class:`Catalog` (the same
    bytes, written faster), and whose text objects do not outlive their paragraph in a reference
    cycle. Untagged canvases (``tagging_disabled``) are these too, so that comparing the two
    measures the tagging alone."""

    def drawText(self, aTextObject: Any) -> None:
        super().drawText(aTextObject)
        # A paragraph gives its text object a method bound to the text object itself (``_do_line``,
        # for underlines), drawing it last: that cycle held the canvas and the whole document (a
        # leaflet's 3,700 objects) until the garbage collector went looking. Drawn, it is not needed.
        aTextObject.__dict__.pop("_do_line", None)

    def linkURL(self, url: str, rect: Any, relative: int = 0, thickness: int = 0, color: Any = None,
                dashArray: Any = None, kind: str = "URI", **kw: Any) -> Any:
        """ReportLab's ``linkURL``; the annotation it made (for the tagged canvas). A web, phone or
        mail link with no colour, dash or extra entries (every link packgen draws) is made here,
        the dictionary ReportLab 5.1.0's ``linkURL`` makes, entry for entry, without its five
        ``PDFName`` calls and its generic setters (a leaflet draws thirty links)."""
        if kw or kind != "URI" or color is not None or dashArray is not None or not _LINK_URL_UNCHANGED:
            super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
            annotation = self._doc.idToObject[self._annotationrefs[-1].name]
            if type(annotation) is PDFDictionary:
                annotation.__class__ = LinkDictionary
            return annotation
        action = _new_dictionary(PDFDictionary)
        action.dict = {"Type": "/Action", "S": "/URI", "URI": PDFString(url)}  # PDFName()s: a name is its string
        annotation = _new_dictionary(LinkDictionary)
        annotation.dict = {"Type": "/Annot", "Subtype": "/Link", "Rect": PDFArray(self._absRect(rect, relative)),
                           "A": action, "Border": PDFArray([0, 0, thickness or 0])}  # what _annFormat adds
        self._addAnnotation(annotation)
        return annotation

    def save(self) -> None:
        from .tree import TaggedDocument

        if type(self._doc) is PDFDocument:  # its final formatting, faster (see TaggedDocument)
            self._doc.__class__ = TaggedDocument
        if type(self._doc.Catalog) is PDFCatalog:
            self._doc.Catalog.__class__ = Catalog
        super().save()


class TaggedCanvas(LinkCanvas):
    """A ReportLab canvas that records marked content and writes the structure tree on save."""

    def __init__(self, *args: Any, model: Document, describe: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks = Marks(self, model, describe)
        self.marks.start_of_page()

    def linkURL(self, url: str, rect: Any, relative: int = 0, thickness: int = 0, color: Any = None,
                dashArray: Any = None, kind: str = "URI", **kw: Any) -> Any:
        annotation = super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
        recorded = self.marks.annotation(self._annotationrefs[-1], url)
        entries = annotation.dict  # what annotation["Contents"] = ... does, without the call
        entries["Contents"] = PDFString(recorded.description)
        entries["StructParent"] = recorded.struct_parent
        return annotation

    def _setAnnotations(self, page: PDFPage) -> None:
        super()._setAnnotations(page)
        if not isinstance(page, PDFPage):  # a form XObject (a card's shared QR code)
            return
        page.__NoDefault__ = _PAGE_KEYS
        page.StructParents = self.marks.end_page(self._doc.thisPageRef())
        page.Tabs = "/S"  # PDFName("S"): a name is its string

    def showPage(self) -> None:
        self.marks.end_of_page()
        super().showPage()
        self.marks.next_page()
        self.marks.start_of_page()

    def save(self) -> None:
        from .tree import write_structure

        if self._code and self._code != [PENDING]:  # drawn since the last page: end it, as Canvas.save would
            self.showPage()
        self.marks.resolve()
        write_structure(self)
        super().save()
