"""A meeting pack's parts merged into one PDF (pypdf): furniture, labels, bookmarks, links.

Every brief page draws its running header, footer and classification from a
form XObject of its own (`FormXob.chrome{N}`, render/pages.py). Re-numbering
a brief for the pack replaces that one form with the one render/pack.py drew
for the page: nothing of the brief is laid out again. Pages without such a
form (an annex's) get the furniture drawn over them. Copies per attendee
swap the data of one shared form, the copy mark, that every page draws.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.annotations import Link
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    RectangleObject,
    TextStringObject,
)

from policybrief.finish import destinations
from policybrief.finish import pack_structure as structure
from policybrief.finish.annexes import fit_onto

CHROME_PREFIX = "/FormXob.chrome"  # reportlab's name for the form `chrome{N}`
OWN_CHROME = NameObject("/FormXob.packchrome")  # furniture added to a page without one
COPY_MARK = NameObject("/FormXob.packcopy")


@dataclass(frozen=True)
class Label:
    """A page-label range starting at a part's first page: "/D" decimal, "/r" roman."""

    style: str | None
    prefix: str | None = None
    start: int = 1


@dataclass(frozen=True)
class Part:
    pdf: bytes
    pages: tuple[int, ...] = ()  # which of its pages (0-based); empty: all
    furniture: bytes | None = None  # one page per page taken: the chrome to put in place
    outline: str | None = None  # a bookmark on its first page
    keep_outline: bool = False  # its own bookmarks, under that one
    label: Label | None = None
    language: str | None = None  # a brief's, for its section of the structure tree
    fit: bool = False  # its pages scaled onto the first part's page (`fit: scale`)


@dataclass(frozen=True)
class LinkTo:
    page: int  # the page the link is on
    rect: tuple[float, float, float, float]
    target: int  # the page it lands on
    contents: str  # what it says (PDF/UA: every link has /Contents)


@dataclass
class Meta:
    title: str
    language: str
    creator: str
    date: str  # "D:YYYYMMDDHHmmSS+00'00'"
    bookmarks: list[tuple[str, int]] = field(default_factory=list)  # the pack's own pages


def merge(
    parts: Sequence[Part],
    links: Sequence[LinkTo],
    meta: Meta,
    copy_mark: bool,
    last: Callable[[PdfWriter], None] | None = None,
) -> bytes:
    """One PDF of `parts` in order; with `copy_mark`, every page draws the (empty) copy
    form that `copies` fills for each attendee; `last` adds to it just before it is
    written (the provenance record, when nothing else changes the PDF after)."""
    writer = PdfWriter()
    starts: list[int] = []
    # One reader per PDF: the pack's own pages come from one document in several parts,
    # and pypdf copies what they share (fonts) once only for pages of one reader.
    readers: dict[int, PdfReader] = {}
    for i, part in enumerate(parts):
        starts.append(len(writer.pages))
        if id(part.pdf) not in readers:
            readers[id(part.pdf)] = PdfReader(io.BytesIO(part.pdf))
        reader = readers[id(part.pdf)]
        _append(writer, part, reader)
        if i == 0:  # the pack's own pages come first in the bookmarks too
            for title, page in meta.bookmarks:
                writer.add_outline_item(title=title, page_number=page)
    _labels(writer, parts, starts)
    added: list[tuple[int, DictionaryObject]] = []
    for link in links:
        annotation = Link(rect=link.rect, target_page_index=link.target)
        annotation[NameObject("/Contents")] = TextStringObject(link.contents)
        added.append((link.page, writer.add_annotation(link.page, annotation)))
    sections = [
        (start, start + _count(part, readers[id(part.pdf)]), part.outline, part.language)
        for start, part in zip(starts, parts, strict=True)
        if part.outline
    ]
    structure.rebuild(writer, list(readers.values()), sections, added)
    if copy_mark:
        form = _add_form(writer, b"", DictionaryObject(), (0.0, 0.0, 1.0, 1.0))
        for each in writer.pages:
            _draw_form(writer, each, COPY_MARK, form)
    _catalog(writer, meta)
    # The forms replaced (each brief's own numbers) are referenced by nothing: out.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    if last is not None:
        last(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _append(writer: PdfWriter, part: Part, reader: PdfReader) -> None:
    start = len(writer.pages)
    taken = list(part.pages) or list(range(len(reader.pages)))
    writer.append(reader, outline_item=part.outline, pages=taken, import_outline=part.keep_outline)
    if part.furniture is not None:
        drawn = PdfReader(io.BytesIO(part.furniture))
        for k, source in enumerate(drawn.pages):
            _restamp(writer, writer.pages[start + k], source)
    if part.fit:  # after the furniture: the chrome form is scaled with the page
        moved: dict[int, Transformation] = {}
        for page in writer.pages[start:]:
            transformation = _fit(page, writer.pages[0])
            if transformation is not None and page.indirect_reference is not None:
                moved[page.indirect_reference.idnum] = transformation
        destinations.move(writer, moved)


def _fit(page: PageObject, model: PageObject) -> Transformation | None:
    """A brief's page on another page size scaled onto the pack's (`model`: its first
    page), centred: its trimmed page, so that bleed and crop marks are left out.
    Links move with it; marked content, and so the structure tree, is untouched."""
    page[NameObject("/CropBox")] = RectangleObject(page.trimbox)
    return fit_onto(page, model, grow=True)


def _count(part: Part, reader: PdfReader) -> int:
    return len(part.pages) if part.pages else len(reader.pages)


def _restamp(writer: PdfWriter, page: PageObject, drawn: PageObject) -> None:
    """The page's furniture form, replaced by `drawn` (a page of furniture in trim coordinates)."""
    resources = drawn.get("/Resources")
    res = resources.clone(writer) if resources is not None else DictionaryObject()
    box = tuple(float(v) for v in drawn.mediabox)
    contents = drawn.get_contents()
    data = contents.get_data() if contents is not None else b""
    form = _add_form(writer, data, res, box)
    xobjects = _xobjects(page)
    names = [name for name in xobjects if str(name).startswith(CHROME_PREFIX)]
    if names:
        xobjects[NameObject(names[0])] = form
    else:  # an annex page: the chrome goes on top, where the brief's overlay went
        _draw_form(writer, page, OWN_CHROME, form)


def _xobjects(page: PageObject) -> DictionaryObject:
    if "/Resources" not in page:
        page[NameObject("/Resources")] = DictionaryObject()
    resources = page["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    xobjects = resources["/XObject"].get_object()
    assert isinstance(xobjects, DictionaryObject)
    return xobjects


def _add_form(
    writer: PdfWriter, data: bytes, resources: DictionaryObject, box: tuple[float, ...]
) -> IndirectObject:
    form = DecodedStreamObject()
    form.set_data(data)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    form[NameObject("/Resources")] = resources
    return writer._add_object(form)


def _draw_form(writer: PdfWriter, page: PageObject, name: NameObject, form: IndirectObject) -> None:
    """`name` drawn over the page, at its trim box's corner, as an artifact; the page's
    own content kept in q/Q so that nothing it leaves set reaches the form."""
    _xobjects(page)[name] = form
    x, y = float(page.trimbox.left), float(page.trimbox.bottom)
    before = _stream(writer, b"q\n")
    after = _stream(writer, f"Q\nq 1 0 0 1 {x:g} {y:g} cm /Artifact BMC {name} Do EMC Q\n".encode())
    old = page.get("/Contents")
    items: list[object] = []
    if old is not None:
        got = old.get_object()
        items = list(got) if isinstance(got, ArrayObject) else [old]
    page[NameObject("/Contents")] = ArrayObject([before, *items, after])


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _labels(writer: PdfWriter, parts: Sequence[Part], starts: Sequence[int]) -> None:
    """Page labels: a range from each part that starts one (`starts`: each part's first page)."""
    ranges = [(start, p.label) for start, p in zip(starts, parts, strict=True) if p.label]
    total = len(writer.pages)
    for i, (start, label) in enumerate(ranges):
        end = ranges[i + 1][0] - 1 if i + 1 < len(ranges) else total - 1
        style = PageLabelStyle(label.style) if label.style else None
        writer.set_page_label(start, end, style, label.prefix, label.start)


def _catalog(writer: PdfWriter, meta: Meta) -> None:
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Creator": meta.creator,
            "/Producer": meta.creator + " (pypdf)",
            "/CreationDate": meta.date,
            "/ModDate": meta.date,
        }
    )
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(meta.language)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    prefs = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    root[NameObject("/ViewerPreferences")] = prefs
    # Tagged PDF: merging drops each part's structure tree; `structure.rebuild` (in
    # `merge`) makes one tree of them.


def copies(pdf: bytes, marks: bytes) -> Iterator[bytes]:
    """The pack once per page of `marks`: every page's copy form holds that page's mark.

    The merged pack is read once; each copy changes one form's data and is written."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    drawn = PdfReader(io.BytesIO(marks))
    first = _xobjects(writer.pages[0])[COPY_MARK].get_object()
    assert isinstance(first, DecodedStreamObject)  # written without a filter by `merge`
    resources = drawn.pages[0].get("/Resources")
    first[NameObject("/Resources")] = resources.clone(writer) if resources else DictionaryObject()
    first[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in drawn.pages[0].mediabox)
    for page in drawn.pages:
        contents = page.get_contents()
        first.set_data(contents.get_data() if contents is not None else b"")
        out = io.BytesIO()
        writer.write(out)
        yield out.getvalue()
