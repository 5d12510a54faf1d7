"""packgen.__version__ is a constant (no metadata read at import) that matches the packaging."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import packgen

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_version_matches_pyproject_and_installed_metadata() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert packgen.__version__ == project["version"]
    assert packgen.__version__ == version("packgen")


def test_importing_packgen_does_not_load_importlib_metadata() -> None:
    code = "import sys, packgen; print('importlib.metadata' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
