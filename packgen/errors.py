"""The three kinds of failure packgen knows.

A :class:`UserError` is one clear sentence for the person running packgen (a missing file, a
folder that already exists). A :class:`ValidationFailed` carries every :class:`Problem` found in
the input, each pinned to ``file:line:col``. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an input file, with where it is."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        label = "warning: " if self.severity == "warning" else ""
        path = f" {self.path}:" if self.path else ""
        return f"{where}:{path} {label}{self.message}"


class UserError(Exception):
    """A problem the user can fix, explained in one message; no traceback is shown."""


class ValidationFailed(UserError):
    """Input files have errors; :attr:`problems` lists all of them (warnings included)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(summarise(problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def summarise(problems: list[Problem]) -> str:
    """One line: how many errors and warnings, in how many files."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.file for p in problems})
    parts = [_count(errors, "error")]
    if warnings:
        parts.append(_count(warnings, "warning"))
    return f"{' and '.join(parts)} in {_count(files, 'file')}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
