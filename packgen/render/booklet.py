"""A5 booklets: pages in multiples of 4, for a parents' evening handout folded and stapled.

Two files. ``<id>.pdf`` has the pages in reading order, one A5 page each: for the screen, and
for a printer that imposes booklets itself. ``<id>-imposed.pdf`` has the same pages imposed two
to a side on A4 landscape sheets in saddle-stitch order: print it duplex, flipping on the SHORT
edge, fold the stack in half and staple on the fold. For N pages (N a multiple of 4) sheet s
(from 0) carries, left and right, pages N - 2s and 2s + 1 on its front and 2s + 2 and N - 2s - 1
on its back: the outermost sheet has the covers, the innermost the middle spread.

The pages are laid out by the leaflet renderer (:mod:`packgen.render.leaflet`): page 1 is a cover
(title, key message, the "Get help now" box, who it is for), the advice and services follow from
page 2, balanced over the fewest whole sheets that hold them. The imposed file places the reading
order PDF's pages (as they are, nothing redrawn) with pypdf and stays a tagged PDF: the pages'
marked content is renumbered on each sheet side and the same structure tree, in reading order,
points at the sheets (each element once: a screen reader reads the booklet in page order, not in
print order), with the link annotations moved with their pages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import mm

from packgen.plan.documents import DocumentPlan
from packgen.plan.outputs import Produced

from .leaflet import render_leaflet

A4_LANDSCAPE = (297 * mm, 210 * mm)


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers (from 1) of each sheet side in print order: front, back, front..."""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides: list[Any] = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 2 * sheet + 1))          # front
        sides.append((2 * sheet + 2, pages - 2 * sheet - 1))      # back
    return sides


def impose(reading_order: bytes) -> bytes:
    """The A5 pages of ``reading_order`` two to a side on A4 landscape sheets, saddle-stitch order.

    Still a tagged PDF: each page's content is placed as it is (nothing redrawn, its artifacts
    still artifacts) with its marked-content ids renumbered on its sheet side, and the structure
    tree (the same elements, in reading order) and its links now point at the sheets."""
    from pypdf import PageObject, PdfReader, PdfWriter

    source = PdfReader(io.BytesIO(reading_order))
    writer = PdfWriter(clone_from=source)
    originals = list(writer.pages)
    sheet_width, sheet_height = A4_LANDSCAPE
    moved: dict[int, tuple[int, int]] = {}       # original page's object number -> (side, MCID offset)
    sides: list[Any] = []
    for left, right in saddle_stitch_order(len(originals)):
        pieces, placed = [], []
        offset = 0
        for number, x in ((left, 0.0), (right, sheet_width / 2)):
            page = originals[number - 1]
            y = (sheet_height - float(page.mediabox.height)) / 2
            moved[page.indirect_reference.idnum] = (len(sides), offset)  # type: ignore[union-attr]
            content, count = _renumbered(page, offset)
            offset += count
            pieces.append(b"q 1 0 0 1 %s %s cm\n" % (_num(x), _num(y)) + content + b"\nQ\n")
            placed.append((page, x, y))
        side = writer.add_page(PageObject.create_blank_page(None, sheet_width, sheet_height))
        _fill_side(writer, side, placed, b"".join(pieces))
        sides.append(side.indirect_reference)
    _restructure(writer, originals, sides, moved)
    for page in originals:
        writer.remove_page(page)
    for page in writer.pages:
        page.compress_content_streams()
    target = io.BytesIO()
    writer.write(target)
    reachable = PdfWriter(clone_from=PdfReader(io.BytesIO(target.getvalue())))  # without the A5 pages
    target = io.BytesIO()
    reachable.write(target)
    return target.getvalue()


def _num(value: float) -> bytes:
    return (b"%.4f" % value).rstrip(b"0").rstrip(b".")


def _renumbered(page: Any, offset: int) -> tuple[bytes, int]:
    """The page's content with every MCID raised by ``offset``; how many MCIDs it has."""
    from pypdf.generic import ContentStream, NameObject, NumberObject

    stream = ContentStream(page.get_contents(), page.pdf)
    count = 0
    for operands, operator in stream.operations:
        if operator == b"BDC" and len(operands) > 1 and hasattr(operands[1], "get") and "/MCID" in operands[1]:
            mcid = int(operands[1]["/MCID"])
            operands[1][NameObject("/MCID")] = NumberObject(mcid + offset)
            count = max(count, mcid + 1)
    return stream.get_data(), count


def _fill_side(writer: Any, side: Any, placed: list[tuple[Any, float, float]], content: bytes) -> None:
    """A sheet side: its content, the union of the pages' resources, their link annotations moved."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    resources = DictionaryObject()
    for page, _, _ in placed:
        for category, entries in page["/Resources"].get_object().items():
            entries = entries.get_object()
            if isinstance(entries, DictionaryObject):
                merged = resources.setdefault(NameObject(category), DictionaryObject())
                for name in entries:
                    if name in merged and merged.raw_get(name) != entries.raw_get(name):
                        raise ValueError(f"imposition: two pages name different resources {name}")
                    merged[NameObject(name)] = entries.raw_get(name)
            else:
                resources[NameObject(category)] = entries
    stream = DecodedStreamObject()
    stream.set_data(content)
    side[NameObject("/Resources")] = resources
    side[NameObject("/Contents")] = writer._add_object(stream)
    side[NameObject("/Tabs")] = NameObject("/S")
    annotations = ArrayObject()
    for page, x, y in placed:
        for ref in page.get("/Annots", []):
            annotation = ref.get_object()
            x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
            annotation[NameObject("/Rect")] = ArrayObject(FloatObject(v) for v in (x1 + x, y1 + y, x2 + x, y2 + y))
            annotations.append(ref)
    if annotations:
        side[NameObject("/Annots")] = annotations


def _restructure(writer: Any, originals: list[Any], sides: list[Any], moved: dict[int, tuple[int, int]]) -> None:
    """Point the structure tree, the annotations and the outline at the sheet sides."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NullObject, NumberObject

    def place(ref: Any) -> tuple[int, int] | None:
        return moved.get(ref.idnum) if isinstance(ref, IndirectObject) else None

    root = writer._root_object
    tree = root["/StructTreeRoot"].get_object()
    seen: set[int] = set()

    def walk(node: Any) -> None:
        if isinstance(node, int):  # an MCID, renumbered with its element
            return
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen.add(node.idnum)
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, DictionaryObject):
            return
        at = place(node.raw_get("/Pg")) if "/Pg" in node else None
        if at is not None:
            side, offset = at
            node[NameObject("/Pg")] = sides[side]
            if "/MCID" in node:  # a marked-content reference
                node[NameObject("/MCID")] = NumberObject(int(node["/MCID"]) + offset)  # type: ignore[call-overload]
            kids = node.get("/K")
            if node.get("/Type") != "/MCR" and kids is not None:
                if isinstance(kids, int):
                    node[NameObject("/K")] = NumberObject(int(kids) + offset)
                elif isinstance(kids, ArrayObject):
                    for index, kid in enumerate(kids):
                        if isinstance(kid, int):
                            kids[index] = NumberObject(int(kid) + offset)
        if "/K" in node and node.get("/Type") not in ("/MCR", "/OBJR"):
            walk(node.raw_get("/K"))

    walk(tree.raw_get("/K"))
    # The parent tree: each page's array (by MCID) becomes its side's; keys stay the annotations'.
    nums = tree["/ParentTree"].get_object()["/Nums"]
    by_side: dict[int, list[object]] = {}
    keep = ArrayObject()
    page_keys = {int(page["/StructParents"]): page.indirect_reference.idnum for page in originals}
    for index in range(0, len(nums), 2):
        key, value = int(nums[index]), nums[index + 1]
        if key not in page_keys:
            keep += [NumberObject(key), value]
            continue
        side, offset = moved[page_keys[key]]
        elements = by_side.setdefault(side, [])
        array = value.get_object()
        elements += [NullObject()] * (offset + len(array) - len(elements))
        for mcid, element in enumerate(array):
            elements[offset + mcid] = element
    next_key = int(tree["/ParentTreeNextKey"])
    pairs = [(int(keep[i]), keep[i + 1]) for i in range(0, len(keep), 2)]
    for side, elements in sorted(by_side.items()):
        sides[side].get_object()[NameObject("/StructParents")] = NumberObject(next_key)
        pairs.append((next_key, writer._add_object(ArrayObject(elements))))
        next_key += 1
    tree["/ParentTree"].get_object()[NameObject("/Nums")] = ArrayObject(
        item for key, value in sorted(pairs, key=lambda pair: pair[0]) for item in (NumberObject(key), value))
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    for side in sides:  # the annotations' page
        for ref in side.get_object().get("/Annots", []):
            annotation = ref.get_object()
            if "/P" in annotation:
                annotation[NameObject("/P")] = side
    item = root.get("/Outlines", {}).get("/First") if "/Outlines" in root else None
    while item is not None:  # the outline's destinations: the side the section starts on
        entry = item.get_object()
        destination = entry.get("/Dest")
        at = place(destination[0]) if isinstance(destination, ArrayObject) and destination else None
        if at is not None:
            destination[0] = sides[at[0]]
        item = entry.get("/Next")


def produce_imposed(plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced | None:
    """The ``imposed`` output: booklets only, imposed from the reading-order PDF just made."""
    if plan.layout.kind != "booklet" or "pdf" not in made:
        return None
    data = impose(made["pdf"].data)
    return Produced(data, pages=2 * (made["pdf"].pages or 0) // 4 or None)


render = render_leaflet  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
