"""What tagging costs: every bundled document (and each kind of the tests' small catalogue with an
org profile and without one) rendered with and without it, in the same process, interleaved, after
a warm-up. Not a test.

    .venv/bin/python bench/tagging.py [--rounds 7] [--runs 1] [--collector build|default]

Prints per document the best CPU time of the rounds (process time: other processes on a shared
machine do not count) with tagging, without (the same flowables on untagged canvases, which write
the objects both have with the same writers as the tagged ones), and the difference; then the
total. The target (issue 14): at most 10 % more. By default the garbage
collector is set as ``packgen build`` and ``batch`` set it while they render (the tagging's extra
objects would otherwise trigger collections a build does not run); ``--collector default`` keeps
Python's thresholds. The line memo (``packgen.render.paragraphs``) is cleared before every render
by default, as a fresh process has it; ``--memo warm`` keeps it, as a batch worker does, where
the same paragraphs are broken once and the renders are faster (so the tagging's share is larger).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import DocumentPlan, plan_documents
from packgen.render import render_document
from packgen.render.paragraphs import clear_line_memo
from packgen.render.tagging import tagging_disabled


def plans() -> list[tuple[str, DocumentPlan]]:
    project = load_project(bundled_catalogue())
    found = [(plan.id, plan) for plan in plan_documents(project.catalogue, project.layouts)]
    from test_org_render import ORGS, write_pack  # the tests' org with a logo and three contacts
    from test_org_render import plans_for as org_plans

    folder = write_pack(Path(tempfile.mkdtemp()) / "org", ORGS["crest"])
    found += [(f"org-{plan_id}", plan) for plan_id, plan in org_plans(folder).items()]
    # The same small catalogue without an org profile: the smallest documents, where the tagging's
    # fixed costs (the document-level entries, the tree's root) weigh most.
    folder = write_pack(Path(tempfile.mkdtemp()) / "no-org", None)
    return found + [(f"no-org-{plan_id}", plan) for plan_id, plan in org_plans(folder).items()]


def timed(plan: DocumentPlan) -> float:
    if COLD:
        clear_line_memo()
    start = time.process_time()
    render_document(plan)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--collector", choices=["build", "default"], default="build",
                        help="build: the garbage collector set as packgen's build and batch render "
                             "(build.workers.fewer_collections); default: Python's own thresholds")
    parser.add_argument("--memo", choices=["cold", "warm"], default="cold",
                        help="cold: the line memo cleared before every render, as a fresh process (a build of "
                             "one document) has it; warm: kept from render to render, as a batch worker's is "
                             "from one school to the next (packgen.render.paragraphs)")
    parser.add_argument("--runs", type=int, default=1,
                        help="repeat the whole comparison this many times in the process and print, per "
                             "document, the median of the runs' extras and their range (a shared machine "
                             "moves one run's figures by a few points)")
    options = parser.parse_args()
    global COLD
    COLD = options.memo == "cold"
    print(f"line memo: {options.memo}")
    if options.collector == "build":
        from packgen.build.workers import fewer_collections

        with fewer_collections():
            _runs(options.rounds, options.runs)
    else:
        _runs(options.rounds, options.runs)


COLD = True  # --memo: clear the line memo before every render


def _runs(rounds: int, runs: int) -> None:
    documents = plans()
    extras: dict[str, list[float]] = {}
    for run in range(runs):
        if runs > 1:
            print(f"run {run + 1} of {runs}")
        for name, extra in _compare(documents, rounds).items():
            extras.setdefault(name, []).append(extra)
    if runs > 1:
        print(f"\n{'document':32} {'median':>7} {'range':>15}  ({runs} runs)")
        for name, found in extras.items():
            print(f"{name:32} {statistics.median(found):+6.1f}% {min(found):+6.1f} to {max(found):+5.1f}")


def _compare(documents: list[tuple[str, DocumentPlan]], rounds: int) -> dict[str, float]:
    """One comparison of every document; each one's extra, in per cent (and the total's)."""
    total_on = total_off = 0.0
    extras = {}
    print(f"{'document':32} {'tagged':>9} {'untagged':>9} {'extra':>7}")
    for name, plan in documents:
        render_document(plan)  # warm-up: fonts, QR paths, logo pixels
        with tagging_disabled():
            render_document(plan)
        on, off = [], []
        for _ in range(rounds):
            on.append(timed(plan))
            with tagging_disabled():
                off.append(timed(plan))
        tagged, untagged = min(on), min(off)
        total_on, total_off = total_on + tagged, total_off + untagged
        extras[name] = 100 * (tagged / untagged - 1)
        print(f"{name:32} {tagged * 1000:7.1f}ms {untagged * 1000:7.1f}ms {extras[name]:+6.1f}%")
    extras["all documents"] = 100 * (total_on / total_off - 1)
    print(f"{'all documents':32} {total_on * 1000:7.1f}ms {total_off * 1000:7.1f}ms "
          f"{extras['all documents']:+6.1f}%  (target: at most +10 %)")
    return extras


if __name__ == "__main__":
    main()
