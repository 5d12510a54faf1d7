"""Killing packgen leaves nothing behind: no worker outlives its build, no lock outlives its owner.

Linux only (it reads /proc to find the workers); the guarantees are the kernel's there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from packs import Pack, build, copy_bundled_catalogue

from packgen.build.lock import build_lock

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")


def children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found |= {int(c) for c in (task / "children").read_text().split()}
    except OSError:
        pass
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_workers(run: subprocess.Popen[bytes], count: int) -> set[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None:
        workers = children(run.pid)
        if len(workers) >= count:
            return workers
        time.sleep(0.02)
    pytest.fail(f"packgen ended or never started {count} workers")


def kill_and_check(run: subprocess.Popen[bytes], workers: set[int], output: Path) -> None:
    run.send_signal(signal.SIGKILL)
    run.wait(10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    survivors = [w for w in workers if alive(w)]
    for worker in survivors:  # clean up before failing, so no test leaves processes behind
        os.kill(worker, signal.SIGKILL)
    assert survivors == [], "worker processes outlived their killed parent"
    with build_lock(output):  # the lock died with its owner
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    folder = tmp_path_factory.mktemp("kills") / "pack"
    pack = Pack(copy_bundled_catalogue(folder), folder / "output")
    assert build(pack.catalogue, pack.output).exit_code == 0
    return pack


def test_workers_of_a_killed_build_die_and_release_the_lock(built: Pack, tmp_path: Path) -> None:
    pack = built.copy_to(tmp_path / "pack")
    run = subprocess.Popen([sys.executable, "-m", "packgen", "build", "-c", str(pack.catalogue), "-o",
                            str(pack.output), "--jobs", "2", "--force"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = wait_for_workers(run, 2)
    kill_and_check(run, workers, pack.output)
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output


def test_workers_of_a_killed_batch_die_and_release_the_locks(built: Pack, tmp_path: Path) -> None:
    pack = built.copy_to(tmp_path / "pack")
    table = tmp_path / "orgs.csv"
    table.write_text("id,name\n" + "".join(f"org-{n},Organisation {n}\n" for n in range(6)), encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "packgen", "batch", str(table), "-c", str(pack.catalogue), "-o",
                            str(pack.output), "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = wait_for_workers(run, 2)
    time.sleep(0.5)  # let the threads take some organisations' locks
    kill_and_check(run, workers, pack.output / "org-0")
    for n in range(6):
        with build_lock(pack.output / f"org-{n}"):
            pass


def test_a_forked_child_never_holds_its_parents_lock(tmp_path: Path) -> None:
    script = (
        "import os, signal, sys, time\n"
        "from pathlib import Path\n"
        "from packgen.build.lock import build_lock\n"
        f"with build_lock(Path({str(tmp_path)!r})):\n"
        "    child = os.fork()\n"
        "    if child == 0:\n"
        "        print('ready', flush=True)\n"  # the fork hooks have run once the child runs
        "        time.sleep(30); os._exit(0)\n"
        "    print(child, flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n")
    printed = tmp_path / "child.txt"
    with printed.open("w") as stream:
        subprocess.run([sys.executable, "-c", script], stdout=stream, stderr=subprocess.DEVNULL, timeout=30)
    child = next(int(word) for word in printed.read_text().split() if word.isdigit())
    try:
        for _ in range(500):  # a loaded machine may not have run the child yet
            if "ready" in printed.read_text():
                break
            time.sleep(0.01)
        assert alive(child)
        with build_lock(tmp_path):  # the parent died; its child must not keep the folder locked
            pass
    finally:
        os.kill(child, signal.SIGKILL)


def test_the_early_worker_of_a_killed_one_document_build_dies_too(built: Pack, tmp_path: Path) -> None:
    """A one-document build on 2 CPUs forks its worker before loading the catalogue (packgen.build.early)."""
    pack = built.copy_to(tmp_path / "pack")
    run = subprocess.Popen([sys.executable, "-m", "packgen", "build", "-c", str(pack.catalogue), "-o",
                            str(pack.output), "--jobs", "2", "--force", "--only", "parents-leaflet"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = wait_for_workers(run, 1)
    kill_and_check(run, workers, pack.output)
    result = build(pack.catalogue, pack.output, "--only", "parents-leaflet")
    assert result.exit_code == 0, result.output
