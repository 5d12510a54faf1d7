"""A worker process writes a document's files as temporary files and the main process puts them in
place (flushed to disk, then renamed): the same files as writing them in place, nothing left
behind when putting them in place fails, and a killed build's leftovers removed by the next. A
batch flushes a school's files with one syncfs (then one fsync) before renaming any of them, and
falls back to an fsync a file when it cannot."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from packs import copy_bundled_catalogue, plans_for, sha256, temp_files

import packgen.files
from packgen.build.documents import build_documents
from packgen.build.workers import Rendered, RenderFailure, commit_files, commit_together, render_all, render_to_file
from packgen.files import flush_file_system, open_for_flush, write_temporary
from packgen.plan.documents import DocumentPlan
from packgen.web.gallery import PREVIEWS

DOCUMENT = "adults-poster"


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, DocumentPlan]:
    return plans_for(copy_bundled_catalogue(tmp_path_factory.mktemp("pack")))


def files_in(output: Path) -> dict[str, str]:
    """The files in place (temporary files are dot files)."""
    return {str(p.relative_to(output)): sha256(p) for p in sorted(output.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def test_deferred_files_are_the_files_written_in_place(plans: dict[str, DocumentPlan], tmp_path: Path) -> None:
    plan = plans[DOCUMENT]
    in_place = render_to_file(plan, tmp_path / "in-place", preview=True)
    deferred = render_to_file(plan, tmp_path / "deferred", preview=True, defer=True)
    assert isinstance(in_place, Rendered) and isinstance(deferred, Rendered)
    assert in_place.pending == () and len(deferred.pending) == len(deferred.files) + 1  # and the preview
    assert files_in(tmp_path / "deferred") == {}  # nothing in place yet
    assert all(temporary.name.endswith(".tmp") and temporary.is_file() for temporary, _ in deferred.pending)

    done = commit_files(deferred, tmp_path / "deferred")

    assert done == Rendered(in_place.id, in_place.files, in_place.preview)  # pending emptied, nothing else
    assert files_in(tmp_path / "deferred") == files_in(tmp_path / "in-place")
    assert temp_files(tmp_path / "deferred") == temp_files(tmp_path / "deferred" / PREVIEWS) == []


def test_a_file_that_cannot_be_put_in_place_fails_its_document_and_leaves_nothing(
        plans: dict[str, DocumentPlan], tmp_path: Path) -> None:
    output = tmp_path / "out"
    (output / f"{DOCUMENT}.html").mkdir(parents=True)  # the web page cannot replace a folder
    deferred = render_to_file(plans[DOCUMENT], output, preview=True, defer=True)

    failed = commit_files(deferred, output)

    assert isinstance(failed, RenderFailure)
    assert failed.message == (f"document {DOCUMENT}: could not write {output / f'{DOCUMENT}.html'} (it is a folder); "
                              "check the folder and the free space")
    assert temp_files(output) == temp_files(output / PREVIEWS) == []  # the text version's too
    # The PDF and its preview were put in place before, as when a worker writes in place; the rest was not.
    assert (output / f"{DOCUMENT}.pdf").is_file() and (output / PREVIEWS / f"{DOCUMENT}.png").is_file()
    assert not (output / f"{DOCUMENT}.txt").exists()


def test_a_killed_builds_temporaries_are_removed_by_the_next_build(plans: dict[str, DocumentPlan],
                                                                     tmp_path: Path) -> None:
    output = tmp_path / "out"
    render_to_file(plans[DOCUMENT], output, preview=True, defer=True)  # and never committed
    assert temp_files(output) and temp_files(output / PREVIEWS)

    build_documents([plans[DOCUMENT]], output)

    assert temp_files(output) == temp_files(output / PREVIEWS) == []
    assert (output / f"{DOCUMENT}.pdf").is_file() and (output / PREVIEWS / f"{DOCUMENT}.png").is_file()


def test_a_pool_of_workers_leaves_every_file_in_place(plans: dict[str, DocumentPlan], tmp_path: Path) -> None:
    chosen = [plans[DOCUMENT], plans["young-people-poster"]]
    outcomes: list[object] = []
    render_all(chosen, tmp_path / "pool", 2, outcomes.append, previews=True)
    for plan in chosen:
        render_to_file(plan, tmp_path / "alone", preview=True)
    assert all(isinstance(o, Rendered) and o.pending == () for o in outcomes)
    assert files_in(tmp_path / "pool") == files_in(tmp_path / "alone")
    assert temp_files(tmp_path / "pool") == temp_files(tmp_path / "pool" / PREVIEWS) == []


# --- one flush of the file system for a school's files ---------------------------------------------

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs is Linux's")


class Calls:
    """Which flushes ran, in order, and what was renamed, each with the file's content at that moment."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, syncfs_result: int | None = None) -> None:
        self.events: list[tuple[str, object]] = []
        real_fsync, real_replace = os.fsync, os.replace
        real_syncfs = packgen.files._syncfs()

        def fsync(handle: int) -> None:
            self.events.append(("fsync", os.readlink(f"/proc/self/fd/{handle}") if sys.platform.startswith("linux")
                                else handle))
            real_fsync(handle)

        def syncfs(handle: int) -> int:
            self.events.append(("syncfs", handle))
            result = real_syncfs(handle) if real_syncfs is not None else 0
            return result if syncfs_result is None else syncfs_result

        def replace(source: str | Path, target: str | Path) -> None:
            self.events.append(("rename", Path(target).name))
            real_replace(source, target)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(packgen.files, "_syncfs", lambda: syncfs)

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]


def two_documents(plans: dict[str, DocumentPlan], output: Path) -> list[Rendered | RenderFailure]:
    return [render_to_file(plans[doc_id], output, preview=True, defer=True)
            for doc_id in (DOCUMENT, "young-people-poster")]


@linux_only
def test_a_batch_flushes_its_files_once_before_renaming_any(plans: dict[str, DocumentPlan], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "together"
    output.mkdir()
    handle = open_for_flush(output)  # before the files are written, as the batch does
    assert handle is not None
    drawn = two_documents(plans, output)
    calls = Calls(monkeypatch)
    try:
        done = commit_together(drawn, output, handle)
    finally:
        os.close(handle)
    pending = sum(len(o.pending) for o in drawn if isinstance(o, Rendered))
    # syncfs of the file system, then one fsync (the folder: the disk's cache), then every rename
    assert calls.kinds() == ["syncfs", "fsync"] + ["rename"] * pending
    assert calls.events[1] == ("fsync", str(output))
    for plan_id in (DOCUMENT, "young-people-poster"):
        render_to_file(plans[plan_id], tmp_path / "alone", preview=True)
    assert files_in(output) == files_in(tmp_path / "alone")
    assert [o.pending for o in done] == [(), ()] and all(isinstance(o, Rendered) for o in done)
    assert temp_files(output) == temp_files(output / PREVIEWS) == []


@pytest.mark.parametrize("why", ["syncfs fails", "no syncfs", "another file system"])
def test_a_batch_that_cannot_flush_at_once_flushes_each_file_before_its_rename(
        plans: dict[str, DocumentPlan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, why: str) -> None:
    output = tmp_path / "each"
    output.mkdir()
    handle = open_for_flush(output) if sys.platform.startswith("linux") else None
    drawn = two_documents(plans, output)
    if why == "another file system" and handle is not None:
        real_stat = os.stat
        monkeypatch.setattr(os, "stat", lambda path, *a, **k: os.stat_result(
            (*real_stat(path, *a, **k)[:2], -1, *real_stat(path, *a, **k)[3:]))
            if Path(path).name == PREVIEWS else real_stat(path, *a, **k))
    calls = Calls(monkeypatch, syncfs_result=-1 if why == "syncfs fails" else None)
    try:
        done = commit_together(drawn, output, None if why == "no syncfs" else handle)
    finally:
        if handle is not None:
            os.close(handle)
    pending = [path.name for o in drawn if isinstance(o, Rendered) for _, path in o.pending]
    tried = ["syncfs"] if why == "syncfs fails" else []  # no syncfs for files on two file systems
    assert calls.kinds() == tried + ["fsync", "rename"] * len(pending)  # each file on disk before its rename
    assert [name for kind, name in calls.events if kind == "rename"] == pending
    assert all(isinstance(o, Rendered) and o.pending == () for o in done)
    assert temp_files(output) == temp_files(output / PREVIEWS) == []


@linux_only
def test_a_write_error_since_the_handle_was_opened_means_no_flush_at_once(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    handle = open_for_flush(tmp_path)
    assert handle is not None
    try:
        files = [write_temporary(tmp_path / f"{n}.txt", b"x" * 1000, sync=False) for n in range(3)]
        assert flush_file_system(handle, files)
        Calls(monkeypatch, syncfs_result=-1)  # as syncfs says when a write on the file system failed
        assert not flush_file_system(handle, files)
    finally:
        os.close(handle)


def test_a_pool_committing_together_leaves_every_file_in_place(plans: dict[str, DocumentPlan], tmp_path: Path) -> None:
    chosen = [plans[DOCUMENT], plans["young-people-poster"], plans["young-people-cards"]]
    in_place_when_told: list[bool] = []

    def told(outcome: object) -> None:  # each document is reported once its files are in place
        assert isinstance(outcome, Rendered) and outcome.pending == ()
        in_place_when_told.append(all((tmp_path / "pool" / f.file).is_file() for f in outcome.files))

    render_all(chosen, tmp_path / "pool", 2, told, previews=True, together=True)
    for plan in chosen:
        render_to_file(plan, tmp_path / "alone", preview=True)
    assert in_place_when_told == [True, True, True]
    assert files_in(tmp_path / "pool") == files_in(tmp_path / "alone")
    assert temp_files(tmp_path / "pool") == temp_files(tmp_path / "pool" / PREVIEWS) == []


def test_a_batch_sends_its_documents_two_a_task_longest_with_shortest(plans: dict[str, DocumentPlan]) -> None:
    from packgen.build.workers import expected_ms, paired

    for count in range(0, len(plans) + 1):
        ordered = sorted(list(plans.values())[:count], key=expected_ms, reverse=True)
        tasks = paired(ordered)
        assert sorted(p.id for task in tasks for p in task) == sorted(p.id for p in ordered)  # each plan once
        assert all(len(task) == 2 for task in tasks[:count // 2]) and len(tasks) == (count + 1) // 2
        assert [task[0] for task in tasks] == ordered[:len(tasks)]  # the longest left first
        assert [task[1] for task in tasks if len(task) == 2] == ordered[::-1][:count // 2]  # with the shortest left


def _die(*_args: object) -> None:
    os._exit(3)


def test_a_batch_worker_that_dies_fails_the_documents_of_its_task_plainly(
        plans: dict[str, DocumentPlan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import packgen.build.workers

    monkeypatch.setattr(packgen.build.workers, "produce_all", _die)  # forked after this: the worker dies drawing
    chosen = [plans[DOCUMENT], plans["young-people-poster"], plans["young-people-cards"]]
    outcomes: list[object] = []
    render_all(chosen, tmp_path / "out", 2, outcomes.append, previews=True, together=True)
    assert sorted(o.id for o in outcomes if isinstance(o, RenderFailure)) == sorted(p.id for p in chosen)
    assert all("its worker process stopped unexpectedly" in o.message for o in outcomes if isinstance(o, RenderFailure))
    assert files_in(tmp_path / "out") == {}


def test_no_flush_at_once_where_syncfs_reports_no_write_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(packgen.files, "_kernel_version", lambda: (5, 7))  # syncfs said 0 after a failed write
    packgen.files._syncfs.cache_clear()
    try:
        assert packgen.files._syncfs() is None and open_for_flush(tmp_path) is None
    finally:
        packgen.files._syncfs.cache_clear()
