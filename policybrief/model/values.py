"""Typed layout values parsed once, at validation: lengths and colours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator

_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|px)?\s*$")


def parse_length(value: Any) -> Any:
    """`12mm`, `0.5in`, `10pt` or a bare number of points -> points."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str):
        raise ValueError("expected a length such as 12mm, 0.5in or 10pt")
    match = _LENGTH.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a length (use a number with pt, mm, cm or in)")
    return float(match.group(1)) * _UNITS[match.group(2) or "pt"]


Length = Annotated[float, BeforeValidator(parse_length)]


@dataclass(frozen=True, slots=True)
class Colour:
    """An RGB (0-1 each) or CMYK (0-1 each) colour, as the layout wrote it."""

    space: str
    values: tuple[float, ...]

    def as_cmyk(self) -> Colour:
        if self.space == "cmyk":
            return self
        r, g, b = self.values
        k = 1 - max(r, g, b)
        if k >= 1:
            return Colour("cmyk", (0.0, 0.0, 0.0, 1.0))
        c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
        return Colour("cmyk", (round(c, 4), round(m, 4), round(y, 4), round(k, 4)))

    def as_rgb(self) -> Colour:
        if self.space == "rgb":
            return self
        c, m, y, k = self.values
        return Colour("rgb", tuple(round((1 - v) * (1 - k), 4) for v in (c, m, y)))

    def is_gray(self) -> bool:
        r, g, b = self.as_rgb().values
        return max(r, g, b) - min(r, g, b) < 0.02


_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_CMYK = re.compile(r"^cmyk\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$")


def parse_colour(value: Any) -> Any:
    """`#1f4e79`, `#fff` or `cmyk(100, 60, 0, 20)` (percentages) -> Colour."""
    if isinstance(value, Colour):
        return value
    if not isinstance(value, str):
        raise ValueError("expected a colour such as '#1f4e79' or 'cmyk(100, 60, 0, 20)'")
    text = value.strip()
    if match := _HEX.match(text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        rgb = tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return Colour("rgb", rgb)
    if match := _CMYK.match(text):
        parts = tuple(float(p) for p in match.groups())
        if any(p > 100 for p in parts):
            raise ValueError(f"'{value}': CMYK percentages run from 0 to 100")
        return Colour("cmyk", tuple(p / 100 for p in parts))
    raise ValueError(f"'{value}' is not a colour (use '#rrggbb' or 'cmyk(c, m, y, k)')")


Color = Annotated[Colour, BeforeValidator(parse_colour)]
