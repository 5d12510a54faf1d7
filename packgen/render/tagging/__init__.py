"""Tagged PDF: every document packgen draws carries a structure tree built from its document model.

The renderers draw as before on a :class:`TaggedCanvas` (``page.open_canvas`` makes one) and mark
each flowable with the model node it draws (:func:`tag`). Everything else they draw (bands,
rules, backgrounds, marks, footers, repeats of a card) is an artifact without their saying so.
When the canvas is saved, :mod:`.tree` writes the structure in the model's reading order, whatever
the drawing order, with ReportLab's own PDF objects: no second pass over the file.

Owns: :mod:`.marks` (what a flowable draws: :func:`tag`), :mod:`.canvas` (marked content,
MCIDs, link annotations, artifacts), :mod:`.tree` (the structure tree from the model),
:mod:`.metadata` (XMP). May import ReportLab, :mod:`packgen.model` and :mod:`packgen.plan`.
"""

from .canvas import TaggedCanvas, tagging_disabled
from .marks import model_of, tag

__all__ = ["TaggedCanvas", "model_of", "tag", "tagging_disabled"]
