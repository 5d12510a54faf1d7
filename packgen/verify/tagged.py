"""Read a PDF's tagging back: the structure tree, the text of each marked-content sequence,
the text outside any, the link annotations and the document-level entries PDF/UA asks for.

Independent of how the PDF was drawn (no ReportLab): the tree and annotations are read with pypdf,
the text of each marked-content sequence with pdfium (ActualText where a sequence has one, which
is what a screen reader reads). :func:`structure_problems` turns what is read into plain problems.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, overload

PathLike = str | os.PathLike[str]
Ref = tuple[int, int]   # an indirect object's (number, generation)


@dataclass
class StructNode:
    """One structure element: its role, kids in order, and the content and annotations it holds."""

    role: str
    kids: list[StructNode] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)   # (page index, MCID), in order
    annotations: list[Ref] = field(default_factory=list)           # OBJR kids
    alt: str | None = None
    lang: str | None = None

    def walk(self) -> Iterator[StructNode]:
        yield self
        for kid in self.kids:
            yield from kid.walk()


@dataclass(frozen=True)
class LinkInfo:
    page: int
    ref: Ref | None
    uri: str
    contents: str


@dataclass
class TaggedPdf:
    """What :func:`read_tagged` found."""

    root: StructNode | None
    marked: bool
    lang: str | None
    display_doc_title: bool
    xmp: str
    tabs: list[str | None]
    links: list[LinkInfo]
    content_text: dict[tuple[int, int], str]     # (page, MCID) -> its text
    artifact_text: list[str]                     # per page
    untagged_text: list[str]                     # per page: text outside any marked content

    def text_of(self, node: StructNode) -> str:
        """The element's text in structure order (its content, then its kids')."""
        parts: list[str] = []
        self._collect(node, parts)
        return " ".join(part for part in parts if part)

    def _collect(self, node: StructNode, parts: list[str]) -> None:
        parts += [self.content_text.get(item, "") for item in node.content]
        for kid in node.kids:
            self._collect(kid, parts)


def _ref(obj: Any) -> Ref | None:
    ref = getattr(obj, "indirect_reference", None)
    if ref is None and hasattr(obj, "idnum"):
        ref = obj
    return (ref.idnum, ref.generation) if ref is not None else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value.get_object() if hasattr(value, "get_object") else value)


def read_tagged(pdf_path: PathLike) -> TaggedPdf:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(os.fspath(pdf_path))
    catalog: Any = reader.trailer["/Root"]
    page_index = {_ref(page.indirect_reference): index for index, page in enumerate(reader.pages)}

    def build(element: Any, page: int | None) -> StructNode:
        element = element.get_object()
        kid: Any
        node = StructNode(str(element.get("/S", "")).lstrip("/"), alt=_text(element.get("/Alt")),
                          lang=_text(element.get("/Lang")))
        if "/Pg" in element:
            page = page_index.get(_ref(element["/Pg"]), page)
        kids: Any = element.get("/K")
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        for kid in (kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []):
            raw = kid
            kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(kid, int):
                node.content.append((page if page is not None else -1, int(kid)))
            elif isinstance(kid, DictionaryObject):
                kind = kid.get("/Type")
                if kind == "/MCR":
                    mcid: Any = kid["/MCID"]
                    on = page_index.get(_ref(kid["/Pg"]), -1) if "/Pg" in kid else page
                    node.content.append((on if on is not None else -1, int(mcid)))
                elif kind == "/OBJR":
                    ref = _ref(kid.raw_get("/Obj"))
                    if ref is not None:
                        node.annotations.append(ref)
                elif "/S" in kid:
                    node.kids.append(build(raw, page))
        return node

    tree: Any = catalog.get("/StructTreeRoot")
    root = None
    if tree is not None:
        top = StructNode("StructTreeRoot")
        kids = tree.get_object().get("/K")
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        for kid in (kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []):
            top.kids.append(build(kid, None))
        root = top
    mark_info = catalog.get("/MarkInfo")
    preferences = catalog.get("/ViewerPreferences")
    metadata = catalog.get("/Metadata")
    links = []
    for index, page in enumerate(reader.pages):
        for raw in page.get("/Annots") or []:
            annot: Any = raw.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action: Any = annot.get("/A")
            action = action.get_object() if action is not None else {}
            links.append(LinkInfo(index, _ref(raw), str(action.get("/URI", "")), _text(annot.get("/Contents")) or ""))
    content, artifacts, untagged = _marked_text(pdf_path)
    content.update(_actual_texts(reader))
    return TaggedPdf(
        root=root,
        marked=bool(mark_info is not None and mark_info.get_object().get("/Marked")),
        lang=_text(catalog.get("/Lang")),
        display_doc_title=bool(preferences is not None and preferences.get_object().get("/DisplayDocTitle")),
        xmp=metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else "",
        tabs=[_text(page.get("/Tabs")) for page in reader.pages],
        links=links, content_text=content, artifact_text=artifacts, untagged_text=untagged)


def _utf16(getter: Any, *args: Any) -> str:
    """Call a pdfium getter that fills a UTF-16LE buffer (size first asked with a null buffer)."""
    length = getter(*args, None, 0)
    if length <= 2:
        return ""
    buffer = (ctypes.c_ushort * (length // 2))()
    getter(*args, buffer, length)
    return bytes(buffer)[:length].decode("utf-16-le").rstrip("\x00")


def _mark_names(obj: Any) -> list[tuple[str, Any]]:
    import pypdfium2.raw as pdfium_c

    marks = []
    for index in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, index)
        length = ctypes.c_ulong(0)
        pdfium_c.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(length))
        buffer = (ctypes.c_ushort * (length.value // 2 + 1))()
        pdfium_c.FPDFPageObjMark_GetName(mark, buffer, length, ctypes.byref(length))
        marks.append((bytes(buffer)[:length.value].decode("utf-16-le").rstrip("\x00"), mark))
    return marks


_ACTUAL = re.compile(rb"/MCID\s+(\d+)\s*/ActualText\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _pdf_string(token: bytes) -> str:
    """A PDF string token (hex or literal) as text: UTF-16 with its byte order mark, else Latin-1."""
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode("ascii"))
    else:
        raw = re.sub(rb"\\([nrtbf()\\]|[0-7]{1,3})",
                     lambda m: _ESCAPES.get(m.group(1)) or bytes([int(m.group(1), 8) & 255]), token[1:-1])
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _actual_texts(reader: Any) -> dict[tuple[int, int], str]:
    """(page, MCID) -> the ActualText of its marked-content sequence (``/Tag <</MCID n /ActualText
    (...)>> BDC``). Read from the content bytes: pdfium garbles UTF-16 strings in marked-content
    properties, and parsing whole content streams with pypdf is slow."""
    found: dict[tuple[int, int], str] = {}
    for index, page in enumerate(reader.pages):
        contents = page.get_contents()
        if contents is None:
            continue
        for match in _ACTUAL.finditer(contents.get_data()):
            found[(index, int(match.group(1)))] = _pdf_string(match.group(2))
    return found


def _marked_text(pdf_path: PathLike) -> tuple[dict[tuple[int, int], str], list[str], list[str]]:
    """Text per (page, MCID), artifact text and text outside marked content, per page (pdfium)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    content: dict[tuple[int, int], list[str]] = {}
    artifacts: list[str] = []
    untagged: list[str] = []
    document = pypdfium2.PdfDocument(os.fspath(pdf_path))
    try:
        for index, page in enumerate(document):
            textpage = page.get_textpage()
            page_artifacts: list[str] = []
            page_untagged: list[str] = []
            for obj in page.get_objects():
                if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                    continue
                text = _utf16(pdfium_c.FPDFTextObj_GetText, obj.raw, textpage.raw)
                marks = _mark_names(obj.raw)  # outermost first
                mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj.raw)
                if any(name == "Artifact" for name, _ in marks):
                    page_artifacts.append(text)
                elif mcid >= 0:
                    content.setdefault((index, mcid), []).append(text)
                else:
                    page_untagged.append(text)
            artifacts.append(" ".join(page_artifacts))
            untagged.append(" ".join(t for t in page_untagged if t.strip()))
            textpage.close()
            page.close()
    finally:
        document.close()
    return {key: "".join(parts) for key, parts in content.items()}, artifacts, untagged


_HEADING = re.compile(r"^H([1-6])$")


def squash(text: str) -> str:
    return "".join(text.split())


@overload
def structure_problems(pdf_path: PathLike, expected: list[str]) -> list[str]: ...
@overload
def structure_problems(pdf_path: PathLike, expected: list[str], *, count: Literal[True]) -> tuple[list[str], int]: ...


def structure_problems(pdf_path: PathLike, expected: list[str], *,
                       count: bool = False) -> list[str] | tuple[list[str], int]:
    """What keeps the PDF from being tagged as packgen promises (empty: nothing found).

    The structure tree, MarkInfo, Lang, DisplayDocTitle, XMP title and PDF/UA identification and
    /Tabs /S; no text outside tagged content or artifacts; every ``expected`` text in tagged
    content, in the tree; headings that start at H1 and never skip a level; every link annotation
    in a Link element with a description; every Figure with alternate text; every MCID in one
    element only. With ``count``, also how many structure elements the tree has.
    """
    problems, elements = tagging_problems(read_tagged(pdf_path), expected)
    return (problems, elements) if count else problems


def tagging_problems(tagged: TaggedPdf, expected: list[str]) -> tuple[list[str], int]:
    """:func:`structure_problems` for a PDF already read, and how many structure elements it has."""
    if tagged.root is None:
        return ["not a tagged PDF: no structure tree"], 0
    problems: list[str] = []
    if not tagged.marked:
        problems.append("MarkInfo does not say the PDF is marked (tagged)")
    if not tagged.lang:
        problems.append("no document language (/Lang)")
    if not tagged.display_doc_title:
        problems.append("viewers are not asked to show the title (DisplayDocTitle)")
    if "<dc:title>" not in tagged.xmp or not re.search(r"<pdfuaid:part>1</pdfuaid:part>", tagged.xmp):
        problems.append("the XMP metadata lacks dc:title or the PDF/UA identification (pdfuaid:part 1)")
    for page, tabs in enumerate(tagged.tabs, start=1):
        if tabs != "/S":
            problems.append(f"page {page}: tab order does not follow the structure (/Tabs /S)")
    for page, text in enumerate(tagged.untagged_text, start=1):
        if text.strip():
            problems.append(f"page {page}: text neither tagged nor an artifact: {text[:60]!r}")
    nodes = list(tagged.root.walk())
    seen: dict[tuple[int, int], int] = {}
    for node in nodes:
        for item in node.content:
            seen[item] = seen.get(item, 0) + 1
    for item, times in sorted(seen.items()):
        if times > 1:
            problems.append(f"page {item[0] + 1}: marked content {item[1]} is in {times} elements")
    for item in sorted(set(tagged.content_text) - set(seen)):
        problems.append(f"page {item[0] + 1}: marked content {item[1]} is in no element: "
                        f"{tagged.content_text[item][:60]!r}")
    in_order = squash(tagged.text_of(tagged.root))
    for text in expected:
        if squash(text) not in in_order:
            problems.append(f"text not in the structure tree: {text[:70]!r}")
    previous = 0
    for node in nodes:
        match = _HEADING.match(node.role)
        if match:
            level = int(match.group(1))
            if level > previous + 1:
                problems.append(f"heading level skips from {'H' + str(previous) if previous else 'the start'} "
                                f"to H{level}: {tagged.text_of(node)[:60]!r}")
            previous = level
        if node.role == "Figure" and not (node.alt or "").strip():
            problems.append("a Figure has no alternate text")
    in_links = {ref for node in nodes if node.role == "Link" for ref in node.annotations}
    for link in tagged.links:
        if link.ref not in in_links:
            problems.append(f"page {link.page + 1}: the link to {link.uri} is in no Link element")
        if not link.contents.strip():
            problems.append(f"page {link.page + 1}: the link to {link.uri} has no description (/Contents)")
    return problems, len(nodes) - 1
