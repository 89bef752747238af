"""A paragraph of many hard breaks is set as pieces, each broken once (issue 13)."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from policybrief.render.paragraph import CHUNK_LINES, Paragraph, pieces


def _style() -> ParagraphStyle:
    return ParagraphStyle(
        "hard-breaks", fontName="Helvetica", fontSize=10, leading=12,
        spaceBefore=6, spaceAfter=9, firstLineIndent=14,
    )


def test_many_hard_breaks_are_pieces_of_the_same_lines() -> None:
    lines = [f"line {i} with a few words" for i in range(2 * CHUNK_LINES + 50)]
    whole = Paragraph("<br/>".join(lines), _style())
    parts = pieces(whole)
    assert len(parts) == 3
    heights = [p.wrap(300, 10_000)[1] for p in parts]
    assert [len(p.blPara.lines) for p in parts] == [CHUNK_LINES, CHUNK_LINES, 50]
    assert sum(heights) == whole.wrap(300, 10_000)[1]
    # the space above and the indent only on the first, the space below on the last
    assert [p.getSpaceBefore() for p in parts] == [6, 0, 0]
    assert [p.getSpaceAfter() for p in parts] == [0, 0, 9]
    assert [p.style.firstLineIndent for p in parts] == [14, 0, 0]


def test_a_few_hard_breaks_stay_one_paragraph() -> None:
    para = Paragraph("<br/>".join(["a"] * CHUNK_LINES), _style())
    assert pieces(para) == [para]
