"""A first run a school could follow, and messages a non-programmer can act on (issue 12, classes 8-9)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packs import Pack, build, copy_bundled_catalogue, read_yaml, run_cli, write_yaml

import packgen.render
from packgen.catalogue.bundled import bundled_layouts_dir

BUNDLED_LAYOUTS = len(list(bundled_layouts_dir().glob("*.yaml")))

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    folder = tmp_path_factory.mktemp("first-run") / "pack"
    catalogue = copy_bundled_catalogue(folder)
    data = read_yaml(catalogue)
    data["documents"] = [d for d in data["documents"] if d["id"] in ("adults-poster", "parents-leaflet")]
    write_yaml(catalogue, data)
    pack = Pack(catalogue, folder / "output")
    assert build(pack.catalogue, pack.output).exit_code == 0
    return pack


@pytest.fixture
def pack(built: Pack, tmp_path: Path) -> Pack:
    return built.copy_to(tmp_path / "pack")


# --- init, flags, validate -------------------------------------------------------------------------


def test_init_prints_next_steps_that_work_exactly_as_printed(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run([sys.executable, "-m", "packgen", "init", "my school pack"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    steps = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    assert steps[0] == "cd 'my school pack'" and steps[1].endswith("validate") and steps[2].endswith("build")
    script = " && ".join(steps[:2]) + " && " + steps[2] + " --only adults-poster -j 1"
    ran = subprocess.run(["sh", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (tmp_path / "my school pack" / "output" / "index.html").is_file()
    assert "output/index.html" in done.stdout


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_after_the_command(built: Pack, flag: str) -> None:
    result = run_cli("build", "-c", str(built.catalogue), "-o", str(built.output), flag)
    assert result.exit_code == 0 and result.stdout == ""


def test_verbose_after_the_command_lists_every_file_read(built: Pack) -> None:
    result = run_cli("validate", "-c", str(built.catalogue), "-v")
    assert result.exit_code == 0
    assert sum(line.startswith("  read ") for line in result.stdout.splitlines()) >= 1 + 1 + 7


def test_validate_names_every_file_it_read_the_org_profile_included(pack: Pack) -> None:
    from PIL import Image

    Image.new("RGB", (300, 200), "#1d3557").save(pack.catalogue.parent / "crest.png")
    (pack.catalogue.parent / "org.yaml").write_text('name: "St Mary\'s"\nlogo: crest.png\n', encoding="utf-8")
    result = run_cli("validate", "-c", str(pack.catalogue))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("  read "))
    assert "resources.yaml" in line and f"{BUNDLED_LAYOUTS} layouts" in line and "org.yaml" in line and "crest.png" in line


def test_adding_an_org_profile_says_org_profile_changed(pack: Pack) -> None:
    (pack.catalogue.parent / "org.yaml").write_text('name: "St Mary\'s"\nprimary: navy\n', encoding="utf-8")
    result = build(pack.catalogue, pack.output)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith(("adults-poster", "parents-leaflet"))]
    assert rows and all(row.endswith("built: org profile changed") for row in rows), rows


# --- messages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("colour, expected", [("green", None), ("Navy", None), ("#abc", "#aabbcc has contrast"),
                                              ("gren", "did you mean 'green' (#008000)?")])
def test_css_colour_names_are_accepted_or_a_near_one_suggested(pack: Pack, colour: str, expected: str | None) -> None:
    (pack.catalogue.parent / "org.yaml").write_text(f'name: "School"\nprimary: "{colour}"\n', encoding="utf-8")
    result = run_cli("validate", "-c", str(pack.catalogue))
    if expected is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1 and expected in result.stderr


def test_a_folder_where_index_html_should_be_is_named(pack: Pack) -> None:
    (pack.output / "index.html").unlink()
    (pack.output / "index.html").mkdir()
    result = build(pack.catalogue, pack.output, "--force")
    assert result.exit_code == 1
    assert f"error: could not use {pack.output / 'index.html'}: it is a folder" in result.stderr
    assert ".tmp" not in result.output


def test_a_failed_build_marks_its_documents_out_of_date(pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    real = packgen.render.render_document

    def fail_leaflet(plan):  # type: ignore[no-untyped-def]
        if plan.id == "parents-leaflet":
            from packgen.errors import UserError

            raise UserError("document parents-leaflet: simulated problem")
        return real(plan)

    monkeypatch.setattr(packgen.render, "render_document", fail_leaflet)
    data = read_yaml(pack.catalogue)
    data["pack"]["publisher"] = "Another Team"
    write_yaml(pack.catalogue, data)
    before = (pack.output / "parents-leaflet.pdf").read_bytes()
    result = build(pack.catalogue, pack.output, "-j", "1")
    assert result.exit_code == 1
    assert "parents-leaflet              out of date: the last build failed" in result.stdout
    assert (pack.output / "parents-leaflet.pdf").read_bytes() == before
    page = (pack.output / "index.html").read_text(encoding="utf-8")
    card = page[page.index('id="doc-parents-leaflet"'):]
    assert "Out of date: the last build failed." in card[:2000]
    assert "Out of date" not in page[page.index('id="doc-adults-poster"'):][:1500]


# --- packaging and the README ----------------------------------------------------------------------


def test_the_licence_is_an_spdx_string_and_the_file_ships() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert project["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "hypothesis" in " ".join(project["project"]["optional-dependencies"]["test"])


def test_the_readme_starts_with_what_a_school_does_and_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = readme[:6000]
    for step in ("make pack", "output/index.html", "packgen init", "org.yaml", "print", "email", "packgen links"):
        assert step in first_screen, step
    for page in ("docs/design.md", "docs/architecture.md", "docs/performance.md"):
        assert f"]({page})" in readme, page
        assert (ROOT / page).is_file(), page


# --- what validates, builds or names the problem -------------------------------------------------------


def test_a_url_too_long_for_the_layouts_qr_size_is_named(pack: Pack) -> None:
    data = read_yaml(pack.catalogue)
    service = next(s for s in data["services"] if s.get("url") and "parents" in s["audiences"])
    service["url"] = "https://example.org/" + "a" * 700
    write_yaml(pack.catalogue, data)
    assert run_cli("validate", "-c", str(pack.catalogue)).exit_code == 0
    result = build(pack.catalogue, pack.output, "-j", "1")
    assert result.exit_code == 1
    assert "is too long for a" in result.stderr and "use a shorter official URL" in result.stderr
    assert "bug" not in result.output


@pytest.mark.parametrize("layout", ["poster-a4", "leaflet-a4", "trifold-a4", "cards-a4"])
def test_a_document_with_nothing_to_show_is_named(tmp_path: Path, layout: str) -> None:
    catalogue = copy_bundled_catalogue(tmp_path)
    data = read_yaml(catalogue)
    data["documents"] = [{"id": "empty-doc", "audience": data["audiences"][0]["id"], "layout": layout,
                          "title": "Nothing here", "advice": [], "services": []}]
    write_yaml(catalogue, data)
    result = build(catalogue, tmp_path / "output", "-j", "1")
    assert "Traceback" not in result.output and "bug" not in result.output
    if result.exit_code:
        assert "empty-doc has nothing to show" in result.stderr
