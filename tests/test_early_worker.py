"""A one-document build on 2+ CPUs draws in a worker forked before the catalogue loads (packgen.build.early)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from packs import build, copy_bundled_catalogue

from packgen.build import early
from packgen.build.early import early_workers


def test_only_a_one_document_build_with_two_jobs_starts_an_early_worker(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    assert early_workers(("parents-leaflet",), 2) == 1
    assert early_workers(("parents-leaflet", "parents-leaflet"), 4) == 1
    assert early_workers(("parents-leaflet",), 1) == 0  # --jobs 1 draws in this process
    assert early_workers((), 2) == 0  # a whole pack: its workers share one import (worker_pool)
    assert early_workers(("a", "b"), 2) == 0
    loadavg = tmp_path / "loadavg"
    monkeypatch.setattr(early, "LOADAVG", str(loadavg))
    loadavg.write_text("3.20 3.10 2.90 1/301 4242\n")  # only this process runnable now
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert early_workers(("parents-leaflet",), None) == 0  # one CPU: nothing to overlap
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    assert early_workers(("parents-leaflet",), None) == 1
    # By default, only with a CPU idle now: fewer tasks runnable (this one counted) than CPUs.
    loadavg.write_text("0.10 0.10 0.10 2/301 4242\n")
    assert early_workers(("parents-leaflet",), None) == 0
    assert early_workers(("parents-leaflet",), 2) == 1  # --jobs 2 asks for the worker, busy or not
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    assert early_workers(("parents-leaflet",), None) == 1
    loadavg.write_text("0.10 0.10 0.10 4/301 4242\n")
    assert early_workers(("parents-leaflet",), None) == 0
    # Without the count: the 1-minute load average, half a CPU below the CPUs; without that, busy.
    loadavg.unlink()
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (1.5, 3.0, 3.0))
    assert early_workers(("parents-leaflet",), None) == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (1.6, 0.1, 0.1))
    assert early_workers(("parents-leaflet",), None) == 0

    def unavailable() -> tuple[float, float, float]:
        raise OSError("no load average")

    monkeypatch.setattr(os, "getloadavg", unavailable)
    assert early_workers(("parents-leaflet",), None) == 0


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.name.startswith(".")}


def test_the_early_worker_makes_the_same_files_and_leaves_no_process(tmp_path: Path) -> None:
    catalogue = copy_bundled_catalogue(tmp_path / "pack")
    before = set(os.listdir("/proc/self/task")) if Path("/proc/self/task").is_dir() else set()
    early = build(catalogue, tmp_path / "early", "--only", "parents-leaflet", "--jobs", "2")
    here = build(catalogue, tmp_path / "here", "--only", "parents-leaflet", "--jobs", "1")
    assert early.exit_code == 0, early.output
    assert here.exit_code == 0, here.output
    files = digests(tmp_path / "early")
    assert "parents-leaflet.pdf" in files and "previews/parents-leaflet.png" in files
    assert files == digests(tmp_path / "here")
    with pytest.raises(ChildProcessError):  # the worker was reaped: this process has no child left
        os.waitpid(-1, os.WNOHANG)
    if before:
        assert set(os.listdir("/proc/self/task")) == before  # nor the thread that read its answers


def test_a_bad_catalogue_ends_the_early_worker_with_a_plain_error(tmp_path: Path) -> None:
    catalogue = copy_bundled_catalogue(tmp_path / "pack")
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    result = build(catalogue, tmp_path / "out", "--only", "parents-leaflet", "--jobs", "2")
    assert result.exit_code != 0
    assert "resources.yaml:" in result.output and "Traceback" not in result.output
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def _die(*_args: object) -> None:
    os._exit(3)


def test_a_worker_that_dies_fails_its_document_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import packgen.build.workers

    catalogue = copy_bundled_catalogue(tmp_path / "pack")
    monkeypatch.setattr(packgen.build.workers, "produce_all", _die)  # forked after this: the worker dies drawing
    result = build(catalogue, tmp_path / "out", "--only", "parents-leaflet", "--jobs", "2")
    assert result.exit_code != 0
    assert "its worker process stopped unexpectedly" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "parents-leaflet.pdf").exists()


def test_a_worker_given_nothing_is_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing to render (the document is up to date): the worker, still importing, is killed, not
    waited for, and reaped."""
    import signal

    from packgen.build.early import early_pool

    reaped: list[int] = []
    waitpid = os.waitpid

    def recording(pid: int, options: int) -> tuple[int, int]:
        found = waitpid(pid, options)
        reaped.append(found[1])
        return found

    monkeypatch.setattr(os, "waitpid", recording)
    with early_pool(1):
        pass
    assert len(reaped) == 1 and os.WIFSIGNALED(reaped[0]) and os.WTERMSIG(reaped[0]) == signal.SIGKILL
    with pytest.raises(ChildProcessError):
        waitpid(-1, os.WNOHANG)
