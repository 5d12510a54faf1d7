"""`packgen translations update` and `packgen translations status`: PO files for translators."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UserError
from .app import Output, catalogue_option, fail_cleanly, load_folder, main, org_option


@main.group()
def translations() -> None:
    """Translate the documents: PO files for translators, and whether they are in step with the English.

    The workflow: `packgen translations update cy` writes translations/cy.po; a translator fills it
    in (Poedit, Weblate, Crowdin, Lokalise); a reviewer signs it off (X-Reviewed-By and
    X-Reviewed-Date in its header); `packgen translations status` shows what is left; `packgen build`
    builds each document whose strings are all translated and in step.
    """


@translations.command()
@click.argument("languages", nargs=-1, metavar="[LANG]...")
@catalogue_option
@click.pass_obj
@fail_cleanly
def update(out: Output, languages: tuple[str, ...], catalogue_path: Path) -> None:
    """Create or update translations/LANG.po for each language the documents use (or those named)."""
    from ..i18n.po import po_path, update_po
    from ..i18n.tags import same_language
    from ..translation.sources import language_sources, languages_in_use

    project = load_folder(catalogue_path)
    catalogue = project.catalogue
    in_use = languages_in_use(catalogue)
    if not languages and not in_use:
        raise UserError("no document is in another language than the pack's; give one `languages: [cy]` "
                        "(or `[cy, en-GB]` for a bilingual document) in resources.yaml first")
    for tag in languages:
        if not any(same_language(tag, used) for used in in_use):
            raise UserError(f"no document is in {tag!r} (documents use: {', '.join(in_use) or 'only the pack language'});"
                            f" add `languages: [{tag}]` to a document first")
    chosen = [next(used for used in in_use if same_language(tag, used)) for tag in languages] or in_use
    for tag in chosen:
        path = po_path(project.folder, tag)
        result = update_po(path, tag, language_sources(catalogue, project.layouts, tag), catalogue.pack.title)
        verb = "Created" if result.created else "Updated"
        out.info(f"{verb} {path.relative_to(project.folder)}: {result.total} strings; {result.added} new, "
                 f"{result.changed} changed in the source (now fuzzy), {result.obsolete} no longer used")
    out.info("Next: send each file to a translator, put the translated file back, then "
             "`packgen translations status`")


@translations.command()
@catalogue_option
@org_option
@click.pass_obj
@fail_cleanly
def status(out: Output, catalogue_path: Path, org_path: Path | None) -> None:
    """Per language: strings translated, stale and missing, and the documents they hold back (exit 1 if any);
    the org profile's texts with no version in a language hold its documents back too."""
    from ..i18n.tags import language_name, same_language
    from ..translation.sources import languages_in_use, translated_languages
    from ..translation.status import language_status

    project = load_folder(catalogue_path, org_path)
    in_use = languages_in_use(project.catalogue)
    if not in_use:
        out.info("Every document is in the pack's language: there is nothing to translate.")
        return
    held: list[str] = []
    for tag in in_use:
        found = language_status(project.folder, project.catalogue, project.layouts, tag)
        counts = (f"{found.count('translated')} translated, {found.count('stale')} stale, "
                  f"{found.count('missing')} missing" + (f", {found.count('wrong')} wrong" if found.count("wrong") else ""))
        review = (f"reviewed by {found.reviewed_by}" + (f" on {found.reviewed_on}" if found.reviewed_on else "")
                  if found.reviewed_by else "not signed off by a reviewer"
                  + (f" (signed off by {found.previously_reviewed} before the source changed)"
                     if found.previously_reviewed else ""))
        out.info(f"{language_name(tag)}  {found.file}: {counts}; {review}")
        if found.unreadable:
            out.problem(found.unreadable)
        for string in found.strings:  # stale ones always: the English changed under a translation
            if string.state != "translated":
                where = f"{found.file}:{string.line}" if string.line else found.file
                line = f"  {where}: {string.state}: {string.source.context}{string.detail}"
                out.detail(line) if string.state == "missing" else out.info(line)
        org_gaps = project.org.untranslated(tag) if project.org else []
        for gap in org_gaps:
            out.info(f"  {gap}")
        in_language = [d.id for d in project.catalogue.documents
                       if any(same_language(t, tag) for t in translated_languages(d, project.catalogue))]
        held_back = list(dict.fromkeys([*found.held_back, *(in_language if org_gaps else [])]))
        if held_back:
            out.info(f"  holds back: {', '.join(held_back)}")
            held += held_back
    if held:
        raise UserError(f"{len(dict.fromkeys(held))} document(s) held back by translations; "
                        "`packgen -v translations status` lists the missing strings too")
    out.info("Every translated document is ready to build.")
