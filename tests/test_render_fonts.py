"""Tests for packgen.render.fonts: registration, coverage checks and per-character runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from packgen.render.fonts import (
    MissingGlyphError,
    font_runs,
    missing_characters,
    register_fonts,
)
from packgen.verify import pdf_inspect

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_register_fonts_is_cached_and_registers_all_faces() -> None:
    fonts = register_fonts()
    assert register_fonts() is fonts
    for family in (fonts.main, fonts.fallback):
        faces = family.faces
        for name in (faces.regular, faces.bold, faces.italic, faces.bold_italic):
            assert pdfmetrics.getFont(name).fontName == name
    assert fonts.main.faces.regular == "Atkinson"
    assert fonts.fallback.faces.bold_italic == "Fira-BoldItalic"


def test_font_family_maps_bold_and_italic_to_the_right_faces() -> None:
    register_fonts()
    assert tt2ps("Atkinson", 1, 0) == "Atkinson-Bold"
    assert tt2ps("Atkinson", 0, 1) == "Atkinson-Italic"
    assert tt2ps("Fira", 1, 1) == "Fira-BoldItalic"


def test_cmaps_reflect_known_coverage() -> None:
    fonts = register_fonts()
    assert ord("A") in fonts.main.cmap
    assert ord("ą") in fonts.main.cmap
    # Atkinson lacks the Welsh circumflexed w/y and Greek; Fira has them.
    for char in "ŵŷŴŶα":
        assert ord(char) not in fonts.main.cmap
        assert ord(char) in fonts.fallback.cmap


def test_missing_characters_finds_chars_in_no_font_once_each_in_order() -> None:
    text = "Hello \U0001F600 ŵ \u0F00 \U0001F600\n\tαβγ"
    assert missing_characters(text) == ["\U0001F600", "\u0F00"]
    assert missing_characters("Ŵy ąęłżź αβγ Ωμέγα\n") == []


def test_font_runs_splits_per_character() -> None:
    assert font_runs("Ŵy", bold=False, italic=False) == [("Fira", "Ŵ"), ("Atkinson", "y")]
    assert font_runs("Ŵy", bold=True, italic=True) == [
        ("Fira-BoldItalic", "Ŵ"),
        ("Atkinson-BoldItalic", "y"),
    ]


def test_font_runs_keeps_spaces_in_the_current_run() -> None:
    assert font_runs("a ŵ b", bold=True, italic=False) == [
        ("Atkinson-Bold", "a "),
        ("Fira-Bold", "ŵ "),
        ("Atkinson-Bold", "b"),
    ]
    assert font_runs("\nŵ") == [("Atkinson", "\n"), ("Fira", "ŵ")]
    assert font_runs("") == []


def test_font_runs_raises_missing_glyph_error_with_the_characters() -> None:
    with pytest.raises(MissingGlyphError) as caught:
        font_runs("ok \U0001F600 \u0F00")
    assert caught.value.characters == ("\U0001F600", "\u0F00")
    assert isinstance(caught.value, ValueError)
    assert "'U+1F600'" in str(caught.value) and "'U+0F00'" in str(caught.value)
    assert "in no font" in str(caught.value)


def test_missing_glyph_trap_is_real_without_fallback(tmp_path: Path) -> None:
    """Control: drawing ŵ in Atkinson itself silently yields U+0000, which runs avoid."""
    register_fonts()
    pdf = tmp_path / "trap.pdf"
    canvas = Canvas(str(pdf), initialFontName="Atkinson", invariant=1)
    canvas.setFont("Atkinson", 12)
    canvas.drawString(72, 700, "Dŵr")
    line = canvas.beginText(72, 650)
    for font_name, chunk in font_runs("Dŵr"):
        line.setFont(font_name, 12)
        line.textOut(chunk)
    canvas.drawText(line)
    canvas.showPage()
    canvas.save()
    (text,) = pdf_inspect.extract_text(pdf)
    assert "D\x00r" in text
    assert "Dŵr" in text


def test_importing_fonts_module_does_no_work() -> None:
    code = (
        "import sys, packgen.render.fonts, packgen.render.markup; "
        "assert 'reportlab' not in sys.modules, 'reportlab imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)


def test_fallback_family_is_registered_only_when_a_character_needs_it() -> None:
    """A fresh process: Atkinson text leaves Fira unparsed; the first ŵ registers it."""
    code = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from packgen.render.fonts import font_runs, missing_characters\n"
        "def fira(): return 'Fira' in pdfmetrics.getRegisteredFontNames()\n"
        "assert font_runs('Plain text,\\n\\tnothing else') == [('Atkinson', 'Plain text,\\n\\tnothing else')]\n"
        "assert missing_characters('Plain\\x85text') == []\n"
        "print(fira())\n"
        "assert font_runs('T\\u0177') == [('Atkinson', 'T'), ('Fira', '\\u0177')]\n"
        "print(fira())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_control_whitespace_taken_as_main_without_the_fallback_is_in_no_font() -> None:
    """The fast path's assumption: these characters go to the main family whatever the fallback has."""
    from packgen.render.fonts import _CONTROL_SPACES, _main_only

    fonts = register_fonts()
    assert {0x09, 0x0A, 0x85} <= _CONTROL_SPACES
    assert not _CONTROL_SPACES & fonts.fallback.cmap - fonts.main.cmap
    assert _main_only() >= _CONTROL_SPACES


def test_the_main_family_check_agrees_with_the_fonts_character_maps() -> None:
    """``_in_main_family`` searches one character class (fast); it must say what the cmaps say."""
    import random

    from packgen.render.fonts import _in_main_family, _main_fast, _main_only

    def by_sets(text: str) -> bool:
        codes = {ord(char) for char in text}
        return _main_fast().issuperset(codes) or _main_only().issuperset(codes)

    rng = random.Random(17)
    pool = [chr(code) for code in [*range(0x250), *range(0x370, 0x400), *range(0x2000, 0x2070), *range(0x3000, 0x3003),
                                    0x0175, 0x0177, 0x0130, 0xFFFE, 0x1F600, 0xE000]]
    texts = ["", "Don't pay.", "Ŵ ŷ İ", "tab\tand\nnewline", "emoji \U0001F600", "’ – “ ” •"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 8))) for _ in range(5000)]
    assert any(by_sets(text) for text in texts) and not all(by_sets(text) for text in texts)
    for text in texts:
        assert _in_main_family(text) == by_sets(text), repr(text)


def test_fast_split_string_gives_reportlabs_pairs_and_assignments() -> None:
    """packgen's TTFont.splitString against ReportLab's own, string after string, on two documents
    each: the same (subset, bytes) pairs and the same codes assigned, through a new subset (more
    than 224 characters), no-break spaces (before and after a space was seen), empty strings and
    characters the font lacks."""
    import random

    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = register_fonts()
    font = pdfmetrics.getFont(fonts.main.faces.regular)
    assert type(font) is not TTFont and isinstance(font, TTFont)
    alphabet = sorted(chr(code) for code in fonts.main.cmap if code > 32)[:400] + ["\u00a0", " ", "\u4e00"]
    rng = random.Random(17)
    for asciiReadable in (1, 0):
        ours, theirs = PDFDocument(), PDFDocument()
        font.state.pop(ours, None)
        font._assignState(ours, asciiReadable)
        font._assignState(theirs, asciiReadable)
        strings = ["\u00a0no break", "", "plain words, then more"] + [
            "".join(rng.choice(alphabet[: 60 + n]) for _ in range(rng.randrange(1, 30))) for n in range(0, 3000, 3)]
        for text in strings:
            assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs), text
        assert font.state[ours].assignments == font.state[theirs].assignments
        assert font.state[ours].subsets == font.state[theirs].subsets
        assert len(font.state[ours].subsets) > 1  # a second subset was reached


def test_font_files_are_the_packages_resources_found_without_importing_them() -> None:
    """The TTFs are found from each font package's import spec: the very files importlib.resources
    names, without importing it (nor tempfile, shutil, zipfile: ~15 ms of every process)."""
    from importlib import resources

    from packgen.render.fonts import _FAMILY_SOURCES, _STYLE_FILES, font_files

    expected = [Path(str(resources.files(package).joinpath("files", f"{prefix}-{style}.ttf")))
                for _, package, prefix in _FAMILY_SOURCES for _, style in _STYLE_FILES]
    assert font_files() == expected and all(path.is_file() for path in expected) and len(expected) == 8
    code = ("import sys\nfrom packgen.render.fonts import font_files\nfont_files()\n"
            "print(sorted(m for m in ('importlib.resources', 'tempfile', 'zipfile', 'fontpkg_fira_sans') "
            "if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
