"""Helpers for tests that build a user's folder through the CLI: copy, change, build, compare."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.cli import main
from packgen.plan.documents import DocumentPlan, plan_documents

# --- helpers -----------------------------------------------------------------------------------


def copy_bundled_catalogue(folder: Path) -> Path:
    """The bundled resources.yaml, verbatim, in ``folder`` (layouts still come from the bundle)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "resources.yaml"
    shutil.copyfile(bundled_catalogue(), target)
    return target


def read_yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def plans_for(catalogue: Path) -> dict[str, DocumentPlan]:
    project = load_project(catalogue)
    return {plan.id: plan for plan in plan_documents(project.catalogue, project.layouts)}


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def build(catalogue: Path, output: Path, *extra: str) -> Result:
    return run_cli("build", "--catalogue", str(catalogue), "--output", str(output), *extra)


def verify(catalogue: Path, output: Path) -> Result:
    return run_cli("verify", str(output), "--catalogue", str(catalogue))


def statuses(result: Result, ids: set[str]) -> dict[str, str]:
    """Document id -> the status word ("built" or "unchanged") `packgen build` printed in its row."""
    found = {}
    for line in result.output.splitlines():
        words = line.split()
        status = re.search(r" kB  (built|unchanged)\b", line)
        if words and words[0] in ids and status:
            found[words[0]] = status.group(1)
    return found


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(output: Path) -> dict[str, tuple[int, str]]:
    """(mtime in ns, sha256) of every PDF in ``output``."""
    return {pdf.name: (pdf.stat().st_mtime_ns, sha256(pdf)) for pdf in output.glob("*.pdf")}


def temp_files(output: Path) -> list[str]:
    return sorted(p.name for p in output.glob(".*.tmp"))


@dataclass(frozen=True)
class Pack:
    """A user's folder: a catalogue and a built output folder beside it."""

    catalogue: Path
    output: Path

    def copy_to(self, folder: Path) -> Pack:
        shutil.copytree(self.catalogue.parent, folder)  # copy2 keeps the PDFs' mtimes
        return Pack(folder / self.catalogue.name, folder / self.output.name)
