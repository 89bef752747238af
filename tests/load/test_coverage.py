"""`fonts/coverage.json` (what the shipped fonts draw, for checks without a font parser)
is kept in step with the fonts themselves."""

from __future__ import annotations

import json

import pytest

from policybrief.load import coverage
from policybrief.render import fonts


def test_the_coverage_table_is_what_the_shipped_fonts_hold(update_golden: bool) -> None:
    table = fonts.coverage_table()
    text = json.dumps(table, separators=(",", ":")) + "\n"
    if update_golden:
        coverage.COVERAGE_FILE.write_text(text, encoding="utf-8")
    assert coverage.COVERAGE_FILE.read_text(encoding="utf-8") == text, (
        "fonts/coverage.json is stale: pytest --update-golden rewrites it"
    )


@pytest.mark.parametrize("family", sorted(fonts.SHIPPED))
def test_coverage_answers_as_the_font_does(family: str) -> None:
    table = coverage.shipped(family)
    face = fonts.family(family)
    for char in "aЖω€ſ≠→✓\u0301\uffff":
        assert table.has_glyph(char) == face.has_glyph(char), (family, char)
