"""`packgen build` and `packgen verify` through the command line, on copies of the bundled catalogue.

The bundled catalogue is copied into a temporary folder and built once per module; tests that
change something copy that built folder again, so the repository's own output/ is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from packs import (
    Pack,
    build,
    copy_bundled_catalogue,
    plans_for,
    read_yaml,
    sha256,
    snapshot,
    statuses,
    temp_files,
    verify,
    write_yaml,
)

from packgen.build.inputs import document_inputs, input_hash
from packgen.cli import main
from packgen.plan.documents import DocumentPlan
from packgen.render import render_document
from packgen.verify import pdf_inspect
from packgen.verify.documents import verify_document

TOO_LONG = re.compile(r"document young-people-poster: content is \d+ mm too tall for poster-a4 at the minimum "
                      r"type size \(14 pt\); remove items or use leaflet-a4")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pack, Result]:
    folder = tmp_path_factory.mktemp("built") / "pack"
    pack = Pack(copy_bundled_catalogue(folder), folder / "output")
    return pack, build(pack.catalogue, pack.output)


@pytest.fixture
def pack(built: tuple[Pack, Result], tmp_path: Path) -> Pack:
    """A private copy of the built folder, for tests that change it."""
    return built[0].copy_to(tmp_path / "pack")


# --- build ---------------------------------------------------------------------------------------


def test_build_exits_0_and_writes_every_pdf(built: tuple[Pack, Result]) -> None:
    pack, result = built
    assert result.exit_code == 0, result.output
    plans = plans_for(pack.catalogue)
    assert len(plans) >= 8
    assert sorted(p.name for p in pack.output.glob("*.pdf")) == sorted(f"{i}.pdf" for i in plans)
    for doc_id in plans:
        assert (pack.output / f"{doc_id}.pdf").read_bytes().startswith(b"%PDF-")
    assert statuses(result, set(plans)) == {doc_id: "built" for doc_id in plans}
    assert f"{len(plans)} built, 0 unchanged" in result.output


def test_manifest_records_every_document(built: tuple[Pack, Result]) -> None:
    pack, _ = built
    plans = plans_for(pack.catalogue)
    manifest = json.loads((pack.output / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["id"]: entry for entry in manifest["documents"]}
    assert set(entries) == set(plans)
    assert manifest["generator"].startswith("packgen ")
    for doc_id, plan in plans.items():
        entry = entries[doc_id]
        pdf = pack.output / f"{doc_id}.pdf"
        assert entry["audience"] == plan.audience.id
        assert entry["layout"] == plan.layout.id
        assert entry["file"] == f"{doc_id}.pdf"
        assert entry["sha256"] == sha256(pdf)
        assert entry["pages"] == len(pdf_inspect.page_sizes_mm(pdf))
        assert entry["urls"] == list(plan.urls)
        assert entry["input_hash"] == input_hash(document_inputs(plan))
        assert re.fullmatch(r"[0-9a-f]{64}", entry["input_hash"])


def test_no_temp_files_after_a_build(built: tuple[Pack, Result]) -> None:
    pack, _ = built
    assert temp_files(pack.output) == []


def test_second_build_changes_nothing(pack: Pack) -> None:
    before = snapshot(pack.output)
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    plans = plans_for(pack.catalogue)
    assert statuses(result, set(plans)) == {doc_id: "unchanged" for doc_id in plans}
    assert f"0 built, {len(plans)} unchanged" in result.output
    assert snapshot(pack.output) == before  # same bytes, and not even rewritten
    assert temp_files(pack.output) == []


def test_changing_one_url_rebuilds_exactly_the_documents_carrying_it(pack: Pack) -> None:
    old_url, new_url = "https://takeitdown.ncmec.org/", "https://takeitdown.ncmec.org/en/"
    text = pack.catalogue.read_text(encoding="utf-8")
    assert text.count(f"url: {old_url}\n") == 1
    pack.catalogue.write_text(text.replace(f"url: {old_url}\n", f"url: {new_url}\n"), encoding="utf-8")
    plans = plans_for(pack.catalogue)
    carrying = {doc_id for doc_id, plan in plans.items() if new_url in plan.urls}
    assert carrying and carrying != set(plans)  # the test means something only if some, not all, change
    before = snapshot(pack.output)

    result = build(pack.catalogue, pack.output)

    assert result.exit_code == 0, result.output
    assert statuses(result, set(plans)) == {doc_id: "built" if doc_id in carrying else "unchanged" for doc_id in plans}
    after = snapshot(pack.output)
    for doc_id in plans:
        name = f"{doc_id}.pdf"
        assert (after[name] != before[name]) == (doc_id in carrying), doc_id
    for doc_id in carrying:
        codes = {code for page in pdf_inspect.decode_qr_codes(pack.output / f"{doc_id}.pdf") for code in page}
        assert new_url in codes and old_url not in codes
    manifest = {e["id"]: e for e in json.loads((pack.output / "manifest.json").read_text())["documents"]}
    assert all((new_url in manifest[d]["urls"]) == (d in carrying) for d in plans)
    assert temp_files(pack.output) == []


def _make_young_people_poster_too_long(catalogue: Path) -> None:
    data = read_yaml(catalogue)
    long_short = "Block the account, keep every message as evidence, and tell an adult you trust straight away."
    extra = [{"id": f"yp-extra-{n}", "title": f"Extra key message {n}", "short": long_short, "body": "Body.",
              "audiences": ["young-people"]} for n in range(12)]
    data["advice"].extend(extra)
    poster = next(d for d in data["documents"] if d["id"] == "young-people-poster")
    poster["advice"] = [item["id"] for item in extra]
    adults = next(d for d in data["documents"] if d["id"] == "adults-poster")
    adults["title"] = "Being blackmailed over intimate images? Get help"
    write_yaml(catalogue, data)


def test_failed_document_keeps_its_previous_pdf_and_the_others_build(pack: Pack) -> None:
    good = pack.output / "young-people-poster.pdf"
    good_bytes, good_mtime = good.read_bytes(), good.stat().st_mtime_ns
    old_manifest = {e["id"]: e for e in json.loads((pack.output / "manifest.json").read_text())["documents"]}
    _make_young_people_poster_too_long(pack.catalogue)

    result = build(pack.catalogue, pack.output)

    assert result.exit_code == 1
    assert TOO_LONG.search(result.output), result.output
    assert "1 document(s) failed" in result.output
    assert good.read_bytes() == good_bytes and good.stat().st_mtime_ns == good_mtime
    adults = pack.output / "adults-poster.pdf"
    assert pdf_inspect.page_sizes_mm(adults) and sha256(adults) != old_manifest["adults-poster"]["sha256"]
    from pypdf import PdfReader

    assert PdfReader(adults).metadata.title == "Being blackmailed over intimate images? Get help"
    manifest = {e["id"]: e for e in json.loads((pack.output / "manifest.json").read_text())["documents"]}
    assert manifest["young-people-poster"] == old_manifest["young-people-poster"]
    assert manifest["adults-poster"]["sha256"] == sha256(adults)
    assert temp_files(pack.output) == []


def test_failed_document_in_a_fresh_folder_still_builds_the_others(tmp_path: Path) -> None:
    catalogue = copy_bundled_catalogue(tmp_path / "pack")
    _make_young_people_poster_too_long(catalogue)
    output = tmp_path / "pack" / "output"

    result = build(catalogue, output)

    assert result.exit_code == 1
    assert TOO_LONG.search(result.output), result.output
    others = set(plans_for(catalogue)) - {"young-people-poster"}
    assert sorted(p.name for p in output.glob("*.pdf")) == sorted(f"{i}.pdf" for i in others)
    manifest = {e["id"] for e in json.loads((output / "manifest.json").read_text())["documents"]}
    assert manifest == others
    assert temp_files(output) == []


def test_missing_glyph_in_who_for_fails_cleanly_and_builds_the_others(tmp_path: Path) -> None:
    catalogue = copy_bundled_catalogue(tmp_path / "pack")
    data = read_yaml(catalogue)
    ceop = next(s for s in data["services"] if s["id"] == "ceop")
    ceop["who_for"] = "Under-18s \U0001F600"
    write_yaml(catalogue, data)
    output = tmp_path / "pack" / "output"
    result = CliRunner().invoke(main, ["build", "--catalogue", str(catalogue), "--output", str(output)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), f"crashed: {result.exception!r}"
    assert "parents-leaflet" in result.output and "U+1F600" in result.output
    assert (output / "adults-poster.pdf").is_file()


# --- verify --------------------------------------------------------------------------------------


def test_verify_passes_after_build(built: tuple[Pack, Result]) -> None:
    pack, _ = built
    result = verify(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    plans = plans_for(pack.catalogue)
    assert f"all {len(plans)} documents verified" in result.output
    assert "FAILED" not in result.output


def test_verify_names_what_a_swapped_pdf_lacks(pack: Pack) -> None:
    shutil.copyfile(pack.output / "adults-poster.pdf", pack.output / "young-people-poster.pdf")
    plans = plans_for(pack.catalogue)

    result = verify(pack.catalogue, pack.output)

    assert result.exit_code == 1
    out = result.output
    for url in plans["young-people-poster"].urls:
        assert f"young-people-poster: no QR code decodes to {url}" in out
    assert "young-people-poster: unexpected QR code 'https://revengepornhelpline.org.uk/'" in out
    assert "young-people-poster: text missing: 'Someone threatening to share your nudes?'" in out
    assert f"1 of {len(plans)} documents failed verification" in out
    problems = [line for line in out.splitlines() if line.startswith("error: ") and "documents failed" not in line]
    assert problems and all(line.startswith("error: young-people-poster: ") for line in problems)


def test_verify_reports_a_missing_pdf(pack: Pack) -> None:
    (pack.output / "parents-trifold.pdf").unlink()
    result = verify(pack.catalogue, pack.output)
    assert result.exit_code == 1
    assert "parents-trifold:" in result.output and "is missing; run `packgen build`" in result.output


# The renderer removes only paired "**" markers, in every prose field; verify must expect the same.
def _bold_catalogue(folder: Path, advice: dict[str, Any], service_name: str = "Help line") -> dict[str, DocumentPlan]:
    data = {
        "version": 1,
        "pack": {"title": "Test", "publisher": "Test Publisher", "reviewed": dt.date.today().isoformat()},
        "audiences": [{"id": "everyone", "label": "Everyone"}],
        "services": [{"id": "help", "name": service_name, "summary": "Help.", "url": "https://example.org/help",
                      "audiences": ["everyone"]}],
        "advice": [{"id": "item", "audiences": ["everyone"], **advice}],
        "documents": [{"id": "bold-poster", "audience": "everyone", "layout": "poster-a4", "title": "Poster"},
                      {"id": "bold-leaflet", "audience": "everyone", "layout": "leaflet-a4", "title": "Leaflet"}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    write_yaml(folder / "resources.yaml", data)
    return plans_for(folder / "resources.yaml")


def _verify_problems(plan: DocumentPlan, folder: Path) -> list[str]:
    pdf = folder / plan.filename
    pdf.write_bytes(render_document(plan))
    return verify_document(plan, pdf).problems


@pytest.mark.parametrize("doc_id", ["bold-poster", "bold-leaflet"])
def test_verify_accepts_a_body_with_an_unpaired_bold_marker(tmp_path: Path, doc_id: str) -> None:
    plans = _bold_catalogue(tmp_path, {"title": "Odd", "body": "&copy; <b>unclosed **bold** and **unclosed"})
    assert _verify_problems(plans[doc_id], tmp_path) == []


@pytest.mark.parametrize("doc_id", ["bold-poster", "bold-leaflet"])
def test_verify_accepts_paired_bold_in_titles_shorts_points_and_names(tmp_path: Path, doc_id: str) -> None:
    plans = _bold_catalogue(tmp_path, {"title": "**Stop** now", "short": "**Don't** pay", "body": "Body.",
                                       "points": ["**Never** pay"]}, service_name="**Help** line")
    assert _verify_problems(plans[doc_id], tmp_path) == []


def test_paired_bold_markers_are_not_printed(tmp_path: Path) -> None:
    """What the two xfails above rely on: the PDF shows the text without paired markers."""
    plans = _bold_catalogue(tmp_path, {"title": "**Stop** now", "short": "**Don't** pay", "body": "Body.",
                                       "points": ["**Never** pay"]}, service_name="**Help** line")
    for plan in plans.values():
        pdf = tmp_path / plan.filename
        pdf.write_bytes(render_document(plan))
        text = " ".join(pdf_inspect.extract_text(pdf))
        assert "**" not in text
        assert "Stop now" in text and "Help line" in text


def test_verify_reports_a_glyph_drawn_as_a_blank_box(tmp_path: Path) -> None:
    """A character no font has is refused twice before drawing (build, then the font picker), so
    verify, the last line, is shown a PDF drawn without those checks: it names the blank box."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from packgen.render.fonts import register_fonts

    plan = _bold_catalogue(tmp_path, {"title": "Odd", "body": "Say no."})["bold-poster"]
    register_fonts()
    canvas = Canvas(str(tmp_path / plan.filename), pagesize=A4, invariant=1)
    canvas.setFont("Atkinson", 12)
    canvas.drawString(72, 700, "Say \u4e00 no.")
    canvas.save()

    problems = verify_document(plan, tmp_path / plan.filename).problems

    assert "a character was drawn as a blank box (.notdef)" in problems
