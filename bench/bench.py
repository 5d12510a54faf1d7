"""`make bench`: render times on the bundled catalogue, kept out of the test suite.

Prints, per bundled document, the median (min-max) in-process render time after one warm-up
render, with QR matrices cached as in a real build; then a cold `packgen build --force` of the
whole pack and a cold no-op rebuild, each as a fresh process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from packgen.bundled import bundled_catalogue
from packgen.plan import plan_documents
from packgen.project import load_project
from packgen.render import render_document

RUNS = 15


def _timed(action: object, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def _report(label: str, times: list[float], unit: str = "ms") -> None:
    print(f"  {label:<30} median {statistics.median(times):7.1f} {unit}  (min {min(times):.1f}, max {max(times):.1f})")


def main() -> None:
    project = load_project(bundled_catalogue())
    plans = plan_documents(project.catalogue, project.layouts)
    print(f"Per-document render, in-process, after warm-up ({RUNS} runs):")
    for plan in plans:
        render_document(plan)
        _report(f"{plan.id} ({plan.layout.kind})", _timed(lambda: render_document(plan), RUNS))
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "packgen", "--quiet", "build", "--catalogue", str(bundled_catalogue()),
                   "--output", folder]
        print("Whole bundled pack, cold process (5 runs):")
        _report("build --force", _timed(lambda: subprocess.run(command + ["--force"], check=True), 5))
        _report("no-op rebuild", _timed(lambda: subprocess.run(command, check=True), 5))


if __name__ == "__main__":
    main()
