"""The incremental update provenance writes (finish/incremental.py): the PDF as it was,
byte for byte, then the new and changed objects, a cross-reference section whose every
offset is its object's, and a trailer chained to the old one."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, IndirectObject, NameObject, TextStringObject
from reportlab.pdfgen import canvas

from policybrief.finish.incremental import Appender


def _small_pdf() -> bytes:
    """One page, and a catalog whose /Names is an indirect dictionary (holding /Dests)."""
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, invariant=1)
    drawing.drawString(72, 720, "Hello")
    drawing.showPage()
    drawing.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    writer.add_named_destination("here", 0)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_new_objects_follow_the_pdf_untouched_and_read_back() -> None:
    pdf = _small_pdf()
    assert isinstance(PdfReader(io.BytesIO(pdf)).root_object.raw_get("/Names"), IndirectObject)
    appender = Appender(pdf)
    stream = DecodedStreamObject()
    stream.set_data(b"<x:xmpmeta/>")
    appender._root_object[NameObject("/Metadata")] = appender._add_object(stream)
    names = appender._root_object["/Names"].get_object()
    names[NameObject("/Marker")] = TextStringObject("changed in place")
    out = appender.write()
    assert out.startswith(pdf)  # an incremental update: nothing before it changes
    reader = PdfReader(io.BytesIO(out), strict=True)
    assert reader.root_object["/Metadata"].get_object().get_data() == b"<x:xmpmeta/>"
    assert reader.root_object["/Names"]["/Marker"] == "changed in place"
    assert "/Dests" in reader.root_object["/Names"]  # what the name dictionary held stays
    assert len(reader.pages) == 1 and "Hello" in reader.pages[0].extract_text()
    # Every entry of the new section points at its own object's header.
    section = out[out.rindex(b"xref\n") :]
    for first, count, rows in re.findall(rb"(\d+) (\d+)\n((?:\d{10} \d{5} [nf]\r\n)+)", section):
        for i, row in enumerate(rows.split(b"\r\n")[: int(count)]):
            offset, _, kind = row.split(b" ")
            if kind == b"n":
                number = int(first) + i
                assert out[int(offset) :].startswith(f"{number} 0 obj".encode())
    assert b"/Prev" in out[out.rindex(b"trailer") :]
