"""Change a few values of a YAML file in place, leaving every other byte as the author wrote it.

A round trip (load, change, dump) re-indents lists, respaces flow lists and trailing comments,
and rewraps long lines unless its settings happen to match the author's style. Instead, PyYAML's
composer tells us exactly where each scalar starts and ends; a changed value replaces just those
characters (keeping its quoting style), and a missing key becomes one new line at its mapping's
indentation. The edited text is read back and compared with what was intended before anything is
written, so a mistake here can never save a catalogue that means something else.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from packgen.catalogue.yaml_source import KeyPath, format_path
from packgen.errors import UserError
from packgen.files import write_atomically

Value = str | dt.date


@dataclass(frozen=True)
class Change:
    """Set ``path`` (e.g. ``("services", 3, "url")``) to ``value``, adding the key if it is missing.

    When ``old`` is given, the file must still hold that value there (it may have been edited
    since it was checked); otherwise the change is refused.
    """

    path: KeyPath
    value: Value
    old: Value | None = None


@dataclass(frozen=True)
class ChangedLine:
    """One line of the file as it was and as it is now (``before`` is None for an added line)."""

    path: KeyPath
    line: int
    before: str | None
    after: str


class EditRefused(UserError):
    """The file could not be changed safely; nothing was written."""


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str
    path: KeyPath
    inserted: bool


def rewrite_yaml_file(path: Path, changes: list[Change]) -> list[ChangedLine]:
    """Apply ``changes`` to the file in place (atomically, keeping its permissions); return what changed."""
    text = path.read_bytes().decode("utf-8")  # a byte-order mark stays, as the character U+FEFF
    new_text, changed = edit_yaml_text(text, changes, path.name)
    if new_text != text:
        mode = path.stat().st_mode
        write_atomically(path, new_text.encode("utf-8"))
        os.chmod(path, mode)
    return changed


def edit_yaml_text(text: str, changes: list[Change], name: str = "resources.yaml") -> tuple[str, list[ChangedLine]]:
    """The text with ``changes`` applied, and the lines that changed, top to bottom."""
    if not changes:
        return text, []
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # pure Python: marks index characters of ``text``
    if root is None:
        raise EditRefused(f"{name} is empty: there is nothing to change")
    splices = sorted((_splice(root, text, change, name) for change in changes), key=lambda s: s.start)
    for first, second in zip(splices, splices[1:]):
        if second.start < first.end:
            raise EditRefused(f"{name}: two changes overlap at {format_path(second.path)}; nothing was written")
    new_text, changed = _apply(text, splices)
    _check_meaning(text, new_text, changes, name)
    return new_text, changed


def _splice(root: yaml.Node, text: str, change: Change, name: str) -> _Splice:
    parent = _node_at(root, change.path[:-1], name)
    key = change.path[-1]
    if not isinstance(parent, yaml.MappingNode) or not isinstance(key, str):
        raise EditRefused(f"{name}: {format_path(change.path[:-1])} is not a mapping; nothing was written")
    for key_node, value_node in parent.value:
        if key_node.value == key:
            return _replace(value_node, text, change, name)
    return _insert(parent, text, change, name)


def _node_at(root: yaml.Node, path: KeyPath, name: str) -> yaml.Node:
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            found = [value for key, value in node.value if key.value == part]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            found = [node.value[part]]
        else:
            found = []
        if not found:
            raise EditRefused(f"{name}: {format_path(path)} is no longer in the file; nothing was written")
        node = found[0]
    return node


def _replace(node: yaml.Node, text: str, change: Change, name: str) -> _Splice:
    where = format_path(change.path)
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
        raise EditRefused(f"{name}: {where} is not a one-line value; change it by hand")
    if change.old is not None and yaml.safe_load(text[node.start_mark.index:node.end_mark.index] or "null") \
            != change.old:
        raise EditRefused(f"{name}: {where} has changed since it was checked; run the command again")
    start, end = node.start_mark.index, node.end_mark.index
    rendered = _render(change.value, node.style, in_flow=_in_flow(text, start))
    if start == end and text[start - 1:start] == ":":  # `key:` with no value at all
        rendered = " " + rendered
    return _Splice(start, end, rendered, change.path, inserted=False)


def _insert(mapping: yaml.MappingNode, text: str, change: Change, name: str) -> _Splice:
    """A new ``key: value`` line after the last key whose value fits on its own line."""
    if mapping.flow_style or not mapping.value:
        raise EditRefused(f"{name}: cannot add {format_path(change.path)} to a {{...}} mapping; add it by hand")
    one_line = [value for _, value in mapping.value if value.start_mark.line == value.end_mark.line
                and not (isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"))]
    if not one_line:
        raise EditRefused(f"{name}: cannot find where to add {format_path(change.path)}; add it by hand")
    line_end = text.find("\n", one_line[-1].end_mark.index)
    ends_crlf = text[line_end - 1] == "\r" if line_end > 0 else "\r\n" in text
    eol = "\r\n" if ends_crlf else "\n"
    indent = " " * mapping.value[0][0].start_mark.column
    line = f"{indent}{change.path[-1]}: {_render(change.value, None, in_flow=False)}"
    if line_end < 0:  # the last line of a file with no final newline
        return _Splice(len(text), len(text), eol + line, change.path, inserted=True)
    return _Splice(line_end + 1, line_end + 1, line + eol, change.path, inserted=True)


def _render(value: Value, style: str | None, in_flow: bool) -> str:
    """The value written in the same quoting style as the one it replaces, when that is safe."""
    plain = value.isoformat() if isinstance(value, dt.date) else value
    if style is None and _reads_back(plain, value, in_flow):
        return plain
    if style == "'":
        return "'" + plain.replace("'", "''") + "'"
    return json.dumps(plain, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _reads_back(plain: str, value: Value, in_flow: bool) -> bool:
    if in_flow and any(ch in plain for ch in ",[]{}"):
        return False
    try:
        return bool(yaml.safe_load(f"key: {plain}\n") == {"key": value})
    except yaml.YAMLError:
        return False


def _in_flow(text: str, index: int) -> bool:
    """Is the value inside a [...] or {...} on its line (where commas and brackets end a plain value)?"""
    line_start = text.rfind("\n", 0, index) + 1
    before = text[line_start:index]
    return before.count("[") + before.count("{") > before.count("]") + before.count("}")


def _apply(text: str, splices: list[_Splice]) -> tuple[str, list[ChangedLine]]:
    pieces, cursor, starts = [], 0, []
    for splice in splices:
        pieces.append(text[cursor:splice.start])
        starts.append(sum(map(len, pieces)))
        pieces.append(splice.text)
        cursor = splice.end
    pieces.append(text[cursor:])
    new_text = "".join(pieces)
    old_lines, new_lines = _lines(text), _lines(new_text)
    changed = []
    for splice, new_start in zip(splices, starts):
        leading_break = len(splice.text) - len(splice.text.lstrip("\r\n"))
        new_index = new_text.count("\n", 0, new_start + leading_break)
        old_index = text.count("\n", 0, splice.start)
        before = None if splice.inserted else old_lines[old_index]
        changed.append(ChangedLine(splice.path, new_index + 1, before, new_lines[new_index]))
    return new_text, changed


def _lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]


def _load(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _check_meaning(text: str, new_text: str, changes: list[Change], name: str) -> None:
    """The new file must read as the old one with exactly these values changed."""
    expected: Any = copy.deepcopy(_load(text))
    for change in changes:
        target = expected
        for part in change.path[:-1]:
            target = target[part]
        target[change.path[-1]] = change.value
    try:
        actual = _load(new_text)
    except yaml.YAMLError:
        actual = None
    if actual != expected:
        raise EditRefused(f"{name}: could not change it safely (the edited file would read differently); "
                          "nothing was written, change it by hand")
