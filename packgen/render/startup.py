"""Start-up of ReportLab for the ``packgen`` command: compile two costly patterns only if used.

``reportlab.platypus.paragraph`` compiles ``uri_pat`` when it is imported: a case-insensitive
regular expression over ``\\xa1-\\uffff`` (Django's URL validator), ~24 ms of every process that
draws a PDF, a twentieth of a cold one-document build. ReportLab uses it in one place only,
``_uri_split_pairs``, which splits a long web address at a line end when a style asks for
hyphenation or ``uriWasteReduce``; packgen's styles ask for neither, so a build never uses it.
``reportlab.lib.textsplit`` compiles ``rx`` (a class over ``\\u2e80-\\uffff``, ~3 ms), used only by
its ``cjkwrap``, which nothing in ReportLab or packgen calls.

:func:`defer_unused_patterns` arranges that, while each of those modules is imported,
``re.compile`` called with exactly that pattern and flag returns a :class:`DeferredPattern`
instead: it compiles the real pattern the first time anything asks it for something (``match``,
``pattern``, ...), then puts the compiled pattern in the module's variable so ReportLab's later
calls go straight to it. Any other pattern, or the same one from anywhere else, is compiled as
usual; if a ReportLab release changes a pattern, nothing is deferred and it is compiled at import
as before (``tests/test_render_startup.py`` then fails, so the saving is not lost silently).

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
CJK_MODULE = "reportlab.lib.textsplit"
CJK_NAME = "rx"
CJK_PATTERN = "([\u2e80-\uffff])"  # reportlab/lib/textsplit.py, verbatim
CJK_FLAGS = re.UNICODE
# reportlab/platypus/paragraph.py, ReportLab 4.x and 5.x ("derived from Django validator"), verbatim.
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
    "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
    "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*"
    "\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?"
    "(?:[/?#][^\\s]*)?\\Z"
)
URI_FLAGS = re.IGNORECASE

# module -> (its variable, the pattern, the flags) ReportLab compiles there at import.
DEFERRED: dict[str, tuple[str, str, int]] = {
    MODULE: (NAME, URI_PATTERN, URI_FLAGS),
    CJK_MODULE: (CJK_NAME, CJK_PATTERN, CJK_FLAGS),
}


class DeferredPattern:
    """Stands in for ``re.compile(pattern, flags)``, kept as ``module.name``, until first used."""

    __slots__ = ("_compiled", "_flags", "_module", "_name", "_pattern")

    def __init__(self, pattern: str, flags: int, module: ModuleType, name: str = NAME) -> None:
        self._pattern = pattern
        self._flags = flags
        self._module = module
        self._name = name
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The real pattern (compiled now if need be), from now on also the module's variable."""
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
            if getattr(self._module, self._name, None) is self:
                setattr(self._module, self._name, self._compiled)
        return self._compiled

    def match(self, string: str, *args: Any) -> re.Match[str] | None:
        return self.compiled().match(string, *args)

    def sub(self, replacement: Any, string: str, *args: Any) -> str:
        return self.compiled().sub(replacement, string, *args)

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
    """Finds each module of :data:`DEFERRED` as Python would, and gives it :class:`_Loader` (once each)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
                  ) -> ModuleSpec | None:
        if fullname not in _pending:
            return None
        _done_with(fullname)
        spec = PathFinder.find_spec(fullname, path)
        if spec is not None and type(spec.loader) is SourceFileLoader and spec.origin:
            spec.loader = _Loader(fullname, spec.origin)
        return spec


_FINDER = _Finder()
_lock = threading.Lock()
_pending: set[str] = set()  # the modules of DEFERRED not imported yet


def defer_unused_patterns() -> None:
    """Have ReportLab's ``uri_pat`` and ``rx`` compiled on first use rather than at import
    (idempotent; nothing to do for a module already loaded)."""
    with _lock:
        _pending.update(name for name in DEFERRED if name not in sys.modules)
        if _pending and _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)


def _done_with(module: str) -> None:
    with _lock:
        _pending.discard(module)
        if not _pending and _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)


@contextmanager
def _compile_deferring(module: ModuleType) -> Iterator[None]:
    """``re.compile`` defers exactly ``module``'s pattern of :data:`DEFERRED` while it runs; anything else, as usual."""
    original = re.compile
    name, deferred, deferred_flags = DEFERRED[module.__name__]

    def compile_deferring(pattern: Any, flags: int = 0) -> Any:
        if pattern == deferred and flags == deferred_flags:
            return DeferredPattern(pattern, flags, module, name)
        return original(pattern, flags)

    re.compile = compile_deferring  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = original
