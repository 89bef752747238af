"""Text from a brief is data: reportlab markup and HTML are printed literally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult, pdf_text

HOSTILE = 'Use <b>bold</b>, <img src="/etc/passwd"/>, &amp; and a < b > c.'


def test_markup_in_brief_text_appears_literally(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    text = MINIMAL.replace("Some background.", f"'{HOSTILE}'").replace(
        "title: Test Brief", "title: 'A <font color=red>title</font> & <para>'"
    )
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    extracted = " ".join(pdf_text(path.parent / "build" / "brief.pdf").split())
    assert HOSTILE.replace('"/etc/passwd"', "“/etc/passwd”") in extracted  # quotes typeset
    assert "A <font color=red>title</font> & <para>" in extracted


def test_a_url_scheme_in_capitals_is_accepted_and_linked_in_lowercase(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    """Schemes are case-insensitive (RFC 3986): `HTTPS://` is a web address."""
    path = brief_file(
        MINIMAL.replace(
            "background: Some background.",
            "background: See [the report](HTTP://Example.org/Report) [@r1].",
        )
        + "references:\n  - id: r1\n    title: A report\n    url: HTTPS://Example.org/R1\n"
    )
    result = cli(path, "-o", tmp_path / "out.pdf")
    assert result.code == 0, result.err
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in PdfReader(tmp_path / "out.pdf").pages
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/A", {}).get("/S") == "/URI"
    }
    assert uris == {"http://Example.org/Report", "https://Example.org/R1"}


def test_an_authors_email_links_their_name_and_a_bad_one_is_an_error(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    authors = "authors:\n  - {name: Jane Doe, role: Director, email: jane@example.org}\n"
    path = brief_file(MINIMAL + authors)
    result = cli(path, "-o", tmp_path / "out.pdf")
    assert result.code == 0, result.err
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots") or []]
    assert uris == ["mailto:jane@example.org"]
    assert "Jane Doe, Director" in (page.extract_text() or "")
    bad = brief_file(MINIMAL + authors.replace("jane@example.org", "jane at example"))
    result = cli(bad, "-o", tmp_path / "bad.pdf")
    assert result.code == 1
    assert "error: authors[0].email: 'jane at example' is not an email address" in result.err
