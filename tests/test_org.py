"""The org profile: validation goldens for ``org.yaml``, the reusable check for plain data (what
``packgen batch`` calls for a spreadsheet row), brand-colour contrast, and plan fingerprints.

``tests/goldens/org/<case>.yaml`` is an ``org.yaml`` with one thing wrong and ``<case>.expected``
what ``packgen validate --org`` prints for it. Image files the cases need are made here with
Pillow (``SETUP``), not committed. ``pytest --update-goldens`` rewrites the ``.expected`` files.
"""

from __future__ import annotations

import colorsys
import dataclasses
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from packgen.build.inputs import document_inputs, input_hash
from packgen.catalogue.contrast import contrast_ratio, nearest_passing_shade
from packgen.catalogue.org import DEFAULT_CONTACTS_HEADING, OrgBranding, check_org
from packgen.catalogue.project import Project, load_project
from packgen.cli import main
from packgen.i18n.words import ENGLISH
from packgen.plan.documents import DocumentPlan, plan_documents

GOLDENS = Path(__file__).parent / "goldens" / "org"
REPO_ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"^error: \d+ errors? in \d+ files?$")


def write_png(path: Path, size: tuple[int, int] = (300, 120), colour: str = "#14532d") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "PNG")
    return path


def _truncated_png(path: Path) -> None:
    write_png(path, (400, 400), "#123456")
    Image.effect_noise((400, 400), 80).save(path, "PNG")  # noise compresses badly: the cut lands in the pixels
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


# What each case needs beside its org.yaml, in the pack folder (`pack`) or above it.
SETUP: dict[str, Callable[[Path], object]] = {
    "logo-escape": lambda pack: write_png(pack.parent / "shared" / "crest.png"),
    "logo-not-an-image": lambda pack: (pack / "crest.png").write_text("name,logo\nHillside,crest.png\n"),
    "logo-svg": lambda pack: (pack / "crest.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'),
    "logo-oversize": lambda pack: (pack / "crest.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 5_000_000),
    "logo-too-many-pixels": lambda pack: write_png(pack / "crest.png", (6000, 10)),
    "logo-too-few-pixels": lambda pack: write_png(pack / "crest.png", (40, 40)),
    "logo-truncated": lambda pack: _truncated_png(pack / "crest.png"),
    "missing-name": lambda pack: write_png(pack / "crest.png"),
}
CASES = sorted(path.stem for path in GOLDENS.glob("*.yaml"))


@pytest.fixture
def pack(tmp_path: Path, minimal_catalogue: str) -> Path:
    """A pack folder holding MINIMAL_CATALOGUE; org.yaml goes beside it."""
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "resources.yaml").write_text(minimal_catalogue, encoding="utf-8")
    return folder


def validate(runner: CliRunner, pack: Path) -> tuple[int, str, str]:
    result = runner.invoke(main, ["validate", "--catalogue", str(pack / "resources.yaml"),
                                  "--org", str(pack / "org.yaml")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


# --- goldens ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_org_golden(case: str, runner: CliRunner, pack: Path, frozen_today: object, update_goldens: bool) -> None:
    (pack / "org.yaml").write_bytes((GOLDENS / f"{case}.yaml").read_bytes())
    SETUP.get(case, lambda _: None)(pack)
    code, stdout, stderr = validate(runner, pack)

    expected_file = GOLDENS / f"{case}.expected"
    if update_goldens:
        expected_file.write_text(stderr, encoding="utf-8")
    assert stderr == expected_file.read_text(encoding="utf-8")
    assert code == 1 and stdout == ""
    lines = stderr.splitlines()
    assert all(re.match(r"^org\.yaml:\d+:\d+: \S+: ", line) for line in lines[:-1]), lines
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert str(pack.parent) not in stderr, "messages name paths as the user wrote them, not where tests run"


def test_every_org_golden_has_its_expected_output() -> None:
    assert {p.stem for p in GOLDENS.glob("*.expected")} == set(CASES)
    assert set(SETUP) <= set(CASES)


def test_a_good_profile_validates_clean(runner: CliRunner, pack: Path, frozen_today: object) -> None:
    write_png(pack / "images" / "crest.png")
    (pack / "org.yaml").write_text('name: "Hillside Academy"\nlogo: images/crest.png\nprimary: "#14532d"\n'
                                   'contacts: ["Mrs A Patel, DSL - Room 14"]\n', encoding="utf-8")
    code, stdout, stderr = validate(runner, pack)
    assert (code, stderr) == (0, "")
    assert stdout.startswith(f"{pack / 'resources.yaml'}: valid (")


def test_org_yaml_beside_the_catalogue_is_found_without_flags(runner: CliRunner, pack: Path,
                                                              frozen_today: object) -> None:
    (pack / "org.yaml").write_text("name: Hillside\nlogo: nope.png\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--catalogue", str(pack / "resources.yaml")])
    assert result.exit_code == 1
    assert result.stderr.startswith("org.yaml:2:7: logo: file not found")


def test_validating_a_logo_does_not_import_reportlab(pack: Path) -> None:
    write_png(pack / "crest.png")
    (pack / "org.yaml").write_text("name: Hillside\nlogo: crest.png\n", encoding="utf-8")
    script = ("import sys\nfrom click.testing import CliRunner\nimport packgen.cli\n"
              f"r = CliRunner().invoke(packgen.cli.main, ['validate', '-c', {str(pack / 'resources.yaml')!r}])\n"
              "assert r.exit_code == 0, r.output\n"
              "assert not [m for m in sys.modules if m.startswith('reportlab')]\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert done.returncode == 0, done.stderr


# --- the reusable check (batch) --------------------------------------------------------------------


def test_check_org_on_plain_data_resolves_and_hashes_the_logo(tmp_path: Path) -> None:
    logo = write_png(tmp_path / "logos" / "st-marys.png", (500, 200))
    org, issues = check_org({"name": "St Mary's", "logo": "logos/st-marys.png", "contacts": ["Office: 01234 567890"]},
                            tmp_path)
    assert issues == []
    assert isinstance(org, OrgBranding)
    assert org.logo is not None and org.logo.path == logo.resolve() and org.logo.path.is_absolute()
    assert (org.logo.width_px, org.logo.height_px, org.logo.format) == (500, 200, "PNG")
    assert org.contacts_heading == ""   # none given: the printed words' heading, in each document's language
    assert org.printed(ENGLISH).contacts_heading == DEFAULT_CONTACTS_HEADING == "Locally, contact"
    assert "path" not in org.model_dump()["logo"], "where the logo lies is not part of the fingerprint"


def test_check_org_reports_every_problem_with_its_key_path(tmp_path: Path) -> None:
    org, issues = check_org({"name": "", "logo": "../x.png", "primary": "#6fa8dc", "contacts": ["ok", ""],
                             "colour": "red"}, tmp_path)
    assert org is None
    assert [path for path, _ in issues] == [("name",), ("primary",), ("contacts", 1), ("colour",), ("logo",)]
    assert all(isinstance(message, str) and message for _, message in issues)


def test_check_org_is_not_fooled_by_a_symlink_out_of_the_folder(tmp_path: Path) -> None:
    outside = write_png(tmp_path / "outside.png")
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "crest.png").symlink_to(outside)
    _, issues = check_org({"name": "X", "logo": "crest.png"}, tmp_path / "pack")
    assert issues == [(("logo",), "the logo must be inside the profile's folder (found 'crest.png', "
                                   "which leads out of it)")]


def test_a_jpeg_with_a_png_name_is_accepted_by_its_bytes(tmp_path: Path) -> None:
    Image.new("RGB", (200, 200), "#123456").save(tmp_path / "crest.png", "JPEG")
    org, issues = check_org({"name": "X", "logo": "crest.png"}, tmp_path)
    assert issues == [] and org is not None and org.logo is not None and org.logo.format == "JPEG"


# --- contrast ------------------------------------------------------------------------------------


def _hls(colour: str) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))


@pytest.mark.parametrize("colour", ["#6fa8dc", "#ffcc00", "#00ff00", "#e63946", "#ffffff"])
def test_the_suggested_shade_passes_keeps_the_hue_and_is_the_nearest(colour: str) -> None:
    shade = nearest_passing_shade(colour, "#ffffff")
    assert shade is not None and contrast_ratio(shade, "#ffffff") >= 4.5
    (hue, light, sat), (shade_hue, shade_light, _) = _hls(colour), _hls(shade)
    assert sat == 0 or abs(hue - shade_hue) < 0.02
    # A shade a little lighter (nearer the original) would not pass.
    lighter = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(shade_hue, shade_light + 0.01, sat))
    assert contrast_ratio(lighter, "#ffffff") < 4.5 and shade_light < light


def test_a_passing_colour_is_its_own_nearest_shade() -> None:
    assert nearest_passing_shade("#1D3557", "#ffffff") == "#1d3557"


# --- plans and their rebuild keys ----------------------------------------------------------------------


def _project(pack: Path, org_yaml: str) -> Project:
    (pack / "org.yaml").write_text(org_yaml, encoding="utf-8")
    return load_project(pack / "resources.yaml", pack / "org.yaml")


def _plans(project: Project) -> list[DocumentPlan]:
    return plan_documents(project.catalogue, project.layouts, org=project.org)


def rebuild_key(plan: DocumentPlan) -> str:
    """What decides whether a document is rebuilt: the hash of its inputs (packgen.build.inputs)."""
    return input_hash(document_inputs(plan))


def _fingerprints(pack: Path, org_yaml: str) -> list[str]:
    return [rebuild_key(plan) for plan in _plans(_project(pack, org_yaml))]


ORG = 'name: "Hillside Academy"\nlogo: crest.png\ncontacts: ["Mrs A Patel, DSL"]\n'


def test_fingerprint_follows_the_org_name_and_logo_bytes_only(pack: Path, frozen_today: object) -> None:
    write_png(pack / "crest.png")
    base = _fingerprints(pack, ORG)
    assert _fingerprints(pack, ORG) == base, "the same inputs give the same fingerprint"
    renamed = _fingerprints(pack, ORG.replace("Hillside Academy", "Hillside School"))
    assert all(a != b for a, b in zip(base, renamed))
    write_png(pack / "crest.png", colour="#8b0000")  # same name, other bytes
    assert all(a != b for a, b in zip(base, _fingerprints(pack, ORG)))


def test_fingerprint_ignores_where_the_logo_lies(tmp_path: Path, minimal_catalogue: str,
                                                 frozen_today: object) -> None:
    prints = []
    for folder in ("one", "two/deeper"):
        pack = tmp_path / folder
        pack.mkdir(parents=True)
        (pack / "resources.yaml").write_text(minimal_catalogue, encoding="utf-8")
        write_png(pack / "crest.png")
        prints.append(_fingerprints(pack, ORG))
    assert prints[0] == prints[1]


def test_the_plan_carries_the_brand_colours_and_the_resolved_logo(pack: Path, frozen_today: object) -> None:
    write_png(pack / "crest.png")
    project = _project(pack, ORG + 'primary: "#14532d"\naccent: "#9d174d"\n')
    plan = _plans(project)[0]
    assert (plan.layout.theme.primary, plan.layout.theme.accent) == ("#14532d", "#9d174d")
    assert plan.layout.theme.text == project.layouts[plan.layout.id].theme.text
    assert plan.org is not None and plan.org.logo is not None
    assert plan.org.logo.path == (pack / "crest.png").resolve()
    without = dataclasses.replace(plan, org=None)
    assert rebuild_key(without) != rebuild_key(plan)


def test_a_colour_failing_a_custom_layouts_dark_background_is_reported(pack: Path, frozen_today: object) -> None:
    from packgen.catalogue.bundled import bundled_layouts_dir

    layout = (bundled_layouts_dir() / "poster-a4.yaml").read_text(encoding="utf-8")
    dark = re.sub(r'theme: \{.*\}', 'theme: {primary: "#f4d35e", accent: "#ffb4a2", text: "#f5f5f5", '
                  'background: "#111111"}', layout)
    (pack / "layouts").mkdir()
    (pack / "layouts" / "poster-a4.yaml").write_text(dark, encoding="utf-8")
    from packgen.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as failed:
        _project(pack, 'name: X\nprimary: "#14532d"\n')
    assert [str(p) for p in failed.value.errors] == [
        "org.yaml:2:10: primary: #14532d has contrast 2.07:1 against the layout's background #111111; at least "
        "4.5:1 is needed: the nearest passing shade is #228e4d"]
