"""Register the bundled fonts with ReportLab and choose a face per character.

Atkinson Hyperlegible is the main family (designed for low-vision readers); Fira Sans is the
fallback for the characters Atkinson lacks (Welsh ŵ ŷ, Greek, Cyrillic, ...). ReportLab draws
a missing glyph as an invisible `.notdef` box and writes code 0 without any warning, so every
character is checked against the font's cmap here before it is drawn.

ReportLab is imported lazily, inside `register_fonts`, so importing this module stays free.
Only the main family is parsed and registered up front; the fallback family's four TTFs (~14 ms
to parse) are registered the first time a character outside the main family's cmap is met.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAIN_FAMILY = "Atkinson"
FALLBACK_FAMILY = "Fira"

# (family name, Python package holding the TTFs, file prefix inside the package's files/ dir)
_FAMILY_SOURCES: tuple[tuple[str, str, str], ...] = (
    (MAIN_FAMILY, "fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible"),
    (FALLBACK_FAMILY, "fontpkg_fira_sans", "FiraSans"),
)

# Face suffix in our registered names -> style suffix in the TTF file name.
_STYLE_FILES: tuple[tuple[str, str], ...] = (
    ("", "Regular"),
    ("-Bold", "Bold"),
    ("-Italic", "Italic"),
    ("-BoldItalic", "BoldItalic"),
)


class MissingGlyphError(ValueError):
    """Raised when text contains characters that no registered font can draw."""

    def __init__(self, characters: list[str]) -> None:
        self.characters: tuple[str, ...] = tuple(characters)
        described = ", ".join(describe_character(c) for c in self.characters)
        noun = "character" if len(self.characters) == 1 else "characters"
        super().__init__(f"{noun} {described} {'is' if noun == 'character' else 'are'} in no font")


def describe_character(char: str) -> str:
    """Return e.g. `'U+0175' (ŵ)` for use in error messages."""
    shown = char if char.isprintable() else "?"
    return f"'U+{ord(char):04X}' ({shown})"


@dataclass(frozen=True)
class FaceNames:
    """The ReportLab font names of one family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, bold: bool, italic: bool) -> str:
        """Return the face name for the given weight and style."""
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


@dataclass(frozen=True)
class FontFamily:
    """A registered family: its face names and the code points all four faces can draw."""

    name: str
    faces: FaceNames
    cmap: frozenset[int]

    def covers(self, char: str) -> bool:
        """True if every face of the family has a glyph for `char`."""
        return ord(char) in self.cmap


class FontSet:
    """The main family, registered with ReportLab, and the fallback family, registered on first use."""

    def __init__(self, main: FontFamily) -> None:
        self.main = main

    @property
    def fallback(self) -> FontFamily:
        """The fallback family; the first access parses and registers its TTFs (once per process)."""
        return _fallback_family()

    def family_for(self, char: str) -> FontFamily | None:
        """The family that draws `char`: main first, then fallback; None if neither can."""
        if self.main.covers(char):
            return self.main
        if self.fallback.covers(char):
            return self.fallback
        return None


def _font_file(package: str, file_name: str) -> Path:
    """Locate a TTF inside an installed font package (no hard-coded site-packages path).

    Found from the package's import spec, without importing it: ``importlib.resources`` would
    import the package, and ``tempfile``, ``shutil`` and ``zipfile`` with it (~15 ms of every
    process, the no-op rebuild's included), for files that are plain files on disk anyway.
    """
    path = _package_folder(package) / "files" / file_name
    if not path.is_file():
        raise FileNotFoundError(f"font file {file_name} not found in package {package} ({path})")
    return path


@functools.cache
def _package_folder(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if not folders:
        raise FileNotFoundError(f"font package {package} is not installed")
    return Path(folders[0])


def font_files() -> list[Path]:
    """Every TTF a document may embed, main family first (their bytes are an input of each PDF)."""
    return [_font_file(package, f"{prefix}-{style}.ttf")
            for _, package, prefix in _FAMILY_SOURCES for _, style in _STYLE_FILES]


@functools.cache
def ttfont_class() -> type:
    """ReportLab's ``TTFont`` with a faster ``splitString`` for text it has seen the characters of.

    ReportLab maps a string to its font subsets character by character in Python (``splitString``,
    for every string drawn: ~6,000 a leaflet). Once every character of a string has its code in the
    first subset (after the first few strings of a document, nearly all of them), the answer is one
    ``(0, bytes)`` pair, the codes found by ``str.translate`` with a table of those assignments
    (kept per document's font state, made again whenever a character was assigned since). Anything
    else (a new character, a later subset, bytes, a shaped string) takes ReportLab's own path. The
    same pairs, the same assignments: tests/test_render_fonts.py checks it on random text.

    Its ``addObjects`` (embedding the subsets when a document is saved) keeps each subset's finished
    streams for the next document of a batch with the same subset (:mod:`packgen.render.subsets`,
    imported only then: a fresh process's first document never loads it).
    """
    from reportlab.pdfbase.ttfonts import TTFont

    class FastTTFont(TTFont):  # type: ignore[misc, unused-ignore]
        def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
            if type(text) is str and text:
                state = self.state.get(doc)
                if state is not None:
                    known = state.__dict__.get("_packgen_known")
                    if known is None or known[0] != len(state.assignments):
                        known = state._packgen_known = _first_subset(state.assignments)
                    if known[1].issuperset(text):
                        return [(0, text.translate(known[2]).encode("latin-1"))]
            return super().splitString(text, doc, encoding)

        def addObjects(self, doc: Any) -> None:
            from packgen.render.paragraphs import line_memo_awake  # loaded by then: it drew the text

            if line_memo_awake():  # a batch worker's later documents: the subsets' bytes kept across them
                from packgen.render.subsets import add_objects

                if add_objects(self, doc):
                    return
            super().addObjects(doc)

    return FastTTFont


def _first_subset(assignments: dict[int, int]) -> tuple[int, frozenset[str], dict[int, str]]:
    """(how many assignments, the characters coded in subset 0, their codes as a translate table)."""
    table = {code: chr(n) for code, n in assignments.items() if n < 256}
    table.pop(0xA0, None)  # ReportLab codes a no-break space as a space, whatever 0xA0 has
    if 32 in table:
        table[0xA0] = table[32]
    return len(assignments), frozenset(map(chr, table)), table


def _register_family(family: str, package: str, prefix: str) -> FontFamily:
    """Register the four faces of one family and return their names and common cmap."""
    from reportlab.pdfbase import pdfmetrics

    TTFont = ttfont_class()
    names: list[str] = []
    cmaps: list[frozenset[int]] = []
    for suffix, style in _STYLE_FILES:
        name = family + suffix
        font = TTFont(name, str(_font_file(package, f"{prefix}-{style}.ttf")))
        pdfmetrics.registerFont(font)
        names.append(name)
        cmaps.append(frozenset(font.face.charToGlyph))
    faces = FaceNames(*names)
    pdfmetrics.registerFontFamily(
        family,
        normal=faces.regular,
        bold=faces.bold,
        italic=faces.italic,
        boldItalic=faces.bold_italic,
    )
    return FontFamily(family, faces, frozenset.intersection(*cmaps))


@functools.cache
def register_fonts() -> FontSet:
    """Register the main family with ReportLab (once) and return the font set.

    Idempotent and cached: later calls return the same `FontSet` without touching files. The
    fallback family is registered when `FontSet.fallback` is first used (see `font_runs`).
    """
    return FontSet(main=_register_family(*_FAMILY_SOURCES[0]))


@functools.cache
def _fallback_family() -> FontFamily:
    return _register_family(*_FAMILY_SOURCES[1])


# Whitespace control characters (tab, newline, ...): no font maps them (a test checks the bundled
# ones), so text made of main-family glyphs and these needs no fallback font at all.
_CONTROL_SPACES = frozenset(cp for cp in (*range(0x20), *range(0x7F, 0xA0)) if chr(cp).isspace())


@functools.cache
def _main_fast() -> frozenset[int]:
    """Code points that surely go to the main family, known without loading the fallback."""
    return register_fonts().main.cmap | _CONTROL_SPACES


@functools.cache
def _main_only() -> frozenset[int]:
    """Code points that always go to the main family: its glyphs, and whitespace no font has."""
    fonts = register_fonts()
    spaces = {cp for cp in range(0x3001) if chr(cp).isspace() and cp not in fonts.fallback.cmap}
    return fonts.main.cmap | spaces


@functools.cache
def _outside_main_fast() -> re.Pattern[str]:
    """A character not in :func:`_main_fast`: one character class of its ranges, searched at C speed."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(_main_fast()):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    members = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[^{members}]")


def _in_main_family(text: str) -> bool:
    """True when every character goes to the main family (checked at C speed, fallback loaded only if needed)."""
    if _outside_main_fast().search(text) is None:  # the usual case: ~1 µs for a paragraph
        return True
    return _main_only().issuperset(set(map(ord, set(text))))


def missing_characters(text: str) -> list[str]:
    """Characters of `text` (whitespace excepted) that neither family can draw, in order, once each."""
    if _in_main_family(text):  # the usual case
        return []
    fonts = register_fonts()
    missing: dict[str, None] = {}
    for char in text:
        if not char.isspace() and fonts.family_for(char) is None:
            missing[char] = None
    return list(missing)


def font_runs(text: str, bold: bool = False, italic: bool = False) -> list[tuple[str, str]]:
    """Split `text` into `(font_name, chunk)` runs, choosing the face per character.

    The main face is used wherever it has the glyph, otherwise the fallback face of the same
    weight and style. Whitespace stays in the current run unless only another family has it.
    Raises `MissingGlyphError` listing every character that no family can draw.
    """
    if _in_main_family(text):  # the usual case: one run in the main face
        return [(register_fonts().main.faces.pick(bold, italic), text)] if text else []
    missing = missing_characters(text)
    if missing:
        raise MissingGlyphError(missing)
    fonts = register_fonts()
    runs: list[tuple[str, list[str]]] = []
    current: FontFamily | None = None
    for char in text:
        family = fonts.family_for(char)
        if char.isspace() and current is not None and (current.covers(char) or family is None):
            family = current  # spaces do not switch fonts mid-phrase
        # `family` is None only for whitespace no font has (newline, tab): main handles it.
        family = family or fonts.main
        if family is not current:
            current = family
            runs.append((current.faces.pick(bold, italic), []))
        runs[-1][1].append(char)
    return [(name, "".join(chars)) for name, chars in runs]
