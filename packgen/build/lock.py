"""One build at a time per output folder: an OS lock on ``output/.packgen.build.lock``.

The operating system releases the lock when the process ends, however it ends (even SIGKILL),
so a crashed build never leaves a stale lock behind. The file itself stays; it only says who
holds the lock, for the error message.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from packgen.errors import UserError

LOCK_FILE = ".packgen.build.lock"


class BuildLocked(UserError):
    """Another build is writing into the same folder."""


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's build lock for the ``with`` block, or raise :class:`BuildLocked` at once."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(handle):
            holder = path.read_text(encoding="utf-8", errors="replace").strip() or "another process"
            raise BuildLocked(f"another build is running in {folder} ({holder}); wait for it to finish, "
                              "then run the command again")
        os.ftruncate(handle, 0)
        started = dt.datetime.now().strftime("%H:%M:%S")
        os.write(handle, f"process {os.getpid()}, started {started}\n".encode())
        yield
    finally:
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
