"""Languages: the layouts' own printed words, dates in a reader's words, language tags and scripts,
writing direction, and gettext PO files.

Owns: :mod:`.words` (the printed-words catalogue and the one date formatter), :mod:`.tags`
(BCP 47 tags, scripts the PDF can draw, left-to-right isolation), :mod:`.direction` and :mod:`.po`
(reading and writing PO files with polib). A leaf: may import only :mod:`packgen.errors` and
:mod:`packgen.files`. What a catalogue's documents need translated lives in
:mod:`packgen.translation`.
"""
