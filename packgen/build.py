"""Run a plan: render each document, write it atomically, record it in ``manifest.json``.

A document whose inputs (plan fingerprint, packgen version) are unchanged since the manifest
was written, and whose PDF is still the one recorded, is not rendered again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .errors import UserError
from .files import write_atomically
from .plan import DocumentPlan

MANIFEST = "manifest.json"
_PAGE = re.compile(rb"/Type /Page\b(?!s)")


@dataclass(frozen=True)
class BuiltDocument:
    """One line of the manifest."""

    id: str
    audience: str
    layout: str
    file: str
    sha256: str
    pages: int
    urls: list[str]
    input_hash: str
    bytes: int
    status: str = "built"  # or "unchanged"


def input_hash(plan: DocumentPlan) -> str:
    return hashlib.sha256(f"{__version__}\n{plan.fingerprint()}".encode()).hexdigest()


def read_manifest(output: Path) -> dict[str, dict[str, Any]]:
    """The manifest's documents by id; empty when there is none or it is unreadable."""
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        return {entry["id"]: entry for entry in data["documents"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _unchanged(plan: DocumentPlan, output: Path, recorded: dict[str, Any] | None, digest: str) -> bool:
    if not recorded or recorded.get("input_hash") != digest:
        return False
    try:
        return hashlib.sha256((output / plan.filename).read_bytes()).hexdigest() == recorded.get("sha256")
    except OSError:
        return False


def build_documents(plans: list[DocumentPlan], output: Path, *, force: bool = False,
                    on_document: Callable[[BuiltDocument], None] | None = None) -> list[BuiltDocument]:
    """Render what changed into ``output``; write the manifest last. Returns one record per plan.

    A document that cannot be built (too long, a missing glyph) does not stop the others: they are
    built and recorded, then :class:`BuildFailed` lists what failed.
    """
    previous = read_manifest(output)
    results: list[BuiltDocument] = []
    failures: list[str] = []
    for plan in plans:
        digest = input_hash(plan)
        recorded = previous.get(plan.id)
        if not force and _unchanged(plan, output, recorded, digest):
            result = BuiltDocument(**{**recorded, "status": "unchanged"})  # type: ignore[arg-type]
        else:
            from .render import render_document  # ReportLab only when something must be drawn

            try:
                data = render_document(plan)
            except UserError as exc:
                failures.append(str(exc))
                continue
            write_atomically(output / plan.filename, data)
            result = BuiltDocument(plan.id, plan.audience.id, plan.layout.id, plan.filename,
                                   hashlib.sha256(data).hexdigest(), len(_PAGE.findall(data)), list(plan.urls),
                                   digest, len(data))
        results.append(result)
        if on_document:
            on_document(result)
    _write_manifest(output, previous, results)
    if failures:
        raise BuildFailed(failures, results)
    return results


class BuildFailed(UserError):
    """Some documents could not be built; the others were."""

    def __init__(self, failures: list[str], built: list[BuiltDocument]) -> None:
        self.failures, self.built = failures, built
        super().__init__("\n".join(failures) + f"\n{len(failures)} document(s) failed; {len(built)} built or unchanged")


def _write_manifest(output: Path, previous: dict[str, dict[str, Any]], results: list[BuiltDocument]) -> None:
    entries = dict(previous)  # documents filtered out of this build keep their records
    for result in results:
        entry = asdict(result)
        entry.pop("status")
        entries[result.id] = entry
    manifest = {"generator": f"packgen {__version__}", "documents": sorted(entries.values(), key=lambda e: e["id"])}
    write_atomically(output / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
