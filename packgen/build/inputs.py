"""What shaped a document: a short hash per input, so a rebuild can say *why* it happens.

Each planned document maps to a flat record such as ``{"service report-fraud url": "9f2c…",
"layout": "41ab…", "packgen": "0.1.0", …}``. Comparing the record saved in the manifest with the
current one gives both the decision (anything differs → render again) and the reason
(``service report-fraud url changed``). Fields that never reach the page (``checked`` dates, the
review interval, which audiences an item is for) are left out, so touching them rebuilds nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import replace
from typing import Any

from packgen import __version__
from packgen.catalogue.placeholders import PlaceholderError, field_values, placeholders, resolve_text
from packgen.plan.documents import (
    DocumentPlan,
    resolve_advice,
    resolve_audience,
    resolve_org,
    resolve_pack,
    resolve_service,
    resolve_titles,
)

# Fields that decide *whether* an item is selected or when it was checked, not what is drawn.
_NOT_DRAWN = {"audiences", "priority", "checked"}


def digest(value: Any) -> str:
    """A short, stable hash of any JSON-able value (pydantic models and dataclasses included)."""
    text = json.dumps(value, sort_keys=True, default=_jsonable, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    return str(value)


@functools.cache
def fonts_digest() -> str:
    """A hash of the font files' bytes: a font upgrade changes every PDF."""
    from packgen.render.fonts import font_files  # a pure lookup; does not import ReportLab

    sha = hashlib.sha256()
    for path in font_files():
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


class _IdentityMemo:
    """Values computed from frozen objects (the plan's models), stored by the objects' identity.

    A batch plans the same catalogue items for every organisation (see
    :class:`~packgen.plan.documents.SharedPlanning`), so their record is worked out once. Each entry
    keeps its objects alive, so no id is reused while the entry is stored; beyond ``size`` entries
    the oldest go first, so memory stays flat however many documents are recorded.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._store: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
        self._lock = threading.Lock()  # a batch records two organisations' documents at once

    def get(self, objects: tuple[Any, ...], extra: Hashable, compute: Callable[[], Any]) -> Any:
        key = (*map(id, objects), extra)
        found = self._store.get(key)
        if found is not None:
            return found[1]
        value = compute()
        with self._lock:
            while len(self._store) >= self.size:
                del self._store[next(iter(self._store))]
            self._store[key] = (objects, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._store.clear()


_MEMO = _IdentityMemo(4096)  # a catalogue's items and one org profile per organisation: a few MB at most


def document_inputs(resolved: DocumentPlan, memo: bool = True) -> dict[str, str]:
    """The flat record of everything that shapes this document's PDF.

    Texts are recorded as written, placeholders and all, and each placeholder the text uses as
    ``service <id> <field>``: a new Childline number then reads ``service childline phone changed``
    in every document that prints it, whether it lists Childline or only mentions its number.
    ``memo``: reuse what was worked out for the same (frozen) objects before; the same record.
    """
    remember = _MEMO.get if memo else _compute
    plan = _as_written(resolved, remember)
    record = {
        "packgen": __version__,
        "fonts": fonts_digest(),
        "document": digest([plan.id, plan.title, plan.tagline]),
        "audience": remember((plan.audience,), "audience", lambda: digest(plan.audience)),
        "layout": remember((plan.layout,), ("layout", *_branded_roles(plan)), lambda: digest(_layout_as_drawn(plan))),
        "pack": remember((plan.pack,), "pack", lambda: digest(plan.pack.model_dump(mode="json",
                                                                                   exclude={"review_every_months"}))),
        "order": digest([[a.id for a in plan.advice], [s.id for s in plan.services]]),
    }
    if plan.org is not None:
        record["org"] = remember((plan.org,), "org", lambda: digest(plan.org))
    if plan.translated_words is not None:  # a translated document's own printed words, from its PO file
        record["words"] = digest(plan.translated_words)
    if plan.companion is not None:  # a bilingual document's second language
        record["companion"] = digest(document_inputs(plan.companion, memo))
    if plan.pdf_refused:  # web and text only: a PDF of its script is refused
        record["no_pdf"] = digest(plan.pdf_refused)
    for kind, items in (("advice", plan.advice), ("service", plan.services)):
        for item in items:
            record.update(remember((item,), kind, lambda: _item_record(kind, item)))  # noqa: B023 (called at once)
    mentioned = {s.id: s for s in resolved.linked_services}
    for service_id, field in resolved.uses:
        if service_id in mentioned:
            record[f"service {service_id} {field}"] = digest(_printed(mentioned[service_id], remember).get(field))
    return record


def _printed(service: Any, remember: Callable[..., Any]) -> dict[str, str]:
    """:func:`field_values` of a (frozen) service."""
    return remember((service,), "printed", lambda: field_values(service))  # type: ignore[no-any-return]


def _compute(objects: tuple[Any, ...], extra: Hashable, compute: Callable[[], Any]) -> Any:
    return compute()


def _item_record(kind: str, item: Any) -> dict[str, str]:
    return {f"{kind} {item.id} {field}": digest(value)
            for field, value in item.model_dump(mode="json", exclude=_NOT_DRAWN).items()}


def _branded_roles(plan: DocumentPlan) -> tuple[str, ...]:
    """The theme colours the org's brand replaces (see :func:`_layout_as_drawn`)."""
    return tuple(role for role in ("primary", "accent") if plan.org is not None and getattr(plan.org, role, None))


def _as_written(resolved: DocumentPlan, remember: Callable[..., Any] = _compute) -> DocumentPlan:
    """The plan with each part as the files wrote it (placeholders and all) wherever resolving
    that part still gives what ``resolved`` holds; a part changed after resolving (a test's
    ``dataclasses.replace``, say) is recorded as it stands."""
    written = resolved.unresolved
    if written is None:
        return resolved
    services = {s.id: s for s in resolved.linked_services}

    def fix(text: str) -> str:
        try:
            return resolve_text(text, services)
        except PlaceholderError:
            return text  # never equal to a resolved text: the resolved part is recorded

    def pick(now: Any, before: Any, resolve: Any, remember: Callable[..., Any] = remember) -> Any:
        if before is None:
            return now
        if remember is _compute:  # nothing kept: resolve and compare, as ever
            return before if resolve(before, fix) == now else now
        # Whether resolving ``before`` gives ``now`` depends on the two (frozen) parts and on what
        # ``services`` prints for each placeholder ``before`` uses: all three make the key.
        uses = remember((before,), ("uses", resolve), lambda: _placeholders_used(before, resolve))
        printed = tuple(_printed(services[sid], remember).get(field) if sid in services else None for sid, field in uses)
        same = remember((now, before), ("same", resolve, printed), lambda: resolve(before, fix) == now)
        return before if same else now

    old_advice = {a.id: a for a in written.advice}
    old_services = {s.id: s for s in written.services}
    same_titles = resolve_titles(written, fix) == (resolved.title, resolved.tagline)
    title, tagline = (written.title, written.tagline) if same_titles else (resolved.title, resolved.tagline)
    return replace(
        resolved, title=title, tagline=tagline,
        pack=pick(resolved.pack, written.pack, resolve_pack),
        audience=pick(resolved.audience, written.audience, resolve_audience),
        org=pick(resolved.org, written.org, resolve_org, _compute) if resolved.org else None,  # one per document
        advice=tuple(pick(a, old_advice.get(a.id), resolve_advice) for a in resolved.advice),
        services=tuple(pick(s, old_services.get(s.id), resolve_service) for s in resolved.services))


def _placeholders_used(part: Any, resolve: Callable[[Any, Callable[[str], str]], Any]) -> tuple[tuple[str, str], ...]:
    """The (service, field) placeholders in the texts ``resolve`` resolves of ``part``."""
    used: dict[tuple[str, str], None] = {}

    def probe(text: str) -> str:
        used.update(dict.fromkeys((found.service, found.field) for found in placeholders(text)))
        return text

    resolve(part, probe)
    return tuple(used)


def _layout_as_drawn(plan: DocumentPlan) -> dict[str, Any]:
    """The layout without the theme colours the org's brand replaces (those count as the org's)."""
    layout = plan.layout.model_dump(mode="json")
    for role in ("primary", "accent"):
        if plan.org is not None and getattr(plan.org, role, None):
            layout["theme"].pop(role, None)
    return layout


def input_hash(inputs: Mapping[str, str]) -> str:
    """One hash of a whole record, as stored in the manifest."""
    return hashlib.sha256(json.dumps(dict(inputs), sort_keys=True).encode()).hexdigest()


def describe_changes(before: Mapping[str, str] | None, after: Mapping[str, str]) -> list[str]:
    """Why a document must be rebuilt, in words: ``["service report-fraud url changed", …]``."""
    if before is None:
        return ["new document"]
    reasons: list[str] = []
    if before.get("packgen") != after.get("packgen"):
        reasons.append(f"packgen {before.get('packgen', '?')} → {after['packgen']}")
    org_added_or_removed = ("org" in before) != ("org" in after)
    for key, words in (("fonts", "fonts changed"), ("document", "title or tagline changed"),
                       ("audience", "audience changed"), ("layout", "layout settings changed"),
                       ("pack", "pack details changed"), ("org", "org profile changed"),
                       ("words", "translated printed words changed"), ("companion", "second language changed"),
                       ("no_pdf", "whether a PDF can be drawn changed")):
        if key == "layout" and org_added_or_removed:
            continue  # brand colours move between the layout's record and the org's: the org is the change
        if before.get(key) != after.get(key):
            reasons.append(words)
    reasons.extend(_item_changes(before, after))
    if not reasons and before.get("order") != after.get("order"):
        reasons.append("order of advice or services changed")
    return reasons or (["inputs changed"] if dict(before) != dict(after) else [])


def _item_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """``advice dont-pay added``, ``service childline removed``, ``service report-fraud url, phone changed``."""
    old, new = _items(before), _items(after)
    reasons = []
    for item in dict.fromkeys([*new, *old]):  # current order first, then the removed ones
        if item not in old:
            reasons.append(f"{item} added")
        elif item not in new:
            reasons.append(f"{item} removed")
        else:
            fields = [f for f in dict.fromkeys([*new[item], *old[item]]) if new[item].get(f) != old[item].get(f)]
            if fields:
                reasons.append(f"{item} {', '.join(fields)} changed")
    return reasons


def _items(record: Mapping[str, str]) -> dict[str, dict[str, str]]:
    items: dict[str, dict[str, str]] = {}
    for key, value in record.items():
        parts = key.split(" ")
        if len(parts) == 3:
            items.setdefault(f"{parts[0]} {parts[1]}", {})[parts[2]] = value
    return items
