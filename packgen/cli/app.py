"""The ``packgen`` command group and what every command shares: output, options, error handling.

Only the ``packgen.cli`` package prints or chooses exit codes: 0 success, 1 invalid input or a
failed check, 2 usage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..errors import Problem, UserError, ValidationFailed, summarise

if TYPE_CHECKING:  # names for the annotations only: the commands import lazily, to start fast
    from packgen.catalogue.project import Project
    from packgen.plan.documents import DocumentPlan
    from packgen.translation.translate import Localised

CATALOGUE_HELP = "The catalogue to read (default: resources.yaml in the current folder)."


class Output:
    """Where messages go, honouring --quiet, --verbose and NO_COLOR."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.colour = False if "NO_COLOR" in os.environ else None

    def info(self, message: str = "") -> None:
        if not self.quiet:
            click.echo(message, color=self.colour)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(message, color=self.colour)

    def problem(self, problem: Problem) -> None:
        colour = "red" if problem.severity == "error" else "yellow"
        if problem.severity == "error" or not self.quiet:
            click.echo(click.style(str(problem), fg=colour), err=True, color=self.colour)

    def error(self, message: str) -> None:
        click.echo(click.style(f"error: {message}", fg="red"), err=True, color=self.colour)


def fail_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user errors into a message and exit status 1; bugs keep their traceback.

    A file the system refuses to read or write (no permission, a full disk) is the user's to fix
    too, so an OSError that names its file gets a message, not a traceback.
    """

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        out: Output = click.get_current_context().find_object(Output) or Output()
        try:
            return command(*args, **kwargs)
        except ValidationFailed as exc:
            for problem in exc.problems:
                out.problem(problem)
            out.error(summarise(exc.problems))
            sys.exit(1)
        except UserError as exc:
            out.error(str(exc))
            sys.exit(1)
        except OSError as exc:
            if not exc.filename:
                raise
            out.error(f"could not use {exc.filename}: {exc.strerror or exc}")
            sys.exit(1)

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper


class _NoBar:
    """What :func:`progress` gives when the bar is hidden: the same ``with`` and ``update``, nothing drawn."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, steps: int) -> None:
        pass


def progress(length: int, label: str, hidden: bool) -> Any:
    """click's progress bar, shown unless ``hidden``. A hidden one draws nothing either way, so it is
    not made at all: making one imports click's terminal module (termios, tty; ~1.5 ms of a build)."""
    if hidden:
        return _NoBar()
    return click.progressbar(length=length, label=label, show_pos=True)


catalogue_option = click.option(
    "--catalogue", "-c", "catalogue_path", type=click.Path(path_type=Path, dir_okay=False),
    default=Path("resources.yaml"), show_default=True, help=CATALOGUE_HELP)
org_option = click.option("--org", "org_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
                          help="An org profile (name, logo, colours, local contacts); default: org.yaml if present.")


def org_or_default(catalogue_path: Path, org_path: Path | None) -> Path | None:
    if org_path is not None:
        return org_path
    candidate = catalogue_path.parent / "org.yaml"
    return candidate if candidate.is_file() else None


def load_folder(catalogue_path: Path, org_path: Path | None = None) -> Project:
    from packgen.catalogue.project import load_project

    if not catalogue_path.exists():
        raise UserError(f"no catalogue at {catalogue_path}; run `packgen init my-pack` to start one, "
                        "or pass --catalogue FILE")
    return load_project(catalogue_path, org_or_default(catalogue_path, org_path))


def _set_flag(name: str) -> Callable[[click.Context, click.Parameter, bool], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        output = ctx.find_object(Output)
        if value and output is not None:
            setattr(output, name, True)

    return callback


class PackgenGroup(click.Group):
    """The command group; every command also takes -q/--quiet and -v/--verbose after its name."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.extend([
            click.Option(["--quiet", "-q"], is_flag=True, expose_value=False, callback=_set_flag("quiet"),
                         help="Only print errors."),
            click.Option(["--verbose", "-v"], is_flag=True, expose_value=False, callback=_set_flag("verbose"),
                         help="Print more detail."),
        ])
        super().add_command(cmd, name)


@click.group(cls=PackgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="packgen")
@click.option("--quiet", "-q", is_flag=True, help="Only print errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print more detail.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Make sextortion-safety posters, leaflets and wallet cards from one YAML catalogue.

    Run the commands inside a folder holding resources.yaml (start one with `packgen init`).
    """
    from packgen.render.startup import defer_unused_patterns

    from .startup import skip_pydantic_plugin_discovery

    skip_pydantic_plugin_discovery()  # before any model is built: ~15 ms less per command
    defer_unused_patterns()  # ReportLab's URI pattern (24 ms) and another, compiled only if used (never, by packgen)
    ctx.obj = Output(quiet=quiet, verbose=verbose)


def planned(project: Project, only: tuple[str, ...] = (), audience: str | None = None,
            layout: str | None = None) -> list[DocumentPlan]:
    """The plans, in the pack's language (see :func:`localised` for the documents' own)."""
    from packgen.plan.documents import plan_documents

    return plan_documents(project.catalogue, project.layouts, only=only, audience=audience, layout=layout,
                          org=project.org)


def localised(project: Project, plans: list[DocumentPlan]) -> Localised:
    """``plans`` in their documents' languages, and the documents refused (untranslated, stale, unshapable)."""
    from ..translation.translate import localise_plans

    return localise_plans(plans, project.catalogue, project.layouts, project.folder, project.org)


output_option = click.option("--output", "-o", "output", type=click.Path(path_type=Path, file_okay=False),
                             default=None, help="Output folder (default: output/ next to the catalogue).")


def plans_left_out(project: Project, ready: Localised) -> list[DocumentPlan]:
    """The catalogue's other documents (and those refused): kept in output/ and listed in its gallery."""
    chosen = {plan.id for plan in ready.plans}
    if all(document.id in chosen for document in project.catalogue.documents):
        return []  # the whole catalogue is being built: nothing to plan again
    others = [plan for plan in planned(project) if plan.id not in chosen]
    ready_others = localised(project, others)
    in_language = {**ready_others.listing, **{plan.id: plan for plan in ready_others.plans}}
    return [in_language.get(plan.id, plan) for plan in others]
