"""A PDF as reviewable text: what a reader, a printer and a viewer's sidebar see.

Used by the golden dumps (tests/golden/): a change to the output shows in a
diff of these lines, not as differing bytes. Numbers are rounded to 0.01 pt so
that a dump is stable across pypdf's float formatting but moves when the layout
really moves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    Destination,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NumberObject,
)

BOXES = ("/MediaBox", "/TrimBox", "/BleedBox")
SUBSET_TAG = re.compile(r"^/?([A-Z]{6}\+)?")


def dump(path: Path) -> str:
    """The whole dump of one PDF, ending in a newline."""
    reader = PdfReader(path)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}  # type: ignore[union-attr]
    lines = [f"pages: {len(reader.pages)}", *_document(reader), "", "outline:"]
    lines += [f"  {line}" for line in _outline(reader, reader.outline, pages, 0)] or ["  (none)"]
    for number, page in enumerate(reader.pages, 1):
        lines += ["", f"=== page {number} of {len(reader.pages)}"]
        lines += [f"{name[1:]}: {_box(page.get(name))}" for name in BOXES]
        lines.append("fonts: " + ", ".join(sorted(set(_fonts(page.get("/Resources"), set())))))
        links = list(_links(page, pages))
        lines += ["links:", *(f"  {link}" for link in links)] if links else ["links: (none)"]
        text = page.extract_text() or ""
        lines += ["text:", *(f"  {line}".rstrip() for line in text.splitlines())]
    return "\n".join(lines) + "\n"


def _document(reader: PdfReader) -> Iterator[str]:
    """The info dictionary, the catalogue's language and page mode, the XMP packet."""
    info = reader.metadata or {}
    yield "info:"
    for key in sorted(info):
        yield f"  {key[1:]}: {info[key]}"
    root = reader.trailer["/Root"]
    for key in ("/Lang", "/PageMode"):
        yield f"{key[1:]}: {root.get(key, '(none)')}"
    xmp = root.get("/Metadata")
    if xmp is None:
        yield "xmp: (none)"
        return
    yield "xmp:"
    for line in xmp.get_object().get_data().decode("utf-8").splitlines():
        if line.strip():
            yield f"  {line.rstrip()}"


def _outline(reader: PdfReader, items: list[Any], pages: dict[int, int], level: int) -> list[str]:
    """Bookmarks, one a line, indented by level, with the page each opens."""
    lines: list[str] = []
    for item in items:
        if isinstance(item, list):
            lines += _outline(reader, item, pages, level + 1)
            continue
        assert isinstance(item, Destination)
        page = pages.get(item.page.idnum) if isinstance(item.page, IndirectObject) else None
        lines.append(f"{'  ' * level}[{level}] {item.title} -> page {page} {item.typ}")
    return lines


def _box(value: Any) -> str:
    if value is None:
        return "(none)"
    return "[" + " ".join(_num(v) for v in value) + "]"


def _num(value: Any) -> str:
    return f"{float(value):.2f}"


def _fonts(resources: Any, seen: set[int]) -> Iterator[str]:
    """Base names of the fonts a page uses, inside form XObjects too, subset tag dropped."""
    if resources is None:
        return
    res = resources.get_object()
    for font in (res.get("/Font") or {}).values():
        yield SUBSET_TAG.sub("", str(font.get_object().get("/BaseFont", "(no base font)")))
    for xobj in (res.get("/XObject") or {}).values():
        obj = xobj.get_object()
        if id(obj) not in seen:
            seen.add(id(obj))
            yield from _fonts(obj.get("/Resources"), seen)


def _links(page: Any, pages: dict[int, int]) -> Iterator[str]:
    """Each link annotation's target: a URI, or the page and position it jumps to."""
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        if annot.get("/Subtype") != "/Link":
            yield f"{annot.get('/Subtype')} annotation"
            continue
        action = annot.get("/A")
        if isinstance(action, DictionaryObject) and action.get("/S") == "/URI":
            yield f"uri {action['/URI']}"
            continue
        dest = annot.get("/Dest")
        if isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
            dest = action.get("/D")
        yield "goto " + _dest(dest, pages)


def _arg(value: Any) -> str:
    """A destination's fit type (a name), coordinate (a number) or null (unchanged)."""
    if isinstance(value, NumberObject | FloatObject):
        return _num(value)
    return str(value) if isinstance(value, str) else "null"


def _dest(dest: Any, pages: dict[int, int]) -> str:
    if isinstance(dest, ArrayObject) and dest:
        target = dest[0]
        page = pages.get(target.idnum) if isinstance(target, IndirectObject) else target
        rest = " ".join(_arg(v) for v in dest[1:])
        return f"page {page} {rest}"
    return f"named {dest}"
