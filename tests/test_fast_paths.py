"""Shortcuts in reading and checking the catalogue find exactly what the long way finds.

Contact patterns skip a text that lacks their needle (placeholders.ContactPattern); placeholders
are parsed a run of text at a time; a multi-line text is checked for unprintable characters
character by character only when it has some.
"""

from __future__ import annotations

import pytest

from packgen.catalogue import placeholders
from packgen.catalogue.bundled import bundled_catalogue
from packgen.catalogue.contact_links import contact_spans
from packgen.catalogue.project import load_project


def texts_and_services() -> tuple[list[str], list[object]]:
    catalogue = load_project(bundled_catalogue()).catalogue
    texts = {"Kelvin K", "ſtop: ceop.police.uk/ſafety-centre", "text SHOUT to 85258", "08001111, 0800  1111"}
    for advice in catalogue.advice:
        texts.update([advice.title, advice.short or "", advice.body or "", *(advice.points or [])])
    for service in catalogue.services:
        for value in placeholders.field_values(service).values():
            texts.update([value, value.upper(), f"x{value}y", f"Call {value}. Now", value.replace(" ", ""),
                          f"https://www.{value}/", value.replace("s", "ſ").replace("k", "\u212a")])
    return sorted(texts), list(catalogue.services)


def test_the_needles_change_no_link_and_no_reported_contact(monkeypatch: pytest.MonkeyPatch) -> None:
    texts, services = texts_and_services()
    patterns = placeholders.contact_patterns({s.id: placeholders.field_values(s) for s in services})  # type: ignore[attr-defined]
    fast = [(contact_spans(text, services), placeholders.literal_contacts(text, patterns)) for text in texts]
    assert sum(any(span.href for span in spans) for spans, _ in fast) > 100  # the texts do hold contacts
    monkeypatch.setattr(placeholders.ContactPattern, "finditer", lambda self, text: self.regex.finditer(text))
    full = [(contact_spans(text, services), placeholders.literal_contacts(text, patterns)) for text in texts]
    assert fast == full


def test_a_text_without_the_needle_is_not_searched() -> None:
    pattern = placeholders.contact_patterns({"childline": {"phone": "0800 1112"}})[0][0]
    assert list(pattern.finditer("no number here")) == []
    assert "regex" not in pattern.__dict__  # not even compiled: that waits for a text with the needle
    assert [m.group(0) for m in pattern.finditer("call 08001112 or 0800 1112")] == ["08001112", "0800 1112"]


def _parse_by_character(text: str) -> tuple[list[object], list[object]]:
    """placeholders.parse as it was written first, one character at a time: the reference."""
    pieces: list[object] = []
    problems: list[object] = []
    literal: list[str] = []
    index = 0
    while index < len(text):
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
            problems.append(placeholders.SyntaxProblem(index, f"unclosed {{ (a placeholder looks like "
                                                              f"{placeholders.EXAMPLE}; write {{{{ for a {{ that should print)"))
            literal.append(char)
            index += 1
            continue
        match = placeholders._INNER.match(inner.strip())
        if not match:
            problems.append(placeholders.SyntaxProblem(index, f"{{{inner}}} is not a placeholder (expected "
                                                              f"{{service-id.field}} such as {placeholders.EXAMPLE}; "
                                                              f"write {{{{ for a {{ that should print)"))
            literal.append(text[index:close + 1])
            index = close + 1
            continue
        if literal:
            pieces.append("".join(literal))
            literal = []
        pieces.append(placeholders.Placeholder(match.group(1), match.group(2), index, close + 1))
        index = close + 1
    if literal:
        pieces.append("".join(literal))
    return pieces, problems


def test_placeholders_parse_as_by_character() -> None:
    import random

    rng = random.Random(17)
    alphabet = ["{", "}", "{{", "}}", "childline.phone", "ceop.url", " ", "a", "é", "-", ".", "x y", "{childline.phone}"]
    texts = ["", "plain", "{", "}", "{{}}", "a}b", "{childline.phone} and {ceop.url}", "{bad", "{not one}"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert placeholders.parse(text) == _parse_by_character(text), text


@pytest.mark.parametrize("character", ["\x07", "\u2028", "\ufffe", "\x85"])
def test_an_unprintable_character_in_a_multi_line_text_is_still_refused(tmp_path: object, character: str) -> None:
    from pathlib import Path

    from packgen.catalogue.yaml_source import YamlRejected, load_yaml

    path = Path(str(tmp_path)) / "x.yaml"
    path.write_text('body: "first line\\n\\tsecond line ' + character.encode("unicode_escape").decode() + ' end"\n',
                    encoding="utf-8")
    with pytest.raises(YamlRejected, match="prints as nothing or as a box"):
        load_yaml(path)
    path.write_text('body: "first line\\n\\tsecond line end"\n', encoding="utf-8")
    assert load_yaml(path).data == {"body": "first line\n\tsecond line end"}


def _check_printable_by_character(value: str) -> str | None:
    """fields.check_printable's loop alone, without its shortcut: the reference (the error type, or None)."""
    import unicodedata

    for ch in value:
        if ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cs", "Cn", "Zl", "Zp"):
            return "unprintable"
    return None


def test_check_printable_refuses_exactly_what_the_character_loop_refuses() -> None:
    from pydantic_core import PydanticCustomError

    from packgen.catalogue.fields import check_printable

    # Every code point of the first two planes and the edges of the rest, alone, in a multi-line
    # text and beside a soft hyphen, a no-break space and a private-use character (not refused).
    points = [*range(0x20000), *range(0x20000, 0x110000, 0x101), 0x10FFFE, 0x10FFFF]
    refused = 0
    for point in points:
        ch = chr(point)
        for text in (ch, f"line one\n\t{ch} line two\r\n", f"a\u00ad\u00a0\ue000{ch}"):
            expected = _check_printable_by_character(text)
            try:
                found = None if check_printable(text) == text else "changed"
            except PydanticCustomError as exc:
                found = exc.type
            assert found == expected, (hex(point), text)
            refused += expected is not None
    assert refused > 100_000  # unassigned, surrogates and controls among them: the check does refuse
