"""The fonts make_brief ships beside a layout's own, and a layout's own font files as
the load stage hands them to the renderer (docs/fonts.md)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

# The faces a character missing from a layout's body or heading font prints from, the
# first that has it: `render.fonts` draws from them, `load.coverage` checks with them.
# A layout's own `fonts.fallback` files come before them (see `FontFile`).
FALLBACKS: tuple[str, ...] = ("NotoSansMath-Regular", "NotoSansSymbols2-Regular")


@dataclass(frozen=True)
class Coverage:
    """The characters a face draws, as sorted inclusive ranges of code points."""

    face: str  # the face's name, as a warning names it
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def has_glyph(self, char: str) -> bool:
        at = bisect.bisect_right(self.starts, ord(char)) - 1
        return at >= 0 and ord(char) <= self.ends[at]


@dataclass(frozen=True)
class FontFile:
    """A TrueType file a layout names (`fonts.fallback`), read and checked once by the
    load stage: `data` its bytes, `coverage` what its character map draws. The
    renderer registers it from these bytes and never opens the file; `--check` and
    the renderer decide from the same `coverage` which characters it prints."""

    name: str  # as the layout writes it, relative to the layout's folder
    data: bytes
    coverage: Coverage

    def has_glyph(self, char: str) -> bool:
        return self.coverage.has_glyph(char)
