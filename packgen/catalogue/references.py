"""Checks across the catalogue that a schema cannot express: duplicate ids and unknown references.

They run on the raw YAML data, so they still report when some items failed the schema, and the
user sees every problem in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from packgen.catalogue.yaml_source import KeyPath, YamlDocument
from packgen.errors import Problem


def reference_problems(document: YamlDocument, layout_ids: Iterable[str]) -> list[Problem]:
    """Duplicate ids in each list, and references to audiences, layouts, advice, services that do not exist."""
    data = document.data if isinstance(document.data, dict) else {}
    ids = {section: _ids(document, data, section) for section in ("audiences", "services", "advice", "documents")}
    problems = [p for section in ids for p in _duplicates(document, data, section)]
    known = {"audiences": set(ids["audiences"]), "services": set(ids["services"]),
             "advice": set(ids["advice"]), "layouts": set(layout_ids)}
    for path, value, kind in _references(data):
        if isinstance(value, str) and value not in known[kind]:
            choices = ", ".join(sorted(known[kind])) or "none defined"
            noun = {"audiences": "audience", "services": "service", "advice": "advice item", "layouts": "layout"}[kind]
            problems.append(document.problem(path, f"unknown {noun} {value!r} (expected one of: {choices})"))
    return problems


def _items(data: dict[str, Any], section: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(section)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _ids(document: YamlDocument, data: dict[str, Any], section: str) -> list[str]:
    return [item["id"] for _, item in _items(data, section) if isinstance(item.get("id"), str)]


def _duplicates(document: YamlDocument, data: dict[str, Any], section: str) -> list[Problem]:
    first_seen: dict[str, int] = {}
    problems = []
    for index, item in _items(data, section):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first_seen:
            line = document.position((section, first_seen[item_id], "id"))[0]
            problems.append(document.problem((section, index, "id"),
                                             f"duplicate id {item_id!r} (first used at line {line}); ids must be unique"))
        else:
            first_seen[item_id] = index
    return problems


def _references(data: dict[str, Any]) -> Iterator[tuple[KeyPath, Any, str]]:
    for section in ("services", "advice"):
        for index, item in _items(data, section):
            yield from _each(item.get("audiences"), (section, index, "audiences"), "audiences")
    for index, item in _items(data, "documents"):
        yield ("documents", index, "audience"), item.get("audience"), "audiences"
        yield ("documents", index, "layout"), item.get("layout"), "layouts"
        yield from _each(item.get("advice"), ("documents", index, "advice"), "advice")
        yield from _each(item.get("services"), ("documents", index, "services"), "services")


def _each(values: Any, path: KeyPath, kind: str) -> Iterator[tuple[KeyPath, Any, str]]:
    if isinstance(values, list):
        for index, value in enumerate(values):
            yield path + (index,), value, kind
