"""An early worker for a cold build: forked before the catalogue is loaded (issue 17).

A cold build of one document ran its imports one after another in one process (the catalogue's
models and pydantic, then ReportLab, the fonts, pypdfium2, zxing-cpp, PIL) while the second CPU
idled. :func:`early_pool` forks the worker(s) first; they import what drawing needs while the
parent loads the catalogue and plans, then the parent hands them the plans
(``build_documents(..., executor=pool)``) and never imports ReportLab itself.

This module imports only the standard library, so the fork comes before pydantic is imported: the
workers import the drawing code (``packgen.build.workers``) in their initializer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Executor


def available_cpus() -> int:
    """CPUs this process may run on (respects container and taskset limits)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def early_workers(only: tuple[str, ...], jobs: int | None) -> int:
    """How many early workers a build should start: none unless it pays.

    Only for a build named by ``--only`` (at most that many documents: a whole pack's workers share
    one import made before forking, see :func:`packgen.build.workers.worker_pool`), with 2+ CPUs (or
    ``--jobs``) to overlap on; ``--jobs 1`` renders in this process.
    """
    if not only:
        return 0
    jobs = jobs or available_cpus()
    return 0 if jobs <= 1 else min(jobs, len(set(only)))


@contextmanager
def early_pool(workers: int) -> Iterator[Executor]:
    """``workers`` worker processes forked now, that import what drawing needs (ReportLab, the
    renderers, the fonts, the QR check's and the preview's libraries) while this process goes on.

    They are forked before any build lock is taken (so none can hold one), write nothing until given
    a plan, leave their files for this process to put in place (``Rendered.pending``) and die with it.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_all_start_methods, get_context

    context = get_context("fork" if "fork" in get_all_start_methods() else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_early_worker,
                               initargs=(os.getpid(),))
    pool.submit(int)  # with fork, the first task starts every worker, now
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _start_early_worker(parent: int) -> None:
    """An early worker's initializer: die with the parent, then import the drawing code."""
    import gc

    gc.enable()  # the parent may have forked with its collector paused (see packgen.cli.startup)
    from packgen.build.workers import _prepare_parent, _start_worker

    _start_worker(parent)
    _prepare_parent(previews=True)
    import zxingcpp  # noqa: F401  (the QR check decodes every PDF)
