"""The command line, through click's CliRunner: exit codes, what goes to stdout and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import packgen
from packgen.catalogue.bundled import bundled_catalogue, bundled_layouts_dir, bundled_root
from packgen.catalogue.schema import FILE_NAMES
from packgen.cli import main
from packgen.cli.authoring import _shown

BUNDLED_LAYOUTS = len(list(bundled_layouts_dir().glob("*.yaml")))

REPO_ROOT = Path(packgen.__file__).resolve().parent.parent
COMMANDS = ["init", "validate", "list", "build", "verify", "links", "batch", "schema", "email"]
BUNDLED_DOCUMENTS = [
    "young-people-poster", "young-people-poster-a3", "young-people-cards", "young-people-poster-print",
    "parents-leaflet", "parents-trifold", "professionals-leaflet", "professionals-poster", "adults-poster",
    "adults-leaflet",
]

WriteFile = Callable[[str, str | bytes], Path]


def invoke(runner: CliRunner, *args: str | Path):  # type: ignore[no-untyped-def]
    result = runner.invoke(main, [str(arg) for arg in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


# --- the group -------------------------------------------------------------------------------

def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"packgen, version {packgen.__version__}\n"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_lists_every_command(runner: CliRunner, flag: str) -> None:
    result = invoke(runner, flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    listed = result.stdout.split("Commands:", 1)[1].split()
    for command in COMMANDS:
        assert command in listed


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(runner: CliRunner, command: str) -> None:
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("Usage: ") and f" {command} " in first


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "frobnicate")
    assert result.exit_code == 2
    assert "No such command 'frobnicate'" in result.stderr
    assert result.stdout == ""


def test_unknown_option_is_a_usage_error(runner: CliRunner, bundled_catalogue_path: Path) -> None:
    result = invoke(runner, "validate", "--catalogue", bundled_catalogue_path, "--stirct")
    assert result.exit_code == 2
    assert "No such option" in result.stderr and "--stirct" in result.stderr


def test_a_folder_as_catalogue_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "validate", "--catalogue", tmp_path)
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


# --- init ------------------------------------------------------------------------------------

def test_init_writes_a_starter_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "my-pack"
    result = invoke(runner, "init", folder)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Created {folder} with ")
    assert "packgen validate" in result.stdout
    assert (folder / "resources.yaml").read_bytes() == bundled_catalogue().read_bytes()
    bundled_layouts = sorted(path.name for path in bundled_layouts_dir().glob("*.yaml"))
    assert bundled_layouts
    assert sorted(path.name for path in (folder / "layouts").glob("*.yaml")) == bundled_layouts
    for kind, name in FILE_NAMES.items():
        schema = json.loads((folder / name).read_text(encoding="utf-8"))
        assert schema["$schema"].startswith("https://json-schema.org/"), kind
    assert sorted(path.name for path in folder.glob("*.schema.json")) == sorted(FILE_NAMES.values())


def test_init_into_an_existing_empty_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "init", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "resources.yaml").is_file()


def test_init_refuses_a_folder_that_is_not_empty(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "my-pack"
    assert invoke(runner, "init", folder).exit_code == 0
    catalogue = folder / "resources.yaml"
    catalogue.write_text("# my own edits\n", encoding="utf-8")

    result = invoke(runner, "init", folder)
    assert result.exit_code == 1
    assert result.stderr == f"error: {folder} already exists and is not empty; choose a new folder name\n"
    assert result.stdout == ""
    assert catalogue.read_text(encoding="utf-8") == "# my own edits\n"


def test_the_starter_folder_validates(runner: CliRunner, tmp_path: Path, frozen_today: object) -> None:
    folder = tmp_path / "my-pack"
    assert invoke(runner, "init", folder).exit_code == 0
    result = invoke(runner, "validate", "--catalogue", folder / "resources.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning") == 1 and "packgen links --stamp" in result.stderr  # links never checked


# --- validate --------------------------------------------------------------------------------

def test_validate_the_bundled_catalogue(runner: CliRunner, bundled_catalogue_path: Path,
                                        frozen_today: object) -> None:
    result = invoke(runner, "validate", "--catalogue", bundled_catalogue_path)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{bundled_catalogue_path.name}:") and "no service has a `checked:` date" \
        in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == (f"{bundled_catalogue_path}: valid, with 1 warning (4 audiences, 16 services, "
                             "33 advice items, 10 documents)\n"
                             f"  read {_shown(bundled_catalogue_path)}, {BUNDLED_LAYOUTS} layouts (packgen's own)\n")


def _stale(minimal_catalogue: str) -> str:
    stale = minimal_catalogue.replace("  reviewed: 2026-11-01\n", "  reviewed: 2019-01-01\n")
    assert stale != minimal_catalogue
    return stale


STALE_WARNING = ("resources.yaml:7:13: pack.reviewed: warning: content last reviewed 2019-01-01, more than 6 months "
                 "ago; check it and update the date\n")


def test_validate_warns_about_a_stale_review(runner: CliRunner, write_file: WriteFile,
                                             minimal_catalogue: str) -> None:
    catalogue = write_file("resources.yaml", _stale(minimal_catalogue))
    result = invoke(runner, "validate", "--catalogue", catalogue)
    assert result.exit_code == 0
    assert result.stderr == STALE_WARNING
    assert result.stdout.splitlines()[0] == (f"{catalogue}: valid, with 1 warning (1 audiences, 1 services, "
                                             "1 advice items, 1 documents)")


def test_validate_strict_fails_on_a_stale_review(runner: CliRunner, write_file: WriteFile,
                                                 minimal_catalogue: str) -> None:
    catalogue = write_file("resources.yaml", _stale(minimal_catalogue))
    result = invoke(runner, "validate", "--strict", "--catalogue", catalogue)
    assert result.exit_code == 1
    assert result.stderr == STALE_WARNING + "error: --strict: warnings count as errors\n"


def test_quiet_validate_prints_nothing_for_warnings(runner: CliRunner, write_file: WriteFile,
                                                   minimal_catalogue: str) -> None:
    catalogue = write_file("resources.yaml", _stale(minimal_catalogue))
    result = invoke(runner, "--quiet", "validate", "--catalogue", catalogue)
    assert result.exit_code == 0
    assert result.output == ""


def test_validate_a_missing_catalogue_suggests_init(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "resources.yaml"
    result = invoke(runner, "validate", "--catalogue", missing)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no catalogue at {missing}; ")
    assert "packgen init" in result.stderr
    assert result.stdout == ""


def test_validate_reports_errors_on_stderr_only(runner: CliRunner, write_file: WriteFile,
                                                minimal_catalogue: str) -> None:
    catalogue = write_file("resources.yaml", minimal_catalogue.replace("layout: poster-a4", "layout: poster-a9"))
    result = invoke(runner, "validate", "--catalogue", catalogue)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "documents[0].layout: unknown layout 'poster-a9' (expected one of: " in result.stderr
    assert result.stderr.endswith("error: 1 error in 1 file\n")


# --- list ------------------------------------------------------------------------------------

def test_list_shows_every_document(runner: CliRunner, bundled_catalogue_path: Path, frozen_today: object) -> None:
    result = invoke(runner, "list", "--catalogue", bundled_catalogue_path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    sections = result.stdout.split("Layouts:\n")[1].split("Documents:\n")
    documents = [line.split()[0] for line in sections[1].splitlines()]
    assert documents == BUNDLED_DOCUMENTS
    layouts = [line.split()[0] for line in sections[0].splitlines()]
    assert layouts == sorted(path.stem for path in bundled_layouts_dir().glob("*.yaml"))
    for audience in ("young-people", "parents", "professionals", "adults"):
        assert f"  {audience} " in result.stdout


def test_list_counts_what_each_document_holds(runner: CliRunner, minimal_catalogue_path: Path,
                                              frozen_today: object) -> None:
    result = invoke(runner, "list", "--catalogue", minimal_catalogue_path)
    assert result.exit_code == 0, result.output
    line = result.stdout.split("Documents:\n")[1].strip()
    assert line.split()[:3] == ["young-people-poster", "young-people", "poster-a4"]
    assert line.endswith("1 advice, 1 service, 1 QR code")


def test_list_with_an_invalid_catalogue_fails(runner: CliRunner, write_file: WriteFile) -> None:
    result = invoke(runner, "list", "--catalogue", write_file("resources.yaml", "version: 1\n"))
    assert result.exit_code == 1
    assert result.stderr == ("resources.yaml:1:1: pack: required key 'pack' is missing\n"
                             "resources.yaml:1:1: audiences: required key 'audiences' is missing\n"
                             "error: 2 errors in 1 file\n")
    assert result.stdout == ""


# --- schema ----------------------------------------------------------------------------------

def test_schema_describes_services(runner: CliRunner) -> None:
    result = invoke(runner, "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == {"version", "pack", "audiences", "services", "advice", "documents"}
    service_ref = schema["properties"]["services"]["items"]["$ref"]
    service = schema["$defs"][service_ref.rsplit("/", 1)[1]]
    assert service["description"]
    assert service["additionalProperties"] is False
    assert {"id", "name", "summary", "phone", "email", "url", "audiences"} <= set(service["properties"])
    for name, spec in service["properties"].items():
        assert spec.get("description"), f"services[].{name} has no description"


def test_schema_describes_every_top_level_key(runner: CliRunner) -> None:
    schema = json.loads(invoke(runner, "schema").stdout)
    for name, spec in schema["properties"].items():
        described = spec.get("description") or schema["$defs"].get(spec.get("$ref", "#/$defs/").rsplit("/", 1)[1],
                                                                     {}).get("description")
        assert described, f"{name} has no description"


@pytest.mark.parametrize("kind", ["catalogue", "layout", "org"])
def test_schema_matches_the_committed_schema_file(runner: CliRunner, kind: str) -> None:
    """The schema files beside the bundled catalogue (used by editors) must not drift from the models."""
    result = invoke(runner, "schema", kind)
    assert result.exit_code == 0
    assert result.stdout == (bundled_root() / FILE_NAMES[kind]).read_text(encoding="utf-8")


def test_schema_of_an_unknown_kind_is_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "schema", "poster")
    assert result.exit_code == 2


# --- build and verify ------------------------------------------------------------------------

def test_build_then_verify(runner: CliRunner, minimal_catalogue_path: Path, frozen_today: object) -> None:
    output = minimal_catalogue_path.parent / "output"
    result = invoke(runner, "build", "--catalogue", minimal_catalogue_path)
    assert result.exit_code == 0, result.output
    assert (output / "young-people-poster.pdf").read_bytes().startswith(b"%PDF-")
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in manifest["documents"]] == ["young-people-poster"]
    assert manifest["documents"][0]["urls"] == ["https://www.childline.org.uk/"]
    assert result.stdout.splitlines()[-1].startswith(f"1 built, 0 unchanged, in {output} (")
    row = result.stdout.splitlines()[1].split()
    assert row[:5] == ["young-people-poster", "young-people", "poster-a4", "1", "1"]
    assert result.stdout.splitlines()[1].endswith("built: new document")

    again = invoke(runner, "build", "--catalogue", minimal_catalogue_path)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1].startswith(f"0 built, 1 unchanged, in {output} (")

    verified = invoke(runner, "verify", "--catalogue", minimal_catalogue_path)
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.splitlines()[-1] == "all 1 documents verified"
    assert verified.stdout.split()[:2] == ["young-people-poster", "1"]


def test_build_with_an_unknown_document_fails(runner: CliRunner, minimal_catalogue_path: Path,
                                              frozen_today: object) -> None:
    result = invoke(runner, "build", "--catalogue", minimal_catalogue_path, "--only", "nope")
    assert result.exit_code == 1
    assert result.stderr == "error: unknown document 'nope' (expected one of: young-people-poster)\n"
    assert not (minimal_catalogue_path.parent / "output").exists()


def test_build_with_no_matching_document_fails(runner: CliRunner, minimal_catalogue_path: Path,
                                               frozen_today: object) -> None:
    result = invoke(runner, "build", "--catalogue", minimal_catalogue_path, "--audience", "parents")
    assert result.exit_code == 1
    assert "no document matches those filters" in result.stderr


def test_verify_without_a_build_fails(runner: CliRunner, minimal_catalogue_path: Path,
                                      frozen_today: object) -> None:
    result = invoke(runner, "verify", "--catalogue", minimal_catalogue_path)
    assert result.exit_code == 1
    assert "young-people-poster.pdf is missing; run `packgen build`" in result.stderr
    assert result.stderr.endswith("error: 1 of 1 documents failed verification\n")


def test_build_of_an_invalid_catalogue_writes_nothing(runner: CliRunner, write_file: WriteFile,
                                                      minimal_catalogue: str) -> None:
    catalogue = write_file("resources.yaml", minimal_catalogue.replace("priority: 1", "priority: first"))
    result = invoke(runner, "build", "--catalogue", catalogue)
    assert result.exit_code == 1
    assert "advice[0].priority: wrong type" in result.stderr
    assert not (catalogue.parent / "output").exists()


# --- what the light commands import ------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["--help"],
    ["validate", "--catalogue", "{bundled}"],
    ["list", "--catalogue", "{bundled}"],
    ["schema"],
], ids=["help", "validate", "list", "schema"])
def test_light_commands_do_not_import_reportlab(args: list[str], bundled_catalogue_path: Path, tmp_path: Path) -> None:
    argv = [arg.format(bundled=bundled_catalogue_path) for arg in args]
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import packgen.cli\n"
        f"result = CliRunner().invoke(packgen.cli.main, {argv!r})\n"
        "assert result.exit_code == 0, result.output\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('reportlab'))\n"
        "assert not loaded, loaded\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert completed.returncode == 0, completed.stderr
