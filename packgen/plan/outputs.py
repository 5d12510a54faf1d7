"""The files a document is made into, and the one place to add a kind of output.

Every document becomes one file per *output kind*: today ``<id>.pdf``; next the web version
``<id>.html``, the text version ``<id>.txt`` and print-shop variants. The build, the manifest, change
detection, stale-file removal and the gallery all work from :data:`OUTPUT_KINDS`, so none of
them needs to change when a kind is added.

Adding an output kind
---------------------
1. Write a producer: a pure function ``produce(plan, made) -> Produced | None``. ``plan`` is the
   document's :class:`~packgen.plan.documents.DocumentPlan`; ``made`` maps the keys of the kinds listed
   before yours to what they produced for this document (so a print-imposed variant can start
   from ``made["pdf"].data``). Return :class:`Produced` (the file's bytes, and its page count if it
   has pages), or ``None`` when your kind does not apply to this document (the build then removes
   a file of that kind it wrote earlier). Raise :class:`~packgen.errors.UserError` for a problem
   in the input: the document fails with that message and the others still build.
2. Add one :class:`OutputKind` line to :data:`OUTPUT_KINDS`, e.g.
   ``OutputKind("html", ".html", "packgen.web.page:produce_html", "web page", "text/html")``.
   The producer is named by ``"module:function"`` and imported only when a document is rendered,
   so a no-op build never loads it (nor ReportLab).

That is all. The file is written atomically as ``<id><suffix>`` into the output folder, recorded in
``manifest.json`` with its sha256, size and pages, re-checked on the next build (edited or missing
means rebuilt), removed when its document leaves the catalogue (only if it is still the file
packgen wrote), and offered for download in ``index.html``. Adding a kind rebuilds every document
once ("outputs changed"), because the manifest records which kinds each document was built with.

This module imports nothing from packgen above the plan: producers live where their concern does
(``packgen.render`` for the PDF), and are looked up by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from packgen.plan.documents import DocumentPlan


@dataclass(frozen=True)
class Produced:
    """One output of one document: its bytes, and how many pages it has (None when it has none)."""

    data: bytes
    pages: int | None = None


Producer = Callable[["DocumentPlan", Mapping[str, Produced]], Optional[Produced]]


@dataclass(frozen=True)
class OutputKind:
    """A kind of file every document is made into."""

    key: str  # names the kind in manifest.json ("pdf"); never reuse a key for another format
    suffix: str  # the file is <document id><suffix>: ".pdf", ".html", "-print.pdf"
    producer: str  # "module:function", imported when first needed
    label: str  # how the gallery names it: "PDF", "web page", "plain text"
    media_type: str  # for the gallery's download link

    def filename(self, doc_id: str) -> str:
        return f"{doc_id}{self.suffix}"

    def produce(self, plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced | None:
        module, _, function = self.producer.partition(":")
        produce: Producer = getattr(importlib.import_module(module), function)
        return produce(plan, made)


# The PDF comes first: the gallery's preview and any print variant are drawn from its bytes.
OUTPUT_KINDS: tuple[OutputKind, ...] = (
    OutputKind("pdf", ".pdf", "packgen.render:render_pdf", "PDF", "application/pdf"),
    OutputKind("html", ".html", "packgen.web.produce:produce_html", "web page", "text/html"),
    OutputKind("text", ".txt", "packgen.web.produce:produce_text", "plain text", "text/plain"),
)

PRIMARY = "pdf"  # the kind the summary's pages and size, the preview and `verify` are about


def kind(key: str) -> OutputKind | None:
    return next((k for k in OUTPUT_KINDS if k.key == key), None)


def kind_keys() -> list[str]:
    return [k.key for k in OUTPUT_KINDS]


def produce_all(plan: DocumentPlan) -> list[tuple[OutputKind, Produced]]:
    """Every output of one document, in :data:`OUTPUT_KINDS` order (kinds that do not apply left out)."""
    made: dict[str, Produced] = {}
    files = []
    for output_kind in OUTPUT_KINDS:
        produced = output_kind.produce(plan, dict(made))
        if produced is not None:
            made[output_kind.key] = produced
            files.append((output_kind, produced))
    return files
