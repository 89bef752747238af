"""Tagged PDF: the structure of the brief, written while reportlab draws it.

Every PDF make_brief writes is tagged (PDF/UA-1 and PDF/A-2a need it; screen
readers, reflow and copy-paste use it). reportlab knows nothing of tags, so:

1. Before layout, `tag_story` walks the story and gives each flowable that
   paints a structure `Node` (its `struct` attribute): `H1` title, `H2`/`H3`
   headings, `P`, `L > LI > Lbl + LBody`, `Table > THead/TBody > TR > TH/TD`,
   `Figure` with `/Alt`, the takeaways box as a `Sect`, the references as an
   `L` of `LI > LBody > BibEntry`. The nodes form a tree under one `Document`
   node, in reading order (story order: a two-column table reads row by row).
2. While drawing, a flowable with a node wraps its ink in marked content
   (`/P <</MCID 3>> BDC ... EMC`) and its node records `(page, MCID)`; both
   parts of a split share the node, so a paragraph over two pages is one `P`
   with one MCID on each page. Everything else that paints (page header and
   footer, watermark, crop marks, table rules and backgrounds, the title
   band's colour, a header row repeated on a later page) is drawn inside
   `artifact(canv)`.
3. At save, `write_tree` turns the log into the StructTreeRoot, ParentTree,
   `/StructParents` on pages and `/StructParent` + OBJR for link annotations,
   inside reportlab's own document (no pypdf pass: a default build pays
   about a millisecond, not the 20 ms of re-reading and re-writing the PDF).

Tagging a new flowable (the whole API):

- A flowable that paints content: inherit `Tagged` first
  (`class Chart(Tagged, Flowable)`) and give it a node, either in `__init__`
  (`self.struct = Node("Figure", alt="Chart: ...")`) or with
  `tag(flowable, "Figure", alt=...)`. `tag_story` keeps a node that is
  already set and places it in the tree where the flowable stands.
- A container that draws other flowables (a caption Paragraph under a
  drawing): give the container a grouping node and its parts child nodes,
  `fig = Node("Figure", alt=...)`, `caption.struct = fig.add("Caption")`;
  grouping nodes get no MCID, only the leaves that draw do (leaves never nest:
  a leaf drawn inside another closes it and reopens it after).
- Ink that is not content (frames, rules, backgrounds): draw it inside
  `with artifact(self.canv): ...`.
- A data table: use `RowTable` (its rules and backgrounds are artifacts
  already) and call `data_table(table, header_rows=1)` before layout: cells
  become `TH` (`/Scope /Column`) and `TD`, and the header repeated on a later
  page is an artifact. A table without it is a layout table: its cells'
  flowables are tagged as if they stood in the text.
- Split parts must keep the node: our `Paragraph` and `RowTable` do; a
  flowable of yours that splits copies `struct` onto its parts.

A hyphen that hyphenation put at a line end is drawn inside
`/Span <</ActualText <FEFF00AD>>> BDC (-) Tj EMC` (`HyphenText`, used by our
`Paragraph`): read as a soft hyphen, the word reads whole ("regarding", not
"re- garding"), while a hyphen the text has is read as one. The Span is marked
content with a property list, not a structure element: it sits inside the
paragraph's MCID and the tree does not change.

`tests/structure.py` checks the invariants on every PDF the tests build.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen import textobject
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

TH_SCOPE = {"Scope": "Column"}


@dataclass(eq=False)
class Node:
    """A structure element: its role, what it holds, and where its ink is."""

    role: str
    alt: str | None = None
    lang: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)  # /A owner /Table, e.g. Scope
    children: list[Node | Link] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    kind: str = ""  # for tag_story: "refs" for the reference list
    ident: str | None = None  # the element's /ID (a footnote's Note: PDF/UA-1 7.9)

    def add(self, role: str, **kw: Any) -> Node:
        child = Node(role, **kw)
        self.children.append(child)
        return child


@dataclass(eq=False)
class Link:
    """A link annotation inside a node: a `Link` element with an OBJR to it."""

    annotation: Any  # reportlab's PDFDictionary of the annotation
    ref: Any  # its PDFObjectReference
    page: int


class Log:
    """The structure of one document while it is drawn (the canvas holds it)."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._mcids: dict[int, int] = {}  # next MCID per page index
        self._open: list[Node | None] = []  # None: an artifact
        self.links: list[Link] = []

    def begin(self, canv: Canvas, node: Node) -> None:
        code = canv._code  # type: ignore[attr-defined]  # reportlab's page code list
        if None in self._open:  # inside an artifact: all of it is artifact
            self._open.append(node)
            return
        if self._open:  # leaves never nest: suspend the open one
            code.append("EMC")
        self._open.append(node)
        self._mark(canv, node)

    def end(self, canv: Canvas) -> None:
        self._open.pop()
        if None in self._open:
            return
        code = canv._code  # type: ignore[attr-defined]
        code.append("EMC")
        if self._open:  # resume the suspended leaf with a new MCID
            outer = self._open[-1]
            assert outer is not None
            self._mark(canv, outer)

    def _mark(self, canv: Canvas, node: Node) -> None:
        page = canv.getPageNumber() - 1
        mcid = self._mcids.get(page, 0)
        self._mcids[page] = mcid + 1
        node.marks.append((page, mcid))
        canv._code.append(f"/{node.role} <</MCID {mcid}>> BDC")  # type: ignore[attr-defined]

    def begin_artifact(self, canv: Canvas) -> None:
        code = canv._code  # type: ignore[attr-defined]
        if None not in self._open:
            if self._open:
                code.append("EMC")
            code.append("/Artifact BMC")
        self._open.append(None)

    def end_artifact(self, canv: Canvas) -> None:
        self._open.pop()
        if None in self._open:
            return
        canv._code.append("EMC")  # type: ignore[attr-defined]
        if self._open:
            outer = self._open[-1]
            assert outer is not None
            self._mark(canv, outer)

    def holder(self) -> Node:
        """The element whose content is being drawn now (the root between elements)."""
        return next((n for n in reversed(self._open) if n is not None), self.root)

    def link(self, annotation: Any, ref: Any, page: int) -> None:
        """A link annotation drawn now: a `Link` in the node being drawn."""
        link = Link(annotation, ref, page)
        self.links.append(link)
        self.holder().children.append(link)


def log_of(canv: Canvas) -> Log | None:
    found: Log | None = getattr(canv, "structure", None)
    return found


@contextlib.contextmanager
def artifact(canv: Canvas) -> Iterator[None]:
    """Ink that is not content (furniture, rules, backgrounds)."""
    log = log_of(canv)
    if log is None:  # a canvas without a log (page overlays): mark it all the same
        canv._code.append("/Artifact BMC")  # type: ignore[attr-defined]
        yield
        canv._code.append("EMC")  # type: ignore[attr-defined]
        return
    log.begin_artifact(canv)
    try:
        yield
    finally:
        log.end_artifact(canv)


class Tagged:
    """Mixin (first base) for flowables: drawing wraps the ink in the node's marked content."""

    struct: Node | None = None

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        node = self.__dict__.get("struct")
        log = log_of(canvas)
        if node is None or log is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        log.begin(canvas, node)
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        finally:
            log.end(canvas)


def tag(flowable: Flowable, role: str, **kw: Any) -> Flowable:
    """Give `flowable` (a `Tagged` one) its own node; `tag_story` places it."""
    flowable.struct = Node(role, **kw)  # type: ignore[attr-defined]
    return flowable


def data_table(table: Flowable, header_rows: int = 1, caption_rows: int = 0) -> Flowable:
    """Mark a RowTable as a data table: its first `caption_rows` rows the table's
    `Caption`, TH for the rows after them up to `header_rows` (counted from the top,
    captions included: reportlab's repeatRows), TD below."""
    table.struct_header_rows = header_rows  # type: ignore[attr-defined]
    table.struct_caption_rows = caption_rows  # type: ignore[attr-defined]
    return table


def keep_struct(source: Flowable, parts: Sequence[Flowable]) -> None:
    """The parts of a split share the node of what was split (one element, many pages)."""
    node = source.__dict__.get("struct")
    if node is None:
        return
    for part in parts:
        if "struct" not in part.__dict__:
            part.__dict__["struct"] = node


class _TaggedBullet:
    """A list bullet drawn by reportlab's LIIndenter, as the item's `Lbl`."""

    def __init__(self, bullet: Any, node: Node) -> None:
        self._bullet = bullet
        self._node = node

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_bullet", "_node"):  # copying, unpickling
            raise AttributeError(name)
        return getattr(self._bullet, name)

    def drawOn(self, indenter: Any, canv: Canvas, x: float, y: float, _sW: float = 0) -> None:
        log = log_of(canv)
        if log is None:
            self._bullet.drawOn(indenter, canv, x, y, _sW)
            return
        log.begin(canv, self._node)
        try:
            self._bullet.drawOn(indenter, canv, x, y, _sW)
        finally:
            log.end(canv)


class TableTags:
    """Table(renderCB=...): backgrounds and rules are artifacts, and so is a
    header row repeated at the top of a later page (the reader met it once)."""

    def __call__(self, table: Any, cmd: str, *args: Any) -> None:
        canv = table.canv
        log = log_of(canv)
        if log is None:
            return
        if cmd in ("startBG", "startLines"):
            log.begin_artifact(canv)
        elif cmd in ("endBG", "endLines"):
            log.end_artifact(canv)
        elif cmd == "startCell" and _repeated(table, args[0]):
            log.begin_artifact(canv)
        elif cmd == "endCell" and getattr(table, "_tags_in_repeat", False):
            log.end_artifact(canv)
        if cmd == "startCell":
            table._tags_in_repeat = _repeated(table, args[0])

    def __deepcopy__(self, memo: Any) -> TableTags:
        return self


def _repeated(table: Any, row: int) -> bool:
    return bool(getattr(table, "repeated_head", False)) and row < table.repeatRows


# ISO 32000-1 14.8.2.2.3: in Tagged PDF the hyphen of an incidental word division
# "shall be represented by a soft hyphen character" (U+00AD), here by ActualText (a
# text string: UTF-16BE, PDFDocEncoding has no soft hyphen). A soft hyphen rather
# than an empty ActualText: it draws nothing and copies as nothing, and a reader
# still knows the word goes on past the line's end (an empty one reads "re" and
# "garding" as two words). Readers that honour ActualText get it (poppler's
# pdftotext ends such a line with U+00AD); one that does not (pypdf; PDF.js,
# mozilla/pdf.js#12237) reads the hyphen drawn, as before.
HYPHEN_SPAN = "/Span <</ActualText <FEFF00AD>>> BDC"


_TextObject: Any = textobject.PDFTextObject  # its _textOut, _code, _formatText: not in the stubs


class HyphenText(_TextObject):  # type: ignore[misc]
    """A paragraph's text object that draws the inserted hyphen at the end of the lines
    in `hyphens` (line index -> the text that ends the line, or None for a paragraph of
    one fragment, whose line is one string) inside a `HYPHEN_SPAN`.

    reportlab draws each line's text with `_textOut`, the last piece of a line with
    `TStar` (the move to the next line), so lines are counted by it."""

    def __init__(self, canvas: Canvas, x: float, y: float, hyphens: dict[int, Any]) -> None:
        super().__init__(canvas, x, y)
        self._hyphens = hyphens
        self._line = 0

    def _textOut(self, text: str, TStar: int = 0) -> None:  # reportlab's names
        line = self._line
        if TStar:
            self._line = line + 1
        if line not in self._hyphens:
            super()._textOut(text, TStar)
            return
        end = self._hyphens[line]
        kept = text.rstrip()
        if not kept.endswith("-") or not (text is end if end is not None else TStar):
            super()._textOut(text, TStar)
            return
        code = self._code
        if len(kept) > 1:
            code.append(self._formatText(kept[:-1]))
        code.append(HYPHEN_SPAN)
        code.append(self._formatText("-"))
        code.append("EMC")
        rest = text[len(kept) :]
        if rest:
            code.append(self._formatText(rest))
        if TStar:
            code.append("T*")


# --- the story walk ----------------------------------------------------------------


@dataclass
class Roles:
    """What `tag_story` needs to know of the brief: styles by role, alt texts."""

    title: Any  # ParagraphStyle of the title (H1)
    box_title: Any  # the takeaways box title (H2)
    table_head: Any  # a data table's header cells
    reference: Any  # a reference-list entry
    logo_alt: str = "Logo"


def tag_story(story: Sequence[Flowable], roles: Roles, root: Node) -> None:
    """Give every flowable of `story` that paints its node under `root`, in order."""
    for flowable in story:
        _tag(flowable, root, roles)


def _tag(f: Any, parent: Node, roles: Roles) -> None:
    from reportlab.platypus import KeepTogether, ListFlowable, Table

    from policybrief.render.images import Sized
    from policybrief.render.paragraph import Heading, Paragraph
    from policybrief.render.title import TitleBand

    preset = f.__dict__.get("struct") if hasattr(f, "__dict__") else None
    if preset is not None:
        parent.children.append(preset)
        return
    if isinstance(f, Heading):
        f.struct = parent.add(f"H{min(f.outline_level + 2, 6)}")
    elif isinstance(f, Paragraph):
        _paragraph(f, parent, roles)
    elif isinstance(f, TitleBand):
        for inner in f.content:
            _tag(inner, parent, roles)
    elif isinstance(f, KeepTogether):
        for inner in f._content:  # type: ignore[attr-defined]  # not in the stubs
            _tag(inner, parent, roles)
    elif isinstance(f, ListFlowable):
        _list(f, parent, roles)
    elif isinstance(f, Table):
        _table(f, parent, roles)
    elif isinstance(f, Sized):
        f.struct = parent.add("Figure", alt=roles.logo_alt)
    elif isinstance(f, Tagged) and getattr(f, "value", None) is not None:  # a QR code
        f.struct = parent.add("Figure", alt=str(getattr(f, "value", "")))


def _paragraph(f: Any, parent: Node, roles: Roles) -> None:
    if f.style is roles.title:
        f.struct = parent.add("H1")
    elif f.style is roles.box_title:
        f.struct = parent.add("H2")
    elif f.style is roles.reference:
        f.struct = _entry(parent).add("BibEntry")
    else:
        f.struct = parent.add("P")


def _entry(parent: Node) -> Node:
    """A new `LI > LBody` in the reference list (which the first entry opens)."""
    last = parent.children[-1] if parent.children else None
    if not (isinstance(last, Node) and last.kind == "refs"):
        last = parent.add("L", kind="refs")
    return last.add("LI").add("LBody")


def _list(f: Any, parent: Node, roles: Roles) -> None:
    """`L > LI > Lbl + LBody` from reportlab's LIIndenters (a list that was wrapped has
    dropped its items: they live on only as indenters, a bullet on each item's first)."""
    node = parent.add("L")
    body: Node | None = None
    for indenter in f._content:
        bullet = indenter.__dict__.get("_bullet")
        if isinstance(bullet, _TaggedBullet):  # tagged before: keep reportlab's own
            bullet = bullet._bullet
        if body is None or bullet is not None:
            li = node.add("LI")
            if bullet is not None and getattr(bullet, "value", None):
                indenter._bullet = _TaggedBullet(bullet, li.add("Lbl"))
            body = li.add("LBody")
        _tag(indenter.__dict__.get("_flowable", indenter), body, roles)


def _table(f: Any, parent: Node, roles: Roles) -> None:
    rows = f._cellvalues
    heads = getattr(f, "struct_header_rows", None)
    if heads is None and rows and all(_style_of(c) is roles.table_head for c in rows[0]):
        heads = 1
    if heads is not None:
        table = parent.add("Table")
        captions = getattr(f, "struct_caption_rows", 0)
        if captions:
            caption = table.add("Caption")
            for row in rows[:captions]:
                for cell in row:
                    for inner in cell_flowables(cell):
                        _tag(inner, caption, roles)
        head = table.add("THead") if heads > captions else None
        body = table.add("TBody")
        for r, row in enumerate(rows):
            if r < captions:
                continue
            tr = (head if head is not None and r < heads else body).add("TR")
            for cell in row:
                node = tr.add("TH", attrs=dict(TH_SCOPE)) if r < heads else tr.add("TD")
                for inner in cell_flowables(cell):
                    _tag(inner, node, roles)
        return
    if rows and _style_of(rows[0][0]) is roles.box_title:  # the takeaways box
        box = parent.add("Sect")
        for inner in cell_flowables(rows[0][0]):
            _tag(inner, box, roles)
        points = box.add("L")
        for row in rows[1:]:
            body = points.add("LI").add("LBody")
            for cell in row:
                for inner in cell_flowables(cell):
                    _tag(inner, body, roles)
        return
    if len(rows) == 1 and rows[0] and _style_of(rows[0][0]) is roles.reference:
        entry = _entry(parent)  # a reference with its QR code beside it
        for cell in rows[0]:
            for inner in cell_flowables(cell):
                if _style_of(inner) is roles.reference:
                    inner.struct = entry.add("BibEntry")
                else:
                    _tag(inner, entry, roles)
        return
    for row in rows:  # a layout table: its content as if it stood in the text
        for cell in row:
            for inner in cell_flowables(cell):
                _tag(inner, parent, roles)


def cell_flowables(cell: Any) -> list[Any]:
    """The flowables of a table cell (reportlab takes one, a list, or a string)."""
    if isinstance(cell, list | tuple):
        return [c for c in cell if isinstance(c, Flowable)]
    return [cell] if isinstance(cell, Flowable) else []


def _style_of(cell: Any) -> Any:
    first = cell_flowables(cell)
    return getattr(first[0], "style", None) if first else None


# --- the canvas and the tree --------------------------------------------------------


class TaggingCanvas(Canvas):
    """A canvas that logs link annotations into the structure and writes the tree at save.

    `structure` is set by the document before drawing; without it this is a
    plain Canvas.
    """

    structure: Log | None = None
    describe_destination: Any = staticmethod(lambda name: name)  # "ref-3" -> "Reference 3"

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kw: Any) -> Any:
        if _no_width(args[0] if args else kw.get("Rect")):
            return None
        # PDF/UA: every link says where it goes in /Contents.
        shown = contents or self.describe_destination(destinationname)
        return super().linkRect(shown, destinationname, *args, **kw)

    def linkURL(self, url: str, rect: Any, *args: Any, **kw: Any) -> None:
        from reportlab.pdfbase.pdfdoc import PDFString

        if _no_width(rect):
            return
        kw.setdefault("Contents", PDFString(url))
        super().linkURL(url, rect, *args, **kw)

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:
        from reportlab.pdfbase.pdfdoc import Annotation

        log = self.structure
        if log is None or not addtopage:
            super()._addAnnotation(annotation, name, addtopage)  # type: ignore[misc]
            return
        if isinstance(annotation, Annotation):  # its fixed key list has no /StructParent
            annotation = annotation.Dict()
        super()._addAnnotation(annotation, name, addtopage)  # type: ignore[misc]
        ref = self._annotationrefs[-1]  # type: ignore[attr-defined]
        log.link(annotation, ref, self.getPageNumber() - 1)

    def save(self) -> None:
        if self.structure is not None:
            write_tree(self, self.structure)
        super().save()


def _no_width(rect: Any) -> bool:
    """A link box of no width: reportlab gives a link that starts a line (a URL moved
    whole to the next one) a box at the end of the line before, holding nothing, which
    an accessibility checker reports as a link with no text."""
    if not isinstance(rect, (tuple, list)) or len(rect) != 4:
        return False
    return abs(float(rect[2]) - float(rect[0])) < 0.5


def write_tree(canv: Canvas, log: Log) -> None:
    """StructTreeRoot, ParentTree, /StructParents and /Tabs, into reportlab's document."""
    _TreeWriter(canv._doc).write(log)  # type: ignore[attr-defined]  # reportlab's PDFDocument


class _TreeWriter:
    """The log as reportlab PDF objects; registered in tree order, so rebuilds are identical."""

    def __init__(self, doc: Any) -> None:
        from reportlab.pdfbase import pdfdoc

        self.pdf = pdfdoc
        self.doc = doc
        self.pages = doc.Pages.pages
        self.page_refs = [doc.Reference(p) for p in self.pages]
        self.by_page: dict[int, dict[int, Any]] = {}  # page -> MCID -> element ref
        self.annots: list[tuple[Any, Any]] = []  # (annotation dict, Link element ref)
        self.ids: dict[str, Any] = {}  # element /ID -> its ref, for the IDTree

    def write(self, log: Log) -> None:
        pdf, doc = self.pdf, self.doc
        root = pdf.PDFDictionary({"Type": pdf.PDFName("StructTreeRoot")})
        top = self.element(log.root, doc.Reference(root))
        if top is not None:
            root["K"] = top
        nums: list[Any] = []
        with_annots = {link.page for link in log.links}
        for index, page in enumerate(self.pages):
            marks = self.by_page.get(index)
            if marks or index in with_annots:
                page.__NoDefault__ = [*pdf.PDFPage.__NoDefault__, "StructParents", "Tabs"]
            if marks:
                page.StructParents = index
                nums += [index, pdf.PDFArray([marks[m] for m in sorted(marks)])]
            if index in with_annots:
                page.Tabs = pdf.PDFName("S")  # tab order follows the structure (PDF/UA)
        key = len(self.pages)
        for annotation, ref in self.annots:
            annotation["StructParent"] = key
            nums += [key, ref]
            key += 1
        root["ParentTree"] = pdf.PDFDictionary({"Nums": pdf.PDFArray(nums)})
        if self.ids:  # required once any element has an /ID (ISO 32000-1 14.7.2)
            names: list[Any] = []
            for ident in sorted(self.ids):
                names += [pdf.PDFString(ident), self.ids[ident]]
            root["IDTree"] = pdf.PDFDictionary({"Names": pdf.PDFArray(names)})
        root["ParentTreeNextKey"] = key
        doc.Catalog.StructTreeRoot = root
        doc.Catalog.MarkInfo = pdf.PDFDictionary({"Marked": "true"})

    def element(self, node: Node, parent_ref: Any) -> Any | None:
        pdf = self.pdf
        node = _flattened(node)
        kept = [c for c in node.children if isinstance(c, Link) or _has_ink(c)]
        if not node.marks and not kept and node.role not in ("TH", "TD"):
            return None
        d = pdf.PDFDictionary({"Type": pdf.PDFName("StructElem"), "S": pdf.PDFName(node.role)})
        ref = self.doc.Reference(d)
        d["P"] = parent_ref
        kids = self.content(node, ref, d)
        for child in kept:
            kid = self.link(child, ref) if isinstance(child, Link) else self.element(child, ref)
            if kid is not None:
                kids.append(kid)
        if kids:
            d["K"] = pdf.PDFArray(kids)
        if node.alt is not None:
            d["Alt"] = pdf.PDFString(node.alt)
        if node.lang:
            d["Lang"] = pdf.PDFString(node.lang)
        if node.ident:
            d["ID"] = pdf.PDFString(node.ident)
            self.ids[node.ident] = ref
        if node.attrs:
            attrs = {k: pdf.PDFName(v) for k, v in node.attrs.items()}
            d["A"] = pdf.PDFDictionary({"O": pdf.PDFName("Table"), **attrs})
        return ref

    def content(self, node: Node, ref: Any, d: Any) -> list[Any]:
        """The node's MCIDs: numbers on its own page (/Pg), marked-content refs elsewhere."""
        pdf = self.pdf
        if not node.marks:
            return []
        first = node.marks[0][0]
        d["Pg"] = self.page_refs[first]
        kids: list[Any] = []
        for page, mcid in node.marks:
            self.by_page.setdefault(page, {})[mcid] = ref
            if page == first:
                kids.append(mcid)
            else:
                mcr = {"Type": pdf.PDFName("MCR"), "Pg": self.page_refs[page], "MCID": mcid}
                kids.append(pdf.PDFDictionary(mcr))
        return kids

    def link(self, link: Link, parent_ref: Any) -> Any:
        pdf = self.pdf
        page = self.page_refs[link.page]
        objr = pdf.PDFDictionary({"Type": pdf.PDFName("OBJR"), "Obj": link.ref, "Pg": page})
        d = pdf.PDFDictionary(
            {
                "Type": pdf.PDFName("StructElem"),
                "S": pdf.PDFName("Link"),
                "P": parent_ref,
                "Pg": page,
                "K": pdf.PDFArray([objr]),
            }
        )
        ref = self.doc.Reference(d)
        self.annots.append((link.annotation, ref))
        return ref


_HOLDERS = ("TD", "TH", "LBody")  # may hold their text themselves (ISO 32000-1 14.8.4)


def _flattened(node: Node) -> Node:
    """A cell or list body whose only content is one paragraph holds its text itself:
    the same reading, a third fewer objects to write and for pypdf passes to read."""
    if node.role not in _HOLDERS or node.marks or len(node.children) != 1:
        return node
    only = node.children[0]
    if not isinstance(only, Node) or only.role != "P" or only.alt or only.lang:
        return node
    if any(isinstance(c, Node) for c in only.children):
        return node
    return Node(node.role, node.alt, node.lang, node.attrs, list(only.children), only.marks)


def _has_ink(node: Node) -> bool:
    if node.marks or node.role in ("TH", "TD"):
        return True
    return any(isinstance(c, Link) or _has_ink(c) for c in node.children)
