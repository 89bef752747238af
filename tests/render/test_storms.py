"""A storm of `<` is set in linear time (issue 13): structure, not timing."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from policybrief.render import linebreak
from policybrief.render.paragraph import MERGE_FRAGS, Paragraph


def test_a_storm_of_entities_is_one_fragment() -> None:
    para = Paragraph("&lt; " * MERGE_FRAGS, ParagraphStyle("storm", fontName="Helvetica"))
    assert len(para.frags) == 1
    assert para.frags[0].text == "< " * (MERGE_FRAGS - 1) + "<"


def test_too_many_open_break_points_fall_back_to_first_fit() -> None:
    # a line of 1,000 one-point words keeps over MAX_ACTIVE break points open
    items: list[linebreak.Item] = []
    for _ in range(3_000):
        items += [linebreak.Box(1.0), linebreak.Glue(0.5, 0.3, 0.2)]
    items += [linebreak.Glue(0, linebreak.INFINITY, 0), linebreak.Penalty(0, -linebreak.INFINITY)]
    assert linebreak.breaks(items, [1500.0]) is None
    assert linebreak.breaks(items, [15.0]) is not None  # ten words a line: total fit
