"""Model of ``org.yaml``: one school's, force's or charity's name, colours and local contacts."""

from __future__ import annotations

from pydantic import Field

from .fields import Colour, StrictModel, Text


class OrgProfile(StrictModel):
    """Branding and local contacts printed on every document of a pack."""

    name: Text = Field(description="The organisation's name, printed in the header.")
    logo: str | None = Field(None, description="PNG or JPEG file, relative to org.yaml and inside its folder.")
    primary: Colour | None = Field(None, description="Brand colour for bands and headings (#rrggbb).")
    accent: Colour | None = Field(None, description="Brand highlight colour (#rrggbb).")
    contacts: list[Text] = Field(
        default_factory=list, max_length=6,
        description="Local contacts, e.g. 'Mrs A Patel, Designated Safeguarding Lead - Room 14'.")
    footer: str | None = Field(None, description="Optional footer line.")
