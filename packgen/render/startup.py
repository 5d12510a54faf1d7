"""Start-up of ReportLab for the ``packgen`` command: compile one costly pattern only if it is used.

``reportlab.platypus.paragraph`` compiles ``uri_pat`` when it is imported: a case-insensitive
regular expression over ``\\xa1-\\uffff`` (Django's URL validator), ~24 ms of every process that
draws a PDF, a twentieth of a cold one-document build. ReportLab uses it in one place only,
``_uri_split_pairs``, which splits a long web address at a line end when a style asks for
hyphenation or ``uriWasteReduce``; packgen's styles ask for neither, so a build never uses it.

:func:`defer_uri_pattern` arranges that, while that module is imported, ``re.compile`` called with
exactly that pattern and flag returns a :class:`DeferredPattern` instead: it compiles the real
pattern the first time anything asks it for something (``match``, ``pattern``, ...), then puts the
compiled pattern in the module's ``uri_pat`` so ReportLab's later calls go straight to it. Any
other pattern, or that one from anywhere else, is compiled as usual; if a ReportLab release
changes the pattern, nothing is deferred and it is compiled at import as before
(``tests/test_render_startup.py`` then fails, so the saving is not lost silently).

Only the command calls it (as :mod:`packgen.cli.startup` does for pydantic); importing packgen
as a library leaves ReportLab alone.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from types import ModuleType
from typing import Any

MODULE = "reportlab.platypus.paragraph"
NAME = "uri_pat"
# reportlab/platypus/paragraph.py, ReportLab 4.x and 5.x ("derived from Django validator"), verbatim.
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*"
    "\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?"
    "(?:[/?#][^\\s]*)?\\Z"
)
URI_FLAGS = re.IGNORECASE


class DeferredPattern:
    """Stands in for ``re.compile(pattern, flags)`` in ``module`` until first used."""

    __slots__ = ("_compiled", "_flags", "_module", "_pattern")

    def __init__(self, pattern: str, flags: int, module: ModuleType) -> None:
        self._pattern = pattern
        self._flags = flags
        self._module = module
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The real pattern (compiled now if need be), from now on also the module's ``uri_pat``."""
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
            if getattr(self._module, NAME, None) is self:
                setattr(self._module, NAME, self._compiled)
        return self._compiled

    def match(self, string: str, *args: Any) -> re.Match[str] | None:
        return self.compiled().match(string, *args)

    def __getattr__(self, name: str) -> Any:  # search, fullmatch, pattern, flags, ...: the real pattern's
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"DeferredPattern({self._pattern!r}, {self._flags!r})"


class _Loader(SourceFileLoader):
    """ReportLab's own source loader, which runs the module with ``uri_pat`` deferred."""

    def exec_module(self, module: ModuleType) -> None:
        with _compile_deferring(module):
            super().exec_module(module)


class _Finder:
    """Finds ``reportlab.platypus.paragraph`` as Python would, and gives it :class:`_Loader` (once)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
                  ) -> ModuleSpec | None:
        if fullname != MODULE:
            return None
        _remove_finder()
        spec = PathFinder.find_spec(fullname, path)
        if spec is not None and type(spec.loader) is SourceFileLoader and spec.origin:
            spec.loader = _Loader(fullname, spec.origin)
        return spec


_FINDER = _Finder()
_lock = threading.Lock()


def defer_uri_pattern() -> None:
    """Have ReportLab's ``uri_pat`` compiled on first use rather than at import (idempotent; nothing
    to do once ReportLab's paragraph module is loaded)."""
    with _lock:
        if MODULE not in sys.modules and _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)


def _remove_finder() -> None:
    with _lock:
        if _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)


@contextmanager
def _compile_deferring(module: ModuleType) -> Iterator[None]:
    """``re.compile`` defers exactly ReportLab's URI pattern while ``module`` runs; anything else, as usual."""
    original = re.compile

    def compile_deferring(pattern: Any, flags: int = 0) -> Any:
        if pattern == URI_PATTERN and flags == URI_FLAGS:
            return DeferredPattern(pattern, flags, module)
        return original(pattern, flags)

    re.compile = compile_deferring  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = original
