"""Value types shared by the catalogue, layout and org-profile models.

Each is an ``Annotated`` type whose validator raises a :class:`PydanticCustomError` with its own
error *type*, so :mod:`packgen.catalogue.problems` can word the message without parsing English text.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from packgen.catalogue.ids import ID_PATTERN

_ID = re.compile(ID_PATTERN)
_PHONE = re.compile(r"^\+?[0-9][0-9 ]*[0-9]$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_TAB_AND_BREAKS = str.maketrans("", "", "\t\n\r")


class StrictModel(BaseModel):
    """Base for every model read from YAML: an unknown (misspelt) key is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def check_id(value: str) -> str:
    """Lower-case letters and digits in words joined by single hyphens: ``parents-leaflet``."""
    if not _ID.fullmatch(value):  # match() would let "parents-leaflet\n" through ("$" matches before it)
        raise PydanticCustomError(
            "id", "not a valid id (found {found}, expected lower-case letters, digits and hyphens)",
            {"found": describe_value(value)})
    return value


def describe_value(value: object) -> str:
    """A value as quoted in a message, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=60),
    AfterValidator(check_id),
    Field(description="Lower-case letters, digits and hyphens, e.g. `parents-leaflet`.",
          json_schema_extra={"pattern": ID_PATTERN}),
]
def check_printable(value: str) -> str:
    """Refuse characters every font draws as nothing or as a box (controls, noncharacters, unassigned
    code points, line separators): they may come from a spreadsheet cell or a pasted PDF."""
    if value.isprintable() or value.translate(_TAB_AND_BREAKS).isprintable():
        return value  # no Other or Separator character but tabs and line breaks: none of those below
    import unicodedata

    for ch in value:
        if ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cs", "Cn", "Zl", "Zp"):
            kind = "control character" if unicodedata.category(ch) == "Cc" else "character"
            raise PydanticCustomError(
                "unprintable", "the text has the {kind} U+{code}, which prints as nothing or as a box; remove it",
                {"kind": kind, "code": f"{ord(ch):04X}"})
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_printable)]


MAX_URL = 1000  # characters: longer will not fit a QR code a phone can scan on any layout


def check_url(value: str) -> str:
    """An absolute https:// (or http://) address with a host, in plain ASCII, no spaces or control characters."""
    if any(ch.isspace() for ch in value):
        raise PydanticCustomError("url_spaces", "a web address cannot contain spaces (found {found})",
                                  {"found": repr(value)})
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise PydanticCustomError("url_control", "a web address cannot contain control characters (found {found})",
                                  {"found": repr(value)})
    if not value.isascii():
        raise PydanticCustomError(
            "url_ascii", "a web address in a QR code must be plain ASCII (found {found}); write it as {ascii}",
            {"found": repr(value), "ascii": repr(ascii_url(value))})
    if len(value) > MAX_URL:
        raise PydanticCustomError(
            "url_length", "the web address is {length} characters long; the limit is {limit}, and much shorter "
            "prints better: use the organisation's short official address", {"length": len(value), "limit": MAX_URL})
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("https", "http"):
        raise PydanticCustomError(
            "url_scheme", "a web address must start with https:// (found {found})", {"found": repr(value)})
    parts = urlsplit(value)
    if not parts.hostname or "." not in parts.hostname:
        raise PydanticCustomError("url_host", "the web address has no proper host name (found {found})",
                                  {"found": repr(value)})
    return value


def ascii_url(value: str) -> str:
    """The same address in plain ASCII: the host in IDNA (xn--) form, the rest percent-encoded."""
    from urllib.parse import quote, urlunsplit

    parts = urlsplit(value)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(host, safe="")
    netloc = host + (f":{parts.port}" if parts.port else "")
    safe = "/%:@!$&'()*+,;=-._~?"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe), quote(parts.query, safe=safe),
                       quote(parts.fragment, safe=safe)))


def check_phone(value: str) -> str:
    """Digits and spaces, optionally a leading +, 3 to 15 digits (999, 0800 1111, +44 20 ...)."""
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not 3 <= digits <= 15:
        raise PydanticCustomError(
            "phone", "not a phone number (found {found}, expected digits and spaces such as '0800 1111')",
            {"found": repr(value)})
    return value


def check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "not an email address (found {found}, expected name@example.org)",
                                  {"found": repr(value)})
    return value


def check_colour(value: str) -> str:
    """``#rrggbb``, ``#rgb`` or a CSS colour name (``green``, ``Navy``), as lower-case ``#rrggbb``."""
    text = value.strip()
    if _HEX.match(text):
        return text.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", text):
        return "#" + "".join(ch * 2 for ch in text[1:].lower())
    name = re.sub(r"[\s_-]+", "", text.lower())
    # Pillow (a dependency) knows the 148 CSS named colours, as #rrggbb: loaded only for a name.
    from PIL.ImageColor import colormap as CSS_COLOURS

    if name in CSS_COLOURS:
        return str(CSS_COLOURS[name]).lower()
    import difflib

    near = difflib.get_close_matches(name, list(CSS_COLOURS), n=1, cutoff=0.75) if name else []
    hint = f"; did you mean {near[0]!r} ({CSS_COLOURS[near[0]]})?" if near else ""
    raise PydanticCustomError("colour", "not a colour (found {found}, expected #rrggbb such as '#1d3557', or a "
                              "colour name such as 'navy'){hint}", {"found": repr(value), "hint": hint})


Url = Annotated[str, AfterValidator(check_url), Field(description="Absolute https:// address.")]
Phone = Annotated[str, AfterValidator(check_phone), Field(description="Phone number as printed, e.g. `0800 1111`.")]
Email = Annotated[str, AfterValidator(check_email), Field(description="Email address, e.g. report@phishing.gov.uk.")]
Colour = Annotated[str, AfterValidator(check_colour),
                   Field(description="Colour as #rrggbb (or #rgb, or a CSS colour name such as navy).")]
