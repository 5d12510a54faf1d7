"""Languages: translation of a catalogue through gettext PO files, the layouts' own printed words,
dates in a reader's words, and what each script asks of the outputs.

Owns: :mod:`.words` (the printed-words catalogue and the one date formatter) and :mod:`.tags`
(language tags, scripts, right-to-left isolation): leaves, importing nothing from packgen.
:mod:`.sources` (every string a document shows, with its msgctxt), :mod:`.po` (reading and
writing PO files with polib), :mod:`.status` (translated, stale, missing: the guard) and
:mod:`.translate` (plans in the documents' languages) sit beside the plan: they may import the
catalogue and layout models, :mod:`packgen.kinds`, :mod:`packgen.plan` and :mod:`packgen.files`.
"""
