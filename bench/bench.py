"""`make bench`: how fast packgen is on this machine, kept out of the test suite.

1. Per bundled document, the in-process render time after one warm-up render (QR caches warm),
   and the peerbench-style leaflet with every QR cache cleared before each render.
2. Cold processes (issue 17's targets): one document rebuilt with --force, a no-op rebuild and
   the whole bundled pack; bytecode is compiled first (this machine sets PYTHONDONTWRITEBYTECODE).
3. Synthetic catalogues 10x and 100x the bundled one (bench/synthetic.py): time per document and
   peak memory of the process tree, to show the cost grows linearly.
4. `packgen batch` over 50, 100 and 200 synthetic schools: documents per second, peak memory
   (flat as schools grow), and CPU seconds (user + system of the whole process tree), which a
   busy shared machine inflates much less than wall time.
5. With --peerbench DIR (a copy of ../shared/peerbench with this checkout installed in its venv,
   see docs/performance.md): 3 peerbench runs, the leaflet and the A4 poster against Typst.
6. With --compare REV (a commit, e.g. main): the cold processes and, with --compare-schools N, a
   batch of N schools, run *interleaved* with REV's code (run for run: REV, this checkout, REV, ...)
   in the same venv, so both meet the same load; CPU and wall medians with their spread, the load
   average before and after, and whether the bundled pack's files are byte-identical.

Each line prints the median, with min and max, against the target where it has one.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from measure import Run, run_measured
from synthetic import write_synthetic_catalogue, write_synthetic_orgs

from packgen.build.workers import available_cpus
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import plan_documents
from packgen.render import qr, render_document
from packgen.render.paragraphs import clear_line_memo

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


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


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}x ({min(values):.2f}-{max(values):.2f})"


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
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "packgen")], check=True)
    print(f"Cold processes ({runs} runs each, {cpus} CPUs; bytecode compiled first with compileall; "
          "CPU = user + system time of the process tree):")
    output = folder / "pack"
    run_measured(build_command(catalogue, output), memory=False)  # a built pack to rebuild from
    report_cold("build --only parents-leaflet --force", build_command(
        catalogue, output, "--only", "parents-leaflet", "--force"), runs, "<= 300 ms")
    # One build first: after `--only`, index.html lists that document first, so the next build rewrites it.
    run_measured(build_command(catalogue, output), memory=False)
    report_cold("no-op rebuild", build_command(catalogue, output), runs, "<= 200 ms")
    for jobs in sorted({cpus, 1}, reverse=True):
        command = build_command(catalogue, folder / f"jobs-{jobs}", "--force", "--jobs", str(jobs))
        report_cold(f"whole pack: build --force --jobs {jobs}", command, runs, "<= 600 ms" if jobs == cpus else "")


def report_cold(label: str, command: list[str], runs: int, target: str = "") -> None:
    measured = [run_measured(command, memory=False) for _ in range(runs)]
    report(label, [m.seconds * 1000 for m in measured], "ms", target)
    cpu = [m.cpu_seconds * 1000 for m in measured]
    print(f"  {'':<44}    CPU {statistics.median(cpu):8.1f} ms  (min {min(cpu):.1f}, max {max(cpu):.1f})")


def bench_leaflet_cold_qr(runs: int) -> None:
    """The peerbench leaflet as the harness times it: QR caches cleared before each render."""
    sys.path.insert(0, str(BENCH))
    content = REPO / "bench" / "peerbench-content.json"
    if not content.is_file():
        return
    import json

    import peerbench_packgen

    plan = peerbench_packgen.plan_for(json.loads(content.read_text(encoding="utf-8")))

    def render_cold() -> None:
        qr.clear_caches()
        clear_line_memo()  # a fresh process has no line breaks kept either
        render_document(plan)

    render_cold()
    pdf = render_document(plan)
    pages = len(re.findall(rb"/Type /Page\b(?!s)", pdf))
    report(f"peerbench leaflet, QR caches cleared ({pages} p.)", timed_ms(render_cold, runs), "ms")


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


def bench_batch(counts: list[int], folder: Path, jobs_one: bool = False) -> None:
    cpus = available_cpus()
    documents = len(load_project(bundled_catalogue()).catalogue.documents)
    print(f"Batch: synthetic schools x the bundled pack ({documents} documents each, previews included), "
          "cold process, 1 run each:")
    print(f"  {'schools':>8} {'jobs':>5} {'documents':>9} {'time':>8} {'documents/s':>12} {'peak memory':>12} "
          f"{'CPU s':>7} {'docs/CPU-s':>10}")
    for count in counts:
        orgs = write_synthetic_orgs(folder / f"orgs-{count}", count)
        for jobs in sorted({1, cpus}, reverse=True):
            if jobs == 1 and not (jobs_one and count == max(counts)):
                continue  # one --jobs 1 run, on the biggest batch, when asked, is enough to compare
            output = folder / f"orgs-{count}" / f"output-{jobs}"
            command = [sys.executable, "-m", "packgen", "--quiet", "batch", str(orgs), "--catalogue",
                       str(bundled_catalogue()), "--output", str(output), "--jobs", str(jobs)]
            run = run_measured(command, check=False)  # a row that does not fit is reported, not fatal
            total = sum(1 for _ in output.glob("*/*.pdf"))  # the documents actually built
            if total < count * documents:
                print(f"  ({count * documents - total} of {count * documents} documents failed: see "
                      "batch-report.csv; the rate counts the documents built)")
            memory = f"{run.peak_mb:.0f} MB" if run.peak_mb is not None else "n/a"
            target = "  target >= 80/s" if jobs == cpus else ""
            print(f"  {count:>8} {jobs:>5} {total:>9} {run.seconds:>7.1f}s {total / run.seconds:>12.1f} "
                  f"{memory:>12} {run.cpu_seconds:>7.1f} {total / run.cpu_seconds:>10.1f}{target}")
            resumed = run_measured(command, memory=False, check=False)
            print(f"  {'':>8} {'':>5} {'rerun, nothing to do:':>31} {resumed.seconds:.1f}s")


def bench_peerbench(peerbench: Path, runs: int) -> None:
    """Run peerbench ``runs`` times with the project's adapters; print packgen's ratios to Typst."""
    import json

    python = peerbench / ".venv" / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import packgen; print(packgen.__file__)"], capture_output=True,
                           text=True, check=True, cwd=peerbench).stdout.strip()
    print(f"peerbench ({peerbench}; packgen from {where}), {runs} runs, QR caches cleared before each render:")
    if not where.startswith(str(REPO)):
        print(f"  note: peerbench's venv imports packgen from {where}, not from this checkout ({REPO})")
    modules = ["renderers.reportlab_platypus", "renderers.typst_markup", "peerbench_packgen", "peerbench_poster"]
    env = {**os.environ, "PYTHONPATH": str(BENCH), "PACKGEN_QR": "cold"}
    results = []
    for n in range(runs):
        target = peerbench / f"results-packgen-{n + 1}.json"
        subprocess.run([str(python), "bench.py", *modules, "--runs", "20", "--warmup", "2", "--cold", "5",
                        "--results", str(target)], cwd=peerbench, env=env, check=True, stdout=subprocess.DEVNULL)
        results.append(json.loads(target.read_text(encoding="utf-8"))["results"])
    for name in ("typst_markup", "peerbench_packgen", "peerbench_poster"):
        medians = [r[name]["median_ms"] for r in results]
        colds = [r[name]["cold_ms"] for r in results]
        print(f"  {name:<20} in process median {statistics.median(medians):6.1f} ms ({min(medians):.1f}-"
              f"{max(medians):.1f}), cold {statistics.median(colds):5.0f} ms, pages {results[0][name]['pages']}")
    leaflet = [r["peerbench_packgen"]["median_ms"] / r["typst_markup"]["median_ms"] for r in results]
    poster = [r["peerbench_poster"]["median_ms"] / r["typst_markup"]["median_ms"] for r in results]
    cold = [r["peerbench_packgen"]["cold_ms"] / r["typst_markup"]["cold_ms"] for r in results]
    print(f"  leaflet in process / Typst: {spread(leaflet)}  target <= 0.6x")
    print(f"  A4 poster in process / Typst's leaflet: {spread(poster)}  target <= 0.5x")
    print(f"  leaflet cold process / Typst: {spread(cold)}")
    cpu: dict[str, list[float]] = {"leaflet": [], "poster": []}
    for _ in range(runs):  # the same comparison in CPU time, which a busy machine inflates far less
        done = subprocess.run([str(python), str(BENCH / "peerbench_cpu.py"), "renderers.typst_markup",
                               "peerbench_packgen", "peerbench_poster"], cwd=peerbench, env=env, check=True,
                              capture_output=True, text=True).stdout
        for line in done.splitlines():
            if ", cpu: median " in line:
                ratio = float(line.split(", cpu: median ")[1].split("x")[0])
                cpu["poster" if line.startswith("peerbench_poster") else "leaflet"].append(ratio)
    print(f"  in CPU time: leaflet / Typst {spread(cpu['leaflet'])}, A4 poster / Typst's leaflet {spread(cpu['poster'])}")


def _rev_checkout(rev: str, folder: Path) -> Path:
    """REV's packgen, bundled catalogue and layouts, unpacked (not installed): run with PYTHONPATH."""
    tree = folder / f"rev-{rev.replace('/', '-')}"
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev], capture_output=True, check=True).stdout
    tree.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "packgen")], check=True)
    return tree


def _pack_digests(output: Path) -> dict[str, str]:
    import hashlib

    return {str(path.relative_to(output)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(output.rglob("*")) if path.is_file() and not path.name.startswith(".")}


def bench_compare(rev: str, runs: int, schools: int, folder: Path) -> None:
    """Cold processes (and a batch) of REV and of this checkout, interleaved run for run."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "packgen")], check=True)
    trees = {rev: _rev_checkout(rev, folder), "this checkout": REPO}

    def env(tree: Path) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(tree)}

    def run(command: list[str], tree: Path, memory: bool = False) -> Run:
        # From the temporary folder: `python -m` puts the working directory first on sys.path, and
        # in this checkout that would shadow REV's packgen.
        return run_measured(command, memory=memory, check=False, env=env(tree), cwd=folder)

    which = subprocess.run([sys.executable, "-c", "import packgen; print(packgen.__file__)"], env=env(trees[rev]),
                           cwd=folder, capture_output=True, text=True, check=True).stdout.strip()
    assert which.startswith(str(trees[rev])), f"REV's code is not the one imported: {which}"

    def command(tree: Path, output: Path, *extra: str) -> list[str]:
        return build_command(tree / "resources.yaml", output, *extra)

    cases: dict[str, Callable[[Path, Path], list[str]]] = {
        "build --only parents-leaflet --force": lambda t, o: command(t, o / "pack", "--only", "parents-leaflet",
                                                                     "--force"),
        # its own folder: `--only` lists its document first in index.html, so a build after one rewrites it
        "no-op rebuild": lambda t, o: command(t, o / "noop"),
        f"whole pack --force --jobs {available_cpus()}": lambda t, o: command(t, o / "whole", "--force"),
    }
    outputs = {name: folder / f"out-{n}" for n, name in enumerate(trees)}
    for name, tree in trees.items():
        for built in ("pack", "noop", "whole"):
            run(command(tree, outputs[name] / built), tree)
    same = _pack_digests(outputs[rev] / "whole") == _pack_digests(outputs["this checkout"] / "whole")
    print(f"Compared with {rev}, interleaved, {runs} runs each (bytecode compiled; CPU = user + system of the "
          f"process tree); load average {os.getloadavg()[0]:.1f} at the start")
    print(f"  the whole bundled pack's files (PDFs, web and text versions, previews, index.html): "
          f"{'byte-identical' if same else 'DIFFERENT'}")
    measured: dict[tuple[str, str], list[Run]] = {}
    for _ in range(runs):
        for case, make in cases.items():
            for name, tree in trees.items():
                measured.setdefault((case, name), []).append(run(make(tree, outputs[name]), tree))
    for case in cases:
        for name in trees:
            found = measured[(case, name)]
            cpu, wall = [r.cpu_seconds * 1000 for r in found], [r.seconds * 1000 for r in found]
            print(f"  {case:<40} {name:<14} CPU {statistics.median(cpu):6.0f} ms ({min(cpu):.0f}-{max(cpu):.0f})"
                  f"  wall {statistics.median(wall):6.0f} ms ({min(wall):.0f}-{max(wall):.0f})")
    if schools:
        orgs = write_synthetic_orgs(folder / f"orgs-{schools}", schools)
        print(f"  batch of {schools} schools x the bundled pack, --jobs {available_cpus()}, one run each:")
        for name, tree in trees.items():
            output = folder / f"batch-{name.replace(' ', '-')}"
            batch = [sys.executable, "-m", "packgen", "--quiet", "batch", str(orgs), "--catalogue",
                     str(tree / "resources.yaml"), "--output", str(output)]
            done = run(batch, tree, memory=True)
            total = sum(1 for _ in output.glob("*/*.pdf"))
            memory = f"{done.peak_mb:.0f} MB" if done.peak_mb is not None else "n/a"
            print(f"  {name:<14} {total} documents in {done.seconds:.1f} s wall: {total / done.seconds:.1f}/s; "
                  f"{done.cpu_seconds:.1f} CPU s: {total / done.cpu_seconds:.1f} documents per CPU-second; {memory}")
    print(f"  load average {os.getloadavg()[0]:.1f} at the end")


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
        report(f"validate refuses {label} (cold)", [run_measured(command, memory=False, check=False).seconds * 1000
                                                  for _ in range(max(3, runs))], "ms",
               "< 1000 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per in-process measurement")
    parser.add_argument("--cold-runs", type=int, default=5, help="runs per cold-process measurement")
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 10, 100], help="synthetic catalogue factors")
    parser.add_argument("--schools", type=int, nargs="*", default=[50, 100, 200], help="synthetic batch sizes")
    parser.add_argument("--jobs-one", action="store_true", help="also time the biggest batch with --jobs 1")
    parser.add_argument("--peerbench", type=Path, default=os.environ.get("PEERBENCH") or None,
                        help="a peerbench copy with this checkout installed (default: $PEERBENCH)")
    parser.add_argument("--peerbench-runs", type=int, default=3)
    parser.add_argument("--compare", metavar="REV", help="also run the cold processes interleaved with REV's code")
    parser.add_argument("--compare-runs", type=int, default=5, help="runs per cold process with --compare")
    parser.add_argument("--compare-schools", type=int, default=0, help="with --compare, also a batch of N schools")
    args = parser.parse_args()
    if args.runs:
        bench_documents(args.runs)
        bench_leaflet_cold_qr(args.runs)
    print(f"Load average at the start: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)")
    with tempfile.TemporaryDirectory() as folder:
        if args.compare:
            bench_compare(args.compare, args.compare_runs, args.compare_schools, Path(folder))
        if args.cold_runs:
            bench_pack(args.cold_runs, Path(folder))
            bench_validation(args.cold_runs, Path(folder))
        if args.scale:
            bench_scale(args.scale, Path(folder))
        if args.schools:
            bench_batch(args.schools, Path(folder), args.jobs_one)
    if args.peerbench:
        bench_peerbench(args.peerbench, args.peerbench_runs)


if __name__ == "__main__":
    main()
