"""The org's logo as a flowable: contained in a box, aspect ratio kept, embedded once per PDF.

The file is the one the plan names (checked and hashed when the profile was validated). A logo
with more pixels than print needs (300 dpi at the size it is drawn, never over ``MAX_PX``) is
scaled down, once per process and size: ReportLab compresses an image's pixels again for every
PDF (and every trial layout), so a 4000-pixel PNG would cost render time and megabytes in each
document of a batch. Images are handed to ReportLab as pixels, never as a file name: ReportLab
names an image after its file name, which would make the PDF's bytes depend on where it lies.

In a batch worker the same logo is drawn in every document of its school: ReportLab's ``drawImage``
hashes the pixels (the image's name in the PDF) and deflates them again each time (~0.2 ms a logo).
:func:`draw_image` keeps what it made the first time (the name and the finished image object's
fields, see :data:`IMAGE_MEMO_SIZE`) and draws later ones from it, as ReportLab 5.1.0's
``drawImage`` does.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..errors import UserError
from .memo import BoundedMemo
from .same_code import same_code

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
        draw_image(self.canv, (self.logo.path, self.logo.sha256, pixels_needed(self.width, self.height)),
                   self.width, self.height)


# Images kept (a batch worker's later documents draw a logo from them): one a logo and size drawn,
# each its name and its compressed pixels (and its soft mask's); least recently used go first.
IMAGE_MEMO_SIZE = 32

_KEPT = BoundedMemo(IMAGE_MEMO_SIZE)  # key -> (the image object's fields, its soft mask's or None)

# The names, constants and defaults of ReportLab 5.1.0's Canvas.drawImage: draw_image reproduces it
# for an ImageReader drawn with those defaults, and runs only while ReportLab's is still that one.
_DRAW_IMAGE_NAMES = ('_currentPageHasImages', 'isinstance', 'ImageReader', 'getRGBData', '_dataA', 'str', 'isUnicode',
                     'encode', '_digester', '_doc', 'getXObjectName', 'idToObject', 'get', 'pdfdoc',
                     'PDFImageXObject', 'name', '_setXObjects', 'Reference', 'addForm', 'getattr', 'smask',
                     'PDFObjectReference', '_smask', 'aspectRatioFix', 'width', 'height', 'saveState', 'translate',
                     'scale', '_code', 'append', 'restoreState', 'drawBoundary', '_formsinuse', 'keys', 'vars')
_DRAW_IMAGE_CONSTANTS = (1, 'auto', 'utf8', 'utf-8', None, ('mask',), '_smask', '/%s Do')
_DRAW_IMAGE_DEFAULTS = (None, None, None, False, 'c', False, False, None)


def _reportlab_unchanged() -> bool:
    """Whether ReportLab's ``Canvas.drawImage`` is still the one :func:`draw_image` reproduces."""
    return same_code(Canvas.drawImage, _DRAW_IMAGE_NAMES, _DRAW_IMAGE_CONSTANTS, _DRAW_IMAGE_DEFAULTS)


_UNCHANGED = _reportlab_unchanged()


def set_image_memo(size: int) -> None:
    """Keep at most ``size`` images from now on (0: none, ReportLab's ``drawImage`` every time);
    forgets what is kept."""
    global _KEPT
    _KEPT = BoundedMemo(size)


def image_memo_info() -> dict[str, int]:
    """Hits and misses since the memo was last set, its entries and its size."""
    return _KEPT.info()


def _fresh(fields: dict[str, Any]) -> Any:
    """A new ``PDFImageXObject`` with these fields (a document adds its own to it: its resources,
    its soft mask's reference)."""
    image = PDFImageXObject.__new__(PDFImageXObject)
    image.__dict__.update(fields)
    return image


def draw_image(canv: Any, source: tuple[Path, str, int], width: float, height: float,
               mask: str | None = "auto") -> None:
    """``canv.drawImage(logo_reader(*source), 0, 0, width, height, mask=mask)``, the image made once.

    The key is everything the image object's fields depend on: the file (its path and SHA-256, the
    reader's own arguments), the pixels on the longer side, the mask and ReportLab's ``useA85``
    (its only setting read while the object is made). What a document adds (its resources, the soft
    mask's reference) is added to a fresh object each time, and the object formats itself as
    ReportLab's does. Only while the line memo is awake (a process's second document on) and
    ReportLab's ``drawImage`` is 5.1.0's; ReportLab's own call otherwise.
    """
    from packgen.render.paragraphs import line_memo_awake  # loaded by then (it drew the text)

    if not (_KEPT.size and _UNCHANGED and line_memo_awake()):
        canv.drawImage(logo_reader(*source), 0, 0, width, height, mask=mask)
        return
    key = _key(source, mask)
    kept = _KEPT.get(key)
    if kept is None:
        _KEPT.misses += 1
        kept = _made(logo_reader(*source), mask)
        _KEPT.store(key, kept)
    fields, mask_fields = kept
    # ReportLab 5.1.0's Canvas.drawImage from here on, the image object made from the kept fields.
    canv._currentPageHasImages = 1
    name = fields["name"]
    doc = canv._doc
    reg_name = doc.getXObjectName(name)
    image = doc.idToObject.get(reg_name, None)
    if not image:
        image = _fresh(fields)
        canv._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(name, image)
        if mask_fields is not None:
            smask = _fresh(mask_fields)
            mask_reg_name = doc.getXObjectName(smask.name)
            if not doc.idToObject.get(mask_reg_name, None):
                canv._setXObjects(smask)
                image.smask = doc.Reference(smask, mask_reg_name)
            else:
                image.smask = PDFObjectReference(mask_reg_name)
    x, y, width, height, _scaled = aspectRatioFix(False, "c", 0, 0, width, height, image.width, image.height, False)
    canv.saveState()
    canv.translate(x, y)
    canv.scale(width, height)
    canv._code.append("/%s Do" % reg_name)
    canv.restoreState()
    canv._formsinuse.append(name)


def _key(source: tuple[Path, str, int], mask: str | None) -> tuple[object, ...]:
    return (*source, mask, bool(rl_config.useA85))


def _made(reader: ImageReader, mask: str | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """What ReportLab 5.1.0's ``drawImage`` makes for ``reader`` before it touches the document: the
    image's name (a digest of its pixels and mask) and its image object's fields (with its soft mask's)."""
    from reportlab.lib.utils import _digester

    rawdata = reader.getRGBData()
    smask = reader._dataA
    mdata: Any = smask.getRGBData() if mask == "auto" and smask else str(mask)
    if isinstance(mdata, str):
        mdata = mdata.encode("utf8")
    name = _digester(rawdata + mdata)
    image = PDFImageXObject(name, reader, mask=mask)
    image.name = name
    fields = dict(image.__dict__)
    soft = fields.pop("_smask", None)
    return fields, (dict(soft.__dict__) if soft is not None else None)
