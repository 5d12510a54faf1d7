"""Load a user's folder: the catalogue, its layouts and an optional org profile, all validated.

Every input file is checked and every problem collected before anything fails, so one run of
``packgen validate`` shows the user the whole list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from packgen.catalogue.bundled import bundled_layouts_dir
from packgen.catalogue.freshness import freshness_warnings
from packgen.catalogue.layouts import Layout, layout_files
from packgen.catalogue.models import Catalogue
from packgen.catalogue.placeholders import (
    CATALOGUE_TEXTS,
    ORG_TEXTS,
    contact_patterns,
    field_values,
    iter_texts,
    literal_contacts,
    service_values,
    text_problems,
)
from packgen.catalogue.problems import validation_problems
from packgen.catalogue.references import reference_problems
from packgen.catalogue.yaml_source import KeyPath, YamlDocument, YamlRejected, load_yaml
from packgen.errors import Problem, ValidationFailed

if TYPE_CHECKING:  # an org profile's models (~5 ms to build) are imported only when a pack has one
    from packgen.catalogue.org import OrgBranding


@dataclass(frozen=True)
class Project:
    """Everything a plan is made from, already validated."""

    catalogue_path: Path
    catalogue: Catalogue
    layouts: dict[str, Layout]
    org: OrgBranding | None = None
    warnings: list[Problem] = field(default_factory=list)
    files_read: tuple[Path, ...] = ()  # every file validation read: catalogue, layouts, org profile (and logo)

    @property
    def folder(self) -> Path:
        return self.catalogue_path.parent


def load_project(catalogue_path: Path, org_path: Path | None = None, today: dt.date | None = None) -> Project:
    """Read and validate everything; raise :class:`ValidationFailed` listing all problems if any is an error."""
    catalogue_path = catalogue_path.resolve()
    base = catalogue_path.parent
    problems: list[Problem] = []
    files = layout_files([base / "layouts", bundled_layouts_dir()])
    layouts = _load_layouts(files, base, problems)
    # A layout file with errors is reported once, for itself, not again as "unknown".
    catalogue = _load_catalogue(catalogue_path, files.keys(), today or dt.date.today(), problems)
    org = _load_org(org_path.resolve(), base, catalogue, layouts, problems) if org_path else None
    problems.sort(key=lambda p: (p.file, p.line, p.column))  # read top to bottom, like the file
    if catalogue is None or any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    read = (catalogue_path, *(path.resolve() for path in files.values()),
            *([org_path.resolve()] if org_path else []), *([org.logo.path] if org and org.logo else []))
    return Project(catalogue_path, catalogue, layouts, org, problems, read)  # type: ignore[arg-type]


def _display_name(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _read(path: Path, base: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        return load_yaml(path, _display_name(path, base))
    except YamlRejected as exc:
        problems.append(exc.problem)
        return None


def _load_org(path: Path, base: Path, catalogue: Catalogue | None, layouts: dict[str, Layout],
              problems: list[Problem]) -> OrgBranding | None:
    """The org profile with its logo resolved against the profile's own folder (not the catalogue's)."""
    document = _read(path, base, problems)
    if document is None:
        return None
    from packgen.catalogue.org import background_issues, check_org  # built only for a pack with an org profile

    org, issues = check_org(document.data, path.parent)
    problems.extend(document.problem(key_path, message) for key_path, message in issues)
    if org is not None:  # where its texts are, for a document refused because one has no translation
        lines = {key: document.problem((key,), "").line for key in ("contacts_heading", "contacts", "footer")
                 if key in document.data}
        org = org.model_copy(update={"source": document.file, "lines": lines})
    if catalogue is not None:
        found = placeholder_problems(document, ORG_TEXTS, {s.id: field_values(s) for s in catalogue.services})
        problems.extend(found)
        if any(p.severity == "error" for p in found):
            return None
    if org is not None and catalogue is not None:
        issues = background_issues(org, document_backgrounds(catalogue, layouts))
        found = [document.problem(key, message) for key, message in issues]
        problems.extend(found)
        return None if found else org
    return org


def placeholder_problems(document: YamlDocument, paths: tuple[KeyPath, ...],
                         services: dict[str, dict[str, str]]) -> list[Problem]:
    """Placeholder errors in the texts at ``paths``, and a warning for each phone number, email or
    address of a service typed out in them (naming the placeholder to use), each at its line:col."""
    problems: list[Problem] = []
    patterns = contact_patterns(services)
    for path, text in iter_texts(document.data, paths):
        for offset, message in text_problems(text, services):
            problems.append(document.problem(path, message, at=_at(document, path, text, offset)))
        for literal in literal_contacts(text, patterns):
            message = (f"{literal.found!r} is typed out; write {literal.token} instead, so the text follows "
                       f"the service when its {literal.field.replace('_', ' ')} changes")
            problems.append(document.problem(path, message, "warning",
                                             at=_at(document, path, text, literal.start, literal.found)))
    return problems


def _at(document: YamlDocument, path: KeyPath, text: str, offset: int, needle: str | None = None) -> tuple[int, int]:
    """The file position of ``text[offset:]``: found as typed in the value, counting earlier repeats."""
    if needle is None:
        end = text.find("}", offset)
        needle = text[offset:end + 1] if end != -1 else text[offset:offset + 1]
    return document.locate(path, needle, text.count(needle, 0, offset))


def document_backgrounds(catalogue: Catalogue, layouts: dict[str, Layout]) -> list[str]:
    """The page colours the catalogue's documents print on (an org's brand colours must suit each)."""
    return [layouts[d.layout].theme.background for d in catalogue.documents if d.layout in layouts]


def _load_catalogue(path: Path, layout_ids: Iterable[str], today: dt.date,
                    problems: list[Problem]) -> Catalogue | None:
    document = _read(path, path.parent, problems)
    if document is None:
        return None
    catalogue, found = validation_problems(Catalogue, document)
    problems.extend(found)
    problems.extend(reference_problems(document, layout_ids))
    problems.extend(placeholder_problems(document, CATALOGUE_TEXTS, service_values(document.data)))
    if isinstance(catalogue, Catalogue):
        problems.extend(freshness_warnings(catalogue, document, today))
    return catalogue  # type: ignore[return-value]


def _load_layouts(files: dict[str, Path], base: Path, problems: list[Problem]) -> dict[str, Layout]:
    layouts: dict[str, Layout] = {}
    for layout_id, path in files.items():
        document = _read(path, base, problems)
        if document is None:
            continue
        layout, found = validation_problems(Layout, document)
        problems.extend(found)
        if isinstance(layout, Layout):
            if layout.id != layout_id:
                problems.append(document.problem(("id",), f"the id {layout.id!r} must match the file name "
                                                 f"(expected {layout_id!r})"))
            layouts[layout_id] = layout
    return layouts
