"""The pattern every id follows (documents, audiences, layouts, advice, services).

Its own module, importing nothing, so the build's manifest and its no-op shortcut can check ids
without importing pydantic (:mod:`packgen.catalogue.fields` re-exports it).
"""

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
