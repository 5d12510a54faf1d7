"""Email drafts on disk: ``<id>.eml`` beside a document's built PDF (``packgen email``, ``batch --email``).

The draft is made by :func:`packgen.web.draft.email_draft` from the document model and the PDF
the build wrote; this module only reads that PDF and writes the draft atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from packgen.files import read_owned, write_atomically
from packgen.plan.documents import DocumentPlan


def draft_path(folder: Path, plan: DocumentPlan) -> Path:
    return folder / f"{plan.id}.eml"


def write_email_draft(plan: DocumentPlan, folder: Path, target: Path | None = None, *, to: Sequence[str] = (),
                      subject: str | None = None) -> Path:
    """Write the draft of ``plan`` (its PDF read from ``folder``, built already) to ``target``
    (default ``folder/<id>.eml``); From is the org's contact email when its profile has one."""
    from packgen.web.draft import Attachment, email_draft
    from packgen.web.view import web_view

    attachment = None
    if not plan.web_only:  # a web-only document (no PDF for its script) is sent as its text and web page
        pdf = read_owned(folder / plan.filename)  # never through a link, never a FIFO or a device
        if pdf is None:
            raise FileNotFoundError(2, "not a PDF packgen wrote; run `packgen build`", str(folder / plan.filename))
        attachment = Attachment(plan.filename, pdf)
    data = email_draft(web_view(plan), attachment, to=to, subject=subject,
                       sender=plan.org.email if plan.org else None)
    target = target or draft_path(folder, plan)
    write_atomically(target, data)
    return target
