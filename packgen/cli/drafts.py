"""`packgen email`: a document as an email draft (.eml) to open in Outlook or Thunderbird and send."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UserError
from .app import (
    Output,
    catalogue_option,
    fail_cleanly,
    load_folder,
    localised,
    main,
    org_option,
    planned,
    plans_left_out,
)


@main.command("email")
@click.argument("doc_id", metavar="ID")
@catalogue_option
@org_option
@click.option("--output", "-o", "target", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The draft to write (default: output/ID.eml).")
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The output folder the document is built in (default: output/ next to the catalogue).")
@click.option("--to", "to", multiple=True, metavar="ADDRESS", help="A recipient (repeatable); default: none.")
@click.option("--subject", default=None, help="The subject (default: the document's title).")
@click.pass_obj
@fail_cleanly
def email_command(out: Output, doc_id: str, catalogue_path: Path, org_path: Path | None, target: Path | None,
                  folder: Path | None, to: tuple[str, ...], subject: str | None) -> None:
    """Write an email draft of document ID: its text and web versions, with the PDF attached.

    The draft opens in Outlook or Thunderbird ready to send. The document is built first if it
    changed. From is the org profile's email when it has one.
    """
    from packgen.build.documents import build_documents
    from packgen.web.drafts import write_email_draft

    from ..web.draft import address

    for recipient in to:
        address(recipient)  # refuse a bad address before building anything
    project = load_folder(catalogue_path, org_path)
    for problem in project.warnings:
        out.problem(problem)
    ready = localised(project, planned(project, (doc_id,)))
    if ready.refused:
        raise UserError(ready.refused[0].message)
    (plan,) = ready.plans
    folder = folder or project.folder / "output"
    others = plans_left_out(project, ready)  # in their own languages, for the gallery
    build_documents([plan], folder, others=others, catalogue_order=[document.id for document in project.catalogue.documents])
    written = write_email_draft(plan, folder, target, to=to, subject=subject)
    sender = f" from {plan.org.email}" if plan.org and plan.org.email else ""
    if plan.web_only:
        out.info(f"{plan.id} has no PDF to attach (its script cannot be drawn in a PDF yet): "
                 "the draft carries its text and web versions")
    out.info(f"Wrote {written}{sender}: open it in Outlook or Thunderbird to send "
             f"({', '.join(to) if to else 'add the recipients there'})")
