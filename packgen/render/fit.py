"""Fitting content: flow flowables into frames, and pick the largest type size that fits.

Overflow is never silent: :func:`fit_type_size` tries the layout's body size, then bisects down
to ``min_body_pt``, and raises :class:`Overflow` (with how much is left over) when even that fails.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from ..errors import UserError
from .memo import BoundedMemo

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.layouts import Layout

T = TypeVar("T")
P = TypeVar("P")
STEP_PT = 1.0  # whole points: half a point is invisible on a wall, and costs an extra trial layout


class Overflow(Exception):
    """Content did not fit; ``height`` is roughly how much was left over, in points."""

    def __init__(self, height: float) -> None:
        self.height = height
        super().__init__(f"{height / mm:.0f} mm left over")


class DocumentTooLong(UserError):
    """A poster or card whose content does not fit at the layout's minimum type size."""


def frame(x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                 showBoundary=0)


_SCRATCH = threading.local()


def scratch_canvas() -> Canvas:
    """A canvas to measure on (``wrapOn`` asks for one): one per thread, made on first use, since
    measuring draws nothing (a poster measures a dozen times). Never draw on it, never save it."""
    canvas = getattr(_SCRATCH, "canvas", None)
    if canvas is None or canvas._code:  # something drew on it after all: start a clean one
        canvas = _SCRATCH.canvas = Canvas(io.BytesIO(), invariant=1)
    return canvas


def flow(flowables: list[Flowable], frames: list[Frame], canvas: Canvas) -> list[Flowable]:
    """Fill the frames in order, splitting where a flowable allows; return what did not fit.

    ``Frame.addFromList`` never splits and ignores ``keepWithNext``, so this does both: a heading
    moves to the next frame unless it fits together with the start of what follows it.
    """
    remaining = list(flowables)
    for target in frames:
        while remaining:
            head = remaining[0]
            if _keeps_with_next(head) and len(remaining) > 1 and not _fits_with_next(target, head, remaining[1], canvas):
                break
            if target.add(head, canvas, trySplit=0):
                remaining.pop(0)
                continue
            parts = head.splitOn(canvas, target._getAvailableWidth(), target._y - target._y1p)
            if len(parts) < 2 or not target.add(parts[0], canvas, trySplit=0):
                break
            remaining[0:1] = parts[1:]
            break
    return remaining


def _keeps_with_next(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return bool(getattr(style, "keepWithNext", 0))


def _fits_with_next(target: Frame, head: Flowable, following: Flowable, canvas: Canvas) -> bool:
    """Whether ``head`` and the first lines of ``following`` fit in what is left of ``target``."""
    width = target._getAvailableWidth()
    space = target._y - target._y1p
    _, head_height = head.wrapOn(canvas, width, space)
    before = 0.0 if target._atTop else head.getSpaceBefore()  # the frame adds it below earlier content
    needed = before + head_height + head.getSpaceAfter() + following.getSpaceBefore()
    _, next_height = following.wrapOn(canvas, width, space)
    leading = getattr(getattr(following, "style", None), "leading", next_height)
    return needed + min(next_height, 2 * leading) <= space


def height_of(flowables: list[Flowable], width: float) -> float:
    """Total height the flowables need in a column ``width`` wide."""
    total = 0.0
    canvas = scratch_canvas()
    for flowable in flowables:
        _, height = flowable.wrapOn(canvas, width, 1e6)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def increments_of(flowables: list[Flowable], width: float) -> tuple[float, ...]:
    """What :func:`height_of` adds for each flowable, in its order (:func:`added` sums them the same way)."""
    canvas = scratch_canvas()
    return tuple(flowable.wrapOn(canvas, width, 1e6)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
                 for flowable in flowables)


def added(increments: Sequence[float]) -> float:
    """The increments summed in order from zero, as :func:`height_of` sums them: the same float."""
    total = 0.0
    for increment in increments:
        total += increment
    return total


# Heights measured for a decision, kept for the next document with the same content (a batch draws
# every school's copy of the same documents): key -> increments_of(the flowables). The key is the
# caller's, made of everything the flowables are made from (model nodes, which are frozen and
# compared by content; every attribute of every style used, style_keys; widths and settings).
# Bounded (MAX_HEIGHTS, least recently used dropped first); used only while the line memo is awake.
MAX_HEIGHTS = 256
_HEIGHTS = BoundedMemo(MAX_HEIGHTS)


def kept_increments(key: tuple[object, ...] | None, make: Callable[[], list[Flowable]],
                    width: float) -> tuple[float, ...]:
    """``increments_of(make(), width)``, kept under ``key`` (None: not kept)."""
    if key is None:
        return increments_of(make(), width)
    try:
        found = _HEIGHTS.get(key)
    except TypeError:  # a part that cannot be hashed
        return increments_of(make(), width)
    if found is None:
        _HEIGHTS.misses += 1
        found = increments_of(make(), width)
        _HEIGHTS.store(key, found)
    return found


def style_keys(styles: object, *names: str) -> tuple[object, ...] | None:
    """Every attribute of the named styles (render/paragraphs._style_key), for a key; None when one
    cannot be hashed."""
    from .paragraphs import _style_key

    keys = tuple(_style_key(getattr(styles, name)) for name in names)
    return None if None in keys else keys


def fit_type_size(layout: Layout, attempt: Callable[[float], T]) -> T:
    """The result of ``attempt(body_pt)`` for the largest body size that does not raise Overflow.

    Sizes are multiples of ``STEP_PT``. After the body size, bisect between it and the minimum;
    the minimum itself is tried only when every size above it overflowed (then its Overflow
    reaches the caller), which saves an attempt on most documents that shrink.
    """
    high, low = layout.type.body_pt, layout.type.min_body_pt
    try:
        return attempt(high)
    except Overflow:
        pass
    best: T | None = None
    while high - low > STEP_PT:
        middle = round((high + low) / 2 / STEP_PT) * STEP_PT
        if middle in (high, low):
            break
        try:
            best, low = attempt(middle), middle
        except Overflow:
            high = middle
    return best if best is not None else attempt(low)


def fit_in_phases(layout: Layout, phases: Sequence[P], attempt: Callable[[float, P], T]) -> T:
    """``attempt(body_pt, phase)`` at the largest size that fits (:func:`fit_type_size`), in the
    first of ``phases`` where any size fits: each phase is searched only when the ones before found
    no size, so a document that fits in a phase is never arranged as a later one would. When none
    fits, the last phase's Overflow reaches the caller."""
    for phase in phases[:-1]:
        try:
            return fit_type_size(layout, _in_phase(attempt, phase))
        except Overflow:
            continue
    return fit_type_size(layout, _in_phase(attempt, phases[-1]))


def _in_phase(attempt: Callable[[float, P], T], phase: P) -> Callable[[float], T]:
    return lambda body_pt: attempt(body_pt, phase)


def too_long(document_id: str, layout: Layout, overflow: Overflow, advice: str) -> DocumentTooLong:
    return DocumentTooLong(
        f"document {document_id}: content is {max(1, round(overflow.height / mm))} mm too tall for "
        f"{layout.id} at the minimum type size ({layout.type.min_body_pt:g} pt); {advice}")
