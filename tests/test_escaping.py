"""Text from a brief is data: reportlab markup and HTML are printed literally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import MINIMAL, CliResult, pdf_text

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
    assert HOSTILE in extracted
    assert "A <font color=red>title</font> & <para>" in extracted
