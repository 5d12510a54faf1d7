"""Render documents to files, in this process or in a pool of worker processes.

Each document is rendered and written (atomically) by whichever process draws it, and comes
back as a small :class:`Rendered` record or a :class:`RenderFailure` naming the document, so one
failure never loses the other documents' results. Output does not depend on the number of
workers: every PDF is a pure function of its plan.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError
from .files import write_atomically
from .web.gallery import write_preview
from .plan import DocumentPlan

_PAGE = re.compile(rb"/Type /Page\b(?!s)")


@dataclass(frozen=True)
class Rendered:
    """A PDF now on disk."""

    id: str
    sha256: str
    pages: int
    bytes: int
    preview: bool = False  # whether output/previews/<id>.png was drawn from it too


@dataclass(frozen=True)
class RenderFailure:
    """A document that could not be built, and why (``detail`` holds a traceback for bugs)."""

    id: str
    message: str
    detail: str = ""


Outcome = Rendered | RenderFailure


def available_cpus() -> int:
    """CPUs this process may run on (respects container and taskset limits)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def render_to_file(plan: DocumentPlan, output: Path, preview: bool = False) -> Outcome:
    """Render one document (and its preview) into ``output``; never raises for a document's own problem."""
    from .render import render_document  # ReportLab only when something must be drawn

    try:
        data = render_document(plan)
    except UserError as exc:
        return RenderFailure(plan.id, str(exc))
    except Exception as exc:  # a bug: keep the traceback, but let the other documents finish
        return RenderFailure(plan.id, f"document {plan.id}: unexpected error ({type(exc).__name__}: {exc}); "
                             "this is a bug in packgen, please report it", traceback.format_exc())
    try:
        write_atomically(output / plan.filename, data)
        if preview:
            write_preview(output, plan.id, data)  # from the bytes in hand, not read back from disk
    except OSError as exc:  # a full disk, a read-only folder: the user's to fix, and not a bug
        return RenderFailure(plan.id, f"document {plan.id}: could not write into {output} "
                             f"({exc.strerror or exc}); check the folder and the free space")
    return Rendered(plan.id, hashlib.sha256(data).hexdigest(), len(_PAGE.findall(data)), len(data), preview)


@contextmanager
def worker_pool(jobs: int, previews: bool = False) -> Iterator[Executor | None]:
    """A pool of ``jobs`` worker processes for several builds in a row (None when jobs is 1)."""
    if jobs <= 1:
        yield None
        return
    _prepare_parent(previews)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        pool.submit(int).result()  # start every worker now, before the caller starts any thread
        try:
            yield pool
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def render_all(plans: Sequence[DocumentPlan], output: Path, jobs: int, on_outcome: Callable[[Outcome], None],
               previews: bool = False, executor: Executor | None = None) -> None:
    """Render every plan, ``jobs`` at a time (or in ``executor``), calling ``on_outcome`` as each finishes."""
    if executor is None and (jobs <= 1 or len(plans) <= 1):
        for plan in plans:
            on_outcome(render_to_file(plan, output, previews))
        return
    if executor is None:
        with worker_pool(min(jobs, len(plans)), previews) as pool:
            _render_in(pool, plans, output, on_outcome, previews)  # type: ignore[arg-type]
    else:
        _render_in(executor, plans, output, on_outcome, previews)


def _render_in(pool: Executor, plans: Sequence[DocumentPlan], output: Path, on_outcome: Callable[[Outcome], None],
               previews: bool) -> None:
    # Longest first (content is a fair guess at time), so no worker is left with a leaflet at the end.
    ordered = sorted(plans, key=lambda p: -(len(p.advice) + len(p.services)))
    futures = {pool.submit(render_to_file, plan, output, previews): plan for plan in ordered}
    for future in as_completed(futures):
        on_outcome(_outcome(future, futures[future]))


def _outcome(future: Future[Outcome], plan: DocumentPlan) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        return RenderFailure(plan.id, f"document {plan.id}: its worker process stopped unexpectedly "
                             "(out of memory?); run the build again, or with --jobs 1")


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the OS has it: workers start in milliseconds with fonts already loaded."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _prepare_parent(previews: bool) -> None:
    """Load ReportLab, the renderers and the fonts once, before forking, instead of once per worker."""
    from .render import load_renderers
    from .render.fonts import register_fonts

    load_renderers()
    register_fonts()
    if previews:
        import PIL.Image  # noqa: F401
        import pypdfium2  # noqa: F401
