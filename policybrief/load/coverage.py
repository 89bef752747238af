"""Which characters the shipped fonts draw, read from `fonts/coverage.json`.

Checking a brief (`--check`) reports characters that would print as blank
boxes; for the shipped families the answer is this small table, so that no
font is parsed and reportlab is never imported. A layout's own font files are
read by the renderer's font code instead (`run.glyphs`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from policybrief.model.fonts import Coverage

COVERAGE_FILE = Path(__file__).resolve().parents[1] / "fonts" / "coverage.json"



@cache
def shipped(family: str) -> Coverage:
    entry = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))[family]
    ranges = entry["ranges"]
    return Coverage(entry["face"], tuple(r[0] for r in ranges), tuple(r[1] for r in ranges))
