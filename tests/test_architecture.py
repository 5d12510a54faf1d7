"""One-way layers, checked by reading the source with ``ast``: no module reaches up a layer.

read -> validate -> plan -> render -> build -> CLI. Only packgen/cli/ imports click, prints or exits;
only packgen/render/ imports ReportLab.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import packgen

PACKAGE_DIR = Path(packgen.__file__).resolve().parent
SOURCES = sorted(PACKAGE_DIR.rglob("*.py"))

# Lower layers never import higher ones; a module may import its own layer and below.
LAYERS: dict[str, int] = {
    "packgen": 0, "packgen.errors": 0, "packgen.fields": 0, "packgen.contrast": 0, "packgen.files": 0,
    "packgen.bundled": 0, "packgen.lock": 0, "packgen.kinds": 0, "packgen.i18n": 0,
    "packgen.link_sites": 0, "packgen.link_request": 0, "packgen.link_check": 0, "packgen.catalogue_edit": 1,
    "packgen.yaml_source": 1, "packgen.problems": 1, "packgen.references": 1, "packgen.catalogue": 1,
    "packgen.layouts": 1, "packgen.org": 1, "packgen.freshness": 1, "packgen.schema": 1,
    "packgen.project": 2, "packgen.starter": 2,
    "packgen.plan": 3, "packgen.model": 3, "packgen.i18n.sources": 3, "packgen.i18n.po": 3,
    "packgen.i18n.status": 3, "packgen.i18n.translate": 3,
    "packgen.render": 4, "packgen.web": 4, "packgen.outputs": 4, "packgen.manifest": 4, "packgen.pdf_inspect": 4, "packgen.gallery": 4, "packgen.gallery_html": 4,
    "packgen.build": 5, "packgen.drafts": 5, "packgen.verify": 5, "packgen.inputs": 5, "packgen.workers": 5,
    "packgen.links": 5, "packgen.link_fix": 5, "packgen.link_summary": 5,
    "packgen.org_table": 0, "packgen.batch": 5,
    "packgen.cli": 6, "packgen.__main__": 7,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int:
    while module not in LAYERS:
        module = module.rsplit(".", 1)[0]
    return LAYERS[module]


@dataclass(frozen=True)
class Import:
    module: str  # absolute, e.g. "reportlab.platypus" or "packgen.plan"
    line: int


def imports(path: Path) -> list[Import]:
    """Every import in the file, at any depth (function-level imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None:  # from . import name: name may be a module
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    is_module = (PACKAGE_DIR.parent / Path(*candidate.split("."))).with_suffix(".py").is_file()
                    found.append(Import(candidate if is_module else target, node.lineno))
            else:
                found.append(Import(target, node.lineno))
    return found


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE_DIR.parent)}:{line}"


def is_under(module: str, top: str) -> bool:
    return module == top or module.startswith(top + ".")


def test_the_scan_sees_the_package() -> None:
    names = {module_name(path) for path in SOURCES}
    assert {"packgen.cli", "packgen.catalogue", "packgen.render.qr", "packgen.verify", "packgen.pdf_inspect"} <= names
    assert any(is_under(i.module, "reportlab") for i in imports(PACKAGE_DIR / "render" / "qr.py"))
    assert any(is_under(i.module, "click") for i in imports(PACKAGE_DIR / "cli" / "app.py"))


def test_every_module_has_a_layer() -> None:
    for path in SOURCES:
        assert layer(module_name(path)) >= 0


def test_only_render_imports_reportlab() -> None:
    offenders = [where(path, i.line) for path in SOURCES if not is_under(module_name(path), "packgen.render")
                 for i in imports(path) if is_under(i.module, "reportlab")]
    assert offenders == []


@pytest.mark.parametrize("name", ["pdf_inspect.py", "verify.py", "links.py", "link_check.py", "link_fix.py",
                                  "link_request.py", "link_summary.py", "catalogue_edit.py",
                                  "link_sites.py"])
def test_checking_modules_do_not_import_reportlab(name: str) -> None:
    path = PACKAGE_DIR / name
    assert not [i for i in imports(path) if is_under(i.module, "reportlab") or is_under(i.module, "packgen.render")]


def test_verify_does_not_load_reportlab_even_indirectly(tmp_path: Path) -> None:
    script = ("import sys, packgen.verify, packgen.pdf_inspect\n"
              "loaded = sorted(m for m in sys.modules if m.startswith('reportlab'))\n"
              "assert not loaded, loaded\n")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                               cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(PACKAGE_DIR.parent)})
    assert completed.returncode == 0, completed.stderr


def test_only_cli_imports_click() -> None:
    offenders = [where(path, i.line) for path in SOURCES if not is_under(module_name(path), "packgen.cli")
                 for i in imports(path) if is_under(i.module, "click")]
    assert offenders == []


def _exits_or_prints(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("print", "exit", "quit"):
                found.append((node.lineno, f"{func.id}()"))
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                    (func.value.id, func.attr) in (("sys", "exit"), ("os", "_exit")):
                found.append((node.lineno, f"{func.value.id}.{func.attr}()"))
        elif isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "SystemExit":
                found.append((node.lineno, "raise SystemExit"))
    return found


def test_the_check_finds_prints_and_exits() -> None:
    sample = "import sys\nprint('x')\nsys.exit(1)\nraise SystemExit(2)\n"
    assert sorted(_exits_or_prints(ast.parse(sample))) == [(2, "print()"), (3, "sys.exit()"), (4, "raise SystemExit")]


def test_only_cli_prints_or_exits() -> None:
    offenders = []
    for path in SOURCES:
        if is_under(module_name(path), "packgen.cli"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        offenders += [f"{where(path, line)}: {what}" for line, what in _exits_or_prints(tree)]
    assert offenders == []


def test_no_module_reaches_up_a_layer() -> None:
    offenders = []
    for path in SOURCES:
        own = module_name(path)
        for i in imports(path):
            if is_under(i.module, "packgen") and layer(i.module) > layer(own):
                offenders.append(f"{where(path, i.line)}: {own} (layer {layer(own)}) imports "
                                 f"{i.module} (layer {layer(i.module)})")
    assert offenders == []
