"""Characters the fonts cannot draw: reported, never printed as a silent blank.

Every text value of the brief (editions' overrides included) is checked
against each layout the build uses, as the renderer chooses faces: the body and
heading fonts, then the layout's `fonts.fallback` files, then the shipped
fallback faces. A character none of them has prints as U+FFFD (render/inline.py)
and is a warning, once, at its first occurrence: at its own line and column when
the brief writes it as it is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Protocol

from policybrief.diagnostics import Diagnostic, FieldPath
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
    def has_glyph(self, char: str) -> bool: ...


@dataclass(frozen=True)
class _LayoutFonts:
    """The faces one layout prints a character from, in the renderer's order."""

    name: str
    families: tuple[tuple[str, _Glyphs], ...]  # body and headings, by role
    fallbacks: tuple[_Glyphs, ...]  # its `fonts.fallback` files, then the shipped faces

    @classmethod
    def of(cls, loaded: LoadedLayout) -> _LayoutFonts:
        fonts = loaded.layout.fonts
        # A shipped family's characters are in fonts/coverage.json; a family from the
        # layout's own files was read by the load stage (LoadedLayout.drawn).
        own = dict(loaded.drawn)
        families = tuple(
            (role, coverage.shipped(choice) if isinstance(choice, str) else own[role])
            for role, choice in (("body", fonts.body), ("headings", fonts.headings))
        )
        shipped = tuple(coverage.shipped(name) for name in FALLBACKS)
        return cls(loaded.name, families, (*loaded.fallbacks, *shipped))

    def lacking(self, char: str) -> list[str]:
        """The roles (body, headings) whose text cannot print `char` (both: it prints
        as U+FFFD): none when both families have it or a fallback face does."""
        roles = [role for role, f in self.families if not f.has_glyph(char)]
        if roles and any(f.has_glyph(char) for f in self.fallbacks):
            return []
        return roles


def missing_glyphs(doc: SourceDoc, brief: Brief, layouts: list[LoadedLayout]) -> list[Diagnostic]:
    """Each character of the brief's text (editions included) that some layout it is
    built with has in none of its fonts, once."""
    checked = [_LayoutFonts.of(loaded) for loaded in {id(ld): ld for ld in layouts}.values()]
    seen: set[str] = set()
    out: list[Diagnostic] = []
    for path, text in texts(brief, _NOT_PRINTED):
        for char in dict.fromkeys(text):  # each distinct character, in order of first use
            if char in seen:
                continue
            seen.add(char)
            if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
                continue
            lacking = {f.name: roles for f in checked if (roles := f.lacking(char))}
            if lacking:
                out.append(_warning(doc, doc.written(path), char, lacking))
    return out


def _warning(
    doc: SourceDoc, path: FieldPath, char: str, lacking: dict[str, list[str]]
) -> Diagnostic:
    """`lacking`: per layout, the roles whose text cannot print `char`."""
    nowhere = [name for name, roles in lacking.items() if len(roles) == 2]
    partly = {name: roles[0] for name, roles in lacking.items() if len(roles) == 1}
    where = []
    if nowhere:
        which = "layout" if len(nowhere) == 1 else "layouts"
        names = ", ".join(repr(n) for n in nowhere)
        where.append(f"in no font of {which} {names} and prints as '\ufffd'")
    where += [
        f"not in the {role} font of layout '{name}' nor in a fallback font, and does not"
        f" print in {role}"
        for name, role in partly.items()
    ]
    message = (
        f"U+{ord(char):04X} '{char}' ({unicodedata.name(char, 'unnamed character')}) is"
        f" {'; '.join(where)}: add a TrueType font that has it to the layout's"
        f" fonts.fallback, e.g. {suggested_font(char)}"
    )
    found = doc.diagnostic(path, message, warning=True)
    line, column = _position(doc, path, char)
    return replace(found, line=line, column=column) if line else found


def _position(doc: SourceDoc, path: FieldPath, char: str) -> tuple[int, int]:
    """The line and column where the field's text first has `char`, as written (0, 0:
    not written as itself there, say as a `\\u` escape, so the field's own place)."""
    span = doc.span(path)
    for line in range(span.line, min(span.end_line, len(doc.lines)) + 1):
        text = doc.lines[line - 1]
        start = span.column - 1 if line == span.line else 0
        found = text.find(char, start)
        if found >= 0:
            return line, found + 1
    return 0, 0


# Noto fonts (SIL OFL, TrueType builds at fonts.google.com) by the first word of a
# character's Unicode name, for a warning's suggestion.
_BY_SCRIPT = {
    "CJK": "Noto Sans SC (Chinese; Noto Sans JP, KR or TC for Japanese, Korean, traditional)",
    "HIRAGANA": "Noto Sans JP",
    "KATAKANA": "Noto Sans JP",
    "HANGUL": "Noto Sans KR",
    "BOPOMOFO": "Noto Sans TC",
    "ARABIC": "Noto Naskh Arabic",
    "IDEOGRAPHIC": "Noto Sans SC",
    "FULLWIDTH": "Noto Sans SC",
}
_NOTO_SANS_SCRIPTS = frozenset(
    {
        *("ARMENIAN", "BENGALI", "CHEROKEE", "DEVANAGARI", "ETHIOPIC", "GEORGIAN", "GUJARATI"),
        *("GURMUKHI", "HEBREW", "KANNADA", "KHMER", "LAO", "MALAYALAM", "MONGOLIAN", "MYANMAR"),
        *("ORIYA", "SINHALA", "SYRIAC", "TAMIL", "TELUGU", "THAANA", "THAI", "TIBETAN"),
    }
)


def suggested_font(char: str) -> str:
    """A font family that has `char`, by its script: what a warning suggests."""
    name = unicodedata.name(char, "")
    script = name.split(" ", 1)[0]
    if script in _BY_SCRIPT:
        return _BY_SCRIPT[script]
    if script in _NOTO_SANS_SCRIPTS:
        return f"Noto Sans {script.title()}"
    if unicodedata.category(char) == "So" and ord(char) >= 0x1F000:
        return "Noto Emoji"
    return "a Noto font for its script (notofonts.github.io)"
