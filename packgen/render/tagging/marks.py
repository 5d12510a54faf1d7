"""What a flowable draws: :func:`tag` marks a flowable with the model node (and the part of it)
that it draws, so the canvas can record its marked content for the structure tree.

Tagging changes the flowable's class to a subclass of its own (made once per class) whose
``drawOn`` opens and closes the marked content and whose ``split`` passes the tag on to the
pieces, so a paragraph split over two columns or pages stays one structure element.
Attributes, styles and ``isinstance`` checks are untouched.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.platypus import Flowable

from packgen.model import Document, document_model
from packgen.plan.documents import DocumentPlan


class Tag:
    """The model node a flowable draws and which part of it (``"heading"``, ``"title"``, an index...).

    ``text`` is the text for the structure element's ActualText where the model does not hold it
    (what a layout adds of its own); ``description`` a link's description likewise; ``role`` the
    element's role where the tree cannot tell it from the model (an aside such as a help box).
    ``key`` identifies the element: the node (by identity) and the part. A plain class with slots:
    one is made for every flowable of every trial layout, so it must cost next to nothing.
    """

    __slots__ = ("description", "key", "node", "part", "role", "text")

    def __init__(self, node: object, part: object = "", text: str | None = None, description: str | None = None,
                 role: str | None = None) -> None:
        self.node, self.part, self.text, self.description, self.role = node, part, text, description, role
        self.key: tuple[int, object] = (id(node), part)


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
    found = _CLASSES.get(cls)
    if found is None:
        with _LOCK:
            found = _CLASSES.setdefault(cls, type(cls.__name__, (_TaggedMixin, cls), {"__module__": cls.__module__}))
    return found


def tag_with(flowable: Flowable, mark: Tag) -> Flowable:
    if not isinstance(flowable, _TaggedMixin):
        flowable.__class__ = _tagged_class(type(flowable))
    flowable._pdf_tag = mark
    return flowable


def tag(flowable: Flowable, node: object, part: object = "", *, text: str | None = None,
        description: str | None = None, role: str | None = None) -> Flowable:
    """Mark ``flowable`` as drawing ``part`` of the model ``node``; returns the flowable."""
    return tag_with(flowable, Tag(node, part, text, description, role))


def model_of(plan: DocumentPlan) -> Document:
    """The plan's document model, one instance per plan (:func:`packgen.model.document_model`
    keeps it): the renderer tags flowables with its nodes and the canvas writes the structure tree
    from the same instance."""
    return document_model(plan)
