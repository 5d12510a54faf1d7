"""``output/manifest.json``: what packgen wrote, read back as untrusted input.

The manifest is the build's memory: for each document, the inputs it was built from and every file
it was made into (name, sha256, size, pages). It lies in a folder people edit, so it is checked
before anything is believed: an entry names a document by a valid id, and each file it records
must be exactly the name packgen gives that document's output of that kind (``<id>.pdf``), never a
path, never another document's file. What cannot be vouched for is dropped, so the document is
rebuilt; a broken manifest never crashes a build and never makes packgen delete, read, preview or
link anything but the files it owns.

Format 2 records ``outputs`` (one object per file) and ``kinds`` (the output kinds the document
was built with). The top-level ``file``, ``sha256``, ``pages`` and ``bytes`` of each entry still
describe the PDF, as in format 1, which is read too (its PDF becomes the only output).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packgen import __version__
from packgen.catalogue.ids import ID_PATTERN  # not .fields, which imports pydantic
from packgen.files import read_owned, write_atomically
from packgen.plan.outputs import PRIMARY, kind

MANIFEST = "manifest.json"
FORMAT = 2
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class OutputFile:
    """One file a build wrote for a document."""

    kind: str
    file: str  # a bare name inside the output folder, always <id><suffix of kind>
    sha256: str
    bytes: int
    pages: int | None = None

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"kind": self.kind, "file": self.file, "sha256": self.sha256, "bytes": self.bytes}
        if self.pages is not None:
            entry["pages"] = self.pages
        return entry


@dataclass(frozen=True)
class Entry:
    """A manifest entry after checking. ``complete`` is False when only its files could be vouched for."""

    id: str
    outputs: tuple[OutputFile, ...]
    kinds: tuple[str, ...] = ()
    audience: str = ""
    layout: str = ""
    urls: tuple[str, ...] = ()
    input_hash: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    complete: bool = False

    def output(self, key: str) -> OutputFile | None:
        return next((o for o in self.outputs if o.kind == key), None)

    @property
    def primary(self) -> OutputFile | None:
        return self.output(PRIMARY)

    def as_json(self) -> dict[str, Any]:
        pdf = self.primary
        entry: dict[str, Any] = {"id": self.id, "audience": self.audience, "layout": self.layout}
        if pdf is not None:  # format 1's fields, for readers of the old format
            entry.update(file=pdf.file, sha256=pdf.sha256, pages=pdf.pages or 0, bytes=pdf.bytes)
        entry.update(urls=list(self.urls), input_hash=self.input_hash, inputs=dict(self.inputs),
                     kinds=list(self.kinds), outputs=[o.as_json() for o in self.outputs])
        return entry


def read_manifest(output: Path) -> dict[str, Entry]:
    """The entries packgen can vouch for, by id; empty when the manifest is missing or unusable."""
    raw = read_owned(output / MANIFEST, max_bytes=MAX_MANIFEST_BYTES)
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return {}
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list):
        return {}
    entries: dict[str, Entry] = {}
    repeated: set[str] = set()
    for item in documents:
        entry = check_entry(item)
        if entry is None:
            continue
        if entry.id in entries:
            repeated.add(entry.id)
        entries[entry.id] = entry
    return {doc_id: entry for doc_id, entry in entries.items() if doc_id not in repeated}


def check_entry(item: Any) -> Entry | None:
    """One entry, checked field by field; None when not even its id and files can be trusted."""
    if not isinstance(item, dict):
        return None
    doc_id = item.get("id")
    if not isinstance(doc_id, str) or not re.fullmatch(ID_PATTERN, doc_id) or len(doc_id) > 200:
        return None
    if "outputs" in item:
        listed = item["outputs"] if isinstance(item["outputs"], list) else []
        kinds = item.get("kinds")
    else:  # format 1: one PDF, described by the entry itself
        listed = [{"kind": PRIMARY, **{k: item.get(k) for k in ("file", "sha256", "bytes", "pages")}}]
        kinds = [PRIMARY]
    outputs = [o for o in (_check_output(doc_id, raw) for raw in listed) if o is not None]
    if len({o.kind for o in outputs}) != len(outputs):  # the same kind twice: trust neither
        outputs = [o for o in outputs if sum(p.kind == o.kind for p in outputs) == 1]
    good_kinds = isinstance(kinds, list) and all(isinstance(k, str) for k in kinds)
    inputs = item.get("inputs")
    good_inputs = isinstance(inputs, dict) and all(isinstance(k, str) and isinstance(v, str)
                                                   for k, v in inputs.items())
    urls = item.get("urls")
    complete = (len(outputs) == len(listed) and good_kinds and good_inputs
                and isinstance(urls, list) and all(isinstance(u, str) for u in urls)
                and all(isinstance(item.get(k), str) for k in ("audience", "layout", "input_hash")))
    if not complete:
        return Entry(doc_id, tuple(outputs))
    return Entry(doc_id, tuple(outputs), tuple(kinds), item["audience"], item["layout"], tuple(urls),  # type: ignore[arg-type]
                 item["input_hash"], dict(inputs), complete=True)  # type: ignore[arg-type]


def _check_output(doc_id: str, raw: Any) -> OutputFile | None:
    if not isinstance(raw, dict):
        return None
    key = raw.get("kind")
    output_kind = kind(key) if isinstance(key, str) else None
    if output_kind is None or raw.get("file") != output_kind.filename(doc_id):
        return None  # a path, another document's file, a kind this version does not make: not ours
    sha, size, pages = raw.get("sha256"), raw.get("bytes"), raw.get("pages")
    if not isinstance(sha, str) or not _SHA.fullmatch(sha) or type(size) is not int or size < 0:
        return None
    if pages is not None and (type(pages) is not int or pages < 0):
        return None
    return OutputFile(output_kind.key, raw["file"], sha, size, pages)


SITE_FILES = ("index.html",)  # files of the whole folder (not of one document) packgen records


def read_site_files(output: Path) -> dict[str, str]:
    """The folder-wide files the manifest recorded (``index.html``), name -> sha256; only known names."""
    raw = read_owned(output / MANIFEST, max_bytes=MAX_MANIFEST_BYTES)
    try:
        data = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ValueError, RecursionError):
        return {}
    site = data.get("site_files") if isinstance(data, dict) else None
    if not isinstance(site, dict):
        return {}
    return {name: sha for name, sha in site.items() if name in SITE_FILES and isinstance(sha, str) and _SHA.fullmatch(sha)}


def write_manifest(output: Path, entries: dict[str, Entry], site_files: dict[str, str] | None = None) -> None:
    """Write the manifest (after every file it names), unless it would not change."""
    manifest: dict[str, object] = {"generator": f"packgen {__version__}", "format": FORMAT,
                                   "documents": [entries[doc_id].as_json() for doc_id in sorted(entries)]}
    if site_files:
        manifest["site_files"] = dict(sorted(site_files.items()))
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    if read_owned(output / MANIFEST, max_bytes=MAX_MANIFEST_BYTES) != data:  # a no-op build writes nothing
        write_atomically(output / MANIFEST, data)


class PrimaryFacts:
    """What the summary, the gallery and ``verify`` read of a document: its primary output's facts.

    For any class with a ``primary`` :class:`OutputFile` (a document's PDF).
    """

    @property
    def primary(self) -> OutputFile:
        raise NotImplementedError  # each class says where its primary output is

    @property
    def sha256(self) -> str:
        return self.primary.sha256

    @property
    def pages(self) -> int:
        return self.primary.pages or 0

    @property
    def bytes(self) -> int:
        return self.primary.bytes
