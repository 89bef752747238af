"""About the authors and publication details (spec 1.1): the last blocks, in the
section order; the licence by name with its link; a suggested citation made from
the brief when it gives none; the URL as a QR code on layouts that print them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import MINIMAL, CliResult, normalise, pdf_text

BRIEF = MINIMAL.replace(
    "title: Test Brief\n",
    """title: Test Brief
subtitle: What it means
series: Policy Brief 2025/01
authors:
  - { name: Ada Analyst, bio: "Ada Analyst leads the security programme." }
  - { name: Ben Writer, bio: Covers Europe. }
organization: { name: Example Institute }
""",
) + """contact: { name: Press office, email: press@example.org }
publication:
  doi: 10.5555/example.2025.01
  url: https://example.org/briefs/2025-01
  license: CC-BY-4.0
  copyright: © 2025 Example Institute
  funding: Funded by the Example Foundation.
editions:
  short: { sections: [summary, publication, about] }
"""


def _built(cli: Callable[..., CliResult], path: Path, *args: str) -> None:
    result = cli(path, *args)
    assert result.code == 0, result.err


def test_publication_details_and_about_the_authors(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    _built(cli, brief_file(BRIEF), "--out-dir", str(tmp_path))
    text = normalise(pdf_text(tmp_path / "brief.pdf"))
    assert normalise(
        "About the authors Ada Analyst leads the security programme. Ben Writer Covers Europe."
        " Publication details Suggested citation: Ada Analyst and Ben Writer (2025). Test Brief:"
        " What it means. Policy Brief 2025/01. Example Institute."
        " https://doi.org/10.5555/example.2025.01 DOI: https://doi.org/10.5555/example.2025.01"
        " URL: https://example.org/briefs/2025-01"
        " Licence: Creative Commons Attribution 4.0 International © 2025 Example Institute"
        " Contact: Press office, press@example.org Funding: Funded by the Example Foundation."
    ) in text
    # An edition's order puts them where it says; they stay the last blocks by default.
    short = normalise(pdf_text(tmp_path / "brief--short.pdf"))
    assert short.index(normalise("Publication details")) < short.index(normalise("About the"))


def test_licence_links_to_its_deed(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    _built(cli, brief_file(BRIEF), "--out-dir", str(tmp_path))
    uris = [
        a.get_object()["/A"].get("/URI")
        for page in PdfReader(tmp_path / "brief.pdf").pages
        for a in page.get("/Annots") or []
        if "/A" in a.get_object()
    ]
    assert "https://creativecommons.org/licenses/by/4.0/" in uris
    assert "https://doi.org/10.5555/example.2025.01" in uris
    assert "mailto:press@example.org" in uris


def test_url_as_qr_code_on_the_handout(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    _built(cli, brief_file(BRIEF), "--layout", "handout", "--out-dir", str(tmp_path))
    reader = PdfReader(tmp_path / "brief.pdf")
    alts = _figure_alts(reader)
    assert "https://example.org/briefs/2025-01" in alts  # the QR code, a Figure
    # The code sits beside the URL's line and those after it, which follow one another
    # at the line spacing: beside the URL's line alone it left a gap three lines tall.
    baselines: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        for label in ("URL:", "Licence:", "©"):
            if text.strip().startswith(label):
                baselines.setdefault(label, tm[5] * cm[3] + cm[5])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    gaps = [baselines["URL:"] - baselines["Licence:"], baselines["Licence:"] - baselines["©"]]
    assert gaps[0] == pytest.approx(gaps[1], abs=0.5), baselines


def _figure_alts(reader: PdfReader) -> list[str]:
    alts: list[str] = []

    def walk(node: object, depth: int = 0) -> None:
        node = getattr(node, "get_object", lambda: node)()
        if depth > 40:
            return
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            walk(node.get("/K"), depth + 1)
        elif isinstance(node, list):
            for kid in node:
                walk(kid, depth + 1)

    walk(reader.root_object["/StructTreeRoot"])
    return alts


def test_an_authors_photo_prints_left_of_the_bio_with_the_name_as_alt_text(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    from PIL import Image

    Image.new("RGB", (300, 400), (90, 120, 160)).save(tmp_path / "ada.jpg")
    text = BRIEF.replace(
        'bio: "Ada Analyst leads the security programme." }',
        'bio: "Ada Analyst leads the security programme.", photo: ada.jpg }',
    )
    out = tmp_path / "out"
    _built(cli, brief_file(text), "--out-dir", str(out), "--layout", "briefing")
    reader = PdfReader(out / "brief.pdf")
    assert "Photo of Ada Analyst" in _figure_alts(reader)
    widths: list[int] = []  # the pixel width of each image embedded
    bio_x: list[float] = []  # where the bio's first line starts, on the page

    for page in reader.pages:

        def text_at(t: str, cm: list[float], tm: list[float], *_: object) -> None:
            if t.startswith("Ada Analyst leads"):
                bio_x.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

        page.extract_text(visitor_text=text_at)
        widths += [image.image.width for image in page.images if image.image]
    assert widths == [300]  # the photo itself, embedded once
    # the bio is set to the right of the 18 mm photo (left margin 20 mm), not under it
    assert bio_x and bio_x[0] > (20 + 18) * 72 / 25.4
    # the name is not printed again in bold before a bio that opens with it
    assert "Ada Analyst Ada Analyst" not in normalise(pdf_text(out / "brief.pdf"))


def test_a_missing_photo_is_an_error_at_its_line(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    text = BRIEF.replace(
        'bio: "Ada Analyst leads the security programme." }',
        'bio: "Ada Analyst leads the security programme.", photo: ada.jpg }',
    )
    result = cli(brief_file(text), "--check")
    assert result.code == 1
    assert "error: authors[0].photo: file 'ada.jpg' not found" in result.err
    assert ":5:" in result.err  # the line of the first author


def test_the_licence_is_in_the_xmp_rights_metadata(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ET

    _built(cli, brief_file(BRIEF), "--out-dir", str(tmp_path))
    for name in ("brief.pdf", "brief--short.pdf"):
        packet = PdfReader(tmp_path / name).root_object["/Metadata"].get_object().get_data()
        root = ET.fromstring(packet.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
        ns = {
            "dc": "http://purl.org/dc/elements/1.1/",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
        }
        rights = root.find(".//dc:rights/rdf:Alt/rdf:li", ns)
        assert rights is not None and rights.text == (
            "© 2025 Example Institute. Creative Commons Attribution 4.0 International"
        )
        assert root.findtext(".//xmpRights:Marked", namespaces=ns) == "True"
        web = root.findtext(".//xmpRights:WebStatement", namespaces=ns)
        assert web == "https://creativecommons.org/licenses/by/4.0/"


def test_a_public_domain_work_is_not_rights_marked(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    text = BRIEF.replace(
        "  license: CC-BY-4.0\n  copyright: © 2025 Example Institute\n",
        "  license: public-domain\n",
    )
    _built(cli, brief_file(text), "--out-dir", str(tmp_path))
    packet = PdfReader(tmp_path / "brief.pdf").root_object["/Metadata"].get_object().get_data()
    assert b"<xmpRights:Marked>False</xmpRights:Marked>" in packet
    assert b">Public domain</rdf:li>" in packet
    assert b"WebStatement" not in packet


def test_the_suggested_citation_never_doubles_a_title_s_question_mark(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    text = BRIEF.replace("subtitle: What it means\n", "subtitle: Does it work?\n")
    _built(cli, brief_file(text), "--out-dir", str(tmp_path))
    printed = " ".join(pdf_text(tmp_path / "brief.pdf").split())
    assert "Test Brief: Does it work? Policy Brief 2025/01. Example Institute." in printed
