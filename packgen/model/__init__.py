"""The document model: one pure, typed description of what a document says, in reading order,
with roles (title, key message, advice sections with paragraphs and lists, service entries with
their links and QR figures, the org's contacts, the footer).

Owns: :mod:`.nodes` (the values), :mod:`.build` (plan -> model, by the layout kind's spec),
:mod:`.texts` (the texts a document must show, for ``verify``). Between the plan and every output:
the PDF renderers, tagging, the web and text versions and ``verify`` all read it. May import the
catalogue models, :mod:`packgen.catalogue.kinds`, :mod:`packgen.i18n` and :mod:`packgen.plan.documents`; nothing above.
"""

from .build import document_model
from .nodes import Document
from .texts import expected_texts

__all__ = ["Document", "document_model", "expected_texts"]
