"""Models of ``layouts/*.yaml`` and finding layouts: the user's folder first, then the bundled ones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from packgen.catalogue.contrast import contrast_ratio
from packgen.catalogue.fields import Colour, Id, StrictModel
from packgen.catalogue.kinds import KINDS, kind_spec
from packgen.catalogue.records import LayoutMethods

MIN_CONTRAST = 4.5

if TYPE_CHECKING:
    KindName = str
else:  # the kinds the registry knows, as a Literal so the JSON Schema lists them
    KindName = Literal[tuple(KINDS)]


class TypeScale(StrictModel):
    """Type sizes in points."""

    title_pt: float = Field(gt=0, le=200, description="Title size.")
    heading_pt: float = Field(gt=0, le=120, description="Section heading size.")
    body_pt: float = Field(gt=0, le=72, description="Body text size the layout starts from.")
    min_body_pt: float = Field(gt=0, le=72, description="Smallest body size allowed when content must shrink.")
    line_spacing: float | None = Field(None, ge=1.0, le=2.5, description="Body line spacing, a multiple of the type "
                                       "size (1.5 for dyslexia-friendly layouts); default: the kind's own.")
    small_scale: float = Field(0.78, gt=0.5, le=1.0, description="Labels, captions and footers as a fraction of the "
                               "body size (1 for large print: the same size as the body).")


class QrSpec(StrictModel):
    """QR code settings."""

    size_mm: float = Field(gt=0, le=200, description="Width of the code (without its quiet zone) in mm.")
    error_correction: Literal["L", "M", "Q", "H"] = Field("M", description="QR error correction level.")


class Theme(StrictModel):
    """Colours; text on background and background on primary must both reach 4.5:1 contrast."""

    primary: Colour = Field(description="Bands and headings.")
    accent: Colour = Field(description="Highlights (phone numbers, the key message).")
    text: Colour = Field("#111111", description="Body text.")
    background: Colour = Field("#ffffff", description="Page background.")


class Layout(StrictModel, LayoutMethods):
    """How to lay out a document; `kind` picks the renderer."""

    id: Id
    kind: KindName = Field(description="Which renderer lays it out.")
    description: str | None = Field(None, description="What the layout is for.")
    page: Literal["A3", "A4", "A5", "letter"] | tuple[float, float] = Field(
        "A4", description="Paper size name, or [width_mm, height_mm].")
    orientation: Literal["portrait", "landscape"] = "portrait"
    margin_mm: float = Field(12, ge=0, le=60, description="Margin inside the trim, in mm.")
    bleed_mm: float = Field(0, ge=0, le=10, description="3 for a print shop: adds bleed, crop marks, TrimBox.")
    type: TypeScale
    qr: QrSpec
    theme: Theme
    columns: Literal[1, 2] = Field(2, description="Leaflets and booklets: text columns per page.")
    sides: list[int] | None = Field(
        None, description="Leaflets: the page counts allowed, e.g. [1, 2, 4] (default); content that needs more "
        "than the largest fails. Large print may allow more, in pairs: [1, 2, 4, 6, 8].")

    @model_validator(mode="after")
    def _within_limits(self) -> Layout:
        if self.type.min_body_pt > self.type.body_pt:
            raise PydanticCustomError("type_order", "type.min_body_pt ({low}) is larger than type.body_pt ({high})",
                                      {"low": self.type.min_body_pt, "high": self.type.body_pt})
        spec = kind_spec(self.kind)
        if self.type.min_body_pt < spec.min_body_pt:
            raise PydanticCustomError(
                "type_floor", "type.min_body_pt is {found} pt; a {kind} needs at least {floor} pt",
                {"found": self.type.min_body_pt, "kind": self.kind, "floor": spec.min_body_pt})
        if self.qr.size_mm < spec.min_qr_mm:
            raise PydanticCustomError(
                "qr_floor", "qr.size_mm is {found} mm; a {kind} needs QR codes of at least {floor} mm",
                {"found": self.qr.size_mm, "kind": self.kind, "floor": spec.min_qr_mm})
        for front, back in (("text", "background"), ("background", "primary")):
            ratio = contrast_ratio(getattr(self.theme, front), getattr(self.theme, back))
            if ratio < MIN_CONTRAST:
                raise PydanticCustomError(
                    "contrast", "theme.{front} on theme.{back} has contrast {ratio}:1; at least 4.5:1 is needed",
                    {"front": front, "back": back, "ratio": f"{ratio:.2f}"})
        return self


def layout_files(search_dirs: list[Path]) -> dict[str, Path]:
    """Layout id -> file, earlier folders winning (the user's `layouts/` before the bundled one)."""
    found: dict[str, Path] = {}
    for folder in reversed(search_dirs):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found[path.stem] = path
    return found
