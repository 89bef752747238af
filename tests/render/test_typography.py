"""Page breaking as a reader sees it: headings stay with their text, no pages wasted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..conftest import MINIMAL, CliResult

WORDS = " ".join(f"word{i}" for i in range(700))


def test_a_long_paragraph_starts_under_its_heading_not_on_the_next_page(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    text = MINIMAL.replace("title: Test Brief", f"title: Test Brief\nsummary: Opening {WORDS}")
    text = text.replace("Some background.", f"Context {WORDS}")
    path = brief_file(text)
    assert cli(path.name, cwd=path.parent).code == 0
    pages = [p.extract_text().split() for p in PdfReader(path.parent / "build/brief.pdf").pages]
    # The summary's one long paragraph starts on page 1, right under its heading ...
    assert "Summary" in pages[0] and "Opening" in pages[0]
    # ... and every heading has text after it on its own page.
    for words in pages:
        for heading in ("Summary", "Background"):
            if heading in words:
                after = words[words.index(heading) + 1 :]
                assert len([w for w in after if w.startswith("word")]) >= 2


def _rows_after_split(available: float, rows: int = 5) -> list[int]:
    from reportlab.pdfgen.canvas import Canvas

    from policybrief.render.blocks import RowTable

    data = [["head"]] + [[f"row {i}"] for i in range(rows)]
    table = RowTable(data, colWidths=[100], rowHeights=[20] * (rows + 1), repeatRows=1)
    table.page_height = 1000
    table.wrapOn(Canvas("/dev/null"), 100, available)
    return [part._nrows - 1 for part in table.split(100, available)]


def test_a_table_never_leaves_a_lone_row_on_either_page() -> None:
    assert _rows_after_split(20 + 4 * 20 + 5) == [3, 2]  # not 4 + 1
    assert _rows_after_split(20 + 3 * 20 + 5) == [3, 2]
    assert _rows_after_split(20 + 1 * 20 + 5) == []  # not 1 + 4: the table moves on


def test_a_pros_item_or_takeaway_longer_than_a_page_is_cut_not_refused(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    """A row taller than a whole page is the one row a table may cut: under one
    header per page, with every word printed once."""
    pro = " ".join(f"pro{i}" for i in range(900))
    takeaway = " ".join(f"key{i}" for i in range(1200))
    text = MINIMAL.replace("  pros: [Cheap]", f"  pros:\n    - Cheap\n    - {pro}")
    path = brief_file(text + f"key_takeaways:\n  - {takeaway}\n")
    result = cli(path.name, cwd=path.parent)
    assert result.code == 0, result.err
    pages = [p.extract_text().split() for p in PdfReader(path.parent / "build/brief.pdf").pages]
    words = [w for page in pages for w in page]
    for prefix, count in (("pro", 900), ("key", 1200)):
        printed = [w for w in words if w.startswith(prefix) and w[len(prefix) :].isdigit()]
        assert printed == [f"{prefix}{i}" for i in range(count)]
    pro_pages = [page for page in pages if any(w.startswith("pro1") for w in page)]
    assert len(pro_pages) >= 2
    assert all(page.count("Cons") == 1 for page in pro_pages)  # the heading says "cons"


def test_markdown_that_prints_nothing_is_an_error_at_its_line(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path]
) -> None:
    """A lone rule (`***`) is valid Markdown that prints no text: found by fuzzing, a
    takeaway made of one failed the build with an IndexError, then vanished from the
    page; now it is an error that says how to print the marks."""
    text = MINIMAL.replace("outlook: It will be fine.", 'outlook: "***"')
    text += 'key_takeaways:\n  - "*****"\n  - A real point.\n'
    path = brief_file(text)
    result = cli(path.name, cwd=path.parent)
    assert result.code == 1
    lines = result.err.splitlines()
    assert [line.split(": error: ")[1].split(":")[0] for line in lines] == [
        "outlook",  # as written: a section and a point in their short form
        "key_takeaways[0]",
    ], result.err
    assert all("prints nothing" in line for line in lines)
    assert not (path.parent / "build").exists()


def test_a_split_takeaways_box_says_continued_on_its_next_page(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    """Issue 17 item 6: the repeated title row of a box split over two pages reads
    "Key takeaways (continued)", as an exhibit box's does; a screen reader meets the
    title once (the repeat is an artifact)."""
    from ..structure import check

    point = " ".join(["The guarantee must be credible to deter a renewed attack."] * 6)
    takeaways = "".join(f"  - '{n}. {point}'\n" for n in range(1, 13))
    text = MINIMAL.replace("background:", f"key_takeaways:\n{takeaways}background:", 1)
    result = cli(brief_file(text), "-o", tmp_path / "b.pdf")
    assert result.code == 0, result.err
    pages = [p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages]
    first = next(i for i, t in enumerate(pages) if "Key takeaways" in t)
    assert "(continued)" not in pages[first]
    assert "Key takeaways (continued)" in pages[first + 1]
    assert check((tmp_path / "b.pdf").read_bytes()) == []


def test_a_paragraph_of_pages_builds_whole_and_in_order(
    cli: Callable[..., CliResult], brief_file: Callable[..., Path], tmp_path: Path
) -> None:
    """One paragraph of 5,000 words (about eight pages). It failed from 2,000 words
    ("cannot lay out this block on page 3": the part of a part was handed the whole's
    chosen lines for other words, and came out a line taller than its page), and it is
    set in pieces of CHUNK_WORDS words (reportlab takes each word off the front of a
    list: quadratic in a paragraph's words). Every word prints once, in order, as one
    paragraph of the structure tree."""
    import random
    import re

    from ..structure import check

    rng = random.Random(1)
    vocabulary = [
        *("security", "guarantee", "treaty", "alliance", "deterrence"),
        *("assurance", "budget", "the", "of", "a"),
    ]
    words = [f"{rng.choice(vocabulary)}{n}" for n in range(5000)]
    text = MINIMAL.replace("Some background.", " ".join(words) + ".")
    result = cli(brief_file(text), "-o", tmp_path / "b.pdf")
    assert result.code == 0, result.err
    printed = " ".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    numbers = [int(n) for n in re.findall(r"[a-z]+(\d+)\b", printed.replace("-\n", ""))]
    assert numbers == list(range(5000))
    assert check((tmp_path / "b.pdf").read_bytes()) == []


def test_a_brief_past_the_page_limit_is_an_error_at_its_field(
    brief_file: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No PDF of more than MAX_PAGES pages (5,000; 4 MiB of one-character lines made
    22,000 and took minutes): the block that runs past it is named. Lowered here to
    three pages, so that the test builds five."""
    import contextlib
    import io

    from policybrief.cli import main
    from policybrief.render import document

    monkeypatch.setattr(document, "MAX_PAGES", 3)
    long = " ".join(["The guarantee must be credible to deter a renewed attack."] * 250)
    path = brief_file(MINIMAL.replace("Some background.", long))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main([str(path), "-o", str(tmp_path / "b.pdf"), "--quiet"])
    assert code == 1
    assert err.getvalue() == (
        f"{path.name}:3:13: error: background: the brief runs to more than 3 pages here:"
        " split it into several briefs\n"
    ).replace(path.name, str(path))
    assert not (tmp_path / "b.pdf").exists()
