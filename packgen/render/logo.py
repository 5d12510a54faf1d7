"""The org's logo as a flowable: contained in a box, aspect ratio kept, embedded once per PDF.

The file is the one the plan names (checked and hashed when the profile was validated). A logo
with more pixels than print needs (300 dpi at the size it is drawn, never over ``MAX_PX``) is
scaled down, once per process and size: ReportLab compresses an image's pixels again for every
PDF (and every trial layout), so a 4000-pixel PNG would cost render time and megabytes in each
document of a batch. Images are handed to ReportLab as pixels, never as a file name: ReportLab
names an image after its file name, which would make the PDF's bytes depend on where it lies.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ..errors import UserError

if TYPE_CHECKING:  # annotations only: the org profile's models are built only when a pack has one
    from packgen.catalogue.org import OrgLogo

MAX_PX = 1200
PRINT_DPI = 300
STEP_PX = 50  # target sizes are rounded up to this, so trial layouts at nearby sizes share one image


class LogoChanged(UserError):
    """The logo file is not the one validated (it was edited or replaced during the build)."""


def pixels_needed(width: float, height: float) -> int:
    """Pixels on the longer side for a logo drawn ``width`` x ``height`` points to print sharply."""
    needed = max(width, height) / 72 * PRINT_DPI
    return min(MAX_PX, STEP_PX * math.ceil(needed / STEP_PX))


@functools.lru_cache(maxsize=64)
def logo_reader(path: Path, sha256: str, max_px: int = MAX_PX) -> ImageReader:
    """The logo's pixels as an image viewer shows them, at most ``max_px`` on the longer side.

    A plain RGB or grey JPEG that needs no scaling or turning passes through untouched (embedded as
    the JPEG it is); anything else is first made into what a viewer shows (:func:`as_displayed`).
    """
    from PIL import Image

    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise LogoChanged(f"the logo {path} changed after it was checked; run the build again")
    image = Image.open(io.BytesIO(data))
    if (image.format == "JPEG" and image.mode in ("RGB", "L") and max(image.size) <= max_px
            and image.getexif().get(_ORIENTATION, 1) == 1):
        return ImageReader(io.BytesIO(data))  # embedded as the JPEG it is (DCTDecode)
    pixels = as_displayed(image)
    if max(pixels.size) > max_px:
        pixels.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    return ImageReader(pixels)


_ORIENTATION = 0x0112  # the EXIF tag phones use instead of turning the pixels


def as_displayed(image: Any) -> Any:
    """An 8-bit RGB or RGBA copy of a Pillow image, looking as an image viewer shows it.

    Viewers turn a photo by its EXIF orientation, scale 16-bit samples down to 8 bits (Pillow's own
    conversion clips them, so a 16-bit grey logo would print white), apply a palette and its
    transparency, and show a CMYK JPEG in RGB (Pillow undoes Adobe's inverted CMYK when it reads).
    """
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        wide = image if image.mode == "I" else image.convert("I")
        top = 65535 if image.mode.startswith("I;16") or (wide.getextrema()[1] or 0) > 255 else 255
        image = wide.point(lambda value: value * (255 / top)).convert("L")
    elif image.mode == "F":
        image = image.point(lambda value: value * 255).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image.mode == "CMYK":
        return image.convert("RGB")
    return image.convert("RGBA" if has_alpha else "RGB")


def contained_size(logo: OrgLogo, max_width: float, max_height: float) -> tuple[float, float]:
    """The largest (width, height) with the logo's proportions that fits the box."""
    scale = min(max_width / logo.width_px, max_height / logo.height_px)
    return logo.width_px * scale, logo.height_px * scale


class LogoFlowable(Flowable):  # type: ignore[misc, unused-ignore]
    """The logo contained in ``max_width`` x ``max_height``; its own size is the contained size."""

    def __init__(self, logo: OrgLogo, max_width: float, max_height: float) -> None:
        super().__init__()
        self.logo = logo
        self.width, self.height = contained_size(logo, max_width, max_height)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        reader = logo_reader(self.logo.path, self.logo.sha256, pixels_needed(self.width, self.height))
        self.canv.drawImage(reader, 0, 0, self.width, self.height, mask="auto")
