"""Translation of a catalogue: which strings each document shows, whether each language's PO file
is in step with the source (the guard against stale translations of safety advice), and plans in
the documents' languages.

Owns: :mod:`.sources` (every string a document shows, with its msgctxt), :mod:`.status`
(translated, stale, missing; what validate says of the PO files) and :mod:`.translate` (plans in
the documents' languages; refusals). May import :mod:`packgen.catalogue`, :mod:`packgen.plan`
and the leaves (:mod:`packgen.i18n`, whose :mod:`~packgen.i18n.po` reads and writes PO files,
:mod:`packgen.errors`, :mod:`packgen.files`); nothing above the plan.
"""
