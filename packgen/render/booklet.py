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
order PDF's pages (as they are, nothing redrawn) with pypdf.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from reportlab.lib.units import mm

from packgen.plan.documents import DocumentPlan
from packgen.plan.outputs import Produced

from .leaflet import render_leaflet

A4_LANDSCAPE = (297 * mm, 210 * mm)


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers (from 1) of each sheet side in print order: front, back, front..."""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 2 * sheet + 1))          # front
        sides.append((2 * sheet + 2, pages - 2 * sheet - 1))      # back
    return sides


def impose(reading_order: bytes) -> bytes:
    """The A5 pages of ``reading_order`` two to a side on A4 landscape sheets, saddle-stitch order."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    source = PdfReader(io.BytesIO(reading_order))
    writer = PdfWriter()
    sheet_width, sheet_height = A4_LANDSCAPE
    for left, right in saddle_stitch_order(len(source.pages)):
        side = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for number, x in ((left, 0.0), (right, sheet_width / 2)):
            page = source.pages[number - 1]
            y = (sheet_height - float(page.mediabox.height)) / 2
            side.merge_transformed_page(page, Transformation().translate(x, y))
        writer.add_page(side)
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer"):
        value = source.metadata.get(key) if source.metadata else None
        if value:
            writer.add_metadata({key: str(value)})
    target = io.BytesIO()
    writer.write(target)
    return target.getvalue()


def produce_imposed(plan: DocumentPlan, made: Mapping[str, Produced]) -> Produced | None:
    """The ``imposed`` output: booklets only, imposed from the reading-order PDF just made."""
    if plan.layout.kind != "booklet" or "pdf" not in made:
        return None
    data = impose(made["pdf"].data)
    return Produced(data, pages=2 * (made["pdf"].pages or 0) // 4 or None)


render = render_leaflet  # the name packgen.render looks up for every kind (packgen.catalogue.kinds)
