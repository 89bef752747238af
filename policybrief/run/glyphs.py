"""Characters the fonts cannot draw: reported, never printed as a silent blank box.

Every text value of the brief (editions' overrides included) is checked
against the body and heading fonts of each layout the build uses; each
missing character is reported once, at its first occurrence.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

from policybrief.diagnostics import Diagnostic
from policybrief.load import coverage
from policybrief.load.layouts import LoadedLayout
from policybrief.load.yamlsource import SourceDoc
from policybrief.model.brief import Brief
from policybrief.model.fonts import FALLBACKS
from policybrief.model.walk import texts

# Values that are never printed as text.
_NOT_PRINTED = frozenset(
    {
        "id",
        "layout",
        "file",
        "logo",
        "language",
        "sections",
        "audiences",
        "date",
        "accessed",
        "status",
    }
)


class _Glyphs(Protocol):
    @property
    def regular(self) -> str: ...  # the face a warning names

    def has_glyph(self, char: str) -> bool: ...


def missing_glyphs(doc: SourceDoc, brief: Brief, layouts: list[LoadedLayout]) -> list[Diagnostic]:
    """Each character of the brief's text (editions included) that a font lacks, once."""
    families: dict[object, _Glyphs] = {
        (loaded.path.parent, choice): _Shipped(coverage.shipped(choice))
        for loaded in layouts
        for choice in (loaded.layout.fonts.body, loaded.layout.fonts.headings)
        if isinstance(choice, str)
    }
    # A character the layout's fonts lack prints from these (render/fonts.py FALLBACKS).
    fallbacks = [_Shipped(coverage.shipped(name)) for name in FALLBACKS]
    seen: set[str] = set()
    out: list[Diagnostic] = []
    for path, text in texts(brief, _NOT_PRINTED):
        for char in dict.fromkeys(text):  # each distinct character, in order of first use
            if char in seen:
                continue
            seen.add(char)
            if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
                continue
            lacking = sorted({f.regular for f in families.values() if not f.has_glyph(char)})
            if lacking and not any(f.has_glyph(char) for f in fallbacks):
                name = unicodedata.name(char, "unnamed character")
                out.append(
                    doc.diagnostic(
                        doc.written(path),
                        f"character '{char}' (U+{ord(char):04X} {name}) is not in the font "
                        f"{', '.join(lacking)} nor in the fallback fonts ({', '.join(FALLBACKS)})"
                        " and will print as a blank box: use a layout font that has it",
                        warning=True,
                    )
                )
    return out


@dataclass(frozen=True)
class _Shipped:
    coverage: coverage.Coverage

    @property
    def regular(self) -> str:
        return self.coverage.face

    def has_glyph(self, char: str) -> bool:
        return self.coverage.has_glyph(char)
