"""JSON Schemas of the input files, for editor autocompletion (yaml-language-server)."""

from __future__ import annotations

import json
from typing import Any

from packgen.catalogue.layouts import Layout
from packgen.catalogue.models import Catalogue
from packgen.catalogue.org import OrgProfile

MODELS: dict[str, type] = {"catalogue": Catalogue, "layout": Layout, "org": OrgProfile}
FILE_NAMES = {"catalogue": "resources.schema.json", "layout": "layout.schema.json", "org": "org.schema.json"}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one input file kind: catalogue, layout or org."""
    schema: dict[str, Any] = MODELS[kind].model_json_schema()  # type: ignore[attr-defined]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def json_schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
