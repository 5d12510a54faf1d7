"""Time a command and sample the memory of its whole process tree (Linux /proc), for `make bench`.

Forked workers share most pages with their parent, so summing RSS would count those pages
once per worker; the tree's proportional set size (PSS) counts each page once.
"""

from __future__ import annotations

import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float | None  # peak PSS of the process and its children; None where /proc has no smaps_rollup
    cpu_seconds: float = 0.0  # user + system time of the process and every child it waited for


def run_measured(command: list[str], memory: bool = True, sample_every: float = 0.2, check: bool = True,
                 env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``command`` to completion (it must succeed unless ``check`` is false); return its wall time and peak memory.

    Sampling costs some CPU, so pass ``memory=False`` when only the time matters.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=None if check else subprocess.DEVNULL, env=env,
                               cwd=cwd)
    peak = [0.0]
    measurable = memory and (PROC / str(process.pid) / "smaps_rollup").exists()

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_pss_mb(process.pid))
            time.sleep(sample_every)

    sampler = threading.Thread(target=sample, daemon=True)
    if measurable:
        sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - start
    if measurable:
        sampler.join()
    if code != 0 and check:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, peak[0] if measurable else None, cpu)


def _tree_pss_mb(root: int) -> float:
    return sum(_pss_kb(pid) for pid in _tree(root)) / 1024


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _pss_kb(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
