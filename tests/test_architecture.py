"""A room per concern, checked by reading the source with ``ast``: each package imports only what
its rule in ALLOWED names, and no module lives at the top level but the few in TOP_LEVEL.

catalogue -> plan -> model -> render/web -> verify -> build -> batch -> CLI. Only packgen/cli/ imports click, prints or exits;
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

# A room per concern: each subpackage may import only the packages named here (and itself).
# Data flows one way: catalogue -> plan -> model -> outputs (render, web) -> verify -> build -> CLI.
_BASE = {"packgen", "packgen.errors", "packgen.files", "packgen.i18n"}  # leaves: version, errors, atomic writes
ALLOWED: dict[str, set[str]] = {
    "packgen": set(),                                   # packgen/__init__.py: the version, nothing else
    "packgen.errors": set(),
    "packgen.files": set(),
    "packgen.i18n": {"packgen.errors", "packgen.files"},   # files: PO files are written atomically
    "packgen.translation": _BASE | {"packgen.catalogue", "packgen.plan"},
    "packgen.catalogue": _BASE,
    "packgen.plan": _BASE | {"packgen.catalogue"},
    "packgen.model": _BASE | {"packgen.catalogue", "packgen.plan"},
    "packgen.render": _BASE | {"packgen.catalogue", "packgen.plan", "packgen.model"},
    "packgen.web": _BASE | {"packgen.catalogue", "packgen.plan", "packgen.model"},
    "packgen.verify": _BASE | {"packgen.catalogue", "packgen.plan", "packgen.model"},
    "packgen.links": _BASE | {"packgen.catalogue", "packgen.plan"},
    "packgen.build": _BASE | {"packgen.catalogue", "packgen.plan", "packgen.model", "packgen.render", "packgen.web",
                              "packgen.verify"},
    "packgen.batch": _BASE | {"packgen.catalogue", "packgen.plan", "packgen.model", "packgen.build", "packgen.web",
                              "packgen.translation",
                              "packgen.verify"},
    "packgen.cli": _BASE | {"packgen.catalogue", "packgen.plan", "packgen.model", "packgen.render", "packgen.translation",
                                          "packgen.web", "packgen.verify", "packgen.links", "packgen.build",
                                          "packgen.batch"},
    "packgen.__main__": {"packgen.cli"},
}
# The only modules that live at the top level; every other concern has its own folder.
TOP_LEVEL = {"__init__.py", "__main__.py", "errors.py", "files.py"}


def room(module: str) -> str:
    """The package (from ALLOWED) a module belongs to: its longest listed prefix."""
    while module not in ALLOWED:
        module = module.rsplit(".", 1)[0]
    return module


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@dataclass(frozen=True)
class Import:
    module: str  # absolute, e.g. "reportlab.platypus" or "packgen.plan.documents"
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
    assert {"packgen.cli", "packgen.catalogue.models", "packgen.render.qr", "packgen.verify.documents", "packgen.verify.pdf_inspect",
            "packgen.verify.qr_codes"} <= names
    assert any(is_under(i.module, "reportlab") for i in imports(PACKAGE_DIR / "render" / "qr.py"))
    assert any(is_under(i.module, "click") for i in imports(PACKAGE_DIR / "cli" / "app.py"))


def test_no_new_top_level_modules() -> None:
    flat = sorted(p.name for p in PACKAGE_DIR.glob("*.py") if p.name not in TOP_LEVEL)
    assert flat == [], f"put {flat} in the subpackage of its concern (see docs/architecture.md)"


def test_every_package_says_what_it_owns_and_may_import() -> None:
    for init in sorted(PACKAGE_DIR.glob("*/__init__.py")):
        if init.parent.name.startswith("_"):
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert f"packgen.{init.parent.name}" in ALLOWED, f"{init.parent.name}/ has no rule in ALLOWED"
        assert "import" in doc.lower(), f"{init.relative_to(PACKAGE_DIR)}: say in the docstring what it may import"


def test_only_render_imports_reportlab() -> None:
    offenders = [where(path, i.line) for path in SOURCES if not is_under(module_name(path), "packgen.render")
                 for i in imports(path) if is_under(i.module, "reportlab")]
    assert offenders == []


@pytest.mark.parametrize("package", ["verify", "links", "web", "catalogue", "plan", "model", "i18n"])
def test_checking_and_web_packages_do_not_import_reportlab(package: str) -> None:
    offenders = [where(path, i.line) for path in sorted((PACKAGE_DIR / package).rglob("*.py"))
                 for i in imports(path) if is_under(i.module, "reportlab") or is_under(i.module, "packgen.render")]
    assert offenders == []


def test_verify_does_not_load_reportlab_even_indirectly(tmp_path: Path) -> None:
    script = ("import sys, packgen.verify.documents, packgen.verify.pdf_inspect, packgen.verify.qr_codes\n"
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


# The one exit outside packgen.cli: a forked worker's own end (os._exit), so that it never returns
# into the command that forked it; it ends only itself, never the command.
FORKED_CHILD_EXITS = {("packgen.build.early", "os._exit()")}


def test_only_cli_prints_or_exits() -> None:
    offenders = []
    for path in SOURCES:
        if is_under(module_name(path), "packgen.cli"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        offenders += [f"{where(path, line)}: {what}" for line, what in _exits_or_prints(tree)
                      if (module_name(path), what) not in FORKED_CHILD_EXITS]
    assert offenders == []


def test_each_package_imports_only_what_its_rule_allows() -> None:
    offenders = []
    for path in SOURCES:
        own = room(module_name(path))
        for i in imports(path):
            if not is_under(i.module, "packgen"):
                continue
            target = room(i.module)
            if target != own and target not in ALLOWED[own]:
                offenders.append(f"{where(path, i.line)}: {own} may not import {target} ({i.module})")
    assert offenders == []
