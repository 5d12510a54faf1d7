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
    entries: dict[str, object] = {
        **_annotation("x", 3), "C": PDFArray(list(range(23))), "F": True, "Extra": "/Name",
        "Raw": PDFString(b"bytes"), "NoEscape": PDFString("(x)", escape=0), "Many": PDFDictionary(
            {f"K{n}": n for n in range(14)}), "Ordered": PDFDictionary(OrderedDict([("Z", 1), ("A", 2)]))}
    assert LinkDictionary(entries).format(document) == PDFDictionary(entries).format(document)
    ordered = LinkDictionary(OrderedDict([("Z", 1), ("A", 2)]))  # unsorted: ReportLab keeps the order
    assert ordered.format(document) == PDFDictionary(OrderedDict([("Z", 1), ("A", 2)])).format(document)


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
