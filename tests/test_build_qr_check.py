"""`packgen build` and `packgen batch` decode every QR code they drew before writing the PDF.

A code drawn for the wrong URL (the drawing is patched to encode another address for one URL)
fails that document with a plain message naming it and the URL; its earlier PDF is kept and the
other documents still build. Uses a two-document copy of the bundled catalogue, rendered in-process.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from packs import copy_bundled_catalogue, read_yaml, run_cli, write_yaml

from packgen.render import qr
from packgen.verify.qr_codes import drawn_codes, qr_problems

TARGET = "https://www.reportfraud.police.uk"  # on adults-poster only, of the documents below
WRONG = "https://www.reportfraud.police.uk.example.org/"
DOCUMENTS = ["adults-poster", "young-people-poster"]


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = copy_bundled_catalogue(tmp_path / "pack")
    data = read_yaml(path)
    data["documents"] = [d for d in data["documents"] if d["id"] in DOCUMENTS]
    write_yaml(path, data)
    return path


def draw_wrong_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the renderer draw the modules of WRONG wherever it draws TARGET's (its link stays TARGET)."""
    real = qr._cached_path

    def wrong_path(url: str, level: str, x: float, y: float, size: float) -> str:
        return real(WRONG if url == TARGET else url, level, x, y, size)

    monkeypatch.setattr(qr, "_cached_path", wrong_path)


def test_a_clean_build_decodes_every_code_to_its_url(catalogue: Path) -> None:
    output = catalogue.parent / "output"
    result = run_cli("build", "--catalogue", str(catalogue), "--output", str(output), "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf = (output / "adults-poster.pdf").read_bytes()
    codes = drawn_codes(pdf)
    assert sorted(code.url for code in codes) == sorted([TARGET, "https://revengepornhelpline.org.uk/"])
    assert all(code.texts == (code.url,) for code in codes)
    assert qr_problems(pdf, [TARGET, "https://revengepornhelpline.org.uk/"]) == []
    # A URL the plan expects but no code carries is named.
    assert qr_problems(pdf, [TARGET, "https://example.org/"]) == [
        "the QR code for https://revengepornhelpline.org.uk/ on page 1 is for a URL this document does not list",
        "no QR code for https://example.org/ was found"]


def test_a_wrong_code_fails_its_document_and_keeps_the_earlier_pdf(catalogue: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    output = catalogue.parent / "output"
    assert run_cli("build", "--catalogue", str(catalogue), "--output", str(output), "--jobs", "1").exit_code == 0
    good = output / "adults-poster.pdf"
    before, mtime = good.read_bytes(), good.stat().st_mtime_ns
    other = output / "young-people-poster.pdf"
    other_mtime = other.stat().st_mtime_ns

    draw_wrong_code(monkeypatch)
    result = run_cli("build", "--catalogue", str(catalogue), "--output", str(output), "--jobs", "1", "--force")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (f"document adults-poster: adults-poster.pdf: the QR code for {TARGET} on page 1 decodes to "
            f"{WRONG!r} instead") in result.output, result.output
    assert "1 document(s) failed" in result.output
    assert good.read_bytes() == before and good.stat().st_mtime_ns == mtime
    assert other.stat().st_mtime_ns != other_mtime  # the other document was built again, and passed


def test_a_wrong_code_fails_its_batch_row_and_the_other_documents_build(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = copy_bundled_catalogue(tmp_path)
    data = read_yaml(catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] in ("adults-poster", "parents-trifold")]
    write_yaml(catalogue, data)
    (tmp_path / "orgs.csv").write_text("id,name\r\nhilltop,Hilltop Academy\r\n", encoding="utf-8")
    draw_wrong_code(monkeypatch)

    result = run_cli("batch", str(tmp_path / "orgs.csv"), "--catalogue", str(catalogue), "--jobs", "1")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"document adults-poster: adults-poster.pdf: the QR code for {TARGET}" in result.output, result.output
    assert (tmp_path / "output" / "hilltop" / "parents-trifold.pdf").is_file()
    assert not (tmp_path / "output" / "hilltop" / "adults-poster.pdf").exists()


def test_a_code_that_does_not_scan_fails_its_document(catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = qr._cached_path

    def blank_half(url: str, level: str, x: float, y: float, size: float) -> str:
        path = real(url, level, x, y, size)
        if url != TARGET:
            return path
        runs = path.split(" re ")
        return " re ".join(runs[: len(runs) // 2]) + " re"  # the top half of the modules only

    monkeypatch.setattr(qr, "_cached_path", blank_half)
    output = catalogue.parent / "output"
    result = run_cli("build", "--catalogue", str(catalogue), "--output", str(output), "--jobs", "1",
                     "--only", "adults-poster")

    assert result.exit_code == 1
    assert f"document adults-poster: adults-poster.pdf: the QR code for {TARGET} on page 1 does not decode" \
        in result.output, result.output
    assert not (output / "adults-poster.pdf").exists()


def test_the_check_and_the_preview_share_one_parse_of_the_pdf(catalogue: Path) -> None:
    """The build opens each PDF once for its QR check and its preview: the preview it writes is the one
    drawn from the file alone, and the check leaves a document and page it was given open and usable."""
    import pypdfium2

    from packgen.web.gallery import PREVIEWS, render_preview

    output = catalogue.parent / "output"
    assert run_cli("build", "--catalogue", str(catalogue), "--output", str(output), "--jobs", "1").exit_code == 0
    for doc_id in DOCUMENTS:
        pdf = (output / f"{doc_id}.pdf").read_bytes()
        assert (output / PREVIEWS / f"{doc_id}.png").read_bytes() == render_preview(pdf)
        document = pypdfium2.PdfDocument(pdf)
        first = document[0]
        codes = drawn_codes(document, first)
        assert codes == drawn_codes(pdf) and codes and all(code.texts == (code.url,) for code in codes)
        assert qr_problems(document, [code.url for code in codes], first) == []
        assert first.get_size() == document[0].get_size()  # neither was closed by the check
        first.close()
        document.close()


def test_a_decoding_is_reused_only_for_exactly_the_same_pixels(catalogue: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every code is rasterised from its own PDF; the decoder runs again unless the square's pixels are
    byte for byte those it decoded before, so a code drawn differently is never taken on trust."""
    from packgen.verify import qr_codes

    output = catalogue.parent / "output"
    assert run_cli("build", "--catalogue", str(catalogue), "--output", str(output), "--jobs", "1").exit_code == 0
    pdf = (output / "adults-poster.pdf").read_bytes()
    qr_codes.DECODED.clear()
    decoded: list[int] = []  # each time a square is handed to the decoder
    real = qr_codes._read

    def counting(square: qr_codes.Square, formats: object) -> qr_codes.Decoded:
        decoded.append(1)
        return real(square, formats)  # type: ignore[arg-type]

    monkeypatch.setattr(qr_codes, "_read", counting)
    first = drawn_codes(pdf)
    assert len(decoded) == len(first) == 2
    assert drawn_codes(pdf) == first and len(decoded) == 2  # the same pixels: decoded once

    draw_wrong_code(monkeypatch)  # the same place, other modules: other pixels, decoded afresh, and caught
    result = run_cli("build", "--catalogue", str(catalogue), "--output", str(output), "--jobs", "1", "--force")
    assert result.exit_code == 1
    assert f"the QR code for {TARGET} on page 1 decodes to {WRONG!r} instead" in result.output, result.output
    assert len(decoded) > 2

    monkeypatch.setattr(qr_codes, "CACHED", 1)  # the cache is bounded: memory stays flat
    qr_codes.DECODED.clear()
    assert drawn_codes(pdf) == first
    assert len(qr_codes.DECODED) == 1
