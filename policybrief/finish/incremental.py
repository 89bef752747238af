"""An incremental update (ISO 32000-1 7.5.6) that reads only what it changes.

pypdf's own incremental writer (`PdfWriter(..., incremental=True)`) clones every
object of the document first: for a tagged brief, thousands of structure
elements, read and parsed only to be written back untouched. `Appender` reads
the trailer, the catalog and the objects it is asked to change (pypdf reads the
cross-reference table and parses objects only on access), collects the new
objects, and appends them, the changed ones under their own numbers, with a
cross-reference section and a trailer whose `/Prev` points at the old one.

It offers the two things `provenance.add` uses of a PdfWriter: `_root_object`,
the catalog to change, and `_add_object`, a new object's reference.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject


class Appender:
    """New and changed objects for `pdf`, written after it by `write`."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        reader = PdfReader(io.BytesIO(pdf))
        self._trailer = reader.trailer
        self._prev = int(reader._startxref)  # where the last cross-reference section is
        self._next = int(self._trailer["/Size"])  # type: ignore[call-overload]  # a number
        self._objects: dict[int, PdfObject] = {}
        root = self._trailer.raw_get("/Root")
        catalog = root.get_object()
        assert isinstance(catalog, DictionaryObject)  # a PDF's catalog is a dictionary
        self._root_object = DictionaryObject(catalog)
        self._objects[int(root.idnum)] = self._root_object
        self._own("/Names")  # the EmbeddedFiles tree goes into the name dictionary

    def _own(self, key: str) -> None:
        """The catalog's `key`, an indirect dictionary, copied to be changed in place and
        written again under its own number."""
        ref = self._root_object.raw_get(key) if key in self._root_object else None
        if not isinstance(ref, IndirectObject):
            return
        found = ref.get_object()
        if isinstance(found, DictionaryObject):
            self._objects[int(ref.idnum)] = DictionaryObject(found)
            self._root_object[NameObject(key)] = self._ref(int(ref.idnum))

    def _ref(self, number: int) -> IndirectObject:
        ours: Any = self  # get_object() on the reference asks us (duck-typed as a PdfWriter)
        return IndirectObject(number, 0, ours)

    def get_object(self, ref: IndirectObject | int) -> PdfObject:
        number = ref if isinstance(ref, int) else ref.idnum
        return self._objects[int(number)]

    def _add_object(self, obj: PdfObject) -> IndirectObject:
        number = self._next
        self._next += 1
        self._objects[number] = obj
        return self._ref(number)

    def write(self) -> bytes:
        out = io.BytesIO()
        out.write(self.pdf)
        if not self.pdf.endswith(b"\n"):
            out.write(b"\n")
        offsets: dict[int, int] = {}
        for number in sorted(self._objects):
            offsets[number] = out.tell()
            out.write(f"{number} 0 obj\n".encode())
            self._objects[number].write_to_stream(out)
            out.write(b"\nendobj\n")
        start = out.tell()
        # The free list's head first, as a full table starts: readers (pypdf) take a
        # section that starts elsewhere for a table numbered wrongly.
        out.write(b"xref\n0 1\n0000000000 65535 f\r\n")
        for first, count in _runs(sorted(offsets)):
            out.write(f"{first} {count}\n".encode())
            for number in range(first, first + count):
                out.write(f"{offsets[number]:010d} 00000 n\r\n".encode())
        trailer = DictionaryObject(
            {
                NameObject(k): v
                for k, v in self._trailer.items()
                if k not in ("/Prev", "/XRefStm", "/Size")
            }
        )
        trailer[NameObject("/Size")] = NumberObject(max(self._next, max(offsets) + 1))
        trailer[NameObject("/Prev")] = NumberObject(self._prev)
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{start}\n%%EOF\n".encode())
        return out.getvalue()


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive object numbers as (first, count) subsections."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][0] + runs[-1][1] == number:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((number, 1))
    return runs
