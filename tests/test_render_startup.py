"""ReportLab's URI pattern (and its unused CJK one) are compiled on first use by the packgen command,
and behave exactly as ReportLab's own: the same patterns, used in the same one place each, splitting
long web addresses the same."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import reportlab

from packgen.render.startup import CJK_FLAGS, CJK_PATTERN, DEFERRED, URI_FLAGS, URI_PATTERN, DeferredPattern

REPORTLAB = Path(reportlab.__file__).parent
# Where ReportLab uses each deferred pattern: (function, method called on it).
USES = {"uri_pat": ("_uri_split_pairs", "match"), "rx": ("cjkwrap", "sub")}

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
    from packgen.render.startup import defer_unused_patterns
    defer_unused_patterns()
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
import reportlab.platypus.paragraph as paragraph
import reportlab.lib.textsplit as textsplit
before = [type(paragraph.uri_pat).__name__, type(textsplit.rx).__name__]
uris = json.loads(sys.argv[2])
pairs = [paragraph._uri_split_pairs(uri) for uri in uris]
style = ParagraphStyle("narrow", fontName="Helvetica", fontSize=10, leading=12, uriWasteReduce=0.3)
lines = []
for width in (60, 90, 140, 220):
    para = Paragraph("Report it at " + " or ".join(u.replace("&", "&amp;") for u in uris[:9]) + ".", style)
    para.wrap(width, 10_000)
    lines.append([" ".join(map(str, line.words)) if hasattr(line, "words") else " ".join(line[1])
                  for line in para.blPara.lines])
after = [type(paragraph.uri_pat).__name__, type(textsplit.rx).__name__]
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
    assert deferred["before"] == ["DeferredPattern"] * 2, "compiled at import: has ReportLab changed a pattern?"
    assert deferred["after"] == ["Pattern", "DeferredPattern"]  # the URI pattern replaced by the real one once used
    assert eager["before"] == eager["after"] == ["Pattern"] * 2
    assert deferred["compiled"] == eager["compiled"] == [URI_PATTERN, re.compile(URI_PATTERN, URI_FLAGS).flags]
    assert deferred["pairs"] == eager["pairs"]
    assert deferred["lines"] == eager["lines"]
    # The probe means something: addresses were split into pieces, and some words were not addresses.
    pairs = eager["pairs"]
    assert isinstance(pairs, list) and sum(1 for p in pairs if p) >= 8 and None in pairs
    lines = eager["lines"]
    assert isinstance(lines, list) and any(line.endswith("/") for width in lines for line in width)


@pytest.mark.parametrize("module", sorted(DEFERRED))
def test_reportlab_compiles_each_pattern_and_uses_it_in_one_place_only(module: str) -> None:
    """If a ReportLab release changes a pattern, or uses it anywhere else, this fails."""
    name, pattern, flags = DEFERRED[module]
    source = REPORTLAB.joinpath(*module.split(".")[1:]).with_suffix(".py")
    tree = ast.parse(source.read_text(encoding="utf-8"))
    assignments = [node for node in tree.body if isinstance(node, ast.Assign)
                   and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)]
    assert len(assignments) == 1
    call = assignments[0].value
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "re.compile" and not call.keywords
    assert isinstance(call.args[0], ast.Constant) and call.args[0].value == pattern
    assert [eval(ast.unparse(a), {"re": re}) for a in call.args[1:]] == [flags]
    uses = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.Lambda | ast.ClassDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Name) and node.id == name:
                    uses.append((getattr(function, "name", "?"), node))
    where, method = USES[name]
    assert [function for function, _ in uses] == [where]
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    attribute = parents[uses[0][1]]
    assert isinstance(attribute, ast.Attribute) and attribute.attr == method and isinstance(parents[attribute], ast.Call)
    # No other ReportLab module imports it or reads it from that module.
    short = module.rsplit(".", 1)[1]
    elsewhere = []
    for path in REPORTLAB.rglob("*.py"):
        if path == source or short not in (text := path.read_text(encoding="utf-8", errors="replace")):
            continue
        for node in ast.walk(ast.parse(text)):
            if (isinstance(node, ast.ImportFrom) and node.module == module and any(a.name in (name, "*") for a in node.names)) \
                    or (isinstance(node, ast.Attribute) and node.attr == name and ast.unparse(node.value).endswith(short)):
                elsewhere.append(f"{path}:{node.lineno}")
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
    cjk_module = types.ModuleType("fake_textsplit")
    cjk = DeferredPattern(CJK_PATTERN, CJK_FLAGS, cjk_module, "rx")
    cjk_module.rx = cjk  # type: ignore[attr-defined]
    for text in ("日本語のテキスト", "mixed 中文 text", "plain", "한국어 ａｂｃ"):
        assert cjk.sub(r"\1\0 ", text) == re.compile(CJK_PATTERN, CJK_FLAGS).sub(r"\1\0 ", text)
    assert cjk_module.rx is cjk.compiled() and cjk.sub(r"[\1]", "日a") == "[日]a"
