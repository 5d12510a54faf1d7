"""The packgen command skips pydantic's plugin discovery (and so the import of importlib.metadata)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pydantic

from packgen.cli.startup import PLUGIN_LOADER
from packgen.render.startup import CJK_MODULE, CJK_NAME, MODULE, NAME

PROBE = (
    "import sys\n"
    "from packgen.cli import main\n"
    "sys.argv = ['packgen', 'validate', '--catalogue', sys.argv[1]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exit:\n"
    "    print('exit', exit.code)\n"
    "print('importlib.metadata' in sys.modules, type(sys.modules['pydantic.plugin._loader']).__name__,\n"
    "      (sys.modules['pydantic.plugin._loader'].__doc__ or 'none').split(':')[0])\n"
)


def run_probe(tmp_path: Path, **env: str) -> list[str]:
    from packgen.catalogue.bundled import bundled_catalogue

    environment = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    result = subprocess.run([sys.executable, "-c", PROBE, str(bundled_catalogue())], capture_output=True, text=True,
                            env={**environment, **env}, cwd=tmp_path, check=True)
    return result.stdout.split()[-5:]  # after validate's own report


def test_the_command_validates_without_importing_importlib_metadata(tmp_path: Path) -> None:
    assert run_probe(tmp_path) == ["exit", "0", "False", "module", "packgen"]


def test_pydantic_disable_plugins_leaves_discovery_to_pydantic(tmp_path: Path) -> None:
    assert run_probe(tmp_path, PYDANTIC_DISABLE_PLUGINS="some-plugin") == ["exit", "0", "True", "module", "none"]


def test_the_stub_matches_what_pydantic_imports_from_its_loader() -> None:
    """If pydantic renames its loader or imports another name from it, this fails (not packgen's users)."""
    plugin = Path(pydantic.__file__).parent / "plugin"
    assert PLUGIN_LOADER == "pydantic.plugin._loader" and (plugin / "_loader.py").is_file()
    imported: set[str] = set()
    for path in Path(pydantic.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "_loader" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_loader") and (
                    "plugin" in str(path.parent) or (node.module or "").startswith("pydantic.plugin")):
                imported |= {alias.name for alias in node.names}
    assert imported == {"get_plugins"}


def test_rendering_a_document_loads_no_network_or_mail_modules() -> None:
    """urllib.request, http.client and ssl cost ~25 ms a process; drawing a PDF needs none of them."""
    code = ("import sys\n"
            "from packgen.catalogue.bundled import bundled_catalogue\n"
            "from packgen.catalogue.project import load_project\n"
            "from packgen.plan.documents import plan_documents\n"
            "from packgen.render import render_document\n"
            "project = load_project(bundled_catalogue())\n"
            "plan = next(p for p in plan_documents(project.catalogue, project.layouts) if p.id == 'parents-leaflet')\n"
            "assert render_document(plan).startswith(b'%PDF')\n"
            "print(sorted(m for m in ('urllib.request', 'http.client', 'ssl') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_collector_is_paused_while_loading_and_comes_back_however_the_block_ends() -> None:
    import gc

    from packgen.cli.startup import collector_paused

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    kept = [[] for _ in range(100)]  # made while loading: frozen afterwards, out of the collector's reach
    try:
        with collector_paused():
            assert not gc.isenabled()
            kept += [[] for _ in range(100)]
            raise ValueError("bad input")
    except ValueError:
        pass
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + 200
    gc.unfreeze()  # leave the test process as it was
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
    assert len(kept) == 200


def test_a_build_in_one_language_skips_what_it_does_not_need(tmp_path: Path) -> None:
    """A whole leaflet built by the command in this process (``--jobs 1``): ReportLab imported, its URI pattern never compiled
    (nor the unused CJK one; see packgen.render.startup); no PO file read, so neither polib nor the translation status
    imported; the fonts found without importlib.resources; no org profile, so none of its models built; no
    progress bar to show (quiet, not a terminal), so click's terminal module not imported."""
    from packgen.catalogue.bundled import bundled_catalogue

    code = ("import sys\n"
            "from packgen.cli import main\n"
            "sys.argv = ['packgen', 'build', '-q', '--jobs', '1', '--only', 'parents-leaflet', '--catalogue', sys.argv[1],\n"
            "            '--output', sys.argv[2]]\n"
            "try:\n"
            "    main()\n"
            "except SystemExit as exit:\n"
            "    assert not exit.code, exit.code\n"
            f"print(type(sys.modules[{MODULE!r}].{NAME}).__name__, type(sys.modules[{CJK_MODULE!r}].{CJK_NAME}).__name__)\n"
            "print(sorted(m for m in ('polib', 'packgen.i18n.po', 'packgen.translation.status', 'importlib.resources',\n"
            "                         'packgen.catalogue.org', 'click._termui_impl')\n"
            "             if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code, str(bundled_catalogue()), str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=tmp_path, check=True)
    assert result.stdout.splitlines()[-2:] == ["DeferredPattern DeferredPattern", "[]"]
    assert (tmp_path / "out" / "parents-leaflet.pdf").read_bytes().startswith(b"%PDF")


def test_progress_is_clicks_bar_when_shown_and_a_silent_stand_in_when_hidden() -> None:
    import click
    from click.testing import CliRunner

    from packgen.cli.app import progress

    shown = progress(3, "Building", hidden=False)
    assert type(shown).__name__ == "ProgressBar" and shown.length == 3 and shown.label == "Building"
    with progress(3, "Building", hidden=True) as bar:
        bar.update(3)

    @click.command()
    def command() -> None:
        with progress(2, "Building", hidden=True) as hidden:
            hidden.update(2)
        click.echo("done")

    assert CliRunner().invoke(command).output == "done\n"


BUILD_PROBE = ("import sys\n"
               "from packgen.cli import main\n"
               "sys.argv = ['packgen', 'build', '-q', '--force', '--jobs', sys.argv[3], '--only', 'parents-leaflet',\n"
               "            '--catalogue', sys.argv[1], '--output', sys.argv[2]]\n"
               "try:\n"
               "    main()\n"
               "except SystemExit as exit:\n"
               "    assert not exit.code, exit.code\n"
               "print('reportlab' in sys.modules, 'zxingcpp' in sys.modules)\n")


def test_a_one_document_build_on_two_cpus_draws_in_an_early_worker(tmp_path: Path) -> None:
    """With 2+ jobs, the worker forked before the catalogue loads does the drawing: the command's
    own process never imports ReportLab or zxing-cpp; with ``--jobs 1`` it draws itself. The files
    are the same bytes either way."""
    import hashlib

    from packgen.catalogue.bundled import bundled_catalogue

    def build(jobs: str) -> tuple[list[str], dict[str, str]]:
        folder = tmp_path / f"out-{jobs}"
        result = subprocess.run([sys.executable, "-c", BUILD_PROBE, str(bundled_catalogue()), str(folder), jobs],
                                capture_output=True, text=True, cwd=tmp_path, check=True)
        files = {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
                 for path in sorted(folder.rglob("*")) if path.is_file() and path.name != "manifest.json"
                 and not path.name.startswith(".")}
        return result.stdout.split()[-2:], files

    parent_two, files_two = build("2")
    parent_one, files_one = build("1")
    assert parent_two == ["False", "False"]
    assert parent_one == ["True", "True"]
    assert "parents-leaflet.pdf" in files_two and any(name.startswith("previews") for name in files_two)
    assert files_two == files_one
