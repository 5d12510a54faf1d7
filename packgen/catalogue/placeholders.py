"""Placeholders: one source for every number and address.

Any text of the catalogue (titles, taglines, ``short``, ``body``, ``points``, a service's summary
and who_for) and of an org profile (its contacts and footer) may say ``{childline.phone}``: a
service id, a dot, a field. The plan resolves them (:func:`resolve_text`), so renderers,
``verify``, the manifest's reasons and later the web and translated versions all see the text
as printed. ``{{`` and ``}}`` print a literal ``{`` and ``}``.

Everything here is pure: it reads strings and plain data or models, and returns new ones.
:func:`text_problems` and :func:`literal_contacts` find what ``packgen validate`` reports, as
offsets into one text; :mod:`packgen.project` pins them to ``file:line:col``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# The fields a placeholder may name, in the order messages list them.
FIELDS: tuple[str, ...] = ("name", "phone", "hours", "sms", "sms_text", "email", "url", "display_url")
# The fields that are a way to reach the service: typed out in a text, they rot when it changes.
CONTACT_FIELDS: tuple[str, ...] = ("phone", "sms", "email", "url", "display_url")
_INNER = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.([A-Za-z_]+)$")
EXAMPLE = "{childline.phone}"


@dataclass(frozen=True)
class Placeholder:
    """``{service.field}`` found at ``start``..``end`` (offsets into the text, braces included)."""

    service: str
    field: str
    start: int
    end: int

    @property
    def token(self) -> str:
        return f"{{{self.service}.{self.field}}}"


@dataclass(frozen=True)
class SyntaxProblem:
    """A brace that is not a placeholder: ``start`` is the offset of the ``{``."""

    start: int
    message: str


Piece = str | Placeholder


class PlaceholderError(ValueError):
    """A text cannot be resolved (validation reports these first, so a plan never meets one)."""


_BRACE = re.compile(r"[{}]")


def parse(text: str) -> tuple[list[Piece], list[SyntaxProblem]]:
    """Split ``text`` into literal strings and placeholders; a bad brace is a problem, kept literally."""
    if "{" not in text and "}" not in text:  # most texts: one literal, found at C speed
        return ([text] if text else []), []
    pieces: list[Piece] = []
    problems: list[SyntaxProblem] = []
    literal: list[str] = []
    index = 0
    while index < len(text):
        brace = _BRACE.search(text, index)  # runs without a brace are copied whole, not by character
        if brace is None:
            literal.append(text[index:])
            break
        if brace.start() > index:
            literal.append(text[index:brace.start()])
            index = brace.start()
        char = text[index]
        if char == "}" and text.startswith("}}", index):
            literal.append("}")
            index += 2
            continue
        if char != "{":
            literal.append(char)
            index += 1
            continue
        if text.startswith("{{", index):
            literal.append("{")
            index += 2
            continue
        close = text.find("}", index + 1)
        inner = text[index + 1:close] if close != -1 else ""
        if close == -1 or "{" in inner:
            problems.append(SyntaxProblem(index, f"unclosed {{ (a placeholder looks like {EXAMPLE}; "
                                                 "write {{ for a { that should print)"))
            literal.append(char)
            index += 1
            continue
        match = _INNER.match(inner.strip())
        if not match:
            problems.append(SyntaxProblem(index, f"{{{inner}}} is not a placeholder (expected {{service-id.field}} "
                                                 f"such as {EXAMPLE}; write {{{{ for a {{ that should print)"))
            literal.append(text[index:close + 1])
            index = close + 1
            continue
        if literal:
            pieces.append("".join(literal))
            literal = []
        pieces.append(Placeholder(match.group(1), match.group(2), index, close + 1))
        index = close + 1
    if literal:
        pieces.append("".join(literal))
    return pieces, problems


def placeholders(text: str) -> list[Placeholder]:
    """The well-formed placeholders in ``text``, in order."""
    return [piece for piece in parse(text)[0] if isinstance(piece, Placeholder)]


def field_values(service: Any) -> dict[str, str]:
    """What each field of a service (a model or its raw mapping) prints as; absent fields left out."""
    get = service.get if isinstance(service, Mapping) else (lambda name: getattr(service, name, None))
    values = {name: get(name) for name in FIELDS}
    url = get("url")
    if not values.get("display_url") and isinstance(url, str):
        values["display_url"] = printed_form(url)
    return {name: value.strip() for name, value in values.items() if isinstance(value, str) and value.strip()}


def printed_form(url: str) -> str:
    """A url as printed when it has no display_url: no scheme, no trailing slash, no www. on a short one."""
    text = url.split("://", 1)[1] if "://" in url else url
    text = text.removeprefix("www.") if text.count("/") <= 1 else text
    return text.rstrip("/")


def text_problems(text: str, services: Mapping[str, Mapping[str, str]]) -> list[tuple[int, str]]:
    """Each problem with the placeholders of ``text`` as (offset, message); ``services`` maps each
    service id to its :func:`field_values`."""
    pieces, syntax = parse(text)
    found = [(p.start, p.message) for p in syntax]
    for piece in pieces:
        if not isinstance(piece, Placeholder):
            continue
        if piece.service not in services:
            choices = ", ".join(sorted(services)) or "none defined"
            found.append((piece.start, f"unknown service {piece.service!r} in {piece.token} "
                                       f"(expected one of: {choices})"))
        elif piece.field not in FIELDS:
            found.append((piece.start, f"unknown field {piece.field!r} in {piece.token} "
                                       f"(expected one of: {', '.join(FIELDS)})"))
        elif piece.field not in services[piece.service]:
            has = ", ".join(f for f in FIELDS if f in services[piece.service])
            found.append((piece.start, f"service {piece.service!r} has no {piece.field}, so {piece.token} "
                                       f"has nothing to print (it has: {has})"))
    return sorted(found)


def resolve_text(text: str, services: Mapping[str, Any]) -> str:
    """``text`` with every placeholder replaced by the service's field; ``{{``/``}}`` made single.

    ``services`` maps ids to :class:`~packgen.catalogue.Service` models (or raw mappings).
    Raises :class:`PlaceholderError` for anything :func:`text_problems` would report.
    """
    if "{" not in text and "}" not in text:
        return text
    pieces, syntax = parse(text)
    if syntax:
        raise PlaceholderError(syntax[0].message)
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        service = services.get(piece.service)
        value = field_values(service).get(piece.field) if service is not None else None
        if value is None:
            raise PlaceholderError(f"{piece.token} has nothing to print")
        out.append(value)
    return "".join(out)


# --- literal numbers and addresses ------------------------------------------------------------

@dataclass(frozen=True)
class Literal:
    """A service's phone, email or address typed out in a text, and the placeholder to use."""

    start: int
    found: str
    service: str
    field: str

    @property
    def token(self) -> str:
        return f"{{{self.service}.{self.field}}}"


@dataclass(frozen=True)
class ContactPattern:
    """A contact's regular expression, and a piece of text every match contains (``needle``): a text
    without it is not searched at all (most texts hold no contact, and 35 searches with look-behinds
    cost ~0.4 ms a text). ``folded``: the expression ignores case, so the needle is looked for in the
    lower-cased text; only when both are ASCII, where lower-casing is exactly what IGNORECASE does.
    The expression (``source`` with ``flags``) is compiled the first time a text has the needle:
    most contacts are never typed out, and compiling the 35 of the bundled catalogue costs ~2.5 ms."""

    source: str
    needle: str
    folded: bool = False
    flags: int = 0

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.source, self.flags)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if not self.folded:
            if self.needle not in text:
                return iter(())
        elif text.isascii() and self.needle.isascii() and self.needle.lower() not in text.lower():
            return iter(())
        return self.regex.finditer(text)


@functools.lru_cache(maxsize=1024)
def _contact_pattern(field: str, value: str) -> ContactPattern:
    if field in ("phone", "sms"):
        groups = value.split()
        digits = [re.escape(group) for group in groups]
        # "0800 1111" also as "08001111" or "0800  1111"; never inside a longer number.
        return ContactPattern(r"(?<![\d+])(?<!\d )" + r" ?".join(digits) + r"(?! ?\d)", groups[0])
    if field == "email":
        return ContactPattern(r"(?<![\w.+-])" + re.escape(value) + r"(?![\w-])", value, folded=True,
                              flags=re.IGNORECASE)
    # An address, with or without its scheme: not inside a longer address.
    bare = printed_form(value) if field == "url" else value
    body = re.escape(bare)
    return ContactPattern(r"(?<![\w./-])(?:https?://)?(?:www\.)?" + body + r"/?(?![\w/-])", bare, folded=True,
                          flags=re.IGNORECASE)


def contact_patterns(services: Mapping[str, Mapping[str, str]]) -> list[tuple[ContactPattern, str, str]]:
    """(pattern, service id, field) for each contact value, longest value first."""
    found = []
    for service_id, values in services.items():
        for field in CONTACT_FIELDS:
            value = values.get(field)
            if value:
                found.append((len(value), _contact_pattern(field, value), service_id, field))
    found.sort(key=lambda item: -item[0])
    return [(pattern, service_id, field) for _, pattern, service_id, field in found]


def literal_contacts(text: str, patterns: list[tuple[ContactPattern, str, str]]) -> list[Literal]:
    """Each phone number, text number, email or address of a service typed out in ``text``, once each
    (the longest match wins where two overlap), in order; placeholders themselves never match."""
    masked = _mask_placeholders(text)
    taken: list[tuple[int, int]] = []
    found: list[Literal] = []
    for pattern, service_id, field in patterns:
        for match in pattern.finditer(masked):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            # A full https:// address names url; the address as printed names display_url.
            named = field if field in ("phone", "sms", "email") else \
                ("url" if "://" in match.group(0) else "display_url")
            found.append(Literal(match.start(), match.group(0), service_id, named))
    return sorted(found, key=lambda literal: literal.start)


def _mask_placeholders(text: str) -> str:
    """``text`` with each placeholder blanked out (same length), so offsets still match."""
    out = list(text)
    for piece in placeholders(text):
        out[piece.start:piece.end] = " " * (piece.end - piece.start)
    return "".join(out)


def iter_texts(data: Any, paths: tuple[tuple[str | int, ...], ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each text of raw YAML data at the given path patterns (``"*"`` matches every list index)."""
    for pattern in paths:
        yield from _walk(data, pattern, ())


def _walk(node: Any, pattern: tuple[str | int, ...], path: tuple[str | int, ...]
          ) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if not pattern:
        if isinstance(node, str):
            yield path, node
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, path + (index,))
        elif isinstance(node, dict):  # by key: an org profile's translations, by language tag
            for key, item in node.items():
                if isinstance(key, str):
                    yield from _walk(item, rest, path + (key,))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, path + (head,))


# Where placeholders may be used, in a catalogue and in an org profile.
CATALOGUE_TEXTS: tuple[tuple[str | int, ...], ...] = (
    ("pack", "title"), ("pack", "publisher"),
    ("audiences", "*", "label"), ("audiences", "*", "description"),
    ("services", "*", "summary"), ("services", "*", "who_for"),
    ("advice", "*", "title"), ("advice", "*", "short"), ("advice", "*", "body"), ("advice", "*", "points", "*"),
    ("documents", "*", "title"), ("documents", "*", "tagline"),
)
ORG_TEXTS: tuple[tuple[str | int, ...], ...] = (
    ("name",), ("contacts_heading",), ("contacts", "*"), ("footer",),
    ("translations", "*", "name"), ("translations", "*", "contacts_heading"), ("translations", "*", "contacts", "*"),
    ("translations", "*", "footer"),
)


def service_values(catalogue_data: Any) -> dict[str, dict[str, str]]:
    """Each service id of raw catalogue data mapped to its :func:`field_values`."""
    services = catalogue_data.get("services") if isinstance(catalogue_data, dict) else None
    found: dict[str, dict[str, str]] = {}
    for item in services if isinstance(services, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.setdefault(item["id"], field_values(item))
    return found


def placeholder_issues(data: Any, paths: tuple[tuple[str | int, ...], ...],
                       services: Mapping[str, Mapping[str, str]]) -> list[tuple[tuple[str | int, ...], str]]:
    """The placeholder errors in raw data that has no file positions (a spreadsheet row), as
    (key path, message): what would stop its texts from resolving."""
    return [(path, message) for path, text in iter_texts(data, paths) for _, message in text_problems(text, services)]
