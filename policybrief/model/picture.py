"""An image file a brief names, read and checked once by the load stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Picture:
    """`data`: the file's bytes (a PNG or JPEG, decoded completely once to check
    it); `vector`: for an SVG, the drawing it was checked by converting (a
    reportlab Drawing, closed over itself). The renderer draws from these and
    never opens the file."""

    name: str
    kind: str  # "png" | "jpeg" | "svg"
    data: bytes
    vector: Any = None
