"""Writing files so that a crash or a kill never leaves a half-written one behind, and reading or
removing only regular files packgen wrote (never through a link, never a FIFO or a device)."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename it into place."""
    commit_temporary(write_temporary(path, data), path)


def write_temporary(path: Path, data: bytes, sync: bool = True) -> Path:
    """The first half of :func:`write_atomically`: ``data`` in a new temporary file beside ``path``
    (flushed to disk unless ``sync`` is false), returned for :func:`commit_temporary` to put in place.

    A build's worker processes write with ``sync=False`` and leave the flush and the rename to the
    main process, so a worker never waits for the disk (on a busy disk, 5 ms a file) while it could
    draw the next document. If nobody commits it, the next build removes it (it holds the lock).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _create_temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if sync:
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def commit_temporary(temporary: Path, path: Path, sync: bool = False) -> None:
    """Rename a complete temporary file from :func:`write_temporary` into place, flushing it to disk
    first when ``sync`` (its writer did not): a crash then leaves either the old file or the whole new
    one. The temporary file is removed if this fails."""
    try:
        if sync:  # fsync works on the file, whichever process wrote it (read-write: Windows needs it)
            handle = os.open(temporary, os.O_RDWR | getattr(os, "O_BINARY", 0))
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
        try:
            os.replace(temporary, path)
        except OSError as exc:  # name the file the user knows, not our temporary file
            reason = "it is a folder" if path.is_dir() and not path.is_symlink() else (exc.strerror or str(exc))
            raise OSError(exc.errno, reason, str(path)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# --- flushing many files at once ----------------------------------------------------------------
#
# A batch commits ~40 files a school. One fsync each cost the main process ~0.18 ms of CPU a file on
# the project's machine (ext4 on a virtual disk: every fsync submits its own writes, writes the
# file's inode and its folder's synchronously, then flushes the disk's cache, each a round trip to
# the host), and as much again waiting. Linux's syncfs writes every dirty page and inode of one
# file system in one pass (merged, in the kernel's flusher thread), so a school's files cost one.


def open_for_flush(folder: Path) -> int | None:
    """A handle on ``folder`` for :func:`flush_file_system`; None where there is no syncfs (not Linux)
    or the folder cannot be opened. Open it BEFORE the files it will flush are written: syncfs
    reports the write errors of its file system since its handle was opened, whoever else saw them."""
    if _syncfs() is None:
        return None
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def flush_file_system(handle: int, files: Sequence[Path]) -> bool:
    """Flush ``files`` (temporary files from :func:`write_temporary` with ``sync=False``) to disk with
    one call for their whole file system; True when done. False when it could not be done: a file on
    another file system than the handle's folder, syncfs missing or failing. The caller must then
    flush each file itself (:func:`commit_temporary` with ``sync``), which also says which file failed.

    The same guarantee as an fsync of each file: when this returns True, every file's data and inode
    are on the disk and the disk's write cache is flushed (syncfs writes and waits for all of them,
    then the fsync of the folder makes the disk flush its cache, as an fsync of each file did), so a
    file renamed into place afterwards is complete after a crash.
    """
    syncfs = _syncfs()
    if syncfs is None:
        return False
    try:
        device = os.fstat(handle).st_dev
        if any(os.stat(folder).st_dev != device for folder in {path.parent for path in files}):
            return False
        if syncfs(handle) != 0:  # a write error on this file system since the handle was opened
            return False
        os.fsync(handle)  # the disk's write cache (ext4 without a journal: syncfs may flush it before its last writes)
    except OSError:
        return False
    return True


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    """Linux's syncfs(2) from the C library (glibc 2.14+, musl), or None; None also before Linux 5.8,
    whose syncfs did not report write errors (an fsync of each file does)."""
    if not sys.platform.startswith("linux") or _kernel_version() < (5, 8):
        return None
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    syncfs.argtypes = [ctypes.c_int]
    syncfs.restype = ctypes.c_int
    return syncfs  # type: ignore[no-any-return]


def _kernel_version() -> tuple[int, int]:
    found = re.match(r"(\d+)\.(\d+)", os.uname().release)
    return (int(found[1]), int(found[2])) if found else (0, 0)


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new ``.<name>.<random>.tmp`` beside ``path``, with the permissions the umask gives a new file.

    Not ``tempfile.mkstemp``: it makes files 0600, and a PDF is for sharing. Asking the OS for 0666
    lets it apply the umask itself, without reading the umask (which means changing it, a race
    when several threads write at once).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


# --- reading and removing only what packgen wrote ------------------------------------------------

_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{12}\.tmp")


def is_regular_file(path: Path) -> bool:
    """True for a regular file (not a link to one, a folder, a FIFO or a device)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_owned(path: Path, max_bytes: int | None = None) -> bytes | None:
    """The bytes of a regular file at ``path``; None when it is missing, a link, a folder, a FIFO or
    a device, or bigger than ``max_bytes``. Never follows a symbolic link and never blocks."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or (max_bytes is not None and info.st_size > max_bytes):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped since the lstat
            return None
        data = stream.read(max_bytes + 1 if max_bytes is not None else -1)
    return None if max_bytes is not None and len(data) > max_bytes else data


def sha256_of_owned(path: Path, size: int | None = None) -> str | None:
    """The sha256 of a regular file (see :func:`read_owned`); None if it is not one, or not ``size`` bytes."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or (size is not None and info.st_size != size):
        return None
    data = read_owned(path)
    return None if data is None else hashlib.sha256(data).hexdigest()


def remove_owned(path: Path, sha256: str) -> bool:
    """Delete ``path`` only if it is still the regular file packgen wrote (same sha256); True if removed."""
    if sha256_of_owned(path) != sha256:
        return False
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def remove_temporary_files(folder: Path, owned: Callable[[str], bool]) -> list[str]:
    """Delete packgen's own temporary files (``.<name>.<12 hex digits>.tmp``) left in ``folder`` by a
    killed build, for the names ``owned`` says packgen writes there. Call it holding the folder's lock."""
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMPORARY.fullmatch(name)
        if match and owned(match["name"]):
            try:
                if stat.S_ISREG(os.lstat(folder / name).st_mode):
                    (folder / name).unlink()
                    removed.append(name)
            except OSError:
                pass
    return removed
