"""Several files per document, and a manifest that is untrusted input.

An extra output kind is registered the way another engineer would (one OutputKind line naming a
producer), and the build must write, record, re-check, link and remove its files without any other
change. Then damaged, hand-edited and hostile manifests and shared output folders: packgen must only
ever delete, read, preview or link the files it wrote for each id inside the output folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from packs import Pack, build, copy_bundled_catalogue, plans_for, read_yaml, sha256, statuses, write_yaml

import packgen.plan.outputs
from packgen.build.documents import read_manifest
from packgen.plan.documents import DocumentPlan
from packgen.plan.outputs import OutputKind, Produced

# A stand-in kind, registered after the real ones (the PDF, the web page and the text version).
TEXT = OutputKind("probe", ".probe", "test_outputs:produce_text", "probe file", "application/octet-stream")
BUILT_IN = packgen.plan.outputs.kind_keys()


def produce_text(plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced | None:
    """A stand-in text version: the title, and the size of the PDF made before it (so order matters)."""
    if plan.id == os.environ.get("PACKGEN_TEST_NO_TEXT"):
        return None
    return Produced(f"{plan.title}\nPDF: {len(made['pdf'].data)} bytes\n".encode())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    folder = tmp_path_factory.mktemp("outputs") / "pack"
    pack = Pack(copy_bundled_catalogue(folder), folder / "output")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    return pack


@pytest.fixture
def pack(built: Pack, tmp_path: Path) -> Pack:
    return built.copy_to(tmp_path / "pack")


@pytest.fixture
def with_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packgen.plan.outputs, "OUTPUT_KINDS", (*packgen.plan.outputs.OUTPUT_KINDS, TEXT))


def manifest_json(pack: Pack) -> dict[str, Any]:
    return json.loads((pack.output / "manifest.json").read_text(encoding="utf-8"))


# --- many outputs per document ---------------------------------------------------------------------


@pytest.mark.usefixtures("with_text")
def test_a_registered_output_kind_is_built_recorded_and_linked(pack: Pack) -> None:
    plans = plans_for(pack.catalogue)
    result = build(pack.catalogue, pack.output, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert set(statuses(result, set(plans)).values()) == {"built"}
    assert "new output: probe" in result.output
    entries = {e["id"]: e for e in manifest_json(pack)["documents"]}
    page = (pack.output / "index.html").read_text(encoding="utf-8")
    for doc_id, plan in plans.items():
        text = (pack.output / f"{doc_id}.probe").read_bytes()
        pdf = (pack.output / f"{doc_id}.pdf").read_bytes()
        assert text == f"{plan.title}\nPDF: {len(pdf)} bytes\n".encode()
        outputs = {o["kind"]: o for o in entries[doc_id]["outputs"]}
        assert outputs["probe"] == {"kind": "probe", "file": f"{doc_id}.probe", "bytes": len(text),
                                  "sha256": hashlib.sha256(text).hexdigest()}
        assert outputs["pdf"]["sha256"] == entries[doc_id]["sha256"] == hashlib.sha256(pdf).hexdigest()
        assert entries[doc_id]["kinds"] == [*BUILT_IN, "probe"]
        if doc_id != "young-people-poster-print":  # a print-shop version is listed under its document
            assert f'href="{doc_id}.probe"' in page
    again = build(pack.catalogue, pack.output, "--jobs", "1")
    assert set(statuses(again, set(plans)).values()) == {"unchanged"}


@pytest.mark.usefixtures("with_text")
def test_an_edited_extra_output_is_rebuilt(pack: Pack) -> None:
    assert build(pack.catalogue, pack.output, "--jobs", "1").exit_code == 0
    (pack.output / "adults-poster.probe").write_text("edited by hand\n", encoding="utf-8")
    result = build(pack.catalogue, pack.output, "--jobs", "1")
    assert statuses(result, {"adults-poster", "parents-leaflet"}) == {"adults-poster": "built",
                                                                      "parents-leaflet": "unchanged"}
    assert "probe file changed since it was built" in result.output
    assert "PDF: " in (pack.output / "adults-poster.probe").read_text(encoding="utf-8")


@pytest.mark.usefixtures("with_text")
def test_every_output_of_a_removed_document_goes_and_only_those(pack: Pack) -> None:
    assert build(pack.catalogue, pack.output, "--jobs", "1").exit_code == 0
    (pack.output / "adults-poster.html").write_text("mine, not packgen's", encoding="utf-8")
    data = read_yaml(pack.catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] != "adults-poster"]
    write_yaml(pack.catalogue, data)
    result = build(pack.catalogue, pack.output, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "removed adults-poster.pdf" in result.output and "removed adults-poster.probe" in result.output
    assert "removed adults-poster.txt" in result.output and "removed adults-poster.html" not in result.output
    assert not (pack.output / "adults-poster.pdf").exists() and not (pack.output / "adults-poster.probe").exists()
    assert (pack.output / "adults-poster.html").read_text(encoding="utf-8") == "mine, not packgen's"
    assert not (pack.output / "previews" / "adults-poster.png").exists()


@pytest.mark.usefixtures("with_text")
def test_an_output_a_document_no_longer_has_is_removed(pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build(pack.catalogue, pack.output, "--jobs", "1").exit_code == 0
    monkeypatch.setenv("PACKGEN_TEST_NO_TEXT", "adults-poster")
    result = build(pack.catalogue, pack.output, "--jobs", "1", "--force")
    assert result.exit_code == 0, result.output
    assert not (pack.output / "adults-poster.probe").exists() and (pack.output / "adults-poster.pdf").exists()
    assert (pack.output / "parents-leaflet.probe").exists()
    entry = next(e for e in manifest_json(pack)["documents"] if e["id"] == "adults-poster")
    assert [o["kind"] for o in entry["outputs"]] == BUILT_IN


def test_a_format_1_manifest_is_read_without_rebuilding(pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    # Format 1 knew PDFs only: with nothing but the PDF registered, nothing needs building.
    monkeypatch.setattr(packgen.plan.outputs, "OUTPUT_KINDS", packgen.plan.outputs.OUTPUT_KINDS[:1])
    assert build(pack.catalogue, pack.output).exit_code == 0
    manifest = manifest_json(pack)
    for entry in manifest["documents"]:
        del entry["outputs"], entry["kinds"]
    del manifest["format"]
    (pack.output / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    plans = plans_for(pack.catalogue)
    assert set(statuses(result, set(plans)).values()) == {"unchanged"}


def test_page_counts_come_from_the_renderer(built: Pack) -> None:
    from packgen.verify import pdf_inspect

    for entry in manifest_json(built)["documents"]:
        assert entry["pages"] == len(pdf_inspect.page_sizes_mm(built.output / entry["file"])) >= 1
        assert entry["outputs"][0]["pages"] == entry["pages"]


# --- the manifest is untrusted input ----------------------------------------------------------------


def _victims(tmp_path: Path, pack: Pack) -> dict[Path, bytes]:
    """Files packgen must never touch: beside the output folder, inside it, and another document's."""
    outside = tmp_path / "precious.pdf"
    outside.write_bytes(b"%PDF not packgen's")
    inside = pack.output / "team-photo.pdf"
    inside.write_bytes(b"%PDF a user's")
    return {outside: outside.read_bytes(), inside: inside.read_bytes()}


def _damage(manifest: dict[str, Any], how: str, tmp_path: Path) -> None:
    docs = manifest["documents"]
    first = docs[0]
    if how == "missing fields":
        for entry in docs:
            entry.pop("sha256"), entry.pop("inputs"), entry.pop("outputs")
    elif how == "wrong types":
        for entry in docs:
            entry.update(pages="many", urls="https://x", bytes=None, inputs=[1, 2], kinds="pdf", outputs={"a": 1})
    elif how == "another document's file":
        first["file"] = docs[1]["file"]
        first["outputs"][0]["file"] = docs[1]["file"]
    elif how in ("parent path", "absolute path", "other file"):
        target = {"parent path": "../../precious.pdf", "absolute path": str(tmp_path / "precious.pdf"),
                  "other file": "team-photo.pdf"}[how]
        for entry in docs:  # and a document that has left the catalogue, pointing at the victim
            entry["file"] = entry["outputs"][0]["file"] = target
        docs.append({**first, "id": "gone", "file": target, "outputs": [{**first["outputs"][0], "file": target}]})
    elif how == "hostile id":
        docs.append({**first, "id": "../precious", "file": "../precious.pdf"})
        docs.append({**first, "id": "team-photo", "file": "team-photo.pdf",
                     "outputs": [{**first["outputs"][0], "file": "team-photo.pdf"}]})
    elif how == "duplicate ids":
        docs.append({**docs[1], "id": first["id"]})
    elif how == "not a list":
        manifest["documents"] = {"id": "x"}
    elif how == "deep nesting":
        manifest["documents"] = "DEEP"


DAMAGE = ["missing fields", "wrong types", "another document's file", "parent path", "absolute path",
          "other file", "hostile id", "duplicate ids", "not a list", "deep nesting"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_manifest_never_touches_other_files(pack: Pack, tmp_path: Path, how: str) -> None:
    victims = _victims(tmp_path, pack)
    manifest = manifest_json(pack)
    _damage(manifest, how, tmp_path)
    text = json.dumps(manifest).replace('"DEEP"', "[" * 100_000 + "]" * 100_000)
    (pack.output / "manifest.json").write_text(text, encoding="utf-8")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    assert "unexpected error" not in result.output
    assert {path: path.read_bytes() for path in victims} == victims
    page = (pack.output / "index.html").read_text(encoding="utf-8")
    assert "precious" not in page and "team-photo" not in page
    # and the build has repaired its own record: every document is vouched for again
    entries = read_manifest(pack.output)
    for doc_id in plans_for(pack.catalogue):
        assert entries[doc_id].primary is not None
        assert entries[doc_id].primary.sha256 == sha256(pack.output / f"{doc_id}.pdf")
    assert set(entries) == set(plans_for(pack.catalogue))


def test_a_symlink_in_place_of_a_pdf_is_never_followed(pack: Pack, tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    target = pack.output / "adults-poster.pdf"
    target.unlink()
    target.symlink_to(secret)
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    assert statuses(result, {"adults-poster"}) == {"adults-poster": "built"}
    assert secret.read_bytes() == b"%PDF secret" and not target.is_symlink()


def test_a_fifo_in_place_of_a_pdf_does_not_hang_the_build(pack: Pack) -> None:
    target = pack.output / "adults-poster.pdf"
    target.unlink()
    os.mkfifo(target)
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    assert statuses(result, {"adults-poster"}) == {"adults-poster": "built"}


def test_a_shared_output_folder_keeps_everything_packgen_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    catalogue = copy_bundled_catalogue(folder)
    site = folder / "site"
    (site / "previews").mkdir(parents=True)
    theirs = {site / "previews" / "team-photo.png": b"\x89PNG team", site / ".notes.tmp": b"notes",
              site / ".draft.pdf.tmp": b"draft", site / "about.html": b"<p>about</p>"}
    for path, data in theirs.items():
        path.write_bytes(data)
    assert build(catalogue, site).exit_code == 0
    data = read_yaml(catalogue)
    data["documents"] = data["documents"][:2]
    write_yaml(catalogue, data)
    assert build(catalogue, site).exit_code == 0
    assert {path: path.read_bytes() for path in theirs} == theirs


def test_a_pdf_changed_by_hand_is_kept_when_its_document_leaves(pack: Pack) -> None:
    (pack.output / "adults-poster.pdf").write_bytes(b"%PDF my own edit")
    data = read_yaml(pack.catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] != "adults-poster"]
    write_yaml(pack.catalogue, data)
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    assert (pack.output / "adults-poster.pdf").read_bytes() == b"%PDF my own edit"
    assert "kept" in result.output and "adults-poster.pdf" in result.output


def test_a_damaged_preview_record_never_removes_other_pngs(pack: Pack) -> None:
    theirs = pack.output / "previews" / "logo.png"
    theirs.write_bytes(b"\x89PNG theirs")
    record = pack.output / "previews" / "previews.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["pdf_sha256"]["logo"] = "0" * 64
    data["pdf_sha256"]["../../x"] = "0" * 64
    data["png_sha256"]["logo"] = "1" * 64
    record.write_text(json.dumps(data), encoding="utf-8")
    assert build(pack.catalogue, pack.output).exit_code == 0
    assert theirs.read_bytes() == b"\x89PNG theirs"


def test_a_catalogue_with_no_documents_says_so_and_removes_the_old_files(pack: Pack) -> None:
    data = read_yaml(pack.catalogue)
    data["documents"] = []
    write_yaml(pack.catalogue, data)
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 1
    assert "the catalogue has no documents" in result.output
    assert "Traceback" not in result.output
    assert list(pack.output.glob("*.pdf")) == []
