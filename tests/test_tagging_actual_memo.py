"""The ActualText kept while the line memo is awake (tagging/canvas.py, issue-14w): a batch worker
keeps a split paragraph's piece's text by the identity of its words, and the single-spaced plain
text and the PDF token of an ActualText by the string. Whatever is kept, every ActualText must be
what it is with nothing kept, and a piece must never take the text of another piece."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from reportlab.platypus.paragraph import _processed_frags
from test_tagging_plain_text import STYLES, TEXTS, _pieces

from packgen.render import paragraphs
from packgen.render.paragraphs import Paragraph
from packgen.render.tagging import canvas
from packgen.render.tagging.canvas import actual_text, actual_token, pdf_string
from packgen.render.tagging.marks import Tag


@pytest.fixture(autouse=True)
def awake_memo() -> Iterator[None]:
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)  # awake, as in a batch worker's second document
    for memo in (canvas._WORDS_TEXT, canvas._SPACED, canvas._TOKENS):
        memo.clear()
    yield
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)


def _expected(piece: object) -> str | None:
    paragraphs.set_line_memo(0)  # asleep: nothing kept, nothing looked up
    try:
        return actual_text(Tag(object()), piece)
    finally:
        paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)


def _all_pieces() -> list[object]:
    """Whole paragraphs and every piece of them split two lines at a time."""
    found = []
    for style in STYLES:
        for text in TEXTS:
            for width in (40, 90, 160):
                found += _pieces(Paragraph(text, style), width)
    return found


def _split_pieces() -> list[object]:
    return [piece for piece in _all_pieces() if piece.frags and _processed_frags(piece.frags)]


def test_kept_texts_are_the_texts_computed_afresh() -> None:
    pieces = _all_pieces()
    assert len(_split_pieces()) > 50
    expected = [_expected(piece) for piece in pieces]
    for _ in range(2):  # the first pass keeps, the second takes what was kept
        assert [actual_text(Tag(object()), piece) for piece in pieces] == expected
    assert canvas._WORDS_TEXT and canvas._SPACED  # both memos were used, so this test can fail


def test_a_piece_with_another_word_in_the_middle_never_takes_the_kept_text() -> None:
    """The key holds the first and last words and the count; a hit needs every word to be the very
    object kept. A piece with the same ends and length but another word between them says
    something else."""
    pieces = [piece for piece in _split_pieces() if len(piece.frags) >= 3 and _expected(piece)]
    checked = 0
    for piece in pieces:
        kept = actual_text(Tag(object()), piece)
        for middle in range(1, len(piece.frags) - 1):
            word = piece.frags[middle]
            other = copy.copy(piece)
            other.frags = list(piece.frags)
            other.frags[middle] = type(word)([word[0], (word[1][0], "INSERTED")])
            assert id(other.frags[0]) == id(piece.frags[0]) and id(other.frags[-1]) == id(piece.frags[-1])
            assert actual_text(Tag(object()), other) == _expected(other) != kept
            checked += 1
            break
    assert checked > 10


def test_words_changed_in_place_are_not_kept_by_value() -> None:
    """The words are compared by identity: a new word equal in value is another object, a miss."""
    piece = next(piece for piece in _split_pieces() if len(piece.frags) >= 3)
    actual_text(Tag(object()), piece)
    other = copy.copy(piece)
    other.frags = [copy.copy(word) for word in piece.frags]
    assert other.frags == piece.frags  # equal in value, yet
    entries = len(canvas._WORDS_TEXT)
    actual_text(Tag(object()), other)
    assert len(canvas._WORDS_TEXT) == entries + 1  # looked up as other words, and kept as such


def test_nothing_is_kept_while_the_line_memo_sleeps() -> None:
    paragraphs.clear_line_memo()  # a fresh process: dormant until its second document
    for piece in _split_pieces()[:40]:
        actual_text(Tag(object()), piece)
        actual_token("Call Childline on 0800 1111")
    assert not canvas._WORDS_TEXT and not canvas._SPACED and not canvas._TOKENS


def test_tokens_are_pdf_strings_and_memos_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(canvas, "STRINGS_SIZE", 4)
    monkeypatch.setattr(canvas, "WORDS_TEXT_SIZE", 3)
    for piece in _all_pieces()[:200]:
        assert actual_text(Tag(object()), piece) == _expected(piece)
        assert len(canvas._WORDS_TEXT) <= 3 and len(canvas._SPACED) <= 4
    for text in [*TEXTS, *TEXTS, "(a) \\ b", "caf\u00e9", "caf\u00e9 "]:
        assert actual_token(text) == pdf_string(text)
        assert len(canvas._TOKENS) <= 4
