"""packgen writes two kinds of PDF object itself, faster than ReportLab's generic formatting: a
link annotation's dictionary (render/tagging/canvas.py ``LinkDictionary``) and the structure
tree's objects (render/tagging/tree.py ``Raw``). Their bytes must be exactly what ReportLab's
own objects give for the same values, whatever the values."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFDocument, PDFName, PDFString

from packgen.render.tagging.canvas import LinkDictionary
from packgen.render.tagging.tree import Name, Raw

TEXTS = ["Call Childline on 0800 1111", "Childline website, childline.org.uk", "(brackets) and a \\ backslash",
         "Café, naïve: not ASCII", "Ŵ Welsh", "tab\tand\nnewline", "", "a ) lone bracket", "emoji \U0001F600"]


def _annotation(text: str, index: int) -> dict[str, object]:
    return {"Type": PDFName("Annot"), "Subtype": PDFName("Link"), "Rect": PDFArray([1.5, 2.25 * index, 100.125, 40]),
            "Border": PDFArray([0, 0, 0]), "Contents": PDFString(text), "StructParent": index,
            "A": PDFDictionary({"S": PDFName("URI"), "Type": PDFName("Action"),
                                "URI": PDFString("https://www.childline.org.uk/?a=1&b=(2)")})}


@pytest.mark.parametrize("index, text", list(enumerate(TEXTS)))
def test_a_link_dictionary_is_written_as_reportlab_writes_it(index: int, text: str) -> None:
    document = PDFDocument(invariant=1)
    entries = _annotation(text, index)
    assert LinkDictionary(entries).format(document) == PDFDictionary(entries).format(document)


def test_unusual_values_go_through_reportlabs_formatting() -> None:
    document = PDFDocument(invariant=1)
    page = document.Reference(PDFDictionary({"Type": PDFName("Page")}))
    entries: dict[str, object] = {"P": page, "Bytes": b"<< /Raw 1 >>", "Refs": PDFArray([page, page]),
                                  "Deep": PDFDictionary({"Pg": page}),
        **_annotation("x", 3), "C": PDFArray(list(range(23))), "F": True, "Extra": "/Name",
        "Raw": PDFString(b"bytes"), "NoEscape": PDFString("(x)", escape=0), "Many": PDFDictionary(
            {f"K{n}": n for n in range(14)}), "Ordered": PDFDictionary(OrderedDict([("Z", 1), ("A", 2)]))}
    assert LinkDictionary(entries).format(document) == PDFDictionary(entries).format(document)
    ordered = LinkDictionary(OrderedDict([("Z", 1), ("A", 2)]))  # unsorted: ReportLab keeps the order
    assert ordered.format(document) == PDFDictionary(OrderedDict([("Z", 1), ("A", 2)])).format(document)


def _link_as_canvas_makes_it(url: str, text: str, rect: list[object], key: int, **extra: object) -> dict[str, object]:
    """What ``Canvas.linkURL`` and ``TaggedCanvas.linkURL`` put in an annotation's dictionary."""
    action = PDFDictionary()
    action["Type"] = PDFName("Action")
    action["S"] = PDFName("URI")
    action["URI"] = PDFString(url)
    return {"Type": PDFName("Annot"), "Subtype": PDFName("Link"), "Rect": PDFArray(rect), "A": action,
            "Border": PDFArray([0, 0, 0]), "Contents": PDFString(text), "StructParent": key, **extra}


URLS = ["https://www.childline.org.uk/", "tel:+448001111", "mailto:help@nspcc.org.uk", "https://x.org/(a)\\b",
        "https://example.org/caf\u00e9", ""]
RECTS: list[list[object]] = [[134.36771234, 603.86394, 229.63561, 626.19391], [0, 0, 595, 842], [-1.5, 2, 1e7, 0.00001],
                             [1.0, 2.0, 3.0, 4.0], [1, 2, 3], [1, 2, 3, True], [1, 2, 3, "4"], [1, 2, 3, 4, 5]]


@pytest.mark.parametrize("awake", [False, True])
def test_a_link_is_written_as_reportlab_writes_it_fast_or_not(awake: bool) -> None:
    """The seven-key link every canvas makes is written straight into its shape (``_link``), its
    action and description kept by their text while the line memo is awake; anything else in that
    shape's place (another rectangle, a colour, a border, another kind of value) is written by the
    general writer. Always ReportLab's bytes, in any order, twice (the second time from the memo)."""
    from packgen.render import paragraphs
    from packgen.render.tagging import canvas

    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE if awake else 0)
    canvas._LINK_PARTS.clear()
    try:
        document = PDFDocument(invariant=1)
        cases = [_link_as_canvas_makes_it(url, text, rect, key)
                 for key, (url, text, rect) in enumerate((u, t, r) for u in URLS for t in TEXTS[:5] for r in RECTS[:3])]
        cases += [_link_as_canvas_makes_it(URLS[0], TEXTS[0], rect, 3) for rect in RECTS[3:]]
        odd = _link_as_canvas_makes_it(URLS[0], TEXTS[0], RECTS[0], 1)
        cases += [{**odd, "Border": PDFArray([0, 0, 1, PDFArray([2, 1])])}, {**odd, "StructParent": 1.5},
                  {**odd, "Contents": PDFString("(x)")}, {**odd, "Contents": PDFString("(x)", escape=0)},
                  {**odd, "Contents": PDFString(b"bytes")},
                  {**odd, "Type": PDFString("Annot")}]
        odd.pop("StructParent")
        cases += [{**odd, "C": PDFArray([1, 0, 0])}, odd]
        action = PDFDictionary({"S": PDFName("URI"), "Type": PDFName("Action"), "URI": PDFString("(x)", escape=0)})
        cases.append({**_link_as_canvas_makes_it("(x)", TEXTS[0], RECTS[0], 1), "A": action})
        cases.append(_link_as_canvas_makes_it("(x)", TEXTS[0], RECTS[0], 1))  # the same address, escaped
        for _ in range(2):
            for entries in [*cases, *reversed(cases)]:
                assert LinkDictionary(entries).format(document) == PDFDictionary(entries).format(document)
        assert canvas._link(cases[0], document) is not None  # the fast path was taken, so this can fail
        assert bool(canvas._LINK_PARTS) == awake
    finally:
        paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)


def test_kept_link_parts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from packgen.render import paragraphs
    from packgen.render.tagging import canvas

    paragraphs.set_line_memo(paragraphs.LINE_MEMO_SIZE)
    monkeypatch.setattr(canvas, "LINK_PARTS_SIZE", 5)
    document = PDFDocument(invariant=1)
    for n in range(40):
        entries = _link_as_canvas_makes_it(f"https://example.org/{n}", f"Link {n}", RECTS[0], n)
        assert LinkDictionary(entries).format(document) == PDFDictionary(entries).format(document)
        assert len(canvas._LINK_PARTS) <= 5


def test_links_are_made_as_reportlabs_link_url_makes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """``LinkCanvas.linkURL`` makes a plain URI link's dictionary itself: the PDF is the one
    ReportLab's ``linkURL`` gives, for links drawn at any transformation, relative or not, with a
    border, a colour, a dash, another kind or extra entries (those four are ReportLab's own), and
    for whole tagged documents."""
    import io

    from packs import plans_for
    from reportlab import rl_config
    from reportlab.lib.colors import red
    from reportlab.pdfgen.canvas import Canvas

    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.render import render_document
    from packgen.render.tagging import canvas

    monkeypatch.setattr(rl_config, "useA85", 0)  # as packgen's canvases set it (a rendered document sets it too)
    made_by_reportlab = []
    original = Canvas.linkURL

    def counted(self: Canvas, *args: object, **kwargs: object) -> None:
        made_by_reportlab.append(args[0])
        original(self, *args, **kwargs)

    monkeypatch.setattr(Canvas, "linkURL", counted)

    def draw() -> bytes:
        target = io.BytesIO()
        link_canvas = canvas.LinkCanvas(target, invariant=1)
        link_canvas.translate(12.5, 30)
        link_canvas.rotate(7)
        for index, url in enumerate(URLS):
            link_canvas.linkURL(url, (10, 20 + index, 110.25, 40), relative=index % 2, thickness=index % 3)
            link_canvas.linkURL(url, None)
        link_canvas.showPage()
        link_canvas.linkURL(URLS[0], (1, 2, 3, 4), color=red)
        link_canvas.linkURL(URLS[0], (1, 2, 3, 4), dashArray=[2, 1], thickness=1)
        link_canvas.linkURL(URLS[0], (1, 2, 3, 4), kind="GoToR")
        link_canvas.linkURL(URLS[0], (1, 2, 3, 4), Contents=PDFString("extra"))
        link_canvas.save()
        return target.getvalue()

    plans = plans_for(bundled_catalogue())
    chosen = [plans[plan_id] for plan_id in ("parents-leaflet", "young-people-cards")]
    fast = [draw(), *(render_document(plan) for plan in chosen)]
    assert made_by_reportlab == [URLS[0]] * 4  # every other link was made by LinkCanvas itself
    monkeypatch.setattr(canvas, "_LINK_URL_UNCHANGED", False)  # as if ReportLab's linkURL had changed
    assert [draw(), *(render_document(plan) for plan in chosen)] == fast
    assert len(made_by_reportlab) > 4 + 2 * len(URLS) + 30


def test_structure_tree_objects_are_written_in_pdf_syntax() -> None:
    document = PDFDocument(invariant=1)
    page = document.Reference(PDFDictionary({"Type": PDFName("Page")}))
    number, version = document.idToObjectNumberAndVersion[page.name]
    tree = Raw({"Type": Name("StructElem"), "S": Name("P"), "K": [0, 1, Raw({"Type": Name("MCR"), "Pg": page, "MCID": 7})],
                "ActualText": "Don't pay (ever)", "Alt": "Café", "Marked": True, "Empty": [], "Nothing": None,
                "Nums": Raw([1, page, False])})
    expected = (b"<</Type /StructElem/S /P/K [0 1 <</Type /MCR/Pg %d %d R/MCID 7>>]/ActualText (Don't pay \\(ever\\))"
                b"/Alt <FEFF00430061006600E9>/Marked true/Empty []/Nothing null/Nums [1 %d %d R false]>>"
                % (number, version, number, version))
    assert tree.format(document) == expected
    with pytest.raises(TypeError):
        Raw({"Bad": 1.5}).format(document)


def test_a_structure_element_is_written_as_raw_writes_its_entries() -> None:
    """``struct_elem`` (the tree's elements, written in one go as they are emitted) against the
    generic ``Raw`` writer, for every combination of entries: MCIDs on its page and on another, kid
    elements, annotations, hostile Alt, ActualText and Lang."""
    from packgen.render.tagging.tree import struct_elem

    document = PDFDocument(invariant=1)
    page, other, parent, kid, annotation = (document.Reference(PDFDictionary({"N": n})) for n in range(5))

    def ref(reference: object) -> bytes:
        return b"%d %d R" % document.idToObjectNumberAndVersion[reference.name]  # type: ignore[attr-defined]

    def mcr(on: object, mcid: int) -> bytes:  # what the emitter writes for marked content on another page
        return b"<</Type /MCR/Pg %s/MCID %d>>" % (ref(on), mcid)

    def objr(on: object) -> bytes:  # ... and for an annotation
        return b"<</Type /OBJR/Obj %s/Pg %s>>" % (ref(annotation), ref(on))

    kids_cases: list[tuple[list[bytes], list[object]]] = [
        ([], []), ([b"0"], [0]), ([b"3", b"4"], [3, 4]), ([ref(kid)], [kid]),
        ([b"1", mcr(other, 7), ref(kid), objr(other)],
         [1, Raw({"Type": Name("MCR"), "Pg": other, "MCID": 7}), kid,
          Raw({"Type": Name("OBJR"), "Obj": annotation, "Pg": other})]),
        ([objr(page)], [Raw({"Type": Name("OBJR"), "Obj": annotation, "Pg": page})])]
    for kids, raw_kids in kids_cases:
        for on_page in (None, page):
            for alt, actual, lang in [(None, None, None), ("", "", ""), ("QR code: (Childline)", "Don't pay \\ ever", "cy"),
                                      ("Café", "emoji \U0001F600", "en-GB"), ("tab\tand\nnewline", "a ) lone", None)]:
                written = struct_elem("LBody", ref(parent), None if on_page is None else ref(on_page), kids, alt,
                                      actual, lang)
                entries: dict[str, object] = {"Type": Name("StructElem"), "S": Name("LBody"), "P": parent}
                if on_page is not None:
                    entries["Pg"] = on_page
                if raw_kids:
                    entries["K"] = raw_kids[0] if len(raw_kids) == 1 else raw_kids
                for key, value in (("Alt", alt), ("ActualText", actual), ("Lang", lang)):
                    if value:
                        entries[key] = value
                assert written == Raw(entries).format(document)


def test_the_parent_trees_numbers_are_written_as_a_list() -> None:
    from packgen.render.tagging.tree import Nums

    document = PDFDocument(invariant=1)
    refs = [document.Reference(PDFDictionary({"N": n})) for n in range(4)]
    values: list[object] = [0, refs[0], 1, [refs[1], None, refs[2]], 2, [], 3, [None], 17, refs[3]]
    assert Raw({"Nums": Nums(values)}).format(document) == Raw({"Nums": values}).format(document)
    assert Raw({"Nums": Nums()}).format(document) == b"<</Nums []>>"


def test_registering_a_tree_object_numbers_it_as_reportlab_does() -> None:
    from packgen.render.tagging.tree import register

    fast, slow = PDFDocument(invariant=1), PDFDocument(invariant=1)
    for document in (fast, slow):
        document.Reference(PDFDictionary({"N": 1}), "Page1")  # a named object between the numbered ones
    for n in range(5):
        assert register(fast, Raw({"N": n})).name == slow.Reference(Raw({"N": n})).name
        named = f"Outline.{n}"  # a bookmark's name, as ReportLab's outline names its entries
        assert register(fast, Raw({"N": n}), named).name == slow.Reference(Raw({"N": n}), named).name == named
    assert fast.idToObjectNumberAndVersion == slow.idToObjectNumberAndVersion
    assert fast.numberToId == slow.numberToId and fast.objectcounter == slow.objectcounter
    assert {k: v.entries for k, v in fast.idToObject.items() if isinstance(v, Raw)} == \
        {k: v.entries for k, v in slow.idToObject.items() if isinstance(v, Raw)}
    again = Raw({"N": 9})
    first = register(fast, again)
    assert register(fast, again).name == first.name  # registered once: ReportLab's answer
    taken = PDFDocument(invariant=1)
    taken.Reference(PDFDictionary({"N": 0}), "R%d" % (taken.objectcounter + 2))  # the next name taken
    with pytest.raises(ValueError):
        register(taken, Raw({"N": 1}))  # as ReportLab's Reference refuses it


@pytest.mark.parametrize("filtered", [False, True])
def test_the_metadata_stream_is_written_as_reportlabs_stream(filtered: bool) -> None:
    from reportlab.pdfbase.pdfdoc import PDFStream, PDFZCompress

    from packgen.render.tagging.metadata import xmp_packet
    from packgen.render.tagging.tree import MetadataStream

    for title in ["Being blackmailed?", "Café & <naïve> \"quoted\"", "", "emoji \U0001F600 (brackets) \\"]:
        packet = xmp_packet(title, "Hillside Academy", "Sextortion. For: parents.", "packgen 0.1.0", "en-GB")
        for document in (PDFDocument(invariant=1, compression=1), PDFDocument(invariant=1)):
            if filtered:  # a document that compresses every stream: ReportLab's own path
                document.defaultStreamFilters = [PDFZCompress]
            expected = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet)
            assert MetadataStream(packet).format(document) == expected.format(document)


def test_a_tagged_document_is_formatted_as_reportlab_formats_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``TaggedDocument.format`` (structure elements and bookmarks written without ReportLab's
    indirect-object wrapper, the cross-reference table in one join) against ReportLab's own
    ``PDFDocument.format``, on whole documents of every kind."""
    from packs import plans_for

    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.render import render_document
    from packgen.render.tagging import tree

    plans = plans_for(bundled_catalogue())
    chosen = [plans[plan_id] for plan_id in ("young-people-poster", "parents-leaflet", "parents-trifold",
                                             "young-people-cards")]
    fast_documents = []
    original = tree.TaggedDocument.format

    def counted(self: tree.TaggedDocument) -> bytes:
        fast_documents.append(type(self) is tree.TaggedDocument)
        return original(self)

    monkeypatch.setattr(tree.TaggedDocument, "format", counted)
    fast = [render_document(plan) for plan in chosen]
    assert len(fast_documents) >= len(chosen) and all(fast_documents)  # the documents were TaggedDocuments
    monkeypatch.setattr(tree.TaggedDocument, "format", PDFDocument.format)
    assert [render_document(plan) for plan in chosen] == fast


def test_outline_entries_are_written_as_reportlab_writes_them() -> None:
    """Bookmarks with hostile titles, nested and closed ones, fitted pages and another kind of
    destination: ``TaggedDocument`` writes what ReportLab's ``PDFDocument`` writes."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from packgen.render.tagging.tree import TaggedDocument

    def build(fast: bool) -> bytes:
        target = io.BytesIO()
        canvas = Canvas(target, invariant=1)
        if fast:
            canvas._doc.__class__ = TaggedDocument
        titles = ["It's not your fault", "(brackets) and a \\ backslash", "Café, naïve: not ASCII",
                  "Don\u2019t pay", "", "emoji \U0001F600", "a ) lone bracket"]
        for index, title in enumerate(titles):
            canvas.drawString(72, 720, title.encode("ascii", "replace").decode())
            name = f"section-{index}"
            destination = canvas._bookmarkReference(name)
            if index == 3:
                destination.xyz(0, 800, 0)  # not a fitted page: ReportLab's own writing
            else:
                destination.fit()
            destination.setPage(canvas._doc.thisPageRef())
            canvas.addOutlineEntry(title, name, level=0 if index % 3 == 0 else 1, closed=index == 3)
            canvas.showPage()
        canvas.save()
        return target.getvalue()

    assert build(fast=True) == build(fast=False)


@pytest.mark.parametrize("fast_document", [True, False])
def test_the_section_outline_is_written_as_reportlabs_bookmarks(fast_document: bool) -> None:
    """``SectionOutline`` (the bookmarks' objects written by the tagging) against the canvas's
    named destinations and ReportLab's outline tree, which it replaced: the same bytes, objects
    numbered alike, with hostile titles, one to seven sections, formatted by ``TaggedDocument`` and
    by ReportLab's ``PDFDocument``."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from packgen.render.tagging.tree import SectionOutline, TaggedDocument

    titles = ["It's not your fault", "(brackets) and a \\ backslash", "Café, naïve: not ASCII", "Don\u2019t pay", "",
              "emoji \U0001F600", "a ) lone bracket"]

    def build(count: int, ours: bool) -> bytes:
        target = io.BytesIO()
        canvas = Canvas(target, invariant=1, lang="en-GB")
        if fast_document:
            canvas._doc.__class__ = TaggedDocument
        pages = []
        for page in range(3):
            canvas.drawString(72, 720, f"page {page}")
            pages.append(canvas._doc.thisPageRef())
            canvas.showPage()
        sections = [(titles[index], pages[(index * 2) % 3]) for index in range(count)]
        if ours:
            doc = canvas._doc
            doc.outline = doc.Outlines = doc.Catalog.Outlines = SectionOutline(sections)
        else:
            for index, (title, page) in enumerate(sections):
                destination = canvas._bookmarkReference(f"section-{index}")
                destination.fit()
                destination.setPage(page)
                canvas.addOutlineEntry(title, f"section-{index}", level=0)
        canvas.save()
        return target.getvalue()

    for count in range(len(titles) + 1):
        assert build(count, ours=True) == build(count, ours=False), count
    assert b"/Outlines" in build(2, ours=True) and b"/Outlines" not in build(0, ours=True)


def test_the_catalogs_constant_entries_are_what_reportlab_writes() -> None:
    """MarkInfo and ViewerPreferences are written as constants: the bytes of ``Raw({"Marked":
    True})`` and of the viewer preferences ``canvas.setViewerPreference`` makes."""
    import io

    from reportlab.pdfbase.pdfdoc import format as pdf_format
    from reportlab.pdfgen.canvas import Canvas

    from packgen.render.tagging.tree import Written

    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    document = canvas._doc
    preferences = document.Catalog.ViewerPreferences
    assert Written(b"<<\n/DisplayDocTitle true\n>>").format(document) == pdf_format(preferences, document, toplevel=1)
    assert Written(b"<</Marked true>>").format(document) == Raw({"Marked": True}).format(document)


def test_integers_are_written_as_reportlab_writes_them() -> None:
    """The annotations' writer formats small integers itself (a StructParent, a border's zeros):
    the bytes of ReportLab's ``fp_str``, at the edges of that range and beyond it."""
    from reportlab.pdfbase.pdfdoc import format as pdf_format

    from packgen.render.tagging.canvas import _formatted

    document = PDFDocument(invariant=1)
    for value in [0, 1, -1, 7, 42, 999, 1000, 65535, 99_999, 999_999, -999_999, 1_000_000, -1_000_000, 2**31, -(2**40),
                  *range(0, 5000, 7)]:
        assert _formatted(value, document) == pdf_format(value, document), value
    assert _formatted(True, document) == pdf_format(True, document)


def test_the_catalog_is_written_as_reportlab_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Catalog`` (the document catalog written through the annotations' writer) against
    ReportLab's ``PDFCatalog.format``: whole tagged and untagged documents, byte for byte, and a
    catalog with unusual entries."""
    import io

    from packs import plans_for
    from reportlab.pdfbase.pdfdoc import PDFCatalog
    from reportlab.pdfgen.canvas import Canvas

    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.render import render_document
    from packgen.render.tagging import tagging_disabled
    from packgen.render.tagging.canvas import Catalog

    plans = plans_for(bundled_catalogue())
    chosen = [plans[plan_id] for plan_id in ("young-people-poster", "parents-leaflet")]
    fast = [render_document(plan) for plan in chosen]
    with tagging_disabled():
        fast_untagged = [render_document(plan) for plan in chosen]
    monkeypatch.setattr(Catalog, "format", PDFCatalog.format)
    assert [render_document(plan) for plan in chosen] == fast
    with tagging_disabled():
        assert [render_document(plan) for plan in chosen] == fast_untagged
    monkeypatch.undo()

    canvas = Canvas(io.BytesIO(), invariant=1, lang="cy (Cymraeg)")
    canvas.drawString(72, 720, "text")
    canvas.showPage()
    catalog = canvas._doc.Catalog
    catalog.setPageMode("UseOutlines")
    catalog.setPageLayout("TwoColumnLeft")
    catalog.MarkInfo = PDFDictionary({"Marked": PDFName("true")})
    catalog.URI = PDFDictionary({"Base": PDFString("https://example.org/(a)")})
    expected = PDFCatalog.format(catalog, canvas._doc)
    catalog.__class__ = Catalog
    assert catalog.format(canvas._doc) == expected


def test_the_bullet_watch_is_gone_when_the_lists_are_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list item's bullet is found by a ``drawText`` set on the canvas while the bullet is still
    to be drawn: every document with lists draws its labels (Lbl) and ends with none waiting and
    the class's ``drawText`` back."""
    from packs import plans_for

    from packgen.catalogue.bundled import bundled_catalogue
    from packgen.render import render_document
    from packgen.render.tagging.canvas import TaggedCanvas

    seen = []
    original = TaggedCanvas.save

    def save(self: TaggedCanvas) -> None:
        seen.append((self.marks.labels, "drawText" in vars(self),
                     sum(bool(recording.label) for recording in self.marks.recordings.values())))
        original(self)

    monkeypatch.setattr(TaggedCanvas, "save", save)
    plans = plans_for(bundled_catalogue())
    for plan_id in ("parents-leaflet", "parents-trifold", "young-people-cards"):
        render_document(plans[plan_id])
    assert all(labels == 0 and not watching for labels, watching, _ in seen)
    assert sum(labelled for _, _, labelled in seen) >= 5  # list items were drawn with their bullets
