"""Tagged PDF: every document packgen draws carries a structure tree built from its document model.

The renderers draw as before on a :class:`TaggedCanvas` (``page.open_canvas`` makes one) and mark
each flowable with the model node it draws (:func:`tag`). Everything else they draw (bands,
rules, backgrounds, marks, footers, repeats of a card) is an artifact without their saying so.
When the canvas is saved, :mod:`.tree` writes the structure in the model's reading order, whatever
the drawing order, with ReportLab's own PDF objects: no second pass over the file.

For a renderer: build flowables with :mod:`packgen.render.blocks` (they come tagged) or tag your
own with ``tag(flowable, node, part)``, where ``node`` is a node of ``model_of(plan)``: the title
``(model, "title")``, the key message ``(model, "key_message")``, an advice heading
``(section, "heading")``, a paragraph ``(paragraph_node,)``, a list item ``(bullet_list, index)``,
a service's name ``(entry, "name")``, a contact ``(contact.link,)`` with its description, a QR
code ``(entry.qr,)``, the org's logo ``(identity.logo,)`` and name ``(identity, "name")``, its
contacts ``(contacts, "heading")`` and ``(contacts, index)``, the "Get help now" box's heading
``(help_box, "heading")``, each entry's name ``(entry, "name")``, its contact (a link, as above)
and hours ``(entry.contact, "note")``. Something a layout adds of its own, outside the model, is
an aside: ``tag(flowable, model, ("help", n), role="H2" | "P" |
"Link")`` for n = 0, 1, ... in reading order; it is read after the key message. What is not
tagged is an artifact; a link drawn by an untagged flowable is still put in the tree.

Owns: :mod:`.marks` (what a flowable draws: :func:`tag`), :mod:`.canvas` (marked content,
MCIDs, link annotations, artifacts), :mod:`.tree` (the structure tree from the model),
:mod:`.metadata` (XMP). May import ReportLab, :mod:`packgen.model` and :mod:`packgen.plan`.
"""

from .canvas import TaggedCanvas, tagging_disabled
from .marks import model_of, tag

__all__ = ["TaggedCanvas", "model_of", "tag", "tagging_disabled"]
