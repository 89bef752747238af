"""Numbers as a language writes them, and which table columns hold numbers.

Pure functions, shared by the resolve stage (a chart's default alt text) and
the renderer (axis ticks, value labels), so both print a number alike.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

# Languages writing a decimal comma; their thousands separator (a no-break space
# where typography wants a thin one: every shipped font has U+00A0).
_DECIMAL_COMMA = {"de": ".", "es": ".", "fr": "\u00a0", "pl": "\u00a0", "uk": "\u00a0"}
# Spanish and Polish leave four-digit numbers ungrouped (2025, 1500).
_GROUP_FROM_FIVE = {"es", "pl"}

_NUMERIC = re.compile(r"^[-+−]?[$€£¥]?\s?\d[\d,.\u00a0\u202f ]*\s?%?$")
_BLANK = {"", "-", "–", "—", "n/a", "na", "..", "…"}


def format_number(value: float, language: str, decimals: int | None = None) -> str:
    """`1234.5` as `1,234.5` (en) or `1.234,5` (de); `decimals` fixed, else as few as needed."""
    primary = language.split("-", maxsplit=1)[0].lower()
    if decimals is None:
        decimals = _decimals(value)
    text = f"{abs(value):,.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if primary in _GROUP_FROM_FIVE and len(whole.replace(",", "")) < 5:
        whole = whole.replace(",", "")
    if primary in _DECIMAL_COMMA:
        whole = whole.replace(",", _DECIMAL_COMMA[primary])
        point = ","
    else:
        point = "."
    sign = "−" if value < 0 and round(abs(value), decimals) != 0 else ""
    return sign + whole + (point + fraction if fraction else "")


def _decimals(value: float) -> int:
    """The fewest decimals (at most 3) that write `value` exactly enough."""
    for places in range(4):
        if math.isclose(round(value, places), value, rel_tol=0, abs_tol=1e-9):
            return places
    return 3


def is_numeric(text: str) -> bool:
    """A cell reading as a number: `62`, `1,234.5`, `-3%`, `$5.2`."""
    return bool(_NUMERIC.match(text.strip()))


def column_alignment(
    columns: int, rows: Iterable[Iterable[str]], declared: Iterable[str] | None
) -> tuple[str, ...]:
    """Per column: the brief's `align`, else right when every filled cell is a number."""
    if declared is not None:
        return tuple(declared)
    texts: list[list[str]] = [[] for _ in range(columns)]
    for row in rows:
        for i, cell in enumerate(row):
            if i < columns and cell.strip().lower() not in _BLANK:
                texts[i].append(cell)
    return tuple(
        "right" if cells and all(is_numeric(c) for c in cells) else "left" for cells in texts
    )
