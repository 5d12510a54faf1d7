"""The no-op rebuild's shortcut: decide "nothing changed" before parsing the catalogue.

A rebuild with nothing to do used to spend most of its time importing pydantic and the catalogue's
models and validating every file, only to find that each document's recorded inputs still match.
So after a build that succeeded in full, the command records a *stamp* in
``output/.packgen.build.stamp``: a digest of what was asked (catalogue, org profile, output
folder, filters) and one of everything it read: the day, packgen's version, the sha256 of every
input file (the catalogue, every layout file in ``layouts/`` and the bundled layouts, the org
profile and its logo, every PO file in ``translations/``), the names in those folders (a new
layout or PO file counts), the font files' size, modification time and inode; then the sha256 of
``manifest.json`` and of the previews' record, and what the command printed besides the summary
table (warnings, notes), to say again. Paths are kept only as digests (or relative to the
catalogue's folder, for a logo), since an output folder may be published as it is. One stamp
per request (``build``, ``build --only x``, ...), the latest few.

The next build with the same request checks all of that, holding the folder's lock, and every
output file the manifest lists, each preview and ``index.html`` against their sha256; it also
refuses the shortcut when a killed build left a temporary file behind. Only when everything
matches does it answer with the manifest's entries, which is exactly what the full path would
conclude (every document "unchanged", nothing written, nothing removed). Anything else, a stamp
that is missing, unreadable or from another version included, means the full path runs, so the
shortcut can make a build slower by a few milliseconds, never wrong. It writes nothing but the
lock file, reads no file it does not own in the output folder, and imports neither pydantic nor
YAML nor ReportLab.

The stamp is written only after a build with no failure and no refused document (web-only ones are fine),
and only when the inputs it records are the ones read before the build started (a file edited
while the build ran leaves no stamp, so the next build checks in full).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packgen import __version__
from packgen.build.lock import BuildLocked, build_lock
from packgen.build.manifest import MANIFEST, MAX_MANIFEST_BYTES, Entry, check_entry
from packgen.errors import Problem
from packgen.files import read_owned, sha256_of_owned

STAMP = ".packgen.build.stamp"
FORMAT = 1
MAX_STAMP_BYTES = 16 * 1024 * 1024
MAX_STAMPS = 8  # requests remembered per folder
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")  # files.write_atomically's temporary files
_ABSENT = "absent"
# The gallery's file names (packgen.web.gallery's INDEX, PREVIEWS and RECORD, which a test holds
# equal): importing that module would import the document model.
INDEX, PREVIEWS, RECORD = "index.html", "previews", "previews.json"


@dataclass(frozen=True)
class Request:
    """What a ``packgen build`` was asked to do, as far as its result depends on it (not ``--jobs``)."""

    catalogue: Path
    org: Path | None
    output: Path
    only: tuple[str, ...] = ()
    audience: str | None = None
    layout: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"catalogue": str(self.catalogue), "org": str(self.org) if self.org else None,
                "output": str(self.output), "only": list(self.only), "audience": self.audience,
                "layout": self.layout}


def request_for(catalogue: Path, org: Path | None, output: Path | None, only: Sequence[str] = (),
                audience: str | None = None, layout: str | None = None) -> Request:
    """The request with absolute paths; ``org`` already defaulted (``org.yaml`` beside the catalogue)."""
    folder = catalogue.resolve().parent
    return Request(catalogue.resolve(), org.resolve() if org else None,
                   Path(os.path.abspath(output if output is not None else folder / "output")),
                   tuple(only), audience, layout)


@dataclass(frozen=True)
class Unchanged:
    """What the full path would have reported: every document unchanged, in plan order."""

    documents: list[Entry]
    warnings: list[Problem]
    notes: list[str]  # printed before the summary table
    closing: list[str] = dataclasses.field(default_factory=list)  # after it (why a document is web-only)


# --- what a build reads ----------------------------------------------------------------------------


def _input_folders(request: Request) -> list[Path]:
    from packgen.catalogue.bundled import bundled_layouts_dir  # a path lookup, nothing more

    base = request.catalogue.parent
    return [base / "layouts", bundled_layouts_dir(), base / "translations"]


def _font_stats() -> dict[str, str]:
    """The font files by size and modification time (hashing their 2 MB would cost ~4 ms each time)."""
    from packgen.render.fonts import font_files  # a pure lookup; does not import ReportLab

    stats = {}
    for path in font_files():
        try:
            info = os.stat(path)
            stats[f"font {path}"] = f"{info.st_size} {info.st_mtime_ns} {info.st_ino}"
        except OSError:
            stats[f"font {path}"] = _ABSENT
    return stats


MAX_HASHED_BYTES = 64 * 1024 * 1024  # above every input's own limit (10 MB of YAML, a 5 MB logo)


def _file_digest(path: Path) -> str:
    """A regular file's sha256 (through links, as the build reads it); never reads a FIFO or a device,
    nor a file bigger than any input may be (the stamp's paths are not trusted: they are only read)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return f"not a file {stat.S_IFMT(info.st_mode)}"
        if info.st_size > MAX_HASHED_BYTES:
            return f"too big {info.st_size} {info.st_mtime_ns} {info.st_ino}"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return _ABSENT


def _folder_listing(folder: Path) -> tuple[str, list[Path]]:
    """The names in ``folder`` of the files a build may read there, and their paths."""
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith((".yaml", ".po")))
    except OSError:
        return _ABSENT, []
    return "\n".join(names), [folder / name for name in names]


def fingerprint(request: Request, also: Iterable[Path] = ()) -> dict[str, str]:
    """Everything the build of ``request`` reads, each as a digest: files by sha256, folders by the
    names in them, fonts by size and time. ``also``: files found only by reading the inputs (a logo)."""
    record = {"packgen": __version__, "today": dt.date.today().isoformat(), "request": _request_key(request)}
    files = [request.catalogue, *([request.org] if request.org else [])]
    if request.org is None:  # an org.yaml appearing beside the catalogue becomes the default profile
        default = request.catalogue.parent / "org.yaml"
        record[f"exists {default}"] = str(default.is_file())
    for folder in _input_folders(request):
        listing, paths = _folder_listing(folder)
        record[f"folder {folder}"] = listing
        files.extend(paths)
    files.extend(also)
    for path in files:
        record[f"file {path}"] = _file_digest(path)
    record.update(_font_stats())
    return record


# --- checking a stamp ------------------------------------------------------------------------------


def unchanged_build(request: Request) -> Unchanged | None:
    """The documents of an up-to-date output folder, or None when the full build must run."""
    stamp = _read_stamps(request.output).get(_request_key(request))
    if stamp is None:
        return None
    also = [request.catalogue.parent / name for name in stamp["also"]]  # absolute ones stay absolute
    if _digest(fingerprint(request, also)) != stamp["inputs"]:
        return None
    try:
        with build_lock(request.output):
            return _outputs_as_recorded(request.output, stamp)
    except (BuildLocked, OSError):
        return None  # the full path says what is wrong


def _request_key(request: Request) -> str:
    """The request as a digest: the stamp names no path (an output folder may be published as is)."""
    return _digest(request.as_json())


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _read_stamps(output: Path) -> dict[str, dict[str, Any]]:
    """The stamps recorded in ``output`` (one per request, the latest first), by request."""
    raw = read_owned(output / STAMP, max_bytes=MAX_STAMP_BYTES)
    try:
        data = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("packgen") != __version__:
        return {}
    stamps = data.get("stamps")
    checked = [stamp for stamp in stamps if _is_stamp(stamp)] if isinstance(stamps, list) else []
    return {stamp["request"]: stamp for stamp in reversed(checked)}  # the first wins


def _is_stamp(stamp: Any) -> bool:
    if not isinstance(stamp, dict):
        return False
    documents, also = stamp.get("documents"), stamp.get("also")
    return bool(isinstance(documents, list) and documents and all(isinstance(d, str) for d in documents)
                and isinstance(also, list) and all(isinstance(name, str) for name in also)
                and all(isinstance(stamp.get(k), str) for k in ("request", "inputs", "manifest", "previews"))
                and _problems(stamp.get("warnings")) is not None
                and all(isinstance(stamp.get(k), list) and all(isinstance(n, str) for n in stamp[k])
                    for k in ("notes", "closing")))


def _problems(raw: Any) -> list[Problem] | None:
    if not isinstance(raw, list):
        return None
    problems = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 6 and isinstance(item[0], str) and type(item[1]) is int
                and type(item[2]) is int and all(isinstance(x, str) for x in item[3:])
                and item[5] in ("error", "warning")):
            return None
        problems.append(Problem(*item))
    return problems


def _outputs_as_recorded(output: Path, stamp: dict[str, Any]) -> Unchanged | None:
    """Under the lock: the manifest, the previews, index.html and every output file are as recorded."""
    from packgen.plan.outputs import kind_keys

    if _has_temporary_files(output) or _has_temporary_files(output / PREVIEWS):
        return None  # the full path removes them
    manifest = read_owned(output / MANIFEST, max_bytes=MAX_MANIFEST_BYTES)
    if manifest is None or hashlib.sha256(manifest).hexdigest() != stamp["manifest"]:
        return None
    previews = read_owned(output / PREVIEWS / RECORD, max_bytes=MAX_STAMP_BYTES)
    if previews is None or hashlib.sha256(previews).hexdigest() != stamp["previews"]:
        return None
    data, record = _json(manifest), _json(previews)
    entries = _entries(data)
    pngs = record.get("png_sha256") if isinstance(record, dict) else None
    site = data.get("site_files") if isinstance(data, dict) else None
    if not entries or not isinstance(pngs, dict) or not isinstance(site, dict):
        return None
    for doc_id, entry in entries.items():
        if entry is None or not entry.complete or list(entry.kinds) != kind_keys():
            return None  # the stamp was written beside a manifest packgen vouched for: never expected
        if entry.primary is None and entry.output("html") is None:
            return None  # neither a PDF nor a web-only document's page
        if any(sha256_of_owned(output / file.file, file.bytes) != file.sha256 for file in entry.outputs):
            return None
        if entry.primary is None:
            continue  # web-only: no PDF, no preview
        png = pngs.get(doc_id)
        if not isinstance(png, str) or sha256_of_owned(output / PREVIEWS / f"{doc_id}.png") != png:
            return None
    if sha256_of_owned(output / INDEX) != site.get(INDEX):
        return None
    if not all(doc_id in entries for doc_id in stamp["documents"]):
        return None
    return Unchanged([entries[doc_id] for doc_id in stamp["documents"]],  # type: ignore[misc]
                     _problems(stamp["warnings"]) or [], stamp["notes"], stamp["closing"])


def _has_temporary_files(folder: Path) -> bool:
    try:
        return any(_TEMPORARY.fullmatch(name) for name in os.listdir(folder))
    except FileNotFoundError:
        return False


# --- writing a stamp -------------------------------------------------------------------------------


def record_unchanged(request: Request, before: Mapping[str, str], also: Iterable[Path],
                     documents: Sequence[Entry], warnings: Sequence[Problem], notes: Sequence[str],
                     closing: Sequence[str] = ()) -> bool:
    """After a build that succeeded in full: stamp the output folder (see the module's docstring).

    ``before`` is :func:`fingerprint` taken before the build read its inputs; ``also`` the files
    found while reading them (the logo); ``documents`` the manifest entries the build reported, in
    plan order. Returns False, and removes an older stamp, when an input changed during the build
    or the folder no longer holds what the build wrote (another build ran since).
    """
    output = request.output
    with build_lock(output):
        after = fingerprint(request, also)
        manifest = read_owned(output / MANIFEST, max_bytes=MAX_MANIFEST_BYTES)
        previews = read_owned(output / PREVIEWS / RECORD, max_bytes=MAX_STAMP_BYTES)
        on_disk = _entries(_json(manifest))
        same = (all(before.get(key) == value for key, value in after.items() if key in before)
                and manifest is not None and previews is not None and documents
                and all(on_disk.get(entry.id) == entry for entry in documents))
        if not same:
            _remove_stamp(output)
            return False
        assert manifest is not None and previews is not None
        # The files found only by reading the inputs (a logo): ``before`` has every other key, since
        # the folders' listings and the org.yaml beside the catalogue are the same as before (checked).
        base = request.catalogue.parent
        extra = [_relative(Path(key[len("file "):]), base) for key in after if key.startswith("file ") and key not in before]
        stamp = {"request": _request_key(request), "inputs": _digest(after), "also": extra,
                 "manifest": hashlib.sha256(manifest).hexdigest(), "previews": hashlib.sha256(previews).hexdigest(),
                 "documents": [entry.id for entry in documents],
                 "warnings": [[p.file, p.line, p.column, p.path, p.message, p.severity] for p in warnings],
                 "notes": list(notes), "closing": list(closing)}
        others = [old for key, old in _read_stamps(output).items() if key != stamp["request"]]
        stamps = [stamp, *others][:MAX_STAMPS]  # `build`, `build --only x`, ...: each its own
        data = (json.dumps({"format": FORMAT, "packgen": __version__, "stamps": stamps}, indent=1,
                           ensure_ascii=False) + "\n").encode()
        if read_owned(output / STAMP, max_bytes=MAX_STAMP_BYTES) != data:
            from packgen.files import write_atomically

            write_atomically(output / STAMP, data)
    return True


def _relative(path: Path, base: Path) -> str:
    """``path`` relative to the catalogue's folder when inside it (the stamp names no folder of the user's)."""
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _json(raw: bytes | None) -> Any:
    try:
        return json.loads(raw) if raw is not None else None
    except (ValueError, RecursionError):
        return None


def _entries(manifest: Any) -> dict[str, Entry | None]:
    """The manifest's entries by id (None for one that cannot be vouched for)."""
    documents = manifest.get("documents") if isinstance(manifest, dict) else None
    if not isinstance(documents, list):
        return {}
    entries: dict[str, Entry | None] = {}
    for item in documents:
        entry = check_entry(item)
        key = entry.id if entry is not None else f"?{len(entries)}"
        entries[key] = None if key in entries else entry  # an id listed twice: trust neither
    return entries


def _remove_stamp(output: Path) -> None:
    from packgen.files import is_regular_file

    path = output / STAMP
    if is_regular_file(path):
        path.unlink(missing_ok=True)
