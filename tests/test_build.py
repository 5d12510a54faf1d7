"""The build pipeline: why documents are rebuilt, stale files, parallel workers, the lock, SIGKILL.

Complements test_build_verify.py (which checks what a build writes) with how it behaves when
things change, run at once, or die half-way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result
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

import packgen.render
from packgen.build.documents import read_manifest
from packgen.build.lock import build_lock


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    folder = tmp_path_factory.mktemp("built") / "pack"
    pack = Pack(copy_bundled_catalogue(folder), folder / "output")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    return pack


@pytest.fixture
def pack(built: Pack, tmp_path: Path) -> Pack:
    return built.copy_to(tmp_path / "pack")


def packgen_command(pack: Pack, *args: str) -> list[str]:
    return [sys.executable, "-m", "packgen", "build", "--catalogue", str(pack.catalogue),
            "--output", str(pack.output), *args]


def row(result: Result, doc_id: str) -> str:
    return next(line for line in result.output.splitlines() if line.startswith(f"{doc_id} "))


def change_publisher(catalogue: Path) -> None:
    """A change every document shows (the footer), so a rebuild rewrites every PDF."""
    data = read_yaml(catalogue)
    data["pack"]["publisher"] = "Another Cyber Protect Team"
    write_yaml(catalogue, data)


# --- incremental: what is rebuilt, and why -----------------------------------------------------


def test_a_no_op_rebuild_does_not_import_reportlab(built: Pack) -> None:
    script = ("import sys; from packgen.cli import main\n"
              f"try: main(['-q', 'build', '-c', {str(built.catalogue)!r}, '-o', {str(built.output)!r}])\n"
              "except SystemExit as exit: assert exit.code == 0, exit.code\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pypdfium2', 'PIL')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_rebuild_says_why(pack: Pack) -> None:
    text = pack.catalogue.read_text(encoding="utf-8")
    pack.catalogue.write_text(text.replace("url: https://www.childline.org.uk/\n",
                                           "url: https://www.childline.org.uk/get-support/\n"), encoding="utf-8")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    assert row(result, "parents-leaflet").endswith("built: service childline url changed")
    assert row(result, "adults-poster").endswith("unchanged")


def test_a_checked_date_changes_nothing(pack: Pack) -> None:
    data = read_yaml(pack.catalogue)
    for service in data["services"]:
        service["checked"] = "2026-11-20"
    write_yaml(pack.catalogue, data)
    before = snapshot(pack.output)
    result = build(pack.catalogue, pack.output)
    assert set(statuses(result, set(plans_for(pack.catalogue))).values()) == {"unchanged"}
    assert snapshot(pack.output) == before


def test_a_deleted_pdf_is_rebuilt(pack: Pack) -> None:
    (pack.output / "parents-trifold.pdf").unlink()
    result = build(pack.catalogue, pack.output)
    assert row(result, "parents-trifold").endswith("built: PDF missing")
    assert (pack.output / "parents-trifold.pdf").is_file()


def test_force_rebuilds_everything_with_identical_bytes(pack: Pack) -> None:
    before = {name: digest for name, (_, digest) in snapshot(pack.output).items()}
    result = build(pack.catalogue, pack.output, "--force")
    plans = plans_for(pack.catalogue)
    assert statuses(result, set(plans)) == {doc_id: "built" for doc_id in plans}
    assert {name: digest for name, (_, digest) in snapshot(pack.output).items()} == before


def test_a_document_removed_from_the_catalogue_loses_its_pdf(pack: Pack) -> None:
    data = read_yaml(pack.catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] != "adults-poster"]
    write_yaml(pack.catalogue, data)
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    assert "removed adults-poster.pdf" in result.output and "no longer in the catalogue" in result.output
    assert not (pack.output / "adults-poster.pdf").exists()
    assert "adults-poster" not in read_manifest(pack.output)


def test_documents_filtered_out_keep_their_files(pack: Pack) -> None:
    before = snapshot(pack.output)
    result = build(pack.catalogue, pack.output, "--only", "adults-poster", "--force")
    assert result.exit_code == 0, result.output
    assert "removed" not in result.output
    after = snapshot(pack.output)
    assert {n for n in before if after[n] != before[n]} == {"adults-poster.pdf"}
    assert set(read_manifest(pack.output)) == set(plans_for(pack.catalogue))


def test_temporary_files_of_a_killed_build_are_cleaned_up(pack: Pack) -> None:
    leftover = pack.output / ".adults-poster.pdf.0a1b2c3d4e5f.tmp"
    leftover.write_bytes(b"%PDF-1.4 half a file")
    assert build(pack.catalogue, pack.output).exit_code == 0
    assert temp_files(pack.output) == []


# --- parallel builds ------------------------------------------------------------------------------


def test_one_job_and_two_jobs_write_identical_files(built: Pack, tmp_path: Path) -> None:
    outputs = {jobs: tmp_path / f"jobs-{jobs}" for jobs in ("1", "2")}
    for jobs, output in outputs.items():
        assert build(built.catalogue, output, "--jobs", jobs).exit_code == 0
    pdfs = {jobs: {p.name: sha256(p) for p in output.glob("*.pdf")} for jobs, output in outputs.items()}
    assert pdfs["1"] == pdfs["2"] and len(pdfs["1"]) == len(plans_for(built.catalogue))
    manifests = {jobs: json.loads((o / "manifest.json").read_text())["documents"] for jobs, o in outputs.items()}
    assert manifests["1"] == manifests["2"]


def test_a_crashing_document_is_named_and_the_others_are_kept(pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    real = packgen.render.render_document

    def render_or_crash(plan):  # type: ignore[no-untyped-def]
        if plan.id == "parents-trifold":
            raise RuntimeError("simulated bug")
        return real(plan)

    monkeypatch.setattr(packgen.render, "render_document", render_or_crash)  # forked workers inherit it
    change_publisher(pack.catalogue)
    result = build(pack.catalogue, pack.output, "--jobs", "2")
    assert result.exit_code == 1
    assert ("document parents-trifold: unexpected error (RuntimeError: simulated bug); this is a bug in packgen"
            in result.output)
    manifest = read_manifest(pack.output)
    others = set(plans_for(pack.catalogue)) - {"parents-trifold"}
    assert all(manifest[d].primary.sha256 == sha256(pack.output / f"{d}.pdf") for d in others)
    assert statuses(result, others) == {d: "built" for d in others}


# --- the lock ------------------------------------------------------------------------------------


def test_a_second_build_on_a_locked_folder_stops_with_a_clear_message(pack: Pack) -> None:
    before = snapshot(pack.output)
    with build_lock(pack.output):
        result = build(pack.catalogue, pack.output, "--force")
    assert result.exit_code == 1
    assert f"another build is running in {pack.output} (process {os.getpid()}, started" in result.output
    assert snapshot(pack.output) == before
    assert build(pack.catalogue, pack.output).exit_code == 0  # released when the first one ends


def test_two_builds_started_at_once_leave_a_good_folder(pack: Pack) -> None:
    change_publisher(pack.catalogue)
    runs = [subprocess.Popen(packgen_command(pack, "--jobs", "1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    outcomes = [(run.wait(60), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    for code, stderr in outcomes:
        assert code == 0 or (code == 1 and "another build is running" in stderr), stderr
    assert any(code == 0 for code, _ in outcomes)
    assert verify(pack.catalogue, pack.output).exit_code == 0
    assert temp_files(pack.output) == []


# --- SIGKILL -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kill_after_pdfs", [0, 1, 4])
def test_a_build_killed_at_any_moment_leaves_old_or_new_pdfs_and_the_next_build_repairs(
        built: Pack, tmp_path: Path, kill_after_pdfs: int) -> None:
    expected_new = tmp_path / "reference"
    reference = built.copy_to(expected_new)
    change_publisher(reference.catalogue)
    assert build(reference.catalogue, reference.output, "--force").exit_code == 0
    new = {p.name: sha256(p) for p in reference.output.glob("*.pdf")}

    pack = built.copy_to(tmp_path / "pack")
    old = snapshot(pack.output)
    change_publisher(pack.catalogue)
    run = subprocess.Popen(packgen_command(pack, "--jobs", "1"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_until_replaced(pack.output, old, kill_after_pdfs, run)
    run.send_signal(signal.SIGKILL)
    run.wait(10)

    for name, (_, old_digest) in old.items():
        assert sha256(pack.output / name) in (old_digest, new[name]), f"{name} is neither the old nor the new PDF"
    json.loads((pack.output / "manifest.json").read_text())  # whole, old or new
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    assert {p.name: sha256(p) for p in pack.output.glob("*.pdf")} == new
    assert temp_files(pack.output) == []
    again = build(pack.catalogue, pack.output)
    assert set(statuses(again, set(plans_for(pack.catalogue))).values()) == {"unchanged"}


def _wait_until_replaced(output: Path, old: dict[str, tuple[int, str]], count: int,
                         run: subprocess.Popen[bytes]) -> None:
    """Return once ``count`` PDFs have been rewritten (0: as soon as the process has started)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and run.poll() is None:
        replaced = sum(output.joinpath(name).stat().st_mtime_ns != mtime for name, (mtime, _) in old.items())
        if replaced >= count:
            return
        time.sleep(0.002)
    pytest.fail(f"the build ended before rewriting {count} PDFs")


# --- previews and gallery ------------------------------------------------------------------------


def test_the_build_writes_a_preview_per_document_and_the_gallery(built: Pack) -> None:
    plans = plans_for(built.catalogue)
    assert sorted(p.stem for p in (built.output / "previews").glob("*.png")) == sorted(plans)
    page = (built.output / "index.html").read_text(encoding="utf-8")
    for plan in plans.values():
        assert f'href="{plan.filename}"' in page
        # A print-shop version is listed under its document, without a card (or preview) of its own.
        has_card = plan.id != "young-people-poster-print"
        assert (f'src="previews/{plan.id}.png"' in page) == has_card
        for other in (f"{plan.id}.html", f"{plan.id}.txt"):  # the web and text versions, linked from its card
            assert (built.output / other).is_file() and (f'href="{other}"' in page) == has_card


def test_only_the_previews_of_rebuilt_documents_are_redrawn(pack: Pack) -> None:
    previews = {p.name: p.stat().st_mtime_ns for p in (pack.output / "previews").glob("*.png")}
    text = pack.catalogue.read_text(encoding="utf-8")
    pack.catalogue.write_text(text.replace("url: https://www.childline.org.uk/\n",
                                           "url: https://www.childline.org.uk/get-support/\n"), encoding="utf-8")
    result = build(pack.catalogue, pack.output)
    rebuilt = {doc_id for doc_id, status in statuses(result, set(plans_for(pack.catalogue))).items()
               if status == "built"}
    redrawn = {p.stem for p in (pack.output / "previews").glob("*.png") if p.stat().st_mtime_ns != previews[p.name]}
    assert rebuilt and redrawn == rebuilt


def test_a_folder_that_cannot_be_written_is_a_clean_error(pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    import packgen.build.workers

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(packgen.build.workers, "write_atomically", disk_full)
    change_publisher(pack.catalogue)
    result = build(pack.catalogue, pack.output, "--jobs", "1", "--only", "adults-poster")
    assert result.exit_code == 1
    assert (f"document adults-poster: could not write into {pack.output} (No space left on device); "
            "check the folder and the free space") in result.output


def test_a_manifest_that_cannot_be_written_is_a_clean_error(pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    import packgen.build.manifest

    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(packgen.build.manifest, "write_atomically", disk_full)
    change_publisher(pack.catalogue)
    result = build(pack.catalogue, pack.output, "--jobs", "1", "--only", "adults-poster")
    assert result.exit_code == 1
    assert f"error: could not use {pack.output / 'manifest.json'}: No space left on device" in result.output


def test_files_get_the_permissions_the_umask_gives(built: Pack, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        assert build(built.catalogue, tmp_path / "out").exit_code == 0
    finally:
        os.umask(previous)
    written = [*(tmp_path / "out").glob("*.pdf"), *(tmp_path / "out" / "previews").glob("*.png"),
               tmp_path / "out" / "manifest.json", tmp_path / "out" / "index.html"]
    assert written and {oct(p.stat().st_mode & 0o777) for p in written} == {"0o644"}  # not mkstemp's 0600


def test_a_new_phone_number_under_services_reaches_every_document_and_the_old_one_none(pack: Pack) -> None:
    """Issue 10: one source for every number. Change Childline's number under `services:` only."""
    from packgen.verify.pdf_inspect import extract_text

    def squashed(pdf: Path) -> str:
        return "".join("".join(extract_text(pdf)).split())

    before = {pdf.stem: squashed(pdf) for pdf in pack.output.glob("*.pdf")}
    showing = {doc_id for doc_id, text in before.items() if "08001111" in text}
    assert len(showing) >= 8, showing  # posters, cards, leaflets and the trifold all print it
    text = pack.catalogue.read_text(encoding="utf-8")
    content = "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("#"))
    assert content.count('phone: "0800 1111"') == 1 and content.count("0800 1111") == 1  # once, in services:
    pack.catalogue.write_text(text.replace('phone: "0800 1111"', 'phone: "0800 2222"'), encoding="utf-8")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    after = {pdf.stem: squashed(pdf) for pdf in pack.output.glob("*.pdf")}
    assert {doc_id for doc_id, text in after.items() if "08002222" in text} == showing
    assert {doc_id for doc_id, text in after.items() if "08001111" in text} == set()
    for doc_id in showing:
        assert "service childline phone changed" in row(result, doc_id), row(result, doc_id)


def test_the_gallery_keeps_the_catalogue_order_whichever_documents_were_built(pack: Pack) -> None:
    """`build --only` the last document: index.html lists every document in the catalogue's order, the
    same page as after a full build, so the next full build has nothing to rewrite."""
    full = (pack.output / "index.html").read_bytes()
    last = read_yaml(pack.catalogue)["documents"][-1]["id"]
    result = build(pack.catalogue, pack.output, "--only", last, "--force")
    assert result.exit_code == 0, result.output
    assert (pack.output / "index.html").read_bytes() == full


def test_documents_are_rendered_with_fewer_garbage_collections_and_the_thresholds_come_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import packgen.build.workers as workers

    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []

    def fake_render(plan: object, output: Path, previews: bool = False) -> workers.RenderFailure:
        seen.append(gc.get_threshold())
        return workers.RenderFailure(str(plan), "not drawn")

    monkeypatch.setattr(workers, "render_to_file", fake_render)
    monkeypatch.setattr(workers, "_prepare_in_process", lambda plans: None)  # the plans are stand-ins
    outcomes: list[workers.Outcome] = []
    workers.render_all(["a", "b"], tmp_path, 1, outcomes.append)  # type: ignore[list-item]
    assert [o.id for o in outcomes] == ["a", "b"]
    assert seen == [(max(before[0], workers.RENDER_GC_THRESHOLD), *before[1:])] * 2
    assert gc.get_threshold() == before  # the in-process build leaves the collector as it found it
    with workers.worker_pool(2) as pool:  # and each worker process renders with the raised threshold
        assert pool is not None
        assert pool.submit(gc.get_threshold).result()[0] == max(before[0], workers.RENDER_GC_THRESHOLD)
    assert gc.get_threshold() == before


def _page_faults_reusing_memory() -> int:
    """Minor page faults while a worker allocates ~10 MB in 100 KB blocks, frees them, and does it again
    three times (as each document does): a process that gives the memory back faults ~1,600 times a round."""
    import resource

    for _ in range(2):  # the first rounds grow the heap
        blocks = [bytes(100_000) for _ in range(100)]
        del blocks
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(3):
        blocks = [bytes(100_000) for _ in range(100)]
        del blocks
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not sys.platform.startswith("linux") or not os.confstr("CS_GNU_LIBC_VERSION"),
                    reason="glibc's malloc settings")
def test_a_worker_keeps_the_memory_it_frees_for_its_next_document() -> None:
    import packgen.build.workers as workers

    with workers.worker_pool(2) as pool:
        assert pool is not None
        faults = pool.submit(_page_faults_reusing_memory).result()
    assert faults < 300, faults  # ~4,800 with glibc's own settings: each round's memory went back to the kernel


def test_a_pool_is_handed_the_documents_longest_first_by_kind_and_content(tmp_path: Path) -> None:
    """Leaflets, then the tri-fold and the cards, then the posters: ordering by content alone put the
    cards (few items, eight cards a sheet) last, leaving one worker drawing them while the other idled."""
    import dataclasses
    from concurrent.futures import Future

    import packgen.build.workers as workers
    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.catalogue.project import load_project
    from packgen.plan.documents import plan_documents

    project = load_project(bundled_catalogue())
    plans = plan_documents(project.catalogue, project.layouts)
    submitted: list[str] = []

    class Recorder:
        def submit(self, function: object, plan: workers.DocumentPlan, *args: object) -> Future[workers.Outcome]:
            submitted.append(plan.id)
            done: Future[workers.Outcome] = Future()
            done.set_result(workers.RenderFailure(plan.id, "not drawn"))
            return done

    outcomes: list[workers.Outcome] = []
    workers.render_all(plans, tmp_path, 2, outcomes.append, executor=Recorder())  # type: ignore[arg-type]
    kinds = [next(p.layout.kind for p in plans if p.id == doc_id) for doc_id in submitted]
    assert sorted(submitted) == sorted(p.id for p in plans) and len(outcomes) == len(plans)
    assert kinds == sorted(kinds, key=["leaflet", "trifold", "cards", "poster"].index)
    leaflets = [next(p for p in plans if p.id == doc_id) for doc_id in submitted if doc_id.endswith("-leaflet")]
    items = [len(p.advice) + len(p.services) for p in leaflets]
    assert items == sorted(items, reverse=True) and len(items) == 3
    bilingual = dataclasses.replace(plans[0], companion=plans[0])  # a bilingual document costs both languages
    assert workers.expected_ms(bilingual) == 2 * workers.expected_ms(plans[0])


def test_the_imports_for_drawing_are_made_without_the_collector_and_frozen_once(tmp_path: Path) -> None:
    """A cold process renders in process: its kinds' renderers, ReportLab, the fonts and the QR
    check's libraries are imported with the collector off, then frozen (they live as long as the
    process), so no collection walks them; the collector is on again afterwards, and a second
    build in the same process freezes nothing more. The parent of a worker pool does the same."""
    code = """
import gc, sys
from pathlib import Path
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import plan_documents
import packgen.build.workers as workers
project = load_project(bundled_catalogue())
plan = next(p for p in plan_documents(project.catalogue, project.layouts) if p.id == 'parents-leaflet')
walked = []
gc.callbacks.append(lambda phase, info: walked.append(info['generation']) if phase == 'stop' else None)
frozen = gc.get_freeze_count()
outcomes = []
workers.render_all([plan], Path(sys.argv[1]), 1, outcomes.append, previews=True)
after_first = gc.get_freeze_count()
print(type(outcomes[0]).__name__, 'packgen.render.leaflet' in sys.modules, gc.isenabled(), after_first - frozen > 50_000,
      len(walked) <= 3)
workers.render_all([plan], Path(sys.argv[1]), 1, outcomes.append, previews=True)
print(gc.get_freeze_count() <= after_first, type(outcomes[1]).__name__)  # frozen objects may die, none are added
gc.unfreeze()
workers._prepare_parent(True)
print(gc.isenabled(), gc.get_freeze_count() > 50_000, 'packgen.render.poster' in sys.modules, 'pypdfium2' in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["Rendered", "True", "True", "True", "True", "True", "Rendered",
                                     "True", "True", "True", "True"]
