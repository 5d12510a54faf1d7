"""The font subsets' kept streams (render/subsets.py): a batch worker writes a subset's font file,
ToUnicode CMap and widths from the bytes of an earlier document with the same subset. Whatever was
kept, every PDF must be the bytes ReportLab writes with nothing kept: the same characters in another
order, another face, a second subset, another document are other keys, never a hit."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDocument, PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from test_org_render import ORGS, plans_for, write_pack

from packgen.render import paragraphs, render_document, subsets
from packgen.render.fonts import register_fonts


@pytest.fixture(autouse=True)
def awake_memos() -> Iterator[None]:
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)  # awake, as in a batch worker's second document
    subsets.set_subset_memo(subsets.SUBSET_MEMO_SIZE)
    yield
    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    subsets.set_subset_memo(subsets.SUBSET_MEMO_SIZE)


def _extended() -> str:
    """Every character above Latin-1's controls the main face has: more than one subset holds."""
    face = pdfmetrics.getFont(register_fonts().main.faces.regular).face
    return "".join(chr(code) for code in sorted(face.charToGlyph) if code > 0xA0)


def _pdf(lines: list[tuple[str, str]], **options: Any) -> bytes:
    """A page with each (face, text) drawn on it, as packgen's canvases are set up."""
    target = io.BytesIO()
    canvas = Canvas(target, invariant=1, pageCompression=1, **options)
    for index, (face, text) in enumerate(lines):
        canvas.setFont(face, 9)
        canvas.drawString(20, 800 - 12 * (index % 60), text)
    canvas.save()
    return target.getvalue()


def _cases() -> list[list[tuple[str, str]]]:
    faces = register_fonts().main.faces
    return [
        [(faces.regular, "Call Childline on 0800 1111: café, naïve")],
        [(faces.regular, "Call Childline on 0800 1111: naïve, café")],  # the same characters, another order
        [(faces.bold, "Call Childline on 0800 1111: café, naïve")],  # another face
        [(faces.regular, "Call Childline on 0800 1111: café, naïve, ½")],  # one more character
        [(faces.regular, _extended()[i:i + 80]) for i in range(0, len(_extended()), 80)],  # two subsets or more
        [(faces.regular, _extended()[::-1][i:i + 80]) for i in range(0, len(_extended()), 80)],
        [(faces.italic, "Ask for help"), (faces.regular, "Ask for help"), (faces.bold_italic, "Ŵ ŷ")],  # + fallback
    ]


def _expected(cases: list[list[tuple[str, str]]]) -> list[bytes]:
    subsets.set_subset_memo(0)  # nothing kept: ReportLab's own addObjects
    try:
        return [_pdf(case) for case in cases]
    finally:
        subsets.set_subset_memo(subsets.SUBSET_MEMO_SIZE)


def test_subsets_written_from_the_memo_are_the_bytes_reportlab_writes() -> None:
    cases = _cases()
    expected = _expected(cases)
    assert len(set(expected)) == len(cases)
    assert b"/BaseFont /AAAAAB+" in expected[4]  # a second subset, named by its index
    assert [_pdf(case) for case in cases] == expected  # keeps
    assert subsets.subset_memo_info()["hits"] == 0  # every case is its own subset: nothing to share yet
    assert [_pdf(case) for case in reversed(cases)] == expected[::-1]  # takes what was kept
    info = subsets.subset_memo_info()
    assert info["hits"] == info["misses"] == info["entries"]  # the second pass wrote every subset from the memo


def test_a_memo_keyed_on_less_would_be_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above can fail: a memo that ignored the code points (a face's first subset
    kept whatever its characters) writes another document's font file."""
    cases = _cases()[:3]
    expected = _expected(cases)
    kept: dict[tuple[object, ...], bytes] = {}
    real_keep = subsets._keep

    def lookup(key: tuple[object, ...]) -> bytes | None:
        return kept.get(key[:-1])

    def keep(key: tuple[object, ...], data: bytes) -> None:
        kept.setdefault(key[:-1], data)
        real_keep(key, data)

    monkeypatch.setattr(subsets, "_lookup", lookup)
    monkeypatch.setattr(subsets, "_keep", keep)
    found = [_pdf(case) for case in cases]
    assert found[0] == expected[0] and found[2] == expected[2]  # the first of each face
    assert found[1] != expected[1]  # the same face, its characters in another order: caught


def test_branded_documents_are_the_same_bytes_with_and_without_the_memo(tmp_path: Path) -> None:
    """Two schools' documents and a school-less one, in one process, in two orders."""
    packs = {name: plans_for(write_pack(tmp_path / name, org)) for name, org in [*ORGS.items(), ("none", None)]}
    plans = {f"{name}/{kind}": plan for name, kinds in packs.items() for kind, plan in kinds.items()
             if kind in ("leaflet", "poster")}

    def digests(order: list[str]) -> dict[str, str]:
        return {name: hashlib.sha256(render_document(plans[name])).hexdigest() for name in order}

    subsets.set_subset_memo(0)
    expected = digests(list(plans))
    subsets.set_subset_memo(subsets.SUBSET_MEMO_SIZE)
    assert digests(list(plans)) == expected
    assert digests(list(reversed(plans))) == expected
    assert subsets.subset_memo_info()["hits"] >= 2 * len(plans)  # most subsets came from the memo


def test_encrypted_or_unusual_output_is_left_to_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    case = _cases()[0]
    expected = _expected([case])[0]
    assert _pdf(case) == expected
    kept = subsets.subset_memo_info()["entries"]
    _pdf(case, encrypt="secret")  # streams are encrypted per object: never kept, never taken
    assert subsets.subset_memo_info()["entries"] == kept and subsets.subset_memo_info()["hits"] == 0
    monkeypatch.setattr(subsets, "_UNCHANGED", False)  # as if ReportLab's addObjects had changed
    assert _pdf(case) == expected
    assert subsets.subset_memo_info()["hits"] == 0


def test_kept_bytes_are_written_only_where_the_output_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bytes kept under plain output are never written into a document formatted otherwise (here,
    multi-line): the object then makes its content and formats as ReportLab's."""
    case = _cases()[0]
    _pdf(case)  # kept, plain
    monkeypatch.setattr(rl_config, "pdfMultiLine", 1)
    expected = _expected([case])[0]
    assert _pdf(case) == expected
    # Settings changed between adding the objects and formatting them: each object checks again.
    face = pdfmetrics.getFont(register_fonts().main.faces.regular).face
    subset = [0] * 32 + list(range(32, 128))
    document = PDFDocument(invariant=1, compression=1)
    reference = PDFStream(content=face.makeSubset(subset), filters=[PDFZCompress])
    reference.dictionary["Length1"] = len(reference.content)
    stream = subsets.KeptStream(("file", face, tuple(subset)), partial(face.makeSubset, subset), b"kept", length1=True)
    widths = subsets.KeptArray(("widths", face, tuple(subset)), partial(subsets._widths, face, subset), b"[ kept ]")
    assert stream.format(document) == reference.format(document)
    assert widths.format(document) == PDFArray(subsets._widths(face, subset)).format(document)
    monkeypatch.setattr(rl_config, "pdfMultiLine", 0)
    assert stream.format(document) == b"kept" and widths.format(document) == b"[ kept ]"


def test_nothing_is_kept_while_the_line_memo_sleeps() -> None:
    paragraphs.clear_line_memo()  # a fresh process: dormant until its second document
    for case in _cases():
        _pdf(case)
    assert subsets.subset_memo_info() == {"hits": 0, "misses": 0, "entries": 0, "size": subsets.SUBSET_MEMO_SIZE}


def test_the_memo_is_bounded() -> None:
    cases = _cases()
    expected = _expected(cases)
    subsets.set_subset_memo(4)
    for _ in range(2):
        assert [_pdf(case) for case in cases] == expected
        assert subsets.subset_memo_info()["entries"] <= 4


def test_reportlabs_methods_are_still_those_the_memo_reproduces() -> None:
    """If ReportLab changes ``addObjects``, its own code runs (correct, slower): this says so."""
    assert subsets.reportlab_unchanged()
