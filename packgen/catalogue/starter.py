"""``packgen init``: write a starter folder from the bundled catalogue and layouts."""

from __future__ import annotations

import shutil
from pathlib import Path

from packgen.catalogue.bundled import bundled_catalogue, bundled_layouts_dir
from packgen.catalogue.schema import FILE_NAMES, json_schema_text
from packgen.errors import UserError


def write_starter(folder: Path) -> list[Path]:
    """Create ``folder`` with resources.yaml, layouts/ and the JSON Schemas; never overwrite."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UserError(f"{folder} already exists and is not empty; choose a new folder name")
    layouts = folder / "layouts"
    layouts.mkdir(parents=True, exist_ok=True)
    written = [Path(shutil.copyfile(bundled_catalogue(), folder / "resources.yaml"))]
    written += [Path(shutil.copyfile(path, layouts / path.name)) for path in sorted(bundled_layouts_dir().glob("*.yaml"))]
    (folder / ".gitignore").write_text("output/\n", encoding="utf-8")
    for kind, name in FILE_NAMES.items():
        path = folder / name
        path.write_text(json_schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
