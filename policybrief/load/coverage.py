"""Which characters the shipped fonts draw, read from `fonts/coverage.json`.

Checking a brief (`--check`) reports characters that would print as blank
boxes; for the shipped families the answer is this small table, so that no
font is parsed and reportlab is never imported. A layout's own font files are
read by the renderer's font code instead (`run.glyphs`).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

COVERAGE_FILE = Path(__file__).resolve().parents[1] / "fonts" / "coverage.json"



@dataclass(frozen=True)
class Coverage:
    face: str  # the regular face's name, as a warning names it
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def has_glyph(self, char: str) -> bool:
        at = bisect.bisect_right(self.starts, ord(char)) - 1
        return at >= 0 and ord(char) <= self.ends[at]


@cache
def shipped(family: str) -> Coverage:
    entry = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))[family]
    ranges = entry["ranges"]
    return Coverage(entry["face"], tuple(r[0] for r in ranges), tuple(r[1] for r in ranges))
