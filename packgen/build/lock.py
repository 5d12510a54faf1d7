"""One build at a time per output folder: an OS lock on ``output/.packgen.build.lock``.

The operating system releases the lock when the process ends, however it ends (even SIGKILL),
so a crashed build never leaves a stale lock behind. The file itself stays; it only says who
holds the lock, for the error message.

A lock on an open file is shared by every process holding a copy of its descriptor, and a forked
worker inherits the descriptors of its parent: a worker that outlived a killed build would keep
the folder locked. So the descriptor is close-on-exec, and a forked child closes every lock
descriptor it inherited at once (``os.register_at_fork``): only the process that took a lock holds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from packgen.errors import UserError

LOCK_FILE = ".packgen.build.lock"

_held: set[int] = set()  # lock descriptors this process holds
_registered = False


def _close_inherited_locks() -> None:
    """In a forked child: drop the copies of the parent's lock descriptors (the parent keeps its lock)."""
    for handle in list(_held):
        with contextlib.suppress(OSError):
            os.close(handle)
    _held.clear()


def _forget_locks_in_children() -> None:
    global _registered
    if not _registered and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_close_inherited_locks)
        _registered = True


class BuildLocked(UserError):
    """Another build is writing into the same folder."""


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's build lock for the ``with`` block, or raise :class:`BuildLocked` at once."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    _forget_locks_in_children()
    handle = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0), 0o644)
    _held.add(handle)
    try:
        if not _try_lock(handle):
            holder = os.pread(handle, 200, 0).decode("utf-8", errors="replace").strip() or "another process"
            raise BuildLocked(f"another build is running in {folder} ({holder}); wait for it to finish, "
                              "then run the command again")
        os.ftruncate(handle, 0)
        started = dt.datetime.now().strftime("%H:%M:%S")
        os.write(handle, f"process {os.getpid()}, started {started}\n".encode())
        yield
    finally:
        _held.discard(handle)
        os.close(handle)  # closing releases the lock


def _try_lock(handle: int) -> bool:
    """Take an exclusive lock without waiting; False when someone else holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
