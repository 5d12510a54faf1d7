"""The ``packgen`` command line: parse arguments, call one function, print its result or error.

Only this package imports click, prints or chooses exit codes. ``app`` holds the command group and
what the commands share; each other module registers its commands on it when imported.
"""

from __future__ import annotations

from . import authoring, batch, building, drafts, links, translations  # noqa: F401  (each registers its commands)
from .app import main

__all__ = ["main"]
