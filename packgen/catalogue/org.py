"""The org profile: one school's, force's or charity's name, logo, colours and local contacts.

:class:`OrgProfile` is what ``org.yaml`` may say. :func:`check_org` validates a profile given as
plain data (``org.yaml``'s mapping, or a spreadsheet row made into one) against a base folder,
and returns an :class:`OrgBranding`: the profile with its logo found, measured and hashed, ready
for a plan. Renderers draw only the logo file named there; the plan's fingerprint covers its bytes.

SVG logos are refused on purpose: the one maintained vector renderer for ReportLab (svglib)
follows ``<image href>`` to other files and URLs and silently skips SVG features it lacks, so a
logo could print wrong, or read files nobody named, without any error. A PNG or JPEG prints
exactly as it looks on screen.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from packgen.catalogue.contrast import contrast_ratio, nearest_passing_shade
from packgen.catalogue.fields import Colour, Email, StrictModel, Text, check_printable
from packgen.catalogue.problems import Issue, model_issues
from packgen.i18n.tags import is_language_tag, language_name, same_language
from packgen.i18n.words import ENGLISH, Words

DEFAULT_CONTACTS_HEADING = ENGLISH.contacts_heading  # the printed words' "Locally, contact", translated like them
MIN_CONTRAST = 4.5
WHITE = "#ffffff"
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_SIDE_PX = 5000
MIN_LOGO_SIDE_PX = 100   # on the longer side: fewer pixels print blurred at a few centimetres
_IMAGE_SIGNATURES: dict[bytes, Literal["PNG", "JPEG"]] = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
_OTHER_SIGNATURES = {b"GIF8": "a GIF image", b"%PDF": "a PDF document", b"BM": "a BMP image",
                     b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image", b"PK\x03\x04": "a zip file"}
# A line a wallet card can still hold at its smallest type.
ContactLine = Annotated[str, StringConstraints(min_length=1, max_length=120), AfterValidator(check_printable)]
# What each colour is printed against, for the contrast message.
_COLOUR_USE = {"primary": "against the white text on it", "accent": "against a white page"}


class OrgTexts(StrictModel):
    """The org's own words in another language, for the documents in that language."""

    name: Text | None = Field(default=None, max_length=120, description="The organisation's name in this language "
                                                                "(default: its name as given: a name is a name).")
    contacts_heading: Text | None = Field(default=None, max_length=40, description="The local contacts' heading in this "
                                                                          "language.")
    contacts: list[ContactLine] | None = Field(default=None, max_length=6, description="The local contacts in this "
                                                                               "language, one line each.")
    footer: Text | None = Field(default=None, max_length=160, description="The footer in this language.")


def _language_tags(value: dict[str, OrgTexts]) -> dict[str, OrgTexts]:
    bad = [tag for tag in value if not is_language_tag(tag)]
    if bad:
        raise PydanticCustomError("language_tag", "{tags} not a BCP 47 language tag (e.g. cy, pl, ur)",
                                  {"tags": ", ".join(map(repr, bad)) + (" is" if len(bad) == 1 else " are")})
    return value


class OrgProfile(StrictModel):
    """Branding and local contacts printed on every document of a pack."""

    name: Text = Field(max_length=120, description="The organisation's name, printed at the top of every document.")
    logo: Text | None = Field(None, description="PNG or JPEG file, relative to org.yaml and inside its folder "
                                                "(at most 5 MB and 5000 px a side; at least 100 px wide or high).")
    primary: Colour | None = Field(None, description="Brand colour for bands and headings (#rrggbb); white text "
                                                     "on it needs 4.5:1 contrast. Replaces the layout's primary.")
    accent: Colour | None = Field(None, description="Brand highlight colour (#rrggbb), printed on white and under "
                                                    "white text: needs 4.5:1 contrast. Replaces the layout's accent.")
    contacts_heading: Text | None = Field(
        None, max_length=40, description="Heading of the local contacts block, e.g. 'In school, talk to' (default: "
                                         "'Locally, contact', in each document's language).")
    contacts: list[ContactLine] = Field(
        default_factory=list, max_length=6,
        description="Local contacts, one line each, e.g. 'Mrs A Patel, Designated Safeguarding Lead - Room 14'.")
    footer: Text | None = Field(None, max_length=160,
                                description="Small print at the foot of each page (default: the organisation's name).")
    email: Email | None = Field(None, description="The organisation's contact email: the From of the email drafts "
                                                  "`packgen email` writes, e.g. safeguarding@hillside.sch.uk.")
    translations: Annotated[dict[str, OrgTexts], AfterValidator(_language_tags)] = Field(
        default_factory=dict, description="The org's words in the other languages its documents are in, by "
                                          "language tag, e.g. {cy: {contacts_heading: ..., contacts: [...]}}. "
                                          "A document in a language is refused while a text the org gives "
                                          "(contacts, their heading, the footer) has no version in it.")

    @field_validator("primary", "accent")
    @classmethod
    def _readable(cls, colour: str | None, info: ValidationInfo) -> str | None:
        problem = brand_colour_problem(colour, str(info.field_name)) if colour is not None else None
        if problem:
            raise PydanticCustomError("org_contrast", "{problem}", {"problem": problem})
        return colour


def brand_colour_problem(colour: str, role: str, against: str = WHITE) -> str | None:
    """What is wrong with ``colour`` as the brand's ``role`` colour printed ``against`` a background,
    with the nearest shade that passes; None when it reaches 4.5:1."""
    ratio = contrast_ratio(colour, against)
    if ratio >= MIN_CONTRAST:
        return None
    shade = nearest_passing_shade(colour, against, MIN_CONTRAST)
    use = _COLOUR_USE[role] if against == WHITE else f"against the layout's background {against}"
    advice = f"the nearest passing shade is {shade}" if shade else "choose another colour"
    return f"{colour} has contrast {ratio:.2f}:1 {use}; at least 4.5:1 is needed: {advice}"


class OrgLogo(BaseModel):
    """A checked logo file. ``path`` is absolute and left out of dumps (and so of fingerprints):
    where the file lies does not change the PDF, its bytes (``sha256``) do."""

    model_config = ConfigDict(frozen=True)

    path: Path = Field(exclude=True)
    sha256: str
    format: Literal["PNG", "JPEG"]
    width_px: int
    height_px: int


class OrgBranding(BaseModel):
    """A validated profile with its logo resolved: what a plan carries and renderers draw."""

    model_config = ConfigDict(frozen=True)

    name: str
    contacts_heading: str = ""  # "": the printed words' heading ("Locally, contact") in the document's language
    contacts: tuple[str, ...] = ()
    footer: str | None = None
    primary: str | None = None
    accent: str | None = None
    logo: OrgLogo | None = None
    translations: dict[str, OrgTexts] = Field(default_factory=dict)  # by language tag
    # Not printed on any document, so left out of dumps and of the fingerprints that decide rebuilds.
    email: str | None = Field(None, exclude=True)
    source: str = Field(default="the org profile", exclude=True)  # where the profile came from, for messages
    lines: dict[str, int] = Field(default_factory=dict, exclude=True)  # of its keys in that file
    from_spreadsheet: bool = Field(default=False, exclude=True)  # a row of `packgen batch`'s table

    @classmethod
    def from_profile(cls, profile: OrgProfile, logo: OrgLogo | None) -> OrgBranding:
        return cls(name=profile.name, contacts_heading=profile.contacts_heading or "",
                   contacts=tuple(profile.contacts), footer=profile.footer, primary=profile.primary,
                   accent=profile.accent, logo=logo, email=profile.email, translations=profile.translations)

    def texts_in(self, language: str) -> OrgTexts | None:
        """The org's words given for ``language``, or None."""
        return next((texts for tag, texts in self.translations.items() if same_language(tag, language)), None)

    def untranslated(self, language: str) -> list[str]:
        """The texts the org gives that have no version in ``language`` (a document in it is refused),
        one line each, with where to add it."""
        texts = self.texts_in(language) or OrgTexts()
        name = language_name(language)
        missing = [key for key, needed, given in (
            ("contacts_heading", bool(self.contacts and self.contacts_heading), texts.contacts_heading),
            ("contacts", bool(self.contacts), texts.contacts),
            ("footer", bool(self.footer), texts.footer)) if needed and not given]
        if self.from_spreadsheet:  # a batch row: the columns to add
            tag = language.replace("-", "_")
            columns = {"contacts_heading": f"contacts_heading_{tag}", "footer": f"footer_{tag}",
                       "contacts": f"contact_1_{tag}" + (f" ... contact_{len(self.contacts)}_{tag}"
                                                         if len(self.contacts) > 1 else "")}
            return [f"the org's {_ORG_WORDS[key]} has no {name} version; add the column{'s' if '...' in columns[key] else ''} "
                    f"{columns[key]}" for key in missing]
        return [f"{self.source}:{self.lines.get(key, 1)}: {key}: the org's {_ORG_WORDS[key]} has no {name} "
                f"version; add it under `translations: {language}: {key}:`" for key in missing]

    def printed(self, words: Words, language: str | None = None) -> OrgBranding:
        """The org as a document prints it: in the pack's language (``language`` None) or in ``language``
        (its texts from ``translations``; refuse first what :meth:`untranslated` names), with the
        contacts' heading from ``words`` when the org gives none. Translations are dropped: the
        document carries only its own language's words (and its fingerprint only those)."""
        update: dict[str, Any] = {"translations": {}}
        heading = self.contacts_heading
        if language is not None:
            texts = self.texts_in(language) or OrgTexts()
            heading = texts.contacts_heading or ""
            update.update(name=texts.name or self.name,
                          contacts=tuple(texts.contacts) if texts.contacts is not None else self.contacts,
                          footer=texts.footer or self.footer)
        update["contacts_heading"] = heading or words.contacts_heading
        return self.model_copy(update=update)


_ORG_WORDS = {"contacts_heading": "heading of its local contacts", "contacts": "list of local contacts",
              "footer": "footer"}


def check_org(data: Any, base_folder: Path) -> tuple[OrgBranding | None, list[Issue]]:
    """Validate one org profile given as plain data; its logo path is relative to ``base_folder``.

    Returns the branding (None when anything is wrong) and every problem as (key path, message),
    e.g. ``(("logo",), "file not found (found 'crest.png'; ...)")``. The logo is checked even when
    other keys are wrong, so the user sees every problem at once.
    """
    profile, issues = model_issues(OrgProfile, data)
    logo = None
    raw_logo = data.get("logo") if isinstance(data, dict) else None
    if isinstance(raw_logo, str) and raw_logo.strip():
        logo, message = check_logo(raw_logo.strip(), base_folder)
        if message:
            issues.append((("logo",), message))
    if issues or not isinstance(profile, OrgProfile):
        return None, issues
    return OrgBranding.from_profile(profile, logo), []


def background_issues(org: OrgBranding, backgrounds: Iterable[str]) -> list[Issue]:
    """The brand colours against the backgrounds of the layouts they will be printed with.

    :func:`check_org` checks them against white, the background of every bundled layout; a
    user's layout with another background (a dark one, say) is checked here, once each.
    """
    found = [((role,), brand_colour_problem(colour, role, background))
             for role, colour in (("primary", org.primary), ("accent", org.accent)) if colour
             for background in dict.fromkeys(backgrounds) if background != WHITE]
    return [(path, message) for path, message in found if message]


def check_logo(value: str, base_folder: Path) -> tuple[OrgLogo | None, str | None]:
    """The logo file named by ``value`` (relative to ``base_folder``), or what is wrong with it."""
    if "://" in value or value.lower().startswith(("data:", "http:", "https:", "www.")):
        return None, (f"a logo must be a file beside the profile, not a web address (found {value!r}); "
                      "download it and give its file name")
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or PureWindowsPath(value).drive:
        return None, f"a logo path must be relative to the profile's folder, not absolute (found {value!r})"
    base = base_folder.resolve()
    path = (base / value).resolve()
    if not path.is_relative_to(base):
        return None, f"the logo must be inside the profile's folder (found {value!r}, which leads out of it)"
    if not path.exists():
        near = _near_match(base, value)
        hint = f"; did you mean {near!r}? (letter case matters)" if near else \
            "; the path is relative to the profile's folder"
        return None, f"file not found (found {value!r}{hint})"
    if path.is_dir():
        return None, f"expected an image file, found a folder ({value!r})"
    if not path.is_file():
        return None, (f"{value!r} is not an ordinary file (it is a pipe, socket or device); "
                      "give the file name of a PNG or JPEG image")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        return None, (f"the logo file is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,} "
                      "(save it smaller: 1000 px across is plenty)")
    return _read_image(path, value)


def _near_match(base: Path, value: str) -> str | None:
    """The file the user probably meant: the same path in another letter case, or a close name."""
    import difflib

    parts = PurePosixPath(value.replace("\\", "/")).parts
    folder = base
    found: list[str] = []
    for index, part in enumerate(parts):
        try:
            names = sorted(entry.name for entry in folder.iterdir()) if folder.is_dir() else []
        except OSError:
            return None
        same = [name for name in names if name.lower() == part.lower()]
        if not same and index == len(parts) - 1:
            same = difflib.get_close_matches(part, names, n=1, cutoff=0.75)
        if not same:
            return None
        found.append(same[0])
        folder = folder / same[0]
    near = "/".join(found)
    return near if near != value and (base / near).is_file() else None


def _read_image(path: Path, value: str) -> tuple[OrgLogo | None, str | None]:
    data = path.read_bytes()
    kind = next((name for magic, name in _IMAGE_SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        return None, _not_an_image(data, value)
    from PIL import Image  # lazily: validating a profile without a logo needs no imaging library

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is far lower
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if max(width, height) <= MAX_LOGO_SIDE_PX:
                    image.load()  # a truncated or corrupt file fails here, not in the middle of a build
                if image.getexif().get(0x0112) in (5, 6, 7, 8):  # a phone photo turned a quarter: as shown
                    width, height = height, width
    except Image.DecompressionBombError:
        return None, f"the logo has too many pixels; the limit is {MAX_LOGO_SIDE_PX} on each side"
    except (OSError, ValueError, SyntaxError):
        return None, f"{value!r} looks like a {kind} image but cannot be read (is the file damaged or cut short?)"
    if max(width, height) > MAX_LOGO_SIDE_PX:
        return None, (f"the logo is {width} x {height} pixels; the limit is {MAX_LOGO_SIDE_PX} on each side "
                      "(scale it down: 1000 px across is plenty)")
    if max(width, height) < MIN_LOGO_SIDE_PX:
        return None, (f"the logo is {width} x {height} pixels; at least {MIN_LOGO_SIDE_PX} on its longer side "
                      "are needed to print sharply")
    return OrgLogo(path=path, sha256=hashlib.sha256(data).hexdigest(), format=kind, width_px=width,
                   height_px=height), None


def _not_an_image(data: bytes, value: str) -> str:
    """Say what a file that is not PNG or JPEG seems to be (a renamed file is caught by its bytes)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"<svg" in head.lower():
        return (f"{value!r} is an SVG drawing; packgen prints PNG or JPEG logos only "
                "(export it as PNG, 1000 px across)")
    found = next((name for magic, name in _OTHER_SIGNATURES.items() if data.startswith(magic)), None)
    if found is None and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        found = "a WebP image"
    if found is None:
        found = "empty" if not data else "a text file" if _is_text(data[:1024]) else "some other kind of file"
    return f"{value!r} is not a PNG or JPEG image (it is {found}); save the logo as PNG"


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
