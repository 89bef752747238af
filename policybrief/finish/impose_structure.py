"""The brief's structure tree carried onto the sheets of its imposed print file.

An imposed file is still a PDF make_brief writes, so it is tagged (cli.md): a
screen reader given the print file reads the brief, in the brief's order, not
the sheets' (a booklet's sheet 1 carries the last page beside the first).

Each sheet side draws up to two pages, and each page numbered its marked
content from 0. Before a page is drawn onto its sheet, its MCIDs are moved up
past those of the page drawn before it on that side; the structure elements
that held them follow (`/Pg` the sheet, the MCID moved), and the ParentTree is
rebuilt with one entry per sheet side. Links are dropped from print files
(paper has none), so their OBJR kids go too; the Link elements keep their text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

from policybrief.finish.pack_structure import array_of, idnum, numbers


@dataclass
class Sheets:
    """Where each page of the brief went: its sheet side and its MCID offset there."""

    tree: DictionaryObject | None
    arrays: dict[int, list[Any]] = field(default_factory=dict)  # page idnum -> ParentTree array
    placed: dict[int, tuple[IndirectObject, int]] = field(default_factory=dict)
    sides: list[list[Any]] = field(default_factory=list)  # per sheet side: its elements by MCID

    @classmethod
    def of(cls, writer: PdfWriter) -> Sheets:
        root = writer.root_object.get("/StructTreeRoot")
        if root is None:
            return cls(None)
        tree = root.get_object()
        by_key = dict(numbers(tree["/ParentTree"].get_object()))
        arrays: dict[int, list[Any]] = {}
        for page in writer.pages:
            key = page.get("/StructParents")
            if key is not None and int(key) in by_key:
                arrays[idnum(page)] = array_of(by_key[int(key)])
        return cls(tree, arrays)

    def new_side(self) -> None:
        self.sides.append([])

    def renumber(self, page: PageObject, side: IndirectObject) -> None:
        """Move `page`'s MCIDs past those already on the current side, before it is drawn."""
        if self.tree is None:
            return
        offset = len(self.sides[-1])
        self.placed[idnum(page)] = (side, offset)
        self.sides[-1].extend(self.arrays.get(idnum(page), []))
        if offset:
            _shift_mcids(page, offset)

    def finish(self, writer: PdfWriter, sheets: list[PageObject]) -> None:
        """Point every element at the sheets, and index the sheets in a new ParentTree."""
        if self.tree is None:
            return
        for element in _elements(self.tree.get("/K")):
            self._move(element)
        nums = ArrayObject()
        for key, (sheet, elements) in enumerate(zip(sheets, self.sides, strict=True)):
            sheet[NameObject("/StructParents")] = NumberObject(key)
            nums.extend([NumberObject(key), ArrayObject(elements)])
        tree = self.tree
        tree[NameObject("/ParentTree")] = writer._add_object(
            DictionaryObject({NameObject("/Nums"): nums})
        )
        tree[NameObject("/ParentTreeNextKey")] = NumberObject(len(sheets))

    def _move(self, element: DictionaryObject) -> None:
        page = element.raw_get("/Pg") if "/Pg" in element else None
        if "/K" in element:
            kids = element["/K"]
            single = not isinstance(kids, ArrayObject)
            items = list(kids) if isinstance(kids, ArrayObject) else [element.raw_get("/K")]
            moved = [m for m in (self._moved_kid(kid, page) for kid in items) if m is not None]
            element[NameObject("/K")] = moved[0] if single and moved else ArrayObject(moved)
        if page is not None and _num(page) in self.placed:
            element[NameObject("/Pg")] = self.placed[_num(page)][0]

    def _moved_kid(self, kid: Any, page: Any) -> Any:
        """A kid with its MCID and page moved; None for an OBJR (its annotation is gone)."""
        if isinstance(kid, NumberObject) or type(kid) is int:
            offset = self.placed.get(_num(page), (None, 0))[1] if page is not None else 0
            return NumberObject(int(kid) + offset)
        value = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if not isinstance(value, DictionaryObject):
            return kid
        kind = value.get("/Type")
        if kind == "/OBJR":
            return None
        if kind == "/MCR" and "/Stm" not in value:
            where = value.raw_get("/Pg") if "/Pg" in value else page
            if where is not None and _num(where) in self.placed:
                sheet, offset = self.placed[_num(where)]
                value[NameObject("/MCID")] = NumberObject(_int(value["/MCID"]) + offset)
                if "/Pg" in value:
                    value[NameObject("/Pg")] = sheet
        return kid


def _elements(node: Any, depth: int = 0) -> Iterator[DictionaryObject]:
    """Every structure element under `node`, parents before their kids."""
    if depth > 200 or node is None:
        return
    value = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(value, ArrayObject):
        for item in value:
            yield from _elements(item, depth + 1)
    elif isinstance(value, DictionaryObject) and value.get("/Type") not in ("/MCR", "/OBJR"):
        kids = value.get("/K")
        if "/S" in value:
            yield value
        yield from _elements(kids, depth + 1)


def _shift_mcids(page: PageObject, offset: int) -> None:
    """Every `/MCID n` of the page's own content stream becomes `n + offset`."""
    contents = page.get_contents()
    if contents is None:
        return
    stream = ContentStream(contents, page.pdf)
    for operands, op in stream.operations:
        if op == b"BDC" and len(operands) > 1:
            marks = operands[1]
            if isinstance(marks, DictionaryObject) and "/MCID" in marks:
                marks[NameObject("/MCID")] = NumberObject(_int(marks["/MCID"]) + offset)
    page.replace_contents(stream)


def _num(ref: Any) -> int:
    """The object number of a page given as a reference (a `/Pg`) or as the page."""
    return int(ref.idnum) if isinstance(ref, IndirectObject) else idnum(ref)


def _int(value: Any) -> int:
    return int(value)
