"""Commands to start and check a pack: init, validate, list, schema."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import UserError
from .app import Output, catalogue_option, fail_cleanly, load_folder, main, org_option

if TYPE_CHECKING:
    from packgen.catalogue.models import Catalogue


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), default=Path("my-pack"))
@click.pass_obj
@fail_cleanly
def init(out: Output, folder: Path) -> None:
    """Write a starter folder (the bundled UK catalogue and layouts) into FOLDER."""
    from packgen.catalogue.starter import write_starter

    written = write_starter(folder)
    program = _program()
    out.info(f"Created {folder} with {len(written)} files. Next:")
    out.info(f"  cd {shlex.quote(str(folder))}\n  {program} validate\n  {program} build")
    out.info("then open output/index.html in a web browser to see the pack, and read the README to add your school.")


def _program() -> str:
    """How to run packgen again, exactly as the user can type it from another folder."""
    import shutil
    import sys

    on_path = shutil.which("packgen")
    argv0 = Path(sys.argv[0])
    if on_path and (argv0.name != "packgen" or Path(on_path).resolve() == argv0.resolve()):
        return "packgen"
    if argv0.name == "packgen" and argv0.exists():
        return shlex.quote(str(argv0.resolve()))
    return f"{shlex.quote(sys.executable)} -m packgen"


@main.command()
@catalogue_option
@org_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.pass_obj
@fail_cleanly
def validate(out: Output, catalogue_path: Path, org_path: Path | None, strict: bool) -> None:
    """Check the catalogue, layouts and org profile; list every problem with file:line:column."""
    from ..errors import summarise
    from ..translation.status import po_problems

    project = load_folder(catalogue_path, org_path)
    for problem in project.warnings:
        out.problem(problem)
    translation_problems = po_problems(project.folder)
    for problem in translation_problems:
        out.problem(problem)
    if any(problem.severity == "error" for problem in translation_problems):
        raise UserError(summarise(translation_problems))
    catalogue = project.catalogue
    counts = (f"{len(catalogue.audiences)} audiences, {len(catalogue.services)} services, "
              f"{len(catalogue.advice)} advice items, {len(catalogue.documents)} documents")
    if project.warnings:
        count = len(project.warnings)
        out.info(f"{catalogue_path}: valid, with {count} warning{'' if count == 1 else 's'} ({counts})")
        _print_files_read(out, project.files_read)
        if strict:
            raise UserError("--strict: warnings count as errors")
    else:
        out.info(f"{catalogue_path}: valid ({counts})")
        _print_files_read(out, project.files_read)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _print_files_read(out: Output, paths: tuple[Path, ...]) -> None:
    """Every file validation read: a summary line, and each file with --verbose."""
    from ..catalogue.bundled import bundled_layouts_dir

    bundled = bundled_layouts_dir().resolve()
    layouts = [p for p in paths[1:] if p.suffix == ".yaml" and (p.parent == bundled or p.parent.name == "layouts")]
    own = sum(p.parent != bundled for p in layouts)
    where = ("packgen's own" if not own else "your layouts/ folder" if own == len(layouts)
             else f"{own} from your layouts/ folder, the rest packgen's own")
    others = [_shown(p) for p in paths[1:] if p not in layouts]
    out.info(f"  read {_shown(paths[0])}, {len(layouts)} layouts ({where})" + "".join(f", {o}" for o in others))
    for path in paths:
        out.detail(f"  read {_shown(path)}")


@main.command(name="list")
@catalogue_option
@click.pass_obj
@fail_cleanly
def list_command(out: Output, catalogue_path: Path) -> None:
    """Show the audiences, layouts and documents a build would make."""
    from packgen.plan.documents import plan_documents

    project = load_folder(catalogue_path)
    catalogue = project.catalogue
    out.info("Audiences:")
    for audience in catalogue.audiences:
        out.info(f"  {audience.id:<16} {audience.label}")
    out.info("Layouts:")
    for layout in sorted(project.layouts.values(), key=lambda found: found.id):
        out.info(f"  {layout.id:<16} {layout.kind:<8} {layout.description or ''}")
    out.info("Documents:")
    for plan in plan_documents(catalogue, project.layouts):
        out.info(f"  {plan.id:<28} {plan.audience.id:<14} {plan.layout.id:<16} "
                 f"{len(plan.advice)} advice, {_count(len(plan.services), 'service')}, "
                 f"{_count(0 if plan.web_only else len(plan.urls), 'QR code')}"
                 + _languages_note(catalogue, plan.id))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@main.command()
@click.argument("kind", type=click.Choice(["catalogue", "layout", "org"]), default="catalogue")
@click.pass_obj
def schema(out: Output, kind: str) -> None:
    """Print the JSON Schema of resources.yaml (or a layout, or org.yaml) for editor autocompletion."""
    from packgen.catalogue.schema import json_schema_text

    click.echo(json_schema_text(kind), nl=False)


def _languages_note(catalogue: Catalogue, document_id: str) -> str:
    """", in cy, en-GB" for a document in other languages than the pack's (and whether it is web-only);
    nothing otherwise."""
    from ..translation.sources import document_languages

    document = next(d for d in catalogue.documents if d.id == document_id)
    from ..i18n.tags import pdf_refusal

    languages = document_languages(document, catalogue)
    web_only = ", web and text only (no PDF for its script yet)" if any(map(pdf_refusal, languages)) else ""
    return ("" if languages == [catalogue.pack.language] else f", in {', '.join(languages)}") + web_only
