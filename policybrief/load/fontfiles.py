"""TrueType files a layout names for `fonts.fallback`: read and checked once, here.

Each file obeys the rules of every file make_brief reads for a brief or layout
(`load.files`): inside the layout's folder (symlinks followed), sniffed by its
content, bounded in size. It must be TrueType with glyf outlines (what
reportlab embeds as a subset), and its licence bits must allow embedding.

Its character map is read here too, so that `--check` knows what the font draws
without reportlab, and the renderer decides from the same answer. No library
among make_brief's dependencies reads a cmap without reportlab (pypdf leaves
fonts to fontTools, an optional extra of its own; Pillow exposes no character
map), and reportlab may only be imported by the renderer. The cmap is a small,
fixed table (OpenType spec, 'cmap'); this reader picks the subtable reportlab
draws with (the same rule as `reportlab.pdfbase.ttfonts`), reads formats 0, 4,
6, 10, 12 and 13, bounds every read, and is tested against reportlab's own
reading of every shipped font.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from pathlib import Path

from policybrief.load.files import AssetError, read_bounded, resolve_inside
from policybrief.model.fonts import Coverage, FontFile

# A CJK TrueType family's regular face is 10-20 MB (Noto Sans SC 10.6 MB); a
# 32 MiB cap admits those and refuses a file that is no font anyone embeds.
MAX_FONT_BYTES = 32 * 1024 * 1024

_TRUETYPE = (b"\x00\x01\x00\x00", b"true")
_OTHER_FONTS = {
    b"OTTO": "an OpenType font with PostScript (CFF) outlines, which cannot be embedded as"
    " a TrueType subset; use a TrueType (glyf) version of it",
    b"ttcf": "a font collection (.ttc); use one TrueType (.ttf) font",
    b"wOFF": "a web font (WOFF); use the TrueType (.ttf) font it was made from",
    b"wOF2": "a web font (WOFF2); use the TrueType (.ttf) font it was made from",
}
# What reportlab reads to register and subset a face.
_NEEDED = ("cmap", "glyf", "loca", "head", "hhea", "hmtx", "maxp", "name")


def checked_font(folder: Path, name: str) -> FontFile:
    """The TrueType file `name` inside `folder`, with the characters it draws."""
    path = resolve_inside(folder, name, owner="layout")
    data = read_bounded(path, name, MAX_FONT_BYTES, "a font")
    head = data[:4]
    if head in _OTHER_FONTS:
        raise AssetError(f"'{name}' is {_OTHER_FONTS[head]}")
    if head not in _TRUETYPE:
        raise AssetError(
            f"'{name}' is not a TrueType font (its content says otherwise, whatever its name)"
        )
    try:
        coverage = _coverage(data, Path(name).stem)
    except (struct.error, IndexError, ValueError) as exc:
        reason = str(exc) or "a table runs past the end of the file"
        raise AssetError(f"'{name}' is not a usable TrueType font ({reason})") from None
    return FontFile(name, data, coverage)


def _coverage(data: bytes, face: str) -> Coverage:
    tables = _tables(data)
    missing = [tag for tag in _NEEDED if tag not in tables]
    if missing:
        raise ValueError(f"it has no {', '.join(missing)} table")
    _check_embedding(data, tables)
    glyphs = struct.unpack_from(">H", data, tables["maxp"][0] + 4)[0]
    spans = list(_drawn(data, tables["cmap"], glyphs))
    # reportlab prints a no-break space with the space's glyph (and the other way round).
    if any(a <= code <= b for a, b in spans for code in (0x20, 0xA0)):
        spans += [(0x20, 0x20), (0xA0, 0xA0)]
    starts, ends = _merged(spans)
    return Coverage(face, starts, ends)


def _tables(data: bytes) -> dict[str, tuple[int, int]]:
    """Offset and length of each table, each inside the file."""
    count = struct.unpack_from(">H", data, 4)[0]
    tables: dict[str, tuple[int, int]] = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if offset + length > len(data):
            raise ValueError(f"its {tag.decode('latin-1').strip()} table runs past the file's end")
        tables[tag.decode("latin-1")] = (offset, length)
    return tables


def _check_embedding(data: bytes, tables: dict[str, tuple[int, int]]) -> None:
    """The OS/2 licence bits reportlab refuses to subset under (restricted, no subsetting,
    bitmaps only): refused here, at the layout's line, rather than halfway through a build."""
    if "OS/2" not in tables:
        return
    fs_type = struct.unpack_from(">H", data, tables["OS/2"][0] + 8)[0]
    if fs_type == 0x0002 or fs_type & 0x0300:
        raise ValueError(f"its licence bits (OS/2 fsType {fs_type:#06x}) forbid embedding it")


def _drawn(data: bytes, cmap: tuple[int, int], glyphs: int) -> Iterator[tuple[int, int]]:
    """Ranges (first, last) of the code points that the Unicode subtable reportlab draws
    with maps to a glyph of the font (not .notdef, not past the last glyph). The
    subtable is the one reportlab takes: the last encoding record it accepts, (1, 0)
    Mac Roman only when no Unicode record comes before it."""
    base, length = cmap
    version, count = struct.unpack_from(">HH", data, base)
    if count == 0 and version != 0:  # reportlab's reading of a swapped header
        count = version
    chosen: int | None = None
    unicode_found = False
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, base + 4 + 8 * i)
        unicode_like = (
            platform == 3 or (platform, encoding) == (1, 1) or (platform == 0 and encoding != 5)
        )
        if unicode_like:
            chosen, unicode_found = offset, True
        elif (platform, encoding) == (1, 0) and not unicode_found:
            chosen = offset
    if chosen is None:
        raise ValueError("its cmap has no Unicode subtable")
    if chosen >= length:
        raise ValueError("its cmap points past its end")
    at = base + chosen
    fmt = struct.unpack_from(">H", data, at)[0]
    if fmt in (12, 13):
        yield from _groups(data, at, fmt, glyphs)
        return
    pairs = _pairs(data, at, fmt)
    yield from ((code, code) for code, glyph in pairs if 0 < glyph < glyphs)


def _pairs(data: bytes, at: int, fmt: int) -> Iterable[tuple[int, int]]:
    """(code, glyph) of a subtable of 8- or 16-bit codes."""
    if fmt == 4:
        return _format4(data, at)
    if fmt == 0:
        return enumerate(data[at + 6 : at + 6 + 256])
    if fmt == 6:
        first, count = struct.unpack_from(">HH", data, at + 6)
        glyphs = struct.unpack_from(f">{count}H", data, at + 10)
        return ((first + i, g) for i, g in enumerate(glyphs))
    if fmt == 10:
        first, count = struct.unpack_from(">LL", data, at + 12)
        if count > 0x10000:
            raise ValueError("its cmap holds more codes than Unicode's 16-bit range")
        glyphs = struct.unpack_from(f">{count}H", data, at + 20)
        return ((first + i, g) for i, g in enumerate(glyphs))
    raise ValueError(f"its cmap subtable has format {fmt}, which make_brief does not read")


def _format4(data: bytes, at: int) -> Iterator[tuple[int, int]]:
    """Segments of 16-bit codes. A sound table has 65,536 codes at most; overlapping
    segments that would make a reader walk more are refused."""
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    if sum(max(0, end - start + 1) for start, end in zip(starts, ends, strict=True)) > 0x10000:
        raise ValueError("its cmap's segments overlap")
    for n, (start, end) in enumerate(zip(starts, ends, strict=True)):
        for code in range(start, end + 1):
            if offsets[n] == 0:
                yield code, (code + deltas[n]) & 0xFFFF
                continue
            glyph_at = range_at + 2 * n + offsets[n] + 2 * (code - start)
            glyph = struct.unpack_from(">H", data, glyph_at)[0] if glyph_at + 2 <= len(data) else 0
            yield code, (glyph + deltas[n]) & 0xFFFF if glyph else 0


def _groups(data: bytes, at: int, fmt: int, glyphs: int) -> Iterator[tuple[int, int]]:
    """Format 12 (a run of codes to a run of glyphs) and 13 (a run of codes to one
    glyph), as ranges, worked out rather than walked code by code: only the code
    points Unicode has (up to U+10FFFF) whose glyph the font has."""
    count = struct.unpack_from(">L", data, at + 12)[0]
    if at + 16 + 12 * count > len(data):
        raise ValueError("its cmap runs past the file's end")
    for n in range(count):
        start, end, glyph = struct.unpack_from(">LLL", data, at + 16 + 12 * n)
        end = min(end, 0x10FFFF)
        if fmt == 13:
            if 0 < glyph < glyphs and start <= end:
                yield start, end
            continue
        first = start + (1 if glyph == 0 else 0)  # the code on .notdef is not drawn
        last = min(end, start + glyphs - 1 - glyph)  # codes past the last glyph are not
        if first <= last:
            yield first, last


def _merged(spans: list[tuple[int, int]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sorted, overlapping and adjacent ranges joined: what `Coverage` bisects."""
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(spans):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return tuple(starts), tuple(ends)
