"""Read a YAML file into plain Python data while remembering where every value came from.

PyYAML's composer gives nodes with positions; we build the data ourselves so that we can
refuse what a catalogue never needs: duplicate keys (PyYAML keeps the last one silently),
custom tags (``!!python/object``), alias bombs ("billion laughs"), huge or deeply nested files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from packgen.errors import Problem

MAX_BYTES = 10_000_000  # 4x a synthetic catalogue 100 times the bundled one
MAX_DEPTH = 24
MAX_NODES = 200_000
KeyPath = tuple[str | int, ...]
# Only texts that may hold a placeholder, number, email or address need positions inside them.
_MAY_LOCATE = re.compile(r"[{}@.\d]")
# `short: {childline.phone} any time` or `- {childline.phone} ...`: YAML reads `{` as a mapping.
_UNQUOTED_PLACEHOLDER = re.compile(r"(^|:|-)\s+\{[a-z0-9-]+\.[A-Za-z_]+\}")

# libyaml's parser when PyYAML has it (PyPI wheels do): ten times faster, same positions.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class YamlDocument:
    """Parsed data plus the (line, column) of every key path, both 1-based."""

    file: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    source: str = ""  # the file's text, for positions inside a value (see :meth:`locate`)
    spans: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)  # each scalar's start, end in source

    def position(self, path: KeyPath) -> tuple[int, int]:
        """Where ``path`` is; for a path that is missing, where its nearest parent is."""
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: KeyPath, message: str, severity: str = "error",
                at: tuple[int, int] | None = None) -> Problem:
        line, column = at or self.position(path)
        return Problem(self.file, line, column, format_path(path), message, severity)  # type: ignore[arg-type]

    def locate(self, path: KeyPath, needle: str, nth: int = 0) -> tuple[int, int]:
        """Where the ``nth`` occurrence of ``needle`` inside the value at ``path`` is in the file,
        as (line, column); the value's own position when it cannot be found as typed (an escape,
        or a line break YAML folded into a space)."""
        span = self.spans.get(path)
        if span is None or not needle:
            return self.position(path)
        start, end = span
        found = start - 1
        for _ in range(nth + 1):
            found = self.source.find(needle, found + 1, end)
            if found == -1:
                return self.position(path)
        line = self.source.count("\n", 0, found) + 1
        return line, found - (self.source.rfind("\n", 0, found) + 1) + 1


class YamlRejected(Exception):
    """The file cannot be read as YAML data; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def format_path(path: KeyPath) -> str:
    """``("services", 3, "url")`` -> ``services[3].url``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_yaml(path: Path, display_name: str | None = None) -> YamlDocument:
    """Parse ``path``; raise :class:`YamlRejected` with a positioned problem on any failure."""
    name = display_name or path.name
    raw = _read_bytes(path, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlRejected(
            Problem(name, line, 1, "", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                    "save it as UTF-8 in your editor")
        ) from None
    if not text.strip():
        raise YamlRejected(Problem(name, 1, 1, "", "the file is empty (expected a YAML mapping)"))
    _check_characters(text, name)
    try:
        _check_depth(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or str(exc)
        if "nesting depth" in reason:  # libyaml's own limit, met before ours on flow collections
            raise YamlRejected(Problem(name, line, column, "",
                                       f"the file is nested too deeply (more than {MAX_DEPTH} levels)")) from None
        line, column, message = explain_syntax_error(text, line, column, reason, exc.context or "")
        raise YamlRejected(Problem(name, line, column, "", message)) from None
    except yaml.YAMLError as exc:  # a reader error without a position: name the file all the same
        raise YamlRejected(Problem(name, 1, 1, "", f"YAML cannot read this file ({exc})")) from None
    document = YamlDocument(name, None, source=text)
    if node is None:
        raise YamlRejected(Problem(name, 1, 1, "", "the file has no content (expected a YAML mapping)"))
    if not isinstance(node, yaml.MappingNode):
        raise YamlRejected(Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, "",
                                   f"the file must be a mapping of keys to values (found {_kind(node)})"))
    document.data = _Builder(document).build(node, ())
    return document


# What YAML accepts in a file, anywhere (comments included): tab, line breaks and printable characters.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _check_characters(text: str, name: str) -> None:
    """Refuse a character YAML forbids anywhere (a control character pasted from a PDF, U+FFFF), with
    its line and column, before the parser stops on it with a message naming no line."""
    found = _NOT_YAML.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    raise YamlRejected(Problem(name, line, column, "", f"line {line} has {describe_character(found.group())}, "
                               "which YAML allows nowhere, not even in a comment; delete it (such characters "
                               "come with text pasted from a PDF or a word processor)"))


_LINE_BREAKS = str.maketrans("", "", "\t\n\r")


def _unprintable(ch: str) -> bool:
    """Control characters (but tab and line breaks), surrogates, noncharacters and unassigned code
    points, line and paragraph separators: every font draws them as nothing, or as a box."""
    import unicodedata

    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cs", "Cn", "Zl", "Zp")


def describe_character(ch: str) -> str:
    """"the control character U+0007 (BEL)" or "the character U+FFFF (not a character)"."""
    import unicodedata

    code = f"U+{ord(ch):04X}"
    names = {"\x00": "NUL", "\x07": "BEL", "\x08": "BACKSPACE", "\x0b": "VERTICAL TAB", "\x0c": "FORM FEED",
             "\x1b": "ESCAPE", "\x7f": "DELETE"}
    if unicodedata.category(ch) == "Cc":
        return f"the control character {code}" + (f" ({names[ch]})" if ch in names else "")
    if unicodedata.category(ch) == "Cs":
        return f"the unpaired surrogate {code}"
    return f"the character {code}" + (" (a noncharacter, never printable)" if unicodedata.category(ch) == "Cn" else "")


def explain_syntax_error(text: str, line: int, column: int, reason: str, context: str) -> tuple[int, int, str]:
    """A YAML syntax error as (line, column, message) a person can act on: the usual mistakes of hand
    editing get their own words, and the line where they were made rather than where YAML gave up."""
    lines = text.splitlines()
    if "tab" in reason:
        tabbed = next((number for number, content in enumerate(lines, start=1)
                       if content[: len(content) - len(content.lstrip(" \t"))].count("\t")), line)
        return tabbed, 1, f"line {tabbed} starts with a tab; indent with spaces (YAML does not allow tabs there)"
    if 0 < line <= len(lines) and _UNQUOTED_PLACEHOLDER.search(lines[line - 1]):
        return line, column, ("this text starts with a placeholder such as {childline.phone}, so YAML reads it as a "
                              'mapping: put the text in quotes, e.g. short: "{childline.phone}, any time"')
    if "escape" in reason or "hexdecimal" in reason:
        return line, column, ("a backslash (\\) inside double quotes starts an escape such as \\n; for a Windows "
                              "path write / instead of \\ (C:/Users/...), or put the text in single quotes")
    opened = _unclosed_quote(lines, line)
    if opened is not None and ("quoted scalar" in context or "end of stream" in reason or "expected key" in reason
                               or "expected <block end>" in reason or "could not find expected" in reason):
        at_line, at_column, quote = opened
        return at_line, at_column, (f"the quote {quote} opened on line {at_line} is never closed (YAML read on to "
                                    f"line {line}); add the closing {quote} at the end of the text")
    if "mapping values are not allowed" in reason:
        return line, column, ("this text has a colon followed by a space, which YAML reads as a new key; put the "
                              'whole text in double quotes: key: "text: more text"')
    return line, column, f"YAML syntax error: {reason}"


def _unclosed_quote(lines: list[str], last: int) -> tuple[int, int, str] | None:
    """The last line, up to ``last``, where a quoted value opens and is not closed on the same line."""
    for number in range(min(last, len(lines)), 0, -1):
        content = lines[number - 1]
        start = re.match(r"^\s*(?:-\s+)?(?:[^\s:#\"'][^:#]*:\s+|-\s*)?([\"'])", content)
        if not start:
            continue
        quote = start.group(1)
        rest = content[start.end():]
        closed = (re.search(r'(?<!\\)"', rest) if quote == '"' else re.search(r"'(?!')", rest.replace("''", "")))
        if not closed:
            return number, start.start(1) + 1, quote
        if number < last:  # a line closed properly above the error: nothing opened before it matters
            continue
    return None


def _where(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _check_depth(text: str, name: str) -> None:
    """Refuse deep nesting and too many values from the event stream, before composing anything."""
    depth = events = 0
    for event in yaml.parse(text, Loader=_Loader):
        events += 1
        if events > MAX_NODES:
            line, column = _where(event)
            raise YamlRejected(Problem(name, line, column, "", f"the file has more than {MAX_NODES:,} values"))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _where(event)
                raise YamlRejected(Problem(name, line, column, "",
                                           f"the file is nested too deeply (more than {MAX_DEPTH} levels)"))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlRejected(Problem(name, 1, 1, "", f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}"))
        return path.read_bytes()
    except FileNotFoundError:
        raise YamlRejected(Problem(name, 1, 1, "", f"file not found: {path}")) from None
    except IsADirectoryError:
        raise YamlRejected(Problem(name, 1, 1, "", f"expected a file, found a folder: {path}")) from None


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.ScalarNode):
        return f"the value {node.value!r}"
    return "a mapping"


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")

    def reject(self, node: yaml.Node, path: KeyPath, message: str) -> YamlRejected:
        mark = node.start_mark
        return YamlRejected(Problem(self.document.file, mark.line + 1, mark.column + 1, format_path(path), message))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.reject(node, path, f"the file expands to more than {MAX_NODES:,} values "
                              "(are YAML aliases repeating a large block?)")
        if len(path) > MAX_DEPTH:
            raise self.reject(node, path, f"nested too deeply (more than {MAX_DEPTH} levels)")
        self.document.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode) and _MAY_LOCATE.search(node.value):
            self.document.spans[path] = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.MappingNode):
            self.check_tag(node, path, "tag:yaml.org,2002:map")
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, path, "tag:yaml.org,2002:seq")
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.build_scalar(node, path)

    def check_tag(self, node: yaml.Node, path: KeyPath, allowed: str) -> None:
        if node.tag != allowed:
            raise self.reject(node, path, f"the YAML tag {node.tag!r} is not allowed here")

    def build_mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.reject(key_node, path, "YAML merge keys (<<) are not supported; write the keys out")
            key = self.build_scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise self.reject(key_node, path, "keys must be plain names")
            if key in result:
                first = self.document.positions[path + (key,)]
                raise self.reject(key_node, path + (key,), f"duplicate key {key!r} (first defined at line {first[0]}); "
                                  "YAML would silently keep only the last one")
            self.document.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
            if value_node.start_mark.line == key_node.start_mark.line:
                # Point a key's problems at its value when the value is on the same line.
                self.document.positions[path + (key,)] = (value_node.start_mark.line + 1,
                                                          value_node.start_mark.column + 1)
        return result

    def build_scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        if node.tag not in _PLAIN_TAGS:
            raise self.reject(node, path, f"the YAML tag {node.tag!r} is not allowed here")
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates are parsed (and checked) by the models
        # A string is the node's own text (what SafeConstructor's construct_yaml_str returns), without
        # its bookkeeping: most values are strings, and this is ~1 ms of a catalogue's load.
        value = node.value if node.tag == _STR else self.constructor.construct_object(node)
        if isinstance(value, str):
            # Printable once tabs and line breaks are set aside: no Other or Separator character, so
            # none of _unprintable's either (a multi-line text then costs no look at each character).
            printable = value.isprintable() or value.translate(_LINE_BREAKS).isprintable()
            bad = None if printable else next((ch for ch in value if _unprintable(ch)), None)
            if bad is not None:  # written as an escape ("\uFFFF", "\a") inside double quotes
                raise self.reject(node, path, f"the text has {describe_character(bad)}, which prints as nothing or "
                                  "as a box; remove it (for a new paragraph, leave a blank line)")
        return value
