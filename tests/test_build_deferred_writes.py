"""A worker process writes a document's files as temporary files and the main process puts them in
place (flushed to disk, then renamed): the same files as writing them in place, nothing left
behind when putting them in place fails, and a killed build's leftovers removed by the next."""

from __future__ import annotations

from pathlib import Path

import pytest
from packs import copy_bundled_catalogue, plans_for, sha256, temp_files

from packgen.build.documents import build_documents
from packgen.build.workers import Rendered, RenderFailure, commit_files, render_all, render_to_file
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
