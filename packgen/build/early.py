"""An early worker for a cold build: forked before the catalogue is loaded (issue 17).

A cold build of one document ran its imports one after another in one process (the catalogue's
models and pydantic, then ReportLab, the fonts, pypdfium2, zxing-cpp, PIL) while the second CPU
idled. :func:`early_pool` forks the worker(s) first; they import what drawing needs while the
parent loads the catalogue and plans, then the parent hands them the plans
(``build_documents(..., executor=pool)``) and never imports ReportLab itself.

This module imports only the standard library, so the fork comes before pydantic is imported; the
plan is sent as records (:mod:`packgen.catalogue.records`), so the worker never imports pydantic or
builds the catalogue's models: it imports only the drawing code (``packgen.build.workers``, the
renderers, the fonts, pypdfium2, zxing-cpp, PIL).
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, BinaryIO, cast

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future


def available_cpus() -> int:
    """CPUs this process may run on (respects container and taskset limits)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def early_workers(only: tuple[str, ...], jobs: int | None) -> int:
    """How many early workers a build should start: none unless it pays.

    One, for a build of one document (``--only ID``): several documents share one import made
    before forking their workers (:func:`packgen.build.workers.worker_pool`). Only where the OS can
    fork; ``--jobs 1`` renders in this process, ``--jobs`` 2 or more in the worker. By default, only
    when a CPU is idle to overlap on (:func:`cpu_idle`). The worker costs ~5 % more CPU in all
    (each process imports some of the same modules): on an idle CPU that buys ~45 ms of a ~310 ms
    build, on a busy machine it only adds work (measured: docs/performance.md, "Cold one-document
    build, fourth session").
    """
    if len(set(only)) != 1 or not hasattr(os, "fork"):
        return 0
    if jobs is not None:
        return 1 if jobs > 1 else 0
    cpus = available_cpus()
    return 1 if cpus > 1 and cpu_idle(cpus) else 0


LOADAVG = "/proc/loadavg"


def cpu_idle(cpus: int) -> bool:
    """Whether one of ``cpus`` is idle now. Where the kernel says how many tasks are runnable this
    instant (Linux's /proc/loadavg, counting this process), fewer than the CPUs; elsewhere, a
    1-minute load average at least half a CPU below them. Not the load average where the count is
    known: a benchmark's own back-to-back builds hold that at 1-2 on an otherwise idle machine."""
    try:
        with open(LOADAVG, "rb") as file:
            running = int(file.read().split()[3].split(b"/")[0])
        return running < cpus
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0] <= cpus - 0.5
    except OSError:  # no load average either: count the machine as busy
        return False


@contextmanager
def early_pool(workers: int) -> Iterator[Executor]:
    """A worker process forked now, that imports what drawing needs (ReportLab, the renderers, the
    fonts, the QR check's and the preview's libraries) while this process goes on; it runs the tasks
    given to its ``submit`` one after another, in order. (``workers`` is 1: see :func:`early_workers`.)

    A bare fork and two pipes, not a ``ProcessPoolExecutor``: importing that (multiprocessing, ~15 ms)
    would delay the fork and the whole build by as much. The worker is forked before any build lock
    is taken (so it never holds one), writes nothing until given a plan, leaves its files for this
    process to put in place (``Rendered.pending``), dies with this process and ends when the block does.

    What both processes need and that imports no pydantic (the plan's classes, the document model,
    the gallery's modules, a few standard modules) is imported once, before the fork, instead of in
    each (~20 ms of CPU); what is loaded so far is then frozen, so neither process's collector walks
    it (and the worker's does not copy the pages it sits on).
    """
    import decimal  # noqa: F401  (these four: pydantic-core and the gallery here, PIL and ReportLab there)
    import fractions  # noqa: F401
    import gc
    import html  # noqa: F401
    import logging  # noqa: F401

    import packgen.build.workers
    import packgen.model.build
    import packgen.web.gallery
    import packgen.web.view  # noqa: F401

    gc.freeze()
    parent = os.getpid()
    tasks_read, tasks_write = os.pipe()
    results_read, results_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the command
        code = 1
        try:
            os.close(tasks_write)
            os.close(results_read)
            _serve(parent, tasks_read, results_write)
            code = 0
        finally:
            os._exit(code)
    os.close(tasks_read)
    os.close(results_write)
    worker = _EarlyWorker(pid, tasks_write, results_read)
    try:
        yield cast("Executor", worker)  # it offers submit() only, which is all render_all uses
    except BaseException:
        worker.close(kill=True)
        raise
    worker.close(kill=False)


def _send(stream: BinaryIO, value: object, records: bool = False) -> None:
    """Write ``value`` pickled, after its length. With ``records``, each catalogue model that has a
    record (:mod:`packgen.catalogue.records`) is written as that record, so the worker reads the plan
    without importing pydantic or building the models."""
    buffer = io.BytesIO()
    pickler = _RecordPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL) if records else \
        pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dump(value)
    data = buffer.getvalue()
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


class _RecordPickler(pickle.Pickler):
    def __init__(self, file: BinaryIO, protocol: int) -> None:
        super().__init__(file, protocol)
        from packgen.catalogue.records import as_record

        self._as_record = as_record

    def reducer_override(self, obj: Any) -> Any:
        reduced = self._as_record(obj)
        return NotImplemented if reduced is None else reduced


def _receive(stream: BinaryIO) -> tuple[bool, Any]:
    """(True, the value sent), or (False, None) at the end of the stream."""
    header = stream.read(8)
    if len(header) < 8:
        return False, None
    data = stream.read(int.from_bytes(header, "big"))
    return True, pickle.loads(data)


def _serve(parent: int, tasks: int, results: int) -> None:
    """The worker: die with the parent, import the drawing code, then run each task sent until the end."""
    import gc

    gc.enable()
    from packgen.build.workers import _prepare_parent, _start_worker

    _start_worker(parent)
    _prepare_parent(previews=True)
    import zxingcpp  # noqa: F401  (the QR check decodes every PDF)

    with os.fdopen(tasks, "rb") as incoming, os.fdopen(results, "wb") as outgoing:
        while True:
            more, task = _receive(incoming)
            if not more:
                return
            fn, args, kwargs = task
            try:
                answer: tuple[bool, object] = (True, fn(*args, **kwargs))
            except Exception as exc:  # render_to_file returns its failures; this is a bug or a pickling error
                answer = (False, RuntimeError(f"{type(exc).__name__}: {exc}"))
            _send(outgoing, answer)


class _EarlyWorker:
    """The parent's end of an early worker: ``submit`` sends a task, a thread reads the answers in order."""

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self._tasks = os.fdopen(tasks, "wb")
        self._results = os.fdopen(results, "rb")
        self._waiting: deque[Future[Any]] = deque()
        self._reader: threading.Thread | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        from concurrent.futures import Future

        future: Future[Any] = Future()
        self._waiting.append(future)
        if self._reader is None:
            self._reader = threading.Thread(target=self._read, daemon=True, name="packgen-early-worker")
            self._reader.start()
        try:
            _send(self._tasks, (fn, args, kwargs), records=True)
        except OSError:  # the worker is gone: the reader marks what is left broken
            pass
        return future

    def _read(self) -> None:
        while True:
            try:
                more, answer = _receive(self._results)
            except (OSError, EOFError, pickle.UnpicklingError):
                more = False
            if not more:
                break
            ok, value = answer
            future = self._waiting.popleft()
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
        if self._waiting:  # the worker ended before answering these (imported only then: multiprocessing, ~5 ms)
            from concurrent.futures.process import BrokenProcessPool

            while self._waiting:
                self._waiting.popleft().set_exception(BrokenProcessPool("the early worker stopped"))

    def close(self, kill: bool) -> None:
        """End the worker (at once when ``kill`` or when it was given nothing to do: it has only
        imported, written nothing; else once it has answered every task) and reap it."""
        if kill or self._reader is None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self._tasks.close()  # the worker reads the end of its tasks and stops
        if self._reader is not None:
            self._reader.join()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self._results.close()
