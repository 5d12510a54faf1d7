"""Pure planning: catalogue + layouts + filters -> one DocumentPlan per document.

May import: packgen.catalogue, packgen.i18n, packgen.errors.
"""
