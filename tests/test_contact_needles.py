"""Contact patterns skip a text that lacks their needle (packgen.catalogue.placeholders.ContactPattern):
the links found, and the typed-out contacts reported, are exactly those of the full search."""

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
    pattern = placeholders.contact_patterns({"childline": {"phone": "0800 1111"}})[0][0]
    assert list(pattern.finditer("no number here")) == []
    assert [m.group(0) for m in pattern.finditer("call 08001111 or 0800 1111")] == ["08001111", "0800 1111"]
