"""Languages: the words a layout prints of its own, and dates in a reader's words.

Owns: :mod:`.words` (the printed-words catalogue and the one date formatter). Translation of
catalogue text (PO files) will live here too. A leaf: imports nothing from packgen but itself.
"""
