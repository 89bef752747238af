"""Page numbers as readers see them (layout `page_numbers`): none on the title page,
"Page 1" rather than "Page 1 of 1" on a one-page brief, both back when a layout asks."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from policybrief.render.pages import without_total

from ..conftest import MINIMAL, CliResult

Cli = Callable[..., CliResult]

FOOTER = 'footer: {left: "FOOT-LEFT", right: "{page_label}"}\n'


def _texts(cli: Cli, tmp_path: Path, brief: str, layout: str = "") -> list[str]:
    footer = "" if "footer:" in layout else FOOTER
    (tmp_path / "mine.yaml").write_text(
        "extends: standard\n" + footer + textwrap.dedent(layout), encoding="utf-8"
    )
    (tmp_path / "brief.yaml").write_text("layout: mine.yaml\n" + brief, encoding="utf-8")
    result = cli("brief.yaml", "--out-dir", "out")
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "out" / "brief.pdf")
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def _long(words: int = 1500) -> str:
    text = " ".join(f"word{i % 97}" for i in range(words))
    return MINIMAL.replace("Some background.", text)


def test_the_title_page_prints_no_page_number_the_others_do(cli: Cli, tmp_path: Path) -> None:
    texts = _texts(cli, tmp_path, _long())
    total = len(texts)
    assert total >= 3
    assert "Page" not in texts[0]
    assert "FOOT-LEFT" in texts[0]  # the footer's other slots stay
    for n, text in enumerate(texts[1:], start=2):
        assert f"Page {n} of {total}" in text, text[-80:]


def test_a_layout_numbers_the_title_page_when_it_asks(cli: Cli, tmp_path: Path) -> None:
    texts = _texts(cli, tmp_path, _long(), "page_numbers: {first_page: true}\n")
    assert f"Page 1 of {len(texts)}" in texts[0]


@pytest.mark.parametrize(
    ("language", "shown", "total"),
    [("en", "Page 1", "Page 1 of 1"), ("uk", "Сторінка 1", "Сторінка 1 з 1")],
)
def test_a_one_page_brief_says_page_1_not_of_1(
    cli: Cli, tmp_path: Path, language: str, shown: str, total: str
) -> None:
    brief = MINIMAL + f"language: {language}\n"
    (text,) = _texts(cli, tmp_path, brief, "page_numbers: {first_page: true}\n")
    assert text.endswith(shown), text[-80:]
    assert total not in text
    (text,) = _texts(cli, tmp_path, brief)
    assert shown not in text  # the title page: no number at all by default


def test_opting_in_restores_page_1_of_1(cli: Cli, tmp_path: Path) -> None:
    layout = "page_numbers: {first_page: true, one_page_total: true}\n"
    (text,) = _texts(cli, tmp_path, MINIMAL, layout)
    assert "Page 1 of 1" in text


def test_a_footer_template_with_the_total_drops_it_on_one_page(cli: Cli, tmp_path: Path) -> None:
    layout = 'page_numbers: {first_page: true}\nfooter: {right: "p. {page}/{pages} end"}\n'
    (text,) = _texts(cli, tmp_path, MINIMAL, layout)
    assert text.endswith("p. 1 end"), text[-80:]


def test_a_mistyped_option_is_an_error_at_its_line(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "extends: standard\npage_numbers: {first_pages: true}\n", encoding="utf-8"
    )
    (tmp_path / "brief.yaml").write_text("layout: mine.yaml\n" + MINIMAL, encoding="utf-8")
    result = cli("brief.yaml", "--out-dir", "out")
    assert result.code == 1
    assert "mine.yaml:2:" in result.err and "first_pages" in result.err, result.err


@pytest.mark.parametrize(
    ("template", "alone"),
    [
        ("Page {page} of {pages}", "Page {page}"),
        ("Seite {page} von {pages}", "Seite {page}"),
        ("{page} / {pages}", "{page}"),
        ("({page} of {pages})", "({page})"),
        ("{pages}ページ中{page}ページ", "{page}ページ"),  # the total first
        ("Page {page}", "Page {page}"),
        ("{pages} pages", "{pages} pages"),  # no page number to keep: as written
        ("{page_label}", "{page_label}"),
    ],
)
def test_without_total(template: str, alone: str) -> None:
    assert without_total(template) == alone
