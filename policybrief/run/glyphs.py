"""Characters the fonts cannot draw: reported, never printed as a silent blank box.

Every text value of the brief (editions' overrides included) is checked
against the body and heading fonts of each layout the build uses; each
missing character is reported once, at its first occurrence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from policybrief.diagnostics import Diagnostic, FieldPath
from policybrief.load.layouts import LoadedLayout
from policybrief.load.yamlsource import SourceDoc

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


def missing_glyphs(doc: SourceDoc, layouts: list[LoadedLayout]) -> list[Diagnostic]:
    from policybrief.render import fonts

    families = {
        (loaded.path.parent, choice): fonts.family(choice, loaded.path.parent)
        for loaded in layouts
        for choice in (loaded.layout.fonts.body, loaded.layout.fonts.headings)
        if isinstance(choice, str)
    }
    seen: set[str] = set()
    out: list[Diagnostic] = []
    for path, text in _texts(doc.data, ()):
        for char in dict.fromkeys(text):  # each distinct character, in order of first use
            if char in seen:
                continue
            seen.add(char)
            if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
                continue
            lacking = sorted({f.regular for f in families.values() if not f.has_glyph(char)})
            if lacking:
                name = unicodedata.name(char, "unnamed character")
                out.append(
                    doc.diagnostic(
                        path,
                        f"character '{char}' (U+{ord(char):04X} {name}) is not in the font "
                        f"{', '.join(lacking)} and will print as a blank box",
                        warning=True,
                    )
                )
    return out


def _texts(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_PRINTED:
                yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, i))
