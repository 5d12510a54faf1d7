"""gettext PO files: read one (with line numbers and clean syntax errors), write one for a translator.

``translations/<lang>.po`` beside ``resources.yaml`` holds a language's strings, one entry per
:class:`Source`, its msgctxt naming where the string comes from. Reading and
writing go through polib, so the files are the standard format Poedit, Weblate, Crowdin and
Lokalise read and write. A reviewer signs a language off with two header fields,
``X-Reviewed-By`` and ``X-Reviewed-Date``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, UserError
from ..files import write_atomically
from .tags import language_name

if TYPE_CHECKING:  # imported where a PO file is read or written: a build in one language never needs it
    import polib

WRAP = 78
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
_PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")


@dataclass(frozen=True)
class Source:
    """One translatable string: a PO entry's msgctxt, msgid and translator comment."""

    context: str   # the PO entry's msgctxt, e.g. advice/dont-pay/short
    text: str      # the source-language text: the PO entry's msgid
    comment: str   # for the translator: what it is and for which readers


@dataclass(frozen=True)
class Entry:
    """One string of a PO file."""

    context: str
    source: str          # msgid: the source text the translation was made from
    translation: str     # msgstr ("" when not translated)
    fuzzy: bool          # marked for review (the source changed since it was translated)
    line: int            # where the entry starts in the file


@dataclass(frozen=True)
class PoFile:
    """A language's translations as read from its PO file."""

    path: Path
    name: str                     # as shown in messages, e.g. translations/cy.po
    language: str | None          # the Language header
    entries: Mapping[str, Entry]  # by context; obsolete entries are left out
    reviewed_by: str | None
    reviewed_on: str | None
    previously_reviewed: str | None = None   # the sign-off an update withdrew when the source changed


class PoRejected(UserError):
    """A PO file that cannot be read; :attr:`problem` names file:line."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def placeholders(text: str) -> list[str]:
    """The ``{placeholders}`` in a text, sorted (each kept once per occurrence)."""
    return sorted(_PLACEHOLDER.findall(text))


def po_path(folder: Path, language: str) -> Path:
    return folder / "translations" / f"{language}.po"


def read_po(path: Path, name: str) -> PoFile:
    """The PO file at ``path``; raise :class:`PoRejected` naming the line of a syntax error."""
    po = _load(path, name)
    entries = {e.msgctxt or "": Entry(e.msgctxt or "", e.msgid, e.msgstr, "fuzzy" in e.flags, e.linenum or 1)
               for e in po if not e.obsolete}
    meta = po.metadata
    return PoFile(path, name, meta.get("Language") or None, entries, meta.get("X-Reviewed-By") or None,
                  meta.get("X-Reviewed-Date") or None, meta.get("X-Previously-Reviewed-By") or None)


def _load(path: Path, name: str) -> polib.POFile:
    import polib

    try:
        return polib.pofile(str(path), wrapwidth=WRAP, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PoRejected(Problem(name, 1, 1, "", f"not UTF-8 text ({exc.reason}); save it as UTF-8")) from None
    except OSError as exc:
        if not path.is_file():
            raise
        found = _SYNTAX_LINE.search(str(exc))
        detail = str(exc).split("):", 1)[-1].strip() if "):" in str(exc) else ""
        line = int(found.group(1)) if found else 1
        message = "not a valid PO file: syntax error" + (f" ({detail})" if detail else "")
        raise PoRejected(Problem(name, line, 1, "", message)) from None


@dataclass(frozen=True)
class Update:
    """What ``translations update`` changed in one file."""

    path: Path
    created: bool
    added: int      # new strings, empty
    changed: int    # the source changed: fuzzy, with the previous source for the translator
    obsolete: int   # no longer used by any document
    total: int


def update_po(path: Path, language: str, sources: Mapping[str, tuple[Source, list[str]]], pack_title: str) -> Update:
    """Create or update the PO file at ``path`` so it holds exactly ``sources`` (context -> source, documents).

    A translated entry whose source changed becomes fuzzy and keeps the source it was translated
    from as ``#| msgid``; new strings are empty; translated strings no longer used become obsolete
    (``#~``), so the translation is at hand if the string comes back. The header and the
    reviewer's sign-off are kept. The file is written atomically.
    """
    import polib

    created = not path.is_file()
    po = polib.POFile(wrapwidth=WRAP) if created else _load(path, path.name)
    if created:
        po.header = (f"Translations of '{pack_title}' into {language_name(language)}, made by packgen.\n"
                     "Translate every msgstr; keep {placeholders} and **bold** marks as they are.\n"
                     "Safety advice needs a fluent speaker and a safeguarding review: no machine translation.\n"
                     "A reviewer signs the language off by filling in X-Reviewed-By and X-Reviewed-Date.")
        po.metadata = {"Project-Id-Version": pack_title, "Language": language, "MIME-Version": "1.0",
                       "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                       "X-Generator": "packgen", "X-Reviewed-By": "", "X-Reviewed-Date": ""}
    existing = {entry.msgctxt or "": entry for entry in po}
    active = {context for context, entry in existing.items() if not entry.obsolete}
    added = changed = 0
    kept: list[polib.POEntry] = []
    for context, (source, documents) in sources.items():
        entry = existing.pop(context, None)
        if entry is None:
            entry = polib.POEntry(msgctxt=context, msgid=source.text, msgstr="")
            added += 1
        else:
            entry.obsolete = False
            changed += _follow_source(entry, source.text)
        entry.comment = f"{source.comment}\nShown in: {', '.join(documents)}"
        kept.append(entry)
    if (added or changed) and po.metadata.get("X-Reviewed-By"):
        # The sign-off was for other strings: the changed ones need a reviewer again.
        po.metadata["X-Previously-Reviewed-By"] = f"{po.metadata['X-Reviewed-By']}, {po.metadata.get('X-Reviewed-Date', '')}"
        po.metadata["X-Reviewed-By"] = po.metadata["X-Reviewed-Date"] = ""
    gone = [entry for entry in existing.values() if entry.msgstr]  # an empty entry is not worth keeping
    for entry in gone:
        entry.obsolete = True
    po[:] = kept + gone
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, str(po).encode("utf-8") + b"\n")
    newly_obsolete = sum(1 for entry in gone if (entry.msgctxt or "") in active)
    return Update(path, created, added, changed, newly_obsolete, len(kept))


def _follow_source(entry: polib.POEntry, text: str) -> int:
    """Point ``entry`` at the source ``text``; 1 when the source changed."""
    if entry.msgid == text:
        return 0
    if entry.msgstr:
        if entry.previous_msgid == text:  # the source went back to what was translated
            entry.previous_msgid = None
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        else:
            entry.previous_msgid = entry.previous_msgid or entry.msgid  # what the translation was made from
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
    entry.msgid = text
    return 1
