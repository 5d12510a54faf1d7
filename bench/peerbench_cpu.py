"""peerbench's in-process comparison, in CPU time as well as wall time, for a busy shared machine.

peerbench times ``render()`` with a wall clock. On a 2-core box where other work comes and goes,
wall medians move 2-5x between runs; the CPU time a render uses (``time.process_time``: every
thread of the process, so a renderer that works in several threads is charged for all of them)
moves much less. Run from a peerbench copy, with this folder on the path:

    PYTHONPATH=<packgen>/bench PACKGEN_QR=cold .venv/bin/python <packgen>/bench/peerbench_cpu.py \
        renderers.typst_markup peerbench_packgen peerbench_poster

Each module runs in its own interpreter (like peerbench): 2 warm-ups, then ``--runs`` renders.
Prints, per module, the median and minimum of wall and CPU milliseconds, then every module's
ratios to the first one.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def worker(module: str, runs: int, warmup: int) -> None:
    sys.path.insert(0, os.getcwd())
    import common  # peerbench's own module, in the current folder

    render = importlib.import_module(module).render
    content = common.load_content()
    out = Path("out") / f"cpu-{module.rsplit('.', 1)[-1]}.pdf"
    out.parent.mkdir(exist_ok=True)
    wall, cpu = [], []
    for i in range(warmup + runs):
        w, c = time.perf_counter(), time.process_time()
        render(content, out)
        if i >= warmup:
            wall.append((time.perf_counter() - w) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    print(json.dumps({"wall": wall, "cpu": cpu}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--worker")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.runs, args.warmup)
        return
    results = {}
    for module in args.modules:
        done = subprocess.run([sys.executable, __file__, "--worker", module, "--runs", str(args.runs), "--warmup",
                               str(args.warmup)], capture_output=True, text=True, check=True)
        results[module] = json.loads(done.stdout.strip().splitlines()[-1])
        wall, cpu = results[module]["wall"], results[module]["cpu"]
        print(f"{module:<28} wall median {statistics.median(wall):7.1f} ms (min {min(wall):6.1f})   "
              f"CPU median {statistics.median(cpu):7.1f} ms (min {min(cpu):6.1f})")
    base = args.modules[0]
    for module in args.modules[1:]:
        for clock in ("wall", "cpu"):
            median = statistics.median(results[module][clock]) / statistics.median(results[base][clock])
            least = min(results[module][clock]) / min(results[base][clock])
            print(f"{module} / {base}, {clock}: median {median:.2f}x, min {least:.2f}x")


if __name__ == "__main__":
    main()
