"""Language tags (BCP 47) and what a language's script asks of the outputs.

Which languages the PDF renderer can draw (Latin and Cyrillic, with the bundled fonts), which need
shaping it cannot do yet (Arabic, Urdu, Bengali, Gurmukhi, ...), which run right to left, and how
phone numbers and web addresses are kept left to right inside right-to-left text. A leaf.
"""

from __future__ import annotations

import re

# language [-script] [-region] [-variant...]: the parts of RFC 5646 a document's language needs
# (private-use and extension subtags are not languages a reader reads).
BCP47_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
_BCP47 = re.compile(BCP47_PATTERN)

# Names in English for messages (the reader-facing name of a language is the translator's business).
NAMES = {
    "en": "English", "cy": "Welsh", "ga": "Irish", "gd": "Scottish Gaelic", "pl": "Polish", "ro": "Romanian",
    "pt": "Portuguese", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "lt": "Lithuanian",
    "lv": "Latvian", "sk": "Slovak", "cs": "Czech", "hu": "Hungarian", "so": "Somali", "tr": "Turkish",
    "sq": "Albanian", "uk": "Ukrainian", "ru": "Russian", "bg": "Bulgarian", "ur": "Urdu", "ar": "Arabic",
    "fa": "Persian", "ps": "Pashto", "ku": "Kurdish", "he": "Hebrew", "yi": "Yiddish", "bn": "Bengali",
    "pa": "Punjabi", "hi": "Hindi", "gu": "Gujarati", "ta": "Tamil", "te": "Telugu", "ne": "Nepali",
    "si": "Sinhala", "ml": "Malayalam", "kn": "Kannada", "mr": "Marathi", "th": "Thai", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "ti": "Tigrinya", "am": "Amharic",
}

# Default scripts of languages whose script is not Latin or Cyrillic (ISO 15924).
_SCRIPTS = {
    "ar": "Arab", "ur": "Arab", "fa": "Arab", "ps": "Arab", "sd": "Arab", "ug": "Arab", "ckb": "Arab",
    "he": "Hebr", "yi": "Hebr", "bn": "Beng", "as": "Beng", "pa": "Guru", "hi": "Deva", "mr": "Deva",
    "ne": "Deva", "gu": "Gujr", "ta": "Taml", "te": "Telu", "kn": "Knda", "ml": "Mlym", "si": "Sinh",
    "th": "Thai", "lo": "Laoo", "km": "Khmr", "my": "Mymr", "ti": "Ethi", "am": "Ethi", "zh": "Hans",
    "ja": "Jpan", "ko": "Kore", "el": "Grek", "hy": "Armn", "ka": "Geor",
    "uk": "Cyrl", "ru": "Cyrl", "bg": "Cyrl", "sr": "Cyrl", "mk": "Cyrl", "be": "Cyrl", "kk": "Cyrl",
}
SCRIPT_NAMES = {"Arab": "Arabic script", "Hebr": "Hebrew script", "Beng": "Bengali script",
                "Guru": "Gurmukhi script", "Deva": "Devanagari script", "Latn": "Latin script",
                "Cyrl": "Cyrillic script"}
RIGHT_TO_LEFT = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm"}
# What the PDF renderer draws with the bundled fonts (Atkinson Hyperlegible, Fira Sans fallback).
PDF_SCRIPTS = {"Latn", "Cyrl"}


def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 language tag of the kind a document uses (cy, en-GB, pa-Arab)."""
    return bool(_BCP47.fullmatch(tag))  # fullmatch: "$" alone would let "cy\n" through


def primary(tag: str) -> str:
    """The language subtag, lower case: ``cy`` of ``cy-GB``."""
    return tag.replace("_", "-").split("-")[0].lower()


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language and region (case and ``_``/``-`` do not matter)."""
    return a.replace("_", "-").lower() == b.replace("_", "-").lower()


def script(tag: str) -> str:
    """The ISO 15924 script of a tag: its script subtag, else the language's usual one, else Latin."""
    for part in tag.replace("_", "-").split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    return _SCRIPTS.get(primary(tag), "Latn")


def language_name(tag: str) -> str:
    """'Welsh (cy)', 'Urdu (ur-PK)': for messages."""
    return f"{NAMES.get(primary(tag), tag)} ({tag})"


def is_right_to_left(tag: str) -> bool:
    """Whether the language is written right to left (the web versions' ``dir``: :mod:`.direction`)."""
    from .direction import text_direction

    return text_direction(tag) == "rtl"


def pdf_refusal(tag: str) -> str | None:
    """Why a PDF layout cannot draw a document in this language, or None when it can.

    The PDF renderer draws Latin and Cyrillic with the bundled fonts; scripts that need shaping or
    right-to-left ordering would come out as broken letters, so they get no PDF (never a PDF with
    broken letters): the web and text versions are the form for those readers until it can.
    """
    found = script(tag)
    if found in PDF_SCRIPTS:
        return None
    how = "right-to-left text and joined letters" if found in RIGHT_TO_LEFT else "shaping (joined letters)"
    return (f"{language_name(tag)} is written in {SCRIPT_NAMES.get(found, found + ' script')}, which needs "
            f"{how} that the PDF layouts cannot draw yet: no PDF is made, so no reader gets broken "
            "letters; use its web and text versions")


LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate ... pop directional isolate

# Phone numbers, web and email addresses: runs that must read left to right inside any text.
_LTR_RUNS = re.compile(
    r"(?:https?://|www\.)\S+[^\s.,;:!?)]"                              # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"                                  # email addresses
    r"|(?<![\w.])[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov|info)(?:/[^\s]*[^\s.,;:!?)])?"  # bare domains
    r"|\+?\d[\d ()-]{4,}\d",                                         # phone numbers
    re.ASCII)


def ltr_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_left_to_right_run) in order: phone numbers and addresses are the runs."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _LTR_RUNS.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def isolate_ltr(text: str) -> str:
    """Plain text with every phone number and address wrapped in U+2066 ... U+2069 (for text versions).

    Inside right-to-left text, "0800 1111" would otherwise display as "1111 0800".
    """
    return "".join(f"{LRI}{piece}{PDI}" if ltr else piece for piece, ltr in ltr_runs(text))
