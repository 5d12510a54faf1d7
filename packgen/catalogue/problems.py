"""Turn pydantic's validation errors into positioned, plainly worded problems.

Messages are keyed on pydantic's error *type* (stable), never on its English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from packgen.catalogue.fields import describe_value
from packgen.catalogue.yaml_source import KeyPath, YamlDocument
from packgen.errors import Problem

_PLAIN_TYPES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "date_type": "a date (YYYY-MM-DD)",
    "tuple_type": "a list",
}


def describe(value: Any) -> str:
    """A short, readable rendering of a value found in the YAML."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return describe_value(value)


def _message(error: Mapping[str, Any], path: KeyPath) -> str:
    kind = error["type"]
    found = describe(error.get("input"))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"required key {path[-1]!r} is missing" if path else "a required key is missing"
    if kind == "extra_forbidden":
        return f"unknown key {path[-1]!r} (check the spelling; `packgen schema` lists the keys allowed here)"
    if kind == "string_type" and _placeholder_mapping(error.get("input")):
        return ("YAML read this text as a mapping because it starts with { (found a mapping, expected text): "
                "put the text in quotes, e.g. \"{childline.phone}, any time\"")
    if kind in _PLAIN_TYPES:
        return f"wrong type (found {found}, expected {_PLAIN_TYPES[kind]})"
    if kind == "string_pattern_mismatch" and ("language" in path or "languages" in path):
        return f"not a BCP 47 language tag (found {found}, expected one such as cy, en-GB, pl or pa-Arab)"
    if kind == "string_pattern_mismatch":  # ids have their own error type (fields.check_id)
        return f"not in the expected form (found {found}, expected to match {ctx.get('pattern')})"
    if kind in ("string_too_short", "too_short"):
        return f"must not be empty (found {found})"
    if kind == "string_too_long":
        return f"too long ({len(str(error.get('input')))} characters; at most {ctx.get('max_length')})"
    if kind == "too_long":
        return f"too many entries (found {found}, expected at most {ctx.get('max_length')})"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
        return f"not a real date (found {found}, expected YYYY-MM-DD such as 2026-11-01)"
    if kind == "literal_error":
        return f"not one of the allowed values (found {found}, expected {ctx.get('expected')})"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = ctx.get("gt", ctx.get("ge", ctx.get("lt", ctx.get("le"))))
        relation = {"greater_than": "more than", "greater_than_equal": "at least",
                    "less_than": "less than", "less_than_equal": "at most"}[kind]
        return f"out of range (found {found}, expected {relation} {limit})"
    return str(error["msg"])  # our own PydanticCustomError types carry a finished sentence


def _placeholder_mapping(value: Any) -> bool:
    """``short: {childline.phone}`` unquoted: YAML makes it ``{"childline.phone": None}``."""
    return isinstance(value, dict) and len(value) == 1 and all(
        isinstance(key, str) and "." in key and val is None for key, val in value.items())


def _yaml_path(loc: tuple[Any, ...]) -> KeyPath:
    # Union members add a tag to the location (e.g. 'literal[...]', 'tuple[float, float]').
    return tuple(part for part in loc if isinstance(part, int) or "[" not in str(part))


Issue = tuple[KeyPath, str]


def model_issues(model: type[BaseModel], data: Any) -> tuple[BaseModel | None, list[Issue]]:
    """Validate plain ``data`` against ``model``: the instance (or None) and each problem as (key path, message).

    For data that has no YAML positions (a spreadsheet row, say); :func:`validation_problems` pins
    the same messages to a file's lines.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        issues: dict[Issue, None] = {}  # ordered, each once (a union reports per member)
        for error in exc.errors():
            path = _yaml_path(error["loc"])
            issues[(path, _message(error, path))] = None
        return None, list(issues)


def validation_problems(model: type[BaseModel], document: YamlDocument) -> tuple[BaseModel | None, list[Problem]]:
    """Validate ``document.data`` against ``model``; the instance (or None) and all problems."""
    instance, issues = model_issues(model, document.data)
    return instance, [document.problem(path, message) for path, message in issues]
