"""Whether a ReportLab function is still the one a packgen shortcut reproduces.

A few of packgen's renderers write bytes ReportLab would write, faster (font subsets, logos, link
annotations, the catalog, the document's final formatting). Each runs only while the ReportLab
function it reproduces is unchanged; otherwise ReportLab's own code runs, and the output is
ReportLab's whatever its version. "Unchanged" is judged by what the function's code refers to: the
names it uses, its constants (its docstring aside) and its defaults, recorded from ReportLab 5.1.0
beside each shortcut. A test compares each shortcut's bytes with ReportLab's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def same_code(function: Callable[..., Any], names: tuple[str, ...], constants: tuple[Any, ...] | None = None,
              defaults: tuple[Any, ...] | None = None) -> bool:
    """Whether ``function`` uses exactly ``names`` and, when given, ``constants`` (its code's
    constants after the first, the docstring's slot) and ``defaults``."""
    code = function.__code__
    return (code.co_names == names
            and (constants is None or code.co_consts[1:] == constants)
            and (defaults is None or function.__defaults__ == defaults))
