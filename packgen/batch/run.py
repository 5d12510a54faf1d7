"""`packgen batch`: one personalised pack per organisation listed in a spreadsheet.

Each row becomes an org profile (checked exactly like ``org.yaml``), then an ordinary incremental
build into ``output/<org-id>/``: an organisation whose row and catalogue are unchanged is skipped,
so an interrupted batch resumes where it stopped. One pool of worker processes serves every
organisation, only a few organisations are in flight at a time and each keeps nothing but a small
outcome, so memory does not grow with the number of rows. A bad row is reported and skipped; the
others still build.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packgen.batch.org_table import TRANSLATED, OrgRow
from packgen.build.documents import BuildFailed, BuildReport, build_documents
from packgen.build.manifest import OutputFile
from packgen.build.workers import fewer_collections, worker_pool
from packgen.catalogue.fields import ID_PATTERN
from packgen.catalogue.org import OrgBranding, background_issues, check_org
from packgen.catalogue.placeholders import ORG_TEXTS, field_values, placeholder_issues
from packgen.catalogue.project import Project, document_backgrounds
from packgen.errors import UserError
from packgen.files import is_regular_file, read_owned, write_atomically
from packgen.plan.documents import SharedPlanning, plan_documents
from packgen.translation.translate import localise_plans

REPORT = "batch-report.csv"
MAX_ID = 60  # as a catalogue id: it names a folder, and must fit every file system's name limit


@dataclass(frozen=True)
class OrgOutcome:
    """What the batch did for one row."""

    row: int
    id: str
    name: str
    built: int = 0
    unchanged: int = 0
    problems: tuple[str, ...] = ()
    zip: Path | None = None
    draft: Path | None = None  # output/<org-id>/<id>.eml, with --email ID

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def build_batch(project: Project, table: Path, rows: list[OrgRow], output: Path, *, force: bool = False,
                jobs: int = 1, zip_packs: bool = False, gallery: bool = True,
                on_org: Callable[[OrgOutcome], None] | None = None, report_name: str = REPORT,
                email: str | None = None) -> list[OrgOutcome]:
    """Build every good row's pack; return one outcome per row, in row order.

    Rows are checked in order (so a repeated id is blamed on its second row), each good one starting
    to build as soon as it is checked. Up to ``jobs`` organisations are built at once, from threads
    sharing one pool of worker processes: while one organisation waits for its slowest document, the
    next one's keep the workers busy.
    The report goes to ``output/report_name`` (a shard's is ``batch-report-K-of-N.csv``).
    ``email`` is a document id: each organisation also gets ``output/<org-id>/<id>.eml``, a draft
    from the organisation's email (see :mod:`packgen.web.drafts`).
    """
    outcomes: dict[int, OrgOutcome] = {}
    seen: dict[str, int] = {}
    shared = SharedPlanning(project.catalogue)  # every organisation's plans share the catalogue's items
    try:
        # fewer_collections: the parent's planning and records make many short-lived objects and keep few
        with worker_pool(jobs, gallery, shared.objects(project.layouts) if jobs > 1 else ()) as pool, \
                ThreadPoolExecutor(max_workers=jobs) as threads, fewer_collections():
            futures = []
            try:
                # Each good row starts building as soon as it is checked (the workers draw the first
                # schools while the rest are checked); the rows are still checked in order.
                for row in rows:
                    org_id, org, problems = check_row(project, table, row)
                    if org_id and org_id in seen:
                        problems.append(f"id {org_id!r} is already used by row {seen[org_id]}; give each "
                                        "organisation its own id")
                    if problems or org is None:
                        outcomes[row.number] = OrgOutcome(row.number, org_id, row.values.get("name", ""),
                                                          problems=tuple(f"{table.name} {row.label}: {p}"
                                                                         for p in problems))
                        if on_org:
                            on_org(outcomes[row.number])
                    else:
                        seen[org_id] = row.number
                        futures.append(threads.submit(_build_org_safely, project, table, row, org_id, org, output,
                                                      force=force, pool=pool, zip_packs=zip_packs, gallery=gallery,
                                                      email=email, shared=shared))
                for future in as_completed(futures):
                    outcome = future.result()
                    outcomes[outcome.row] = outcome
                    if on_org:
                        on_org(outcome)
            except BaseException:  # Ctrl-C: finish the organisations in flight, start no more
                for future in futures:
                    future.cancel()
                raise
    finally:  # the report is written however the batch ends, with the rows not reached marked so
        ordered = [outcomes.get(row.number) or OrgOutcome(row.number, "", row.values.get("name", ""),
                                                          problems=("not built: the batch was stopped first",))
                   for row in rows]
        write_batch_report(output / report_name, ordered)
    return ordered


def write_batch_report(path: Path, outcomes: list[OrgOutcome]) -> None:
    """One line per row, for a spreadsheet: which packs are ready and what to fix in the others.

    Every text cell is made safe to open in Excel or LibreOffice (see :func:`spreadsheet_safe`).
    """
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["row", "id", "name", "status", "documents built", "documents unchanged", "zip", "problems"])
    for o in outcomes:
        writer.writerow([o.row, *map(spreadsheet_safe, [o.id, o.name, "failed" if o.failed else "ready"]), o.built,
                         o.unchanged, *map(spreadsheet_safe, [o.zip.name if o.zip else "", " | ".join(o.problems)])])
    write_atomically(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))  # the BOM tells Excel it is UTF-8


# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets (OWASP CSV
# injection), also after leading spaces; the full-width forms are turned into formulas by some too.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a cell a spreadsheet shows as text and never runs: a formula-like start gets a
    leading apostrophe (OWASP's advice), which Excel hides and every character of ``text`` is kept."""
    if text.lstrip(" ").startswith(_FORMULA_START) or (text and text[0] in "\t\r\n"):
        return "'" + text
    return text


def _build_org_safely(project: Project, table: Path, row: OrgRow, org_id: str, org: OrgBranding, output: Path,
                      **options: Any) -> OrgOutcome:
    """One organisation's pack; whatever goes wrong stays in its row (a bug included)."""
    name = row.values.get("name", "")
    try:
        return _build_org(project, table, row, org_id, org, output, **options)
    except OSError as exc:  # a name the file system refuses, a full disk: this row's problem
        where = exc.filename or output / org_id
        return OrgOutcome(row.number, org_id, name, problems=(
            f"{table.name} {row.label}: could not write {where} ({exc.strerror or exc})",))
    except Exception as exc:
        return OrgOutcome(row.number, org_id, name, problems=(
            f"{table.name} {row.label}: unexpected error ({type(exc).__name__}: {exc}); this is a bug in "
            "packgen, please report it",))


def _build_org(project: Project, table: Path, row: OrgRow, org_id: str, org: OrgBranding, output: Path, *,
               force: bool, pool: Executor | None, zip_packs: bool, gallery: bool,
               email: str | None = None, shared: SharedPlanning | None = None) -> OrgOutcome:
    name = row.values.get("name", "")
    folder = output / org_id
    planned = plan_documents(project.catalogue, project.layouts, org=org, shared=shared)
    ready = localise_plans(planned, project.catalogue, project.layouts, project.folder, org)
    plans = ready.plans
    refused = {r.id: f"{table.name} {row.label}: {r.message}" for r in ready.refused}
    # Their earlier files stay, listed in the gallery as out of date (in their languages where translated).
    kept = [ready.listing.get(plan.id, plan) for plan in planned if plan.id in refused]
    try:
        report = build_documents(plans, folder, force=force, executor=pool, gallery=gallery, others=kept,
                                 held_back=list(refused), catalogue_order=[plan.id for plan in planned],
                                 together=True)  # one flush of the disk for the school's files
    except BuildFailed as failed:
        messages = tuple(f"{table.name} {row.label}: {m}" for m in merged_messages(failed.report.failures)) + tuple(refused.values())
        return OrgOutcome(row.number, org_id, name, len(failed.report.built),
                          len(failed.report.documents) - len(failed.report.built), messages)
    except UserError as exc:  # another build holds this organisation's folder, say
        return OrgOutcome(row.number, org_id, name, problems=(f"{table.name} {row.label}: {exc}",))
    archive = output / f"{org_id}.zip"
    expected = zip_signature(report)
    recorded = read_zip_signature(archive)
    # A zip must hold the PDFs it claims: write it when asked and it is not this build's, and also
    # bring an earlier zip of ours up to date when the pack changed in a run without --zip.
    refresh = recorded is not None and recorded != expected
    if (zip_packs and recorded != expected) or refresh:
        write_zip(archive, folder, report)
    draft = None
    if email:
        from packgen.web.drafts import write_email_draft

        draft = write_email_draft(next(plan for plan in plans if plan.id == email), folder)
    return OrgOutcome(row.number, org_id, name, len(report.built), len(report.documents) - len(report.built),
                      tuple(refused.values()), zip=archive if zip_packs or refresh else None, draft=draft)


def merged_messages(failures: list[Any]) -> list[str]:
    """One message per problem: "documents a, b: no font has …" rather than the same line per document."""
    by_problem: dict[str, list[str]] = {}
    for failure in failures:
        prefix = f"document {failure.id}: "
        problem = failure.message[len(prefix):] if failure.message.startswith(prefix) else failure.message
        by_problem.setdefault(problem, []).append(failure.id)
    return [f"{'document' if len(ids) == 1 else 'documents'} {', '.join(ids)}: {problem}"
            for problem, ids in by_problem.items()]


def check_row(project: Project, table: Path, row: OrgRow) -> tuple[str, OrgBranding | None, list[str]]:
    """The row's id, its checked branding, and its problems in the spreadsheet's own column names."""
    problems = []
    given = row.values.get("id")
    name = row.values.get("name", "")
    org_id = given if given is not None else slug(name)
    if given is not None and not (re.fullmatch(ID_PATTERN, given) and len(given) <= MAX_ID):
        shown = given if len(given) <= 40 else given[:40] + "…"
        problems.append(f"id {shown!r} must be lower-case letters, digits and hyphens, at most {MAX_ID} "
                        "characters (it names the folder output/<id>/)")
        org_id = ""
    elif given is None and not org_id and name:
        problems.append(f"cannot make an id from the name {name!r} (it has no letters a-z or digits); add an "
                        "`id` column and give this row an id such as school-1 (lower-case letters, digits, "
                        "hyphens)")
    elif given is None and not name:
        problems.append("no name: every organisation needs one")
    org, issues = check_org(org_data(row), table.parent)
    org = org.model_copy(update={"from_spreadsheet": True}) if org is not None else None
    if org is not None:  # a contact may say {childline.phone}: it must resolve like the catalogue's texts
        services = {s.id: field_values(s) for s in project.catalogue.services}
        issues = placeholder_issues(org_data(row), ORG_TEXTS, services)
        org = None if issues else org
    if org is not None:
        issues = background_issues(org, document_backgrounds(project.catalogue, project.layouts))
        org = None if issues else org
    problems += [f"{column_name(path)}: {message}" for path, message in issues
                 if not (column_name(path) == "name" and not name and any(p.startswith("no name") for p in problems))]
    return org_id, org, problems


def org_data(row: OrgRow) -> dict[str, Any]:
    """A spreadsheet row as the data of an ``org.yaml``."""
    values = row.values
    data: dict[str, Any] = {key: values[key] for key in ("name", "logo", "primary", "accent", "contacts_heading",
                                                          "footer", "email") if key in values}
    contacts = [values[key] for key in sorted(values, key=_contact_number) if re.fullmatch(r"contact_\d+", key)]
    if contacts:
        data["contacts"] = contacts
    translations: dict[str, dict[str, Any]] = {}
    for key in sorted(values, key=_contact_number):  # "contact_1_cy", "footer_cy": the org's Welsh
        found = TRANSLATED.fullmatch(key)
        if found:
            texts = translations.setdefault(found.group(2).replace("_", "-"), {})
            if found.group(1).startswith("contact_"):
                texts.setdefault("contacts", []).append(values[key])
            else:
                texts[found.group(1)] = values[key]
    if translations:
        data["translations"] = translations
    return data


def column_name(path: tuple[str | int, ...]) -> str:
    """The spreadsheet column behind an org.yaml key path: ("contacts", 1) is "contact_2"."""
    if len(path) >= 2 and path[0] == "contacts" and isinstance(path[1], int):
        return f"contact_{path[1] + 1}"
    if len(path) >= 3 and path[0] == "translations":  # ("translations", "cy", "footer"): "footer_cy"
        tag = str(path[1]).replace("-", "_")
        return f"{column_name(path[2:])}_{tag}" if len(path) > 3 or path[2] != "contacts" else f"contact_1_{tag}"
    return ".".join(str(part) for part in path) or "row"


def slug(name: str) -> str:
    """An id from a name: "St Mary's C of E Primary" -> "st-marys-c-of-e-primary"; "" when the name has
    no letter or digit that can be written in plain a-z (then the row must give its own id)."""
    plain = unicodedata.normalize("NFKD", name.translate(_LATIN)).encode("ascii", "ignore").decode()
    plain = plain.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_ID].rstrip("-")


# Latin letters NFKD does not take apart ("Łódź", "Straße", "Ørsted"), so their ids keep them.
_LATIN = str.maketrans({"ß": "ss", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Æ": "AE",
                        "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "TH", "þ": "th", "ı": "i"})


def _contact_number(key: str) -> int:
    found = re.match(r"contact_(\d+)", key)
    return int(found.group(1)) if found else 0


_SIGNATURE = b"packgen pack "


def zip_signature(report: BuildReport) -> bytes:
    """What a zip of this pack must hold, as its comment: a hash of every PDF's name and sha256."""
    listing = "\n".join(f"{f.file} {f.sha256}" for f in _zipped(report))
    return _SIGNATURE + hashlib.sha256(listing.encode()).hexdigest().encode()


def _zipped(report: BuildReport) -> list[OutputFile]:
    """The files a pack's zip holds, by name: each document's PDF, or a web-only document's web page
    and text version (no PDF is made for its script)."""
    return sorted((f for d in report.documents for f in d.deliverables), key=lambda f: f.file)


def read_zip_signature(archive: Path) -> bytes | None:
    """The signature of a zip packgen wrote; None when there is none, or it is not packgen's."""
    if not is_regular_file(archive):
        return None
    try:
        with zipfile.ZipFile(archive) as bundle:  # reads the central directory only
            comment = bundle.comment
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    return comment if comment.startswith(_SIGNATURE) else None


def write_zip(archive: Path, folder: Path, report: BuildReport) -> None:
    """The organisation's PDFs in one zip, ready to email; the same PDFs give the same bytes.

    Each PDF is read back and checked against the sha256 the build recorded, so the zip holds
    exactly the files its signature (the zip comment) claims.
    """
    stamp = _zip_time()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for document in _zipped(report):
            data = read_owned(folder / document.file)
            if data is None or hashlib.sha256(data).hexdigest() != document.sha256:
                raise UserError(f"{folder / document.file} changed while the zip was being made; "
                                "run the batch again")
            info = zipfile.ZipInfo(f"{folder.name}/{document.file}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, data)
        bundle.comment = zip_signature(report)
    write_atomically(archive, buffer.getvalue())


def _zip_time() -> tuple[int, int, int, int, int, int]:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else zip's earliest date."""
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return tuple(time.gmtime(max(int(epoch), 315532800))[:6])  # type: ignore[return-value]
    return (1980, 1, 1, 0, 0, 0)
