"""Annex pages as they come out of a build: each with its own footer, and nothing that runs.

The catalogue (tests/bad/) holds the annexes that are refused or warned of; these
tests read the built PDF back to see what appending did to the pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.pdfgen import canvas

from ..conftest import MINIMAL, CliResult

BRIEF = MINIMAL + "annexes:\n  - title: The treaty\n    file: annex.pdf\n"


def _one_page() -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=(300, 400))
    drawing.drawString(50, 50, "annex text")
    drawing.linkURL("https://example.org/", (40, 40, 200, 70))
    drawing.showPage()
    drawing.save()
    return out.getvalue()


def test_annex_pages_sharing_one_content_stream_each_get_their_own_footer(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    # As `qpdf --pages x.pdf 1,1,1` writes them: three pages, one /Contents object.
    writer = PdfWriter(clone_from=io.BytesIO(_one_page()))
    for _ in range(2):
        writer.add_page(writer.pages[0])
    shared = {page.get("/Contents").idnum for page in writer.pages}  # type: ignore[union-attr]
    assert len(shared) == 1
    writer.write(tmp_path / "annex.pdf")
    (tmp_path / "brief.yaml").write_text(BRIEF, encoding="utf-8")

    result = cli("brief.yaml", "--out-dir", "out")

    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], 2):
        text = page.extract_text()
        footers = [f"Page {n} of {total}" for n in range(1, total + 1) if f"Page {n} of" in text]
        assert footers == [f"Page {number} of {total}"], text


def test_actions_that_run_or_open_files_are_removed_from_annex_pages(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(_one_page()))
    page = writer.pages[0]
    web = page["/Annots"][0].get_object()  # type: ignore[index]
    run = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                            NameObject("/JS"): TextStringObject("app.alert(1)")})
    local = DictionaryObject({NameObject("/S"): NameObject("/URI"),
                              NameObject("/URI"): TextStringObject("file:///etc/passwd")})
    for action in (run, local):
        annot = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (0, 0, 10, 10)]),
            NameObject("/A"): action,
        })
        page["/Annots"].append(writer._add_object(annot))  # type: ignore[index]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): run})
    writer.write(tmp_path / "annex.pdf")
    (tmp_path / "brief.yaml").write_text(BRIEF, encoding="utf-8")

    result = cli("brief.yaml", "--out-dir", "out")

    assert result.code == 0, result.err
    assert "page 1 has actions run when it opens or closes: removed" in result.err
    assert "(2 more removed)" in result.err
    out = PdfReader(tmp_path / "out" / "brief.pdf")
    annex = out.pages[-1]
    assert "/AA" not in annex
    uris = [a.get_object()["/A"].get("/URI") for a in annex.get("/Annots") or []]
    assert uris == [web["/A"]["/URI"]]
    raw = (tmp_path / "out" / "brief.pdf").read_bytes()
    assert b"/JavaScript" not in raw and b"file:" not in raw


def _with_resources(procset: object, content: bytes) -> bytes:
    """The one-page annex with its /ProcSet and its content replaced."""
    from pypdf.generic import DecodedStreamObject

    writer = PdfWriter(clone_from=io.BytesIO(_one_page()))
    page = writer.pages[0]
    resources = page["/Resources"].get_object()
    resources[NameObject("/ProcSet")] = procset
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_annexes_that_broke_the_final_write_are_errors_at_their_line(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    # Found by fuzzing mutated annexes (issue 13): a /ProcSet that is a string had
    # its characters added to the footer's as plain str ("'str' object has no attribute
    # 'write_to_stream'" from PdfWriter.write under --pdf-standard pdfa-2a); one that
    # holds a number could not be sorted; an unknown operator after two numbers
    # ("50 1R61") was written back as "50 1 R61", an object reference, and not read again.
    text = b"BT /F1 12 Tf 40 350 Td (Annex) Tj ET\n"
    cases = {
        "a string '/PDF', not an array": _with_resources(TextStringObject("/PDF"), text),
        "a number 0, not a name": _with_resources(
            ArrayObject([NameObject("/PDF"), NumberObject(0)]), text
        ),
        "the unknown operator 'R61'": _with_resources(
            ArrayObject([NameObject("/PDF")]), text + b"50 1R61\n"
        ),
    }
    (tmp_path / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    for said, annex in cases.items():
        (tmp_path / "annex.pdf").write_bytes(annex)
        for standard in ("pdfa-2a", "ua-1", "pdfa-2b"):
            result = cli("brief.yaml", "--out-dir", "out", "--pdf-standard", standard)

            assert result.code == 1, (said, standard, result.err)
            assert result.err.startswith("brief.yaml:15:11: error: annexes[0].file: 'annex.pdf'")
            assert said in result.err and "Traceback" not in result.err, result.err
            assert not (tmp_path / "out").exists()
