"""TrueType font families, registered with reportlab once per process.

Only TrueType (glyf) files are used, so every font is embedded as a subset;
the base-14 fonts never appear in output (a printer needs every font).
"""

from __future__ import annotations

import hashlib
import io
import struct
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace

from policybrief.diagnostics import BriefError, Diagnostic
from policybrief.model.fonts import FALLBACKS, FontFile
from policybrief.model.layout import FontChoice, FontFiles
from policybrief.render import inline

# A damaged font file fails in reportlab's parser with whatever error its bytes
# lead to (a truncated table is a struct.error), not only TTFError.
_DAMAGED = (TTFError, struct.error, IndexError, KeyError, ValueError, OverflowError)

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"

SHIPPED: dict[str, tuple[str, str, str, str]] = {
    "serif": ("NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic"),
    "sans": ("NotoSans-Regular", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"),
    "mono": (
        "NotoSansMono-Regular",
        "NotoSansMono-Bold",
        "NotoSansMono-Regular",
        "NotoSansMono-Bold",
    ),
}


# FALLBACKS (model/fonts.py): the faces a character a layout's fonts lack prints from,
# registered, each as its own bold and italic, when first needed.


@dataclass(frozen=True, slots=True)
class Family:
    """Registered font names of one family; `<b>`/`<i>` map onto them."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def has_glyph(self, char: str) -> bool:
        face = pdfmetrics.getFont(self.regular).face  # type: ignore[attr-defined]
        return ord(char) in face.charToGlyph


def fallback_for(families: Sequence[Family], own: Sequence[FontFile] = ()) -> inline.Fallback:
    """For a layout's families: a character's fallback face, None when every one of
    them has it, `inline.MISSING` when no face at all has it. The layout's own
    fallback files (`own`, its `fonts.fallback`, in order) come first, then the
    shipped faces. Answers are kept per character.

    A character one family has and no fallback face has is left to the font of its
    text (None): a `<font>` naming the other family would also take it out of the
    bold or italic of the text that has it (reportlab's `<font name>` resets them);
    `run.glyphs` warns that it prints as nothing in the family that lacks it."""
    known: dict[str, str | None] = {}

    def first_face(char: str) -> str | None:
        # An own file is registered (and parsed by reportlab) only when a character
        # needs it: a CJK face of 10 MB costs nothing to a brief that never uses it.
        for font in own:  # their coverage, as load read it: what --check says
            if font.has_glyph(char):
                return _own(font).regular
        shipped = (name for name in FALLBACKS if _fallback(name).has_glyph(char))
        return next(shipped, None)

    def face_for(char: str) -> str | None:
        if char in known:
            return known[char]
        found = None
        having = [f for f in families if f.has_glyph(char)]
        if len(having) < len(families):
            found = first_face(char)
        # A space or format character no font has stays as it was: reportlab sets its
        # width, and `run.glyphs` warns about neither.
        invisible = char.isspace() or unicodedata.category(char) in ("Cc", "Cf")
        if found is None and not having and not invisible:
            found = inline.MISSING
        known[char] = found
        return found

    ascii_drawn = all(f.has_glyph(chr(c)) for f in families for c in range(0x20, 0x7F))
    return inline.Fallback(face_for, ascii_drawn)


@contextmanager
def falling_back(families: Sequence[Family], own: Sequence[FontFile] = ()) -> Iterator[None]:
    """Everything made and drawn inside prints a character `families` lack from the
    fallback face that has it (`inline.FALLBACK`, read by `inline.pieces`)."""
    token = inline.FALLBACK.set(fallback_for(families, own))
    try:
        yield
    finally:
        inline.FALLBACK.reset(token)


def _own(font: FontFile) -> Family:
    """A layout's fallback file, registered from the bytes the load stage read (the
    renderer never opens it), under a name made from its content: the same file
    under two layouts is one face, two files never share a name."""
    return _register_data(hashlib.sha256(font.data).hexdigest()[:16], font.data, font.name)


@cache
def _register_data(digest: str, data: bytes, shown: str) -> Family:
    name = f"Fallback{digest}"
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
        except _DAMAGED as exc:
            reason = str(exc) or type(exc).__name__
            raise BriefError(
                [Diagnostic(shown, 1, 1, "fonts.fallback", f"not a usable TrueType font: {reason}")]
            ) from None
    fam = Family(name, name, name, name)  # one face: its own bold and italic
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return fam


@cache
def _fallback(name: str) -> Family:
    return _register(name, *(FONTS_DIR / f"{name}.ttf" for _ in range(4)), lazy=True)


def coverage_table() -> dict[str, dict[str, object]]:
    """What `fonts/coverage.json` holds: per shipped family and fallback face, its
    regular face and the code points it draws as ranges, so that checking a brief
    needs no font parser (`load.coverage`); a test keeps the file in step."""
    table: dict[str, dict[str, object]] = {}
    faces_of = {**SHIPPED, **{name: (name,) for name in FALLBACKS}}
    for name, faces in faces_of.items():
        chosen = _fallback(name) if name in FALLBACKS else _shipped(name)
        face = pdfmetrics.getFont(chosen.regular).face  # type: ignore[attr-defined]
        ranges: list[list[int]] = []
        for code in sorted(face.charToGlyph):
            if ranges and code == ranges[-1][1] + 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
        table[name] = {"face": faces[0], "ranges": ranges}
    return table


def family(choice: FontChoice, layout_dir: Path | None = None) -> Family:
    if isinstance(choice, str):
        return _shipped(choice)
    return _from_files(choice, layout_dir or Path.cwd())


@cache
def _shipped(name: str) -> Family:
    files = SHIPPED[name]
    return _register(files[0], *(FONTS_DIR / f"{f}.ttf" for f in files), lazy=True)


def _from_files(files: FontFiles, base: Path) -> Family:
    paths = [
        files.regular,
        files.bold or files.regular,
        files.italic or files.regular,
        files.bold_italic or files.bold or files.regular,
    ]
    resolved = []
    for name in paths:
        path = (base / name).resolve()
        if base.resolve() not in path.parents or not path.is_file():
            raise BriefError(
                [
                    Diagnostic(
                        str(base), 1, 1, "fonts", f"font file '{name}' not found beside the layout"
                    )
                ]
            )
        resolved.append(path)
    digest = hashlib.sha1("|".join(map(str, resolved)).encode()).hexdigest()[:8]
    return _register(f"Layout{digest}", *resolved)


@cache
def _register(
    key: str, regular: Path, bold: Path, italic: Path, bold_italic: Path, lazy: bool = False
) -> Family:
    names: list[str] = []
    seen: dict[Path, str] = {}
    for suffix, path in (
        ("", regular),
        ("-Bold", bold),
        ("-Italic", italic),
        ("-BoldItalic", bold_italic),
    ):
        if path in seen:
            # The same file again (mono has no italic): its name, not a second parse of
            # the file (reportlab would map the second name onto the first face anyway).
            names.append(seen[path])
            continue
        name = f"{key.removesuffix('-Regular')}{suffix}" if suffix else key
        seen[path] = name
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                font = _LazyTTFont(name, path) if lazy else TTFont(name, str(path))
                pdfmetrics.registerFont(font)
            except _DAMAGED as exc:
                reason = str(exc) or type(exc).__name__
                raise BriefError(
                    [Diagnostic(str(path), 1, 1, "fonts", f"not a usable TrueType font: {reason}")]
                ) from None
        names.append(name)
    fam = Family(*names)
    addMapping(fam.regular, 0, 0, fam.regular)
    addMapping(fam.regular, 1, 0, fam.bold)
    addMapping(fam.regular, 0, 1, fam.italic)
    addMapping(fam.regular, 1, 1, fam.bold_italic)
    return fam


class _LazyFace(TTFontFace):
    """A shipped face whose file is parsed when reportlab first needs its metrics.

    A layout names three families of up to four faces and a brief typically
    prints five of them; parsing one costs about 5 ms at start-up. The
    PostScript name is known in advance (the shipped files are named by it),
    which is all that registering a font reads.
    """

    def __init__(self, path: Path) -> None:  # deliberately not parsing: see __getattr__
        self.__dict__["_unparsed"] = str(path)
        self.name = path.stem.encode("ascii")

    def __getattr__(self, attr: str) -> object:
        # Called only for attributes not set yet: the first metric reportlab asks for.
        path = self.__dict__.pop("_unparsed", None)
        if path is None or attr.startswith("__"):
            raise AttributeError(attr)
        TTFontFace.__init__(self, path)
        return getattr(self, attr)


class _LazyTTFont(TTFont):
    """reportlab's TTFont around a `_LazyFace` (what TTFont.__init__ sets, minus the parse)."""

    def __init__(self, name: str, path: Path) -> None:
        self.fontName = name
        self.face = _LazyFace(path)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = False  # no shaping engine: Latin, Cyrillic and Greek need none


# Unicode values no ToUnicode entry may give (ISO 14289-1 7.21.7, ISO 19005-2 6.2.11.7.2).
_NOT_TEXT = frozenset((0x0000, 0xFEFF, 0xFFFE))


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap without the codes that stand for no character.

    reportlab fills codes 0-31 of every subset it never used with U+0000; a
    screen reader or copy-paste would read a NUL, and PDF/UA and PDF/A-2u
    forbid it. Those codes are never drawn, so they are simply left out; a
    character beyond the BMP is written as its UTF-16 pair (reportlab would
    write five hex digits).
    """
    entries = [
        f"<{code:02X}> <{_utf16(value)}>"
        for code, value in enumerate(subset)
        if value not in _NOT_TEXT
    ]
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):  # at most 100 entries per block (PDF 9.10.3)
        block = entries[start : start + 100]
        cmap += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    cmap += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(cmap)


def _utf16(value: int) -> str:
    return chr(value).encode("utf-16-be").hex().upper()


ttfonts.makeToUnicodeCMap = to_unicode_cmap  # the only caller is reportlab's subset writer


# --- subset tags from what the subset holds -------------------------------------------
#
# reportlab names the n-th subset of every font by n alone, so every first subset is
# "AAAAAA+NotoSans-Regular", and two different programs (the brief's, and an annex
# footer's drawn on a second canvas) can share one name in one file: a RIP that keys
# fonts by name may draw the wrong glyphs. The tag (ISO 32000-1 9.6.4: six capitals)
# is made from the face's name and the characters the subset holds instead: the same
# subset, the same tag, in every build; a different one, another.

_TAGS: ContextVar[list[bytes] | None] = ContextVar("subset_tags", default=None)
_numbered_tag = ttfonts.SUBSETN
_add_objects = TTFont.addObjects


def subset_tag(face: bytes, subset: Sequence[int]) -> bytes:
    """Six capitals from the face's name and the subset's characters, in code order."""
    digest = hashlib.sha256(face + b"\0" + ",".join(map(str, subset)).encode()).digest()
    return bytes(ord("A") + b % 26 for b in digest[:6])


def _tag_of(n: Any, table: Any = None) -> bytes:
    tags = _TAGS.get()
    return tags[n] if tags is not None and n < len(tags) else _numbered_tag(n)


def _add_objects_tagged(font: TTFont, doc: Any) -> None:
    state = font.state.get(doc)
    tags = [subset_tag(font.face.name, s) for s in state.subsets] if state is not None else None
    token = _TAGS.set(tags)
    try:
        _add_objects(font, doc)
    finally:
        _TAGS.reset(token)


ttfonts.SUBSETN = _tag_of  # reportlab's subset writer names each subset with it
TTFont.addObjects = _add_objects_tagged  # type: ignore[method-assign,assignment]
