"""Bilingual documents (``languages: [cy, en-GB]``), after the Welsh Language Standards.

Both languages are drawn by the same layout, so in the same font, size, weight and colour; the
first language listed comes first (Welsh first by default: list English first to change the
order); the languages are never mixed within a block. Each kind arranges them its own way:

- posters stack the two: each language in one half of the page, both at the same type size
  (the largest at which *both* halves fit, so neither language is smaller), and fail as a poster does
  when either half cannot fit at the minimum size;
- leaflets set them on facing pages: page 1 in the first language faces page 1 in the second, and
  so on (a language with fewer pages gets blank ones, so the pairs stay facing);
- cards put one language on each side: the first language's side on the sheet's fronts, the
  second's on its backs (mirrored for duplex), each side a whole card, both at one type size
  (:mod:`.bilingual_cards`);
- folded leaflets (tri-folds) give each language half of every panel, the first on top, both at
  one type size (:mod:`.bilingual_trifold`, which says why this design).

The PDF's language (``/Lang``) is the first language's; the second language's content is a
``Part`` with its own ``/Lang`` in the one structure tree (:class:`_Merged`).
"""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING, Any

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DictionaryObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

from packgen.catalogue.kinds import kind_spec
from packgen.errors import UserError
from packgen.plan.documents import DocumentPlan

if TYPE_CHECKING:  # annotations only: drawing never builds the catalogue's pydantic models
    from packgen.catalogue.layouts import Layout


class BilingualRefused(UserError):
    """A layout that cannot set two languages side by side yet."""


def render_bilingual(plan: DocumentPlan) -> bytes:
    """The PDF of a bilingual plan (``plan.companion`` is its second language)."""
    assert plan.companion is not None
    first, second = dataclasses.replace(plan, companion=None), plan.companion
    kind = plan.layout.kind
    if kind == "poster":
        return _stacked_poster(first, second)
    if kind == "leaflet":
        from .leaflet import render_leaflet
        return _facing_pages(render_leaflet(first), render_leaflet(second), plan.language)
    if kind == "cards":
        from .bilingual_cards import bilingual_card_sheets
        fronts, backs, _ = bilingual_card_sheets(first, second)
        return _one_after_the_other(fronts, backs, plan.language)
    if kind == "trifold":
        if plan.layout.bleed_mm:  # a half's bleed and crop marks would land across the middle of the sheet
            raise BilingualRefused(f"document {plan.id}: a bilingual tri-fold with bleed ({plan.layout.id}) is not "
                                   "laid out yet; use a layout without bleed")
        from .bilingual_trifold import render_bilingual_trifold
        return _stack(*render_bilingual_trifold(first, second), plan.language)
    raise BilingualRefused(f"document {plan.id}: a bilingual {kind} is not laid out yet; make one document per "
                           "language, or use a poster, leaflet, tri-fold or card layout")


def _stacked_poster(first: DocumentPlan, second: DocumentPlan) -> bytes:
    """Each language in its half of the page, both at the largest type size at which both fit."""
    from .fit import Overflow, too_long
    from .poster import _attempt, fit_poster

    layout = first.layout
    if layout.bleed_mm:
        raise BilingualRefused(f"document {first.id}: a bilingual poster with bleed ({layout.id}) is not laid out "
                               "yet; use a layout without bleed")
    half = half_page(layout)
    halves = [dataclasses.replace(part, layout=half) for part in (first, second)]

    def attempt(body_pt: float, tight: int, compact: bool) -> tuple[bytes, bytes]:
        return _attempt(halves[0], body_pt, tight, compact), _attempt(halves[1], body_pt, tight, compact)

    try:  # both halves in the same phase (render/poster.py fit_poster): they look alike
        top, bottom = fit_poster(halves[0], attempt)
    except Overflow as overflow:
        raise too_long(first.id, half, overflow, "a bilingual poster has half a page per language: remove "
                       "items, or use a bilingual leaflet") from None
    return _stack(top, bottom, first.language)


def half_page(layout: Layout) -> Layout:
    """The layout of one language's half: half the page, the next paper size down (A3 -> A4
    landscape), so type and QR codes are scaled as an A-size smaller, never below the kind's floors."""
    spec = kind_spec(layout.kind)
    width, height = layout.trim_size_mm
    scale = 0.5 ** 0.5
    body_floor = max(spec.min_body_pt, layout.type.min_body_pt * scale)
    type_ = layout.type.model_copy(update={
        "title_pt": max(layout.type.title_pt * scale, body_floor), "heading_pt": max(layout.type.heading_pt * scale, body_floor),
        "body_pt": max(layout.type.body_pt * scale, body_floor), "min_body_pt": body_floor})
    qr = layout.qr.model_copy(update={"size_mm": max(layout.qr.size_mm * scale, spec.min_qr_mm)})
    return layout.model_copy(update={"page": [width, height / 2], "margin_mm": layout.margin_mm * scale,
                                     "orientation": "landscape" if width > height / 2 else "portrait",
                                     "type": type_, "qr": qr})


def _stack(top: bytes, bottom: bytes, language: str) -> bytes:
    """The two halves on each page, the first on top (page n of each on page n); one structure
    tree, the second marked with its language."""
    upper, lower = PdfReader(io.BytesIO(top)), PdfReader(io.BytesIO(bottom))
    merged = _Merged([upper, lower])
    for index in range(len(upper.pages)):
        box = upper.pages[index].mediabox
        page = merged.writer.add_blank_page(width=float(box.width), height=2 * float(box.height))
        page[NameObject("/Tabs")] = NameObject("/S")
        # The first language drawn first, so text extraction and copying read it first too.
        merged.stack(upper, index, page, Transformation().translate(0, float(box.height)), shift=0)
        merged.stack(lower, index, page, Transformation(), shift=_mcid_count(upper, index))
    return merged.finish(language)


def _facing_pages(first: bytes, second: bytes, language: str) -> bytes:
    """Page n of the first language, then page n of the second; blank pages even out the counts."""
    a, b = PdfReader(io.BytesIO(first)), PdfReader(io.BytesIO(second))
    merged = _Merged([a, b])
    box = a.pages[0].mediabox
    for index in range(max(len(a.pages), len(b.pages))):
        for reader in (a, b):
            if index < len(reader.pages):
                merged.add(reader, index)
            else:
                merged.writer.add_blank_page(width=float(box.width), height=float(box.height))
    return merged.finish(language)


def _one_after_the_other(first: bytes, second: bytes, language: str) -> bytes:
    a, b = PdfReader(io.BytesIO(first)), PdfReader(io.BytesIO(second))
    merged = _Merged([a, b])
    for reader in (a, b):
        for index in range(len(reader.pages)):
            merged.add(reader, index)
    return merged.finish(language)


class _Merged:
    """Pages of tagged PDFs (one per language) as one tagged PDF: one structure tree, each later
    language's Document element a Part with its own /Lang under the first's, every part's parent
    tree keys shifted past the previous parts'. A page drawn onto another (a stacked poster half)
    has its marked-content ids shifted past that page's and its elements moved to it."""

    def __init__(self, readers: list[PdfReader]) -> None:
        self.writer = PdfWriter()
        self.readers = readers
        self.offsets: list[int] = []
        total = 0
        for reader in readers:
            self.offsets.append(total)
            total += int(_struct_root(reader).get("/ParentTreeNextKey", 0))
        self.next_key = total
        self.stacked: list[tuple[PdfReader, int, int, PageObject, int]] = []   # reader, its page's key, MCID shift,
        # onto, the page's index in the reader
        self.moved_annotations: list[tuple[Any, Any]] = []   # original, its copy

    def add(self, reader: PdfReader, index: int) -> PageObject:
        source = reader.pages[index]
        page = self.writer.add_page(source)   # pypdf leaves /StructParents out: set it again, shifted
        offset = self.offsets[self.readers.index(reader)]
        if "/StructParents" in source:
            page[NameObject("/StructParents")] = NumberObject(_int(source["/StructParents"]) + offset)
        originals = [a.get_object() for a in source.get("/Annots", []) or []]
        for original, copy in zip(originals, page.get("/Annots", []) or []):
            if "/StructParent" in original:
                copy.get_object()[NameObject("/StructParent")] = NumberObject(_int(original["/StructParent"]) + offset)
        return page

    def stack(self, reader: PdfReader, index: int, onto: PageObject, where: Transformation, *, shift: int) -> None:
        """Draw ``reader``'s page ``index`` onto ``onto`` (already added), moved by ``where``, its
        marked-content ids shifted past the ``shift`` ids ``onto`` has."""
        key = _int(reader.pages[index]["/StructParents"])
        originals = [a.get_object() for a in reader.pages[index].get("/Annots", []) or []]
        source = _renumbered(reader, index, shift)
        before = len(onto.get("/Annots", []) or [])
        offset = self.offsets[self.readers.index(reader)]
        base_key = int(onto.get("/StructParents", key + offset))   # the first page drawn on it gives its key
        onto.merge_transformed_page(source, where)
        onto[NameObject("/StructParents")] = NumberObject(base_key)
        copies = (onto.get("/Annots", []) or [])[before:]
        for original, copy in zip(originals, copies):
            annotation = copy.get_object()
            if "/StructParent" in original:
                annotation[NameObject("/StructParent")] = NumberObject(_int(original["/StructParent"]) + offset)
            self.moved_annotations.append((original, copy))
        self.stacked.append((reader, key, shift, onto, index))

    def finish(self, language: str) -> bytes:
        writer = self.writer
        root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        root_ref = writer._add_object(root)
        tops: list[tuple[Any, Any]] = []
        nums: dict[int, object] = {}
        for index, reader in enumerate(self.readers):
            top = _struct_root(reader)["/K"].get_object().clone(writer)
            tops.append((top, top.indirect_reference))
            for key, value in _nums(reader).items():
                if not any(reader is r and key == k for r, k, _, _, _ in self.stacked):
                    nums[key + self.offsets[index]] = _cloned(value, writer)
        replaced = {original.clone(writer).indirect_reference.idnum: copy for original, copy in self.moved_annotations}
        for reader, key, shift, onto, index in self.stacked:  # the page's array: each part's MCIDs after the previous'
            top = tops[self.readers.index(reader)][0]
            source = reader.pages[index].clone(writer).indirect_reference   # the page's copy the tree points at
            assert source is not None
            _move_marks(top, shift, onto.indirect_reference, source.idnum)
            _replace_objects(top, replaced)
            base = _int(onto["/StructParents"])
            nums[base] = ArrayObject([*(_array(nums[base]) if base in nums else []),
                                      *_array(_cloned(_nums(reader)[key], writer))])
        first, first_ref = tops[0]
        first[NameObject("/P")] = root_ref
        kids = first.get("/K")
        kids = list(kids) if isinstance(kids, ArrayObject) else ([kids] if kids is not None else [])
        for (top, top_ref), reader in zip(tops[1:], self.readers[1:]):
            top[NameObject("/S")] = NameObject("/Part")
            top[NameObject("/P")] = first_ref
            top[NameObject("/Lang")] = TextStringObject(str(_catalog(reader).get("/Lang", "")))
            kids.append(top_ref)
        first[NameObject("/K")] = ArrayObject(kids)
        flat = ArrayObject()
        for key in sorted(nums):
            flat += [NumberObject(key), nums[key]]
        root[NameObject("/K")] = first_ref
        root[NameObject("/ParentTree")] = writer._add_object(DictionaryObject({NameObject("/Nums"): flat}))
        root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        catalog = writer._root_object
        source = _catalog(self.readers[0])
        catalog[NameObject("/StructTreeRoot")] = root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        catalog[NameObject("/Lang")] = TextStringObject(language)
        for name in ("/ViewerPreferences", "/Metadata"):
            if name in source:
                catalog[NameObject(name)] = source[name].get_object().clone(writer).indirect_reference
        if self.readers[0].metadata:
            writer.add_metadata(dict(self.readers[0].metadata.items()))
        writer.compress_identical_objects()  # and drop what the merge left unreferenced
        target = io.BytesIO()
        writer.write(target)
        return target.getvalue()


def _renumbered(reader: PdfReader, index: int, shift: int) -> PageObject:
    """A copy of page ``index`` with its marked content (``/MCID n`` of each BDC) renumbered by ``shift``."""
    page = PdfWriter(clone_from=reader).pages[index]
    if not shift:
        return page
    content = ContentStream(page.get_contents(), page.pdf)
    for operands, operator in content.operations:
        if operator == b"BDC" and len(operands) == 2 and isinstance(operands[1], DictionaryObject) \
                and "/MCID" in operands[1]:
            operands[1][NameObject("/MCID")] = NumberObject(_int(operands[1]["/MCID"]) + shift)
    page.replace_contents(content)
    return page


def _move_marks(element: Any, shift: int, page_ref: Any, source: int) -> None:
    """A stacked page's elements: their marked content on the page whose copy is object ``source``
    is now on ``page_ref``, MCIDs shifted; content on the reader's other pages is left alone."""
    on_source = _page_of(element) == source
    if on_source:
        element[NameObject("/Pg")] = page_ref
    kids = element.get("/K")
    if kids is None:
        return
    moved = []
    for kid in (list(kids) if isinstance(kids, ArrayObject) else [kids]):
        if isinstance(kid, NumberObject):  # on the element's page
            moved.append(NumberObject(_int(kid) + shift) if on_source else kid)
            continue
        obj = kid.get_object()
        if isinstance(obj, DictionaryObject):
            kind = obj.get("/Type")
            if kind == "/MCR" and _page_of(obj) == source:
                obj[NameObject("/MCID")] = NumberObject(_int(obj["/MCID"]) + shift)
                obj[NameObject("/Pg")] = page_ref
            elif kind == "/OBJR" and _page_of(obj) == source:
                obj[NameObject("/Pg")] = page_ref
            elif "/S" in obj:
                _move_marks(obj, shift, page_ref, source)
        moved.append(kid)
    element[NameObject("/K")] = ArrayObject(moved) if isinstance(kids, ArrayObject) else moved[0]


def _page_of(obj: Any) -> int | None:
    """The object number of the page an element, MCR or OBJR names (/Pg), if it names one."""
    page = obj.raw_get("/Pg") if "/Pg" in obj else None
    return page.idnum if page is not None and hasattr(page, "idnum") else None


def _replace_objects(element: Any, replaced: dict[int, Any]) -> None:
    """Point OBJR kids at the annotations' copies on the stacked page."""
    kids = element.get("/K")
    for kid in (list(kids) if isinstance(kids, ArrayObject) else [kids]) if kids is not None else []:
        obj = kid.get_object() if not isinstance(kid, NumberObject) else None
        if isinstance(obj, DictionaryObject):
            if obj.get("/Type") == "/OBJR" and obj.raw_get("/Obj").idnum in replaced:
                obj[NameObject("/Obj")] = replaced[obj.raw_get("/Obj").idnum]
            elif "/S" in obj:
                _replace_objects(obj, replaced)


def _mcid_count(reader: PdfReader, index: int) -> int:
    """How many marked-content ids page ``index`` has (its parent tree array's length)."""
    key = reader.pages[index].get("/StructParents")
    return len(_array(_nums(reader)[_int(key)])) if key is not None else 0


def _int(value: Any) -> int:
    return int(value)


def _struct_root(reader: PdfReader) -> Any:
    return _catalog(reader)["/StructTreeRoot"].get_object()


def _catalog(reader: PdfReader) -> Any:
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def _nums(reader: PdfReader) -> dict[int, Any]:
    flat = _struct_root(reader)["/ParentTree"].get_object()["/Nums"]
    return {_int(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}


def _array(value: Any) -> list[Any]:
    obj = value.get_object() if hasattr(value, "get_object") else value
    return list(obj) if isinstance(obj, ArrayObject) else [value]


def _cloned(value: Any, writer: PdfWriter) -> Any:
    """A parent tree value (an element, or an array of them per MCID) in ``writer``."""
    obj = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(obj, ArrayObject):
        return ArrayObject([item if isinstance(item, NullObject) or item.get_object() is None
                            else item.get_object().clone(writer).indirect_reference for item in obj])
    return obj.clone(writer).indirect_reference
