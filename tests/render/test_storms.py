"""A storm of `<` and a footer of thousands of words cost linear time (issue 13):
structure, not timing."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from policybrief.render import linebreak, pages
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


def _by_dropping(text: str, font: str, size: float, room: float) -> str:
    """The running header's fit as it was: one character off, measure again (quadratic)."""
    if not text or stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def test_a_footer_template_of_thousands_of_words_is_fitted_in_few_measurements(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = " ".join(f"word{i}" for i in range(8_000))  # two minutes to build before
    cases = [(words[:3_000], 400.0), ("Short", 400.0), ("Page 3 of 9", 20.0), ("x", 0.0),
             ("a  b   c", 12.0), (words[:300], 150.5)]
    for text, room in cases:  # the same text as before
        assert pages._fit(text, "Helvetica", 9, room) == _by_dropping(text, "Helvetica", 9, room)
    calls = []

    def counted(text: str, font: str, size: float) -> float:
        calls.append(len(text))
        return float(stringWidth(text, font, size))

    monkeypatch.setattr(pages, "text_width", counted)  # as pages measures (in its faces)
    assert pages._fit(words, "Helvetica", 9, 400.0).startswith("word0 word1 ")
    assert len(calls) <= 20  # the first measurement, then log2 of 58,000 characters
