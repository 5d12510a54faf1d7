"""Error goldens: each bad catalogue next to the exact lines `packgen validate` must print.

``tests/goldens/<case>.yaml`` is MINIMAL_CATALOGUE (conftest.py) with one thing broken, and
``tests/goldens/<case>.expected`` is what ``packgen validate`` prints on stderr for it: one
``file:line:col: path: message`` line per problem and the summary line. Cases that need bytes no
text file should hold (not UTF-8, over the size limit) are made from MINIMAL_CATALOGUE here, but
their expected output is a golden file all the same. ``pytest --update-goldens`` rewrites the
``.expected`` files from packgen's current output: read the diff before committing it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import packgen.catalogue.project  # noqa: F401  (imported up front so no case pays for the import)
from packgen.catalogue.bundled import bundled_layouts_dir
from packgen.catalogue.yaml_source import YamlRejected, load_yaml
from packgen.cli import main

GOLDENS = Path(__file__).parent / "goldens"


def _non_utf8(base: str) -> bytes:
    """MINIMAL_CATALOGUE saved as Latin-1, with an e-acute in the publisher's name."""
    old = 'publisher: "Test Cyber Protect"'
    assert base.count(old) == 1
    return base.replace(old, 'publisher: "Caf\u00e9 Cyber Protect"').encode("latin-1")


def _oversize(base: str) -> bytes:
    """MINIMAL_CATALOGUE padded with comment lines to one byte over 10,000,000."""
    target = 10_000_001
    data = base.encode()
    line = b"#" + b"x" * 98 + b"\n"
    count, rest = divmod(target - len(data), len(line))
    data += line * count + b"#" * (rest - 1) + b"\n"
    assert len(data) == target
    return data


def _control_in_comment(base: str) -> bytes:
    """MINIMAL_CATALOGUE with a BEL character (as pasted from a PDF) inside its first comment."""
    return base.replace("# ", "# \x07", 1).encode()


GENERATED: dict[str, Callable[[str], bytes]] = {"non-utf8": _non_utf8, "oversize": _oversize,
                                                "control-character-in-comment": _control_in_comment}

# Cases where packgen's output is known to be wrong: their .expected files hold the right
# output, written by hand, so --update-goldens leaves them alone.
KNOWN_BUGS: dict[str, str] = {}

# Warnings alone do not fail validation.
EXIT_CODES = {"url-http-warning": 0, "literal-phone-warning": 0}

STATIC_CASES = sorted(path.stem for path in GOLDENS.glob("*.yaml"))
CASES = sorted(STATIC_CASES + list(GENERATED))
SUMMARY = re.compile(r"^error: \d+ errors? (and \d+ warnings? )?in \d+ files?$")


def _param(case: str) -> object:
    marks = [pytest.mark.xfail(reason=KNOWN_BUGS[case], strict=True)] if case in KNOWN_BUGS else []
    return pytest.param(case, id=case, marks=marks)


def case_bytes(case: str, base: str) -> bytes:
    if case in GENERATED:
        return GENERATED[case](base)
    return (GOLDENS / f"{case}.yaml").read_bytes()


def run_validate(runner: CliRunner, catalogue: Path, *extra: str) -> Result:
    """How long validation takes is the benchmark's business (bench/bench.py), not a golden's."""
    return runner.invoke(main, ["validate", "--catalogue", str(catalogue), *extra])


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_validation_golden(case: str, runner: CliRunner, write_file: Callable[[str, str | bytes], Path],
                           minimal_catalogue: str, frozen_today: object, update_goldens: bool) -> None:
    catalogue = write_file(f"{case}.yaml", case_bytes(case, minimal_catalogue))
    result = run_validate(runner, catalogue)

    expected_file = GOLDENS / f"{case}.expected"
    if update_goldens and case not in KNOWN_BUGS:
        expected_file.write_text(result.stderr, encoding="utf-8")
    assert expected_file.is_file(), f"no golden for {case}: run pytest --update-goldens, then check the file"
    expected = expected_file.read_text(encoding="utf-8")

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.stderr == expected
    assert result.exit_code == EXIT_CODES.get(case, 1), result.output
    lines = result.stderr.splitlines()
    assert lines, "no problem was reported"
    messages = lines[:-1] if result.exit_code else lines
    for line in messages:
        assert re.match(rf"^{re.escape(case)}\.yaml:\d+:\d+: ", line), f"no file:line:col in {line!r}"
    if result.exit_code:
        assert SUMMARY.match(lines[-1]), lines[-1]
        assert result.stdout == ""
    else:
        assert result.stdout.startswith(f"{catalogue}: valid, with ")


def test_every_golden_has_a_case() -> None:
    orphans = {path.stem for path in GOLDENS.glob("*.expected")} - set(CASES)
    assert not orphans


def test_minimal_catalogue_is_valid(runner: CliRunner, minimal_catalogue_path: Path, frozen_today: object) -> None:
    """The base every golden case breaks must itself be clean, so each case has only its own problem."""
    result = run_validate(runner, minimal_catalogue_path, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == (f"{minimal_catalogue_path}: valid (1 audiences, 1 services, 1 advice "
                                             "items, 1 documents)")


def test_static_cases_are_built_from_the_base(minimal_catalogue: str) -> None:
    """Each static case keeps the base's shape, so its line numbers are the base's (no stray edits)."""
    base = minimal_catalogue.splitlines()
    for case in STATIC_CASES:
        lines = (GOLDENS / f"{case}.yaml").read_text(encoding="utf-8").splitlines()
        if len(lines) < 5:  # empty, comments-only, list-not-mapping: not derived from the base
            continue
        assert lines[0].startswith(f"# Golden case {case}: "), case
        removed = [line for line in difflib.ndiff(base[1:], lines[1:]) if line.startswith("- ")]
        assert len(removed) <= 6, f"{case} rewrites too much of the base: {removed}"


def test_a_low_contrast_user_layout_names_its_contrast(
        runner: CliRunner, write_file: Callable[[str, str | bytes], Path], minimal_catalogue: str,
        frozen_today: object) -> None:
    """Layout problems are reported too, with the layout's file and the measured contrast."""
    bundled = (bundled_layouts_dir() / "poster-a4.yaml").read_text(encoding="utf-8")
    pale = re.sub(r'text: "#[0-9a-f]{6}"', 'text: "#eeeeee"', bundled)
    assert pale != bundled
    write_file("layouts/poster-a4.yaml", pale)
    result = run_validate(runner, write_file("resources.yaml", minimal_catalogue))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    problems = [line for line in result.stderr.splitlines() if line.startswith("layouts/poster-a4.yaml:")]
    assert len(problems) == 1, result.stderr
    assert problems[0].endswith(": theme.text on theme.background has contrast 1.16:1; at least 4.5:1 is needed")


def test_an_invalid_layout_is_not_also_reported_as_unknown(
        runner: CliRunner, write_file: Callable[[str, str | bytes], Path], minimal_catalogue: str,
        frozen_today: object) -> None:
    bundled = (bundled_layouts_dir() / "poster-a4.yaml").read_text(encoding="utf-8")
    write_file("layouts/poster-a4.yaml", bundled.replace("qr: {size_mm: 32", "qr: {size_mm: 12"))
    result = run_validate(runner, write_file("resources.yaml", minimal_catalogue))
    assert result.exit_code == 1
    assert "layouts/poster-a4.yaml:" in result.stderr
    assert "unknown layout" not in result.stderr, result.stderr


# A tag names a Python constructor; whatever node it sits on, the reader must refuse it rather
# than drop it and keep the data.
TAGGED = {
    "scalar": 'title: !!python/object/apply:os.system "echo hi"\n',
    "list": 'title: !!python/object/apply:os.system ["echo hi"]\n',
    "mapping": "title: !!python/object:os.system {cmd: echo hi}\n",
    "set": "title: !!set {a, b}\n",
}
@pytest.mark.parametrize("shape", [
    pytest.param(shape)
    for shape in TAGGED
])
def test_load_yaml_refuses_any_tag(shape: str, write_file: Callable[[str, str | bytes], Path]) -> None:
    path = write_file("tagged.yaml", TAGGED[shape])
    with pytest.raises(YamlRejected) as caught:
        load_yaml(path)
    problem = caught.value.problem
    assert (problem.line, problem.column, problem.path) == (1, 8, "title")
    assert "is not allowed here" in problem.message


def test_validate_rejects_a_python_tag_on_a_list_that_is_otherwise_valid(
        runner: CliRunner, write_file: Callable[[str, str | bytes], Path], minimal_catalogue: str,
        frozen_today: object) -> None:
    """The worst case: the tagged value has the right type, so the catalogue passes validation."""
    old = "    audiences: [young-people]\n    priority: 1\n"
    text = minimal_catalogue.replace(old, "    audiences: !!python/object/apply:os.system [young-people]\n"
                                          "    priority: 1\n")
    assert text != minimal_catalogue
    result = run_validate(runner, write_file("resources.yaml", text))
    assert result.exit_code == 1
    assert re.search(r"^resources\.yaml:\d+:\d+: advice\[0\]\.audiences: the YAML tag ", result.stderr, re.M)


def test_a_file_with_too_many_values_is_refused(
        runner: CliRunner, write_file: Callable[[str, str | bytes], Path], minimal_catalogue: str) -> None:
    text = minimal_catalogue + "notes: [" + ",".join(["1"] * 200_001) + "]\n"
    result = run_validate(runner, write_file("resources.yaml", text))
    assert result.exit_code == 1
    assert "more than 200,000 values" in result.stderr
