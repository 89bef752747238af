"""Typed layout values parsed once, at validation: lengths and colours.

A layout writes `12mm`, `0.5in`, `10pt`, `#1f4e79` or `cmyk(100, 60, 0, 20)`;
the renderer only ever sees points and `Colour` values, never those strings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "px": 0.75}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(pt|mm|cm|in|px)?\s*$")


# PDF's largest page (200 inches, ISO 32000-1 annex C): no length in a layout is
# longer, and a bound here keeps infinities and 400-digit numbers from reportlab.
MAX_POINTS = 14_400.0


def parse_length(value: object) -> float:
    """`12mm`, `0.5in`, `10pt` or a bare number of points -> points (never negative)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # float() of a 400-digit int overflows; any number past the bound is refused.
        points = float(value) if abs(value) <= MAX_POINTS else math.inf
    elif isinstance(value, str) and (match := _LENGTH.match(value)):
        points = float(match.group(1)) * _UNITS[match.group(2) or "pt"]
    elif isinstance(value, str):
        raise ValueError(f"'{value}' is not a length (use a number with pt, mm, cm or in)")
    else:
        raise ValueError("expected a length such as 12mm, 0.5in or 10pt")
    if points < 0:
        raise ValueError(f"'{_short(value)}': a length cannot be negative")
    if not points <= MAX_POINTS:  # `not <=`: NaN too
        raise ValueError(
            f"'{_short(value)}' is longer than the largest PDF page (200in); use at most 5080mm"
        )
    return points


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}…{text[-10:]}"


Length = Annotated[float, BeforeValidator(parse_length)]


def between(low: float, high: float, unit: str = "pt") -> AfterValidator:
    """Bounds a `Length` to [low, high], given and reported in `unit`.

    Used as `Annotated[Length, between(5, 30)]`: a type that mypy can read, which a
    function returning the whole `Annotated` type is not.
    """
    scale = _UNITS[unit]

    def check(points: float) -> float:
        if not low * scale - 1e-6 <= points <= high * scale + 1e-6:
            shown = f"{points / scale:.4g}{unit}"
            raise ValueError(f"{shown} is out of range: use {low:g}{unit} to {high:g}{unit}")
        return points

    return AfterValidator(check)


@dataclass(frozen=True, slots=True)
class Colour:
    """An RGB or CMYK colour (each component 0-1), as the layout wrote it."""

    space: str
    values: tuple[float, ...]

    def as_cmyk(self) -> Colour:
        """Naive RGB -> CMYK (no ICC transform): write `cmyk(...)` for exact ink."""
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

    def luminance(self) -> float:
        """Relative luminance (WCAG 2): what the colour becomes on a grayscale printer."""

        def linear(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(v) for v in self.as_rgb().values)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def contrast(self, other: Colour) -> float:
        """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
        hi, lo = sorted((self.luminance(), other.luminance()), reverse=True)
        return (hi + 0.05) / (lo + 0.05)


_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_NUMBER = r"\s*(\d+(?:\.\d+)?)\s*%?\s*"
_CMYK = re.compile(rf"^cmyk\({_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}\)$", re.IGNORECASE)


def parse_colour(value: object) -> Colour:
    """`#1f4e79`, `#fff` or `cmyk(100, 60, 0, 20)` (percentages) -> Colour."""
    if isinstance(value, Colour):
        return value
    if value is None:  # `colour: #1f4e79` unquoted: YAML reads a comment, so nothing
        raise ValueError("no colour given: quote it, as in '#1f4e79' (# starts a YAML comment)")
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
    raise ValueError(f"'{value}' is not a colour (use '#rrggbb' or 'cmyk(c, m, y, k)' in percent)")


Color = Annotated[Colour, BeforeValidator(parse_colour)]
