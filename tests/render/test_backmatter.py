"""About the authors and publication details (spec 1.1): the last blocks, in the
section order; the licence by name with its link; a suggested citation made from
the brief when it gives none; the URL as a QR code on layouts that print them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
    assert "https://example.org/briefs/2025-01" in alts  # the QR code, a Figure
