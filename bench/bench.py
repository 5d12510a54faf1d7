"""`make bench`: how fast packgen is on this machine, kept out of the test suite.

1. Per bundled document, the in-process render time after one warm-up render.
2. The whole bundled pack as a cold process: `build --force` with --jobs 1 and with every CPU,
   and a no-op rebuild.
3. Synthetic catalogues 10x and 100x the bundled one (bench/synthetic.py): time per document and
   peak memory of the process tree, to show the cost grows linearly.

Each line prints the median, with min and max, against the target from issue 4 where it has one.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from measure import Run, run_measured
from synthetic import write_synthetic_catalogue, write_synthetic_orgs

from packgen.catalogue.bundled import bundled_catalogue
from packgen.plan.documents import plan_documents
from packgen.catalogue.project import load_project
from packgen.render import render_document
from packgen.build.workers import available_cpus


def timed_ms(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, values: list[float], unit: str, target: str = "") -> None:
    line = (f"  {label:<44} median {statistics.median(values):8.1f} {unit}"
            f"  (min {min(values):.1f}, max {max(values):.1f}, {len(values)} runs)")
    print(line + (f"  target {target}" if target else ""))


def build_command(catalogue: Path, output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "packgen", "--quiet", "build", "--catalogue", str(catalogue),
            "--output", str(output), *extra]


def bench_documents(runs: int) -> None:
    project = load_project(bundled_catalogue())
    plans = plan_documents(project.catalogue, project.layouts)
    # Two-page leaflets: the young people's and the adults' content in the bundled A4 leaflet.
    leaflets = [replace(p, id=f"{p.audience.id}-leaflet", layout=project.layouts["leaflet-a4"])
                for p in plans if p.id in ("young-people-poster", "adults-poster")]
    print(f"Per-document render, in-process, after warm-up ({runs} runs):")
    for plan in plans + leaflets:
        pdf = render_document(plan)
        pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf))
        target = "<= 40 ms" if plan.layout.kind == "leaflet" and pages == 2 else ""
        report(f"{plan.id} ({plan.layout.kind}, {pages} p.)", timed_ms(lambda: render_document(plan), runs), "ms",
               target)


def bench_pack(runs: int, folder: Path) -> None:
    catalogue = bundled_catalogue()
    cpus = available_cpus()
    print(f"Whole bundled pack, cold process ({runs} runs each, {cpus} CPUs):")
    for jobs in sorted({1, cpus}):
        command = build_command(catalogue, folder / f"jobs-{jobs}", "--force", "--jobs", str(jobs))
        report(f"build --force --jobs {jobs}", [_cold_ms(command) for _ in range(runs)], "ms", "<= 1500 ms")
    command = build_command(catalogue, folder / f"jobs-{cpus}")
    report("no-op rebuild", [_cold_ms(command) for _ in range(runs)], "ms", "<= 350 ms")


def _cold_ms(command: list[str]) -> float:
    return run_measured(command, memory=False).seconds * 1000


def bench_scale(factors: list[int], folder: Path) -> None:
    cpus = available_cpus()
    print(f"Synthetic catalogues, build --force with --jobs {cpus}, cold process (1 run each):")
    print(f"  {'catalogue':<12} {'documents':>9} {'time':>9} {'per document':>13} {'peak memory':>12}")
    for factor in factors:
        catalogue = write_synthetic_catalogue(folder / f"x{factor}", factor)
        documents = 9 * factor
        run: Run = run_measured(build_command(catalogue, folder / f"x{factor}" / "output", "--force"))
        memory = f"{run.peak_mb:.0f} MB" if run.peak_mb is not None else "n/a"
        print(f"  {f'{factor}x':<12} {documents:>9} {run.seconds:>8.1f}s {run.seconds / documents * 1000:>10.1f} ms "
              f"{memory:>12}" + ("  target <= 300 MB" if factor == 100 else ""))


def bench_batch(counts: list[int], folder: Path) -> None:
    cpus = available_cpus()
    documents = len(load_project(bundled_catalogue()).catalogue.documents)
    print(f"Batch: synthetic schools x the bundled pack ({documents} documents each), cold process, 1 run each:")
    print(f"  {'schools':>8} {'jobs':>5} {'documents':>9} {'time':>8} {'documents/s':>12} {'peak memory':>12}")
    for count in counts:
        orgs = write_synthetic_orgs(folder / f"orgs-{count}", count)
        for jobs in sorted({1, cpus}, reverse=True):
            if jobs == 1 and count != max(counts):
                continue  # one --jobs 1 run, on the biggest batch, is enough to compare
            output = folder / f"orgs-{count}" / f"output-{jobs}"
            command = [sys.executable, "-m", "packgen", "--quiet", "batch", str(orgs), "--catalogue",
                       str(bundled_catalogue()), "--output", str(output), "--jobs", str(jobs)]
            run = run_measured(command)
            total = count * documents
            memory = f"{run.peak_mb:.0f} MB" if run.peak_mb is not None else "n/a"
            target = "  target >= 40/s" if jobs == cpus else ""
            print(f"  {count:>8} {jobs:>5} {total:>9} {run.seconds:>7.1f}s {total / run.seconds:>12.1f} "
                  f"{memory:>12}{target}")
            resumed = run_measured(command, memory=False)
            print(f"  {'':>8} {'':>5} {'rerun, nothing to do:':>31} {resumed.seconds:.1f}s")


def bench_validation(runs: int, folder: Path) -> None:
    """Hostile catalogues are refused quickly (the time budgets that used to sit in the goldens)."""
    from packgen.catalogue.bundled import bundled_catalogue

    base = bundled_catalogue().read_text(encoding="utf-8")
    cases = {"200,001 values": base + "notes: [" + ",".join(["1"] * 200_001) + "]\n",
             "billion laughs": base + "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                               "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"}
    for label, text in cases.items():
        path = folder / f"hostile-{len(text)}.yaml"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "packgen", "validate", "--catalogue", str(path)]
        report(f"validate refuses {label} (cold)", [_cold_ms(command) for _ in range(max(3, runs // 5))], "ms",
               "< 1000 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per in-process measurement")
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 10, 100], help="synthetic catalogue factors")
    parser.add_argument("--schools", type=int, nargs="*", default=[50, 200], help="synthetic batch sizes")
    args = parser.parse_args()
    if args.runs:
        bench_documents(args.runs)
    with tempfile.TemporaryDirectory() as folder:
        if args.runs:
            bench_pack(5, Path(folder))
        bench_validation(args.runs or 3, Path(folder))
        bench_scale(args.scale, Path(folder))
        bench_batch(args.schools, Path(folder))


if __name__ == "__main__":
    main()
