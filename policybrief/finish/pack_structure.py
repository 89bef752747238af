"""One structure tree for a merged meeting pack (pypdf).

`PdfWriter.append` drops each part's StructTreeRoot (see the tagged-PDF notes),
while the pages keep their marked content and `/StructParents` keys, and the
structure elements, cloned from the same reader, map onto the pages appended.
So each part's Document children are cloned and put, in page order, under one
Document (a brief's under a `Sect` titled with its tab); each part's
ParentTree keys are offset past the previous parts', on its pages and
annotations too. MCIDs are per page and stay as they are. The contents
page's links, added after the merge, get `Link` elements of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

# First page, page after the last, title (a tab), language (the brief's: the pack's
# catalog says the pack's own, and a brief in another language says so on its section).
Section = tuple[int, int, str, str | None]


def rebuild(
    writer: PdfWriter,
    readers: Sequence[PdfReader],
    sections: Sequence[Section],
    links: Sequence[tuple[int, DictionaryObject]],
) -> None:
    """`readers`: the parts' documents, each appended whole (in one or several runs)."""
    index = {idnum(page): i for i, page in enumerate(writer.pages)}
    nums: list[Any] = []
    kids: list[tuple[int, int, IndirectObject]] = []  # (page, order, element)
    key = 0
    ids: list[tuple[str, Any]] = []
    for part, reader in enumerate(readers, start=1):
        root = reader.root_object.get("/StructTreeRoot")
        if root is None:
            continue
        tree = root.get_object()
        ids += part_ids(writer, tree, str(part))
        offset = key
        pairs = numbers(tree["/ParentTree"].get_object())
        for k, value in pairs:
            nums += [NumberObject(k + offset), value.clone(writer)]
        key = offset + next_key(tree, pairs)
        offset_keys(writer, reader, index, offset)
        if "/K" not in tree:  # only blank pages: all artifacts
            continue
        document = tree["/K"].get_object()
        for kid in array_of(document.get("/K")):
            cloned = kid.clone(writer)
            element = cloned.get_object() if isinstance(cloned, IndirectObject) else None
            if isinstance(cloned, IndirectObject) and isinstance(element, DictionaryObject):
                kids.append((_first_page(element, index), len(kids), cloned))
    if not kids:
        return
    top = DictionaryObject({NameObject("/Type"): NameObject("/StructElem")})
    top[NameObject("/S")] = NameObject("/Document")
    top_ref = writer._add_object(top)
    for page, annotation in links:
        element = _link(writer, top_ref, page, annotation)
        annotation[NameObject("/StructParent")] = NumberObject(key)
        nums += [NumberObject(key), element]
        writer.pages[page][NameObject("/Tabs")] = NameObject("/S")
        kids.append((page, len(kids) + 10**6, element))
        key += 1
    top[NameObject("/K")] = _grouped(writer, sorted(kids), sections, top_ref)
    tree_root = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): top_ref,
            NameObject("/ParentTree"): DictionaryObject({NameObject("/Nums"): ArrayObject(nums)}),
            NameObject("/ParentTreeNextKey"): NumberObject(key),
        }
    )
    if ids:  # footnotes' Notes (PDF/UA-1 7.9): one IDTree for the pack
        names = ArrayObject()
        for ident, ref in sorted(ids, key=lambda pair: pair[0]):
            names += [TextStringObject(ident), ref]
        tree_root[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): names})
    top[NameObject("/P")] = writer._add_object(tree_root)
    catalog = writer.root_object
    catalog[NameObject("/StructTreeRoot")] = top[NameObject("/P")]
    marked = DictionaryObject({NameObject("/Marked"): _true()})
    catalog[NameObject("/MarkInfo")] = marked


def numbers(node: DictionaryObject, depth: int = 0) -> list[tuple[int, Any]]:
    """A number tree's (key, value) pairs, its /Kids walked (at most 32 deep)."""
    out: list[tuple[int, Any]] = []
    flat = node.get("/Nums") or []
    for i in range(0, len(flat) - 1, 2):
        out.append((int(flat[i]), flat[i + 1]))
    if depth < 32:
        for kid in node.get("/Kids") or []:
            out += numbers(kid.get_object(), depth + 1)
    return out


def next_key(tree: DictionaryObject, pairs: list[tuple[int, Any]]) -> int:
    """The first ParentTree key after a tree's `pairs` (its /ParentTreeNextKey, or past
    its last key when that is missing or too low)."""
    last = max((k for k, _ in pairs), default=-1)
    return max(int(tree.get("/ParentTreeNextKey", 0)), last + 1)


def part_ids(writer: PdfWriter, tree: DictionaryObject, prefix: str) -> list[tuple[str, Any]]:
    """The part's element IDs (its IDTree), made unique in the pack by the part's number:
    "fn-1" of the second brief becomes "2-fn-1", on the element (cloned as its kids are)
    and in the pack's IDTree."""
    found = tree.get("/IDTree")
    names = list(found.get_object().get("/Names", ())) if found is not None else []
    out: list[tuple[str, Any]] = []
    for i in range(0, len(names) - 1, 2):
        ref = names[i + 1].clone(writer)
        ident = f"{prefix}-{names[i]}"
        ref.get_object()[NameObject("/ID")] = TextStringObject(ident)
        out.append((ident, ref))
    return out


def idnum(page: Any) -> int:
    ref = page.indirect_reference
    assert ref is not None  # every page of a document is an indirect object
    return int(ref.idnum)


def _true() -> Any:
    from pypdf.generic import BooleanObject

    return BooleanObject(True)


def array_of(value: Any) -> list[Any]:
    if value is None:
        return []
    got = value.get_object() if isinstance(value, IndirectObject) else value
    return list(got) if isinstance(got, ArrayObject) else [value]


def _first_page(element: DictionaryObject, index: dict[int, int]) -> int:
    """The page (of the pack) where an element's first ink is."""
    if "/Pg" in element:
        return index.get(element.raw_get("/Pg").idnum, 1 << 30)
    for kid in array_of(element.get("/K")):
        obj = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(obj, DictionaryObject):
            found = _first_page(obj, index)
            if found < 1 << 30:
                return found
    return 1 << 30


def offset_keys(writer: PdfWriter, reader: PdfReader, index: dict[int, int], offset: int) -> None:
    """The reader's pages, as appended: their ParentTree keys (which `append` drops from
    the page) set again, moved past the earlier parts' keys; their annotations' too."""
    mapping = writer._id_translated.get(id(reader), {})
    for page in reader.pages:
        new = mapping.get(idnum(page))
        if new is None or new not in index:
            continue
        target = writer.get_object(new)
        assert isinstance(target, DictionaryObject)
        if "/StructParents" in page:
            value = int(page["/StructParents"]) + offset  # type: ignore[call-overload]
            target[NameObject("/StructParents")] = NumberObject(value)
        for annot in array_of(target.get("/Annots")):
            obj = annot.get_object()
            if "/StructParent" in obj:
                source = _source_of(annot, mapping, reader)
                base = (
                    int(source["/StructParent"])
                    if source is not None
                    else int(obj["/StructParent"])
                )
                obj[NameObject("/StructParent")] = NumberObject(base + offset)


def _source_of(annot: Any, mapping: dict[Any, Any], reader: PdfReader) -> Any:
    """The reader's annotation that `annot` (in the writer) was cloned from."""
    if not isinstance(annot, IndirectObject):
        return None
    for old, new in mapping.items():
        if new == annot.idnum:
            return reader.get_object(old)
    return None


def _link(
    writer: PdfWriter, parent: IndirectObject, page: int, annotation: DictionaryObject
) -> IndirectObject:
    page_ref = writer.pages[page].indirect_reference
    objr = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OBJR"),
            NameObject("/Obj"): annotation.indirect_reference,
            NameObject("/Pg"): page_ref,
        }
    )
    element = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Link"),
            NameObject("/P"): parent,
            NameObject("/Pg"): page_ref,
            NameObject("/K"): ArrayObject([objr]),
        }
    )
    return writer._add_object(element)


def _grouped(
    writer: PdfWriter,
    kids: list[tuple[int, int, IndirectObject]],
    sections: Sequence[Section],
    top: IndirectObject,
) -> ArrayObject:
    """The Document's children: each tab's elements in a `Sect` with its title."""
    out = ArrayObject()
    open_sect: tuple[Section, ArrayObject] | None = None
    for page, _, ref in kids:
        section = next((s for s in sections if s[0] <= page < s[1]), None)
        element = ref.get_object()
        assert isinstance(element, DictionaryObject)
        if section is None:
            element[NameObject("/P")] = top
            out.append(ref)
            open_sect = None
            continue
        if open_sect is None or open_sect[0] != section:
            sect = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/StructElem"),
                    NameObject("/S"): NameObject("/Sect"),
                    NameObject("/T"): TextStringObject(section[2]),
                    NameObject("/P"): top,
                }
            )
            if section[3]:
                sect[NameObject("/Lang")] = TextStringObject(section[3])
            members = ArrayObject()
            sect[NameObject("/K")] = members
            out.append(writer._add_object(sect))
            open_sect = (section, members)
        element[NameObject("/P")] = out[-1]
        open_sect[1].append(ref)
    return out
