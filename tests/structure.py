"""Reads a tagged PDF back and checks what a validator does not (issue 14).

`check(pdf)` returns every broken invariant as a sentence (empty: all hold):

- every MCID in every content stream is in the ParentTree, once, and the
  element it names holds that MCID on that page;
- every page with marked content has `/StructParents`;
- every link annotation has a `/StructParent` whose element is a `Link` with
  an OBJR to that annotation;
- every `/Pg` of a structure element is a page of the document;
- everything painted (text, paths, images, forms, shadings) is inside tagged
  marked content or an `/Artifact`;
- the words of the structure tree, read in order, are the words of the pages
  outside artifacts, in page order.

`reading_order(pdf)` gives the tree as a screen reader meets it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

PAINT = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"}
PAINT |= {b"sh", b"Do", b"BI", b"EI"}


@dataclass
class Page:
    mcids: list[int] = field(default_factory=list)  # in content order
    text: dict[int, str] = field(default_factory=dict)  # MCID -> its text
    untagged: list[str] = field(default_factory=list)  # painting operators outside any mark
    order: list[int] = field(default_factory=list)  # MCIDs in order of their text


def check(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    problems: list[str] = []
    root = reader.trailer["/Root"]
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return ["no StructTreeRoot"]
    tree = tree.get_object()
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("MarkInfo /Marked is not true")
    parents = _number_tree(tree["/ParentTree"].get_object())
    page_ids = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    pages = [_scan(p) for p in reader.pages]
    for i, (page, scanned) in enumerate(zip(reader.pages, pages, strict=True)):
        n = i + 1
        problems += [
            f"page {n}: {what} painted outside tags and artifacts" for what in scanned.untagged[:3]
        ]
        if not scanned.mcids:
            continue
        if len(set(scanned.mcids)) != len(scanned.mcids):
            problems.append(f"page {n}: an MCID is used twice")
        key = page.get("/StructParents")
        if key is None:
            problems.append(f"page {n} has marked content but no /StructParents")
            continue
        array = parents.get(int(key))
        if array is None:
            problems.append(f"page {n}: /StructParents {key} is not in the ParentTree")
            continue
        array = array.get_object()
        for mcid in scanned.mcids:
            if mcid >= len(array) or array[mcid] is None:
                problems.append(f"page {n}: MCID {mcid} is not in the ParentTree")
                continue
            element = array[mcid].get_object()
            if (i, mcid) not in set(_marks_of(element, page_ids)):
                problems.append(f"page {n}: MCID {mcid}'s element does not hold it")
        extra = len(array) - len(set(scanned.mcids))
        if extra > 0:
            problems.append(f"page {n}: {extra} ParentTree entries name no marked content")
    problems += _check_links(reader, parents)
    problems += _check_pages_of(tree, page_ids)
    problems += _check_words(tree, pages, page_ids)
    return problems


def _number_tree(node: DictionaryObject) -> dict[int, Any]:
    out: dict[int, Any] = {}
    nums = node.get("/Nums")
    if nums is not None:
        for k in range(0, len(nums), 2):
            if int(nums[k]) in out:
                out[-1 - len(out)] = None  # a key twice: reported by the caller's count
            out[int(nums[k])] = nums[k + 1]
    for kid in node.get("/Kids") or []:
        out.update(_number_tree(kid.get_object()))
    return out


def _scan(page: Any) -> Page:
    """MCIDs, their text and any paint outside marked content, in one pass over the page."""
    out = Page()
    contents = page.get_contents()
    if contents is None:
        return out
    stack: list[int | str | None] = []  # an MCID, "Artifact", or None (other marked content)
    ops = ContentStream(contents, page.pdf).operations
    for operands, op in ops:
        if op in (b"BDC", b"BMC"):
            tag = str(operands[0])
            props = operands[1] if op == b"BDC" and len(operands) > 1 else None
            if tag == "/Artifact":
                stack.append("Artifact")
            elif isinstance(props, DictionaryObject) and "/MCID" in props:
                mcid = int(props["/MCID"])
                out.mcids.append(mcid)
                stack.append(mcid)
            else:
                stack.append(None)
        elif op == b"EMC":
            if stack:
                stack.pop()
        elif op in PAINT and not any(s is not None for s in stack):
            out.untagged.append(op.decode())
    current: list[int | str | None] = []

    def before(op: bytes, args: Any, cm: Any, tm: Any) -> None:
        if op in (b"BDC", b"BMC"):
            props = args[1] if op == b"BDC" and len(args) > 1 else None
            if str(args[0]) == "/Artifact":
                current.append("Artifact")
            elif isinstance(props, DictionaryObject) and "/MCID" in props:
                current.append(int(props["/MCID"]))
                out.order.append(int(props["/MCID"]))
            else:
                current.append(None)
        elif op == b"EMC" and current:
            current.pop()

    def text(value: str, *_: Any) -> None:
        owner = next((c for c in reversed(current) if c is not None), None)
        if isinstance(owner, int):
            out.text[owner] = out.text.get(owner, "") + value

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return out


def _kids(element: DictionaryObject) -> list[Any]:
    k = element.get("/K")
    if k is None:
        return []
    k = k.get_object() if isinstance(k, IndirectObject) else k
    return list(k) if isinstance(k, list) else [k]


def _marks_of(element: DictionaryObject, page_ids: dict[int, int]) -> Iterator[tuple[int, int]]:
    pg = element.raw_get("/Pg") if "/Pg" in element else None
    page = page_ids.get(pg.idnum, -1) if pg is not None else -1
    for kid in _kids(element):
        if isinstance(kid, int):
            yield page, int(kid)
            continue
        obj = kid.get_object()
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
            mpg = obj.raw_get("/Pg") if "/Pg" in obj else None
            yield (page_ids.get(mpg.idnum, -1) if mpg is not None else page), int(obj["/MCID"])


def _elements(node: Any) -> Iterator[DictionaryObject]:
    """Structure elements in tree order (depth first, kids in order)."""
    for element in _children(node):
        yield element
        yield from _elements(element)


def _check_links(reader: PdfReader, parents: dict[int, Any]) -> list[str]:
    problems = []
    for n, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            if not str(annot.get("/Contents", "")).strip():
                problems.append(f"page {n}: a link annotation without /Contents")
            key = annot.get("/StructParent")
            link = parents.get(int(key)) if key is not None else None
            if link is None:
                problems.append(f"page {n}: a link annotation outside the structure tree")
                continue
            link = link.get_object()
            objrs = [k.get_object() for k in _kids(link) if not isinstance(k, int)]
            if link.get("/S") != "/Link" or not any(
                o.get("/Type") == "/OBJR" and o.raw_get("/Obj").idnum == ref.idnum for o in objrs
            ):
                problems.append(f"page {n}: a link annotation whose parent is not its Link")
        if page.get("/Annots") and page.get("/Tabs") != "/S":
            problems.append(f"page {n} has annotations but no /Tabs /S")
    return problems


def _check_pages_of(tree: Any, page_ids: dict[int, int]) -> list[str]:
    problems = []
    for element in _elements(tree):
        if "/Pg" in element:
            pg = element.raw_get("/Pg")
            if pg.idnum not in page_ids:
                problems.append(f"a {element['/S']} element names a page that is not in the PDF")
        for kid in _kids(element):
            obj = kid.get_object() if not isinstance(kid, int) else None
            if (
                isinstance(obj, DictionaryObject)
                and "/Pg" in obj
                and obj.raw_get("/Pg").idnum not in page_ids
            ):
                problems.append(f"a {element['/S']} element's content names a missing page")
    return problems


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _with_notes(node: Any, in_note: bool = False) -> Iterator[tuple[DictionaryObject, bool]]:
    """(element, whether it is a footnote's Note or inside one), in tree order."""
    for element in _children(node):
        inside = in_note or element.get("/S") == "/Note"
        yield element, inside
        yield from _with_notes(element, inside)


def _children(node: Any) -> Iterator[DictionaryObject]:
    for kid in _kids(node):
        if isinstance(kid, int):
            continue
        obj = kid.get_object()
        if (
            isinstance(obj, DictionaryObject)
            and obj.get("/Type") in (None, "/StructElem")
            and "/S" in obj
        ):
            yield obj


def _check_words(tree: Any, pages: list[Page], page_ids: dict[int, int]) -> list[str]:
    """The tree's words in order are the page words in order (outside artifacts).

    A footnote's Note is read in the element that refers to it, and printed at the
    page foot: the notes' words are left out of both orders and checked apart (each
    Note has its /ID in the IDTree, and words of its own)."""
    in_tree: list[str] = []
    in_notes: set[tuple[int, int]] = set()
    problems: list[str] = []
    for element, in_note in _with_notes(tree):
        marks = list(_marks_of(element, page_ids))
        if in_note:
            in_notes.update(marks)
            continue
        for page, mcid in marks:
            if 0 <= page < len(pages):
                in_tree += _words(pages[page].text.get(mcid, ""))
    problems += _check_notes(tree, pages, page_ids)
    on_pages = [
        w
        for i, p in enumerate(pages)
        for m in p.order
        if (i, m) not in in_notes
        for w in _words(p.text.get(m, ""))
    ]
    if in_tree == on_pages:
        return problems
    at = next((i for i, (a, b) in enumerate(zip(in_tree, on_pages, strict=False)) if a != b), None)
    at = min(len(in_tree), len(on_pages)) if at is None else at
    return [
        *problems,
        f"reading order differs from page order at word {at}: tree "
        f"{' '.join(in_tree[max(at - 3, 0) : at + 6])!r}, pages "
        f"{' '.join(on_pages[max(at - 3, 0) : at + 6])!r}",
    ]


def _check_notes(tree: Any, pages: list[Page], page_ids: dict[int, int]) -> list[str]:
    ids = tree.get("/IDTree")
    named = list(ids.get_object().get("/Names", [])) if ids is not None else []
    by_id = {str(named[i]): named[i + 1].get_object() for i in range(0, len(named) - 1, 2)}
    problems = []
    for element, _ in _with_notes(tree):
        if element.get("/S") != "/Note":
            continue
        ident = str(element.get("/ID", ""))
        if by_id.get(ident) is not element:
            problems.append(f"a Note without its /ID {ident!r} in the IDTree")
        words = [
            w
            for e, _ in [(element, True), *_with_notes(element, True)]
            for p, m in _marks_of(e, page_ids)
            if 0 <= p < len(pages)
            for w in _words(pages[p].text.get(m, ""))
        ]
        if not words:
            problems.append(f"the Note {ident!r} holds no text")
    return problems


def reading_order(pdf: bytes, width: int = 90) -> list[str]:
    """The tree as a screen reader meets it: one line per element, with its text."""
    reader = PdfReader(io.BytesIO(pdf))
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    page_ids = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    pages = [_scan(p) for p in reader.pages]
    lines: list[str] = []

    def walk(node: Any, depth: int) -> None:
        for kid in _kids(node):
            if isinstance(kid, int):
                continue
            obj = kid.get_object()
            if not (isinstance(obj, DictionaryObject) and "/S" in obj):
                continue
            text = " ".join(
                pages[p].text.get(m, "").strip() for p, m in _marks_of(obj, page_ids) if p >= 0
            )
            extra = ""
            if "/Alt" in obj:
                extra = f" [Alt: {obj['/Alt']}]"
            if "/A" in obj:
                extra += f" [Scope {obj['/A'].get('/Scope')}]"
            shown = " ".join(text.split())
            line = f"{'  ' * depth}{str(obj['/S'])[1:]}{extra}{': ' + shown if shown else ''}"
            lines.append(line[:width])
            walk(obj, depth + 1)

    walk(tree, 0)
    return lines
