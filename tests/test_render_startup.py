"""ReportLab's URI pattern is compiled on first use by the packgen command, and behaves exactly as
ReportLab's own: the same pattern, used in the same one place, splitting long web addresses the same."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import reportlab

from packgen.render.startup import NAME, URI_FLAGS, URI_PATTERN, DeferredPattern

PARAGRAPH_SOURCE = Path(reportlab.__file__).parent / "platypus" / "paragraph.py"

# Long web addresses, and words that only look like them, split by ReportLab at line ends.
URIS = [
    "https://www.ceop.police.uk/Safety-Centre/Should-I-make-a-report-to-CEOP-YP/",
    "HTTPS://WWW.NSPCC.ORG.UK/keeping-children-safe/online-safety/sextortion/what-to-do",
    "http://report.example.com:8080/a/b/c/d/e/f?q=sextortion#help",
    "https://xn--bcher-kva.example/path/one/two/three",
    "https://bücher.example/straße/über/ganz/lang",
    "https://192.168.100.200/a/very/long/path/that/needs/splitting",
    "https://[2001:db8::1]/a/b/c",
    "https://user:secret@localhost/a/b",
    "www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/",
    "mailto:help@example.org",
    "not a url at all",
    "C:\\Users\\someone\\Documents\\a\\long\\windows\\path",
    "https://-bad-.example/x",
    "",
]

PROBE = """
import json, re, sys
if sys.argv[1] == "defer":
    from packgen.render.startup import defer_uri_pattern
    defer_uri_pattern()
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
import reportlab.platypus.paragraph as paragraph
before = type(paragraph.uri_pat).__name__
uris = json.loads(sys.argv[2])
pairs = [paragraph._uri_split_pairs(uri) for uri in uris]
style = ParagraphStyle("narrow", fontName="Helvetica", fontSize=10, leading=12, uriWasteReduce=0.3)
lines = []
for width in (60, 90, 140, 220):
    para = Paragraph("Report it at " + " or ".join(u.replace("&", "&amp;") for u in uris[:9]) + ".", style)
    para.wrap(width, 10_000)
    lines.append([" ".join(map(str, line.words)) if hasattr(line, "words") else " ".join(line[1])
                  for line in para.blPara.lines])
after = type(paragraph.uri_pat).__name__
print(json.dumps({"before": before, "after": after, "pairs": pairs, "lines": lines,
                  "compiled": [paragraph.uri_pat.pattern, paragraph.uri_pat.flags]}))
"""


def run_probe(mode: str, tmp_path: Path) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", PROBE, mode, json.dumps(URIS)], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_long_urls_split_exactly_as_with_reportlabs_own_pattern(tmp_path: Path) -> None:
    deferred, eager = run_probe("defer", tmp_path), run_probe("eager", tmp_path)
    assert deferred["before"] == "DeferredPattern", "the pattern was compiled at import: has ReportLab changed it?"
    assert deferred["after"] == eager["before"] == eager["after"] == "Pattern"  # replaced by the real one once used
    assert deferred["compiled"] == eager["compiled"] == [URI_PATTERN, re.compile(URI_PATTERN, URI_FLAGS).flags]
    assert deferred["pairs"] == eager["pairs"]
    assert deferred["lines"] == eager["lines"]
    # The probe means something: addresses were split into pieces, and some words were not addresses.
    pairs = eager["pairs"]
    assert isinstance(pairs, list) and sum(1 for p in pairs if p) >= 8 and None in pairs
    lines = eager["lines"]
    assert isinstance(lines, list) and any(line.endswith("/") for width in lines for line in width)


def test_reportlab_compiles_that_pattern_and_uses_it_only_to_split_uris() -> None:
    """If a ReportLab release changes the pattern, or uses it anywhere else, this fails."""
    tree = ast.parse(PARAGRAPH_SOURCE.read_text(encoding="utf-8"))
    assignments = [node for node in tree.body if isinstance(node, ast.Assign)
                   and any(isinstance(t, ast.Name) and t.id == NAME for t in node.targets)]
    assert len(assignments) == 1
    call = assignments[0].value
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "re.compile"
    assert isinstance(call.args[0], ast.Constant) and call.args[0].value == URI_PATTERN
    assert [ast.unparse(a) for a in call.args[1:]] == ["re.I"] and URI_FLAGS == re.I and not call.keywords
    uses = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.Lambda | ast.ClassDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Name) and node.id == NAME:
                    uses.append((getattr(function, "name", "?"), node))
    assert [name for name, _ in uses] == ["_uri_split_pairs"]
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    attribute = parents[uses[0][1]]
    assert isinstance(attribute, ast.Attribute) and attribute.attr == "match" and isinstance(parents[attribute], ast.Call)
    # No other ReportLab module reads it.
    elsewhere = [str(path) for path in Path(reportlab.__file__).parent.rglob("*.py")
                 if path != PARAGRAPH_SOURCE and NAME in path.read_text(encoding="utf-8", errors="replace")]
    assert elsewhere == []


def test_a_deferred_pattern_compiles_once_and_hands_its_module_the_real_one() -> None:
    import types

    module = types.ModuleType("fake")
    stand_in = DeferredPattern(URI_PATTERN, URI_FLAGS, module)
    module.uri_pat = stand_in  # type: ignore[attr-defined]
    real = re.compile(URI_PATTERN, URI_FLAGS)
    for uri in URIS:
        got, expected = stand_in.match(uri), real.match(uri)
        assert (got and got.groups()) == (expected and expected.groups())
    assert module.uri_pat is stand_in.compiled() is real  # re's cache: the very same object
    assert stand_in.pattern == URI_PATTERN and stand_in.flags == real.flags
    assert stand_in.search("see https://example.org/x") is None  # anchored with ^: as ReportLab's
