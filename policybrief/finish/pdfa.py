"""PDF/A-2b/2u/2a, PDF/A-3b/3a and PDF/UA-1 identification as a last step over a
finished PDF (pypdf).

Every PDF make_brief writes is already tagged with Unicode text (render/tagging.py,
render/fonts.py), which is what levels A and U and PDF/UA add to level B; so a
level or PDF/UA is, here, only a matter of what the XMP declares: `pdfaid:part`
and `pdfaid:conformance`, and for PDF/UA `pdfuaid:part` 1 with, beside PDF/A,
the extension-schema declaration PDF/A asks for any schema it does not know.
PDF/UA alone gets the XMP packet (PDF/UA wants `dc:title` there) and nothing else.

ReportLab already gives most of what PDF/A asks: every font embedded (only
TrueType is used), no encryption, no JavaScript, a document ID, and, in a cmyk
layout, no RGB at all. What it lacks is added here:

- an XMP metadata stream (ISO 19005-2 clause 6.6) carrying the PDF/A
  identification (`pdfaid:part` 2, `pdfaid:conformance` B) and the same title,
  author, subject, keywords, tools and dates as the Info dictionary (6.6.3);
- an output intent (6.2.3) with an embedded ICC profile: sRGB for rgb layouts,
  ISO Coated v2 (FOGRA39) for cmyk ones, so that device colour is defined;
- the Print flag on every annotation (6.3.2);
- a PDF 1.7 header (PDF/A-2 is based on ISO 32000-1);
- no stream whose data ends in a carriage return: before the LF that precedes
  `endstream` it would read as a CRLF end-of-line and the `/Length` as wrong
  (6.1.7.1); such a stream gets an ASCII85 wrapper.

Constant alpha (the DRAFT watermark's `/ca`) is transparency, which PDF/A-2
allows; with an output intent present pages need no `/Group` (6.2.10).
The profiles and their licence are in `policybrief/icc/`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
import sys
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import DeprecationError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from policybrief.model.standards import Standards, parse

ICC_DIR = Path(__file__).resolve().parents[1] / "icc"
PRINT_FLAG = 4  # annotation flag bit 3: print the annotation (ISO 32000-1 12.5.3)


@dataclass(frozen=True)
class Profile:
    file: str
    components: int
    identifier: str  # OutputConditionIdentifier: a registered name where there is one
    info: str


PROFILES = {
    "rgb": Profile("sRGB.icc", 3, "sRGB IEC61966-2.1", "sRGB IEC61966-2.1"),
    "cmyk": Profile("ISOcoated_v2_300_bas.icc", 4, "FOGRA39", "ISO Coated v2 300% (basICColor)"),
}


class NotConformant(Exception):
    """The PDF holds something PDF/A forbids that cannot be fixed here (an annex's fonts)."""


def conform(pdf: bytes, color_model: str, standards: Standards | str = "pdfa-2b") -> bytes:
    """The same document identified as meeting `standards` (default PDF/A-2b): XMP,
    and for PDF/A an output intent and printable annotations.

    Raises `NotConformant` rather than label as PDF/A a file that is not (an
    annex PDF with fonts that are not embedded, or in the other colour model).
    """
    wanted = parse(standards) if isinstance(standards, str) else standards
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if not wanted.pdfa:
        return _identified(writer, wanted)
    problems = _problems(writer, color_model)
    if wanted.conformance == "A" or wanted.ua:
        problems += _untagged(writer)
    if problems:
        raise NotConformant("; ".join(problems[:3]))
    writer.pdf_header = b"%PDF-1.7"
    if not writer._ID:  # ReportLab writes one; a PDF from elsewhere may not (6.1.3)
        digest = ByteStringObject(hashlib.md5(pdf, usedforsecurity=False).digest())
        writer._ID = ArrayObject([digest, digest])
    info = _clean_info(writer)
    root = writer.root_object
    xmp = _xmp(info, _document_id(writer), str(root.get("/Lang", "")), wanted)
    root[NameObject("/Metadata")] = writer._add_object(_metadata_stream(xmp))
    root[NameObject("/OutputIntents")] = ArrayObject(
        [writer._add_object(_output_intent(writer, PROFILES[color_model]))]
    )
    _printable_annotations(writer)
    _no_need_appearances(writer)
    _unambiguous_stream_ends(writer)
    out = io.BytesIO()
    writer.write(out)
    _validated(out.getvalue(), wanted)
    return out.getvalue()


# The validator (Rust, with threads of its own) cannot run in a process forked after it
# was loaded: the child inherits its locks held and waits forever. A `-j` worker forked
# from a process that had loaded it (a test run) leaves the last word to that process.
_inherited: set[str] = set()  # holds "page" in such a worker


def forked_worker() -> None:
    """Called first in a forked worker (`run.batch`)."""
    if "page" in sys.modules:
        _inherited.add("page")


def _validated(pdf: bytes, wanted: Standards) -> None:
    """The last word is the validator's, when it is installed (`page`, PyPI
    page-validation): an annex can hold more that PDF/A forbids than the checks
    above know (an image to interpolate, a transfer function, a blend mode), and
    a file that claims PDF/A and fails is worse than an error saying what fails."""
    if _inherited:
        return
    try:
        import page as validator
    except ImportError:
        return
    assert wanted.pdfa is not None
    try:
        failures = validator.validate_pdf_bytes(pdf, profile=wanted.pdfa[5:]).failures
    except Exception:  # the validator's own failure is no finding about the file
        return
    if failures:
        raise NotConformant("; ".join(dict.fromkeys(f.message for f in failures[:3])))


def _identified(writer: PdfWriter, wanted: Standards) -> bytes:
    """PDF/UA without PDF/A: the XMP packet and nothing else changed."""
    root = writer.root_object
    xmp = _xmp(_clean_info(writer), _document_id(writer), str(root.get("/Lang", "")), wanted)
    root[NameObject("/Metadata")] = writer._add_object(_metadata_stream(xmp))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _untagged(writer: PdfWriter) -> list[str]:
    """Level A and PDF/UA need the structure tree every make_brief PDF has."""
    root = writer.root_object
    marked = root.get("/MarkInfo", {}).get("/Marked", False)
    return [] if "/StructTreeRoot" in root and bool(marked) else ["the PDF is not tagged"]


def _clean_info(writer: PdfWriter) -> dict[str, str]:
    """Drop empty Info entries (XMP would have to repeat them) and `/Trapped`."""
    info = writer._info if writer._info is not None else DictionaryObject()
    for key in list(info):
        if key == "/Trapped" or not str(info[key]).strip():
            del info[key]
    return {str(k): str(v) for k, v in info.items()}


def _document_id(writer: PdfWriter) -> str:
    """A stable uuid from the trailer ID: the same brief gives the same document ID."""
    first = writer._ID[0] if writer._ID else b""
    raw = bytes(first.original_bytes if hasattr(first, "original_bytes") else first)
    return f"uuid:{uuid.UUID(bytes=(raw + bytes(16))[:16])}"


def _xmp_date(pdf_date: str | None) -> str | None:
    """`D:20250820000000+00'00'` -> `2025-08-20T00:00:00+00:00` (the same instant)."""
    if not pdf_date:
        return None
    text = pdf_date.removeprefix("D:").replace("'", "")
    if text.endswith("Z"):
        text = text[:-1] + "+0000"
    moment = dt.datetime.strptime(text[:14], "%Y%m%d%H%M%S")
    zone = text[14:]
    if zone:
        sign = -1 if zone[0] == "-" else 1
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5] or 0))
        moment = moment.replace(tzinfo=dt.timezone(sign * offset))
    else:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat()


_UA_SCHEMA = """<rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
  """


PDFA_2B_ONLY = Standards("pdfa-2b")


def _xmp(
    info: dict[str, str], document_id: str, lang: str, wanted: Standards = PDFA_2B_ONLY
) -> bytes:
    """The XMP packet; every value from the Info dictionary, escaped as XML text."""

    def alt(tag: str, value: str | None) -> str:
        if not value:
            return ""
        li = f'<rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
        return f"<{tag}><rdf:Alt>{li}</rdf:Alt></{tag}>"

    def simple(tag: str, value: str | None) -> str:
        return f"<{tag}>{escape(value)}</{tag}>" if value else ""

    author = info.get("/Author")
    created = _xmp_date(info.get("/CreationDate"))
    modified = _xmp_date(info.get("/ModDate")) or created
    fields = [
        simple("pdfaid:part", str(wanted.part) if wanted.pdfa else None),
        simple("pdfaid:conformance", wanted.conformance or None),
        simple("pdfuaid:part", "1" if wanted.ua else None),
        simple("dc:format", "application/pdf"),
        alt("dc:title", info.get("/Title")),
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
        if author
        else "",
        alt("dc:description", info.get("/Subject")),
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>"
        if lang
        else "",
        simple("pdf:Keywords", info.get("/Keywords")),
        simple("pdf:Producer", info.get("/Producer")),
        simple("xmp:CreatorTool", info.get("/Creator")),
        simple("xmp:CreateDate", created),
        simple("xmp:ModifyDate", modified),
        simple("xmp:MetadataDate", modified),
        simple("xmpMM:DocumentID", document_id),
    ]
    body = "\n   ".join(f for f in fields if f)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   {body}
  </rdf:Description>
  {_UA_SCHEMA if wanted.ua and wanted.pdfa else ""}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return packet.encode("utf-8")


def _metadata_stream(xmp: bytes) -> StreamObject:
    # Left unfiltered so that tools that do not parse PDF can still find the packet.
    stream = DecodedStreamObject()
    stream.set_data(xmp)
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream


@cache
def _icc(file: str) -> bytes:
    return (ICC_DIR / file).read_bytes()


def _output_intent(writer: PdfWriter, profile: Profile) -> DictionaryObject:
    icc = DecodedStreamObject()
    icc.set_data(_icc(profile.file))
    icc[NameObject("/N")] = NumberObject(profile.components)
    encoded = icc.flate_encode()
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(profile.identifier),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/Info"): TextStringObject(profile.info),
            NameObject("/DestOutputProfile"): writer._add_object(encoded),
        }
    )


def _printable_annotations(writer: PdfWriter) -> None:
    """PDF/A: annotations must print and must not be hidden (links included)."""
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            annot[NameObject("/F")] = NumberObject(PRINT_FLAG)


def _no_need_appearances(writer: PdfWriter) -> None:
    """PDF/A 6.4.1: a viewer must not redraw form fields; every widget has its own
    appearance (`_annotation_problems`), so an annex's `/NeedAppearances` goes."""
    form = writer.root_object.get("/AcroForm")
    if form is not None:
        form.get_object().pop(NameObject("/NeedAppearances"), None)


def _unambiguous_stream_ends(writer: PdfWriter) -> None:
    """Wrap in ASCII85 any stream whose encoded bytes end in CR (about 1 in 256 do).

    Recompressing cannot help: zlib data ends with the Adler-32 of the content.
    ASCII85 data ends with `~>`, and the stream stays losslessly the same.
    """
    for obj in writer._objects:
        if not isinstance(obj, StreamObject) or not obj._data.endswith(b"\r"):
            continue
        filters = obj.get("/Filter")
        names = [filters] if isinstance(filters, NameObject) else list(filters or [])
        if obj.get("/DecodeParms") is not None:
            continue  # ReportLab writes none; leave foreign streams alone
        obj._data = base64.a85encode(obj._data) + b"~>"
        chain = [NameObject("/ASCII85Decode"), *(NameObject(str(n)) for n in names)]
        obj[NameObject("/Filter")] = ArrayObject(chain)


_WRONG_SPACE = {"rgb": "/DeviceCMYK", "cmyk": "/DeviceRGB"}
_WRONG_OPS = {"rgb": {b"k", b"K"}, "cmyk": {b"rg", b"RG"}}


def _problems(writer: PdfWriter, color_model: str) -> list[str]:
    """What PDF/A-2b forbids and we cannot repair: unembedded fonts, the other device colour."""
    found: list[str] = []
    seen: set[int] = set()
    for number, page in enumerate(writer.pages, start=1):
        try:
            found += _check_resources(page, page.get("/Resources"), number, color_model, seen)
            found += [f"page {number}: {p}" for p in _annotation_problems(page)]
        except (AttributeError, TypeError, ValueError, KeyError, NotImplementedError,
                DeprecationError):
            # An annex's font or form that is null or of the wrong type, a stream that
            # does not decode, or whose filter is spelt as only inline images may
            # (pypdf's DeprecationError; found by fuzzing): nothing we could call conformant.
            found.append(f"page {number}: its fonts, images or drawing cannot be read")
    return list(dict.fromkeys(found))


def _annotation_problems(page: PageObject) -> list[str]:
    """PDF/A 6.3.3: an annotation other than a link or popup draws from its own
    appearance stream (an annex's sticky note without one failed the validator)."""
    out = []
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        kind = str(annot.get("/Subtype", "/Unknown")).lstrip("/")
        if kind in ("Link", "Popup") or _no_area(annot.get("/Rect")):
            continue
        appearance = annot.get("/AP")
        if appearance is None or "/N" not in appearance.get_object():
            out.append(f"a {kind} annotation has no appearance stream")
    return out


def _no_area(rect: Any) -> bool:
    try:
        x0, y0, x1, y1 = (float(n) for n in rect or [])
    except (TypeError, ValueError):  # annexes.py has reported a malformed /Rect already
        return False
    return x0 == x1 or y0 == y1


def _check_resources(
    content: Any, resources: Any, page: int, model: str, seen: set[int]
) -> list[str]:
    """Problems of one page or form and, recursively, the forms it draws."""
    res = resources.get_object() if resources is not None else {}
    out = [f"page {page}: {p}" for p in _font_problems(res) + _colour_problems(content, res, model)]
    for ref in (res.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        if xobject.get("/Subtype") == "/Image":
            if xobject.get("/ColorSpace") == _WRONG_SPACE[model]:
                out.append(f"page {page}: {_WRONG_SPACE[model][1:]} image in a {model} layout")
        else:
            out += _check_resources(xobject, xobject.get("/Resources"), page, model, seen)
    return out


def _font_problems(res: Any) -> list[str]:
    out = []
    for ref in (res.get("/Font") or {}).values():
        font = ref.get_object()
        base = font.get("/DescendantFonts", [font])[0].get_object()
        descriptor = base.get("/FontDescriptor")
        files = ("/FontFile", "/FontFile2", "/FontFile3")
        embedded = descriptor is not None and any(k in descriptor.get_object() for k in files)
        if font.get("/Subtype") != "/Type3" and not embedded:
            out.append(f"font {str(font.get('/BaseFont')).lstrip('/')} is not embedded")
    return out


def _colour_problems(content: Any, res: Any, model: str) -> list[str]:
    wrong = f"{_WRONG_SPACE[model][1:]} colour in a {model} layout"
    spaces = [s.get_object() for s in (res.get("/ColorSpace") or {}).values()]
    data = content.get_contents() if isinstance(content, PageObject) else content
    ops = _operators(data.get_data()) if data is not None else set()
    return [wrong] if _WRONG_SPACE[model] in spaces or _WRONG_OPS[model] & ops else []


_TOKEN = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[^<>]*>|[A-Za-z'\"*]+")


def _operators(content: bytes) -> set[bytes]:
    """The operator names in a content stream (strings skipped, so text cannot fool it)."""
    return {m.group() for m in _TOKEN.finditer(content) if not m.group().startswith((b"(", b"<"))}
