"""Where the bundled catalogue and layouts live.

They sit at the repository root (``resources.yaml``, ``layouts/``) so authors find them; a wheel
carries them as the package data of ``packgen._bundled``. An editable install or a source
checkout has no such package, so fall back to the checkout's root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # packgen/, from packgen/catalogue/


def bundled_root() -> Path:
    """The folder holding the bundled ``resources.yaml`` and ``layouts/``."""
    installed = _PACKAGE_DIR / "_bundled"
    if (installed / "resources.yaml").is_file():
        return installed
    return _PACKAGE_DIR.parent


def bundled_catalogue() -> Path:
    return bundled_root() / "resources.yaml"


def bundled_layouts_dir() -> Path:
    return bundled_root() / "layouts"
