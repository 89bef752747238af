"""The fonts make_brief ships beside a layout's own (docs/fonts.md)."""

from __future__ import annotations

# The faces a character missing from a layout's body or heading font prints from, the
# first that has it: `render.fonts` draws from them, `load.coverage` checks with them.
FALLBACKS: tuple[str, ...] = ("NotoSansMath-Regular", "NotoSansSymbols2-Regular")
