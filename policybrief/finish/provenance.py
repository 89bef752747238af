"""Provenance: what a PDF was built from, carried inside it (spec cli.md 1.1).

Every PDF carries a manifest (`make_brief.json`: the version of make_brief, the
edition, the options that change the output, and each input file with its
SHA-256) in its XMP metadata, under the namespace `NS` and declared as a PDF/A
extension schema (ISO 19005-2 6.6.2.3), so that a PDF/A file stays valid.

The input files themselves (the brief, its layout chain, the logos, annexes and
exhibit files it names) travel as embedded files, except:

- with `--no-source` (a brief may hold notes not meant for readers): digests only;
- under a PDF/A-2 level, which admits only PDF/A files as attachments (ISO
  19005-2 6.8): digests only, and `--verify` needs the files beside the PDF;
- under a PDF/A-3 level they are associated files of the document (ISO 19005-3
  6.8: `/AF` on the catalog, `/AFRelationship /Source`, a MIME `/Subtype`).

Names are paths relative to the folder that holds every input (the brief's, or
above it for a project's `layouts/`); the layouts shipped with make_brief are
named `make_brief/layouts/NAME.yaml`. Nothing here depends on where or when the
build ran, so that a rebuild gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from policybrief.finish.incremental import Appender

NS = "https://make-brief.example/ns/provenance/1.0/"  # an identifier, never fetched
PREFIX = "mbp"
MANIFEST = "make_brief.json"
SHIPPED = "make_brief/"  # the prefix of files that ship with make_brief
PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Input:
    name: str  # as recorded: a relative POSIX path, or SHIPPED + path in the package
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Record:
    """What one PDF was built from: enough to build it again."""

    version: str
    brief: str  # the name of the brief among `inputs`
    edition: str
    # The layout file the target used, by its recorded name: the rebuild passes it as
    # --layout, which gives the same PDF whether the brief, the edition or --layout chose it.
    layout: str
    pdf_standard: str | None
    epoch: int | None  # SOURCE_DATE_EPOCH, which sets the PDF's dates
    inputs: tuple[Input, ...]
    carried: bool  # the inputs are embedded (else only their digests are in the XMP)
    # "pack": `brief` names a meeting pack, which --verify rebuilds with --pack; a brief's
    # manifest leaves the key out (so its PDFs are as they were before packs had one).
    kind: str = "brief"

    def manifest(self) -> dict[str, object]:
        kind: dict[str, object] = {} if self.kind == "brief" else {"kind": self.kind}
        return kind | {
            "make_brief": self.version,
            "brief": self.brief,
            "edition": self.edition,
            "layout": self.layout,
            "pdf_standard": self.pdf_standard,
            "source_date_epoch": self.epoch,
            "files_embedded": self.carried,
            "files": {i.name: i.sha256 for i in self.inputs},
        }


def record_of(
    brief: Path,
    inputs: list[Path],
    *,
    version: str,
    edition: str,
    layout_file: Path,
    pdf_standard: str | None,
    epoch: int | None,
    carried: bool,
    kind: str = "brief",
) -> Record:
    """The record of a build from the brief and the files it read (any order, repeats ok)."""
    paths = sorted({p.resolve() for p in [brief, layout_file, *inputs]})
    own = [p for p in paths if not p.is_relative_to(PACKAGE_DIR)]
    root = Path(os.path.commonpath([p.parent for p in own]))

    def name(path: Path) -> str:
        if path.is_relative_to(PACKAGE_DIR):
            return SHIPPED + path.relative_to(PACKAGE_DIR).as_posix()
        return path.relative_to(root).as_posix()

    return Record(
        version=version,
        brief=name(brief.resolve()),
        edition=edition,
        layout=name(layout_file.resolve()),
        pdf_standard=pdf_standard,
        epoch=epoch,
        inputs=tuple(Input(name(p), p.read_bytes()) for p in paths),
        carried=carried,
        kind=kind,
    )


def attach(pdf: bytes, record: Record, described: str = "") -> bytes:
    """The PDF with its record: the manifest in the XMP, the inputs embedded where allowed;
    `described`, more XMP descriptions (the rights), joins the packet in the same pass.

    Runs last, after PDF/A conversion: it adds to the XMP that conversion wrote.
    """
    # An incremental update (ISO 32000-1 7.5.6): the PDF as rendered stays byte for byte,
    # with our objects after it; reading and writing cost only them (finish/incremental).
    appender = Appender(pdf)
    add(appender, record, described)
    return appender.write()


def add(writer: PdfWriter | Appender, record: Record, described: str = "") -> None:
    """The record added to a document being written (what `attach` adds): a meeting
    pack's merge adds it before it writes, rather than reading its pages back."""
    standard = record.pdf_standard or ""
    # A list such as "pdfa-2a,ua-1" (model/standards.py): the PDF/A part decides.
    embed = record.carried and "pdfa-2" not in standard
    manifest = json.dumps(record.manifest(), indent=1, sort_keys=True).encode()
    if embed:
        files = [Input(MANIFEST, manifest), *record.inputs]
        _embed(writer, files, associated="pdfa-3" in standard)
    _add_xmp(writer, manifest.decode(), described)


def _embed(writer: PdfWriter | Appender, files: list[Input], associated: bool) -> None:
    """An EmbeddedFiles name tree (ISO 32000-1 7.11.4), sorted by name; under PDF/A-3
    each file spec is also listed in the catalog's /AF as the document's source."""
    specs = ArrayObject()
    names = ArrayObject()
    for item in sorted(files, key=lambda f: f.name):
        stream = DecodedStreamObject()
        stream.set_data(item.data)
        stream.update(
            {
                NameObject("/Type"): NameObject("/EmbeddedFile"),
                NameObject("/Subtype"): NameObject(_mime(item.name)),
                NameObject("/Params"): DictionaryObject(
                    {NameObject("/Size"): NumberObject(len(item.data))}
                ),
            }
        )
        compressed = stream.flate_encode()
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject(item.name),
                NameObject("/UF"): TextStringObject(item.name),
                NameObject("/Desc"): TextStringObject(_description(item.name)),
                NameObject("/EF"): DictionaryObject(
                    {
                        NameObject("/F"): writer._add_object(compressed),
                        NameObject("/UF"): writer._add_object(compressed),
                    }
                ),
            }
        )
        if associated:
            spec[NameObject("/AFRelationship")] = NameObject("/Source")
        ref = writer._add_object(spec)
        specs.append(ref)
        names.extend([TextStringObject(item.name), ref])
    root = writer._root_object
    tree = DictionaryObject({NameObject("/Names"): names})
    found = root.get("/Names")
    name_dict = found.get_object() if found is not None else DictionaryObject()
    assert isinstance(name_dict, DictionaryObject)
    if found is None:
        root[NameObject("/Names")] = writer._add_object(name_dict)
    name_dict[NameObject("/EmbeddedFiles")] = writer._add_object(tree)
    if associated:
        root[NameObject("/AF")] = specs


def _mime(name: str) -> str:
    # A /Subtype is a PDF name: "/" inside it is written #2F (ISO 32000-1 7.3.5).
    suffix = name.rsplit(".", 1)[-1].lower()
    kinds = {
        "yaml": "application#2Fyaml",
        "yml": "application#2Fyaml",
        "json": "application#2Fjson",
        "csv": "text#2Fcsv",
        "bib": "text#2Fx-bibtex",
        "pdf": "application#2Fpdf",
        "png": "image#2Fpng",
        "jpg": "image#2Fjpeg",
        "jpeg": "image#2Fjpeg",
        "svg": "image#2Fsvg+xml",
    }
    return "/" + kinds.get(suffix, "application#2Foctet-stream")


def _description(name: str) -> str:
    if name == MANIFEST:
        return "make_brief: what this PDF was built from, with SHA-256 digests"
    if name.startswith(SHIPPED):
        return "a layout shipped with make_brief"
    return "a source file of this PDF"


# The extension schema PDF/A requires for a namespace of its own (ISO 19005-2 6.6.2.3).
_EXTENSION = f"""<rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>make_brief provenance</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>{NS}</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>manifest</pdfaProperty:name>
     <pdfaProperty:valueType>Text</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>what make_brief built this PDF from: JSON with \
SHA-256 digests</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:{PREFIX}="{NS}">
   <{PREFIX}:manifest>{{manifest}}</{PREFIX}:manifest>
  </rdf:Description>
"""

_EMPTY_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _add_xmp(writer: PdfWriter | Appender, manifest: str, described: str = "") -> None:
    """Our descriptions added inside the document's XMP packet (one is made if none)."""
    root = writer._root_object
    existing = root.get("/Metadata")
    packet = existing.get_object().get_data().decode("utf-8") if existing else _EMPTY_XMP
    ours = _EXTENSION.replace("{manifest}", escape(manifest))
    bag = "</rdf:Bag></pdfaExtension:schemas>"
    if bag in packet:
        # PDF/A allows one pdfaExtension:schemas (PDF/UA's pdfuaid is declared there
        # already, finish/pdfa.py): our schema joins its Bag, our manifest follows.
        start = ours.index('<rdf:li rdf:parseType="Resource">')
        schema = ours[start : ours.index(bag)]
        manifest_part = ours[ours.index("</rdf:Description>") + len("</rdf:Description>") :]
        at = packet.index(bag)
        packet = packet[:at] + schema + packet[at:]
        ours = manifest_part.lstrip()
    at = packet.rindex("</rdf:RDF>")
    packet = packet[:at] + described + ours + " " + packet[at:]
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))  # uncompressed: XMP is meant to be found (6.6.2.1)
    stream.update(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    root[NameObject("/Metadata")] = writer._add_object(stream)


@dataclass(frozen=True)
class Carried:
    """What a PDF says it was built from, read back."""

    manifest: dict[str, object]
    files: dict[str, bytes]  # the embedded files by name (empty when only digests travel)


class NoRecord(Exception):
    """The PDF carries no make_brief record (or it cannot be read as a PDF)."""


def read(pdf: bytes) -> Carried:
    """The manifest from the XMP and the embedded inputs; `NoRecord` if there is none."""
    import logging

    # pypdf logs what it repairs; a foreign file's oddities are not the user's to read.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(pdf))
        meta = reader.root_object.get("/Metadata")
        packet = meta.get_object().get_data().decode("utf-8") if meta else ""
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise NoRecord(f"it cannot be read as a PDF ({exc})") from None
    manifest = _manifest_from(packet)
    if manifest is None:
        raise NoRecord("it carries no make_brief record: it was not made by make_brief")
    files: dict[str, bytes] = {}
    try:
        for name, contents in reader.attachments.items():
            if contents:
                files[name] = contents[0]
    except Exception as exc:
        raise NoRecord(f"its embedded files cannot be read ({exc})") from None
    return Carried(manifest, files)


def _manifest_from(packet: str) -> dict[str, object] | None:
    from lxml import etree

    # No entities, no network: the packet of a foreign PDF is untrusted text.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    body = packet[packet.find("<x:xmpmeta") :] if "<x:xmpmeta" in packet else packet
    body = body[: body.rfind("</x:xmpmeta>") + len("</x:xmpmeta>")]
    try:
        tree = etree.fromstring(body.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None
    found = tree.find(f".//{{{NS}}}manifest")
    if found is None or not found.text:
        return None
    try:
        value = json.loads(found.text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
