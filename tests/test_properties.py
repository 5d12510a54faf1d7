"""Property tests: whatever a catalogue, org profile or spreadsheet holds, packgen never shows a
traceback, and a catalogue `validate` accepts builds, or the build names the problem.

Generated inputs mix plausible values with what hand editing and copy-paste bring: control and
noncharacters, quotes, colons, backslashes, right-to-left marks, accents, CJK, long words, URLs that
are too long or not ASCII, colour names. The number of examples is bounded so the whole file runs in
seconds; a failing example is printed by hypothesis and should become a golden or a unit test.
"""

from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packgen.batch.org_table import read_org_table
from packgen.batch.run import check_row
from packgen.catalogue.fields import ID_PATTERN
from packgen.catalogue.project import load_project
from packgen.cli import main
from packgen.errors import UserError

ODD = ["\x07", "\x00", "\x1b", "\uffff", "\ufffe", "\u2028", "\u202e", "\u200b", "\u0301", "\t", "\r",
       ":", ": ", '"', "'", "\\", "\\n", "#", "{", "}", "[", "]", "**", "*", "&", "!", "%", "@", "=", "-",
       "é", "Ш", "日本", "ß", "🙂", "\ud7ff", " " * 3, "x" * 80]
TEXT = st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=12)), max_size=6).map("".join)
PLAIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.'", min_size=1, max_size=40).map(str.strip).filter(bool)
WORDS = st.one_of(PLAIN, PLAIN, TEXT)
PRINTABLE = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=30)
# Values validation accepts more often, so that builds are really tried: odd but printable text.
VALID_WORDS = st.one_of(PLAIN, PLAIN, PRINTABLE, st.sampled_from(["é Ш ß 🙂", "x" * 120, "a: b", "\\ \" ' #",
                                                                 "**bold** text", "\u202eright to left"]))
VALID_URL = st.one_of(st.just("https://www.childline.org.uk/"), st.just("https://example.org/a?b=c#d"),
                      st.builds(lambda n: "https://example.org/" + "a" * n, st.integers(0, 900)))
URL = st.one_of(st.just("https://www.childline.org.uk/"), st.just("https://example.org/path?q=1"),
                st.builds(lambda tail: "https://example.org/" + tail, TEXT),
                st.builds(lambda n: "https://example.org/" + "a" * n, st.integers(0, 1200)),
                st.just("https://bücher.de/é"), st.just("http://example.org"), st.just("javascript:alert(1)"),
                TEXT)
PHONE = st.one_of(st.just("0800 1111"), st.just("+44 20 7946 0000"), st.just("101"), TEXT)
COLOUR = st.one_of(st.just("#1b3a5c"), st.just("#6fa8dc"), st.just("green"), st.just("#fff"), st.just("navy"),
                   TEXT)
LAYOUTS = ["poster-a4", "poster-a3", "leaflet-a4", "trifold-a4", "cards-a4", "poster-letter", "poster-a4-bleed"]
EXAMPLES_BUILD = 20
EXAMPLES_VALIDATE = 60
BUILT: list[int] = []  # how many generated catalogues validated and were built (for the health check)


@st.composite
def catalogues(draw: st.DrawFn, WORDS: Any = WORDS, URL: Any = URL, PHONE: Any = PHONE) -> dict[str, Any]:
    services = []
    for index in range(draw(st.integers(0, 3))):
        service: dict[str, Any] = {"id": f"service-{index}", "name": draw(WORDS), "summary": draw(WORDS),
                                   "audiences": ["everyone"]}
        if draw(st.booleans()):
            service["url"] = draw(URL)
        if draw(st.booleans()) or "url" not in service:
            service["phone"] = draw(PHONE)
        if draw(st.booleans()):
            service["display_url"] = draw(WORDS)
        services.append(service)
    advice = [{"id": f"advice-{index}", "title": draw(WORDS), "body": draw(WORDS), "audiences": ["everyone"],
               **({"short": draw(WORDS)} if draw(st.booleans()) else {}),
               **({"points": draw(st.lists(WORDS, max_size=3))} if draw(st.booleans()) else {})}
              for index in range(draw(st.integers(0, 3)))]
    document: dict[str, Any] = {"id": "doc", "audience": "everyone", "layout": draw(st.sampled_from(LAYOUTS)),
                                "title": draw(WORDS)}
    if draw(st.booleans()):
        document["tagline"] = draw(WORDS)
    return {"version": 1,
            "pack": {"title": draw(WORDS), "publisher": draw(WORDS), "language": "en-GB",
                     "reviewed": "2026-11-01", "review_every_months": 6},
            "audiences": [{"id": "everyone", "label": draw(WORDS)}],
            "services": services, "advice": advice, "documents": [document]}


@st.composite
def catalogue_texts(draw: st.DrawFn) -> str:
    """A generated catalogue as YAML, sometimes with a careless edit pasted in somewhere."""
    text = yaml.safe_dump(draw(catalogues()), allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(TEXT) + text[at:]
    return text


@st.composite
def org_profiles(draw: st.DrawFn) -> str:
    org: dict[str, Any] = {"name": draw(WORDS)}
    for key in ("primary", "accent"):
        if draw(st.booleans()):
            org[key] = draw(COLOUR)
    if draw(st.booleans()):
        org["contacts"] = draw(st.lists(WORDS, max_size=4))
    if draw(st.booleans()):
        org["footer"] = draw(WORDS)
    return yaml.safe_dump(org, allow_unicode=True)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "this is a bug in packgen" not in result.output, result.output


def check_folder(folder: Path, build: bool) -> None:
    catalogue = str(folder / "resources.yaml")
    validated = invoke("validate", "-c", catalogue)
    assert_no_traceback(validated)
    if validated.exit_code == 1:
        assert "error:" in validated.output
    if validated.exit_code == 0 and build:
        BUILT.append(1)
        built = invoke("build", "-c", catalogue, "-o", str(folder / "output"), "--jobs", "1")
        assert_no_traceback(built)
        if built.exit_code == 1:
            assert "error:" in built.output, built.output


@settings(max_examples=EXAMPLES_VALIDATE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=catalogue_texts(), org=st.one_of(st.none(), org_profiles()))
def test_validate_never_shows_a_traceback(text: str, org: str | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "resources.yaml").write_text(text, encoding="utf-8")
        if org is not None:
            (folder / "org.yaml").write_text(org, encoding="utf-8")
        check_folder(folder, build=False)


@settings(max_examples=EXAMPLES_BUILD, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=catalogues(VALID_WORDS, VALID_URL, st.sampled_from(["0800 1111", "+44 20 7946 0000", "101"])),
       org=st.one_of(st.none(), org_profiles()))
def test_what_validates_builds_or_names_the_problem(data: dict[str, Any], org: str | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "resources.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        if org is not None:
            (folder / "org.yaml").write_text(org, encoding="utf-8")
        check_folder(folder, build=True)


CELLS = st.one_of(WORDS, COLOUR, st.just(""), st.just("=HYPERLINK(\"x\")"), st.just("a" * 300))


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({"id": st.one_of(st.just(""), PLAIN, TEXT), "name": CELLS,
                                            "primary": COLOUR, "contact_1": CELLS}), max_size=4),
       raw=st.one_of(st.just(""), TEXT))
def test_spreadsheet_rows_never_crash(rows: list[dict[str, str]], raw: str) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "primary", "contact_1"])
    for row in rows:
        writer.writerow([row["id"], row["name"], row["primary"], row["contact_1"]])
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        table = folder / "orgs.csv"
        table.write_text(buffer.getvalue() + raw, encoding="utf-8")
        project = bundled_project()
        try:
            parsed = read_org_table(table)
        except UserError:
            return
        for row in parsed:
            org_id, org, problems = check_row(project, table, row)
            assert all(isinstance(p, str) and p for p in problems)
            if not problems:  # a row with no problem is built: it needs a good id and a profile
                assert org is not None and re.fullmatch(ID_PATTERN, org_id) and len(org_id) <= 60


@functools.cache
def bundled_project() -> Any:
    from packgen.catalogue.bundled import bundled_catalogue

    return load_project(bundled_catalogue())


def test_links_fix_never_writes_an_address_validate_refuses() -> None:
    from packgen.links.fix import url_problem

    for target in ["https://example.org/a b", "https://example.org/é", "https://example.org/\x07", "ftp://x.org",
                   "https://example.org/" + "a" * 2000]:
        assert url_problem(target), target
    assert url_problem("https://example.org/moved") is None
