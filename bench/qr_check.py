"""What build's QR check costs: every bundled document rendered (``produce_all``), then every PDF
it made checked (``qr_problems``), interleaved per document, after a warm-up. Not a test.

    .venv/bin/python bench/qr_check.py [--rounds 5]

Prints the median, mean and largest CPU time (process time) of rendering and of checking a
document, and the check's share of the render.
"""

from __future__ import annotations

import argparse
import statistics
import time

from packgen.build.workers import fewer_collections
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import plan_documents
from packgen.plan.outputs import produce_all
from packgen.verify.qr_codes import qr_problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    project = load_project(bundled_catalogue())
    plans = plan_documents(project.catalogue, project.layouts)
    render: list[float] = []
    check: list[float] = []
    with fewer_collections():
        for plan in plans:
            produce_all(plan)  # warm-up: fonts, QR caches
        for _ in range(rounds):
            for plan in plans:
                start = time.process_time()
                made = produce_all(plan)
                drawn = time.process_time()
                for _kind, produced in made:
                    if produced.data.startswith(b"%PDF"):
                        problems = qr_problems(produced.data, plan.urls)
                        assert not problems, (plan.id, problems)
                checked = time.process_time()
                render.append(drawn - start)
                check.append(checked - drawn)
    for name, times in (("render", render), ("check", check)):
        print(f"{name:6}: median {statistics.median(times) * 1000:6.2f} ms, mean {statistics.mean(times) * 1000:6.2f} ms, "
              f"max {max(times) * 1000:6.2f} ms a document")
    print(f"{len(plans)} documents x {rounds} rounds: the check adds {sum(check) / sum(render) * 100:.1f} % to the render's CPU")


if __name__ == "__main__":
    main()
