"""Render documents to files, in this process or in a pool of worker processes.

Each document is rendered and written by whichever process draws it, and comes back as a small
:class:`Rendered` record or a :class:`RenderFailure` naming the document, so one failure never
loses the other documents' results. Every file is written atomically (a temporary file, flushed to
disk, renamed into place); a worker process leaves the flush and the rename to the main process
(:func:`commit_files`), which otherwise only waits, so the workers never wait for the disk.
Output does not depend on the number of workers: every PDF is a pure function of its plan.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from packgen.build.early import available_cpus  # noqa: F401  (where the CLI has it from)
from packgen.build.manifest import OutputFile, PrimaryFacts
from packgen.errors import UserError
from packgen.files import commit_temporary, flush_file_system, open_for_flush, write_atomically, write_temporary
from packgen.plan.documents import DocumentPlan
from packgen.plan.outputs import PRIMARY, produce_all
from packgen.web.gallery import preview_file

if TYPE_CHECKING:  # concurrent.futures and multiprocessing are imported only when a pool is used (~20 ms)
    import multiprocessing.context
    from concurrent.futures import Executor, Future

    import pypdfium2


@dataclass(frozen=True)
class Rendered(PrimaryFacts):
    """A document's files, now on disk (see :mod:`packgen.plan.outputs`)."""

    id: str
    files: tuple[OutputFile, ...]
    preview: str | None = None  # sha256 of output/previews/<id>.png when it was drawn too
    # (temporary, final) paths of files a worker wrote but did not put in place, in writing order:
    # the main process flushes each to disk and renames it (:func:`commit_files`). Empty once on disk.
    pending: tuple[tuple[Path, Path], ...] = ()

    @property
    def primary(self) -> OutputFile:
        return next(f for f in self.files if f.kind == PRIMARY)


@dataclass(frozen=True)
class RenderFailure:
    """A document that could not be built, and why (``detail`` holds a traceback for bugs)."""

    id: str
    message: str
    detail: str = ""


Outcome = Rendered | RenderFailure


def _nothing_to_show(plan: DocumentPlan) -> UserError:
    return UserError(f"document {plan.id} has nothing to show: no advice and no services are chosen for "
                     f"it (audience {plan.audience.id}); list some under its `advice:` or `services:`, "
                     "or give items that audience")


def render_to_file(plan: DocumentPlan, output: Path, preview: bool = False, defer: bool = False) -> Outcome:
    """Make every output of one document (and its preview) in ``output``; never raises for a document's
    own problem. With ``defer`` (in a worker process), the files are left as temporary files, not yet
    flushed to disk, for :func:`commit_files` to put in place."""
    try:
        if not plan.advice and not plan.services:  # before any layout, which needs something to lay out
            raise _nothing_to_show(plan)
        made = produce_all(plan)  # ReportLab is imported only now, when something must be drawn
        pdf = next((produced for kind, produced in made if kind.key == PRIMARY), None)
        if (pdf is None and not plan.web_only) or (pdf is not None and not pdf.pages):
            raise _nothing_to_show(plan)  # a web-only document has no PDF by design, and its web page
        png = None
        for kind, produced in made:  # every QR code decodes to its URL before any file is replaced
            if produced.data.startswith(b"%PDF"):
                wanted = preview and kind.key == PRIMARY
                drawn_png = _check_qr_codes(plan, kind.filename(plan.id), produced.data, wanted)
                png = drawn_png if wanted else png
    except UserError as exc:
        return RenderFailure(plan.id, str(exc))
    except Exception as exc:  # a bug: keep the traceback, but let the other documents finish
        return RenderFailure(plan.id, f"document {plan.id}: unexpected error ({type(exc).__name__}: {exc}); "
                             "this is a bug in packgen, please report it", traceback.format_exc())
    files = []
    drawn = None
    pending: list[tuple[Path, Path]] = []

    def write(path: Path, data: bytes) -> None:
        if defer:
            pending.append((write_temporary(path, data, sync=False), path))
        else:
            write_atomically(path, data)

    try:
        for kind, produced in made:
            name = kind.filename(plan.id)
            write(output / name, produced.data)
            files.append(OutputFile(kind.key, name, hashlib.sha256(produced.data).hexdigest(), len(produced.data),
                                    produced.pages))
            if png is not None and kind.key == PRIMARY:  # drawn from the bytes in hand, after its PDF is written
                write(preview_file(output, plan.id), png)
                drawn = hashlib.sha256(png).hexdigest()
    except OSError as exc:  # a full disk, a read-only folder: the user's to fix, and not a bug
        _discard(pending)
        return _write_failure(plan.id, output, exc)
    return Rendered(plan.id, tuple(files), drawn, tuple(pending))


def commit_files(outcome: Outcome, output: Path, sync: bool = True) -> Outcome:
    """Put in place the files a worker left pending for ``outcome``: each is flushed to disk (unless
    ``sync`` is false: :func:`commit_together` flushed them already), then renamed over the old one, in
    the order written (the PDF first, as in the worker). A failure (a full disk) makes it the
    document's :class:`RenderFailure` and removes the files not yet in place."""
    if not isinstance(outcome, Rendered) or not outcome.pending:
        return outcome
    left = list(outcome.pending)
    try:
        while left:
            temporary, path = left[0]
            commit_temporary(temporary, path, sync=sync)  # removes the temporary file if it fails
            left.pop(0)
    except OSError as exc:
        _discard(left[1:])
        return _write_failure(outcome.id, output, exc)
    return replace(outcome, pending=())


def commit_together(outcomes: Sequence[Outcome], output: Path, handle: int | None) -> list[Outcome]:
    """:func:`commit_files` for several documents, with one flush of the file system for all their files
    (:func:`~packgen.files.flush_file_system`, on ``handle`` from :func:`~packgen.files.open_for_flush`,
    opened before they were written) instead of one fsync a file; each file is still on disk before it
    is renamed into place. Where that flush cannot be done, each file is flushed as it is put in place."""
    temporaries = [temporary for outcome in outcomes if isinstance(outcome, Rendered)
                   for temporary, _ in outcome.pending]
    flushed = handle is not None and len(temporaries) > 1 and flush_file_system(handle, temporaries)
    return [commit_files(outcome, output, sync=not flushed) for outcome in outcomes]


def _discard(pending: Sequence[tuple[Path, Path]]) -> None:
    for temporary, _ in pending:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass  # the next build removes it (see build.documents._remove_temporary_files)


def _write_failure(doc_id: str, output: Path, exc: OSError) -> RenderFailure:
    where = exc.filename or f"into {output}"
    return RenderFailure(doc_id, f"document {doc_id}: could not write {where} "
                         f"({exc.strerror or exc}); check the folder and the free space")


def _check_qr_codes(plan: DocumentPlan, name: str, pdf: bytes, preview: bool = False) -> bytes | None:
    """Raise a :class:`UserError` naming the document and the URL when a drawn QR code does not
    decode, from the rasterised PDF, to exactly its URL, or a URL the plan expects has no code.

    With ``preview``, also draw the gallery's preview of page 1 (a PNG's bytes, or None when it
    cannot be drawn) from the same parse of the PDF: pypdfium2 opens the document and loads page 1
    once for both (~1 ms a document), and the preview is the PNG :func:`render_preview` draws.
    """
    import pypdfium2

    from packgen.verify.qr_codes import qr_problems

    document = pypdfium2.PdfDocument(pdf)
    try:
        first = document[0] if preview and len(document) else None
        try:
            problems = qr_problems(document, plan.urls, first)
            if problems:
                raise UserError(f"document {plan.id}: {name}: " + "; ".join(problems)
                                + "; nothing was written, the earlier files are kept")
            return _preview(first) if first is not None else None
        finally:
            if first is not None:
                first.close()
    finally:
        document.close()


def _preview(page: pypdfium2.PdfPage) -> bytes | None:
    """The gallery's preview; a page the previewer cannot draw costs the preview, not the document."""
    from packgen.web.gallery import preview_of_page

    try:
        return preview_of_page(page)
    except Exception:
        return None


@contextmanager
def worker_pool(jobs: int, previews: bool = False, shared: Sequence[object] = ()) -> Iterator[Executor | None]:
    """A pool of ``jobs`` worker processes for several builds in a row (None when jobs is 1).

    ``shared``: frozen objects the plans sent to the pool will hold (a batch's catalogue items, see
    :meth:`~packgen.plan.documents.SharedPlanning.objects`). Forked workers have them already, so a
    plan is sent with a reference to each instead of a copy (:func:`_send`).
    """
    if jobs <= 1:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    global _SHARED
    _prepare_parent(previews)
    context = _context()
    forked = context.get_start_method() == "fork"
    _SHARED = list(shared) if forked else []  # each worker's copy is the one made when it is forked
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(os.getpid(),)) as pool:
        _start_workers(pool)
        if forked and shared:
            setattr(pool, _SHARED_ATTRIBUTE, _Shared(_SHARED))
        try:
            yield pool
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


# --- plans sent with references to what the workers have from the fork ----------------------------

_SHARED: list[object] = []  # in a worker: the objects its pool shared, as they were when it was forked
_SHARED_ATTRIBUTE = "_packgen_shared"


class _Shared:
    """A pool's shared objects, by identity: it keeps them alive, so no id is reused while the pool lives."""

    def __init__(self, objects: list[object]) -> None:
        self.objects = objects
        self.index = {id(item): position for position, item in enumerate(objects)}


class _Pickler(pickle.Pickler):
    def __init__(self, stream: io.BytesIO, shared: _Shared) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared.index

    def persistent_id(self, obj: object) -> int | None:
        return self.shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: int) -> object:
        return _SHARED[pid]


def _send(plan: DocumentPlan, shared: _Shared) -> bytes:
    """``plan`` pickled with a reference (its position in the pool's list) to each shared object in it:
    ~1 KB instead of ~9 KB for a batch document, a fifth of the time to pickle and unpickle."""
    stream = io.BytesIO()
    _Pickler(stream, shared).dump(plan)
    return stream.getvalue()


def _render_sent(sent: bytes, output: Path, preview: bool, defer: bool) -> Outcome:
    """:func:`render_to_file` in a worker, of a plan from :func:`_send`."""
    return render_to_file(_Unpickler(io.BytesIO(sent)).load(), output, preview, defer)


def _start_workers(pool: Executor) -> None:
    """Start every worker now, before the caller starts any thread, with the parent's objects frozen.

    ``gc.freeze()`` moves every object the parent holds (ReportLab, the fonts, the plans) out of
    the garbage collector's reach while the workers are forked, so a worker's collections never
    walk them: each walk writes to every object's header, and the kernel then copies each page it
    touches into the worker (copy-on-write). The parent unfreezes at once.
    """
    import gc

    gc.freeze()
    try:
        pool.submit(int).result()
    finally:
        gc.unfreeze()


# --- fewer garbage collections while rendering ------------------------------------------------------

# A document allocates hundreds of thousands of short-lived objects and keeps few, and the renderer
# makes no reference cycles (issue 17): with Python's default first threshold (700) the collector
# ran ~7 times a document for ~2 ms of CPU (4 %) and found almost nothing. Every RENDER_GC_THRESHOLD
# allocations still collects, so cyclic garbage stays bounded and memory flat (measured: the same
# peak RSS over 200 documents, 6 collections instead of 1,336).
RENDER_GC_THRESHOLD = 20_000

_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's first threshold to :data:`RENDER_GC_THRESHOLD` while rendering in this
    process; the previous thresholds come back when the last renderer (of any thread) leaves."""
    import gc

    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(max(_gc_saved[0], RENDER_GC_THRESHOLD), *_gc_saved[1:])
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)
                _gc_saved = None


def _start_worker(parent: int) -> None:
    """A worker's initializer: it dies with its parent, renders with fewer collections, and keeps the
    memory it frees for its next document."""
    import gc

    die_with_parent(parent)
    first, *rest = gc.get_threshold()
    gc.set_threshold(max(first, RENDER_GC_THRESHOLD), *rest)
    keep_freed_memory()


# glibc's malloc hands a large block (a PDF's bytes, a page's bitmap: above 128 KB at first) back to
# the kernel when it is freed, and shrinks its heap whenever 128 KB at its top are free; the next
# document asks for the same memory again, and the kernel zeroes every page on first touch: ~290 page
# faults and ~0.4 ms of system CPU a document (issue 17k). A worker keeps it instead: blocks up to
# 32 MB (glibc's largest threshold) come from the heap, which keeps up to 64 MB free at its top. The
# peak stays what it was (a worker's documents need the same memory each); only its return is later.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
KEPT_MMAP_THRESHOLD = 32 * 1024 * 1024
KEPT_TRIM_THRESHOLD = 64 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Ask glibc's malloc to keep freed memory in this process (see above); True if it agreed.
    Elsewhere (macOS, musl, Windows) it does nothing: the allocator there has no such settings."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_MMAP_THRESHOLD, KEPT_MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, KEPT_TRIM_THRESHOLD))


def render_all(plans: Sequence[DocumentPlan], output: Path, jobs: int, on_outcome: Callable[[Outcome], None],
               previews: bool = False, executor: Executor | None = None, together: bool = False) -> None:
    """Render every plan, ``jobs`` at a time (or in ``executor``), calling ``on_outcome`` as each finishes.

    ``together`` (a batch, whose progress is counted by organisation): in worker processes, put every
    document's files in place once all are drawn, with one flush of the file system for all of them
    (:func:`commit_together`), and only then call ``on_outcome`` for each."""
    if executor is None and (jobs <= 1 or len(plans) <= 1):
        _prepare_in_process(plans)
        with fewer_collections():
            for plan in plans:
                on_outcome(render_to_file(plan, output, previews))
        return
    if executor is None:
        with worker_pool(min(jobs, len(plans)), previews) as pool:
            _render_in(pool, plans, output, on_outcome, previews, together)  # type: ignore[arg-type]
    else:
        _render_in(executor, plans, output, on_outcome, previews, together)


def _render_in(pool: Executor, plans: Sequence[DocumentPlan], output: Path, on_outcome: Callable[[Outcome], None],
               previews: bool, together: bool = False) -> None:
    from concurrent.futures import as_completed

    # Longest first, so no worker is left with a leaflet at the end while the other has finished.
    ordered = sorted(plans, key=expected_ms, reverse=True)
    shared: _Shared | None = getattr(pool, _SHARED_ATTRIBUTE, None)
    if not together:
        # The workers write each document's files and go on to the next; this thread flushes and renames them.
        futures = {(pool.submit(_render_sent, _send(for_worker(plan), shared), output, previews, True) if shared
                    else pool.submit(render_to_file, for_worker(plan), output, previews, True)): plan
                   for plan in ordered}
        for future in as_completed(futures):
            on_outcome(commit_files(_outcome(future, futures[future]), output))
        return
    handle = open_for_flush(output)  # before any file is written
    try:
        # Two documents a task: half the pool's cost a task (the pickles, the pipes, its threads' wake-ups).
        tasks = {(pool.submit(_render_sent_all, tuple(_send(for_worker(plan), shared) for plan in task), output, previews)
                  if shared else pool.submit(_render_all, tuple(for_worker(plan) for plan in task), output, previews)): task
                 for task in paired(ordered)}
        drawn = [outcome for future in as_completed(tasks) for outcome in _outcomes(future, tasks[future])]
        for outcome in commit_together(drawn, output, handle):
            on_outcome(outcome)
    finally:
        if handle is not None:
            os.close(handle)


def paired(ordered: Sequence[DocumentPlan]) -> list[tuple[DocumentPlan, ...]]:
    """Plans longest first, as tasks of two: the longest left with the shortest left, so the tasks take
    about as long as each other and a school's documents still spread over every worker."""
    half = len(ordered) // 2
    tasks: list[tuple[DocumentPlan, ...]] = [(ordered[i], ordered[-1 - i]) for i in range(half)]
    if len(ordered) % 2:
        tasks.append((ordered[half],))
    return tasks


def _render_all(plans: Sequence[DocumentPlan], output: Path, preview: bool) -> list[Outcome]:
    """:func:`render_to_file` of each plan in a worker, its files left for the main process to commit."""
    return [render_to_file(plan, output, preview, True) for plan in plans]


def _render_sent_all(sent: Sequence[bytes], output: Path, preview: bool) -> list[Outcome]:
    """:func:`_render_all` of plans from :func:`_send`."""
    return [_render_sent(one, output, preview, True) for one in sent]


def _outcomes(future: Future[list[Outcome]], plans: Sequence[DocumentPlan]) -> list[Outcome]:
    from concurrent.futures import BrokenExecutor

    try:
        return future.result()
    except BrokenExecutor:
        return [_stopped(plan) for plan in plans]


def for_worker(plan: DocumentPlan) -> DocumentPlan:
    """``plan`` as a worker needs it: without the plan as written (``unresolved``), which only the
    manifest's record of inputs reads, in the parent. Pickled for each document, it was a fifth of the
    bytes sent and ~60 % of the worker's time unpickling them (its advice and services are pydantic models)."""
    if plan.unresolved is None and (plan.companion is None or plan.companion.unresolved is None):
        return plan
    companion = for_worker(plan.companion) if plan.companion is not None else None
    return replace(plan, unresolved=None, companion=companion)


# A rough price of each kind: milliseconds of CPU for the document, its web and text versions and its
# preview, as a base and a share per advice item or service (fitted to the bundled pack on the project's
# machine, 2026-12-02: posters 41-45 ms, cards 55, the tri-fold 60, leaflets 81-104). Only the order
# matters: counting items alone put the cards (few items, 8 cards a sheet) last, and one worker then
# drew them while the other had nothing left.
_PRICES: dict[str, tuple[float, float]] = {"poster": (35.0, 0.8), "cards": (50.0, 1.0), "trifold": (45.0, 1.7),
                                           "leaflet": (40.0, 3.0), "booklet": (50.0, 3.0)}


def expected_ms(plan: DocumentPlan) -> float:
    """About how long ``plan`` takes to render (both languages of a bilingual one), for ordering the work."""
    base, per_item = _PRICES.get(plan.layout.kind, (45.0, 2.0))
    cost = base + per_item * (len(plan.advice) + len(plan.services))
    return 2 * cost if plan.companion is not None else cost


def _outcome(future: Future[Outcome], plan: DocumentPlan) -> Outcome:
    from concurrent.futures import BrokenExecutor  # BrokenProcessPool's base: no multiprocessing import (~5 ms)

    try:
        return future.result()
    except BrokenExecutor:
        return _stopped(plan)


def _stopped(plan: DocumentPlan) -> RenderFailure:
    return RenderFailure(plan.id, f"document {plan.id}: its worker process stopped unexpectedly "
                         "(out of memory?); run the build again, or with --jobs 1")


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the OS has it: workers start in milliseconds with fonts already loaded."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _prepare_parent(previews: bool) -> None:
    """Load ReportLab, the renderers and the fonts once, before forking, instead of once per worker.

    Without the garbage collector, then frozen (``gc.freeze()``, as the command does after loading
    the catalogue): all of it lives as long as the process, so the ~40 collections these imports
    would trigger found almost nothing (47 objects), and the first collection after them would
    walk it all; ~7 ms of the pack's start, before the fork, which no worker can share.
    """
    import gc

    from packgen.render import load_renderers
    from packgen.render.fonts import register_fonts

    was_on = gc.isenabled()
    gc.disable()
    try:
        load_renderers()
        register_fonts()
        # The QR check and the web and text versions: each worker's first document imported them
        # (~11 ms a worker, with Pillow's image plugins below).
        import zxingcpp  # noqa: F401

        import packgen.verify.qr_codes
        import packgen.web.produce  # noqa: F401
        if previews:
            import PIL.Image
            import pypdfium2  # noqa: F401

            PIL.Image.preinit()  # the PNG plugin, which the preview is saved with
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def _prepare_in_process(plans: Sequence[DocumentPlan]) -> None:
    """Before the first PDF drawn in this process: import its kinds' renderers (ReportLab with
    them), the fonts and the QR check's libraries without the garbage collector, then freeze them.

    A cold one-document build imported them inside its render, where ~3 collections of ~20,000
    young objects each (~8 ms) walked them and found nothing: they live as long as the process.
    Done once per process; later builds find the modules loaded and skip it.
    """
    import gc
    import importlib

    from packgen.catalogue.kinds import kind_spec

    needed = sorted({f"packgen.render.{kind_spec(plan.layout.kind).renderer}" for plan in plans if not plan.web_only})
    if not needed or all(name in sys.modules for name in needed):
        return
    from packgen.render.fonts import register_fonts

    was_on = gc.isenabled()
    gc.disable()
    try:
        for name in needed:
            importlib.import_module(name)
        register_fonts()
        import pypdfium2  # noqa: F401  (the QR check rasterises every PDF; the preview too)
        import zxingcpp  # noqa: F401
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


# --- workers die with their parent -----------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does, however it ends (``kill -9`` included).

    On Linux the kernel sends SIGKILL the moment the parent dies (prctl PR_SET_PDEATHSIG); elsewhere
    a watchdog thread notices that the process was re-parented. Either way no orphaned worker is
    left running, holding files open, after its build was killed.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the request took effect
                    os.kill(os.getpid(), signal.SIGKILL)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="packgen-watch-parent").start()


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGKILL)
