"""Is each language's translation in step with the source? The guard against stale safety advice.

A string is *translated* when its PO entry has a translation made from the current source text,
*stale* when the source changed since (the entry is fuzzy, or its msgid is no longer the
catalogue's text: caught even when nobody ran ``translations update``), *missing* when there is no
entry or no translation, and *wrong* when its ``{placeholders}`` differ from the source's. A
document is held back while any string it shows is not translated: it is never built with
English in its place, nor with a translation of advice that has since changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from packgen.catalogue.layouts import Layout
from packgen.catalogue.models import Catalogue
from packgen.errors import Problem
from packgen.i18n.po import PoFile, PoRejected, Source, placeholders, po_path, read_po
from packgen.i18n.tags import is_language_tag, same_language

from .sources import language_sources

State = Literal["translated", "stale", "missing", "wrong"]

_WHY = {"stale": "stale: the source changed since it was translated", "missing": "missing: not translated yet",
        "wrong": "wrong placeholders"}


@dataclass(frozen=True)
class StringState:
    """One string a language's documents show, and where its translation stands."""

    source: Source
    state: State
    documents: tuple[str, ...]
    line: int | None = None      # of its entry in the PO file
    translation: str = ""
    detail: str = ""


@dataclass
class LanguageStatus:
    """Where one language's translation stands."""

    language: str
    file: str                                  # e.g. translations/cy.po
    strings: list[StringState] = field(default_factory=list)
    unreadable: Problem | None = None          # the PO file is missing or broken
    reviewed_by: str | None = None
    reviewed_on: str | None = None
    previously_reviewed: str | None = None     # withdrawn by an update that changed the source

    def count(self, state: State) -> int:
        return sum(1 for s in self.strings if s.state == state)

    def problems(self, document_id: str) -> list[str]:
        """Why ``document_id`` cannot be built in this language, one line each (file:line first)."""
        if self.unreadable is not None:
            return [str(self.unreadable)]
        return [f"{self.file}:{s.line or 1}: {s.source.context}: {_WHY[s.state]}{s.detail}"
                for s in self.strings if s.state != "translated" and document_id in s.documents]

    @property
    def held_back(self) -> list[str]:
        """The documents this language's untranslated strings hold back, in catalogue order."""
        if self.unreadable is not None:
            return list(dict.fromkeys(d for s in self.strings for d in s.documents))
        return list(dict.fromkeys(d for s in self.strings if s.state != "translated" for d in s.documents))

    def table(self) -> dict[str, str]:
        """Context -> translation, for the strings that are translated."""
        return {s.source.context: s.translation for s in self.strings if s.state == "translated"}


def language_status(folder: Path, catalogue: Catalogue, layouts: dict[str, Layout], language: str) -> LanguageStatus:
    """Compare the catalogue's strings for ``language`` with ``translations/<language>.po``."""
    path = po_path(folder, language)
    status = LanguageStatus(language, _display(path, folder))
    sources = language_sources(catalogue, layouts, language)
    po: PoFile | None = None
    if not path.is_file():
        status.unreadable = Problem(status.file, 1, 1, "", f"no translations for {language} yet; run "
                                    f"`packgen translations update {language}` and send the file to a translator")
    else:
        try:
            po = read_po(path, status.file)
        except PoRejected as rejected:
            status.unreadable = rejected.problem
    if po is not None:
        status.reviewed_by, status.reviewed_on = po.reviewed_by, po.reviewed_on
        status.previously_reviewed = po.previously_reviewed
    for source, documents in sources.values():
        status.strings.append(_string_state(po, source, tuple(documents)))
    return status


def _string_state(po: PoFile | None, source: Source, documents: tuple[str, ...]) -> StringState:
    entry = po.entries.get(source.context) if po else None
    if entry is None or not entry.translation.strip():
        return StringState(source, "missing", documents, entry.line if entry else None)
    if entry.fuzzy or entry.source != source.text:
        return StringState(source, "stale", documents, entry.line)
    if placeholders(entry.translation) != placeholders(source.text):
        detail = f" (the source has {_listed(placeholders(source.text))}, the translation {_listed(placeholders(entry.translation))})"
        return StringState(source, "wrong", documents, entry.line, detail=detail)
    return StringState(source, "translated", documents, entry.line, entry.translation)


def _listed(found: list[str]) -> str:
    return ", ".join(found) if found else "none"


def _display(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)


def po_problems(folder: Path) -> list[Problem]:
    """What ``validate`` says of the PO files in ``translations/``: syntax, language tag, placeholders."""
    problems: list[Problem] = []
    for path in sorted((folder / "translations").glob("*.po")):
        name = _display(path, folder)
        tag = path.stem
        if not is_language_tag(tag):
            problems.append(Problem(name, 1, 1, "", f"the file name {tag!r} is not a BCP 47 language tag "
                                    "(expected one such as cy.po, pl.po or pa-Arab.po)"))
        try:
            po = read_po(path, name)
        except PoRejected as rejected:
            problems.append(rejected.problem)
            continue
        problems += _header_problems(po, tag)
        for entry in po.entries.values():
            if entry.context and entry.translation and placeholders(entry.translation) != placeholders(entry.source):
                problems.append(Problem(name, entry.line, 1, entry.context,
                                        f"the translation's placeholders ({_listed(placeholders(entry.translation))}) "
                                        f"differ from the source's ({_listed(placeholders(entry.source))})"))
    return problems


def _header_problems(po: PoFile, tag: str) -> list[Problem]:
    if po.language is None:
        return [Problem(po.name, 1, 1, "Language", "the header has no Language field; expected "
                        f"'Language: {tag}'", "warning")]
    line = _header_line(po.path, "Language:")
    header = po.language.replace("_", "-")  # gettext's own form is cy_GB
    if not is_language_tag(header):
        return [Problem(po.name, line, 1, "Language", f"the Language header {po.language!r} is not a BCP 47 "
                        f"language tag (expected {tag!r})")]
    if not same_language(header, tag):
        return [Problem(po.name, line, 1, "Language", f"the Language header {po.language!r} does not match the "
                        f"file name (expected {tag!r})")]
    return []


def _header_line(path: Path, field_name: str) -> int:
    """The line of a header field (the first line when it cannot be found)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f'"{field_name}'):
            return number
    return 1
