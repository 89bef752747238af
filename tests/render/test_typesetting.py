"""Typography publishers expect (issue 16 item 6): straight quotes become the
language's own, `--` and `---` dashes, and no-break spaces where the language wants
them. Quotes and dashes are read back from the PDF each brief builds; no-break spaces
from the parsed text and from where lines break (reportlab's TrueType subsetter writes
U+00A0 as the space glyph's code 32, so the PDF's text reads a plain space there)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policybrief.load.typography import line
from policybrief.model.labels import Typography
from tests.conftest import MINIMAL, CliResult, pdf_text

NBSP = "\u00a0"
BODY = """'He said "no" -- it''s 50 % of 3 km --- and options (a), (b) and (c)...'"""


def _printed(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path, lang: str
) -> str:
    text = MINIMAL.replace("Some background.", BODY).replace(
        "title: Test Brief", f'title: The "{lang}" brief\nlanguage: {lang}'
    )
    path = brief_file(text)
    result = cli(path, "-o", tmp_path / f"{lang}.pdf")
    assert result.code == 0, result.err
    return pdf_text(tmp_path / f"{lang}.pdf")


@pytest.mark.parametrize(
    ("lang", "quoted", "title"),
    [
        ("en", "He said “no” – it’s 50 % of 3 km — and", "The “en” brief"),
        ("de", "He said „no“ – it’s 50 % of 3 km — and", "The „de“ brief"),
        ("fr", "He said « no » – it’s 50 % of 3 km — and", "The « fr » brief"),
        ("uk", "He said «no» – it’s 50 % of 3 km — and", "The «uk» brief"),
        ("pl", "He said „no” – it’s 50 % of 3 km — and", "The „pl” brief"),
        ("es", "He said «no» – it’s 50 % of 3 km — and", "The «es» brief"),
    ],
)
def test_quotes_dashes_and_spaces_in_each_language(
    cli: Callable[..., CliResult],
    brief_file: Callable[..., Path],
    tmp_path: Path,
    lang: str,
    quoted: str,
    title: str,
) -> None:
    printed = " ".join(_printed(cli, brief_file, tmp_path, lang).split(" "))
    flat = " ".join(printed.replace("\n", " ").split(" "))
    assert quoted in flat
    assert title in flat
    # "(c)" is a letter in a list here, never ©; three dots are an ellipsis.
    assert "(a), (b) and (c)…" in flat
    assert '"' not in flat and "'" not in flat


def test_no_break_spaces_tie_numbers_units_and_dates() -> None:
    from policybrief.load import markup
    from policybrief.load.labels import language
    from policybrief.model.inline import Para, Run

    (para,) = markup.parse("It is 50 % of 3 km, or 7 bn.", Typography())
    assert isinstance(para, Para)
    text = "".join(i.text for i in para.inlines if isinstance(i, Run))
    assert text == f"It is 50{NBSP}% of 3{NBSP}km, or 7{NBSP}bn."
    import datetime as dt

    day = dt.date(2025, 8, 20)
    assert language("en").format_date(day) == f"20{NBSP}August{NBSP}2025"
    assert language("de").format_date(day) == f"20.{NBSP}August{NBSP}2025"


def test_a_date_is_never_broken_across_lines(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    """A reference's "accessed 20 August 2025" at a line end moves down whole."""
    from pypdf import PdfReader

    refs = "".join(
        f"  - {{id: r{i}, title: {'Ab ' * i}, url: 'https://example.org/{i}',"
        f" accessed: 2025-08-20}}\n"
        for i in range(1, 41)  # one title per length: some end a line inside the date
    )
    cited = " ".join(f"[@r{i}]" for i in range(1, 41))
    text = MINIMAL.replace("Some background.", f"Some background {cited}.") + "references:\n" + refs
    result = cli(brief_file(text), "-o", tmp_path / "r.pdf")
    assert result.code == 0, result.err
    pages = PdfReader(tmp_path / "r.pdf").pages
    lines = [ln for page in pages for ln in page.extract_text().splitlines()]
    for ln in lines:
        assert not ln.rstrip().endswith(("accessed 20", "20 August", "accessed 20 August")), ln
    assert sum("20 August 2025" in ln for ln in lines) == 40


def test_code_and_links_keep_their_straight_characters() -> None:
    from policybrief.load import markup
    from policybrief.model.inline import Para, Run

    english = Typography()
    (para,) = markup.parse('Run `say "hi" -- now` and [it](https://x.org/a--b "t").', english)
    assert isinstance(para, Para)
    runs = [i for i in para.inlines if isinstance(i, Run)]
    assert any(r.text == 'say "hi" -- now' and r.code for r in runs)
    assert any(r.href == "https://x.org/a--b" for r in runs)


def test_french_spaces_before_high_punctuation() -> None:
    quotes = ("«\u00a0", "\u00a0»", "“", "”")
    french = Typography(quotes=quotes, space_before=";:!?»", space_after="«")
    assert line("Vraiment ? Oui : « déjà » !", french) == (
        f"Vraiment{NBSP}? Oui{NBSP}: «{NBSP}déjà{NBSP}»{NBSP}!"
    )
    # English has no space to tie before punctuation.
    assert line("Really? Yes: now!", Typography()) == "Really? Yes: now!"


def test_an_address_printed_as_text_is_never_hyphenated() -> None:
    """A suggested citation ends in its URL as text: "https://exam-/ple.org" would read
    as another address (found by the page review); words around it still break."""
    from policybrief.render.hyphenation import hyphenator
    from policybrief.render.linebreak import SHY, soft_hyphens

    english = hyphenator("en_GB")
    assert english is not None
    text = "Suggested https://example.org/briefs/2025-07 and press@example.org, documentation"
    marked = soft_hyphens(text, english)
    assert "https://example.org/briefs/2025-07" in marked
    assert "press@example.org," in marked
    assert SHY in marked.split()[-1]  # "documentation" may still break
