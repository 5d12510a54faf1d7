"""The layout kinds: one spec each, the only place a kind is spelled out.

A kind's spec says the smallest type and QR code it may print, how a reader names its format,
what it shows of the catalogue (which the document model turns into blocks, and ``verify`` checks)
and which module of :mod:`packgen.render` draws it. Adding a kind means one spec here and one
renderer module with a ``render(plan) -> bytes`` function.

A leaf: imports nothing from packgen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shows:
    """What a kind prints of the catalogue (DESIGN.md section 3)."""

    advice_in_full: bool       # every paragraph and point of each advice item
    advice_summary: bool       # each item's short line (its body when it has none)
    service_summary: bool      # what the service does, and who it is for
    service_address: bool      # the email and the printed web address
    help_box: bool = False     # a "Get help now" box on page 1 (the cover): the first numbers to ring


@dataclass(frozen=True)
class KindSpec:
    """One layout kind."""

    name: str
    min_qr_mm: float           # the smallest QR code (dark-module area) a layout of this kind may ask for
    min_body_pt: float         # the smallest body type a layout of this kind may ask for
    label: str                 # the format in a reader's words; {paper} is the paper's name
    renderer: str              # the module of packgen.render that draws it
    shows: Shows

    def format_label(self, paper: str, bleed: bool) -> str:
        """The format in a reader's words: "A4 poster", "A4 folded leaflet (folds to DL)"."""
        return self.label.format(paper=paper) + (", with bleed for a print shop" if bleed else "")


_FULL = Shows(advice_in_full=True, advice_summary=False, service_summary=True, service_address=True, help_box=True)

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (
    KindSpec("poster", 30.0, 14.0, "{paper} poster", "poster",
             Shows(advice_in_full=False, advice_summary=True, service_summary=False, service_address=True)),
    KindSpec("leaflet", 20.0, 12.0, "{paper} leaflet", "leaflet", _FULL),
    KindSpec("trifold", 20.0, 12.0, "{paper} folded leaflet (folds to DL)", "trifold", _FULL),
    KindSpec("booklet", 20.0, 11.0, "{paper} booklet (A4 sheets, folded and stapled)", "booklet", _FULL),
    KindSpec("cards", 20.0, 8.0, "Wallet cards, 8 per {paper} sheet", "cards",
             Shows(advice_in_full=False, advice_summary=False, service_summary=False, service_address=False)),
)}


def kind_spec(name: str) -> KindSpec:
    """The spec of a kind the layout model accepted (an unknown name is a bug, not user input)."""
    return KINDS[name]
