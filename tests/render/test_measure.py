"""The measure of every shipped layout, read back from the example's PDFs.

A line of body text reads comfortably at 55-80 characters (Bringhurst's 45-75
for a single column, widened a little for a brief read once); 118 on the old
9 pt handout made the eye lose its way back to the next line. Counted as a
reader sees it: the characters (spaces included) a line of body text holds
across the text frame, from the glyphs of every body-size line read back from
the content stream (`benchmarks/typography.py`'s interpreter) as characters per
point times the text's width (the layout's `type.measure`, else the frame's). For a
justified layout that is the mean length
of its full lines (118.0 against 117.8 measured on the old handout); a ragged
layout (briefing) has almost no full lines, and this still measures it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks import typography
from policybrief.load import layouts

from ..conftest import EXAMPLE

LAYOUTS = ["standard", "letter", "briefing", "handout"]


def text_width(name: str) -> tuple[float, float]:
    """The running text's left edge from the frame's, and its width (the measure)."""
    layout = layouts.load(layouts.find(name, relative_to=typography.ROOT)).layout
    frame = layout.page.frame_width()
    measure = layout.type.measure or frame
    return (frame - measure) / 2, measure


def characters_a_line(pdf: Path, layout: str) -> tuple[float, int]:
    """Characters a body line holds across the measure, and how many lines were read."""
    margins, body, _ = typography.layout_metrics(layout)
    reader = PdfReader(pdf)
    chars, width, lines = 0, 0.0, 0
    for raw in reader.pages:
        page = typography.read_page(raw, reader, margins)
        for line in typography.lines_of(page):
            if not typography.in_frame(page, line.y) or abs(line.size - body) > 0.05:
                continue
            if len(line.codes) >= 20:  # a line of text, not a label or a number
                chars += len(line.codes)
                width += line.x1 - line.x0
                lines += 1
    return text_width(layout)[1] * chars / width, lines


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_sets_55_to_80_characters_a_line(cli, tmp_path, layout) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        EXAMPLE,
        "--edition",
        "full",
        "--edition",
        "uk",
        "--layout",
        layout,
        "--out-dir",
        tmp_path,
        "--quiet",
    )
    assert result.code == 0, result.err
    for pdf in sorted(tmp_path.glob("*.pdf")):
        measure, lines = characters_a_line(pdf, layout)
        assert lines >= 50, (pdf.name, lines)  # enough text to judge
        assert 55 <= measure <= 80, f"{pdf.name} under {layout}: {measure:.1f} characters a line"


def test_running_text_keeps_to_the_measure_and_tables_take_the_frame(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Letter sets its text 5.7 in wide, centred in its 6.5 in frame: paragraphs start
    and end on the measure, while tables and boxes reach the frame's sides (a table as
    narrow as the text grew taller and left holes at page feet)."""
    result = cli(EXAMPLE, "--layout", "letter", "--out-dir", tmp_path, "--quiet")
    assert result.code == 0, result.err
    inset, measure = text_width("letter")
    assert abs(inset - 0.4 * 72) < 0.01 and abs(measure - 5.7 * 72) < 0.01
    margins, body, _ = typography.layout_metrics("letter")
    reader = PdfReader(tmp_path / "us-security-guarantees-ukraine.pdf")
    on_measure, full, wider = 0, 0, 0
    for raw in reader.pages:
        page = typography.read_page(raw, reader, margins)
        left = page.frame[0] + inset
        for line in typography.lines_of(page):
            if not typography.in_frame(page, line.y):
                continue
            if abs(line.size - body) < 0.05 and abs(line.x0 - left) < 0.5:
                on_measure += 1
                assert line.x1 <= left + measure + 0.5, line
                full += line.x1 > left + measure - 0.5
            wider += line.x0 < left - 10 or line.x1 > left + measure + 10
    assert on_measure > 100 and full > 50, (on_measure, full)
    assert wider > 50  # the pros/cons tables, Table 1 and the boxes


BRIEFS = sorted(EXAMPLE.parent.glob("*.yaml"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_shipped_brief_keeps_its_lines_inside_the_frame(cli, tmp_path, layout) -> None:  # type: ignore[no-untyped-def]
    """Under a measure, a block that takes the frame's width must be marked so: a small
    key takeaways box, kept whole, stood at the measure's indent at the frame's
    width and ran 44 pt past the right margin (the GAO budget brief, standard)."""
    for brief in BRIEFS:
        result = cli(brief, "--layout", layout, "--out-dir", tmp_path / brief.stem, "--quiet")
        assert result.code == 0, result.err
        margins, body, leading = typography.layout_metrics(layout)
        for pdf in sorted((tmp_path / brief.stem).glob("*.pdf")):
            stats = typography.analyse(pdf, margins, body, leading, pdf.name)
            assert stats.outside == 0, f"{pdf.name} under {layout}: {stats.outside} lines"
