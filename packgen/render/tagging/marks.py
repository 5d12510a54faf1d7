"""What a flowable draws: :func:`tag` marks a flowable with the model node (and the part of it)
that it draws, so the canvas can record its marked content for the structure tree.

Tagging changes the flowable's class to a subclass of its own (made once per class) whose
``drawOn`` opens and closes the marked content and whose ``split`` passes the tag on to the
pieces, so a paragraph split over two columns or pages stays one structure element.
Attributes, styles and ``isinstance`` checks are untouched.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

from packgen.model import Document, document_model
from packgen.plan.documents import DocumentPlan


@dataclass(frozen=True)
class Tag:
    """The model node a flowable draws and which part of it (``"heading"``, ``"title"``, an index...).

    ``text`` is the text for the structure element's ActualText where the model does not hold it
    (what a layout adds of its own); ``description`` a link's description likewise.
    """

    node: object
    part: object = ""
    text: str | None = None
    description: str | None = None
    key: tuple[int, object] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (id(self.node), self.part))  # looked up on every draw


class _TaggedMixin:
    _pdf_tag: Tag

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        marks = getattr(canvas, "marks", None)
        if marks is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        marks.begin(self._pdf_tag, self, label=bool(getattr(self, "bulletText", None)))
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            marks.end()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)  # type: ignore[misc]
        for part in parts:
            if part is not self:
                tag_with(part, self._pdf_tag)
        return list(parts)


_CLASSES: dict[type, type] = {}
_LOCK = threading.Lock()


def _tagged_class(cls: type) -> type:
    with _LOCK:
        if cls not in _CLASSES:
            _CLASSES[cls] = type(cls.__name__, (_TaggedMixin, cls), {"__module__": cls.__module__})
        return _CLASSES[cls]


def tag_with(flowable: Flowable, mark: Tag) -> Flowable:
    if not isinstance(flowable, _TaggedMixin):
        flowable.__class__ = _tagged_class(type(flowable))
    flowable._pdf_tag = mark
    return flowable


def tag(flowable: Flowable, node: object, part: object = "", *, text: str | None = None,
        description: str | None = None) -> Flowable:
    """Mark ``flowable`` as drawing ``part`` of the model ``node``; returns the flowable."""
    return tag_with(flowable, Tag(node, part, text, description))


_MODELS: dict[int, tuple[DocumentPlan, Document]] = {}
_MODELS_LOCK = threading.Lock()
_MAX_MODELS = 32


def model_of(plan: DocumentPlan) -> Document:
    """The plan's document model, one instance per plan: the renderer tags flowables with its
    nodes and the canvas writes the structure tree from the same instance."""
    with _MODELS_LOCK:
        cached = _MODELS.get(id(plan))
        if cached is not None and cached[0] is plan:
            return cached[1]
    model = document_model(plan)
    with _MODELS_LOCK:
        if len(_MODELS) >= _MAX_MODELS:
            _MODELS.pop(next(iter(_MODELS)))
        _MODELS[id(plan)] = (plan, model)
    return model
