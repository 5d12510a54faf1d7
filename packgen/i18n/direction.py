"""Writing direction of a language: ``rtl`` for Arabic, Hebrew, Persian, Urdu and their kin."""

from __future__ import annotations

from typing import Literal

# ISO 639 primary subtags of languages written right to left.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "khw", "ks", "ps", "sd", "ug", "ur", "yi"})
# Scripts that override the language: "az-Arab" is right to left, "ur-Latn" left to right.
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})


def text_direction(language: str) -> Literal["ltr", "rtl"]:
    """The direction of a BCP 47 tag's script: "rtl" for "ar", "he-IL", "az-Arab"; "ltr" otherwise."""
    subtags = language.replace("_", "-").lower().split("-")
    script = next((tag for tag in subtags[1:] if len(tag) == 4 and tag.isalpha()), None)
    if script is not None:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in RTL_LANGUAGES else "ltr"
