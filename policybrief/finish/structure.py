"""Annex pages in the brief's structure tree (pypdf, after `annexes.append`).

The brief's own tree is written while it is drawn (render/tagging.py). Pages
appended from annex PDFs arrive untagged (pypdf's append drops the annex's
StructTreeRoot), so each becomes one `Figure` whose alternative text says
what it is, "Annex: TITLE, page N", with its content as the Figure's marked
content: the annex's own marked content is taken out (its MCIDs would point
into a tree that is no longer there), its artifacts and the brief's footer
stamped over it stay artifacts. Its link annotations become `Link` elements
of the Figure, with `/Contents` and `/Tabs /S`, as PDF/UA wants.

A tagged annex (a StructTreeRoot, `/MarkInfo /Marked true`) keeps its own
tree instead (`carry_annex_tree`): its Document's elements, cloned as its pages
were, go into a `Sect` titled "Annex: TITLE" (with the annex's `/Lang`) at the
end of the brief's Document; its ParentTree keys move past the brief's, on its
pages and annotations too; its RoleMap, ClassMap and IDTree join the brief's.
A screen reader then reads an annexed report's headings, lists and tables as
they were, not one picture per page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from policybrief.finish.annexes import moved_rect
from policybrief.finish.pack_structure import (
    array_of,
    idnum,
    next_key,
    numbers,
    offset_keys,
    part_ids,
)


def carry_annex_tree(
    writer: PdfWriter,
    reader: PdfReader,
    part: int,
    title: str,
    moved: Mapping[int, Transformation] | None = None,
) -> bool:
    """The annex's own structure tree under the brief's, for its pages appended from
    `reader`; False (nothing changed) when the annex is untagged, or its tree is one
    that cannot be read (its pages are then Figures, as an untagged annex's). `moved`:
    how each appended page's content was fitted (writer page idnum -> transformation),
    which its elements' `/BBox` attributes follow."""
    root = writer.root_object.get("/StructTreeRoot")
    theirs = _tagged_tree(reader)
    if root is None or theirs is None:
        return False
    try:  # everything that reads the annex's tree, before anything of ours changes
        parents = theirs["/ParentTree"].get_object()
        assert isinstance(parents, DictionaryObject)  # checked by _tagged_tree
        found = numbers(parents)
        pairs = [(key, value.clone(writer)) for key, value in found]
        members = [kid.clone(writer) for kid in _top_elements(theirs)]
        elements = [m.get_object() for m in members]
        after = next_key(theirs, found)
    except (RecursionError, TypeError, ValueError, AttributeError, KeyError, AssertionError):
        return False
    if not elements or not all(isinstance(e, DictionaryObject) for e in elements):
        return False
    _move_boxes([e for e in elements if isinstance(e, DictionaryObject)], moved or {})
    tree = root.get_object()
    offset = int(tree.get("/ParentTreeNextKey", 0))
    nums = tree["/ParentTree"]["/Nums"]
    for key, value in pairs:
        nums.extend([NumberObject(key + offset), value])
    index = {idnum(p): i for i, p in enumerate(writer.pages)}
    offset_keys(writer, reader, index, offset)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(offset + after)
    _document_kids(tree).append(_annex_sect(writer, tree, reader, title, members, elements))
    _join_maps(tree, theirs)
    _join_ids(writer, tree, theirs, f"annex{part}")
    return True


def _move_boxes(elements: list[DictionaryObject], moved: Mapping[int, Transformation]) -> None:
    """Each element's layout `/BBox` (a Figure's, a Table's: where it is on its page)
    moved as its page's content was scaled and turned into the room the furniture
    leaves; an element without `/Pg` is on its parent's page."""
    if not moved:
        return
    done: set[int] = set()
    stack: list[tuple[DictionaryObject, int | None]] = [(e, None) for e in elements]
    while stack:
        element, page = stack.pop()
        if id(element) in done:
            continue
        done.add(id(element))
        pg = element.raw_get("/Pg") if "/Pg" in element else None
        page = pg.idnum if isinstance(pg, IndirectObject) else page
        for attributes in _attribute_dicts(element.get("/A")):
            box = attributes.get("/BBox")
            fitted = moved.get(page) if page is not None else None
            if fitted is not None and id(attributes) not in done and isinstance(box, ArrayObject):
                done.add(id(attributes))
                moved_box = moved_rect(box, fitted)
                attributes[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in moved_box)
        stack += [(kid, page) for kid in _element_kids(element)]


def _attribute_dicts(value: Any) -> Iterator[DictionaryObject]:
    """An element's attribute objects (`/A`: one, or an array with revision numbers)."""
    for item in array_of(value):
        found = item.get_object() if isinstance(item, IndirectObject) else item
        if isinstance(found, DictionaryObject):
            yield found


def _element_kids(element: DictionaryObject) -> Iterator[DictionaryObject]:
    for kid in array_of(element.get("/K")):
        found = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(found, DictionaryObject) and "/S" in found:  # not an MCR or OBJR
            yield found


def _document_kids(tree: DictionaryObject) -> ArrayObject:
    document = tree["/K"].get_object()
    assert isinstance(document, DictionaryObject)  # our own tree's Document element
    kids = document.get("/K")
    if not isinstance(kids, ArrayObject):
        kids = ArrayObject([] if kids is None else [document.raw_get("/K")])
        document[NameObject("/K")] = kids
    return kids


def _annex_sect(
    writer: PdfWriter,
    tree: DictionaryObject,
    reader: PdfReader,
    title: str,
    members: list[Any],
    elements: list[Any],
) -> IndirectObject:
    """A Sect "Annex: TITLE" (in the annex's language) holding its top elements."""
    sect = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Sect"),
            NameObject("/T"): TextStringObject(f"Annex: {title}"),
            NameObject("/P"): tree.raw_get("/K"),
        }
    )
    lang = reader.root_object.get("/Lang")
    if lang:
        sect[NameObject("/Lang")] = TextStringObject(str(lang))
    sect_ref = writer._add_object(sect)
    for element in elements:
        element[NameObject("/P")] = sect_ref
    sect[NameObject("/K")] = ArrayObject(members)
    return sect_ref


def _tagged_tree(reader: PdfReader) -> DictionaryObject | None:
    """The annex's StructTreeRoot when it is a tagged PDF whose tree can be carried."""
    catalog = reader.root_object
    marked = catalog.get("/MarkInfo", {}).get("/Marked", False)
    found = catalog.get("/StructTreeRoot")
    if not marked or found is None:
        return None
    tree = found.get_object()
    if not isinstance(tree, DictionaryObject) or "/K" not in tree or "/ParentTree" not in tree:
        return None
    return tree


def _top_elements(tree: DictionaryObject) -> list[IndirectObject]:
    """The elements to carry: a Document's children, or the tree's own top elements."""
    top = array_of(tree.get("/K"))
    if len(top) == 1:
        only = top[0].get_object()
        if isinstance(only, DictionaryObject) and only.get("/S") == "/Document":
            top = array_of(only.get("/K"))
    return [k for k in top if isinstance(k, IndirectObject)]


def _join_maps(tree: DictionaryObject, theirs: DictionaryObject) -> None:
    """The annex's RoleMap and ClassMap entries the brief's do not already define."""
    for name in ("/RoleMap", "/ClassMap"):
        extra = theirs.get(name)
        if extra is None:
            continue
        ours = tree.get(name)
        if ours is None:
            ours = DictionaryObject()
            tree[NameObject(name)] = ours
        ours = ours.get_object()
        assert isinstance(ours, DictionaryObject)
        for key, value in extra.get_object().items():
            if key not in ours:
                ours[NameObject(key)] = value


def _join_ids(
    writer: PdfWriter, tree: DictionaryObject, theirs: DictionaryObject, prefix: str
) -> None:
    ids = part_ids(writer, theirs, prefix)
    if not ids:
        return
    found = tree.get("/IDTree")
    names = list(found.get_object().get("/Names", [])) if found is not None else []
    pairs = [(str(names[i]), names[i + 1]) for i in range(0, len(names) - 1, 2)] + ids
    flat = ArrayObject()
    for ident, ref in sorted(pairs, key=lambda pair: pair[0]):
        flat += [TextStringObject(ident), ref]
    tree[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): flat})


def tag_annex_pages(writer: PdfWriter, pages: Sequence[tuple[PageObject, str]]) -> None:
    """Each (page, alt text) as a Figure at the end of the Document element."""
    root = writer.root_object.get("/StructTreeRoot")
    if root is None or not pages:
        return
    tree = root.get_object()
    document = tree["/K"].get_object()
    doc_ref = tree.raw_get("/K")
    kids = document.get("/K")
    if not isinstance(kids, ArrayObject):
        kids = ArrayObject([] if kids is None else [document.raw_get("/K")])
        document[NameObject("/K")] = kids
    nums = tree["/ParentTree"]["/Nums"]
    key = int(tree.get("/ParentTreeNextKey", 0))
    for page, alt in pages:
        figure = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Figure"),
                NameObject("/P"): doc_ref,
                NameObject("/Pg"): page.indirect_reference,
                NameObject("/Alt"): TextStringObject(alt),
            }
        )
        fig_ref = writer._add_object(figure)
        kids.append(fig_ref)
        mcids = _as_one_figure(page)
        figure[NameObject("/K")] = ArrayObject(NumberObject(m) for m in mcids)
        page[NameObject("/StructParents")] = NumberObject(key)
        nums.extend([NumberObject(key), ArrayObject([fig_ref] * len(mcids))])
        key += 1
        key = _links(writer, page, figure, fig_ref, nums, key, alt)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(key)


def _as_one_figure(page: PageObject) -> list[int]:
    """The page's content as the Figure's marked content, without the annex's own
    (now dangling) tags; artifacts (the footer stamped over it) stay outside the
    Figure, which is closed around them and reopened with the next MCID. Returns
    the MCIDs used."""
    contents = page.get_contents()
    if contents is None:
        return []
    mcids: list[int] = []

    def begin() -> tuple[list[object], bytes]:
        mcids.append(len(mcids))
        mark = DictionaryObject({NameObject("/MCID"): NumberObject(mcids[-1])})
        return [NameObject("/Figure"), mark], b"BDC"

    kept: list[tuple[list[object], bytes]] = [begin()]
    open_: list[str] = []  # per open sequence: "drop", "artifact" (top level) or "keep"
    for operands, op in ContentStream(contents, page.pdf).operations:
        if op in (b"BDC", b"BMC"):
            artifact = bool(operands) and str(operands[0]) == "/Artifact"
            if not artifact:
                open_.append("drop")
                continue
            top = "artifact" not in open_
            open_.append("artifact" if top else "keep")
            if top:
                kept.append(([], b"EMC"))
            kept.append((operands, op))
        elif op == b"EMC":
            what = open_.pop() if open_ else "drop"
            if what != "drop":
                kept.append((operands, op))
            if what == "artifact":
                kept.append(begin())
        else:
            kept.append((operands, op))
    kept.append(([], b"EMC"))
    stream = ContentStream(None, page.pdf)
    stream.operations = kept
    page.replace_contents(stream)
    return mcids


def _links(
    writer: PdfWriter,
    page: PageObject,
    figure: DictionaryObject,
    fig_ref: IndirectObject,
    nums: ArrayObject,
    key: int,
    alt: str,
) -> int:
    """The page's link annotations as Link elements of its Figure."""
    annots = page.get("/Annots") or []
    links = [ref for ref in annots if ref.get_object().get("/Subtype") == "/Link"]
    for ref in links:
        annot = ref.get_object()
        if not str(annot.get("/Contents", "")).strip():
            uri = annot.get("/A", {}).get("/URI")
            annot[NameObject("/Contents")] = TextStringObject(str(uri) if uri else f"Link in {alt}")
        objr = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OBJR"),
                NameObject("/Obj"): ref,
                NameObject("/Pg"): page.indirect_reference,
            }
        )
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Link"),
                NameObject("/P"): fig_ref,
                NameObject("/Pg"): page.indirect_reference,
                NameObject("/K"): ArrayObject([objr]),
            }
        )
        link_ref = writer._add_object(link)
        kids = figure["/K"]
        assert isinstance(kids, ArrayObject)  # set by tag_annex_pages
        kids.append(link_ref)
        annot[NameObject("/StructParent")] = NumberObject(key)
        nums.extend([NumberObject(key), link_ref])
        key += 1
    if annots:
        page[NameObject("/Tabs")] = NameObject("/S")
    return key
