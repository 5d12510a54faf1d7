"""The structure tree, written when a :class:`~.canvas.TaggedCanvas` is saved.

The tree is a second view of the document model, in the model's reading order whatever order the
renderer drew in: Document > (the org's logo Figure and name), H1 title, P key message, a Sect
per advice item (H2, P, L > LI > Lbl + LBody), the org's contacts (H2, P), the services (H2; per
service H3 name, P, P > Link, Link > Figure for its QR code). The "Get help now" box (a Sect: H2,
then per service P name, P > Link, P hours) comes after the key message and before the advice. An element appears only if its
flowable was drawn; each holds every (page, MCID) it drew, so a paragraph split over two pages is
one element. Link annotations sit in their Link element as OBJR, with the model's description.
Document-level entries go on the catalog: MarkInfo, ViewerPreferences DisplayDocTitle, XMP
metadata, and an outline of the section headings for documents of more than one page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import (
    NoEncryption,
    PDFDictionary,
    PDFDocument,
    PDFFile,
    PDFIndirectObject,
    PDFObject,
    PDFObjectReference,
    PDFOutlines,
    PDFStream,
    PDFString,
    PDFTrailer,
)

from packgen.model.nodes import (
    BulletList,
    Contact,
    Contacts,
    HelpBox,
    Paragraph,
    Section,
    ServiceEntry,
    Services,
)
from packgen.render.same_code import same_code

from .canvas import Annotation, Marks, Recording, _dictionary, pdf_string
from .metadata import xmp_packet

if TYPE_CHECKING:
    from .canvas import TaggedCanvas


class Element:
    """An element of the tree being built: its role, its kids (elements, (page, MCID) pairs of its
    marked content, link annotations), Alt, ActualText, Lang and its outline entry's title (section
    headings). A plain class with slots: a leaflet makes two hundred of them."""

    __slots__ = ("actual", "alt", "kids", "lang", "outline", "role")

    def __init__(self, role: str, kids: list[Element | tuple[int, int] | Annotation] | None = None,
                 alt: str | None = None, actual: str | None = None, lang: str | None = None) -> None:
        self.role, self.alt, self.actual, self.lang = role, alt, actual, lang
        self.kids: list[Element | tuple[int, int] | Annotation] = [] if kids is None else kids
        self.outline: str | None = None


def contacts_of(entry: ServiceEntry) -> list[Contact]:
    """The entry's contacts in reading order: phone, text number (where the model has one), email,
    web address."""
    found = (entry.phone, getattr(entry, "sms", None), entry.email, entry.web)
    return [contact for contact in found if contact is not None]


class TreeBuilder:
    """Walks the model, taking each node's recording from the canvas's marks."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.recordings = marks.recordings
        self.placed: set[tuple[int, object]] = set()

    def recording(self, node: object, part: object = "") -> Recording | None:
        key = (id(node), part)
        found = self.recordings.get(key)
        if found is not None:
            self.placed.add(key)
        return found

    def leaf(self, role: str, node: object, part: object = "", *, alt: str | None = None) -> Element | None:
        """An element of the drawn content of ``node``'s ``part``, with a Link for each annotation."""
        key = (id(node), part)  # what recording() does, inline: this runs for most elements
        recording = self.recordings.get(key)
        if recording is None:
            return None
        self.placed.add(key)
        if not recording.content:
            return None
        annotations = recording.annotations
        if recording.label:
            element = Element(role, [*recording.label, *recording.content], alt=alt)
        else:
            element = Element(role, [*recording.content], alt=alt)
        if not annotations:
            return element
        if role == "Link":
            element.kids += annotations
        else:
            element.kids += [Element("Link", [annotation]) for annotation in annotations]
        return element

    def document(self) -> Element:
        model = self.marks.model
        root = Element("Document")
        add = root.kids.append
        if model.identity:
            if model.identity.logo:
                self.extend(root, self.leaf("Figure", model.identity.logo, alt=model.identity.logo.alt))
            self.extend(root, self.leaf("P", model.identity, "name"))
        self.extend(root, self.leaf("P", model, "audience"))
        self.extend(root, self.leaf("H1", model, "title"))
        if model.key_message:
            self.extend(root, self.leaf("P", model, "key_message"))
        self.extend(root, self.leaf("P", model, "about"))
        if model.help_box:
            self.extend(root, self.help_box(model.help_box))
        self.extend(root, self.aside(model, "help"))
        for section in model.sections:
            self.extend(root, self.section(section))
        if model.contacts:
            self.extend(root, self.contacts(model.contacts, 2))
        if model.services:
            self.extend(root, self.services(model.services, 2))
        for key, recording in self.marks.recordings.items():  # drawn but not in the model's order
            if key in self.placed:
                continue
            self.placed.add(key)
            links: list[Element | tuple[int, int] | Annotation] = \
                [Element("Link", [annotation]) for annotation in recording.annotations]
            if recording.content or recording.label:
                add(Element("P", [*recording.label, *recording.content, *links], actual=recording.tag.text))
            else:  # links an untagged flowable made: their content is an artifact, they are not
                root.kids += links
        return root

    def aside(self, node: object, name: str) -> Element | None:
        """A block a layout adds of its own, not in the model: the flowables tagged
        ``(name, 0)``, ``(name, 1)``, ... of ``node``, in that order, each in its tag's role
        (a P by default; a Link inside a P)."""
        parts = sorted(part[1] for (owner, part) in self.marks.recordings
                       if owner == id(node) and isinstance(part, tuple) and len(part) == 2 and part[0] == name)
        kids: list[Element | None] = []
        for index in parts:
            recording = self.marks.recordings[(id(node), (name, index))]
            role = recording.tag.role or "P"
            element = self.leaf(role, node, (name, index))
            kids.append(Element("P", [element]) if element is not None and role == "Link" else element)
        return self.sect(kids)

    def help_box(self, box: HelpBox) -> Element | None:
        """The "Get help now" box: H2, then per service its name, its number (a Link) and hours."""
        kids = [self.heading(box, box.heading, 2, outline=False)]
        for entry in box.entries:
            kids.append(self.leaf("P", entry, "name"))
            link = self.leaf("Link", entry.contact.link)
            kids.append(Element("P", [link]) if link else None)
            kids.append(self.leaf("P", entry.contact, "note"))
        return self.sect(kids)

    @staticmethod
    def extend(parent: Element, child: Element | None) -> None:
        if child is not None:
            parent.kids.append(child)

    def sect(self, kids: list[Element | None], *, lang: str | None = None) -> Element | None:
        present: list[Element | tuple[int, int] | Annotation] = [kid for kid in kids if kid is not None]
        return Element("Sect", present, lang=lang) if present else None

    def heading(self, node: object, text: str, level: int, *, outline: bool = True) -> Element | None:
        element = self.leaf(f"H{min(level, 6)}", node, "heading")
        if element is not None and level == 2 and outline:
            element.outline = text
        return element

    def section(self, section: Section) -> Element | None:
        kids = [self.heading(section, section.heading, section.level), self.leaf("P", section, "short")]
        for block in section.blocks:
            kids.append(self.block(block, section.level + 1))
        return self.sect(kids, lang=section.lang)

    def block(self, block: object, level: int) -> Element | None:
        if isinstance(block, Paragraph):
            return self.leaf("P", block)
        if isinstance(block, BulletList):
            items = [self.list_item(block, index) for index in range(len(block.items))]
            present: list[Element | tuple[int, int] | Annotation] = [item for item in items if item is not None]
            return Element("L", present) if present else None
        if isinstance(block, Contacts):
            return self.contacts(block, level)
        if isinstance(block, Services):
            return self.services(block, level)
        return None

    def list_item(self, block: BulletList, index: int) -> Element | None:
        recording = self.recording(block, index)
        if recording is None or not recording.content:
            return None
        kids: list[Element | tuple[int, int] | Annotation] = []
        if recording.label:
            kids.append(Element("Lbl", list(recording.label)))
        body = Element("LBody", list(recording.content))
        body.kids += [Element("Link", [annotation]) for annotation in recording.annotations]
        kids.append(body)
        return Element("LI", kids)

    def contacts(self, contacts: Contacts, level: int) -> Element | None:
        kids = [self.heading(contacts, contacts.heading, level)]
        kids += [self.leaf("P", contacts, index) for index in range(len(contacts.lines))]
        kids.append(self.leaf("P", contacts, "all"))
        return self.sect(kids)

    def services(self, services: Services, level: int) -> Element | None:
        kids = [self.heading(services, services.heading, level)]
        for entry in services.entries:
            kids += self.service(entry, level + 1)
        return self.sect(kids)

    def service(self, entry: ServiceEntry, level: int) -> list[Element | None]:
        kids = [self.leaf(f"H{min(level, 6)}", entry, "name")]
        if entry.summary:
            kids.append(self.leaf("P", entry, "summary"))
        if entry.who_for:
            kids.append(self.leaf("P", entry, "who_for"))
        for contact in contacts_of(entry):
            link = self.leaf("Link", contact.link)
            kids.append(Element("P", [link]) if link else None)
            kids.append(self.leaf("P", contact, "note"))  # the hours printed beside a number
        address = self.leaf("Link", entry, "address")
        kids.append(Element("P", [address]) if address else None)
        if entry.qr is not None:
            recording = self.recording(entry.qr)
            if recording is not None and recording.content:
                figure = Element("Figure", list(recording.content), alt=entry.qr.alt)
                kids.append(Element("Link", [figure, *recording.annotations]))
        return kids


class Name(str):
    """A PDF name (written ``/Value``)."""


class Raw(PDFObject):  # type: ignore[misc, unused-ignore]
    """A dictionary or array of the structure tree, formatted here in one go.

    A tree has hundreds of small objects; ReportLab's generic PDFDictionary formats each value
    through several calls, which made the tree cost a tenth of a leaflet's render time. Values:
    :class:`Name`, int, str (a text string), :class:`PDFObjectReference`, bytes (written as they are),
    list, another Raw.
    """

    def __init__(self, entries: dict[str, object] | list[object]) -> None:
        self.entries = entries

    def format(self, document: Any) -> bytes:
        out: list[bytes] = []
        _write(self, out, document.idToObjectNumberAndVersion)
        return b"".join(out)


_NAMES: dict[str, bytes] = {}
_KEYS: dict[str, bytes] = {}
STRUCT_ELEM, MCR, OBJR = Name("StructElem"), Name("MCR"), Name("OBJR")
_ROLES: dict[str, Name] = {}


def _role(role: str) -> Name:
    found = _ROLES.get(role)
    if found is None:
        found = _ROLES[role] = Name(role)
    return found


def _name(value: str) -> bytes:
    found = _NAMES.get(value)
    if found is None:
        found = _NAMES[value] = b"/" + value.encode("ascii")
    return found


def _write(value: object, out: list[bytes], numbers: dict[str, tuple[int, int]]) -> None:
    """Append the PDF syntax of ``value`` to ``out``: one pass, no intermediate strings per level
    (a tree is hundreds of small objects; the bytes are those the recursive form wrote)."""
    kind = type(value)
    if kind is Raw:
        entries = value.entries  # type: ignore[attr-defined]
        if type(entries) is not dict:
            _write(entries, out, numbers)
            return
        out.append(b"<<")
        for key, item in entries.items():
            prefix = _KEYS.get(key)
            if prefix is None:
                prefix = _KEYS[key] = b"/" + key.encode("ascii") + b" "
            out.append(prefix)
            _write(item, out, numbers)
        out.append(b">>")
    elif kind is bytes:  # already written (a reference)
        out.append(value)  # type: ignore[arg-type]
    elif kind is int:
        out.append(b"%d" % value)  # type: ignore[str-format]
    elif kind is Name:
        out.append(_name(value))  # type: ignore[arg-type]
    elif kind is PDFObjectReference:
        out.append(b"%d %d R" % numbers[value.name])  # type: ignore[attr-defined]
    elif kind is list:
        out.append(b"[")
        for index, item in enumerate(value):  # type: ignore[arg-type]
            if index:
                out.append(b" ")
            _write(item, out, numbers)
        out.append(b"]")
    elif kind is bool:
        out.append(b"true" if value else b"false")
    elif kind is str:
        out.append(pdf_string(value).encode("ascii"))  # type: ignore[arg-type]
    elif value is None:
        out.append(b"null")
    elif kind is Nums:
        value.write(out, numbers)  # type: ignore[attr-defined]
    else:  # subclasses: as the types they extend
        out.append(_value(value, numbers))


def _value(value: object, numbers: dict[str, tuple[int, int]]) -> bytes:
    if isinstance(value, Raw):
        out: list[bytes] = []
        _write(value, out, numbers)
        return b"".join(out)
    if isinstance(value, Name):
        return _name(value)
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, PDFObjectReference):
        return b"%d %d R" % numbers[value.name]
    if isinstance(value, list):
        return b"[" + b" ".join(_value(item, numbers) for item in value) + b"]"
    if isinstance(value, str):
        return pdf_string(value).encode("ascii")
    raise TypeError(f"cannot write {value!r} in the structure tree")


def struct_elem(role: str, parent: bytes, page: bytes | None, kids: list[bytes], alt: str | None = None,
                actual: str | None = None, lang: str | None = None) -> bytes:
    """One structure element's bytes, written in one go: what :class:`Raw` writes for
    ``{"Type": /StructElem, "S": role, "P": parent, "Pg": page, "K": kids, "Alt": ..., "ActualText":
    ..., "Lang": ...}``, each entry only if present, ``K`` a scalar for one kid, without a call per
    value. ``parent`` and ``page`` are references already written (``b"12 0 R"``), ``kids`` each
    kid already written (an MCID, a reference, an MCR or OBJR dictionary)."""
    out = [b"<</Type /StructElem/S ", _NAMES.get(role) or _name(role), b"/P ", parent]
    if page is not None:
        out += (b"/Pg ", page)
    if kids:
        out.append(b"/K " + kids[0] if len(kids) == 1 else b"/K [" + b" ".join(kids) + b"]")
    if alt:
        out += (b"/Alt ", pdf_string(alt).encode("ascii"))
    if actual:
        out += (b"/ActualText ", pdf_string(actual).encode("ascii"))
    if lang:
        out += (b"/Lang ", pdf_string(lang).encode("ascii"))
    out.append(b">>")
    return b"".join(out)


class Nums(list):  # type: ignore[type-arg]
    """The parent tree's ``Nums`` array: keys, element references (or their bytes, already
    written) and (a page's) lists of them, written as :class:`Raw` writes a list, in one loop."""

    def write(self, out: list[bytes], numbers: dict[str, tuple[int, int]]) -> None:
        items = []
        for item in self:
            kind = type(item)
            if kind is int:
                items.append(b"%d" % item)
            elif kind is bytes:  # a reference already written
                items.append(item)
            elif kind is PDFObjectReference:
                items.append(b"%d %d R" % numbers[item.name])
            else:  # a page's list: the element of each MCID (None for none), written or not
                items.append(b"[" + b" ".join([b"null" if ref is None else ref if type(ref) is bytes
                                               else b"%d %d R" % numbers[ref.name] for ref in item]) + b"]")
        out.append(b"[" + b" ".join(items) + b"]")


def register(doc: Any, obj: PDFObject, name: str | None = None) -> PDFObjectReference:
    """``doc.Reference(obj, name)`` for an object not registered yet: the next object number, named
    as ReportLab names it (``R`` and the number, unless ``name`` is given), without its checks for
    the cases that cannot arise here (a tree has a hundred objects; ``Reference`` costs three times
    this)."""
    number = doc.objectcounter + 1
    known = "R%d" % number if name is None else name
    if known in doc.idToObject or getattr(obj, "__InternalName__", None) is not None:
        return doc.Reference(obj, name)  # type: ignore[no-any-return]
    doc.objectcounter = number
    obj.__InternalName__ = known
    doc.idToObjectNumberAndVersion[known] = (number, 0)
    doc.numberToId[number] = known
    doc.idToObject[known] = obj
    return PDFObjectReference(known)


class Written(PDFObject):  # type: ignore[misc, unused-ignore]
    """An object whose bytes are known before the document is formatted (a structure element, a
    bookmark: every object it refers to has its number by then). ``TaggedDocument`` writes them
    without ReportLab's indirect-object wrapper; ReportLab's own ``format`` writes the same bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


_new_written = object.__new__  # a Written without the call to __init__ (the emitter sets its data)


class _Emitter:
    """Writes the elements as structure elements, each a :class:`Written` object whose bytes are
    known as it is emitted: every object an element refers to (its parent, its kid elements, its
    pages, its annotations) has its number by then, so nothing is left to format when the document
    is saved. (A class, not a recursive closure: a closure that calls itself is a reference cycle,
    and it held the whole document until a garbage collection.)"""

    def __init__(self, doc: Any, pages: list[PDFObjectReference], by_page: list[list[object]],
                 by_key: dict[int, object], outline: list[tuple[str, int]]) -> None:
        self.doc, self.by_page, self.by_key, self.outline = doc, by_page, by_key, outline
        self.numbers = numbers = doc.idToObjectNumberAndVersion
        self.pages = [b"%d %d R" % numbers[page.name] for page in pages]

    def emit(self, element: Element, parent: bytes) -> bytes:
        """Register ``element`` (numbered as ``register`` numbers it) and its kids; its reference."""
        doc = self.doc
        struct = _new_written(Written)  # its bytes are set below, once its kids have their numbers
        number = doc.objectcounter + 1
        name = "R%d" % number
        if name in doc.idToObject:  # what ReportLab's Reference says
            raise ValueError("redefining named object: " + repr(name))
        doc.objectcounter = number
        struct.__InternalName__ = name
        doc.idToObjectNumberAndVersion[name] = (number, 0)
        doc.numberToId[number] = name
        doc.idToObject[name] = struct
        ref = b"%d 0 R" % number
        pages = self.pages
        page = None  # the page of its first marked content: MCIDs elsewhere are written as MCRs
        kids = []
        for kid in element.kids:
            kind = type(kid)
            if kind is tuple:
                kid_page, mcid = kid  # type: ignore[misc]
                self.by_page[kid_page][mcid] = ref
                if page is None:
                    page = kid_page
                kids.append(b"%d" % mcid if kid_page == page
                            else b"<</Type /MCR/Pg %s/MCID %d>>" % (pages[kid_page], mcid))
            elif kind is Element:
                kids.append(self.emit(kid, ref))  # type: ignore[arg-type]
            else:  # an Annotation
                kids.append(b"<</Type /OBJR/Obj %d %d R/Pg %s>>" % (*self.numbers[kid.ref.name],  # type: ignore[union-attr]
                                                                  pages[kid.page]))  # type: ignore[union-attr]
                self.by_key[kid.struct_parent] = ref  # type: ignore[union-attr]
        if page is None:
            struct.data = struct_elem(element.role, parent, None, kids, element.alt, element.actual, element.lang)
            return ref
        if element.outline:
            self.outline.append((element.outline, page))
        struct.data = struct_elem(element.role, parent, pages[page], kids, element.alt, element.actual, element.lang)
        return ref


class MetadataStream(PDFStream):  # type: ignore[misc, unused-ignore]
    """The XMP packet's stream: ``PDFStream(PDFDictionary({"Type": /Metadata, "Subtype": /XML}),
    packet)``, whose bytes are a constant around the packet when no filter or encryption applies
    (ReportLab's general path copies and formats its dictionary for each document)."""

    _HEAD = b"<<\n/Length %d /Subtype /XML /Type /Metadata\n>>\nstream\n"

    def __init__(self, packet: bytes) -> None:
        super().__init__(PDFDictionary({"Type": "/Metadata", "Subtype": "/XML"}), packet)  # PDFName()s

    def format(self, document: Any) -> bytes:
        if (self.filters is None and document.defaultStreamFilters is None and type(document.encrypt) is NoEncryption
                and not rl_config.pdfMultiLine and type(self.content) is bytes):
            return self._HEAD % len(self.content) + self.content + b"endstream\n"
        return super().format(document)  # type: ignore[no-any-return]


def write_structure(canvas: TaggedCanvas) -> None:
    """Add the structure tree and the document-level entries to the canvas's PDF document."""
    marks = canvas.marks
    doc = canvas._doc
    tree = TreeBuilder(marks).document()
    root_entries: dict[str, object] = {"Type": Name("StructTreeRoot")}
    root_ref = doc.Reference(Raw(root_entries))
    by_page: list[list[object]] = [[None] * count for count in marks.mcids]
    by_key: dict[int, object] = {}
    outline: list[tuple[str, int]] = []

    emitter = _Emitter(doc, marks.pages, by_page, by_key, outline)
    root_entries["K"] = emitter.emit(tree, b"%d %d R" % doc.idToObjectNumberAndVersion[root_ref.name])
    nums = Nums()
    for key in sorted([*by_key, *marks.page_keys]):
        nums += [key, by_key[key] if key in by_key else by_page[marks.page_keys.index(key)]]
    root_entries["ParentTree"] = Raw({"Nums": nums})
    root_entries["ParentTreeNextKey"] = marks.next_key
    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = Written(b"<</Marked true>>")  # what Raw({"Marked": True}) writes
    if getattr(catalog, "ViewerPreferences", None) is None and not rl_config.pdfMultiLine:
        # What canvas.setViewerPreference("DisplayDocTitle", "true") makes ReportLab write.
        catalog.ViewerPreferences = Written(b"<<\n/DisplayDocTitle true\n>>")
    else:
        canvas.setViewerPreference("DisplayDocTitle", "true")
    info = doc.info
    packet = xmp_packet(info.title, info.author, info.subject, info.producer, catalog.Lang.s if catalog.Lang else "")
    catalog.Metadata = doc.Reference(MetadataStream(packet))
    if len(marks.pages) > 1:
        doc.outline = doc.Outlines = catalog.Outlines = SectionOutline(
            [(title, marks.pages[page]) for title, page in outline])


class SectionOutline(PDFOutlines):  # type: ignore[misc, unused-ignore]
    """The bookmarks of a document's section headings: one level, each opening its page fitted to
    the window. ReportLab's ``PDFDocument`` prepares its outline where this does (after the fonts,
    the catalog and the Info dictionary have their numbers), so the objects are numbered as
    ReportLab numbers them: the outline, then ``Outline.0``, ``Outline.1``, ... Their bytes are
    written here, in one go, rather than through the canvas's named destinations, ReportLab's
    outline tree and its generic dictionaries (about 0.1 ms a multi-page document); they are the
    bytes ReportLab writes (``tests/test_render_pdf_objects.py``). With encryption or multi-line
    output, ReportLab's own machinery writes them."""

    def __init__(self, sections: list[tuple[str, PDFObjectReference]]) -> None:
        super().__init__()
        self.sections = sections
        self.written: bytes | None = None

    def prepare(self, document: Any, canvas: Any) -> None:
        sections = self.sections
        if not sections or type(document.encrypt) is not NoEncryption or rl_config.pdfMultiLine:
            for index, (title, page) in enumerate(sections):  # what the canvas's bookmark methods do
                name = f"section-{index}"
                destination = canvas._bookmarkReference(name)
                destination.fit()
                destination.setPage(page)
                self.addOutlineEntry(name, 0, title)
            super().prepare(document, canvas)
            return
        parent = document.Reference(self)
        entries = [Written(b"") for _ in sections]
        refs = [register(document, entry, "Outline.%d" % index) for index, entry in enumerate(entries)]
        numbers = document.idToObjectNumberAndVersion
        last = len(sections) - 1
        for index, ((title, page), entry) in enumerate(zip(sections, entries)):
            values: dict[str, Any] = {"Title": PDFString(title), "Parent": parent,
                                      "Dest": b"[ %d %d R /Fit ]" % numbers[page.name]}
            if index:
                values["Prev"] = refs[index - 1]
            if index < last:
                values["Next"] = refs[index + 1]
            entry.data = _dictionary(values, document)
        self.first, self.last, self.count, self.ready = refs[0], refs[-1], len(sections), 1
        self.written = _dictionary({"Type": "/Outlines", "Count": self.count, "First": self.first,
                                    "Last": self.last}, document)

    def format(self, document: Any) -> bytes:
        if self.written is not None:
            return self.written
        return super().format(document)  # type: ignore[no-any-return]


# The names ReportLab's PDFDocument.format uses (5.1.0): TaggedDocument.format is that method with
# one branch added, and is used only while ReportLab's is still this one (else ReportLab's runs).
_FORMAT_NAMES = ('encrypt', 'prepare', 'Catalog', 'info', 'Reference', 'numberToId', 'idToObjectNumberAndVersion',
                 'idToObject', 'idToOffset', 'PDFFile', '_pdfVersion', '__accum__', 'PDFIndirectObject', 'format',
                 'rl_config', 'invariant', 'pdfComments', '__class__', '__name__', 'ascii', 'add', 'append', 'len',
                 'ValueError', 'PDFCrossReferenceTable', 'addsection', 'PDFTrailer', 'ID', 'getattr', 'sign')
_FORMAT_UNCHANGED = same_code(PDFDocument.format, _FORMAT_NAMES)


class TaggedDocument(PDFDocument):  # type: ignore[misc, unused-ignore]
    """A packgen canvas's PDF document: ReportLab's, whose final formatting writes each structure
    element and bookmark (:class:`Written`) as ``n 0 obj`` + its bytes + ``endobj`` directly, rather
    than through an indirect-object wrapper and ReportLab's generic ``format`` (about 1.3 µs an
    element; a leaflet has two hundred), and the cross-reference table in one join. Untagged
    canvases (``tagging_disabled``, for measuring) use it too, so that the comparison measures the
    tagging's objects alone. The bytes are ReportLab's (``tests/test_render_pdf_objects.py``
    formats whole documents both ways)."""

    def format(self) -> bytes:  # ReportLab 5.1.0's PDFDocument.format, with the branches above
        if not _FORMAT_UNCHANGED or type(self.encrypt) is not NoEncryption:
            return PDFDocument.format(self)  # type: ignore[no-any-return]
        self.encrypt.prepare(self)
        cat = self.Catalog
        info = self.info
        self.Reference(cat)
        self.Reference(info)
        encryptref = None
        encryptinfo = self.encrypt.info()
        if encryptinfo:
            encryptref = self.Reference(encryptinfo)
        counter = 0
        ids = []
        numbertoid = self.numberToId
        idToNV = self.idToObjectNumberAndVersion
        idToOb = self.idToObject
        idToOf = self.idToOffset
        self.__accum__ = File = PDFFile(self._pdfVersion)
        strings = File.strings
        comments = not rl_config.invariant and rl_config.pdfComments
        while True:
            counter += 1
            if counter not in numbertoid:
                break
            oid = numbertoid[counter]
            obj = idToOb[oid]
            if type(obj) is Written and not comments:  # never ends in a line break: ReportLab adds one
                IOf = b"%d %d obj\n" % idToNV[oid] + obj.data + b"\nendobj\n"
                idToOf[oid] = offset = File.offset  # what File.add does, for bytes
                File.offset = offset + len(IOf)
                strings.append(IOf)
                ids.append(oid)
                continue
            IOf = PDFIndirectObject(oid, obj).format(self)
            if comments:
                try:
                    classname = obj.__class__.__name__
                except Exception:
                    classname = ascii(obj)
                File.add("%% %s: class %s \n" % (ascii(oid), classname[:50]))
            offset = File.add(IOf)
            idToOf[oid] = offset
            ids.append(oid)
        del self.__accum__
        lno = len(numbertoid)
        if counter - 1 != lno:
            raise ValueError("counter %s doesn't match number to id dictionary %s" % (counter, lno))
        # What PDFCrossReferenceTable with one section from 0 writes, one line per object in a join
        # (ReportLab formats each line through a list it then searches and re-indexes).
        xreff = b"xref\n0 %d\n0000000000 65535 f \n" % (lno + 1) + b"".join(
            [b"%010d %05d n \n" % (idToOf[oid], idToNV[oid][1]) for oid in ids])
        xrefoffset = File.add(xreff)
        trailer = PDFTrailer(startxref=xrefoffset, Size=lno + 1, Root=self.Reference(cat), Info=self.Reference(info),
                             Encrypt=encryptref, ID=self.ID())
        trailerf = trailer.format(self)
        File.add(trailerf)
        for ds in getattr(self, "_digiSigs", []):
            ds.sign(File)
        return File.format(self)  # type: ignore[no-any-return]
