"""A bounded memo of font subsets' finished bytes, for a batch worker's later documents.

ReportLab embeds each TrueType subset a document used as four objects (``TTFont.addObjects``):
its ToUnicode CMap stream, its font file stream (``makeSubset`` builds a TrueType font of the
subset's glyphs, then zlib compresses it), its font descriptor and its font dictionary, whose
``Widths`` array has 256 numbers each formatted in Python. A batch renders the same document for
every school, and the subset is the same list of characters in the same order nearly every time, so
a warm worker made, compressed and formatted the same bytes again for every document: about 1.3 ms
a document (``docs/performance.md``, "PDF writing in a warm batch worker").

:func:`add_objects` is ReportLab 5.1.0's ``TTFont.addObjects`` (with ``TTFontFace.addSubsetObjects``
inline) making the same objects, named and numbered alike, except that the two streams and the
``Widths`` array are :class:`KeptStream` and :class:`KeptArray`: the first time a key is met, they
format as ReportLab's ``PDFStream`` and ``PDFArray`` (they are those classes) and keep the bytes;
later documents with the same key write the kept bytes without making, compressing or formatting
anything. A key is everything the bytes depend on:

- the face (the parsed font file; the key holds the object, so its identity cannot be reused);
- for the ToUnicode CMap, the subset's index, which names the subset (``AAAAAA+Name``, ReportLab's
  ``SUBSETN``) inside the stream; the font file and the widths do not depend on it;
- the subset's exact code points in order (code n of the subset draws the n-th);
- compression on (the only case kept; the filter is ReportLab's one ``PDFZCompress``).

The bytes also depend on the document's output settings, checked where they are used: no
encryption (streams are encrypted per object), no multi-line output, no PDF comments (they would
name the class). Otherwise, and whenever ReportLab's ``addObjects`` is no longer 5.1.0's, ReportLab's
own code runs. The memo is used only while the line memo is awake (a process's second document on,
:func:`packgen.render.paragraphs.line_memo_awake`): a fresh process, and peerbench's runs that clear
that memo, pay as before. At most :data:`SUBSET_MEMO_SIZE` entries (least recently used go first);
``tests/test_render_subsets.py`` compares documents made with the memo and without it byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFTrueTypeFont,
    PDFZCompress,
)
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    TTFontFace,
    makeToUnicodeCMap,
)

from .memo import BoundedMemo
from .same_code import same_code

# Three entries a subset (its CMap, font file and widths): 64 subsets, a few hundred KB of
# compressed font files. A bundled pack uses about 20 distinct subsets in all.
SUBSET_MEMO_SIZE = 192

_KEPT = BoundedMemo(SUBSET_MEMO_SIZE)  # key -> the finished bytes of a stream or an array

# The names and constants (docstrings aside) of ReportLab 5.1.0's TTFont.addObjects and
# TTFontFace.addSubsetObjects: add_objects is those two methods, and runs only while ReportLab's are
# still these.
_ADD_OBJECTS_NAMES = ('state', 'KeyError', 'TTFont', 'State', '_asciiReadable', 'frozen', 'enumerate', 'subsets',
                      'getSubsetInternalName', 'join', 'SUBSETN', 'face', 'name', 'subfontNameX', 'decode', 'pdfdoc',
                      'PDFTrueTypeFont', 'fontName', '__Comment__', 'Name', 'BaseFont', 'FirstChar', 'len',
                      'LastChar', 'list', 'map', 'getCharWidth', 'PDFArray', 'Widths', 'PDFStream', 'makeToUnicodeCMap',
                      'content', 'compression', 'PDFZCompress', 'filters', 'Reference', 'ToUnicode',
                      'addSubsetObjects', 'FontDescriptor', 'idToObject', 'dict')
_SUBSET_OBJECTS_NAMES = ('pdfdoc', 'PDFStream', 'makeSubset', 'content', 'len', 'dictionary', 'compression',
                         'PDFZCompress', 'filters', 'Reference', 'filename', 'flags', 'FF_NONSYMBOLIC', 'FF_SYMBOLIC',
                         'PDFDictionary', 'ascent', 'capHeight', 'descent', 'PDFArray', 'bbox', 'PDFName',
                         'italicAngle', 'stemV', 'defaultWidth')
_ADD_OBJECTS_CONSTANTS = (1, None, b'', b'+', 'pdfdoc', 'Font %s subset %d', 0, 'toUnicodeCMap:', 'BasicFonts')
_SUBSET_OBJECTS_CONSTANTS = ('Length1', 'fontFile:', '(', ')', '/FontDescriptor', (
    'Type', 'Ascent', 'CapHeight', 'Descent', 'Flags', 'FontBBox', 'FontName', 'ItalicAngle', 'StemV', 'FontFile2',
    'MissingWidth'), 'fontDescriptor:')


def reportlab_unchanged() -> bool:
    """Whether ReportLab's methods are still those :func:`add_objects` reproduces."""
    return (same_code(TTFont.addObjects, _ADD_OBJECTS_NAMES, _ADD_OBJECTS_CONSTANTS)
            and same_code(TTFontFace.addSubsetObjects, _SUBSET_OBJECTS_NAMES, _SUBSET_OBJECTS_CONSTANTS))


_UNCHANGED = reportlab_unchanged()


def set_subset_memo(size: int) -> None:
    """Keep at most ``size`` entries from now on (0: none, every subset made as ReportLab makes it);
    forgets what is kept."""
    global _KEPT
    _KEPT = BoundedMemo(size)


def subset_memo_info() -> dict[str, int]:
    """Hits and misses since the memo was last set, its entries and its size."""
    return _KEPT.info()


def _output_is_plain(document: Any) -> bool:
    """The document's settings under which an object's bytes depend on nothing but the object."""
    return (type(document.encrypt) is NoEncryption and not rl_config.pdfMultiLine
            and (rl_config.invariant or not rl_config.pdfComments))


def _lookup(key: tuple[object, ...]) -> bytes | None:
    found: bytes | None = _KEPT.get(key)
    if found is None:
        _KEPT.misses += 1
    return found


def _keep(key: tuple[object, ...], data: bytes) -> None:
    _KEPT.store(key, data)


class KeptStream(PDFStream):  # type: ignore[misc, unused-ignore]
    """ReportLab's ``PDFStream`` of a subset's font file or CMap, compressed, whose bytes are kept
    under ``key`` once formatted, or were (``known``: its content is not even made then, unless the
    document's settings call for ReportLab's own formatting after all)."""

    def __init__(self, key: tuple[object, ...], make: Callable[[], Any], known: bytes | None,
                 length1: bool = False) -> None:
        super().__init__()
        self.filters = [PDFZCompress]
        self.key, self.make, self.known, self.length1 = key, make, known, length1
        if known is None:
            self._make()

    def _make(self) -> None:
        self.content = self.make()
        if self.length1:  # what TTFontFace.addSubsetObjects sets on the font file's stream
            self.dictionary["Length1"] = len(self.content)

    def format(self, document: Any) -> bytes:
        plain = _output_is_plain(document)
        if self.known is not None:
            if plain:
                return self.known
            self._make()
        data: bytes = super().format(document)
        if plain:
            _keep(self.key, data)
        return data


class KeptArray(PDFArray):  # type: ignore[misc, unused-ignore]
    """ReportLab's ``PDFArray`` of a subset's widths, kept likewise."""

    def __init__(self, key: tuple[object, ...], make: Callable[[], list[Any]], known: bytes | None) -> None:
        self.key, self.make, self.known = key, make, known
        self.sequence = [] if known is not None else make()

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        plain = _output_is_plain(document)
        if self.known is not None:
            if plain:
                return self.known
            self.sequence = self.make()
        data: bytes = super().format(document, IND)
        if plain:
            _keep(self.key, data)
        return data


def add_objects(font: Any, doc: Any) -> bool:
    """``font.addObjects(doc)`` with the memo (see the module docstring); False, having done
    nothing, when the memo does not apply (ReportLab's own ``addObjects`` is then the one to call)."""
    from packgen.render.paragraphs import line_memo_awake  # loaded by then (it drew the text)

    if not (_KEPT.size and _UNCHANGED and doc.compression and line_memo_awake() and _output_is_plain(doc)):
        return False
    # ReportLab 5.1.0's TTFont.addObjects from here on, with the memo where it makes the streams.
    try:
        state = font.state[doc]
    except KeyError:
        state = font.state[doc] = TTFont.State(font._asciiReadable)
    state.frozen = 1
    face = font.face
    for n, subset in enumerate(state.subsets):
        internal_name = font.getSubsetInternalName(n, doc)[1:]
        base_font_name = (b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX))).decode("pdfdoc")
        codes = tuple(subset)

        pdf_font = PDFTrueTypeFont()
        pdf_font.__Comment__ = "Font %s subset %d" % (font.fontName, n)
        pdf_font.Name = internal_name
        pdf_font.BaseFont = base_font_name
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(subset) - 1
        key: tuple[object, ...] = ("widths", face, codes)
        pdf_font.Widths = KeptArray(key, partial(_widths, face, subset), _lookup(key))

        key = ("cmap", face, n, codes)
        cmap = KeptStream(key, partial(makeToUnicodeCMap, base_font_name, subset), _lookup(key))
        pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base_font_name)
        pdf_font.FontDescriptor = _descriptor(face, doc, base_font_name, subset, codes)

        doc.Reference(pdf_font, internal_name)
        doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
    del font.state[doc]
    return True


def _widths(face: Any, subset: list[int]) -> list[Any]:
    return list(map(face.getCharWidth, subset))


def _descriptor(face: Any, doc: Any, font_name: str, subset: list[int], codes: tuple[int, ...]) -> Any:
    """ReportLab 5.1.0's ``TTFontFace.addSubsetObjects``, with the font file's stream kept."""
    key = ("file", face, codes)
    font_file = KeptStream(key, partial(face.makeSubset, subset), _lookup(key), length1=True)
    font_file_ref = doc.Reference(font_file, "fontFile:%s(%s)" % (face.filename, font_name))
    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    descriptor = PDFDictionary({
        "Type": "/FontDescriptor",
        "Ascent": face.ascent,
        "CapHeight": face.capHeight,
        "Descent": face.descent,
        "Flags": flags,
        "FontBBox": PDFArray(face.bbox),
        "FontName": PDFName(font_name),
        "ItalicAngle": face.italicAngle,
        "StemV": face.stemV,
        "FontFile2": font_file_ref,
        "MissingWidth": face.defaultWidth,
    })
    return doc.Reference(descriptor, "fontDescriptor:" + font_name)
