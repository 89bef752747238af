"""A key-takeaways box split across pages keeps its structure tree whole (issue 17
item 2 with item 14's tagging): found by the designer branch, where a box whose points
were Markdown lists ("1. ...") split inside a point lost the split item's marked
content (MCIDs missing from the ParentTree, the next page's held by the wrong
element). A box of paragraphs breaks inside a point; one holding lists between points."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult
from ..structure import check


@pytest.mark.parametrize("lead", ["{n}.", "Point {n}:"])  # a Markdown list, a paragraph
def test_a_takeaways_box_split_across_pages_stays_tagged(
    lead: str, cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    point = " ".join(["The guarantee must be credible to deter a renewed attack."] * 12)
    takeaways = "".join(f"  - '{lead.format(n=n)} {point}'\n" for n in range(1, 13))
    text = MINIMAL.replace("background:", f"key_takeaways:\n{takeaways}background:", 1)
    result = cli(brief_file(text), "-o", tmp_path / "b.pdf")
    assert result.code == 0, result.err
    pdf = (tmp_path / "b.pdf").read_bytes()
    pages = [p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages]
    assert sum("(continued)" in p for p in pages) >= 2  # the box did run over pages
    assert check(pdf) == []
