"""Destinations into pages whose content was moved (a pack's `fit: scale`, an annex
page placed in the brief's room by finish/annexes.py): each bookmark, named
destination and link that lands on such a page lands where its point went
(ISO 32000-1 12.3.2.2: [page /XYZ left top zoom], /FitH top, /FitV left,
/FitR left bottom right top)."""

from __future__ import annotations

from typing import Any

from pypdf import PdfWriter, Transformation
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, IndirectObject, NullObject

MAX_DEPTH = 64  # outline and name-tree nesting walked at most this deep


def move(writer: PdfWriter, moved: dict[int, Transformation]) -> None:
    """Every destination in `writer` that points into a page of `moved` (by object
    number), moved as that page's content was."""
    if not moved:
        return
    root = writer.root_object
    outlines = root.get("/Outlines")
    if outlines is not None:
        _outline(outlines.get_object().get("/First"), moved, 0)
    names = root.get("/Names")
    dests = names.get_object().get("/Dests") if names is not None else None
    if dests is not None:
        _name_tree(dests.get_object(), moved, 0)
    old = root.get("/Dests")  # PDF 1.1 named destinations
    if old is not None:
        for value in old.get_object().values():
            _destination(value, moved)
    for page in writer.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/Link":
                _item(obj, moved)


def _outline(node: Any, moved: dict[int, Transformation], depth: int) -> None:
    seen = 0
    while node is not None and depth < MAX_DEPTH and seen < 100_000:
        item = node.get_object()
        _item(item, moved)
        _outline(item.get("/First"), moved, depth + 1)
        node = item.get("/Next")
        seen += 1


def _name_tree(node: DictionaryObject, moved: dict[int, Transformation], depth: int) -> None:
    flat = node.get("/Names") or []
    for i in range(1, len(flat), 2):
        _destination(flat[i], moved)
    if depth < MAX_DEPTH:
        for kid in node.get("/Kids") or []:
            _name_tree(kid.get_object(), moved, depth + 1)


def _item(item: DictionaryObject, moved: dict[int, Transformation]) -> None:
    """An outline item's or a link's /Dest, or its GoTo action's /D."""
    if "/Dest" in item:
        _destination(item["/Dest"], moved)
    action = item.get("/A")
    if action is not None and action.get_object().get("/S") == "/GoTo":
        _destination(action.get_object().get("/D"), moved)


def _destination(value: Any, moved: dict[int, Transformation]) -> None:
    dest = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(dest, DictionaryObject):  # a named destination's {/D [...]}
        dest = dest.get("/D")
        dest = dest.get_object() if isinstance(dest, IndirectObject) else dest
    if not isinstance(dest, ArrayObject) or len(dest) < 2:
        return
    page = dest[0]
    if not isinstance(page, IndirectObject) or page.idnum not in moved:
        return
    matrix = moved[page.idnum]
    kind = str(dest[1])
    if kind == "/XYZ" and len(dest) >= 4:
        dest[2], dest[3] = _point(matrix, dest[2], dest[3])
    elif kind in ("/FitH", "/FitBH") and len(dest) >= 3:
        dest[2] = _point(matrix, None, dest[2])[1]
    elif kind in ("/FitV", "/FitBV") and len(dest) >= 3:
        dest[2] = _point(matrix, dest[2], None)[0]
    elif kind == "/FitR" and len(dest) >= 6:
        dest[2], dest[3] = _point(matrix, dest[2], dest[3])
        dest[4], dest[5] = _point(matrix, dest[4], dest[5])


def _point(matrix: Transformation, x: Any, y: Any) -> tuple[Any, Any]:
    """(x, y) moved; a null coordinate ("keep the current one") stays null."""
    given_x = _number(x)
    given_y = _number(y)
    a, b, c, d, e, f = matrix.ctm
    px = 0.0 if given_x is None else given_x
    py = 0.0 if given_y is None else given_y
    nx, ny = a * px + c * py + e, b * px + d * py + f
    return (
        NullObject() if given_x is None else FloatObject(round(nx, 3)),
        NullObject() if given_y is None else FloatObject(round(ny, 3)),
    )


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
