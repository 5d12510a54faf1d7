"""Synthetic catalogues N times the bundled one, for `make bench` (never for the test suite).

Copy k of every service, advice item and document gets the suffix ``-k`` and its own URL path,
and copy k of a document lists copy k of its advice and services explicitly, so every document
is the size of its bundled original and the work grows exactly N times.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.project import load_project
from packgen.plan.documents import select_advice, select_services

_PLACEHOLDER = re.compile(r"\{([a-z0-9-]+)\.")


def _renamed(value: Any, k: int) -> Any:
    """``value`` with every placeholder ``{service.field}`` naming copy k of its service."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda found: f"{{{found.group(1)}-{k}.", value)
    if isinstance(value, list):
        return [_renamed(item, k) for item in value]
    if isinstance(value, dict):
        return {key: _renamed(item, k) for key, item in value.items()}
    return value


def synthetic_catalogue(times: int) -> dict[str, Any]:
    """The bundled catalogue's data with ``times`` copies of its services, advice and documents."""
    project = load_project(bundled_catalogue())
    data = yaml.safe_load(bundled_catalogue().read_text(encoding="utf-8"))
    catalogue = project.catalogue
    services, advice, documents = [], [], []
    for k in range(1, times + 1):
        for service in data["services"]:
            copy = {**_renamed(service, k), "id": f"{service['id']}-{k}"}
            if "url" in copy:
                copy["url"] = copy["url"].rstrip("/") + f"/copy-{k}"
                copy.pop("display_url", None)
            services.append(copy)
        advice += [{**_renamed(item, k), "id": f"{item['id']}-{k}"} for item in data["advice"]]
        for document, model in zip(data["documents"], catalogue.documents):
            documents.append({**_renamed(document, k), "id": f"{document['id']}-{k}",
                              "advice": [f"{a.id}-{k}" for a in select_advice(catalogue, model)],
                              "services": [f"{s.id}-{k}" for s in select_services(catalogue, model)]})
    return {**data, "services": services, "advice": advice, "documents": documents}


def write_synthetic_catalogue(folder: Path, times: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "resources.yaml"
    path.write_text(yaml.safe_dump(synthetic_catalogue(times), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_synthetic_orgs(folder: Path, count: int) -> Path:
    """``orgs.csv`` with ``count`` schools: a name, two or three contacts, a logo on every other one."""
    import csv

    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    logo = Image.new("RGB", (400, 400), "#1b3a5c")
    ImageDraw.Draw(logo).ellipse((60, 60, 340, 340), fill="#f2c14e")
    logo.save(folder / "crest.png")
    path = folder / "orgs.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(["id", "name", "logo", "contacts_heading", "contact_1", "contact_2", "contact_3"])
        for n in range(1, count + 1):
            writer.writerow([f"school-{n:05d}", f"Synthetic Primary School {n}", "crest.png" if n % 2 else "",
                             "In school, talk to", f"Mrs A Teacher {n}, Designated Safeguarding Lead",
                             "Mr B Deputy, Deputy DSL (main office)", "Local police: 101" if n % 3 else ""])
    return path
